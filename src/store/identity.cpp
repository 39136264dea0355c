// Task identity across clones (SPEC §4 uid, §12): duplicate uids, what the
// upstream branch publishes, ids never given twice, crash-safe renumbering.
#include "store/identity.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <regex>

#include "core/error.hpp"
#include "core/lifecycle.hpp"
#include "store/codec.hpp"
#include "store/fsutil.hpp"
#include "store/git.hpp"
#include "store/merge.hpp"
#include "store/workspace.hpp"

namespace fs = std::filesystem;

namespace duban {

namespace {

// The sequence number of `id` when it is an id of `year` with `prefix`, else -1.
int id_sequence(std::string_view id, int year, const std::string& prefix) {
  const std::string head = fmt::format("{:04d}-{}", year, prefix);
  if (!is_valid_task_id(id) || id.substr(0, head.size()) != head) {
    return -1;
  }
  std::string_view digits = id.substr(head.size());
  if (digits.empty() || digits.find_first_not_of("0123456789") != std::string_view::npos) {
    return -1;
  }
  return std::stoi(std::string(digits));
}

// The highest sequence of `year` and `prefix` among the file names of `lines`
// (one path a line, as git lists them), or 0.
int highest_in(const std::string& lines, int year, const std::string& prefix) {
  int last = 0;
  size_t start = 0;
  while (start < lines.size()) {
    size_t end = lines.find('\n', start);
    if (end == std::string::npos) {
      end = lines.size();
    }
    const fs::path p(lines.substr(start, end - start));
    if (p.extension() == ".yaml") {
      last = std::max(last, id_sequence(p.stem().string(), year, prefix));
    }
    start = end + 1;
  }
  return last;
}

// The first `bytes` of a regular file (never a FIFO or a link), or "".
std::string head_of(const fs::path& p, size_t bytes = 256) {
  std::error_code ec;
  if (!fs::is_regular_file(fs::symlink_status(p, ec))) {
    return "";
  }
  std::ifstream in(p, std::ios::binary);
  std::string head(bytes, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(in.gcount()));
  return head;
}

// The most bytes duban reads from .duban/ids (one short line a year and prefix).
constexpr size_t k_max_ids_bytes = size_t{1} << 20;

// .duban/ids: "YYYY-PREFIX N" lines, the highest sequence given or seen. A
// line of anything else is refused: a lost mark could give an id twice.
std::map<std::string, int> read_marks(const Workspace& ws) {
  refuse_tracked_local_state(ws.root());
  static const std::regex k_line("([12][0-9]{3}-[A-Z]{0,8}) ([0-9]{1,6})");
  const fs::path path = ws.root() / ".duban" / "ids";
  std::map<std::string, int> marks;
  if (file_kind(path).empty()) {
    return marks;
  }
  const std::string text = read_regular_file(path, ".duban/ids", k_max_ids_bytes);
  size_t start = 0;
  for (int number = 1; start < text.size(); ++number) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) {
      end = text.size();
    }
    const std::string line = text.substr(start, end - start);
    start = end + 1;
    std::smatch m;
    if (line.empty() || line[0] == '#') {
      continue;
    }
    if (!std::regex_match(line, m, k_line)) {
      throw data_error(
          fmt::format(".duban/ids:{}: expected 'YYYY-PREFIX N' (a year, this clone's id prefix, a "
                      "sequence of at most 6 "
                      "digits), as duban writes it; correct or delete the line",
                      number));
    }
    int& mark = marks[m[1].str()];
    mark = std::max(mark, std::stoi(m[2].str()));
  }
  return marks;
}

bool is_renumber_from(const Task& t, const std::string& old_id) {
  return !t.log.empty() && t.log.back().type == "renumber" && t.log.back().get("from") == old_id;
}

}  // namespace

void refuse_tracked_local_state(const fs::path& root) {
  GitResult r = run_git(root, {"ls-tree", "-r", "--name-only", "HEAD", "--", ".duban"});
  if (!r.ok() || r.out.empty()) {
    return;
  }
  throw io_error(
      fmt::format("'{}' is tracked by git, but .duban is this clone's local state: remove it from "
                  "the repository (git rm -r "
                  "--cached .duban)",
                  r.out.substr(0, r.out.find('\n'))));
}

