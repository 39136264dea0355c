#pragma once

// Reading a filled-in 反馈表 (io/feedback_form.hpp, duban-remind(1) FORMS)
// back into rows for plan_feedback: an .xlsx form checked against its hidden
// sheet of originals, or the form saved as CSV from a spreadsheet. Pure: the
// bytes come in, rows and `file:row:column: message` problems go out.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/feedback.hpp"
#include "io/xlsx_read.hpp"

namespace duban {

/// The most bytes of a form file read (a CSV form; an .xlsx one is capped
/// entry by entry by the reader as well).
inline constexpr std::size_t k_max_form_bytes = std::size_t{64} << 20;

/// A form as read: its rows with every cell parsed, and the problems found.
/// A row with a problem is left out of `file.rows`.
struct FeedbackRead {
  FeedbackFile file;
  std::vector<std::string> errors;  // `file:row:column: message`, or `file: message`
};

/// The form in `bytes`, an .xlsx workbook (told by its content) or else CSV
/// text (UTF-8 or GBK); `name` begins every message. A file that is no form
/// (no mark, another layout version, no header row) is one error naming it.
FeedbackRead read_feedback_form(std::string bytes, const std::string& name);

// ---- the parts, exposed for tests

/// 完成比例 as a whole number 0–100: "80" or "80%", or, in a number cell
/// formatted as a percent (`percent_cell`), the fraction 0.8 it holds for
/// 80%; nullopt with *why otherwise.
std::optional<int> parse_form_percent(std::string_view text, bool percent_cell, std::string* why);
/// 申请延期至: a date cell, or text YYYY-MM-DD; nullopt with *why otherwise.
std::optional<Date> parse_form_date(const xlsx::Cell& cell, std::string* why);

}  // namespace duban
