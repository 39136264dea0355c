#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <algorithm>

#include "cli/commands.hpp"
#include "cli/filter_options.hpp"
#include "cli/output.hpp"
#include "core/error.hpp"
#include "core/lifecycle.hpp"
#include "io/task_view.hpp"

namespace duban::cli {

namespace {

struct ListOptions {
  FilterOptions filter;
  std::string sort = "due";
  std::string out;
};

void sort_tasks(std::vector<const Task*>& tasks, const std::string& key) {
  auto by = [&](auto proj) {
    std::stable_sort(tasks.begin(), tasks.end(),
                     [&](const Task* a, const Task* b) { return proj(*a) < proj(*b); });
  };
  if (key == "due") {
    // Tasks without a deadline go last.
    by([](const Task& t) { return std::pair(t.due ? t.due->days() : 1 << 30, t.id); });
  } else if (key == "created") {
    by([](const Task& t) { return std::pair(t.created.days(), t.id); });
  } else if (key == "lead") {
    by([](const Task& t) { return std::pair(t.lead, t.id); });
  }
}

void run_list(Context& ctx, const ListOptions& o) {
  const std::string format = ctx.format({"text", "md", "csv", "json", "xlsx"});
  if (format == "xlsx") {
    check_binary_destination(format, o.out);
  }
  refuse_workspace_out(ctx, o.out);
  const TaskFilter filter = build_filter(ctx, o.filter);
  // --text searches log texts, which only the files hold; JSON reads the
  // files of the selected tasks after filtering on the cached summaries.
  const TaskSet& set =
      load_tasks_reporting(ctx, !o.filter.text.empty(), want_statuses(filter.statuses));
  std::vector<const Task*> tasks = select_tasks(set.tasks, filter, ctx.workspace().units());
  sort_tasks(tasks, o.sort);
  const Workspace& ws = ctx.workspace();
  const TaskViewContext view{ws.config(), ws.calendar(), ctx.lang(), o.out.empty() && ctx.color(),
                             ctx.options.headers};
  if (format == "json") {
    JsonWriter w;
    w.begin_array();
    for (const Task* t : tasks) {
      const Task whole = ctx.task_to_show(t->id);  // the whole file, units by their current names
      write_task_json(w, whole,
                      assess_lateness(whole, ctx.today(), ws.config().yellow_days, ws.calendar()),
                      pending_extension(whole, ctx.today()));
    }
    w.end_array();
    write_output(w.str(), o.out);
    return;
  }
  const std::vector<LitTask> lit =
      assess_tasks(tasks, ctx.today(), ws.config().yellow_days, ws.calendar());
  if (format == "csv") {
    write_output(render_task_list_csv(lit, view), o.out);
  } else if (format == "xlsx") {
    write_binary_output(render_task_list_xlsx(lit, view, ctx.today()), o.out);
  } else if (format == "md") {
    write_output(render_table_markdown(task_list_table(lit, view)), o.out);
  } else {
    const int width = o.out.empty() ? ctx.terminal_width() : 0;
    write_output(
        render_table_text(task_list_table(lit, view), TextTableOptions{view.color, width}) +
            fmt::format(
                fmt::runtime(label(tasks.size() == 1 ? "word.task" : "word.tasks", view.lang)),
                tasks.size()) +
            "\n",
        o.out);
  }
}

}  // namespace

void register_list(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<ListOptions>();
  CLI::App* cmd = app.add_subcommand(
      "list", "List tasks matching filters (open tasks unless --status says otherwise)");
  add_filter_options(*cmd, o->filter, "open");
  cmd->add_option("--sort", o->sort, "Order: due, id, created or lead")
      ->check(CLI::IsMember({"due", "id", "created", "lead"}))
      ->capture_default_str();
  cmd->add_option("--out", o->out, "Write to this file instead of stdout");
  set_examples(*cmd,
               "  duban list --lead 市发改委 --listed\n"
               "  duban list --status all --kind hotline --due-before 2025-07-01 --format csv\n"
               "  duban list --unit 市财政局 --text 热电 --format json | jq '.[].id'\n"
               "  duban list --lead 市发改委 --format xlsx --out 发改委事项.xlsx\n");
  cmd->callback([&ctx, o] { run_list(ctx, *o); });
}

}  // namespace duban::cli
