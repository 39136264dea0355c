#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <unordered_map>
#include <vector>

#include "duban/task.hpp"

namespace duban {

/// What identifies one version of a file on disk, as git's index does.
struct FileStamp {
  std::uint64_t size = 0;
  std::uint64_t inode = 0;
  std::int64_t mtime_ns = 0;

  friend bool operator==(const FileStamp&, const FileStamp&) = default;
};

/// A task file as read commands need it: its summary (see summarize_task), or
/// the message of why it did not parse.
struct CachedTask {
  FileStamp stamp;
  bool broken = false;
  std::string error;
  Task task;
};

/// The local, git-ignored cache of task summaries (.duban/cache), keyed by
/// path relative to the workspace. Safe to delete; a corrupt, truncated or
/// foreign file reads as empty.
class TaskCache {
 public:
  /// Read the cache file; any problem gives an empty cache.
  static TaskCache load(const std::filesystem::path& file);
  /// Write the cache file atomically; failures are ignored (it is only a cache).
  void save(const std::filesystem::path& file) const;

  /// The entry for `path` if its stamp matches and it is not racy: written so
  /// close to the cache's own time that a same-size edit in the same timestamp
  /// tick could go unseen (git's "racy clean" problem).
  const CachedTask* lookup(const std::string& path, const FileStamp& stamp) const;
  void put(const std::string& path, CachedTask entry) { entries_[path] = std::move(entry); }
  size_t size() const { return entries_.size(); }

  /// The time the cache was written (ns since the epoch), 0 when never.
  std::int64_t written_ns() const { return written_ns_; }

 private:
  std::unordered_map<std::string, CachedTask> entries_;
  std::int64_t written_ns_ = 0;
};

/// The parts of a task read commands use: no log texts, notes or reminders,
/// and no unknown keys. Marked `partial` so that it is never written back.
Task summarize_task(const Task& full);

/// Bytes of a summary, and back (throws on malformed input).
std::string serialize_summary(const Task& t);
Task deserialize_summary(std::string_view bytes);

}  // namespace duban
