#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "cli/deadline_options.hpp"
#include "core/error.hpp"
#include "core/lifecycle.hpp"
#include "io/text.hpp"

namespace duban::cli {

namespace {

struct ExtendOptions {
  std::string id;
  std::string to;
  std::string reason;
  bool dry_run = false;
};

void run_extend(Context& ctx, const ExtendOptions& o) {
  const std::string id = ctx.resolve_id(o.id);
  std::string reason = trim(o.reason);
  if (reason.empty()) {
    throw usage_error("--reason is empty");
  }
  const Date to = ctx.parse_date(o.to, "--to", DateUse::deadline);
  warn_fixed_rest_day(ctx, to, names_fixed_day(o.to));
  const Date date = ctx.today();
  update_task(ctx, "extend", id, o.dry_run, [&](Task& t) { extend_task(t, date, to, reason); });
}

}  // namespace

void register_extend(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<ExtendOptions>();
  CLI::App* cmd = app.add_subcommand(
      "extend", "Record an approved extension (延期); the old deadline stays in the log");
  cmd->add_option("ID", o->id, "Task id")->required();
  cmd->add_option("--to", o->to, "New deadline (a date, or +15d, +1m, eom …)")->required();
  cmd->add_option("--reason", o->reason, "Why the extension was approved")->required();
  cmd->add_flag("-n,--dry-run", o->dry_run, "Show the change, write nothing");
  set_examples(*cmd,
               "  duban extend 2025-0042 --to 2025-04-15 --reason '用地审批尚未完成'\n"
               "  duban extend 2025-0042 --to +1m --reason '等待省厅批复'\n");
  cmd->callback([&ctx, o] { run_extend(ctx, *o); });
}

}  // namespace duban::cli
