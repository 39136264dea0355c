#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/task.hpp"

namespace duban {

/// A field both sides changed, differently.
struct FieldConflict {
  std::string field;
  std::string ours;
  std::string theirs;
};

struct MergeResult {
  Task task;  // conflicted fields hold ours
  std::vector<FieldConflict> conflicts;
  bool different_tasks = false;  // two tasks that got the same id: an id collision
};

/// Whether `ours` and `theirs`, found at one path, are two different tasks
/// (SPEC §12): their uids differ, a file without one counting with the uid
/// derived from its id and creation date. When neither side has a uid (files
/// written before uids existed) and there is no base of the same task, tasks
/// that differ in title or creation date are different, as before uids.
bool different_tasks(const Task* base, const Task& ours, const Task& theirs);

/// Three-way merge of one task file (SPEC §12): log entries of both sides kept
/// once each in date order; co and tags merged as sets; a scalar changed on one
/// side takes that side, changed differently on both is a conflict. Two
/// different tasks (different_tasks) are never merged; a base that holds
/// another task than the sides (the id was reused) is ignored, so its log
/// never grafts onto them.
MergeResult merge_tasks(const std::optional<Task>& base, const Task& ours, const Task& theirs);

/// The file text of a merge: canonical, with git-style conflict markers
/// around each conflicted field (or around both whole tasks when they are
/// different tasks).
std::string emit_merge(const MergeResult& r, const Task& theirs);

/// Conflict markers in a task file: where the first one is and what they mean.
struct ConflictMarkers {
  int line = 0;         // the first marker's line
  std::string message;  // which field, both values, and how to resolve
};

/// The conflict markers `text` holds, if any.
std::optional<ConflictMarkers> explain_conflict(std::string_view text);

/// The two whole tasks of a file where two tasks got the same id, as texts.
std::optional<std::pair<std::string, std::string>> split_collision(std::string_view text);

}  // namespace duban
