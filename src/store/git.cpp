#include "store/git.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

namespace duban {

namespace {

// Drain both pipes until the child closes them.
void read_both(int out_fd, int err_fd, std::string& out, std::string& err) {
  struct pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
  int open_count = 2;
  char buf[8192];
  while (open_count > 0) {
    if (::poll(fds, 2, -1) < 0) {
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
}

}  // namespace

GitResult run_git(const std::filesystem::path& dir, const std::vector<std::string>& args) {
  GitResult r;
  int out_pipe[2];
  int err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) {
    return r;
  }
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) {
    ::close(out_pipe[0]);
    ::close(out_pipe[1]);
    return r;
  }
  std::vector<std::string> argv_s = {"git", "-C", dir.string()};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_s) {
    argv.push_back(a.data());
  }
  argv.push_back(nullptr);
  pid_t pid = ::fork();
  if (pid == 0) {
    int devnull = ::open("/dev/null", O_RDONLY);
    ::dup2(devnull, 0);
    ::dup2(out_pipe[1], 1);
    ::dup2(err_pipe[1], 2);
    ::execvp("git", argv.data());
    _exit(127);
  }
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  if (pid < 0) {
    ::close(out_pipe[0]);
    ::close(err_pipe[0]);
    return r;
  }
  read_both(out_pipe[0], err_pipe[0], r.out, r.err);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
  if (r.code == 127 && r.out.empty() && r.err.empty()) {
    r.code = -1;
  }
  return r;
}

bool in_git_repo(const std::filesystem::path& dir) {
  GitResult r = run_git(dir, {"rev-parse", "--is-inside-work-tree"});
  return r.ok() && r.out.rfind("true", 0) == 0;
}

bool commit_paths(const std::filesystem::path& root, const std::vector<std::string>& paths,
                  const std::string& message, std::string* err) {
  if (paths.empty()) {
    return true;
  }
  // Files that exist are added; deleted ones are removed from the index.
  std::vector<std::string> add = {"add", "--"};
  std::vector<std::string> rm = {"rm", "--cached", "--quiet", "--ignore-unmatch", "--"};
  for (const std::string& p : paths) {
    std::error_code ec;
    (std::filesystem::exists(root / p, ec) ? add : rm).push_back(p);
  }
  for (const auto* cmd : {&add, &rm}) {
    if (cmd->back() == "--") {
      continue;
    }
    GitResult a = run_git(root, *cmd);
    if (!a.ok()) {
      *err = a.code == -1 ? "git is not installed" : a.err.empty() ? "git add failed" : a.err;
      return false;
    }
  }
  // In the middle of a merge the staged change is finished by the merge commit.
  if (run_git(root, {"rev-parse", "-q", "--verify", "MERGE_HEAD"}).ok()) {
    return true;
  }
  // The repository's hooks run (SPEC §12): a hook that refuses leaves the change
  // written and uncommitted, and the caller says so.
  std::vector<std::string> commit = {"commit", "--quiet", "-m", message, "--only", "--"};
  commit.insert(commit.end(), paths.begin(), paths.end());
  GitResult c = run_git(root, commit);
  if (!c.ok()) {
    *err = c.err.empty() ? c.out : c.err;
    if (err->empty()) {
      *err = "git commit failed";
    }
    return false;
  }
  return true;
}

}  // namespace duban
