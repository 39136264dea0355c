#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "core/lifecycle.hpp"
#include "io/text.hpp"

namespace duban::cli {

namespace {

struct DoneOptions {
  std::string id;
  std::string result;
  std::string rating;
  bool dry_run = false;
};

void run_done(Context& ctx, const DoneOptions& o) {
  const std::string id = ctx.resolve_id(o.id);
  const Date date = ctx.today();
  update_task(ctx, "done", id, o.dry_run,
              [&](Task& t) { close_task(t, date, trim(o.result), o.rating); });
}

}  // namespace

void register_done(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<DoneOptions>();
  CLI::App* cmd = app.add_subcommand("done", "Close a task (办结)");
  cmd->add_option("ID", o->id, "Task id")->required();
  cmd->add_option("--result", o->result, "How it was resolved");
  cmd->add_option("--rating", o->rating, "Satisfaction for proposals: 满意, 基本满意 or 不满意")
      ->check(CLI::IsMember({"满意", "基本满意", "不满意"}));
  cmd->add_flag("-n,--dry-run", o->dry_run, "Show the change, write nothing");
  set_examples(*cmd,
               "  duban done 2025-0042 --result '项目已并网发电'\n"
               "  duban done 2025-0107 --result '已答复代表' --rating 满意 --date 2025-09-30\n");
  cmd->callback([&ctx, o] { run_done(ctx, *o); });
}

}  // namespace duban::cli
