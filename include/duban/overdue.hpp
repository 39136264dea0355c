#pragma once

#include <optional>
#include <string>
#include <vector>

#include "duban/calendar.hpp"
#include "duban/config.hpp"
#include "duban/light.hpp"
#include "duban/task.hpp"
#include "duban/units.hpp"

namespace duban {

/// The most recent day on or before `as_of` when a task of `cadence` (weekly or
/// monthly) had to report; nullopt without a cadence.
std::optional<Date> last_feedback_day(const std::string& cadence, Date as_of, const Config& config);

/// 报送超时: the task has a cadence, is being handled (not done, cancelled or
/// suspended), was assigned before the last feedback day, and its latest
/// progress is older than that day.
bool is_feedback_late(const Task& t, Date as_of, const Config& config);

/// The day the task was first handed to a unit, or nullopt if never.
std::optional<Date> assigned_on(const Task& t);

/// One line of the overdue list.
struct OverdueItem {
  const Task* task = nullptr;
  std::string lead;  // canonical unit name
  Lateness lateness;
  bool feedback_late = false;
  std::optional<Date> last_progress;
  std::string late_milestone;  // title, when a milestone's deadline is the one missed
  bool escalation_due = false;
};

/// The selection of `overdue` and `remind`, grouped by lead unit, most overdue first.
struct OverdueList {
  Date as_of;
  std::vector<OverdueItem> items;
  int red = 0;
  int yellow = 0;
  int feedback_late = 0;
};

struct OverdueOptions {
  int yellow_days = 3;
  bool red_only = false;
  /// Days overdue since the deadline or the last escalation after which a red
  /// task is marked "escalation due"; 0 = never.
  int escalate_after_days = 0;
};

/// Red and yellow tasks and feedback-late ones among `tasks`, as of `as_of`.
OverdueList build_overdue_list(const std::vector<const Task*>& tasks, Date as_of, const Config& config,
                               const Calendar& cal, const Units& units, const OverdueOptions& opt);

}  // namespace duban
