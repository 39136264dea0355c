#pragma once

#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "core/config.hpp"
#include "core/light.hpp"
#include "core/task.hpp"
#include "io/json.hpp"
#include "io/labels.hpp"
#include "io/table.hpp"
#include "io/xlsx_write.hpp"

namespace duban {

/// What renderers of tasks need to know besides the tasks. No date: the
/// models they format (LitTask, OverdueList, Report) carry the day they were judged on.
struct TaskViewContext {
  const Config& config;
  const Calendar& calendar;
  Lang lang = Lang::zh;
  bool color = false;
  /// Header row of machine CSV: English field keys, or Chinese names (`--headers zh`).
  Lang headers = Lang::en;
};

/// The kind's label in the view's language (`领导批示` / `instruction`).
std::string kind_label(const std::string& kind, const TaskViewContext& v);

/// Everything about one task, its log as a timeline (`show`), with its light
/// and missed milestones as `lit` (assess_task) judged them.
std::string render_task_detail(const LitTask& lit, const TaskViewContext& v);
/// The task file's own keys, in its order, into the open JSON object `w`.
void write_task_fields_json(JsonWriter& w, const Task& t);
/// The task's own keys plus `light` and `days_overdue` of `late`, and
/// `extension_request` ({by, date, to, reason} of the pending request, null
/// when none) as a JSON object.
void write_task_json(JsonWriter& w, const Task& t, const Lateness& late,
                     const LogEntry* extension_request);
/// One row per task for people (text, Markdown): id, status, light, kind, title
/// (★ when listed), lead, owner, due (and a pending extension request after it),
/// labelled in the view's language.
Table task_list_table(const std::vector<LitTask>& tasks, const TaskViewContext& v);
/// The same columns for machines: English keys, raw values as in JSON
/// (`active`, `red`, `npc`; empty for null).
std::string render_task_list_csv(const std::vector<LitTask>& tasks, const TaskViewContext& v);
/// The same table as an .xlsx workbook: one sheet, a title line naming the
/// office and `as_of`, the due date as a date cell.
std::string render_task_list_xlsx(const std::vector<LitTask>& tasks, const TaskViewContext& v,
                                  Date as_of);
/// Machine CSV of a table whose headers are field keys; with `v.headers` zh,
/// the header row names the columns in Chinese, the cells stay raw.
std::string render_fields_csv(Table t, const TaskViewContext& v);

/// The cell type of the columns a machine table names by key; others are text.
using FieldTypes = std::vector<std::pair<std::string_view, CellType>>;
/// A machine table (headers are field keys, as render_fields_csv takes) as a
/// sheet: the same header row and cells, its columns typed by `types`.
Sheet fields_sheet(const Table& t, const FieldTypes& types, const TaskViewContext& v,
                   std::string_view name, std::vector<std::string> title_lines);

}  // namespace duban
