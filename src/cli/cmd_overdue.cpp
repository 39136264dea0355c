#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "cli/filter_options.hpp"
#include "cli/output.hpp"
#include "core/error.hpp"
#include "core/lifecycle.hpp"
#include "io/overdue_view.hpp"

namespace duban::cli {

namespace {

struct OverdueCommand {
  OverdueSelection selection;
  std::string out;
};

// The tasks of the selection's --unit, --kind and --listed, with unit the canonical
// name of --unit ("" without it).
std::vector<const Task*> selected_tasks(Context& ctx, const TaskSet& set, const OverdueSelection& o,
                                        std::string& unit) {
  TaskFilter filter;
  unit = o.unit.empty() ? "" : ctx.resolve_unit(o.unit, false);
  if (!o.kind.empty()) {
    filter.kind = ctx.resolve_kind(o.kind);
  }
  if (o.listed) {
    filter.listed = true;
  }
  return select_tasks(set.tasks, filter, ctx.workspace().units());
}

// The requests pending and notices not signed for among the selected tasks
// (--red-only and --within choose lights, not these). A summary from the
// cache keeps no reasons: the few tasks with a request are read whole.
FeedbackWatch watch_selected(Context& ctx, const TaskSet& set, const OverdueSelection& o) {
  const Workspace& ws = ctx.workspace();
  std::string unit;
  const std::vector<const Task*> tasks = selected_tasks(ctx, set, o, unit);
  FeedbackWatch watch =
      watch_feedback(tasks, ctx.today(), ws.calendar(), ws.units(), ws.config().reply_days, unit);
  for (PendingRequest& r : watch.requests) {
    if (r.task->partial) {
      const Task whole = ws.load_task(r.task->id);
      if (const LogEntry* e = pending_extension(whole, ctx.today())) {
        r.reason = e->get("reason");
      }
    }
  }
  return watch;
}

void run_overdue(Context& ctx, const OverdueCommand& o) {
  const std::string format = ctx.format({"text", "md", "csv", "json", "xlsx"});
  if (format == "xlsx") {
    check_binary_destination(format, o.out);
  }
  refuse_workspace_out(ctx, o.out);
  const TaskSet& set = load_tasks_reporting(ctx, false, want_chased(ctx.today()));
  const OverdueList list = select_overdue(ctx, set, o.selection);
  const Workspace& ws = ctx.workspace();
  const FeedbackWatch watch = watch_selected(ctx, set, o.selection);
  // The list says which day it is for; the view takes the day from it.
  const TaskViewContext view{ws.config(), ws.calendar(), ctx.lang(), o.out.empty() && ctx.color(),
                             ctx.options.headers};
  if (format == "xlsx") {
    write_binary_output(render_overdue_xlsx(list, view), o.out);
  } else if (format == "json") {
    write_output(render_overdue_json(list, watch, view), o.out);
  } else if (format == "csv") {
    write_output(render_overdue_csv(list, view), o.out);
  } else if (format == "md") {
    write_output(render_overdue_markdown(list, watch, view), o.out);
  } else {
    write_output(render_overdue_text(list, watch, view, o.out.empty() ? ctx.terminal_width() : 0),
                 o.out);
  }
  if (o.selection.exit_code && list.red > 0) {
    ctx.set_exit(k_exit_red);
  }
}

}  // namespace

void add_overdue_selection(CLI::App& cmd, OverdueSelection& o) {
  cmd.add_option("--unit", o.unit, "Only tasks this unit leads or co-operates on");
  cmd.add_option("--kind", o.kind, "Only this source kind");
  cmd.add_flag("--red-only", o.red_only, "Only red (overdue) tasks");
  cmd.add_flag("--listed", o.listed, "Only tasks under top-priority supervision (挂牌督办)");
  cmd.add_option("--within", o.within, "Yellow window in days (default: yellow_days in duban.yaml)")
      ->check(CLI::Range(0, 365));
}

std::function<bool(const TaskBrief&)> want_chased(Date as_of) {
  return [as_of](const TaskBrief& b) {
    if (b.created > as_of) {
      return false;  // did not exist yet
    }
    // Done, cancelled or suspended by its last event on or before as_of: so it was on as_of.
    return b.last_event > as_of || is_being_handled(b.status);
  };
}

OverdueList select_overdue(Context& ctx, const TaskSet& set, const OverdueSelection& o) {
  const Workspace& ws = ctx.workspace();
  // Status and lead unit are judged as they stood on the as-of day, by build_overdue_list.
  OverdueOptions opt;
  const std::vector<const Task*> tasks = selected_tasks(ctx, set, o, opt.unit);
  opt.yellow_days = o.within ? *o.within : ws.config().yellow_days;
  opt.red_only = o.red_only;
  opt.escalate_after_days = ws.config().escalate_after_days;
  return build_overdue_list(tasks, ctx.today(), ws.config(), ws.calendar(), ws.units(), opt);
}

void register_overdue(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<OverdueCommand>();
  CLI::App* cmd = app.add_subcommand(
      "overdue",
      "Red and yellow tasks and late feedback as of a date, by lead unit; writes nothing");
  add_overdue_selection(*cmd, o->selection);
  cmd->add_flag("--exit-code", o->selection.exit_code,
                "Exit 1 when anything is red (for monitoring)");
  cmd->add_option("--out", o->out, "Write to this file instead of stdout");
  set_examples(*cmd,
               "  duban overdue\n"
               "  duban overdue --as-of 2025-10-10 --unit 市水务局 --red-only\n"
               "  duban overdue --format md > reports/overdue-$(date +%F).md\n"
               "  duban overdue --format xlsx --out 超期督办清单.xlsx\n");
  cmd->callback([&ctx, o] { run_overdue(ctx, *o); });
}

}  // namespace duban::cli
