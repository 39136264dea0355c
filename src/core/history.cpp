#include "core/history.hpp"

#include <algorithm>
#include <charconv>

namespace duban {

namespace {

// An entry that set a new deadline: an extension, or work handed back with `to`
// (return, recheck with a problem, reopen; older logs of those have none).
bool sets_due(const LogEntry& e) {
  const bool reopens =
      e.type == "return" || e.type == "reopen" || (e.type == "recheck" && e.has("problem"));
  return e.type == "extend" || (reopens && parse_iso_date(e.get("to")));
}

}  // namespace

std::optional<Date> original_due(const Task& t) {
  for (const LogEntry& e : t.log) {
    if (sets_due(e)) {
      if (auto from = parse_iso_date(e.get("from"))) {
        return from;
      }
      if (e.type != "extend") {
        return std::nullopt;  // handed back with a deadline when it had none
      }
      break;
    }
  }
  return t.due;
}

namespace {

// The dates `overdue` shows and judges feedback by, as they stood at the end of `day`.
void add_dates_at(TaskState& s, const Task& t, Date day) {
  for (const LogEntry& e : t.log) {
    if (e.date > day) {
      continue;
    }
    if (e.type == "progress" && (!s.last_progress || e.date > *s.last_progress)) {
      s.last_progress = e.date;
    } else if (e.type == "escalate" && (!s.last_escalated || e.date > *s.last_escalated)) {
      s.last_escalated = e.date;
    }
  }
}

}  // namespace

TaskState state_at(const Task& t, Date day) {
  TaskState s;
  if (t.created > day) {
    return s;
  }
  s.exists = true;
  s.due = original_due(t);
  bool assigned_in_log = false;
  for (const LogEntry& e : t.log) {
    assigned_in_log |= e.type == "assign";
  }
  s.lead = assigned_in_log ? "" : t.lead;
  for (const LogEntry& e : t.log) {
    if (e.date > day) {
      continue;  // logs are in date order when duban writes them, but hand edits may not be
    }
    const std::string& type = e.type;
    if (type == "done") {
      s.closed = true;
      s.closed_on = e.date;
      s.suspended = false;
    } else if (type == "return" || type == "reopen" || (type == "recheck" && e.has("problem"))) {
      s.handed_on = e.date;  // reopened work: handed to the unit again
      s.closed = false;
      s.closed_on.reset();
      s.cancelled = false;
      s.suspended = false;
      if (auto to = parse_iso_date(e.get("to"))) {
        s.due = to;
      }
    } else if (type == "cancel") {
      s.cancelled = true;
    } else if (type == "suspend") {
      s.suspended = true;
    } else if (type == "assign") {
      // A new lead unit is a handover; a change of co-units or owner is not.
      if (!e.get("to").empty() && e.get("to") != s.lead) {
        s.handed_on = e.date;
      }
      s.lead = e.get("to");
    } else if (type == "extend") {
      if (auto to = parse_iso_date(e.get("to"))) {
        s.due = to;
      }
    } else if (type == "escalate") {
      int level = 0;
      const std::string& v = e.get("level");
      std::from_chars(v.data(), v.data() + v.size(), level);
      s.escalation = std::max(s.escalation, level);
    }
  }
  // A hand-written file without a log still says what its status is.
  if (t.log.empty()) {
    s.closed = t.status == Status::done;
    s.cancelled = t.status == Status::cancelled;
    s.suspended = t.status == Status::suspended;
    s.escalation = t.escalation;
  }
  add_dates_at(s, t, day);
  return s;
}

bool is_being_handled(const TaskState& s) {
  if (!s.exists) {
    return false;
  }
  // The status of the day as far as the log tells: the working statuses
  // (registered, assigned, active) are not told apart, and active stands for them.
  const Status day = s.closed      ? Status::done
                     : s.cancelled ? Status::cancelled
                     : s.suspended ? Status::suspended
                                   : Status::active;
  return is_being_handled(day);
}

bool overdue_on(const TaskState& s, Date day) {
  return is_being_handled(s) && s.due && *s.due < day;
}

bool milestone_done_on(const Milestone& m, Date day) {
  return m.done && *m.done <= day;
}

bool milestone_missed(const Milestone& m, Date day) {
  return !m.done && m.due < day;
}

const LogEntry* last_entry(const Task& t, std::string_view type) {
  for (auto it = t.log.rbegin(); it != t.log.rend(); ++it) {
    if (it->type == type) {
      return &*it;
    }
  }
  return nullptr;
}

const LogEntry* closing_entry(const Task& t) {
  return t.status == Status::done ? last_entry(t, "done") : nullptr;
}

const LogEntry* latest_progress(const Task& t) {
  return last_entry(t, "progress");
}

int extension_count(const Task& t) {
  return static_cast<int>(std::count_if(t.log.begin(), t.log.end(),
                                        [](const LogEntry& e) { return e.type == "extend"; }));
}

std::string first_due(const Task& t) {
  for (const LogEntry& e : t.log) {
    if (e.type == "extend") {
      return e.get("from");
    }
  }
  return "";
}

}  // namespace duban
