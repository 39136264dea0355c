#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "core/lifecycle.hpp"
#include "io/text.hpp"

namespace duban::cli {

namespace {

struct ProgressOptions {
  std::string id;
  std::string text;
  std::string by;
  std::optional<int> percent;
  std::string attach;
  std::string milestone;
  bool add_units = false;
  bool dry_run = false;
};

void run_progress(Context& ctx, const ProgressOptions& o) {
  const std::string id = ctx.resolve_id(o.id);
  ProgressInput in;
  in.text = trim(o.text);
  if (in.text.empty()) {
    throw usage_error("the feedback text is empty");
  }
  if (!o.by.empty()) {
    in.by = ctx.resolve_unit(o.by, o.add_units);
  }
  in.percent = o.percent;
  in.attach = o.attach;
  in.milestone = trim(o.milestone);
  const Date date = ctx.today();
  update_task(ctx, "progress", id, o.dry_run, [&](Task& t) { record_progress(t, date, in); });
}

}  // namespace

void register_progress(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<ProgressOptions>();
  CLI::App* cmd = app.add_subcommand("progress", "Record feedback (反馈) from a unit");
  cmd->add_option("ID", o->id, "Task id")->required();
  cmd->add_option("TEXT", o->text, "What the unit reported")->required();
  cmd->add_option("--by", o->by, "Reporting unit (default: the lead unit)");
  cmd->add_option("--percent", o->percent, "Share of the work done, 0-100")
      ->check(CLI::Range(0, 100));
  cmd->add_option("--attach", o->attach, "Path or reference of an attached document");
  cmd->add_option("--milestone", o->milestone, "Mark this milestone (title or number) reached");
  cmd->add_flag("--add-units", o->add_units, "Add units not yet in units.yaml instead of failing");
  cmd->add_flag("-n,--dry-run", o->dry_run, "Show the change, write nothing");
  set_examples(*cmd,
               "  duban progress 2025-0042 '已完成可研批复，正在推进用地审批。' --percent 30\n"
               "  duban progress 2025-0042 '土建完工' --milestone 1 --date 2025-06-28\n");
  cmd->callback([&ctx, o] { run_progress(ctx, *o); });
}

}  // namespace duban::cli
