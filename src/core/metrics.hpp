#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/config.hpp"
#include "core/history.hpp"
#include "core/task.hpp"
#include "core/units.hpp"

namespace duban {

/// The ratings of closings (SPEC §9): 满意率 = (满意 + 基本满意) / rated.
struct Satisfaction {
  int satisfied = 0;            // 满意
  int basically_satisfied = 0;  // 基本满意
  int dissatisfied = 0;         // 不满意

  /// Count one rating as `done --rating` records it; false (nothing counted)
  /// for any other text.
  bool add(const std::string& rating);
  int rated() const { return satisfied + basically_satisfied + dissatisfied; }
  /// (satisfied + basically_satisfied) / rated; nullopt when nothing is rated.
  std::optional<double> rate() const;
  Satisfaction& operator+=(const Satisfaction& o);
};

/// The counts of SPEC §9 for one group of tasks over [from, to].
struct Metrics {
  int total = 0;
  int new_tasks = 0;
  int closed = 0;
  int closed_on_time = 0;
  int closed_late = 0;
  int open = 0;
  int overdue = 0;
  /// Ratings of the closings counted in `closed` that carry one (proposals,
  /// hotline tickets: whatever `done --rating` was given).
  Satisfaction satisfaction;

  /// closed / total; nullopt when total is 0.
  std::optional<double> completion_rate() const;
  /// closed_on_time / (closed + overdue); nullopt when that is 0.
  std::optional<double> on_time_rate() const;
  Metrics& operator+=(const Metrics& o);
  /// Nothing of the period: no task counted at all.
  bool empty() const;
};

/// Add one task's contribution to `m` for the period [from, to]; cancelled
/// tasks (as of `to`) count nowhere.
void count_task(Metrics& m, const Task& t, Date from, Date to);

/// How tasks are grouped in a report.
enum class GroupBy { unit, kind, leader, owner };

/// The group key of `t`: for `unit` the canonical name of `lead` (the lead unit
/// at the period's end, from state_at); "" when unset.
std::string group_key(const Task& t, GroupBy by, const Units& units, const std::string& lead);

struct GroupMetrics {
  std::string key;
  Metrics metrics;
};

/// An overdue task at the period's end.
struct OverdueAtEnd {
  const Task* task = nullptr;
  std::string lead;  // the lead unit on `to`, by its current name
  Date due;
  int days_overdue = 0;
  int escalation = 0;  // the escalation level reached by `to`
};

/// A unit with at least `late_threshold` late closures in the year of `to`.
struct FlaggedUnit {
  std::string unit;
  int late_closures = 0;
};

struct LeaderCount {
  std::string leader;
  Metrics metrics;
};

/// The ratings of one source kind's closings in the period.
struct KindSatisfaction {
  std::string kind;
  Satisfaction satisfaction;
};

struct UnitScore {
  std::string unit;
  double score = 0;
  int late_closures = 0;
  int overdue = 0;
  int escalation_levels = 0;
};

/// Everything `report` prints, computed from the files alone.
struct Report {
  Date from;
  Date to;
  Date as_of;
  GroupBy by = GroupBy::unit;
  Metrics totals;
  std::vector<GroupMetrics> groups;  // sorted by on-time rate, best first; no rate last
  std::vector<FlaggedUnit> flagged;
  std::vector<OverdueAtEnd> overdue;  // most overdue first
  std::vector<LeaderCount> leaders;   // instructions only
  std::vector<KindSatisfaction>
      satisfaction;               // by kind, in duban.yaml's order; kinds with ratings only
  std::vector<UnitScore> scores;  // when scoring rules are configured
};

Report build_report(const std::vector<const Task*>& tasks, Date from, Date to, Date as_of,
                    GroupBy by, const Config& config, const Units& units);

}  // namespace duban
