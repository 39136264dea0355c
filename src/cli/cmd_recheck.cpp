#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "duban/lifecycle.hpp"
#include "duban/text.hpp"

namespace duban::cli {

namespace {

struct RecheckOptions {
  std::string id;
  std::string text;
  std::string problem;
  bool dry_run = false;
};

void run_recheck(Context& ctx, const RecheckOptions& o) {
  const std::string id = ctx.resolve_id(o.id);
  const Date date = ctx.today();
  update_task(ctx, "recheck", id, o.dry_run,
              [&](Task& t) { recheck_task(t, date, trim(o.text), trim(o.problem)); });
}

}  // namespace

void register_recheck(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<RecheckOptions>();
  CLI::App* cmd = app.add_subcommand("recheck", "Record a follow-up check (回头看) on a closed task; --problem reopens it");
  cmd->add_option("ID", o->id, "Task id")->required();
  cmd->add_option("TEXT", o->text, "What the check found");
  cmd->add_option("--problem", o->problem, "A problem found: the task is reopened");
  cmd->add_flag("-n,--dry-run", o->dry_run, "Show the change, write nothing");
  set_examples(*cmd,
               "  duban recheck 2025-0042 '现场核查，整改到位'\n"
               "  duban recheck 2025-0042 --problem '路面再次破损，需返工'\n");
  cmd->callback([&ctx, o] { run_recheck(ctx, *o); });
}

}  // namespace duban::cli
