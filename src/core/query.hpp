#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/task.hpp"
#include "core/units.hpp"

namespace duban {

/// The `list`/`export` filters (SPEC §7). Units are canonical names; a task's
/// units are matched through units.yaml, so renamed units still match.
struct TaskFilter {
  std::vector<Status> statuses;  // empty = any
  std::string lead;
  std::string unit;  // lead or co
  std::string kind;
  std::string leader;
  std::string tag;
  std::optional<bool> listed;
  std::optional<Date> due_before;  // due < this
  std::optional<Date> due_after;   // due > this
  std::string text;                // in title, ref, leader or any log text
};

/// Statuses named by `--status`: a comma list of statuses, or `open` (not done or
/// cancelled) or `all`. Nullopt when a name is unknown.
std::optional<std::vector<Status>> parse_status_filter(const std::string& text);

bool matches(const Task& t, const TaskFilter& f, const Units& units);

/// Show `t` with the current (canonical) name of every unit it names: lead
/// and co-units, and with `log` the units its log entries name (assign to /
/// from / co, remind to, progress by). After `units rename` the old name is an
/// alias, so every output names the unit as it is called now. Only for
/// display: a task changed this way is never written back (history is
/// append-only and files keep the names they were written with).
void use_current_unit_names(Task& t, const Units& units, bool log);

/// The tasks of `tasks` that match, in their order.
std::vector<const Task*> select_tasks(const std::vector<Task>& tasks, const TaskFilter& f,
                                      const Units& units);

}  // namespace duban