void verify_local_state(const Workspace& ws) {
  read_marks(ws);
}

std::vector<std::string> duplicate_uid_problems(const std::vector<UidUse>& uses) {
  std::vector<std::string> out;
  std::map<std::string, const UidUse*> first;
  for (const UidUse& u : uses) {
    if (u.uid.empty()) {
      continue;
    }
    auto [it, fresh] = first.emplace(u.uid, &u);
    if (!fresh && it->second->id != u.id) {
      out.push_back(
          fmt::format("{}:{}: uid {} is also the uid of {}: one task under two ids (an interrupted "
                      "renumber?); keep the "
                      "file whose log ends with its renumber entry (duban renumber ID finishes it) "
                      "and delete the other",
                      u.path, u.line, u.uid, it->second->path));
    }
  }
  return out;
}

Upstream Upstream::of(const fs::path& root) {
  Upstream up;
  up.root_ = root;
  GitResult ref =
      run_git(root, {"rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{upstream}"});
  if (!ref.ok() || ref.out.empty()) {
    return up;
  }
  up.ref_ = ref.out.substr(0, ref.out.find('\n'));
  GitResult base = run_git(root, {"merge-base", "HEAD", up.ref_});
  if (base.ok()) {
    up.base_ = base.out.substr(0, base.out.find('\n'));
  }
  return up;
}

std::optional<Task> Upstream::task_at(const std::string& rev, const std::string& path) const {
  if (rev.empty()) {
    return std::nullopt;
  }
  // "./" makes the path relative to the workspace, which may lie below the repository's top.
  GitResult show = run_git(root_, {"cat-file", "blob", rev + ":./" + path});
  if (!show.ok()) {
    return std::nullopt;
  }
  try {
    return parse_task(show.out, fmt::format("{}:{}", rev, path));
  } catch (const Error&) {
    return std::nullopt;
  }
}

namespace {

// The lines of git's output, empty ones left out.
std::vector<std::string> lines_of(const GitResult& r) {
  std::vector<std::string> out;
  size_t start = 0;
  while (r.ok() && start < r.out.size()) {
    size_t end = r.out.find('\n', start);
    if (end == std::string::npos) {
      end = r.out.size();
    }
    if (end > start) {
      out.push_back(r.out.substr(start, end - start));
    }
    start = end + 1;
  }
  return out;
}

// How many earlier values of the upstream ref, and commits changing one task
// file reachable from them, published() reads at most.
constexpr int k_reflog_depth = 100;

}  // namespace

bool Upstream::published(const std::string& path, const Task& t) const {
  const std::string uid = identity_of(t);
  const auto holds = [&](const std::string& rev) {
    auto there = task_at(rev, path);
    return there && identity_of(*there) == uid;
  };
  if (holds(ref_) || holds(base_)) {
    return true;
  }
  if (ref_.empty()) {
    return false;
  }
  // A force-push upstream drops published commits from the branch; the
  // upstream ref's reflog still has the values it had (a push or fetch
  // recorded them), and what it held then was published.
  std::vector<std::string> args = {"rev-list", "--full-history",
                                   fmt::format("--max-count={}", k_reflog_depth)};
  for (std::string& rev :
       lines_of(run_git(root_, {"rev-list", "--walk-reflogs",
                                fmt::format("--max-count={}", k_reflog_depth), ref_}))) {
    if (std::find(args.begin(), args.end(), rev) == args.end()) {
      args.push_back(std::move(rev));
    }
  }
  if (args.size() == 3) {
    return false;
  }
  args.insert(args.end(), {"--", "./" + path});
  const std::vector<std::string> commits = lines_of(run_git(root_, args));
  return std::any_of(commits.begin(), commits.end(), holds);
}

std::vector<std::string> Upstream::changed_task_files() const {
  if (!exists()) {
    return {};
  }
  GitResult r = base_.empty()
                    ? run_git(root_, {"ls-tree", "-r", "--name-only", ref_, "--", "tasks/"})
                    : run_git(root_, {"diff", "--relative", "--name-only", "--no-renames",
                                      "--diff-filter=AM", base_, ref_, "--", "tasks/"});
  return lines_of(r);
}

