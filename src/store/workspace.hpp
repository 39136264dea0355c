#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "core/config.hpp"
#include "core/task.hpp"
#include "core/units.hpp"
#include "store/cache.hpp"
#include "store/fsutil.hpp"

namespace duban {

/// Every task file that parsed, and a `path:line: message` for each that did not.
struct TaskSet {
  std::vector<Task> tasks;  // sorted by id
  std::vector<std::string> errors;
  /// Some errors are entries refused as unsafe (symbolic links, FIFOs): exit 4, not 3.
  bool refused = false;
  int exit_code() const { return refused ? 4 : 3; }
};

/// What is under tasks/, for `check`: the task files, and a `path: message`
/// for each entry that is not one.
struct TaskTree {
  std::vector<std::filesystem::path> files;  // tasks/*/*.yaml, regular files, sorted
  std::vector<std::string> stray;            // files duban ignores: other names, other places
  std::vector<std::string> refused;          // symbolic links, FIFOs, devices: refused (exit 4)
};

/// Read and parse one task file: a regular file (no symbolic link, a FIFO never
/// blocks), at most k_max_task_file_bytes, valid UTF-8. `shown` names it in errors.
Task read_task_file(const std::filesystem::path& path, const std::string& shown);
/// Parse the text of a task file: parse_task() after a check that it is UTF-8.
Task parse_task_text(const std::string& text, const std::string& shown);

/// The highest sequence number an id may have (YYYY-NNNNNN).
inline constexpr int k_max_sequence = 999999;
/// The next sequence number after `used`: one more than the highest used number
/// that has a free successor, so that one id at the end of the range
/// (2025-999999) does not stop numbering; 1 when none is used. Throws when no
/// number is left.
int next_sequence(std::vector<int> used);

/// How to load the task set.
struct LoadOptions {
  /// Whole tasks (every log text, unknown keys) instead of cached summaries.
  bool full = false;
  /// Threads parsing files that the cache does not hold (0 = one per core).
  int jobs = 0;
  /// Only tasks whose brief this accepts are decoded and returned (all when
  /// empty); broken files are always reported.
  std::function<bool(const TaskBrief&)> want;
};

/// A workspace on disk (SPEC §3): configuration, units, calendars and task files.
class Workspace {
 public:
  /// Locate the workspace: `dir` when given, else $DUBAN_DIR, else the nearest
  /// parent of the current directory holding duban.yaml.
  static std::filesystem::path find_root(const std::optional<std::string>& dir);
  /// Open the workspace at `root`, reading duban.yaml, units.yaml and calendar/.
  static Workspace open(const std::filesystem::path& root);

  const std::filesystem::path& root() const { return root_; }
  const Config& config() const { return config_; }
  const Units& units() const { return units_; }
  const Calendar& calendar() const { return calendar_; }
  /// The local id prefix of this clone (.duban/local.yaml), or "".
  const std::string& id_prefix() const { return id_prefix_; }

  /// Paths of every task file under tasks/ (dot-files, such as unfinished writes, skipped), sorted.
  std::vector<std::filesystem::path> task_files() const;
  /// Every entry under tasks/, sorted into task files, stray files and refused entries.
  TaskTree survey_tasks() const;
  /// Every task file under tasks/; broken files are reported, not fatal. Without
  /// `full`, unchanged files come from .duban/cache as summaries (Task::partial)
  /// and the cache is refreshed; files are parsed in parallel.
  TaskSet load_tasks(const LoadOptions& opt) const;
  TaskSet load_tasks() const;
  /// The task `id`; throws when unknown or broken.
  Task load_task(const std::string& id) const;
  bool task_exists(const std::string& id) const;
  /// tasks/YYYY/ID.yaml for a valid id; throws when the id is not valid, or
  /// (exit 4) when tasks/, the year directory or the file is a symbolic link or
  /// not a directory / regular file.
  std::filesystem::path task_path(const std::string& id) const;
  /// Path relative to the workspace root, for messages.
  std::string display_path(const std::filesystem::path& p) const;

  /// The next free id of `year`: scans only that year's directory.
  std::string next_id(int year) const;
  /// Write a task file atomically; a summary (Task::partial) is refused.
  void save_task(const Task& task) const;
  /// Write many task files as one change: all of them land, or (after a crash)
  /// none until the next writer finishes the job. Files are staged in
  /// .duban/staging-*, a commit marker is written, then each is renamed into place.
  void save_tasks_together(const std::vector<Task>& tasks) const;
  /// Finish or discard the staged changes an interrupted writer left behind;
  /// called with the writer lock held. Only staging directories this user
  /// created on this machine are used; others are deleted unused (or left
  /// alone when another user owns them), with a notice.
  void recover_staged() const;
  /// For readers: when an interrupted import is committed but not finished,
  /// take the lock and finish it. False (after a notice) when the lock could
  /// not be had: what is read may then be incomplete.
  bool finish_interrupted_import() const;
  /// `path: message` for each committed staging directory: unfinished imports
  /// and foreign ones, for `check`.
  std::vector<std::string> staging_problems() const;
  /// Where notices (recovery, refused staging) go; dropped when unset.
  void set_notifier(std::function<void(const std::string&)> notifier) {
    notifier_ = std::move(notifier);
  }
  /// Write units.yaml atomically.
  void save_units(const Units& units) const;

  /// Take the writer lock (.duban/lock), waiting up to $DUBAN_LOCK_TIMEOUT seconds (default 10).
  std::unique_ptr<WriteLock> lock() const;

 private:
  void notify(const std::string& message) const {
    if (notifier_) {
      notifier_(message);
    }
  }

  std::filesystem::path root_;
  Config config_;
  Units units_;
  Calendar calendar_;
  std::string id_prefix_;
  std::function<void(const std::string&)> notifier_;
};

/// $DUBAN_LOCK_TIMEOUT in milliseconds (default 10 s): a number of seconds from
/// 0 to 86400; anything else is a usage error naming the variable.
int lock_timeout_ms();

}  // namespace duban
