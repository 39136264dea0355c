#pragma once

#include <filesystem>
#include <string>

namespace duban {

/// The whole file; throws an I/O Error naming the path.
std::string read_file(const std::filesystem::path& path);

/// Replace `path` with `content` atomically: a temporary file (in `tmp_dir`,
/// which must be on the same filesystem, else beside `path`), flushed, then
/// renamed into place. Modes follow the umask.
void write_file_atomic(const std::filesystem::path& path, const std::string& content,
                       const std::filesystem::path& tmp_dir = {});

/// Write `content` to a new file at `path` without flushing it: for staged
/// files that one flush_filesystem() call makes durable together.
void write_file_unsynced(const std::filesystem::path& path, const std::string& content);

/// Flush everything written to the filesystem holding `dir` (syncfs), and `dir` itself.
void flush_filesystem(const std::filesystem::path& dir);

/// Holds `.duban/lock` exclusively for its lifetime (flock: released if the
/// process dies). Waits up to `timeout_ms` for another holder, then throws an
/// Error with exit 4.
class WriteLock {
 public:
  WriteLock(const std::filesystem::path& lock_path, int timeout_ms);
  ~WriteLock();
  WriteLock(const WriteLock&) = delete;
  WriteLock& operator=(const WriteLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace duban
