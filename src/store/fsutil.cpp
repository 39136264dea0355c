#include "store/fsutil.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <dirent.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace duban {

namespace {

mode_t current_umask() {
  mode_t mask = umask(0);
  umask(mask);
  return mask;
}

// Sets *err to `message` and returns `code`: the failure of a function that
// reports its exit code and message as values.
ExitCode failed(std::string* err, ExitCode code, std::string message) {
  *err = std::move(message);
  return code;
}

bool write_all(int fd, const std::string& content, const std::string& path, std::string* err) {
  const char* p = content.data();
  size_t left = content.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      *err = fmt::format("cannot write {}: {}", path, std::strerror(errno));
      return false;
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  return true;
}

void sync_directory(const std::filesystem::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

// The kind of file `mode` describes, for messages.
std::string kind_name(mode_t mode) {
  if (S_ISREG(mode)) {
    return "a regular file";
  }
  if (S_ISDIR(mode)) {
    return "a directory";
  }
  if (S_ISLNK(mode)) {
    return "a symbolic link";
  }
  if (S_ISFIFO(mode)) {
    return "a named pipe (FIFO)";
  }
  if (S_ISSOCK(mode)) {
    return "a socket";
  }
  return S_ISCHR(mode) || S_ISBLK(mode) ? "a device file" : "not a regular file";
}

std::string unsafe_message(const std::string& shown, const std::string& kind, bool directory) {
  if (kind == "a symbolic link") {
    return fmt::format(
        "{} is a symbolic link: duban does not follow links inside the workspace; remove it",
        shown);
  }
  return fmt::format("{} is {}, not a {}: duban refuses to use it; remove it", shown, kind,
                     directory ? "directory" : "regular file");
}

ExitCode too_large(std::string* err, const std::string& shown, std::size_t max_bytes) {
  return failed(
      err, k_exit_data,
      fmt::format("{}:1: the file is larger than {} MiB, the most duban reads from a task file",
                  shown, max_bytes >> 20));
}

// Reads `fd` to its end (at most `max_bytes`) into *out and closes it.
ExitCode read_and_close(int fd, const std::string& shown, std::size_t max_bytes, std::string* out,
                        std::string* err) {
  struct stat st {};
  out->clear();
  if (::fstat(fd, &st) == 0 && st.st_size > 0 &&
      static_cast<std::uintmax_t>(st.st_size) <= max_bytes) {
    out->reserve(static_cast<size_t>(st.st_size));
  }
  char buf[65536];
  ExitCode code = k_exit_ok;
  while (code == k_exit_ok) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      code = failed(err, k_exit_io, fmt::format("cannot read {}: {}", shown, std::strerror(errno)));
    } else if (n == 0) {
      break;
    } else if (out->size() + static_cast<size_t>(n) > max_bytes) {
      code = too_large(err, shown, max_bytes);
    } else {
      out->append(buf, static_cast<size_t>(n));
    }
  }
  ::close(fd);
  return code;
}

// Whether `path` is missing or (not through a symbolic link) a directory
// (`directory`) or a regular file; else the exit code 4, with *err naming `shown`.
ExitCode check_missing_or(const std::filesystem::path& path, const std::string& shown,
                          bool directory, std::string* err) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) {
      return k_exit_ok;
    }
    return failed(err, k_exit_io,
                  fmt::format("cannot examine {}: {}", shown, std::strerror(errno)));
  }
  if (directory ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode)) {
    return failed(err, k_exit_io, unsafe_message(shown, kind_name(st.st_mode), directory));
  }
  return k_exit_ok;
}

ExitCode read_regular(const std::filesystem::path& path, const std::string& shown,
                      std::size_t max_bytes, std::string* text, std::string* err) {
  if (ExitCode code = check_missing_or(path, shown, false, err); code != k_exit_ok) {
    return code;
  }
  int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    return failed(err, k_exit_io,
                  errno == ELOOP ? unsafe_message(shown, "a symbolic link", false)
                                 : fmt::format("cannot read {}: {}", shown, std::strerror(errno)));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return failed(err, k_exit_io, unsafe_message(shown, kind_name(st.st_mode), false));
  }
  if (static_cast<std::uintmax_t>(st.st_size) > max_bytes) {
    ::close(fd);
    return too_large(err, shown, max_bytes);
  }
  return read_and_close(fd, shown, max_bytes, text, err);
}

// Throws the Error `code` with `err` unless `code` is k_exit_ok.
void throw_unless_ok(ExitCode code, const std::string& err) {
  if (code != k_exit_ok) {
    throw Error(code, err);
  }
}

