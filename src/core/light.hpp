#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.hpp"
#include "core/task.hpp"

namespace duban {

/// 红黄绿灯 (SPEC §8); `none` for tasks that are done, cancelled or suspended.
enum class Light { none, green, yellow, red };

std::string_view to_string(Light l);

/// How late a task is as of a date.
struct Lateness {
  Light light = Light::none;
  std::optional<Date> deadline;  // the earliest unmet deadline (task or milestone)
  /// The title of the milestone whose deadline `deadline` is, when one falls
  /// before the task's own (the first such milestone); "" when the task's own counts.
  std::string milestone;
  int days_overdue = 0;      // calendar days after that deadline, up to and including the date
  int workdays_overdue = 0;  // working days after that deadline, up to and including the date
};

/// The light of `t` as of `as_of`, as it stood that day (status and deadline
/// in force rebuilt from the log): red when a deadline (the task's, or an
/// unfinished milestone's) is before it, yellow when one falls within
/// `yellow_days` days from it, else green.
Lateness assess_lateness(const Task& t, Date as_of, int yellow_days, const Calendar& cal);

/// The light of an open task whose deadline in force is `due`, with the
/// milestones not reached by the end of `as_of` (milestone_done_on) also judged.
Lateness assess_deadlines(std::optional<Date> due, const std::vector<Milestone>& milestones,
                          Date as_of, int yellow_days, const Calendar& cal);

/// A task judged as of a date, for the views that print lights: everything
/// they show that depends on the date, so that they need no date themselves.
struct LitTask {
  const Task* task = nullptr;
  Lateness lateness;
  /// milestone_missed of each of the task's milestones, in their order.
  std::vector<bool> milestones_missed;
  /// The extension request pending on the day (pending_extension), or nullptr;
  /// it points into the task's log.
  const LogEntry* extension_request = nullptr;
};

/// The task `t` as of `as_of`: its light (assess_lateness) and missed milestones.
LitTask assess_task(const Task& t, Date as_of, int yellow_days, const Calendar& cal);

/// assess_task of each of `tasks`, in their order.
std::vector<LitTask> assess_tasks(const std::vector<const Task*>& tasks, Date as_of,
                                  int yellow_days, const Calendar& cal);

}  // namespace duban
