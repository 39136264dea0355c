#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/task.hpp"

namespace duban {

class Workspace;

/// Where a task file states its uid, for the duplicate check of `check`.
struct UidUse {
  std::string path;  // as shown in messages
  int line = 1;
  std::string uid;  // "" when unknown
  std::string id;   // the id the file states
};

/// `path:line: message` for each file whose uid an earlier file in `uses`
/// with another id already has: one task under two ids, which an interrupted
/// renumber leaves (a copy under the same id is a duplicate id, said apart).
std::vector<std::string> duplicate_uid_problems(const std::vector<UidUse>& uses);

/// The upstream branch of a clone as its last fetch saw it (SPEC §12): what
/// is published.
class Upstream {
 public:
  /// The upstream of the current branch of the repository holding `root`;
  /// none outside git or when the branch has no upstream.
  static Upstream of(const std::filesystem::path& root);

  bool exists() const { return !ref_.empty(); }
  /// The upstream branch (`origin/main`).
  const std::string& ref() const { return ref_; }
  /// The last commit HEAD shares with it, or "" when none.
  const std::string& base() const { return base_; }
  /// The task at `path` (relative to the workspace root) in commit `rev`;
  /// none when it has no such file or the file does not parse.
  std::optional<Task> task_at(const std::string& rev, const std::string& path) const;
  /// Whether `t`, here at `path`, is published: the upstream branch holds the
  /// same task (same uid) at that path, at its tip or at the merge base, or
  /// held it before a force-push (the ref's reflog, last 100 entries).
  bool published(const std::string& path, const Task& t) const;
  /// Task files (relative paths) the upstream branch added or changed since
  /// the merge base: where a collision can come from.
  std::vector<std::string> changed_task_files() const;

 private:
  std::filesystem::path root_;
  std::string ref_;
  std::string base_;
};

/// `.duban/` is this clone's local state, never taken from a repository
/// (SPEC §11): throws the exit-4 Error "'.duban/…' is tracked by git, …" when
/// the committed tree (HEAD) of the repository holding `root` has a path under
/// it. Nothing outside git.
void refuse_tracked_local_state(const std::filesystem::path& root);

/// What `check` asks of the local state besides the file kinds that opening
/// the workspace checks: not tracked by git (exit-4 Error), a `.duban/ids` of
/// "YYYY-PREFIX N" lines (else the data Error ".duban/ids:LINE: …").
void verify_local_state(const Workspace& ws);

/// The id a new task of `year` gets (SPEC §4: never reused): one past the
/// highest of this clone's prefix among the task files here, in the
/// committed tree, in the upstream branch, and in `.duban/ids`, the highest id
/// this clone ever gave or saw (remember_ids). So the id of a deleted task
/// does not come back. Reads git trees, never the whole history. Refuses
/// (verify_local_state) a tracked `.duban/` or a malformed `.duban/ids`, and
/// a year whose ids are used up (data Error).
std::string mint_id(const Workspace& ws, int year);

/// Raise `.duban/ids` to cover `ids` (those of this clone's prefix). Call it
/// under the writer lock once the ids are written or seen.
void remember_ids(const Workspace& ws, const std::vector<std::string>& ids);

/// Give `moved` (now at `old_id`) the id `new_id`: its file is written at the
/// new path with a `renumber` entry (`from`) dated `today`, then the old path
/// gets `keep` (the other task of a collision) or is removed. A task already
/// at a new path with the same uid and a last entry `renumber` from `old_id`
/// is the work of an interrupted renumber: it is finished, not done again.
/// Returns the id the task has now.
std::string move_task(const Workspace& ws, Task moved, const std::string& old_id,
                      const std::string& new_id, Date today, const std::optional<Task>& keep);

/// The id of another file holding the task with `uid` whose last log entry is
/// `renumber` from `old_id` (an interrupted renumber), or "".
std::string renumbered_copy(const Workspace& ws, const std::string& uid, const std::string& old_id);

}  // namespace duban
