#pragma once

// The 督查催办通知单 as a .docx in the layout of GB/T 9704 (SPEC §14,
// GONGWEN.md): red office mark, document number over a red rule, title,
// 主送 unit, the items as a table, the reply date and liaison, 落款 and
// 成文日期, and a 签收回执 to cut off.

#include <string>

#include "io/notice.hpp"

namespace duban {

/// The series of the notices' document numbers in numbers.yaml.
inline constexpr const char* k_notice_series = "督催";

/// 督催〔2026〕7号: the series, the year in 六角括号, the number without leading zeros.
std::string document_number(const std::string& series, int year, int number);

/// The .docx bytes of notice `n` with document number `doc_number`.
std::string render_notice_docx(const Notice& n, const TaskViewContext& v,
                               const std::string& doc_number);

}  // namespace duban
