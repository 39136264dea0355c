#pragma once

// The 督查通报 as a .docx in the official layout (SPEC §14, GONGWEN.md): the
// red header with 第N期, the title naming the period, a prose opening, the
// figures of SPEC §9 as prose, tables and a bar chart, the overdue items, the
// flagged units, the closing requirements (下一步要求), the office and the date.

#include <string>

#include "core/metrics.hpp"
#include "io/docx.hpp"
#include "io/report_view.hpp"

namespace duban {

/// The series of the bulletin's numbers (第N期) in the workspace's counters.
inline constexpr const char* k_bulletin_series = "督查通报";

/// The period as a document names it: 2025年6月, 2025年第二季度, 2025年, or
/// 2025年6月1日至18日 (June 2025, Q2 2025, 2025, 2025-06-01 to 2025-06-18 in English).
std::string bulletin_period(Date from, Date to, Lang lang);

/// The bulletin of `r`, dated `r.as_of`; `h.title` is the red header (default
/// 督查通报) and `h.issue_no` its 第N期 (none: no number printed).
DocxDocument bulletin_docx(const Report& r, const TaskViewContext& v, const ReportHeading& h);

}  // namespace duban
