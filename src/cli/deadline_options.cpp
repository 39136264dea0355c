#include "cli/deadline_options.hpp"

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "core/error.hpp"

namespace duban::cli {

void add_deadline_options(CLI::App& cmd, DeadlineOptions& o, const std::string& otherwise) {
  cmd.add_option(
      "--due", o.due,
      "Deadline: 2025-04-15, 2025年4月15日, +15d, +10wd, +3m, eom, eoq, eoy" + otherwise);
  cmd.add_option("--within", o.within,
                 "Deadline as a period from today: 15d, 10wd, 2w, 3m, eom, eoq, eoy");
}

Date deadline_from_options(Context& ctx, const DeadlineOptions& o, const DueRule& fallback,
                           std::string_view fallback_owner, Date start) {
  if (!o.due.empty() && !o.within.empty()) {
    throw usage_error("give --due or --within, not both");
  }
  Date due;
  if (!o.due.empty()) {
    due = ctx.parse_date(o.due, "--due", DateUse::deadline);
    warn_fixed_rest_day(ctx, due, names_fixed_day(o.due));
  } else {
    DueRule rule = fallback;
    if (!o.within.empty()) {
      auto r = parse_due_rule(o.within);
      if (!r || r->is_none()) {
        throw usage_error(
            fmt::format("--within '{}': expected 15d, 10wd, 2w, 3m, eom, eoq or eoy", o.within));
      }
      rule = *r;
    }
    if (rule.is_none()) {
      throw usage_error(fmt::format("{} has no default deadline: give --due DATE or --within 15d",
                                    fallback_owner));
    }
    const Workspace& ws = ctx.workspace();
    due = apply_due_rule(rule, start, ws.calendar(), ws.config().move_deadline_off_holidays);
    if (std::string problem = date_range_problem(due); !problem.empty()) {
      throw usage_error(
          fmt::format("the deadline {} from {}: {}", to_string(rule), start.iso(), problem));
    }
    warn_fixed_rest_day(ctx, due, rule.is_fixed_day());
  }
  if (due >= start) {
    warn_unknown_calendar(ctx, start, due);
  }
  return due;
}

void warn_fixed_rest_day(Context& ctx, Date due, bool fixed) {
  if (!fixed || ctx.workspace().calendar().is_workday(due)) {
    return;
  }
  ctx.warn(format_label("warn.fixed_rest_day", ctx.lang(), due.iso()));
}

void warn_unknown_calendar(Context& ctx, Date from, Date to) {
  for (int year : ctx.workspace().calendar().unknown_years(from, to)) {
    ctx.warn(fmt::format(
        "no holiday calendar for {}: working days there count weekends only; add calendar/{}.yaml "
        "when the State Council notice is published",
        year, year));
  }
}

}  // namespace duban::cli