std::string mint_id(const Workspace& ws, int year) {
  const std::string& prefix = ws.id_prefix();
  int last = id_sequence(ws.next_id(year), year, prefix) - 1;
  const std::string head = fmt::format("{:04d}-{}", year, prefix);
  for (const auto& [key, seq] : read_marks(ws)) {
    if (key == head) {
      last = std::max(last, seq);
    }
  }
  if (in_git_repo(ws.root())) {
    // The committed tree (a file deleted only from the work tree) and the
    // upstream one (ids published since the last merge): one tree each.
    const Upstream up = Upstream::of(ws.root());
    for (const std::string& rev : {std::string("HEAD"), up.ref()}) {
      if (rev.empty()) {
        continue;
      }
      GitResult tree = run_git(
          ws.root(), {"ls-tree", "--name-only", rev, "--", fmt::format("tasks/{:04d}/", year)});
      if (tree.ok()) {
        last = std::max(last, highest_in(tree.out, year, prefix));
      }
    }
  }
  if (last >= k_max_sequence) {
    throw data_error(
        fmt::format("every id of {} with prefix '{}' up to {}{} is given or seen; no id is left",
                    year, prefix, head, k_max_sequence));
  }
  return fmt::format("{}{:04d}", head, last + 1);
}

void remember_ids(const Workspace& ws, const std::vector<std::string>& ids) {
  std::map<std::string, int> marks = read_marks(ws);
  bool changed = false;
  for (const std::string& id : ids) {
    if (!is_valid_task_id(id)) {
      continue;
    }
    const int year = std::stoi(id.substr(0, 4));
    const int seq = id_sequence(id, year, ws.id_prefix());
    int& mark = marks[fmt::format("{:04d}-{}", year, ws.id_prefix())];
    if (seq > mark) {
      mark = seq;
      changed = true;
    }
  }
  if (!changed) {
    return;
  }
  std::string text =
      "# The highest id of each year this clone has given or seen (duban never gives one twice).\n";
  for (const auto& [key, seq] : marks) {
    text += fmt::format("{} {}\n", key, seq);
  }
  const fs::path dir = ws.root() / ".duban";
  std::error_code ec;
  fs::create_directories(dir, ec);
  write_file_atomic(dir / "ids", text);
}

std::string renumbered_copy(const Workspace& ws, const std::string& uid,
                            const std::string& old_id) {
  if (uid.empty()) {
    return "";
  }
  const std::string line = "\nuid: " + uid + "\n";
  for (const fs::path& p : ws.task_files()) {
    if (p.stem() == old_id || head_of(p).find(line) == std::string::npos) {
      continue;
    }
    try {
      Task t = parse_task(read_file(p), ws.display_path(p));
      if (t.uid == uid && t.id == p.stem().string() && is_renumber_from(t, old_id)) {
        return t.id;
      }
    } catch (const Error&) {
    }
  }
  return "";
}

std::string move_task(const Workspace& ws, Task moved, const std::string& old_id,
                      const std::string& new_id, Date today, const std::optional<Task>& keep) {
  moved = with_uid(std::move(moved));
  const fs::path old_path = ws.task_path(old_id);
  const fs::path new_path = ws.task_path(new_id);
  std::error_code ec;
  std::optional<Task> there;
  if (fs::exists(new_path, ec)) {
    there = parse_task(read_file(new_path), ws.display_path(new_path));
  }
  if (!there || there->uid != moved.uid || !is_renumber_from(*there, old_id)) {
    if (there) {
      throw data_error(fmt::format("{} already exists", new_id));
    }
    renumber_task(moved, today, new_id);
    // New file first, then the old path: a crash in between leaves the task
    // under both ids, which `check` reports and renumber finishes.
    ws.save_task(moved);
  }
  if (keep) {
    ws.save_task(*keep);
  } else if (!fs::remove(old_path, ec) && ec) {
    throw io_error(fmt::format("cannot remove {}: {}", ws.display_path(old_path), ec.message()));
  }
  return new_id;
}

}  // namespace duban