// Deletes everything in the directory `fd` (and closes it); never follows a
// symbolic link, gives up below 64 levels.
void remove_contents(int fd, int depth) {
  DIR* d = ::fdopendir(fd);
  if (!d) {
    ::close(fd);
    return;
  }
  std::vector<std::string> names;
  while (dirent* e = ::readdir(d)) {
    std::string_view name = e->d_name;
    if (name != "." && name != "..") {
      names.emplace_back(name);
    }
  }
  const int dfd = ::dirfd(d);
  for (const std::string& name : names) {
    struct stat st {};
    if (::fstatat(dfd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
      continue;
    }
    if (!S_ISDIR(st.st_mode)) {
      ::unlinkat(dfd, name.c_str(), 0);
      continue;
    }
    if (depth < 64) {
      int sub = ::openat(dfd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (sub >= 0) {
        remove_contents(sub, depth + 1);
      }
    }
    ::unlinkat(dfd, name.c_str(), AT_REMOVEDIR);
  }
  ::closedir(d);
}

// The permission bits a rewrite of `path` keeps: the existing file's, else
// 0666 less the umask.
mode_t mode_for(const std::filesystem::path& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode)) {
    return st.st_mode & 0777;
  }
  return 0666 & ~current_umask();
}

// Polls for the lock so that a short wait (a cron job finishing) is not an error.
bool acquire(int fd, int timeout_ms) {
  for (int waited = 0;; waited += 20) {
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0) {
      return true;
    }
    if (errno != EWOULDBLOCK && errno != EINTR) {
      return false;
    }
    if (waited >= timeout_ms) {
      return false;
    }
    ::usleep(20 * 1000);
  }
}

}  // namespace

std::string read_file(const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    throw io_error(fmt::format("cannot read {}: {}", path.string(), std::strerror(errno)));
  }
  std::string text;
  std::string err;
  throw_unless_ok(read_and_close(fd, path.string(), SIZE_MAX, &text, &err), err);
  return text;
}

std::string read_regular_file(const std::filesystem::path& path, const std::string& shown,
                              std::size_t max_bytes) {
  std::string text;
  std::string err;
  throw_unless_ok(read_regular(path, shown, max_bytes, &text, &err), err);
  return text;
}

bool read_regular_file(const std::filesystem::path& path, const std::string& shown,
                       std::size_t max_bytes, std::string* text, std::string* err) {
  return read_regular(path, shown, max_bytes, text, err) == k_exit_ok;
}

std::string file_kind(const std::filesystem::path& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    return errno == ENOENT || errno == ENOTDIR
               ? ""
               : fmt::format("unreadable ({})", std::strerror(errno));
  }
  return kind_name(st.st_mode);
}

void refuse_unless_missing_or(const std::filesystem::path& path, const std::string& shown,
                              bool directory) {
  std::string err;
  throw_unless_ok(check_missing_or(path, shown, directory, &err), err);
}

void ensure_real_directory(const std::filesystem::path& path, const std::string& shown) {
  if (::mkdir(path.c_str(), 0777) == 0) {
    return;
  }
  if (errno != EEXIST) {
    throw io_error(fmt::format("cannot create {}: {}", shown, std::strerror(errno)));
  }
  refuse_unless_missing_or(path, shown, true);
}

void remove_tree(const std::filesystem::path& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    return;
  }
  if (!S_ISDIR(st.st_mode)) {
    ::unlink(path.c_str());
    return;
  }
  int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd >= 0) {
    remove_contents(fd, 0);
  }
  ::rmdir(path.c_str());
}

bool write_file_atomic(const std::filesystem::path& path, const std::string& content,
                       const std::filesystem::path& tmp_dir, std::string* err) {
  std::filesystem::path dir = path.parent_path();
  if (dir.empty()) {
    dir = ".";
  }
  const std::filesystem::path scratch = tmp_dir.empty() ? dir : tmp_dir;
  std::string tmpl = (scratch / ("." + path.filename().string() + ".XXXXXX")).string();
  const mode_t mode = mode_for(path);
  int fd = ::mkstemp(tmpl.data());
  if (fd < 0) {
    *err = fmt::format("cannot create a file in {}: {}", dir.string(), std::strerror(errno));
    return false;
  }
  ::fchmod(fd, mode);
  bool written = write_all(fd, content, tmpl, err);
  if (written && ::fsync(fd) != 0) {
    *err = fmt::format("cannot flush {}: {}", tmpl, std::strerror(errno));
    written = false;
  }
  ::close(fd);
  if (!written) {
    ::unlink(tmpl.c_str());
    return false;
  }
  if (::rename(tmpl.c_str(), path.c_str()) != 0) {
    int code = errno;
    ::unlink(tmpl.c_str());
    if (code == EXDEV && scratch != dir) {
      // The scratch directory is on another file system (tasks/ is a mount
      // point): rename cannot cross it, so write next to the file instead.
      return write_file_atomic(path, content, {}, err);
    }
    *err = fmt::format("cannot replace {}: {}", path.string(), std::strerror(code));
    return false;
  }
  sync_directory(dir);
  return true;
}

