#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "cli/deadline_options.hpp"
#include "core/error.hpp"
#include "core/lifecycle.hpp"
#include "io/text.hpp"

namespace duban::cli {

namespace {

struct RecheckOptions {
  std::string id;
  std::string text;
  std::string problem;
  DeadlineOptions deadline;
  bool dry_run = false;
};

void run_recheck(Context& ctx, const RecheckOptions& o) {
  const std::string id = ctx.resolve_id(o.id);
  const Date date = ctx.today();
  const std::string problem = trim(o.problem);
  std::optional<Date> due;
  if (!problem.empty()) {
    due = rework_deadline_from_options(ctx, o.deadline, date);
  } else if (!o.deadline.due.empty() || !o.deadline.within.empty()) {
    throw usage_error(
        "--due and --within go with --problem: only a problem found reopens the task");
  }
  update_task(ctx, "recheck", id, o.dry_run,
              [&](Task& t) { recheck_task(t, date, trim(o.text), problem, due); });
}

}  // namespace

void register_recheck(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<RecheckOptions>();
  CLI::App* cmd = app.add_subcommand(
      "recheck", "Record a follow-up check (回头看) on a closed task; --problem reopens it");
  cmd->add_option("ID", o->id, "Task id")->required();
  cmd->add_option("TEXT", o->text, "What the check found");
  cmd->add_option("--problem", o->problem,
                  "A problem found: the task is reopened with a new deadline");
  add_deadline_options(*cmd, o->deadline, "; default: rework_within in duban.yaml (15d)");
  cmd->add_flag("-n,--dry-run", o->dry_run, "Show the change, write nothing");
  set_examples(*cmd,
               "  duban recheck 2025-0042 '现场核查，整改到位'\n"
               "  duban recheck 2025-0042 --problem '路面再次破损，需返工'\n"
               "  duban recheck 2025-0042 --problem '整改不彻底' --within 10wd\n");
  cmd->callback([&ctx, o] { run_recheck(ctx, *o); });
}

}  // namespace duban::cli
