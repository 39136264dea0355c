#include "core/lifecycle.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/error.hpp"

namespace duban {

namespace {

void require_not_before_created(const Task& t, Date date) {
  if (date < t.created) {
    throw data_error(fmt::format("{}: the date {} is before the task was registered ({})", t.id,
                                 date.iso(), t.created.iso()));
  }
}

void require_open(const Task& t, std::string_view action) {
  if (t.status == Status::done) {
    throw data_error(
        fmt::format("{} is done; cannot {} (use 'reopen' or 'return' first)", t.id, action));
  }
  if (t.status == Status::cancelled) {
    throw data_error(fmt::format("{} is cancelled; cannot {} (use 'reopen' first)", t.id, action));
  }
}

void require_done(const Task& t, std::string_view action) {
  if (t.status != Status::done) {
    throw data_error(
        fmt::format("{} is not done (status {}); cannot {}", t.id, to_string(t.status), action));
  }
}

// The log is append-only and in date order, so a new entry may not predate the last.
void require_not_before_last_entry(const Task& t, Date date) {
  if (predates_last_entry(t, date)) {
    throw data_error(fmt::format(
        "{}: the date {} is before the last log entry ({}); the log is kept in date order", t.id,
        date.iso(), t.log.back().date.iso()));
  }
}

LogEntry& append(Task& t, Date date, std::string type) {
  require_not_before_created(t, date);
  require_not_before_last_entry(t, date);
  t.log.push_back(LogEntry{date, std::move(type), {}, {}});
  return t.log.back();
}

void require_due_from(const Task& t, Date date, std::optional<Date> new_due) {
  if (new_due && *new_due < date) {
    throw data_error(
        fmt::format("{}: the new deadline {} is before {}, the day the work is handed back", t.id,
                    new_due->iso(), date.iso()));
  }
}

// The deadline of reopened work: logged as from/to like an extension.
void reset_due(Task& t, LogEntry& e, std::optional<Date> new_due) {
  if (!new_due) {
    return;
  }
  if (t.due) {
    e.set_date("from", *t.due);
  }
  e.set_date("to", *new_due);
  t.due = new_due;
}

// The `extend` entry of a new deadline: from (the old one, when there was one), to, reason.
void log_due_change(Task& t, Date date, Date new_due, const std::string& reason) {
  LogEntry& e = append(t, date, "extend");
  if (t.due) {
    e.set_date("from", *t.due);
  }
  e.set_date("to", new_due);
  e.set("reason", reason);
  t.due = new_due;
}

}  // namespace

Status working_status(const Task& t) {
  if (t.lead.empty()) {
    return Status::registered;
  }
  for (const LogEntry& e : t.log) {
    if (e.type == "progress") {
      return Status::active;
    }
  }
  return Status::assigned;
}

Milestone* find_milestone(Task& t, const std::string& title_or_number) {
  for (Milestone& m : t.milestones) {
    if (m.title == title_or_number) {
      return &m;
    }
  }
  if (!title_or_number.empty() && title_or_number.size() < 4 &&
      title_or_number.find_first_not_of("0123456789") == std::string::npos) {
    size_t n = std::stoul(title_or_number);
    if (n >= 1 && n <= t.milestones.size()) {
      return &t.milestones[n - 1];
    }
  }
  return nullptr;
}

void assign_task(Task& t, Date date, const std::string& lead,
                 const std::optional<std::vector<std::string>>& co,
                 const std::optional<std::string>& owner) {
  require_open(t, "assign it");
  if (t.status == Status::suspended) {
    throw data_error(fmt::format("{} is suspended; reopen it before assigning", t.id));
  }
  const bool new_lead = lead != t.lead;
  LogEntry& e = append(t, date, "assign");
  e.set("to", lead);
  if (!t.lead.empty() && new_lead) {
    e.set("from", t.lead);
  }
  t.lead = lead;
  if (co) {
    if (co->empty() && !t.co.empty()) {
      std::string removed;
      for (const std::string& c : t.co) {
        removed += (removed.empty() ? "" : "、") + c;
      }
      e.set("co_removed", removed);
    }
    t.co = *co;
    e.set_list("co", *co);
  }
  if (owner) {
    t.owner = *owner;
    e.set("owner", *owner);
  }
  if (new_lead || t.status == Status::registered) {
    t.status = Status::assigned;
  }
}

void record_progress(Task& t, Date date, const ProgressInput& in) {
  require_open(t, "record progress");
  Milestone* m = nullptr;
  if (!in.milestone.empty()) {
    m = find_milestone(t, in.milestone);
    if (!m) {
      throw data_error(fmt::format("{} has no milestone '{}'", t.id, in.milestone));
    }
  }
  LogEntry& e = append(t, date, "progress");
  e.set("by", in.by.empty() ? t.lead : in.by);
  e.set("text", in.text);
  if (in.percent) {
    e.set_number("percent", *in.percent);
  }
  e.set("attach", in.attach);
  if (m) {
    e.set("milestone", m->title);
    m->done = date;
  }
  if (t.status == Status::registered || t.status == Status::assigned) {
    t.status = Status::active;
  }
}

void close_task(Task& t, Date date, const std::string& result, const std::string& rating) {
  require_open(t, "close it again");
  LogEntry& e = append(t, date, "done");
  e.set("result", result);
  e.set("rating", rating);
  t.status = Status::done;
}

NewDeadline rework_deadline(Date date, const std::optional<DueRule>& within, const Config& config,
                            const Calendar& cal) {
  return deadline_by_rule(within, config.rework_within, "rework_within", date, cal,
                          config.move_deadline_off_holidays);
}

void return_task(Task& t, Date date, const std::string& reason, std::optional<Date> new_due) {
  require_done(t, "return it");
  require_due_from(t, date, new_due);
  LogEntry& e = append(t, date, "return");
  e.set("reason", reason);
  reset_due(t, e, new_due);
  t.status = Status::active;
}

void recheck_task(Task& t, Date date, const std::string& text, const std::string& problem,
                  std::optional<Date> new_due) {
  require_done(t, "recheck it");
  if (problem.empty() && new_due) {
    throw usage_error(fmt::format(
        "{}: a new deadline needs a problem (--problem): only that reopens the task", t.id));
  }
  require_due_from(t, date, new_due);
  LogEntry& e = append(t, date, "recheck");
  e.set("text", text);
  e.set("problem", problem);
  if (!problem.empty()) {
    reset_due(t, e, new_due);
    t.status = Status::active;
  }
}

void extend_task(Task& t, Date date, Date new_due, const std::string& reason) {
  require_open(t, "extend it");
  if (t.due && new_due <= *t.due) {
    throw data_error(fmt::format("{}: the new deadline {} is not after the current one {}", t.id,
                                 new_due.iso(), t.due->iso()));
  }
  log_due_change(t, date, new_due, reason);
}

void change_due(Task& t, Date date, Date new_due, const std::string& reason) {
  require_open(t, "extend it");
  log_due_change(t, date, new_due, reason);
}

void escalate_task(Task& t, Date date, const Config& config, const std::string& reason) {
  require_open(t, "escalate it");
  const int top = static_cast<int>(config.escalation_names.size());
  if (t.escalation >= top) {
    throw data_error(fmt::format("{} is already at the highest escalation level ({} {})", t.id, top,
                                 config.escalation_name(top)));
  }
  const int level = t.escalation + 1;
  LogEntry& e = append(t, date, "escalate");
  e.set_number("level", level);
  e.set("name", config.escalation_name(level));
  e.set("reason", reason);
  t.escalation = level;
}

void suspend_task(Task& t, Date date, const std::string& reason) {
  require_open(t, "suspend it");
  if (t.status == Status::suspended) {
    throw data_error(fmt::format("{} is already suspended", t.id));
  }
  append(t, date, "suspend").set("reason", reason);
  t.status = Status::suspended;
}

void cancel_task(Task& t, Date date, const std::string& reason) {
  require_open(t, "cancel it");
  append(t, date, "cancel").set("reason", reason);
  t.status = Status::cancelled;
}

void reopen_task(Task& t, Date date, const std::string& reason, std::optional<Date> new_due) {
  if (is_being_handled(t.status)) {
    throw data_error(fmt::format("{} is not closed, cancelled or suspended (status {})", t.id,
                                 to_string(t.status)));
  }
  require_due_from(t, date, new_due);
  LogEntry& e = append(t, date, "reopen");
  e.set("reason", reason);
  reset_due(t, e, new_due);
  t.status = working_status(t);
}

bool predates_last_entry(const Task& t, Date date) {
  return !t.log.empty() && date < t.log.back().date;
}

bool may_log_on(const Task& t, Date date) {
  return t.created <= date && !predates_last_entry(t, date);
}

Date entry_date_from(const Task& t, Date date) {
  return t.log.empty() ? date : std::max(date, t.log.back().date);
}

void remind_task(Task& t, Date date, const std::string& unit, bool co) {
  LogEntry& e = append(t, date, "remind");
  e.set("to", unit);
  if (co) {
    e.set("role", "co");  // the unit only co-operates: the log never claims the lead was chased
  }
}

void renumber_task(Task& t, Date today, const std::string& new_id) {
  // Never dated before the task was registered nor before its last entry, so
  // that a clone whose clock is behind still writes a log in date order.
  const std::string old_id = t.id;
  t.id = new_id;
  append(t, std::max(entry_date_from(t, today), t.created), "renumber").set("from", old_id);
}

void note_task(Task& t, Date date, const std::string& text) {
  append(t, date, "note").set("text", text);
}

void request_extension(Task& t, Date date, const std::string& unit, Date to,
                       const std::string& reason) {
  require_open(t, "request an extension");
  if (t.due && to <= *t.due) {
    throw data_error(fmt::format("{}: the requested deadline {} is not after the current one {}",
                                 t.id, to.iso(), t.due->iso()));
  }
  LogEntry& e = append(t, date, "extend-request");
  e.set("by", unit);
  e.set_date("to", to);
  e.set("reason", reason);
}

const LogEntry* pending_extension(const Task& t, Date as_of) {
  const LogEntry* pending = nullptr;
  for (const LogEntry& e : t.log) {
    if (e.date > as_of) {
      break;  // the log is in date order
    }
    if (e.type == "extend-request" && parse_iso_date(e.get("to"))) {
      pending = &e;
    } else if (e.type == "extend" || e.type == "extend-refuse" || e.type == "done" ||
               e.type == "cancel") {
      pending = nullptr;
    }
  }
  return pending;
}

namespace {

const LogEntry& require_pending(const Task& t, Date date, std::string_view action) {
  const LogEntry* request = pending_extension(t, date);
  if (request == nullptr) {
    throw data_error(fmt::format("{} has no pending extension request to {}", t.id, action));
  }
  return *request;
}

}  // namespace

void approve_extension(Task& t, Date date, std::optional<Date> to, const std::string& reason) {
  require_open(t, "approve an extension");
  const LogEntry& request = require_pending(t, date, "approve");
  const Date request_date = request.date;
  const Date new_due = to.value_or(*parse_iso_date(request.get("to")));
  const std::string why = reason.empty() ? request.get("reason") : reason;
  extend_task(t, date, new_due, why);
  t.log.back().set_date("request", request_date);
}

void refuse_extension(Task& t, Date date, const std::string& reason) {
  require_open(t, "refuse an extension");
  const LogEntry& request = require_pending(t, date, "refuse");
  const Date asked = *parse_iso_date(request.get("to"));
  const Date request_date = request.date;
  LogEntry& e = append(t, date, "extend-refuse");
  e.set_date("to", asked);
  e.set_date("request", request_date);
  e.set("reason", reason);
}

namespace {

// A receipt by `unit`, which `is_unit` recognises among the task's units.
template <typename IsUnit>
void receipt_by(Task& t, Date date, const std::string& unit, IsUnit is_unit) {
  if (!is_unit(t.lead) && std::none_of(t.co.begin(), t.co.end(), is_unit)) {
    throw data_error(fmt::format(
        "{}: {} neither leads nor co-operates on it; no notice of it to sign for", t.id, unit));
  }
  append(t, date, "receipt").set("by", unit);
}

}  // namespace

void record_receipt(Task& t, Date date, const std::string& unit) {
  receipt_by(t, date, unit, [&](const std::string& name) { return name == unit; });
}

void record_receipt(Task& t, Date date, const std::string& unit, const Units& units) {
  receipt_by(t, date, unit, [&](const std::string& name) {
    return !name.empty() && units.canonical(name).value_or(name) == unit;
  });
}

void mark_active(Task& t) {
  if (t.status == Status::assigned) {
    t.status = Status::active;
  }
}

void add_entries(Task& t, std::vector<LogEntry> entries) {
  for (LogEntry& e : entries) {
    t.log.push_back(std::move(e));
  }
  std::stable_sort(t.log.begin(), t.log.end(),
                   [](const LogEntry& a, const LogEntry& b) { return a.date < b.date; });
}

void take_state_of(Task& t, const Task& later) {
  t.due = later.due;
  t.status = later.status;
  t.lead = later.lead;
  t.co = later.co;
  t.escalation = later.escalation;
  t.milestones = later.milestones;
}

}  // namespace duban
