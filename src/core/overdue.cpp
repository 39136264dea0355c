#include "core/overdue.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "core/lifecycle.hpp"

namespace duban {

namespace {

// Nominal feedback days are at most a month apart and a holiday lasts days:
// a bound for walking back over them that no calendar reaches.
constexpr int k_max_moves = 64;

// The configured feedback day (weekday or day of month) on or before `d`, before
// any move off a rest day; nullopt without a cadence.
std::optional<Date> nominal_day_on_or_before(const std::string& cadence, Date d,
                                             const Config& config) {
  if (cadence == "weekly") {
    int back = (d.weekday() - config.weekly_feedback_weekday + 7) % 7;
    return d.plus_days(-back);
  }
  if (cadence == "monthly") {
    Date this_month = Date::from_ymd(d.year(), d.month(), config.monthly_feedback_day);
    if (this_month <= d) {
      return this_month;
    }
    Date prev = d.plus_months(-1);
    return Date::from_ymd(prev.year(), prev.month(), config.monthly_feedback_day);
  }
  return std::nullopt;
}

// 报送超时 from the task's state on `as_of` (SPEC §8).
bool feedback_late_in(const Task& t, const TaskState& s, Date as_of, const Config& config,
                      const Calendar& cal) {
  if (t.cadence.empty() || !is_being_handled(s) || !s.handed_on) {
    return false;
  }
  // Cycles count from the day the work was last handed over: a unit that just
  // got the task, or got it back, is not late the next feedback day.
  const std::optional<FeedbackCycle> cycle =
      last_ended_cycle(t.cadence, *s.handed_on, as_of, config, cal);
  if (!cycle) {
    return false;
  }
  for (const LogEntry& e : t.log) {
    if (e.type == "progress" && e.date >= cycle->first && e.date <= cycle->last) {
      return false;
    }
  }
  return true;
}

// Whether `unit` (canonical) leads the task on the day, or co-operates on it.
bool takes_part(const Task& t, const TaskState& s, const std::string& unit, const Units& units) {
  auto same = [&](const std::string& name) { return units.canonical(name).value_or(name) == unit; };
  return same(s.lead) || std::any_of(t.co.begin(), t.co.end(), same);
}

std::string missed_milestone(const Task& t, const TaskState& s, const Lateness& late, Date as_of) {
  if (late.light != Light::red || !late.deadline || (s.due && *s.due == *late.deadline)) {
    return "";
  }
  for (const Milestone& m : t.milestones) {
    if (!milestone_done_on(m, as_of) && m.due == *late.deadline) {
      return m.title;
    }
  }
  return "";
}

bool is_escalation_due(const TaskState& s, const Lateness& late, const Config& config, Date as_of,
                       int after_days) {
  if (after_days <= 0 || late.light != Light::red ||
      s.escalation >= static_cast<int>(config.escalation_names.size())) {
    return false;
  }
  Date since = *late.deadline;
  if (s.last_escalated && *s.last_escalated > since) {
    since = *s.last_escalated;
  }
  return as_of.days() - since.days() > after_days;
}

// Red first, most overdue first; then yellow by nearest deadline; then the rest.
bool more_urgent(const OverdueItem& a, const OverdueItem& b) {
  auto rank = [](const OverdueItem& i) {
    return i.lateness.light == Light::red ? 0 : i.lateness.light == Light::yellow ? 1 : 2;
  };
  if (rank(a) != rank(b)) {
    return rank(a) < rank(b);
  }
  if (a.lateness.days_overdue != b.lateness.days_overdue) {
    return a.lateness.days_overdue > b.lateness.days_overdue;
  }
  int da = a.lateness.deadline ? a.lateness.deadline->days() : 1 << 30;
  int db = b.lateness.deadline ? b.lateness.deadline->days() : 1 << 30;
  if (da != db) {
    return da < db;
  }
  return a.task->id < b.task->id;
}

}  // namespace

std::optional<Date> last_feedback_day(const std::string& cadence, Date as_of, const Config& config,
                                      const Calendar& cal) {
  std::optional<Date> day = nominal_day_on_or_before(cadence, as_of, config);
  // A moved day is never before its nominal one, and moves stay within a holiday:
  // walk back over the nominal days until one has moved to as_of or earlier.
  for (int guard = 0; day && guard < k_max_moves; ++guard) {
    Date moved = cal.next_workday_on_or_after(*day);
    if (moved <= as_of) {
      return moved;
    }
    day = nominal_day_on_or_before(cadence, day->plus_days(-1), config);
  }
  return std::nullopt;
}

std::optional<FeedbackCycle> last_ended_cycle(const std::string& cadence, Date assigned, Date as_of,
                                              const Config& config, const Calendar& cal) {
  const std::optional<Date> end = last_feedback_day(cadence, as_of, config, cal);
  if (!end || *end <= assigned) {
    return std::nullopt;  // the first cycle has not ended yet
  }
  // The previous feedback day: two nominal days moved onto one working day end one cycle.
  std::optional<Date> previous = last_feedback_day(cadence, end->plus_days(-1), config, cal);
  Date first = assigned.plus_days(1);
  if (previous && previous->plus_days(1) > first) {
    first = previous->plus_days(1);
  }
  return FeedbackCycle{first, *end};
}

std::optional<Date> assigned_on(const Task& t) {
  for (const LogEntry& e : t.log) {
    if (e.type == "assign") {
      return e.date;
    }
  }
  return std::nullopt;
}

bool is_feedback_late(const Task& t, Date as_of, const Config& config, const Calendar& cal) {
  return feedback_late_in(t, state_at(t, as_of), as_of, config, cal);
}

Date reply_by(Date as_of, const Calendar& cal, int reply_days) {
  return cal.add_workdays(as_of, reply_days);
}

std::vector<UnsignedNotice> unsigned_notices(const Task& t, Date as_of, const Calendar& cal,
                                             int reply_days) {
  std::vector<UnsignedNotice> last;  // per unit, its last reminder while unsigned
  for (const LogEntry& e : t.log) {
    if (e.date > as_of) {
      break;  // the log is in date order
    }
    const bool remind = e.type == "remind";
    if (!remind && e.type != "receipt") {
      continue;
    }
    const std::string& unit = remind ? e.get("to") : e.get("by");
    auto it = std::find_if(last.begin(), last.end(),
                           [&](const UnsignedNotice& n) { return n.unit == unit; });
    if (it != last.end()) {
      last.erase(it);
    }
    if (remind) {
      last.push_back(UnsignedNotice{unit, e.date, reply_by(e.date, cal, reply_days)});
    }
  }
  std::erase_if(last, [&](const UnsignedNotice& n) { return !(n.reply_by < as_of); });
  return last;
}

FeedbackWatch watch_feedback(const std::vector<const Task*>& tasks, Date as_of, const Calendar& cal,
                             const Units& units, int reply_days, const std::string& unit) {
  FeedbackWatch w;
  auto canonical = [&](const std::string& name) { return units.canonical(name).value_or(name); };
  for (const Task* t : tasks) {
    // Most tasks were neither reminded nor asked for more time by then: no
    // need to rebuild their state.
    const bool watched = std::any_of(t->log.begin(), t->log.end(), [&](const LogEntry& e) {
      return e.date <= as_of && (e.type == "remind" || e.type == "extend-request");
    });
    if (!watched) {
      continue;
    }
    const TaskState s = state_at(*t, as_of);
    if (!is_being_handled(s) || (!unit.empty() && !takes_part(*t, s, unit, units))) {
      continue;
    }
    if (const LogEntry* e = pending_extension(*t, as_of)) {
      w.requests.push_back(PendingRequest{t, canonical(s.lead), canonical(e->get("by")), e->date,
                                          *parse_iso_date(e->get("to")), e->get("reason")});
    }
    for (UnsignedNotice& n : unsigned_notices(*t, as_of, cal, reply_days)) {
      n.unit = canonical(n.unit);
      if (unit.empty() || n.unit == unit) {
        w.unsigned_notices.push_back(UnsignedItem{t, std::move(n)});
      }
    }
  }
  std::stable_sort(w.requests.begin(), w.requests.end(),
                   [](const PendingRequest& a, const PendingRequest& b) {
                     return std::tie(a.date, a.task->id) < std::tie(b.date, b.task->id);
                   });
  std::stable_sort(w.unsigned_notices.begin(), w.unsigned_notices.end(),
                   [](const UnsignedItem& a, const UnsignedItem& b) {
                     return std::tie(a.notice.unit, a.notice.sent, a.task->id) <
                            std::tie(b.notice.unit, b.notice.sent, b.task->id);
                   });
  return w;
}

OverdueList build_overdue_list(const std::vector<const Task*>& tasks, Date as_of,
                               const Config& config, const Calendar& cal, const Units& units,
                               const OverdueOptions& opt) {
  OverdueList list;
  list.as_of = as_of;
  std::vector<OverdueItem> items;
  for (const Task* t : tasks) {
    const TaskState s = state_at(*t, as_of);
    if (!is_being_handled(s)) {
      continue;  // no light (SPEC §8)
    }
    if (!opt.unit.empty() && !takes_part(*t, s, opt.unit, units)) {
      continue;
    }
    OverdueItem item;
    item.task = t;
    item.lateness = assess_deadlines(s.due, t->milestones, as_of, opt.yellow_days, cal);
    item.feedback_late = feedback_late_in(*t, s, as_of, config, cal);
    const bool red = item.lateness.light == Light::red;
    const bool yellow = item.lateness.light == Light::yellow;
    if (opt.red_only ? !red : !(red || yellow || item.feedback_late)) {
      continue;
    }
    item.lead = units.canonical(s.lead).value_or(s.lead);
    item.due = s.due;
    item.escalation = s.escalation;
    item.last_progress = s.last_progress;
    item.late_milestone = missed_milestone(*t, s, item.lateness, as_of);
    item.escalation_due =
        is_escalation_due(s, item.lateness, config, as_of, opt.escalate_after_days);
    list.red += red ? 1 : 0;
    list.yellow += yellow ? 1 : 0;
    list.feedback_late += item.feedback_late ? 1 : 0;
    items.push_back(std::move(item));
  }
  // Group by lead unit; the unit with the most overdue task comes first.
  std::map<std::string, std::vector<OverdueItem>> groups;
  for (OverdueItem& i : items) {
    groups[i.lead].push_back(std::move(i));
  }
  std::vector<std::vector<OverdueItem>> ordered;
  for (auto& [lead, group] : groups) {
    std::sort(group.begin(), group.end(), more_urgent);
    ordered.push_back(std::move(group));
  }
  std::stable_sort(ordered.begin(), ordered.end(),
                   [](const auto& a, const auto& b) { return more_urgent(a.front(), b.front()); });
  for (auto& group : ordered) {
    for (OverdueItem& i : group) {
      list.items.push_back(std::move(i));
    }
  }
  return list;
}

}  // namespace duban
