#include "store/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>

namespace duban {

namespace {

using Clock = std::chrono::steady_clock;

// Drain both pipes until the child closes them or `deadline` passes (when
// set); false on the timeout.
bool read_both(int out_fd, int err_fd, std::string& out, std::string& err,
               std::optional<Clock::time_point> deadline) {
  struct pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
  int open_count = 2;
  char buf[8192];
  while (open_count > 0) {
    int wait_ms = -1;
    if (deadline) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(*deadline - Clock::now()).count();
      if (left <= 0) {
        return false;
      }
      wait_ms = static_cast<int>(std::min<long long>(left, 1000));
    }
    const int ready = ::poll(fds, 2, wait_ms);
    if (ready < 0) {
      if (errno == EINTR) {
        continue;
      }
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) {
        continue;
      }
      ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
      if (n > 0) {
        (i == 0 ? out : err).append(buf, static_cast<size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open_count;
      }
    }
  }
  return true;
}

void close_pipe(int p[2]) {
  ::close(p[0]);
  ::close(p[1]);
}

}  // namespace

ProcessResult run_process(const std::vector<std::string>& argv_s, int timeout_ms) {
  ProcessResult r;
  if (argv_s.empty()) {
    return r;
  }
  int out_pipe[2];
  int err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) {
    return r;
  }
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) {
    close_pipe(out_pipe);
    return r;
  }
  std::vector<std::string> args = argv_s;
  std::vector<char*> argv;
  for (std::string& a : args) {
    argv.push_back(a.data());
  }
  argv.push_back(nullptr);
  pid_t pid = ::fork();
  if (pid == 0) {
    if (timeout_ms > 0) {
      ::setpgid(0, 0);  // its own group, so that a timeout kills its helpers too
    }
    int devnull = ::open("/dev/null", O_RDONLY);
    ::dup2(devnull, 0);
    ::dup2(out_pipe[1], 1);
    ::dup2(err_pipe[1], 2);
    ::execvp(argv[0], argv.data());
    _exit(127);
  }
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  if (pid < 0) {
    ::close(out_pipe[0]);
    ::close(err_pipe[0]);
    return r;
  }
  std::optional<Clock::time_point> deadline;
  if (timeout_ms > 0) {
    ::setpgid(pid, pid);  // also here: whichever runs first
    deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  }
  if (!read_both(out_pipe[0], err_pipe[0], r.out, r.err, deadline)) {
    r.timed_out = true;
    ::kill(-pid, SIGKILL);
    ::close(out_pipe[0]);
    ::close(err_pipe[0]);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (timeout_ms > 0) {
    ::kill(-pid, SIGKILL);  // helpers it left behind
  }
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
  if (r.code == 127 && r.out.empty() && r.err.empty()) {
    r.code = -1;
  }
  return r;
}

std::optional<std::filesystem::path> find_program(const std::string& name) {
  const char* path = std::getenv("PATH");
  if (path == nullptr || name.empty() || name.find('/') != std::string::npos) {
    return std::nullopt;
  }
  const std::string dirs = path;
  for (size_t start = 0; start <= dirs.size();) {
    size_t end = dirs.find(':', start);
    if (end == std::string::npos) {
      end = dirs.size();
    }
    const std::string dir = dirs.substr(start, end - start);
    const std::filesystem::path p = std::filesystem::path(dir.empty() ? "." : dir) / name;
    std::error_code ec;
    if (std::filesystem::is_regular_file(p, ec) && ::access(p.c_str(), X_OK) == 0) {
      return p;
    }
    start = end + 1;
  }
  return std::nullopt;
}

}  // namespace duban
