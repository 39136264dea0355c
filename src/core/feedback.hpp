#pragma once

// Feedback from units (SPEC §15): the rows of filled-in 反馈表 checked against
// the tasks and turned into log entries. Pure: the reader (io/feedback_read)
// parses the forms, the CLI loads the tasks and writes what this decides.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "core/task.hpp"
#include "core/units.hpp"

namespace duban {

/// The columns of a form, 0-based (A = 0), as duban-remind(1), FORMS lays them out.
enum FormColumn : int {
  k_fc_id = 0,          // A 编号
  k_fc_title = 1,       // B 事项
  k_fc_due = 2,         // C 办结时限
  k_fc_progress = 6,    // G 进展情况
  k_fc_percent = 7,     // H 完成比例
  k_fc_finished = 8,    // I 是否办结
  k_fc_result = 9,      // J 办结情况
  k_fc_extend_to = 10,  // K 申请延期至
  k_fc_reason = 11,     // L 延期理由
  k_fc_filler = 12,     // M 填报人
  k_fc_phone = 13,      // N 联系电话
};

/// "A" for column 0 … "N" for 13 (and on to "Z").
std::string form_column_letter(int column);

/// What the hidden sheet says a row was made from (absent in a CSV form).
struct FeedbackOriginal {
  std::string uid;
  bool co = false;
};

/// One filled-in task row of a form, its cells already parsed; problems of
/// single cells were reported by the reader, which leaves such rows out.
struct FeedbackRow {
  int row = 0;        // as the spreadsheet numbers it
  std::string id;     // A
  std::string title;  // B without a trailing （配合）
  std::optional<FeedbackOriginal> original;
  std::string progress;        // G
  std::optional<int> percent;  // H
  bool finished = false;       // I 是
  std::string result;          // J
  std::optional<Date> extend_to;
  std::string reason;
  std::string filler;  // M
  std::string phone;   // N
};

/// One form: where it came from, whose it is, and its filled rows.
struct FeedbackFile {
  std::string name;  // the file name, beginning every message
  std::string unit;
  std::string number;  // the notice's document number
  std::vector<FeedbackRow> rows;
};

/// An entry one row asks for, and whether the log already holds it.
struct FeedbackEntry {
  std::string id;
  LogEntry entry;
  bool recorded = false;
};

/// What a run of `duban feedback` does, decided before anything is written.
struct FeedbackPlan {
  std::vector<Task> changed;           // the new versions of the tasks it logs on
  std::vector<FeedbackEntry> entries;  // every entry of every row, in the order of the rows
  int rows_recorded = 0;               // rows that add at least one entry
  int rows_already = 0;                // rows whose entries are all in the logs already
  std::vector<std::string> errors;     // `file:row:column: message`
};

/// Check the rows of `files` against the tasks (`task(id)`: the whole task,
/// or nullopt when there is none) and log them on `date`. Every row gives a
/// `progress` entry (when 进展情况 or 完成比例 is filled), a `done` (是) and an
/// `extend-request` (申请延期至); each carries `form:` the notice number, and
/// a row's first entry `contact:` (填报人 and 联系电话). An entry already in the
/// log (same type, form and values) is not added again. Errors are collected
/// for all rows; a plan with errors must not be written.
FeedbackPlan plan_feedback(const std::vector<FeedbackFile>& files,
                           const std::function<std::optional<Task>(const std::string&)>& task,
                           const Units& units, Date date);

}  // namespace duban
