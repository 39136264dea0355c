// `receipt`: a unit signed for the office's notice (签收, SPEC §15), on one
// or more tasks at once; notices not signed for in time show in `overdue`.
#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "core/lifecycle.hpp"

namespace duban::cli {

namespace {

struct ReceiptOptions {
  std::vector<std::string> ids;
  std::string unit;
  bool dry_run = false;
};

void run_receipt(Context& ctx, const ReceiptOptions& o) {
  const std::string unit = ctx.resolve_unit(o.unit, false);
  std::vector<std::string> ids;
  for (const std::string& typed : o.ids) {
    ids.push_back(ctx.resolve_id(typed));
  }
  const Date date = ctx.today();
  const Units& units = ctx.workspace().units();
  // All or nothing: one task the unit has no part in refuses the whole run.
  update_tasks(ctx, "receipt", ids, o.dry_run,
               [&](Task& t) { record_receipt(t, date, unit, units); });
}

}  // namespace

void register_receipt(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<ReceiptOptions>();
  CLI::App* cmd = app.add_subcommand(
      "receipt", "Record that a unit signed for the office's notice (签收) on each task named");
  cmd->add_option("ID", o->ids, "Task id(s)")->required();
  cmd->add_option("--unit", o->unit, "The unit that signed (a name, short name or alias)")
      ->required();
  cmd->add_flag("-n,--dry-run", o->dry_run, "Show the change, write nothing");
  set_examples(*cmd,
               "  duban receipt 2025-0042 --unit 市发改委\n"
               "  duban receipt 42 43 --unit 发改委 --date 2025-10-09\n");
  cmd->callback([&ctx, o] { run_receipt(ctx, *o); });
}

}  // namespace duban::cli
