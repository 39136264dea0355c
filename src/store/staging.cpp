// Many task files as one change (import): staged, marked committed, renamed.
//
// Recovery trusts only what this user staged on this machine: every staging
// directory holds a random token (TOKEN) that is also recorded in the user's
// state directory ($XDG_STATE_HOME/duban/staging/, outside the workspace, so
// neither git nor a shared folder can deliver it). A staging directory without
// a recorded token came from elsewhere and is deleted unused; a recorded one
// is rolled forward only into tasks/YYYY/ID.yaml, only with regular files that
// parse as the task they name.
#include <fcntl.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <pwd.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <regex>
#include <set>

#include "core/error.hpp"
#include "store/codec.hpp"
#include "store/workspace.hpp"

namespace fs = std::filesystem;

namespace duban {

namespace {

constexpr const char* k_manifest = "manifest";
constexpr const char* k_committed = "COMMITTED";
constexpr const char* k_token = "TOKEN";
constexpr const char* k_prefix = "staging-";
constexpr std::size_t k_max_manifest_bytes = std::size_t{64} << 20;

// Where this user's staging tokens are recorded; empty when there is no home.
fs::path registry_dir() {
  fs::path base;
  if (const char* xdg = std::getenv("XDG_STATE_HOME"); xdg && *xdg == '/') {
    base = xdg;
  } else if (const char* home = std::getenv("HOME"); home && *home == '/') {
    base = fs::path(home) / ".local" / "state";
  } else if (const passwd* pw = ::getpwuid(::geteuid()); pw && pw->pw_dir && pw->pw_dir[0] == '/') {
    base = fs::path(pw->pw_dir) / ".local" / "state";
  }
  return base.empty() ? base : base / "duban" / "staging";
}

std::string random_token() {
  unsigned char bytes[16];
  size_t got = 0;
  while (got < sizeof bytes) {
    ssize_t n = ::getrandom(bytes + got, sizeof bytes - got, 0);
    if (n < 0 && errno != EINTR) {
      throw io_error(fmt::format("cannot get random bytes: {}", std::strerror(errno)));
    }
    got += n > 0 ? static_cast<size_t>(n) : 0;
  }
  std::string hex;
  for (unsigned char b : bytes) {
    hex += fmt::format("{:02x}", b);
  }
  return hex;
}

bool is_token(const std::string& s) {
  return s.size() == 32 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) {
    s.pop_back();
  }
  return s;
}

// Forget recorded tokens whose staging directory is long gone (a workspace
// deleted after a crash); a fresh entry may belong to an import starting now.
void prune_registry(const fs::path& reg) {
  const auto old = fs::file_time_type::clock::now() - std::chrono::hours(1);
  for (const fs::path& e : directory_entries(reg)) {
    std::error_code ec;
    std::string staged;
    std::string err;
    if (!is_token(e.filename().string()) || fs::last_write_time(e, ec) > old || ec ||
        !read_regular_file(e, e.string(), 4096, &staged, &err)) {
      continue;
    }
    if (!fs::exists(fs::symlink_status(trimmed(staged), ec))) {
      fs::remove(e, ec);
    }
  }
}

// Record `staging` (already created, empty) as this user's own: a new token
// in its TOKEN file and in the registry. Returns the token.
std::string register_staging(const fs::path& staging, const fs::path& root) {
  const fs::path reg = registry_dir();
  if (reg.empty()) {
    throw io_error(
        "cannot record the import's staging token: neither XDG_STATE_HOME nor HOME names a "
        "directory");
  }
  std::error_code ec;
  fs::create_directories(reg, ec);
  const fs::path canon_reg = fs::weakly_canonical(reg, ec);
  const fs::path canon_root = fs::weakly_canonical(root, ec);
  const std::string rel = canon_reg.lexically_relative(canon_root).string();
  if (ec || (!rel.empty() && rel.rfind("..", 0) != 0)) {
    throw io_error(
        fmt::format("cannot record the import's staging token in {}: it must be outside the "
                    "workspace (set XDG_STATE_HOME)",
                    reg.string()));
  }
  ::chmod(reg.parent_path().c_str(), 0700);
  prune_registry(reg);
  const std::string token = random_token();
  const fs::path canon_staging = fs::canonical(staging, ec);
  if (ec) {
    throw filesystem_failure("cannot make canonical path", staging, ec);
  }
  write_file_atomic(reg / token, canon_staging.string() + "\n");
  write_file_atomic(staging / k_token, token + "\n");
  return token;
}

void forget_token(const std::string& token) {
  if (is_token(token)) {
    std::error_code ec;
    fs::remove(registry_dir() / token, ec);
  }
}

// The token of `staging` when this user staged it on this machine, else "".
std::string own_token(const fs::path& staging, const std::string& shown) {
  struct stat st {};
  if (::lstat(staging.c_str(), &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != ::geteuid()) {
    return "";
  }
  std::string token;
  std::string recorded;
  std::string err;
  const fs::path reg = registry_dir();
  if (!read_regular_file(staging / k_token, shown + "/" + k_token, 256, &token, &err) ||
      !is_token(token = trimmed(token)) || reg.empty() ||
      !read_regular_file(reg / token, (reg / token).string(), 4096, &recorded, &err)) {
    return "";
  }
  std::error_code ec;
  const fs::path canon_staging = fs::canonical(staging, ec);
  return !ec && trimmed(recorded) == canon_staging.string() ? token : "";
}

// One rename a committed staging directory asks for.
struct StagedMove {
  fs::path from;
  fs::path to;
};

// The moves of a committed staging directory, each checked: a manifest line
// `NNNNNN.yaml<TAB>tasks/YYYY/ID.yaml`, a staged regular file of this user
// that parses as task ID (or none, when it was moved before the crash).
// Throws a data Error saying what is wrong.
std::vector<StagedMove> checked_moves(const Workspace& ws, const fs::path& staging,
                                      const std::string& shown) {
  static const std::regex k_line("([0-9]{6}\\.yaml)\t(tasks/([0-9]{4})/([^/]+)\\.yaml)");
  const std::string manifest =
      read_regular_file(staging / k_manifest, shown + "/" + k_manifest, k_max_manifest_bytes);
  std::vector<StagedMove> moves;
  std::set<std::string> targets;
  size_t start = 0;
  for (int line_no = 1; start < manifest.size(); ++line_no) {
    size_t end = manifest.find('\n', start);
    const std::string line = manifest.substr(start, end - start);
    start = end == std::string::npos ? manifest.size() : end + 1;
    std::smatch m;
    const std::string where = fmt::format("{}/{}:{}", shown, k_manifest, line_no);
    if (!std::regex_match(line, m, k_line) || !is_valid_task_id(m[4].str()) ||
        m[4].str().substr(0, 4) != m[3].str()) {
      throw data_error(
          fmt::format("{}: not a task file target tasks/YYYY/ID.yaml: '{}'", where, line));
    }
    const std::string id = m[4].str();
    if (!targets.insert(id).second) {
      throw data_error(fmt::format("{}: {} is named twice", where, id));
    }
    StagedMove mv{staging / m[1].str(), ws.task_path(id)};
    const std::string from_shown = shown + "/" + m[1].str();
    struct stat st {};
    if (::lstat(mv.from.c_str(), &st) != 0) {
      if (::lstat(mv.to.c_str(), &st) != 0) {
        throw data_error(fmt::format("{}: {} is missing", where, from_shown));
      }
      continue;  // moved before the interruption
    }
    if (!S_ISREG(st.st_mode) || st.st_uid != ::geteuid()) {
      throw data_error(
          fmt::format("{}: {} is {}", where, from_shown,
                      S_ISREG(st.st_mode) ? "another user's file" : file_kind(mv.from)));
    }
    if (Task t = read_task_file(mv.from, from_shown); t.id != id) {
      throw data_error(fmt::format("{}: {} holds task '{}', not {}", where, from_shown, t.id, id));
    }
    moves.push_back(std::move(mv));
  }
  return moves;
}

void roll_forward(const std::vector<StagedMove>& moves, const Workspace& ws) {
  for (const StagedMove& mv : moves) {
    ensure_real_directory(mv.to.parent_path(), ws.display_path(mv.to.parent_path()));
    if (::rename(mv.from.c_str(), mv.to.c_str()) != 0) {
      throw io_error(fmt::format("cannot move {} into place: {}", ws.display_path(mv.to),
                                 std::strerror(errno)));
    }
  }
}

// The staging directories in .duban/; one that is a symbolic link or not a
// directory is refused.
std::vector<std::string> staging_names(const fs::path& root) {
  std::vector<std::string> names;
  for (const fs::path& e : directory_entries(root / ".duban")) {
    std::string name = e.filename().string();
    if (name.rfind(k_prefix, 0) == 0) {
      refuse_unless_missing_or(e, ".duban/" + name, true);
      names.push_back(std::move(name));
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

bool is_committed(const fs::path& staging) {
  struct stat st {};
  return ::lstat((staging / k_committed).c_str(), &st) == 0;
}

}  // namespace

void Workspace::save_tasks_together(const std::vector<Task>& tasks) const {
  if (tasks.empty()) {
    return;
  }
  // Every target is checked (valid id, no symbolic link) before anything is written.
  std::vector<StagedMove> moves;
  moves.reserve(tasks.size());
  for (const Task& t : tasks) {
    if (t.partial) {
      throw io_error(
          fmt::format("internal error: {} was loaded as a summary and cannot be written", t.id));
    }
    moves.push_back(StagedMove{{}, task_path(t.id)});
  }
  ensure_real_directory(root_ / ".duban", ".duban");
  const std::string name = fmt::format("{}{}", k_prefix, ::getpid());
  const fs::path staging = root_ / ".duban" / name;
  remove_tree(staging);
  ensure_real_directory(staging, ".duban/" + name);
  std::string token;
  // Until the commit marker is written, a failure leaves nothing behind.
  struct Discard {
    const fs::path& staging;
    const std::string& token;
    bool armed = true;
    ~Discard() {
      if (armed) {
        remove_tree(staging);
        forget_token(token);
      }
    }
  } discard{staging, token};
  token = register_staging(staging, root_);
  std::string manifest;
  for (size_t i = 0; i < tasks.size(); ++i) {
    std::string file = fmt::format("{:06d}.yaml", i);
    moves[i].from = staging / file;
    write_file_unsynced(moves[i].from, emit_task(with_uid(tasks[i])));
    manifest += file + "\t" + display_path(moves[i].to) + "\n";
  }
  write_file_unsynced(staging / k_manifest, manifest);
  // One flush for all staged files, then the marker that makes them count.
  flush_filesystem(staging);
  write_file_atomic(staging / k_committed, "");
  discard.armed = false;
  roll_forward(moves, *this);
  flush_filesystem(root_ / "tasks");
  remove_tree(staging);
  forget_token(token);
}

void Workspace::recover_staged() const {
  for (const std::string& name : staging_names(root_)) {
    const fs::path p = root_ / ".duban" / name;
    const std::string shown = ".duban/" + name;
    struct stat st {};
    if (::lstat(p.c_str(), &st) == 0 && st.st_uid != ::geteuid()) {
      notify(fmt::format("{} belongs to another user: left alone, not used", shown));
      continue;
    }
    const std::string token = own_token(p, shown);
    if (token.empty()) {
      if (is_committed(p)) {
        notify(fmt::format(
            "{} was not staged by duban on this machine (it may have come from a repository "
            "or a copied folder): deleted without using it",
            shown));
      }
      remove_tree(p);
      continue;
    }
    if (is_committed(p)) {
      std::vector<StagedMove> moves;
      try {
        moves = checked_moves(*this, p, shown);
      } catch (const Error& e) {
        notify(fmt::format(
            "refused to finish the interrupted import in {}: {}; deleted without moving anything",
            shown, e.what()));
        moves.clear();
        remove_tree(p);
        forget_token(token);
        continue;
      }
      roll_forward(moves, *this);
      flush_filesystem(root_ / "tasks");
      notify(fmt::format("finished an interrupted import: moved {} task file{} from {} into tasks/",
                         moves.size(), moves.size() == 1 ? "" : "s", shown));
    }
    remove_tree(p);
    forget_token(token);
  }
}

std::vector<std::string> Workspace::staging_problems() const {
  std::vector<std::string> out;
  for (const std::string& name : staging_names(root_)) {
    const fs::path p = root_ / ".duban" / name;
    const std::string shown = ".duban/" + name;
    if (!is_committed(p)) {
      continue;  // an import under way, or one that never committed: it changed nothing
    }
    struct stat st {};
    if (::lstat(p.c_str(), &st) == 0 && st.st_uid != ::geteuid()) {
      out.push_back(fmt::format("{}: staged by another user: never used by this one", shown));
    } else if (own_token(p, shown).empty()) {
      out.push_back(
          fmt::format("{}: staged elsewhere (from a repository or a copied folder?); never used, "
                      "the next write deletes it",
                      shown));
    } else {
      out.push_back(
          fmt::format("{}: an interrupted import is not finished: the ledger is incomplete until "
                      "the next write finishes it",
                      shown));
    }
  }
  return out;
}

bool Workspace::finish_interrupted_import() const {
  std::vector<std::string> pending;
  for (const std::string& name : staging_names(root_)) {
    const fs::path p = root_ / ".duban" / name;
    if (is_committed(p) && !own_token(p, ".duban/" + name).empty()) {
      pending.push_back(".duban/" + name);
    }
  }
  if (pending.empty()) {
    return true;
  }
  try {
    auto held = lock();
  } catch (const Error& e) {
    if (e.code() == k_exit_usage) {
      throw;
    }
    notify(fmt::format(
        "the interrupted import in {} is not finished ({}); what is shown may be incomplete "
        "until a write finishes it",
        fmt::join(pending, ", "), e.what()));
    return false;
  }
  return true;
}

}  // namespace duban
