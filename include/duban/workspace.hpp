#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "duban/cache.hpp"
#include "duban/calendar.hpp"
#include "duban/config.hpp"
#include "duban/fsutil.hpp"
#include "duban/task.hpp"
#include "duban/units.hpp"

namespace duban {

/// Every task file that parsed, and a `path:line: message` for each that did not.
struct TaskSet {
  std::vector<Task> tasks;  // sorted by id
  std::vector<std::string> errors;
};

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
  /// Every task file under tasks/; broken files are reported, not fatal. Without
  /// `full`, unchanged files come from .duban/cache as summaries (Task::partial)
  /// and the cache is refreshed; files are parsed in parallel.
  TaskSet load_tasks(const LoadOptions& opt) const;
  TaskSet load_tasks() const;
  /// The task `id`; throws when unknown or broken.
  Task load_task(const std::string& id) const;
  bool task_exists(const std::string& id) const;
  /// tasks/YYYY/ID.yaml for a valid id; throws when the id is not valid or
  /// the year directory or file is a symbolic link.
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
  /// called with the writer lock held.
  void recover_staged() const;
  /// Write units.yaml atomically.
  void save_units(const Units& units) const;

  /// Take the writer lock (.duban/lock), waiting up to $DUBAN_LOCK_TIMEOUT seconds (default 10).
  std::unique_ptr<WriteLock> lock() const;

 private:
  std::filesystem::path root_;
  Config config_;
  Units units_;
  Calendar calendar_;
  std::string id_prefix_;
};

}  // namespace duban
