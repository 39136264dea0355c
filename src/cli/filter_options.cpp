#include "cli/filter_options.hpp"

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <iostream>

#include "core/error.hpp"
#include "io/text.hpp"

namespace duban::cli {

void add_filter_options(CLI::App& cmd, FilterOptions& o, const std::string& default_status) {
  o.status = default_status;
  cmd.add_option(
         "--status", o.status,
         "Statuses, comma-separated: registered, assigned, active, done, suspended, cancelled; "
         "or open, or all")
      ->capture_default_str();
  cmd.add_option("--lead", o.lead, "Lead unit (any alias)");
  cmd.add_option("--unit", o.unit, "Lead or co-operating unit");
  cmd.add_option("--kind", o.kind, "Source kind (name or label)");
  cmd.add_option("--leader", o.leader, "Instructing leader");
  cmd.add_option("--tag", o.tag, "Tag");
  cmd.add_flag("--listed", o.listed, "Only tasks under top-priority supervision (挂牌督办)");
  cmd.add_option("--due-before", o.due_before, "Deadline before this date");
  cmd.add_option("--due-after", o.due_after, "Deadline after this date");
  cmd.add_option("--text", o.text, "Text in the title, ref, leader or log");
}

TaskFilter build_filter(Context& ctx, const FilterOptions& o) {
  TaskFilter f;
  auto statuses = parse_status_filter(o.status);
  if (!statuses) {
    throw usage_error(
        fmt::format("--status '{}': expected registered, assigned, active, done, suspended, "
                    "cancelled, open or all",
                    o.status));
  }
  f.statuses = *statuses;
  if (!o.lead.empty()) {
    f.lead = ctx.resolve_unit(o.lead, false);
  }
  if (!o.unit.empty()) {
    f.unit = ctx.resolve_unit(o.unit, false);
  }
  if (!o.kind.empty()) {
    f.kind = ctx.resolve_kind(o.kind);
  }
  f.leader = trim(o.leader);
  f.tag = trim(o.tag);
  if (o.listed) {
    f.listed = true;
  }
  if (!o.due_before.empty()) {
    f.due_before = ctx.parse_date(o.due_before, "--due-before", DateUse::plain);
  }
  if (!o.due_after.empty()) {
    f.due_after = ctx.parse_date(o.due_after, "--due-after", DateUse::plain);
  }
  f.text = o.text;
  return f;
}

std::function<bool(const TaskBrief&)> want_statuses(std::vector<Status> statuses) {
  if (statuses.empty()) {
    return {};
  }
  return [statuses = std::move(statuses)](const TaskBrief& b) {
    return std::find(statuses.begin(), statuses.end(), b.status) != statuses.end();
  };
}

const TaskSet& load_tasks_reporting(Context& ctx, bool full,
                                    std::function<bool(const TaskBrief&)> want) {
  TaskSet& set =
      ctx.keep(ctx.workspace().load_tasks(LoadOptions{full, ctx.options.jobs, std::move(want)}));
  for (const std::string& e : set.errors) {
    print_error(e);
  }
  if (!set.errors.empty()) {
    ctx.set_exit(set.exit_code());
  }
  return set;
}

}  // namespace duban::cli
