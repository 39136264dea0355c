#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace duban {

/// What a git command said.
struct GitResult {
  int code = -1;  // -1: git could not be started
  std::string out;
  std::string err;
  bool ok() const { return code == 0; }
};

/// Run git with `args` in `dir`: no shell, user text only as arguments;
/// stdin is closed.
GitResult run_git(const std::filesystem::path& dir, const std::vector<std::string>& args);

/// True when `dir` is inside a git work tree.
bool in_git_repo(const std::filesystem::path& dir);

/// Commit exactly `paths` (relative to `root`; deleted ones too) with
/// `message`: `git add -A` then `git commit --only`; nothing else that is
/// staged or changed is included. During a merge the paths are only staged.
/// False, with git's message (or what failed) in *err, when it did not commit.
bool commit_paths(const std::filesystem::path& root, const std::vector<std::string>& paths,
                  const std::string& message, std::string* err);

}  // namespace duban
