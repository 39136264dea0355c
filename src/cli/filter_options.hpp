#pragma once

#include <optional>
#include <string>

#include "cli/context.hpp"
#include "core/query.hpp"

namespace duban::cli {

/// The filters of `list` (and later `export`) as typed.
struct FilterOptions {
  std::string status;
  std::string lead;
  std::string unit;
  std::string kind;
  std::string leader;
  std::string tag;
  bool listed = false;
  std::string due_before;
  std::string due_after;
  std::string text;
};

/// Add --status, --lead, --unit, --kind, --leader, --tag, --listed, --due-before, --due-after,
/// --text.
void add_filter_options(CLI::App& cmd, FilterOptions& o, const std::string& default_status);
/// The filter, with units, kinds and dates resolved; usage errors name the option.
TaskFilter build_filter(Context& ctx, const FilterOptions& o);

/// Load every task (summaries from the cache unless `full`); broken files go to
/// stderr as `duban: error: path:line: …` and make the command exit 3 after
/// doing the rest. The set lives as long as the context.
const TaskSet& load_tasks_reporting(Context& ctx, bool full = false,
                                    std::function<bool(const TaskBrief&)> want = {});
/// A `want` for load_tasks_reporting: tasks in one of `statuses` (all when empty).
std::function<bool(const TaskBrief&)> want_statuses(std::vector<Status> statuses);

}  // namespace duban::cli
