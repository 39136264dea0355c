#include "store/git.hpp"

#include "store/process.hpp"

namespace duban {

GitResult run_git(const std::filesystem::path& dir, const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"git", "-C", dir.string()};
  argv.insert(argv.end(), args.begin(), args.end());
  ProcessResult p = run_process(argv);
  return GitResult{p.code, std::move(p.out), std::move(p.err)};
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
