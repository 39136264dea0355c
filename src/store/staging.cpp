// Many task files as one change (import): staged, marked committed, renamed.
#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>

#include "duban/codec.hpp"
#include "duban/error.hpp"
#include "duban/workspace.hpp"

namespace fs = std::filesystem;

namespace duban {

namespace {

constexpr const char* k_manifest = "manifest";
constexpr const char* k_committed = "COMMITTED";

// Rename every staged file whose target is listed in the manifest.
void roll_forward(const fs::path& staging, const fs::path& root) {
  std::string manifest = read_file(staging / k_manifest);
  size_t start = 0;
  while (start < manifest.size()) {
    size_t end = manifest.find('\n', start);
    std::string line = manifest.substr(start, end - start);
    start = end == std::string::npos ? manifest.size() : end + 1;
    size_t tab = line.find('\t');
    if (tab == std::string::npos) {
      continue;
    }
    fs::path from = staging / line.substr(0, tab);
    fs::path to = root / line.substr(tab + 1);
    std::error_code ec;
    if (!fs::exists(from, ec)) {
      continue;  // already moved before the interruption
    }
    fs::create_directories(to.parent_path(), ec);
    if (::rename(from.c_str(), to.c_str()) != 0) {
      throw io_error(fmt::format("cannot move {} into place: {}", to.string(), std::strerror(errno)));
    }
  }
}

}  // namespace

void Workspace::save_tasks_together(const std::vector<Task>& tasks) const {
  if (tasks.empty()) {
    return;
  }
  // Every target is checked (valid id, no symbolic link) before anything is written.
  std::vector<std::string> targets;
  targets.reserve(tasks.size());
  for (const Task& t : tasks) {
    if (t.partial) {
      throw io_error(fmt::format("internal error: {} was loaded as a summary and cannot be written", t.id));
    }
    targets.push_back(display_path(task_path(t.id)));
  }
  fs::path staging = root_ / ".duban" / fmt::format("staging-{}", ::getpid());
  std::error_code ec;
  fs::remove_all(staging, ec);
  fs::create_directories(staging, ec);
  if (ec) {
    throw io_error(fmt::format("cannot create {}: {}", staging.string(), ec.message()));
  }
  std::string manifest;
  for (size_t i = 0; i < tasks.size(); ++i) {
    std::string name = fmt::format("{:06d}.yaml", i);
    write_file_unsynced(staging / name, emit_task(with_uid(tasks[i])));
    manifest += name + "\t" + targets[i] + "\n";
  }
  write_file_unsynced(staging / k_manifest, manifest);
  // One flush for all staged files, then the marker that makes them count.
  flush_filesystem(staging);
  write_file_atomic(staging / k_committed, "");
  roll_forward(staging, root_);
  flush_filesystem(root_ / "tasks");
  fs::remove_all(staging, ec);
}

void Workspace::recover_staged() const {
  fs::path dir = root_ / ".duban";
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return;
  }
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const fs::path& p = entry.path();
    if (!entry.is_directory() || p.filename().string().rfind("staging-", 0) != 0) {
      continue;
    }
    if (fs::exists(p / k_committed, ec)) {
      roll_forward(p, root_);
    }
    fs::remove_all(p, ec);
  }
}

}  // namespace duban
