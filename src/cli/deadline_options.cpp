#include "cli/deadline_options.hpp"

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "core/error.hpp"
#include "core/lifecycle.hpp"

namespace duban::cli {

void add_deadline_options(CLI::App& cmd, DeadlineOptions& o, const std::string& otherwise) {
  cmd.add_option(
      "--due", o.due,
      "Deadline: 2025-04-15, 2025年4月15日, +15d, +10wd, +3m, eom, eoq, eoy" + otherwise);
  cmd.add_option("--within", o.within,
                 "Deadline as a period from today: 15d, 10wd, 2w, 3m, eom, eoq, eoy");
}

namespace {

// The deadline --due gives, nullopt without it; usage error when both options are given.
std::optional<NewDeadline> typed_deadline(Context& ctx, const DeadlineOptions& o) {
  if (!o.due.empty() && !o.within.empty()) {
    throw usage_error("give --due or --within, not both");
  }
  if (o.due.empty()) {
    return std::nullopt;
  }
  return NewDeadline{ctx.parse_date(o.due, "--due", DateUse::deadline), names_fixed_day(o.due)};
}

// The rule --within gives, nullopt without it; usage error when it does not parse.
std::optional<DueRule> within_rule(const DeadlineOptions& o) {
  if (o.within.empty()) {
    return std::nullopt;
  }
  auto r = parse_due_rule(o.within);
  if (!r || r->is_none()) {
    throw usage_error(
        fmt::format("--within '{}': expected 15d, 10wd, 2w, 3m, eom, eoq or eoy", o.within));
  }
  return r;
}

// `d` after the warnings it calls for.
Date warned(Context& ctx, const NewDeadline& d, Date start) {
  warn_fixed_rest_day(ctx, d.due, d.fixed);
  if (d.due >= start) {
    warn_unknown_calendar(ctx, start, d.due);
  }
  return d.due;
}

}  // namespace

Date deadline_from_options(Context& ctx, const DeadlineOptions& o, const DueRule& fallback,
                           std::string_view fallback_owner, Date start) {
  if (auto typed = typed_deadline(ctx, o)) {
    return warned(ctx, *typed, start);
  }
  const std::optional<DueRule> within = within_rule(o);
  const Workspace& ws = ctx.workspace();
  return warned(ctx,
                deadline_by_rule(within, fallback, fallback_owner, start, ws.calendar(),
                                 ws.config().move_deadline_off_holidays),
                start);
}

Date rework_deadline_from_options(Context& ctx, const DeadlineOptions& o, Date date) {
  if (auto typed = typed_deadline(ctx, o)) {
    return warned(ctx, *typed, date);
  }
  const std::optional<DueRule> within = within_rule(o);
  const Workspace& ws = ctx.workspace();
  return warned(ctx, rework_deadline(date, within, ws.config(), ws.calendar()), date);
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
