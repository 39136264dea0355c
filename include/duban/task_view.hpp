#pragma once

#include <string>
#include <vector>

#include "duban/calendar.hpp"
#include "duban/config.hpp"
#include "duban/json.hpp"
#include "duban/labels.hpp"
#include "duban/light.hpp"
#include "duban/table.hpp"
#include "duban/task.hpp"

namespace duban {

/// What renderers of tasks need to know besides the tasks.
struct TaskViewContext {
  const Config& config;
  const Calendar& calendar;
  Date as_of;
  Lang lang = Lang::zh;
  bool color = false;
};

/// The light and lateness of `t` as of the view's date.
Lateness lateness_of(const Task& t, const TaskViewContext& v);
/// The kind's label in the view's language (`领导批示` / `instruction`).
std::string kind_label(const std::string& kind, const TaskViewContext& v);

/// Everything about one task, its log as a timeline (`show`).
std::string render_task_detail(const Task& t, const TaskViewContext& v);
/// The task file's own keys, in its order, into the open JSON object `w`.
void write_task_fields_json(JsonWriter& w, const Task& t);
/// The task's own keys plus `light` and `days_overdue` as a JSON object.
void write_task_json(JsonWriter& w, const Task& t, const TaskViewContext& v);
/// One row per task: id, status, light, kind, title, lead, owner, due; with
/// `decorate`, listed tasks' titles get a ★ (for people, not for CSV).
Table task_list_table(const std::vector<const Task*>& tasks, const TaskViewContext& v, bool decorate);

}  // namespace duban
