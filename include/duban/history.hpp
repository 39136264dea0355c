#pragma once

#include <optional>

#include "duban/task.hpp"

namespace duban {

/// A task as it stood at the end of a day, rebuilt from its log so that a
/// report for a past period comes out the same whenever it is run.
struct TaskState {
  bool exists = false;     // created on or before the day
  bool closed = false;     // done, by its last closing on or before the day
  bool cancelled = false;
  bool suspended = false;
  std::optional<Date> closed_on;
  std::optional<Date> due;  // the deadline in force: extensions logged after the day are ignored
  int escalation = 0;
  std::string lead;  // the lead unit on the day (转办 after it does not count)
};

/// The deadline before any change: the `from` of the first extension or of the
/// first return/recheck/reopen that set a new deadline, else `due`.
std::optional<Date> original_due(const Task& t);

/// The state of `t` at the end of `day`.
TaskState state_at(const Task& t, Date day);

}  // namespace duban
