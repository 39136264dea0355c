#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "cli/filter_options.hpp"
#include "cli/output.hpp"
#include "core/error.hpp"
#include "io/export.hpp"
#include "store/codec.hpp"

namespace duban::cli {

namespace {

struct ExportOptions {
  FilterOptions filter;
  bool bom = false;
  std::string out;
};

void run_export(Context& ctx, const ExportOptions& o) {
  std::string format = ctx.options.format == "text" ? "csv" : ctx.options.format;
  if (format != "csv" && format != "json" && format != "yaml" && format != "xlsx") {
    format = ctx.format({"csv", "json", "yaml", "xlsx"});
  }
  if (format == "xlsx") {
    check_binary_destination(format, o.out);
  }
  refuse_workspace_out(ctx, o.out);
  const TaskFilter filter = build_filter(ctx, o.filter);
  const TaskSet& set = load_tasks_reporting(ctx, true, want_statuses(filter.statuses));
  const std::vector<const Task*> tasks = select_tasks(set.tasks, filter, ctx.workspace().units());
  if (format == "xlsx") {
    write_binary_output(
        export_xlsx(tasks, ctx.lang(), ctx.workspace().config().office, ctx.today()), o.out);
    return;
  }
  std::string text;
  if (format == "json") {
    text = export_json(tasks);
  } else if (format == "yaml") {
    text = export_yaml(tasks);
  } else {
    text = export_csv(tasks, ctx.lang(), o.bom);
  }
  write_output(text, o.out);
}

}  // namespace

void register_export(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<ExportOptions>();
  CLI::App* cmd = app.add_subcommand(
      "export",
      "All or filtered tasks as CSV (default), JSON, YAML or .xlsx; import reads them back");
  add_filter_options(*cmd, o->filter, "all");
  cmd->add_flag("--bom", o->bom,
                "Start CSV with a UTF-8 byte-order mark, so Excel reads Chinese correctly");
  cmd->add_option("--out", o->out, "Write to this file instead of stdout");
  set_examples(*cmd,
               "  duban export --bom --out 督办台账.csv\n"
               "  duban export --format json --status all > ledger.json\n"
               "  duban export --format yaml --lead 市发改委 --status done\n"
               "  duban export --format xlsx --out 督查事项台账.xlsx\n");
  cmd->callback([&ctx, o] { run_export(ctx, *o); });
}

}  // namespace duban::cli
