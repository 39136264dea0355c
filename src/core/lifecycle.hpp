#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "core/config.hpp"
#include "core/deadline.hpp"
#include "core/task.hpp"
#include "core/units.hpp"

namespace duban {

// State changes of SPEC §4. Each checks that the change is allowed in the task's
// status (else throws a data Error saying why), updates the fields and appends
// exactly one log entry dated `date`.

/// Hand the task to `lead` (转办 when it had one); co/owner replace the old ones when given.
void assign_task(Task& t, Date date, const std::string& lead,
                 const std::optional<std::vector<std::string>>& co,
                 const std::optional<std::string>& owner);

/// Feedback from a unit; marks milestone `milestone` (a title) reached when given.
struct ProgressInput {
  std::string by;
  std::string text;
  std::optional<int> percent;
  std::string attach;
  std::string milestone;
};
void record_progress(Task& t, Date date, const ProgressInput& in);

void close_task(Task& t, Date date, const std::string& result, const std::string& rating);

// Work handed back (return, recheck with a problem, reopen) gets `new_due` as
// its deadline (SPEC §6): `due` is set and the entry logs `from` (the old
// deadline, when there was one) and `to`, like extend, so that reports for the
// past still see the old one. A `new_due` before `date` is refused. Without
// `new_due` the deadline stays, as in logs written before deadlines were reset.
/// The deadline of work handed back on `date` when none is typed: by `within`
/// (--within) when given, else by the office's rework_within (SPEC §6); usage
/// error as deadline_by_rule.
NewDeadline rework_deadline(Date date, const std::optional<DueRule>& within, const Config& config,
                            const Calendar& cal);
void return_task(Task& t, Date date, const std::string& reason,
                 std::optional<Date> new_due = std::nullopt);
/// A follow-up check; with a `problem` the task is reopened (and `new_due` applies).
void recheck_task(Task& t, Date date, const std::string& text, const std::string& problem,
                  std::optional<Date> new_due = std::nullopt);
void extend_task(Task& t, Date date, Date new_due, const std::string& reason);
/// A deadline changed by a record from outside (an import update): logged as
/// an `extend` entry (from, to, reason) like extend_task, also when `new_due` is
/// earlier, so that the log keeps every deadline the task had.
void change_due(Task& t, Date date, Date new_due, const std::string& reason);
void escalate_task(Task& t, Date date, const Config& config, const std::string& reason);
void suspend_task(Task& t, Date date, const std::string& reason);
void cancel_task(Task& t, Date date, const std::string& reason);
void reopen_task(Task& t, Date date, const std::string& reason,
                 std::optional<Date> new_due = std::nullopt);
/// Whether an entry dated `date` would come before the task's last one, which
/// every function here refuses: the log is kept in date order.
bool predates_last_entry(const Task& t, Date date);
/// Whether a new entry may be dated `date`: not before the task was registered
/// nor before its last entry.
bool may_log_on(const Task& t, Date date);
/// The first day from `date` on that a new entry may have: `date`, or the
/// day of the task's last entry when that is later.
Date entry_date_from(const Task& t, Date date);
/// A reminder sent to `unit` (`co`: a co-unit, not the lead); like every entry,
/// never dated before the last one.
void remind_task(Task& t, Date date, const std::string& unit, bool co);
void note_task(Task& t, Date date, const std::string& text);

// Extension requests (SPEC §15). A unit asks for a later deadline; the request
// is an `extend-request` entry (by, to, reason) and changes nothing else: the
// deadline stays until the office approves, so a report for any day before the
// approval sees the old one.

/// Log `unit`'s request for the deadline `to`. Refused when the task is done or
/// cancelled, or `to` is not after the deadline in force.
void request_extension(Task& t, Date date, const std::string& unit, Date to,
                       const std::string& reason);
/// The request still waiting for the office's answer on `as_of`: the last
/// `extend-request` entry on or before it not followed (by then) by an
/// `extend`, an `extend-refuse`, a `done` or a `cancel`; nullptr when none.
const LogEntry* pending_extension(const Task& t, Date as_of);
/// The office grants the pending request: an `extend` entry (from, to, reason,
/// `request`: the request's date) to `to` when given, else to the requested
/// date. A data Error when nothing is pending or the new deadline is not after
/// the one in force.
void approve_extension(Task& t, Date date, std::optional<Date> to, const std::string& reason);
/// The office refuses the pending request: an `extend-refuse` entry (to: the
/// date asked for, request, reason); the deadline stays.
void refuse_extension(Task& t, Date date, const std::string& reason);

/// `unit` signed for the office's notice (签收): a `receipt` entry (by). The unit
/// must lead the task or co-operate on it (a data Error otherwise).
void record_receipt(Task& t, Date date, const std::string& unit);
/// The same with `unit` a canonical name and the task's units matched through
/// `units`, so that a task naming a renamed unit by its old name (an alias) is
/// signed for under the current one, the name `remind` logs.
void record_receipt(Task& t, Date date, const std::string& unit, const Units& units);
/// The task takes the id `new_id` (a collision found by sync, or `renumber`):
/// a `renumber` entry with `from`, dated `today` or the day of the last entry
/// when that is later.
void renumber_task(Task& t, Date today, const std::string& new_id);

/// A task recorded as being worked on (办理中) before the ledger kept it: an
/// assigned task becomes active without a `progress` entry; others stay as they are.
void mark_active(Task& t);
/// Entries recorded elsewhere (an import of the task's own file) join the log,
/// which is then put in date order: entries of one day keep their order, the
/// task's own before the new ones.
void add_entries(Task& t, std::vector<LogEntry> entries);
/// `t` takes the state of `later`, a later version of it whose log holds every
/// entry of t's and so says how it got there: deadline, status, lead, co-units,
/// escalation and milestones.
void take_state_of(Task& t, const Task& later);

/// The status a task returns to when it is handled again: registered without a
/// lead, active once a unit has reported, else assigned.
Status working_status(const Task& t);

/// The milestone whose title is `title`, or whose 1-based number it is; nullptr if none.
Milestone* find_milestone(Task& t, const std::string& title_or_number);

}  // namespace duban
