#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <sstream>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "core/validate.hpp"
#include "store/codec.hpp"
#include "store/fsutil.hpp"

namespace fs = std::filesystem;

namespace duban::cli {

namespace {

// $VISUAL or $EDITOR split on spaces ("code -w" works), run without a shell.
int run_editor(const fs::path& file) {
  const char* env = std::getenv("VISUAL");
  if (!env || !*env) {
    env = std::getenv("EDITOR");
  }
  std::istringstream words(env && *env ? env : "vi");
  std::vector<std::string> args;
  for (std::string w; words >> w;) {
    args.push_back(w);
  }
  args.push_back(file.string());
  std::vector<char*> argv;
  for (std::string& a : args) {
    argv.push_back(a.data());
  }
  argv.push_back(nullptr);
  pid_t pid = fork();
  if (pid < 0) {
    throw io_error("cannot start the editor");
  }
  if (pid == 0) {
    execvp(argv[0], argv.data());
    std::cerr << fmt::format("duban: error: cannot run editor '{}'\n", args[0]);
    _exit(127);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

bool same_entry(const LogEntry& a, const LogEntry& b) {
  auto same_field = [](const LogField& x, const LogField& y) {
    return x.key == y.key && x.value == y.value && x.items == y.items && x.is_list == y.is_list;
  };
  auto same_extra = [](const ExtraField& x, const ExtraField& y) {
    return x.key == y.key && x.yaml == y.yaml;
  };
  return a.date == b.date && a.type == b.type &&
         std::equal(a.fields.begin(), a.fields.end(), b.fields.begin(), b.fields.end(),
                    same_field) &&
         std::equal(a.extra.begin(), a.extra.end(), b.extra.begin(), b.extra.end(), same_extra);
}

// What SPEC §4 keeps of `before` in `after`: the uid (one may be added where
// there was none) and every log entry, unchanged and first (entries may only
// be appended).
std::vector<std::string> history_problems(const Task& before, const Task& after,
                                          const std::string& text, const std::string& shown_path) {
  std::vector<std::string> out;
  if (!before.uid.empty() && after.uid != before.uid) {
    out.push_back(
        fmt::format("{}:{}: the uid cannot change (was {}): it names the task in every clone",
                    shown_path, line_of(text, "uid"), before.uid));
  }
  for (size_t i = 0; i < before.log.size(); ++i) {
    if (i >= after.log.size() || !same_entry(before.log[i], after.log[i])) {
      out.push_back(fmt::format(
          "{}:{}: log entry {} ({} {}) was changed or removed: the log is append-only; add an "
          "entry instead",
          shown_path, line_of(text, i < after.log.size() ? fmt::format("log[{}]", i) : "log"),
          i + 1, before.log[i].date.iso(), before.log[i].type));
      break;
    }
  }
  return out;
}

// Problems of the edited text, as lines for the user; empty when it is good.
// `before` is the task as it was, when its file parsed.
std::vector<std::string> problems_of(const Workspace& ws, const std::string& id,
                                     const std::string& text, const std::string& shown_path,
                                     const std::optional<Task>& before, Task& parsed) {
  try {
    parsed = parse_task_text(text, shown_path);
  } catch (const Error& e) {
    return {e.what()};
  }
  std::vector<std::string> out;
  if (!parsed.unkept.empty()) {
    out.push_back(parsed.unkept);  // a later write would refuse the file
  }
  if (parsed.id != id) {
    out.push_back(
        fmt::format("{}:{}: the id cannot change (was {})", shown_path, line_of(text, "id"), id));
  }
  for (const Problem& p : validate_task(parsed, ws.config(), ws.units())) {
    out.push_back(fmt::format("{}:{}: {}", shown_path, line_of(text, p.where), p.message));
  }
  if (before) {
    std::vector<std::string> kept = history_problems(*before, parsed, text, shown_path);
    out.insert(out.end(), kept.begin(), kept.end());
  }
  return out;
}

// Delete the file `path` (nothing when it is missing).
void remove_file(const fs::path& path) {
  if (std::error_code ec; !fs::remove(path, ec) && ec) {
    throw filesystem_failure("cannot remove", path, ec);
  }
}

bool ask_again() {
  if (!isatty(STDIN_FILENO)) {
    return false;
  }
  std::cerr << "Edit again? [Y/n] ";
  std::string answer;
  std::getline(std::cin, answer);
  return answer.empty() || answer[0] == 'y' || answer[0] == 'Y';
}

void run_edit(Context& ctx, const std::string& typed) {
  Workspace& ws = ctx.workspace();
  const std::string id = ctx.resolve_id(typed);
  const fs::path path = ws.task_path(id);
  const std::string shown = ws.display_path(path);
  if (!fs::exists(link_status_of(path))) {
    throw data_error(fmt::format("no task {} (no file {})", id, shown));
  }
  const std::string original = read_regular_file(path, shown, k_max_task_file_bytes);
  std::optional<Task> before;
  try {
    before = parse_task_text(original, shown);
  } catch (const Error&) {
    // A file that does not parse has no uid or log to keep: the edit may repair it.
  }
  // The copy the editor works on lives in .duban/edit, never through a link.
  const fs::path scratch = ws.root() / ".duban" / "edit" / (id + ".yaml");
  ensure_real_directory(ws.root() / ".duban", ".duban");
  ensure_real_directory(scratch.parent_path(), ".duban/edit");
  write_file_atomic(scratch, original);
  Task edited;
  while (true) {
    if (int rc = run_editor(scratch); rc != 0) {
      throw io_error(fmt::format("the editor exited with status {}; {} is unchanged", rc,
                                 ws.display_path(path)));
    }
    const std::string text =
        read_regular_file(scratch, ws.display_path(scratch), k_max_task_file_bytes);
    if (text == original) {
      remove_file(scratch);
      std::cerr << fmt::format("{}: no changes\n", id);
      return;
    }
    std::vector<std::string> problems =
        problems_of(ws, id, text, ws.display_path(path), before, edited);
    if (problems.empty()) {
      break;
    }
    for (const std::string& p : problems) {
      print_error(p);
    }
    if (!ask_again()) {
      throw data_error(fmt::format("the edit was not saved; {} is unchanged (your version: {})",
                                   ws.display_path(path), ws.display_path(scratch)));
    }
  }
  auto lock = ws.lock();
  if (read_regular_file(path, shown, k_max_task_file_bytes) != original) {
    throw io_error(fmt::format("{} changed while you were editing; your version is in {}",
                               ws.display_path(path), ws.display_path(scratch)));
  }
  ws.save_task(edited);
  remove_file(scratch);
  ctx.commit({ws.display_path(path)}, fmt::format("edit {}", id));
  print(id + "\n");
}

}  // namespace

void register_edit(CLI::App& app, Context& ctx) {
  auto id = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand(
      "edit", "Open a task file in $VISUAL/$EDITOR; an invalid result is refused");
  cmd->add_option("ID", *id, "Task id")->required();
  set_examples(*cmd,
               "  duban edit 2025-0042\n"
               "  duban edit 42    # uses $VISUAL, else $EDITOR, else vi\n"
               "  EDITOR=nano duban edit 42\n");
  cmd->callback([&ctx, id] { run_edit(ctx, *id); });
}

}  // namespace duban::cli
