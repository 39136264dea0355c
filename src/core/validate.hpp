#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/config.hpp"
#include "core/task.hpp"
#include "core/units.hpp"

namespace duban {

/// A rule a task breaks: where (`kind`, `co`, `log[3]`, `milestones[0]`) and what.
struct Problem {
  std::string where;
  std::string message;
};

/// Check a parsed task against the workspace's rules: known kind and units,
/// dates in order, status agreeing with the log, escalation within the levels.
std::vector<Problem> validate_task(const Task& t, const Config& config, const Units& units);

/// The 1-based line of `where` (as validate_task names it) in a task file's text; 1 if not found.
int line_of(std::string_view text, std::string_view where);

}  // namespace duban
