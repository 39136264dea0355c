#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "core/lifecycle.hpp"
#include "io/text.hpp"

namespace duban::cli {

namespace {

struct AssignOptions {
  std::string id;
  std::string lead;
  std::vector<std::string> co;
  std::optional<std::string> owner;
  bool add_units = false;
  bool dry_run = false;
};

void run_assign(Context& ctx, CLI::App& cmd, const AssignOptions& o) {
  const std::string id = ctx.resolve_id(o.id);
  const bool co_given = cmd.count("--co") > 0;
  if (o.lead.empty() && !co_given && !o.owner) {
    throw usage_error("give --lead, --co or --owner");
  }
  std::optional<std::string> lead;
  if (!o.lead.empty()) {
    lead = ctx.resolve_unit(o.lead, o.add_units);
  }
  std::optional<std::vector<std::string>> co;
  if (co_given) {
    co = ctx.resolve_units(o.co, o.add_units);
  }
  const Date date = ctx.today();
  update_task(ctx, "assign", id, o.dry_run, [&](Task& t) {
    std::string to = lead ? *lead : t.lead;
    if (to.empty()) {
      throw usage_error(id + " has no lead unit yet: give --lead");
    }
    if (co) {
      std::erase(*co, to);
    }
    assign_task(t, date, to, co, o.owner ? std::optional(trim(*o.owner)) : std::nullopt);
  });
}

}  // namespace

void register_assign(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<AssignOptions>();
  CLI::App* cmd = app.add_subcommand(
      "assign", "Hand a task to a lead unit, or re-hand it (转办); the history stays in the log");
  cmd->add_option("ID", o->id, "Task id (2025-0042, or 42 for this year's)")->required();
  cmd->add_option("-l,--lead", o->lead, "New lead unit");
  cmd->add_option(
      "--co", o->co,
      "Co-operating units, replacing the old ones (repeatable, or 、-separated; '' clears)");
  cmd->add_option("--owner", o->owner, "Responsible person");
  cmd->add_flag("--add-units", o->add_units, "Add units not yet in units.yaml instead of failing");
  cmd->add_flag("-n,--dry-run", o->dry_run, "Show the change, write nothing");
  set_examples(*cmd,
               "  duban assign 2025-0042 --lead 市发改委 --co 市财政局、市住建局 --owner 李明\n"
               "  duban assign 2025-0042 --lead 市住建局    # 转办: re-hand to another unit\n");
  cmd->callback([&ctx, cmd, o] { run_assign(ctx, *cmd, *o); });
}

}  // namespace duban::cli