void write_file_atomic(const std::filesystem::path& path, const std::string& content,
                       const std::filesystem::path& tmp_dir) {
  std::string err;
  if (!write_file_atomic(path, content, tmp_dir, &err)) {
    throw io_error(err);
  }
}

void write_file_unsynced(const std::filesystem::path& path, const std::string& content) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
  if (fd < 0) {
    throw io_error(fmt::format("cannot create {}: {}", path.string(), std::strerror(errno)));
  }
  std::string err;
  const bool written = write_all(fd, content, path.string(), &err);
  ::close(fd);
  if (!written) {
    throw io_error(err);
  }
}

void flush_filesystem(const std::filesystem::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::syncfs(fd);
    ::fsync(fd);
    ::close(fd);
  }
}

WriteLock::WriteLock(const std::filesystem::path& lock_path, int timeout_ms,
                     const std::string& shown_path) {
  const std::string shown = shown_path.empty() ? lock_path.string() : shown_path;
  ensure_real_directory(lock_path.parent_path(), lock_path.parent_path().string());
  refuse_unless_missing_or(lock_path, shown, false);
  fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0666);
  if (fd_ < 0) {
    if (errno == ELOOP) {
      throw io_error(unsafe_message(shown, "a symbolic link", false));
    }
    throw io_error(fmt::format("cannot open lock {}: {}", shown, std::strerror(errno)));
  }
  struct stat st {};
  if (::fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd_);
    fd_ = -1;
    throw io_error(unsafe_message(shown, kind_name(st.st_mode), false));
  }
  if (!acquire(fd_, timeout_ms)) {
    ::close(fd_);
    fd_ = -1;
    throw io_error(fmt::format(
        "the workspace is locked by another duban process ({}); try again when it has finished",
        shown));
  }
  std::string pid = std::to_string(::getpid()) + "\n";
  std::string err;
  if (::ftruncate(fd_, 0) == 0 && !write_all(fd_, pid, shown, &err)) {
    ::close(fd_);
    fd_ = -1;
    throw io_error(err);
  }
}

WriteLock::~WriteLock() {
  if (fd_ >= 0) {
    ::flock(fd_, LOCK_UN);
    ::close(fd_);
  }
}

Error filesystem_failure(const std::string& op, const std::filesystem::path& path,
                         std::error_code ec) {
  return io_error(std::filesystem::filesystem_error(op, path, ec).what());
}

namespace {

// status() (`follow`) or symlink_status(), which throw where it cannot be told.
std::filesystem::file_status checked_status(const std::filesystem::path& path, bool follow) {
  std::error_code ec;
  std::filesystem::file_status st =
      follow ? std::filesystem::status(path, ec) : std::filesystem::symlink_status(path, ec);
  if (st.type() == std::filesystem::file_type::none) {
    throw filesystem_failure(follow ? "status" : "symlink_status", path, ec);
  }
  return st;
}

}  // namespace

std::filesystem::file_status status_of(const std::filesystem::path& path) {
  return checked_status(path, true);
}

std::filesystem::file_status link_status_of(const std::filesystem::path& path) {
  return checked_status(path, false);
}

std::filesystem::path absolute_path(const std::filesystem::path& path) {
  std::error_code ec;
  std::filesystem::path out = std::filesystem::absolute(path, ec);
  if (ec) {
    throw filesystem_failure("cannot make absolute path", path, ec);
  }
  return out;
}

std::filesystem::path current_directory() {
  std::error_code ec;
  std::filesystem::path out = std::filesystem::current_path(ec);
  if (ec) {
    throw io_error(std::filesystem::filesystem_error("cannot get current path", ec).what());
  }
  return out;
}

std::vector<std::filesystem::path> directory_entries(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> out;
  std::error_code ec;
  std::filesystem::directory_iterator it(dir, ec);
  if (ec) {
    return out;  // a directory that is missing or cannot be opened has no entries
  }
  // A failure part way is an error, as the throwing iterator's is: a partial
  // listing could hand out an id that is taken.
  for (const std::filesystem::directory_iterator end; it != end;) {
    out.push_back(it->path());
    it.increment(ec);
    if (ec) {
      throw filesystem_failure("directory iterator cannot advance", dir, ec);
    }
  }
  return out;
}

}  // namespace duban
