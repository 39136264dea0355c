#pragma once

#include <string>
#include <string_view>

#include "cli/context.hpp"

namespace duban::cli {

/// `--due DATE` / `--within RULE` of a command that sets a deadline (add, and
/// return, recheck --problem, reopen for work handed back).
struct DeadlineOptions {
  std::string due;
  std::string within;
};

/// Add --due and --within to `cmd`; `otherwise` tells what applies without them.
void add_deadline_options(CLI::App& cmd, DeadlineOptions& o, const std::string& otherwise);

/// The deadline of work starting on `start` (today): --due as typed, else
/// deadline_by_rule with the --within rule or `fallback` (`fallback_owner`
/// names where it comes from, e.g. "kind petition"). Usage error when both
/// options are given, --due or --within does not parse, or deadline_by_rule
/// refuses. Warns when a fixed day is kept on a rest day or the calendar of a
/// year in between is missing.
Date deadline_from_options(Context& ctx, const DeadlineOptions& o, const DueRule& fallback,
                           std::string_view fallback_owner, Date start);

/// The same for work handed back on `date` (return, recheck --problem,
/// reopen): without --due, the lifecycle's rework_deadline.
Date rework_deadline_from_options(Context& ctx, const DeadlineOptions& o, Date date);

/// Warn that `due` is kept on a rest day when it is one and `fixed` (a typed
/// date or eom/eoq/eoy: SPEC §6 never moves those).
void warn_fixed_rest_day(Context& ctx, Date due, bool fixed);

/// Warn for each year in [from, to] that has no holiday calendar.
void warn_unknown_calendar(Context& ctx, Date from, Date to);

}  // namespace duban::cli
