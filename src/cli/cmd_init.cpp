#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <filesystem>
#include <iostream>
#include <sstream>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "store/config_file.hpp"
#include "store/embedded.hpp"
#include "store/fsutil.hpp"
#include "store/git.hpp"
#include "store/units_file.hpp"

namespace fs = std::filesystem;

namespace duban::cli {

namespace {

struct InitOptions {
  std::string dir = ".";
  std::string office = "督查室";
  bool git = false;
};

void write_new(const fs::path& path, const std::string& content) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec) {
    throw io_error(fmt::format("cannot create {}: {}", path.parent_path().string(), ec.message()));
  }
  write_file_atomic(path, content);
}

// Whether .gitignore text has a rule ignoring .duban whatever it is (the rule
// `.duban/` matches only a directory).
bool ignores_duban(const std::string& text) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) {
      line.pop_back();
    }
    if (line == ".duban" || line == "/.duban") {
      return true;
    }
  }
  return false;
}

// git init (unless already in a repository), the merge driver, a first commit.
void init_repository(const fs::path& root) {
  if (!in_git_repo(root)) {
    GitResult r = run_git(root, {"init", "--quiet"});
    if (!r.ok()) {
      throw io_error(r.code == -1 ? "git is not installed" : "git init failed: " + r.err);
    }
  }
  setup_git_repo(root);
  std::vector<std::string> paths = {"duban.yaml", "units.yaml", ".gitignore", ".gitattributes"};
  for (const EmbeddedFile& f : embedded_calendars()) {
    paths.push_back(std::string("calendar/") + f.name);
  }
  if (std::string failure; !commit_paths(root, paths, "init duban workspace", &failure)) {
    std::cerr << "duban: warning: the workspace is created but not committed: " << failure;
  }
}

void run_init(Context& ctx, const InitOptions& o) {
  fs::path root = absolute_path(ctx.options.dir ? *ctx.options.dir : o.dir);
  if (fs::exists(status_of(root / "duban.yaml"))) {
    throw data_error(
        fmt::format("{} is already a duban workspace (duban.yaml exists)", root.string()));
  }
  std::string config = default_config_yaml(o.office);
  if (o.git) {
    config.replace(config.find("autocommit: false"), 17, "autocommit: true");
  }
  write_new(root / "duban.yaml", config);
  if (!fs::exists(status_of(root / "units.yaml"))) {
    write_new(root / "units.yaml", emit_units(Units{}));
  }
  for (const EmbeddedFile& f : embedded_calendars()) {
    fs::path p = root / "calendar" / f.name;
    if (!fs::exists(status_of(p))) {
      write_new(p, f.text);
    }
  }
  if (std::error_code ec; !fs::create_directories(root / "tasks", ec) && ec) {
    throw filesystem_failure("cannot create directories", root / "tasks", ec);
  }
  fs::path ignore = root / ".gitignore";
  std::string text = fs::exists(link_status_of(ignore))
                         ? read_regular_file(ignore, ".gitignore", k_max_task_file_bytes)
                         : "";
  if (!ignores_duban(text)) {
    if (!text.empty() && text.back() != '\n') {
      text += '\n';
    }
    // Without the slash the rule also matches a file or a symbolic link named
    // .duban, so that a repository can never deliver one.
    write_new(
        ignore,
        text + "# local state of duban (lock, cache, staged imports): never committed\n.duban\n");
  }
  if (o.git) {
    init_repository(root);
  }
  if (!ctx.options.quiet) {
    print(fmt::format("initialised a duban workspace in {}\n", root.string()));
  }
}

}  // namespace

void register_init(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<InitOptions>();
  CLI::App* cmd = app.add_subcommand(
      "init", "Create a workspace: duban.yaml, units.yaml, calendar files, .gitignore");
  cmd->add_option("DIR", o->dir, "Directory to create it in (default: the current one)");
  cmd->add_option("--office", o->office, "Office name printed on notices and reports");
  cmd->add_flag("--git", o->git,
                "Also run git init, install the merge driver and commit after each change");
  set_examples(*cmd,
               "  duban init office --office 江北市人民政府督查室\n"
               "  duban init --git /srv/office --office 江北市人民政府督查室\n"
               "  duban --dir office units add 市发改委 --alias 发改委 --liaison 王芳\n");
  cmd->callback([&ctx, o] { run_init(ctx, *o); });
}

}  // namespace duban::cli
