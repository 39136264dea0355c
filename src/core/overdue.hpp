#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "core/config.hpp"
#include "core/history.hpp"
#include "core/light.hpp"
#include "core/task.hpp"
#include "core/units.hpp"

namespace duban {

/// The most recent feedback day on or before `as_of` of a task with `cadence`
/// (weekly or monthly), moved off rest days (SPEC §8): each configured weekday
/// or day of month, or the next working day when that is a rest day. Nullopt
/// without a cadence.
std::optional<Date> last_feedback_day(const std::string& cadence, Date as_of, const Config& config,
                                      const Calendar& cal);

/// One reporting cycle: the days `first` … `last`, `last` being a feedback day.
struct FeedbackCycle {
  Date first;
  Date last;
};

/// The last cycle that ended on or before `as_of` for a task assigned on
/// `assigned` (the first cycle starts the day after it); nullopt when none has
/// ended yet or there is no cadence.
std::optional<FeedbackCycle> last_ended_cycle(const std::string& cadence, Date assigned, Date as_of,
                                              const Config& config, const Calendar& cal);

/// 报送超时 as of the end of `as_of`, from the task's state on that day: it has a
/// cadence, is being handled (assigned, and not done, cancelled or suspended),
/// and the last cycle that ended on or before `as_of` holds no `progress` entry.
bool is_feedback_late(const Task& t, Date as_of, const Config& config, const Calendar& cal);

/// The day the task was first handed to a unit, or nullopt if never.
std::optional<Date> assigned_on(const Task& t);

/// The day a reminded unit's reply is due: `reply_days` working days after
/// `as_of` (reply_days in duban.yaml).
Date reply_by(Date as_of, const Calendar& cal, int reply_days);

/// A notice not signed for in time (SPEC §15).
struct UnsignedNotice {
  std::string unit;  // as the remind entry names it
  Date sent;         // the remind entry's date
  Date reply_by;     // reply_days working days after it
};
/// Per unit reminded on or before `as_of`, its last reminder when the unit has
/// not signed for it (no `receipt` by the unit on or after that day, up to
/// `as_of`) and its reply-by day is before `as_of`; in the order of the log.
std::vector<UnsignedNotice> unsigned_notices(const Task& t, Date as_of, const Calendar& cal,
                                             int reply_days);

/// A unit's extension request still waiting for the office's answer (SPEC §15).
struct PendingRequest {
  const Task* task = nullptr;
  std::string lead;    // canonical name of the lead unit on the as-of day
  std::string by;      // the unit that asked, by its canonical name
  Date date;           // the day it asked
  Date to;             // the deadline it asked for
  std::string reason;  // "" when `task` is a summary from the cache, which keeps none
};

/// A notice not signed for, on the task it is about.
struct UnsignedItem {
  const Task* task = nullptr;
  UnsignedNotice notice;  // `unit` by its canonical name
};

/// What the office waits for from the units on a day (SPEC §15): requests
/// pending and notices not signed for, beside the overdue list.
struct FeedbackWatch {
  std::vector<PendingRequest> requests;        // by request date, then id
  std::vector<UnsignedItem> unsigned_notices;  // by unit, then day sent, then id
};

/// Over the tasks of `tasks` being handled at the end of `as_of`
/// (pending_extension and unsigned_notices as of that day). With `unit` (a
/// canonical name) only the tasks it leads on the day or co-operates on, and
/// only the notices sent to it.
FeedbackWatch watch_feedback(const std::vector<const Task*>& tasks, Date as_of, const Calendar& cal,
                             const Units& units, int reply_days, const std::string& unit);

/// One line of the overdue list.
struct OverdueItem {
  const Task* task = nullptr;
  std::string lead;         // canonical name of the lead unit on the as-of day
  std::optional<Date> due;  // the deadline in force on the as-of day
  int escalation = 0;       // the escalation level reached by the as-of day
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
  /// Only tasks this unit (a canonical name) leads on the as-of day or co-operates on; "" = all.
  std::string unit;
};

/// Red and yellow tasks and feedback-late ones among `tasks`, as they stood at
/// the end of `as_of`: status, deadline in force, milestones reached, last
/// feedback, escalation and lead unit are rebuilt from each log (state_at), as
/// `report` does, so a past date gives that day's list.
OverdueList build_overdue_list(const std::vector<const Task*>& tasks, Date as_of,
                               const Config& config, const Calendar& cal, const Units& units,
                               const OverdueOptions& opt);

}  // namespace duban
