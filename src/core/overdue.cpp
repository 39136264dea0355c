#include "duban/overdue.hpp"

#include <algorithm>
#include <map>

namespace duban {

namespace {

// The last escalation's date, or nullopt.
std::optional<Date> last_escalated(const Task& t) {
  for (auto it = t.log.rbegin(); it != t.log.rend(); ++it) {
    if (it->type == "escalate") {
      return it->date;
    }
  }
  return std::nullopt;
}

std::string missed_milestone(const Task& t, const Lateness& late) {
  if (late.light != Light::red || !late.deadline || (t.due && *t.due == *late.deadline)) {
    return "";
  }
  for (const Milestone& m : t.milestones) {
    if (!m.done && m.due == *late.deadline) {
      return m.title;
    }
  }
  return "";
}

bool is_escalation_due(const Task& t, const Lateness& late, const Config& config, Date as_of, int after_days) {
  if (after_days <= 0 || late.light != Light::red ||
      t.escalation >= static_cast<int>(config.escalation_names.size())) {
    return false;
  }
  Date since = *late.deadline;
  if (auto e = last_escalated(t); e && *e > since) {
    since = *e;
  }
  return as_of.days() - since.days() > after_days;
}

// Red first, most overdue first; then yellow by nearest deadline; then the rest.
bool more_urgent(const OverdueItem& a, const OverdueItem& b) {
  auto rank = [](const OverdueItem& i) { return i.lateness.light == Light::red ? 0 : i.lateness.light == Light::yellow ? 1 : 2; };
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

std::optional<Date> last_feedback_day(const std::string& cadence, Date as_of, const Config& config) {
  if (cadence == "weekly") {
    int back = (as_of.weekday() - config.weekly_feedback_weekday + 7) % 7;
    return as_of.plus_days(-back);
  }
  if (cadence == "monthly") {
    Date this_month = Date::from_ymd(as_of.year(), as_of.month(), config.monthly_feedback_day);
    if (this_month <= as_of) {
      return this_month;
    }
    Date prev = as_of.plus_months(-1);
    return Date::from_ymd(prev.year(), prev.month(), config.monthly_feedback_day);
  }
  return std::nullopt;
}

std::optional<Date> assigned_on(const Task& t) {
  for (const LogEntry& e : t.log) {
    if (e.type == "assign") {
      return e.date;
    }
  }
  return std::nullopt;
}

bool is_feedback_late(const Task& t, Date as_of, const Config& config) {
  if (t.cadence.empty() || t.status == Status::done || t.status == Status::cancelled ||
      t.status == Status::suspended) {
    return false;
  }
  auto due_day = last_feedback_day(t.cadence, as_of, config);
  auto assigned = assigned_on(t);
  if (!due_day || !assigned || *due_day <= *assigned) {
    return false;
  }
  auto last = t.last_progress();
  return !last || *last < *due_day;
}

OverdueList build_overdue_list(const std::vector<const Task*>& tasks, Date as_of, const Config& config,
                               const Calendar& cal, const Units& units, const OverdueOptions& opt) {
  OverdueList list;
  list.as_of = as_of;
  std::vector<OverdueItem> items;
  for (const Task* t : tasks) {
    OverdueItem item;
    item.task = t;
    item.lateness = assess_lateness(*t, as_of, opt.yellow_days, cal);
    item.feedback_late = is_feedback_late(*t, as_of, config);
    const bool red = item.lateness.light == Light::red;
    const bool yellow = item.lateness.light == Light::yellow;
    if (opt.red_only ? !red : !(red || yellow || item.feedback_late)) {
      continue;
    }
    item.lead = units.canonical(t->lead).value_or(t->lead);
    item.last_progress = t->last_progress();
    item.late_milestone = missed_milestone(*t, item.lateness);
    item.escalation_due = is_escalation_due(*t, item.lateness, config, as_of, opt.escalate_after_days);
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
