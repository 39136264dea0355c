#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <iterator>
#include <map>

#include "cli/commands.hpp"
#include "duban/codec.hpp"
#include "duban/error.hpp"
#include "duban/parallel.hpp"
#include "duban/text.hpp"
#include "duban/validate.hpp"

namespace fs = std::filesystem;

namespace duban::cli {

namespace {

// What checking one task file found: its problems as `path:line: message`,
// and its id when it has a valid one (for the uniqueness check).
struct FileCheck {
  std::vector<std::string> problems;
  std::string id;
  std::string rel;
  size_t id_problems = 0;  // problems[0, id_problems) are about the file and its id
};

FileCheck check_file(const Workspace& ws, const fs::path& file) {
  FileCheck r;
  r.rel = ws.display_path(file);
  const std::string& rel = r.rel;
  auto& out = r.problems;
  std::string text;
  try {
    text = read_file(file);
  } catch (const Error& e) {
    out.push_back(fmt::format("{}:1: {}", rel, e.what()));
    return r;
  }
  Task t;
  try {
    t = parse_task(text, rel);
  } catch (const Error& e) {
    out.push_back(e.what());
    return r;
  }
  if (!t.unkept.empty()) {
    out.push_back(t.unkept);
  }
  if (t.id != file.stem().string()) {
    out.push_back(fmt::format("{}:{}: id '{}' does not match the file name", rel, line_of(text, "id"), t.id));
  } else if (!is_valid_task_id(t.id)) {
    out.push_back(fmt::format("{}:{}: id '{}' is not of the form YYYY-NNNN", rel, line_of(text, "id"), t.id));
  } else if (file.parent_path().filename() != t.id.substr(0, 4)) {
    out.push_back(fmt::format("{}:1: belongs in tasks/{}/", rel, t.id.substr(0, 4)));
  }
  r.id = t.id;
  r.id_problems = out.size();
  for (const Problem& p : validate_task(t, ws.config(), ws.units())) {
    out.push_back(fmt::format("{}:{}: {}", rel, line_of(text, p.where), p.message));
  }
  return r;
}

// Unfinished writes of a killed process and symbolic links: invisible to
// duban, but worth cleaning.
void report_leftovers(const Workspace& ws, std::vector<std::string>& out) {
  std::error_code ec;
  fs::path tasks = ws.root() / "tasks";
  if (!fs::is_directory(tasks, ec)) {
    return;
  }
  for (auto it = fs::recursive_directory_iterator(tasks, ec); it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (ec) {
      break;
    }
    std::string name = it->path().filename().string();
    if (it->is_symlink(ec)) {
      out.push_back(fmt::format("{}: a symbolic link, ignored: task files and year directories must be "
                                "inside the workspace",
                                it->path().lexically_relative(ws.root()).string()));
    } else if (it->is_regular_file() && name[0] == '.' && name.find(".yaml.") != std::string::npos) {
      out.push_back(fmt::format("{}:1: leftover temporary file of an interrupted write (safe to delete)",
                                ws.display_path(it->path())));
    }
  }
}

void run_check(Context& ctx) {
  std::vector<std::string> problems;
  std::optional<std::reference_wrapper<Workspace>> ws;
  try {
    ws = ctx.workspace();
  } catch (const Error& e) {
    if (e.code() != k_exit_data) {
      throw;
    }
    problems.push_back(e.what());
  }
  size_t files = 0;
  if (ws) {
    // Files are read, parsed and validated on --jobs threads; ids are
    // compared afterwards, in file order, so the output does not depend on them.
    const std::vector<fs::path> paths = ws->get().task_files();
    std::vector<FileCheck> checks(paths.size());
    parallel_for(paths.size(), ctx.options.jobs, 64, [&](size_t i) {
      try {
        checks[i] = check_file(*ws, paths[i]);
      } catch (const std::exception& e) {
        checks[i].problems.push_back(fmt::format("{}:1: {}", paths[i].string(), e.what()));
      }
    });
    std::map<std::string, std::string> seen_ids;
    for (FileCheck& c : checks) {
      if (!c.id.empty()) {
        if (auto [it, fresh] = seen_ids.emplace(c.id, c.rel); !fresh) {
          c.problems.insert(c.problems.begin() + static_cast<std::ptrdiff_t>(c.id_problems),
                            fmt::format("{}:1: id {} is also used by {}", c.rel, c.id, it->second));
        }
      }
      problems.insert(problems.end(), std::make_move_iterator(c.problems.begin()),
                      std::make_move_iterator(c.problems.end()));
    }
    files = paths.size();
    report_leftovers(*ws, problems);
  }
  for (const std::string& p : problems) {
    print(sanitize_terminal(p) + "\n");
  }
  if (!problems.empty()) {
    ctx.set_exit(k_exit_data);
  }
  if (!ctx.options.quiet) {
    std::cerr << fmt::format("checked {} task files: {}\n", files,
                             problems.empty() ? "no problems" : fmt::format("{} problem{}", problems.size(), problems.size() == 1 ? "" : "s"));
  }
}

}  // namespace

void register_check(CLI::App& app, Context& ctx) {
  CLI::App* cmd = app.add_subcommand(
      "check", "Validate the whole workspace; prints path:line: message for each problem, exit 3 if any");
  set_examples(*cmd,
               "  duban check\n"
               "  duban check --quiet || echo 'ledger needs attention'\n");
  cmd->callback([&ctx] { run_check(ctx); });
}

}  // namespace duban::cli
