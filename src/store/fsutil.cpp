#include "duban/fsutil.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "duban/error.hpp"

namespace duban {

namespace {

mode_t current_umask() {
  mode_t mask = umask(0);
  umask(mask);
  return mask;
}

void write_all(int fd, const std::string& content, const std::string& path) {
  const char* p = content.data();
  size_t left = content.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      throw io_error(fmt::format("cannot write {}: {}", path, std::strerror(errno)));
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
}

void sync_directory(const std::filesystem::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
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
  struct stat st {};
  std::string out;
  if (::fstat(fd, &st) == 0 && st.st_size > 0) {
    out.reserve(static_cast<size_t>(st.st_size));
  }
  char buf[65536];
  while (true) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      int err = errno;
      ::close(fd);
      throw io_error(fmt::format("cannot read {}: {}", path.string(), std::strerror(err)));
    }
    if (n == 0) {
      break;
    }
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
}

void write_file_atomic(const std::filesystem::path& path, const std::string& content,
                       const std::filesystem::path& tmp_dir) {
  std::filesystem::path dir = path.parent_path();
  if (dir.empty()) {
    dir = ".";
  }
  const std::filesystem::path scratch = tmp_dir.empty() ? dir : tmp_dir;
  std::string tmpl = (scratch / ("." + path.filename().string() + ".XXXXXX")).string();
  int fd = ::mkstemp(tmpl.data());
  if (fd < 0) {
    throw io_error(fmt::format("cannot create a file in {}: {}", dir.string(), std::strerror(errno)));
  }
  try {
    ::fchmod(fd, 0666 & ~current_umask());
    write_all(fd, content, tmpl);
    if (::fsync(fd) != 0) {
      throw io_error(fmt::format("cannot flush {}: {}", tmpl, std::strerror(errno)));
    }
  } catch (...) {
    ::close(fd);
    ::unlink(tmpl.c_str());
    throw;
  }
  ::close(fd);
  if (::rename(tmpl.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(tmpl.c_str());
    if (err == EXDEV && scratch != dir) {
      // The scratch directory is on another file system (tasks/ is a mount
      // point): rename cannot cross it, so write next to the file instead.
      write_file_atomic(path, content, {});
      return;
    }
    throw io_error(fmt::format("cannot replace {}: {}", path.string(), std::strerror(err)));
  }
  sync_directory(dir);
}

void write_file_unsynced(const std::filesystem::path& path, const std::string& content) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) {
    throw io_error(fmt::format("cannot create {}: {}", path.string(), std::strerror(errno)));
  }
  try {
    write_all(fd, content, path.string());
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::close(fd);
}

void flush_filesystem(const std::filesystem::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::syncfs(fd);
    ::fsync(fd);
    ::close(fd);
  }
}

WriteLock::WriteLock(const std::filesystem::path& lock_path, int timeout_ms) {
  std::error_code ec;
  std::filesystem::create_directories(lock_path.parent_path(), ec);
  fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
  if (fd_ < 0) {
    throw io_error(fmt::format("cannot open lock {}: {}", lock_path.string(), std::strerror(errno)));
  }
  if (!acquire(fd_, timeout_ms)) {
    ::close(fd_);
    fd_ = -1;
    throw io_error(fmt::format(
        "the workspace is locked by another duban process ({}); try again when it has finished",
        lock_path.string()));
  }
  std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd_, 0) == 0) {
    write_all(fd_, pid, lock_path.string());
  }
}

WriteLock::~WriteLock() {
  if (fd_ >= 0) {
    ::flock(fd_, LOCK_UN);
    ::close(fd_);
  }
}

}  // namespace duban
