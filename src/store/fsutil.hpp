#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "core/error.hpp"

namespace duban {

/// The most bytes duban reads from a task file (man duban-format.5): a larger
/// file is refused before it is parsed.
inline constexpr std::size_t k_max_task_file_bytes = std::size_t{4} << 20;

/// The whole file; throws an I/O Error naming the path.
std::string read_file(const std::filesystem::path& path);

/// A file inside the workspace: never through a symbolic link at its end, only
/// a regular file (a FIFO never blocks), at most `max_bytes`. Throws the exit-4
/// Error "`shown` is a symbolic link…" / "…is a named pipe (FIFO)…", or a data
/// Error `shown:1: …` when it is too large.
std::string read_regular_file(const std::filesystem::path& path, const std::string& shown,
                              std::size_t max_bytes);
/// The same for a caller that recovers: false, with the message in *err, where
/// the form above throws; the file's bytes in *text on success.
bool read_regular_file(const std::filesystem::path& path, const std::string& shown,
                       std::size_t max_bytes, std::string* text, std::string* err);

/// What `path` is, for messages ("a symbolic link", "a directory", "a named
/// pipe (FIFO)", …), without following a link; "" when it does not exist.
std::string file_kind(const std::filesystem::path& path);

/// Throws the exit-4 Error naming `shown` unless `path` is missing or (not
/// through a symbolic link) a directory (`directory`) or a regular file.
void refuse_unless_missing_or(const std::filesystem::path& path, const std::string& shown,
                              bool directory);

/// `path` as a real directory: created when missing, refused (exit 4, naming
/// `shown`) when it is a symbolic link or anything but a directory.
void ensure_real_directory(const std::filesystem::path& path, const std::string& shown);

/// Delete `path`, and everything below it when it is a directory. Symbolic
/// links are deleted, never followed. Errors are ignored.
void remove_tree(const std::filesystem::path& path);

/// Replace `path` with `content` atomically: a temporary file (in `tmp_dir`,
/// which must be on the same filesystem, else beside `path`), flushed, then
/// renamed into place. A file that exists keeps its permission bits; a new one
/// gets 0666 less the umask.
void write_file_atomic(const std::filesystem::path& path, const std::string& content,
                       const std::filesystem::path& tmp_dir = {});
/// The same for a caller that recovers: false, with the message in *err, where
/// the form above throws its I/O Error.
bool write_file_atomic(const std::filesystem::path& path, const std::string& content,
                       const std::filesystem::path& tmp_dir, std::string* err);

/// Write `content` to a new file at `path` without flushing it: for staged
/// files that one flush_filesystem() call makes durable together.
void write_file_unsynced(const std::filesystem::path& path, const std::string& content);

/// Flush everything written to the filesystem holding `dir` (syncfs), and `dir` itself.
void flush_filesystem(const std::filesystem::path& dir);

/// The exit-4 Error for a std::filesystem call that failed with `ec`, in the
/// words std::filesystem::filesystem_error uses: "filesystem error: OP: REASON [PATH]".
Error filesystem_failure(const std::string& op, const std::filesystem::path& path,
                         std::error_code ec);

/// std::filesystem::status, symlink_status, absolute and current_path, throwing
/// filesystem_failure() (an Error) where those throw std::filesystem_error.
std::filesystem::file_status status_of(const std::filesystem::path& path);
std::filesystem::file_status link_status_of(const std::filesystem::path& path);
std::filesystem::path absolute_path(const std::filesystem::path& path);
std::filesystem::path current_directory();

/// The entries of `dir`, unsorted; none when it cannot be opened. Reading
/// that fails part way is an exit-4 Error.
std::vector<std::filesystem::path> directory_entries(const std::filesystem::path& dir);

/// Holds `.duban/lock` exclusively for its lifetime (flock: released if the
/// process dies). Waits up to `timeout_ms` for another holder, then throws an
/// Error with exit 4; a lock that is a symbolic link or not a regular file is
/// refused (exit 4), never followed. `shown` names the lock in messages.
class WriteLock {
 public:
  WriteLock(const std::filesystem::path& lock_path, int timeout_ms, const std::string& shown = {});
  ~WriteLock();
  WriteLock(const WriteLock&) = delete;
  WriteLock& operator=(const WriteLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace duban
