#pragma once

// The 反馈表 (feedback form, SPEC §15) that `remind --format xlsx` writes for
// each notice: the unit's tasks, with columns the unit's liaison fills in,
// read back by `duban feedback`. Its layout is a contract between the two,
// documented in duban-remind(1), FORMS; the texts below are part of it and so
// are always Chinese, whatever --lang.

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"
#include "core/light.hpp"
#include "core/task.hpp"
#include "io/notice.hpp"

namespace duban {

/// The visible sheet, the hidden one with the originals, and the hidden
/// sheet's first row: the form's mark and its layout version.
inline constexpr std::string_view k_form_sheet = "反馈表";
inline constexpr std::string_view k_form_data_sheet = "duban";
inline constexpr std::string_view k_form_mark = "duban-feedback-form";
inline constexpr std::string_view k_form_version = "1";

/// A1 of the visible sheet, and the captions in row 2 before the unit and
/// the notice number (a form saved as CSV is known by them).
inline constexpr std::string_view k_form_title = "督查事项反馈表";
inline constexpr std::string_view k_form_unit_caption = "填报单位：";
inline constexpr std::string_view k_form_number_caption = "通知号：";

/// Row 3 of the visible sheet, columns A to N; the unit fills in G to N.
inline constexpr std::array<std::string_view, 14> k_form_headers = {
    "编号",     "事项",     "办结时限", "最近反馈",   "反馈日期", "亮灯",   "进展情况",
    "完成比例", "是否办结", "办结情况", "申请延期至", "延期理由", "填报人", "联系电话"};
inline constexpr int k_form_header_row = 3;                  // 1-based, as a spreadsheet shows it
inline constexpr std::size_t k_form_first_input_column = 6;  // G, 0-based

/// One task row of a form.
struct FormTask {
  std::string id;
  std::string uid;  // identity_of: the one its file gets when it has none yet
  std::string title;
  bool co = false;            // the unit co-operates (配合) rather than leads
  std::optional<Date> due;    // the deadline in force on the as-of day
  std::string last_progress;  // the latest progress entry's text on the as-of day
  std::optional<Date> last_progress_on;
  std::string light;  // 红灯, 黄灯 or 绿灯, then 报送超时 when feedback is late
};

/// One form: the notice's unit, number, dates and tasks (led, then co-operated on).
struct FeedbackForm {
  std::string unit;
  std::string number;  // the notice's document number, 督催〔2025〕3号
  Date as_of;
  Date reply_by;
  std::vector<FormTask> tasks;
};

/// The form of notice `n` numbered `number`. `whole` holds the notice's tasks
/// by id as read from their files: the notice's own may be summaries without
/// log texts or uid (a task missing from `whole` is taken from the notice).
FeedbackForm feedback_form_of(const Notice& n, const std::string& number,
                              const std::map<std::string, Task>& whole);

/// The light column of a task row: 红灯/黄灯/绿灯, and 报送超时 when feedback is late.
std::string form_light(Light light, bool feedback_late);

/// The bytes of the form as an .xlsx workbook (the layout of duban-remind(1),
/// FORMS). Text of tasks and units is only ever a text cell; text longer than
/// a cell holds is a data Error, a failure of the writer an I/O Error.
std::string render_feedback_form(const FeedbackForm& form);

}  // namespace duban
