#include "core/metrics.hpp"

#include <algorithm>

namespace duban {

namespace {

bool closed_late(const TaskState& s) {
  return s.closed_on && s.due && *s.closed_on > *s.due;
}

// The state that decides lateness of a closing: the deadline in force on the closing day.
TaskState closing_state(const Task& t, Date to) {
  TaskState end = state_at(t, to);
  if (end.closed && end.closed_on) {
    TaskState at_close = state_at(t, *end.closed_on);
    end.due = at_close.due;
  }
  return end;
}

std::string rating_of(const Task& t, Date to) {
  std::string rating;
  for (const LogEntry& e : t.log) {
    if (e.type == "done" && e.date <= to) {
      rating = e.get("rating");
    }
  }
  return rating;
}

// Descending by on-time rate; groups without a rate go last; ties by key.
bool better_group(const GroupMetrics& a, const GroupMetrics& b) {
  auto ra = a.metrics.on_time_rate();
  auto rb = b.metrics.on_time_rate();
  if (ra.has_value() != rb.has_value()) {
    return ra.has_value();
  }
  if (ra && *ra != *rb) {
    return *ra > *rb;
  }
  return a.key < b.key;
}

void score_units(Report& r, const std::vector<const Task*>& tasks, const Config& config,
                 const Units& units) {
  if (!config.scoring) {
    return;
  }
  std::map<std::string, UnitScore> by_unit;
  const Date year_start = Date::from_ymd(r.to.year(), 1, 1);
  for (const Task* t : tasks) {
    TaskState s = closing_state(*t, r.to);
    if (!s.exists || s.cancelled) {
      continue;
    }
    if (s.lead.empty() || (s.closed && s.closed_on && *s.closed_on < year_start)) {
      continue;
    }
    UnitScore& u = by_unit[group_key(*t, GroupBy::unit, units, s.lead)];
    if (s.closed && s.closed_on && *s.closed_on >= year_start && closed_late(s)) {
      ++u.late_closures;
    }
    if (overdue_on(s, r.to)) {
      ++u.overdue;
    }
    u.escalation_levels += s.escalation;
  }
  const ScoringRules& rules = *config.scoring;
  for (auto& [unit, u] : by_unit) {
    u.unit = unit;
    u.score = rules.base - rules.per_late_closure * u.late_closures -
              rules.per_overdue * u.overdue - rules.per_escalation_level * u.escalation_levels;
    r.scores.push_back(u);
  }
  std::stable_sort(r.scores.begin(), r.scores.end(),
                   [](const UnitScore& a, const UnitScore& b) { return a.score > b.score; });
}

}  // namespace

bool Satisfaction::add(const std::string& rating) {
  if (rating == "满意") {
    ++satisfied;
  } else if (rating == "基本满意") {
    ++basically_satisfied;
  } else if (rating == "不满意") {
    ++dissatisfied;
  } else {
    return false;
  }
  return true;
}

std::optional<double> Satisfaction::rate() const {
  if (rated() == 0) {
    return std::nullopt;
  }
  return static_cast<double>(satisfied + basically_satisfied) / rated();
}

Satisfaction& Satisfaction::operator+=(const Satisfaction& o) {
  satisfied += o.satisfied;
  basically_satisfied += o.basically_satisfied;
  dissatisfied += o.dissatisfied;
  return *this;
}

std::optional<double> Metrics::completion_rate() const {
  if (total == 0) {
    return std::nullopt;
  }
  return static_cast<double>(closed) / total;
}

std::optional<double> Metrics::on_time_rate() const {
  if (closed + overdue == 0) {
    return std::nullopt;
  }
  return static_cast<double>(closed_on_time) / (closed + overdue);
}

Metrics& Metrics::operator+=(const Metrics& o) {
  total += o.total;
  new_tasks += o.new_tasks;
  closed += o.closed;
  closed_on_time += o.closed_on_time;
  closed_late += o.closed_late;
  open += o.open;
  overdue += o.overdue;
  satisfaction += o.satisfaction;
  return *this;
}

void count_task(Metrics& m, const Task& t, Date from, Date to) {
  const TaskState end = closing_state(t, to);
  if (!end.exists || end.cancelled) {
    return;
  }
  const TaskState before = state_at(t, from.plus_days(-1));
  // Closed before the period and not reopened in it: not part of the period's work.
  const bool settled_before =
      before.exists && before.closed && end.closed && end.closed_on == before.closed_on;
  if (settled_before) {
    return;
  }
  ++m.total;
  if (t.created >= from) {
    ++m.new_tasks;
  }
  if (end.closed) {
    if (end.closed_on && *end.closed_on >= from) {
      ++m.closed;
      m.satisfaction.add(rating_of(t, to));
      if (closed_late(end)) {
        ++m.closed_late;
      } else {
        ++m.closed_on_time;
      }
    }
    return;
  }
  ++m.open;
  if (overdue_on(end, to)) {  // the same test as overdue --as-of's red by deadline
    ++m.overdue;
  }
}

bool Metrics::empty() const {
  return total == 0 && new_tasks == 0 && closed == 0 && open == 0;
}

std::string group_key(const Task& t, GroupBy by, const Units& units, const std::string& lead) {
  switch (by) {
    case GroupBy::unit:
      return units.canonical(lead).value_or(lead);
    case GroupBy::kind:
      return t.kind;
    case GroupBy::leader:
      return t.leader;
    case GroupBy::owner:
      return t.owner;
  }
  return "";
}

Report build_report(const std::vector<const Task*>& tasks, Date from, Date to, Date as_of,
                    GroupBy by, const Config& config, const Units& units) {
  Report r;
  r.from = from;
  r.to = to;
  r.as_of = as_of;
  r.by = by;
  std::map<std::string, Metrics> groups;
  std::map<std::string, Metrics> leaders;
  std::map<std::string, int> late_in_year;
  std::map<std::string, Satisfaction> ratings;  // by kind
  const Date year_start = Date::from_ymd(to.year(), 1, 1);
  for (const Task* t : tasks) {
    Metrics m;
    count_task(m, *t, from, to);
    const TaskState end = closing_state(*t, to);
    if (!end.exists || end.cancelled) {
      continue;
    }
    if (end.closed && end.closed_on && *end.closed_on >= year_start && closed_late(end)) {
      ++late_in_year[group_key(*t, GroupBy::unit, units, end.lead)];
    }
    if (m.empty()) {
      continue;
    }
    r.totals += m;
    groups[group_key(*t, by, units, end.lead)] += m;
    if (t->kind == "instruction" && !t->leader.empty()) {
      leaders[t->leader] += m;
    }
    if (m.overdue > 0) {
      r.overdue.push_back(OverdueAtEnd{t, group_key(*t, GroupBy::unit, units, end.lead), *end.due,
                                       to.days() - end.due->days(), end.escalation});
    }
    if (m.satisfaction.rated() > 0) {
      ratings[t->kind] += m.satisfaction;
    }
  }
  for (const KindConfig& k : config.kinds) {
    if (auto it = ratings.find(k.name); it != ratings.end()) {
      r.satisfaction.push_back(KindSatisfaction{k.name, it->second});
      ratings.erase(it);
    }
  }
  for (auto& [kind, s] : ratings) {  // kinds duban.yaml no longer names
    r.satisfaction.push_back(KindSatisfaction{kind, s});
  }
  for (auto& [key, m] : groups) {
    r.groups.push_back(GroupMetrics{key, m});
  }
  std::sort(r.groups.begin(), r.groups.end(), better_group);
  for (auto& [leader, m] : leaders) {
    r.leaders.push_back(LeaderCount{leader, m});
  }
  for (auto& [unit, n] : late_in_year) {
    if (n >= config.late_threshold && !unit.empty()) {
      r.flagged.push_back(FlaggedUnit{unit, n});
    }
  }
  std::sort(r.flagged.begin(), r.flagged.end(), [](const FlaggedUnit& a, const FlaggedUnit& b) {
    return a.late_closures > b.late_closures;
  });
  std::sort(r.overdue.begin(), r.overdue.end(), [](const OverdueAtEnd& a, const OverdueAtEnd& b) {
    return a.days_overdue != b.days_overdue ? a.days_overdue > b.days_overdue
                                            : a.task->id < b.task->id;
  });
  score_units(r, tasks, config, units);
  return r;
}

}  // namespace duban
