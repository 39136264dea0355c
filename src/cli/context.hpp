#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/deadline.hpp"
#include "io/labels.hpp"
#include "store/workspace.hpp"

namespace CLI {
class App;
}

namespace duban::cli {

/// Options every command accepts (SPEC §7).
struct GlobalOptions {
  std::optional<std::string> dir;
  std::optional<std::string> as_of;
  std::string format = "text";
  std::optional<std::string> lang;
  Lang headers = Lang::en;  // header row of --format csv
  std::string color = "auto";
  bool quiet = false;
  int jobs = 0;
};

/// What a command needs from its surroundings: options, the workspace (opened
/// on first use), today's date, and the conventions for output.
class Context {
 public:
  GlobalOptions options;

  Workspace& workspace();
  /// --as-of/--date, else $DUBAN_TODAY, else the local date.
  Date today();
  /// A date typed for `option`; a usage error naming the option when it does not
  /// parse or lands outside 1900-01-01 … 2999-12-31.
  Date parse_date(const std::string& text, std::string_view option, DateUse use);
  Lang lang();
  /// Colour on stdout: --color, else only on a terminal and without NO_COLOR.
  bool color() const;
  /// Columns of the terminal on stdout, or 0 when not a terminal.
  int terminal_width() const;
  /// The output format, checked against what the command supports.
  std::string format(const std::vector<std::string>& allowed) const;

  /// The canonical unit name for `text`; unknown units are an error with a
  /// did-you-mean, or are added to units.yaml when `add_missing`.
  std::string resolve_unit(const std::string& text, bool add_missing);
  /// Units from repeated or 、-separated option values, resolved.
  std::vector<std::string> resolve_units(const std::vector<std::string>& values, bool add_missing);
  /// A kind typed as a name or a label; error listing the kinds when unknown.
  std::string resolve_kind(const std::string& text);
  /// A task id as typed: `2025-0042`, or `42` for this year's 2025-0042.
  std::string resolve_id(const std::string& text);

  /// Keep `set` for the rest of the run and return it. Its tasks name their
  /// lead and co-units by the current names (use_current_unit_names), so that
  /// every list shows a renamed unit's new name; their logs stay as read, so
  /// an import that updates a task writes its history back unchanged.
  TaskSet& keep(TaskSet set);
  /// The whole task `id` to show: every unit, also in its log, by its current
  /// name. Never written back.
  Task task_to_show(const std::string& id);

  /// With the writer lock held: add the units resolve_unit added to units.yaml
  /// as it is on disk now, and save it; true when there were any.
  bool save_added_units();
  /// With `git: {autocommit: true}`, commit exactly `paths` (relative to the
  /// workspace) with `message`; a failure is a warning: the change stands.
  void commit(const std::vector<std::string>& paths, const std::string& message);
  void warn(const std::string& message) const;
  /// Ask for the worst exit code seen so far to be returned.
  void set_exit(int code) { exit_code = std::max(exit_code, code); }
  int exit_code = 0;

 private:
  std::optional<Workspace> workspace_;
  std::optional<Date> today_;
  std::optional<Units> added_units_;
  std::optional<TaskSet> tasks_;
};

/// Run a write command on one task: lock, load, change, then write it
/// atomically, commit it when autocommit is on, and print its id; with
/// `dry_run` show the change only. `action` names the command in the commit.
void update_task(Context& ctx, const std::string& action, const std::string& id, bool dry_run,
                 const std::function<void(Task&)>& change);
/// The same over several tasks as one change: every one is loaded and changed
/// before any is written, so that one refused (`change` throws) leaves all as
/// they were; then all are written together (save_tasks_together) and
/// committed, and their ids printed. Each id counts once.
void update_tasks(Context& ctx, const std::string& action, const std::vector<std::string>& ids,
                  bool dry_run, const std::function<void(Task&)>& change);

/// Print `text` to stdout through sanitize_output(): whatever a renderer let
/// through, no control sequence but colour reaches the terminal.
void print(const std::string& text);

/// Print "duban: error: MESSAGE" to stderr, control characters neutralised
/// (messages quote file contents and arguments).
void print_error(std::string_view message);

/// From now on, everything written to std::cerr (messages quoting arguments,
/// file contents, git's output) goes out with control characters neutralised.
void sanitize_stderr();

/// Append "Examples:" to a subcommand's help.
void set_examples(CLI::App& cmd, const std::string& examples);

}  // namespace duban::cli
