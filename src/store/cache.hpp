#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/task.hpp"

namespace duban {

/// What identifies one version of a file on disk, as git's index does.
struct FileStamp {
  std::uint64_t size = 0;
  std::uint64_t inode = 0;
  std::int64_t mtime_ns = 0;

  friend bool operator==(const FileStamp&, const FileStamp&) = default;
};

/// The few facts that decide whether a command needs a task at all, so that
/// most cached tasks are never decoded (a done task of 2009 for `overdue`).
struct TaskBrief {
  Status status = Status::registered;
  Date created;
  Date last_event;  // the latest date among its state-changing log entries, or created
};

/// The brief of a (summary or whole) task.
TaskBrief brief_of(const Task& t);

/// One file's entry in the cache.
struct CacheEntry {
  std::string path;  // relative to the workspace
  FileStamp stamp;
  TaskBrief brief;
  bool broken = false;
  std::string payload;  // serialize_summary bytes, or the parse error
  Task full;            // the whole task, when it was parsed for a full load
};

/// The local, git-ignored cache of task summaries (.duban/cache), keyed by path,
/// size, inode and nanosecond mtime. Safe to delete; a corrupt, truncated or
/// foreign file reads as empty.
class TaskCache {
 public:
  /// A cached file: where its payload is, and what it says about the task.
  struct Slot {
    std::string_view path;
    FileStamp stamp;
    TaskBrief brief;
    bool broken = false;
    std::string_view payload;
  };

  /// Read the cache file; any problem gives an empty cache.
  static TaskCache load(const std::filesystem::path& file);
  /// Write `entries` (sorted by path) as the cache file, atomically; failures
  /// are ignored (it is only a cache).
  static void save(const std::filesystem::path& file, const std::vector<CacheEntry>& entries);

  /// The slot for `path` if its stamp matches and it is not racy: written so
  /// close to the cache's own time that a same-size edit within one timestamp
  /// tick could go unseen (git's "racy clean" problem).
  const Slot* lookup(std::string_view path, const FileStamp& stamp) const;
  /// The same for paths asked in ascending order: `cursor` (start at 0)
  /// walks the sorted slots once instead of searching each time.
  const Slot* lookup_next(std::string_view path, const FileStamp& stamp, size_t& cursor) const;
  size_t size() const { return slots_.size(); }
  std::int64_t written_ns() const { return written_ns_; }

 private:
  std::shared_ptr<const std::string> bytes_;  // slots point into it; shared so copies stay valid
  std::vector<Slot> slots_;                   // sorted by path
  std::int64_t written_ns_ = 0;
};

/// The parts of a task read commands use: no log texts, notes, reminders or
/// earlier progress entries, and no unknown keys. Marked `partial` so that it
/// is never written back.
Task summarize_task(const Task& full);

/// Bytes of a summary, and back (throws std::runtime_error on malformed input).
std::string serialize_summary(const Task& t);
Task deserialize_summary(std::string_view bytes);

}  // namespace duban
