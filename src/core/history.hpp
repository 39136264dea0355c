#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/task.hpp"

namespace duban {

/// A task as it stood at the end of a day, rebuilt from its log so that a
/// report for a past period comes out the same whenever it is run.
struct TaskState {
  bool exists = false;  // created on or before the day
  bool closed = false;  // done, by its last closing on or before the day
  bool cancelled = false;
  bool suspended = false;
  std::optional<Date> closed_on;
  std::optional<Date> due;  // the deadline in force: extensions logged after the day are ignored
  int escalation = 0;
  std::string lead;  // the lead unit on the day (转办 after it does not count)
  /// The day the work was last handed to a unit on or before the day: the
  /// first assignment, a transfer to another unit, or a return, recheck with a
  /// problem or reopen (also resuming). Feedback cycles count from the day after.
  std::optional<Date> handed_on;
  std::optional<Date> last_progress;   // the latest `progress` on or before the day
  std::optional<Date> last_escalated;  // the latest `escalate` on or before the day
};

/// The deadline before any change: the `from` of the first extension or of the
/// first return/recheck/reopen that set a new deadline, else `due`.
std::optional<Date> original_due(const Task& t);

/// The state of `t` at the end of `day`.
TaskState state_at(const Task& t, Date day);

/// Being handled at the end of its day (is_being_handled of the status it
/// had then): it exists and is not closed, cancelled or suspended.
bool is_being_handled(const TaskState& s);

/// Being handled, and the deadline in force before `day`: what `report`
/// counts as overdue at a period's end and `overdue --as-of` shows red by its
/// deadline (SPEC §8, §9).
bool overdue_on(const TaskState& s, Date day);

/// Whether the milestone was reached by the end of `day` (a `done` date after it
/// means not yet).
bool milestone_done_on(const Milestone& m, Date day);

/// Whether `show` marks the milestone missed (✗) as of `day`: it has no `done`
/// date and its deadline is before the day.
bool milestone_missed(const Milestone& m, Date day);

/// The last entry of `type` in the log, in the log's order; nullptr when none.
const LogEntry* last_entry(const Task& t, std::string_view type);

/// The entry that closed a done task (its last `done`: date, result, rating);
/// nullptr when the task is not done.
const LogEntry* closing_entry(const Task& t);

/// The latest feedback: the last `progress` entry; nullptr when none.
const LogEntry* latest_progress(const Task& t);

/// How many times the deadline was extended (`extend` entries).
int extension_count(const Task& t);

/// The deadline the first extension moved, as its entry writes it (`from`);
/// "" when the task was never extended.
std::string first_due(const Task& t);

}  // namespace duban
