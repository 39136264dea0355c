#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "io/task_view.hpp"

namespace duban::cli {

namespace {

void run_show(Context& ctx, const std::vector<std::string>& ids) {
  const std::string format = ctx.format({"text", "json"});
  const Workspace& ws = ctx.workspace();
  const TaskViewContext view{ws.config(), ws.calendar(), ctx.lang(), ctx.color()};
  std::vector<Task> tasks;
  for (const std::string& typed : ids) {
    tasks.push_back(ctx.task_to_show(ctx.resolve_id(typed)));  // units by their current names
  }
  std::vector<const Task*> shown;
  for (const Task& t : tasks) {
    shown.push_back(&t);
  }
  const std::vector<LitTask> lit =
      assess_tasks(shown, ctx.today(), ws.config().yellow_days, ws.calendar());
  if (format == "json") {
    // Always an array, one object per id, like `list`: a script reads one id
    // and several the same way.
    JsonWriter w;
    w.begin_array();
    for (const LitTask& l : lit) {
      write_task_json(w, *l.task, l.lateness, l.extension_request);
    }
    w.end_array();
    print(w.str());
    return;
  }
  for (size_t i = 0; i < lit.size(); ++i) {
    print((i > 0 ? "\n" : "") + render_task_detail(lit[i], view));
  }
}

}  // namespace

void register_show(CLI::App& app, Context& ctx) {
  auto ids = std::make_shared<std::vector<std::string>>();
  CLI::App* cmd = app.add_subcommand("show", "Everything about a task, its log as a timeline");
  cmd->add_option("ID", *ids, "Task id(s)")->required();
  set_examples(*cmd,
               "  duban show 2025-0042\n"
               "  duban show 42 --lang en\n"
               "  duban show 2025-0042 --format json\n");
  cmd->callback([&ctx, ids] { run_show(ctx, *ids); });
}

}  // namespace duban::cli
