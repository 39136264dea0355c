#include "store/workspace.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <iterator>
#include <optional>
#include <regex>

#include "core/error.hpp"
#include "core/parallel.hpp"
#include "core/utf8.hpp"
#include "store/cache.hpp"
#include "store/calendar_file.hpp"
#include "store/codec.hpp"
#include "store/config_file.hpp"
#include "store/units_file.hpp"
#include "store/yaml_load.hpp"

namespace fs = std::filesystem;

namespace duban {

namespace {

constexpr const char* k_config_file = "duban.yaml";

// .duban/local.yaml: nothing, or a mapping whose `id_prefix` is 1-8 capital
// letters A-Z (man duban-format.5); anything else is refused with its line.
std::string read_local_prefix(const fs::path& root) {
  const fs::path local = root / ".duban" / "local.yaml";
  const std::string shown = ".duban/local.yaml";
  if (file_kind(local).empty()) {
    return "";
  }
  const YAML::Node n = load_yaml(read_regular_file(local, shown, k_max_task_file_bytes), shown);
  if (!n || n.IsNull()) {
    return "";
  }
  if (!n.IsMap()) {
    throw data_error(
        fmt::format("{}:{}: expected a mapping such as 'id_prefix: AB'", shown, n.Mark().line + 1));
  }
  const YAML::Node value = n["id_prefix"];
  if (!value) {
    return "";
  }
  const std::string prefix = value.IsScalar() ? value.Scalar() : "";
  const bool ok =
      !prefix.empty() && prefix.size() <= 8 &&
      std::all_of(prefix.begin(), prefix.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
  if (!ok) {
    throw data_error(fmt::format("{}:{}: id_prefix: expected 1-8 capital letters A-Z, got '{}'",
                                 shown, value.Mark().line + 1,
                                 value.IsScalar() ? prefix : "a collection"));
  }
  return prefix;
}

Calendar read_calendars(const fs::path& root) {
  Calendar cal;
  fs::path dir = root / "calendar";
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return cal;
  }
  std::vector<fs::path> files = directory_entries(dir);
  std::erase_if(files, [](const fs::path& f) {
    return f.extension() != ".yaml" || f.filename().string()[0] == '.';
  });
  std::sort(files.begin(), files.end());
  for (const fs::path& f : files) {
    std::string rel = "calendar/" + f.filename().string();
    CalendarYear cy = parse_calendar_year(read_regular_file(f, rel, k_max_task_file_bytes), rel);
    if (f.stem().string() != std::to_string(cy.year)) {
      throw data_error(fmt::format("{}:1: year {} does not match the file name", rel, cy.year));
    }
    cal.add_year(cy.year, cy.holidays);
  }
  return cal;
}

// One task file found under tasks/: its path relative to the root and its stamp.
struct ScannedFile {
  std::string path;
  FileStamp stamp;
};

// What a scan of tasks/ found: task files, and messages for the entries that
// are not task files (stray) or that are refused (links, FIFOs, devices).
struct Scan {
  std::vector<ScannedFile> files;
  std::vector<std::string> stray;
  std::vector<std::string> refused;
  bool tasks_refused = false;  // tasks/ itself
};

std::string refused_entry(const std::string& rel, mode_t mode) {
  if (S_ISLNK(mode)) {
    return fmt::format(
        "{}: a symbolic link: duban does not follow links inside the workspace; remove it", rel);
  }
  return fmt::format(
      "{}: {}: duban refuses to read it (task files and year directories must be regular "
      "files and directories); remove it",
      rel,
      S_ISFIFO(mode)   ? "a named pipe (FIFO)"
      : S_ISSOCK(mode) ? "a socket"
                       : "a device file");
}

bool is_task_file_name(std::string_view name) {
  return name.size() > 5 && name[0] != '.' && name.substr(name.size() - 5) == ".yaml";
}

// The type of the entry `name` of the directory `dfd`, without following links.
mode_t entry_mode(int dfd, const dirent* e) {
  switch (e->d_type) {
    case DT_REG:
      return S_IFREG;
    case DT_DIR:
      return S_IFDIR;
    case DT_LNK:
      return S_IFLNK;
    default: {
      struct stat st {};
      return ::fstatat(dfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 ? st.st_mode : S_IFREG;
    }
  }
}

// The entries of one year directory: task files with their stat data, stray
// and refused entries.
Scan scan_year(const fs::path& root, const std::string& year) {
  Scan out;
  fs::path dir = root / "tasks" / year;
  DIR* d = ::opendir(dir.c_str());
  if (!d) {
    return out;
  }
  const int dfd = ::dirfd(d);
  const std::string prefix = "tasks/" + year + "/";
  while (dirent* e = ::readdir(d)) {
    std::string_view name = e->d_name;
    if (name == "." || name == "..") {
      continue;
    }
    const std::string rel = prefix + std::string(name);
    const mode_t mode = entry_mode(dfd, e);
    if (!S_ISREG(mode) && !S_ISDIR(mode)) {
      out.refused.push_back(refused_entry(rel, mode));
    } else if (S_ISDIR(mode)) {
      out.stray.push_back(
          fmt::format("{}: a directory inside a year directory: duban ignores it", rel));
    } else if (name[0] == '.' && name.find(".yaml.") != std::string_view::npos) {
      out.stray.push_back(fmt::format(
          "{}:1: leftover temporary file of an interrupted write (safe to delete)", rel));
    } else if (!is_task_file_name(name)) {
      out.stray.push_back(
          fmt::format("{}: not a task file (task files are named ID.yaml): duban ignores it", rel));
    } else {
      struct stat st {};
      if (::fstatat(dfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode)) {
        continue;  // gone or replaced since it was listed
      }
      FileStamp stamp{
          static_cast<std::uint64_t>(st.st_size), static_cast<std::uint64_t>(st.st_ino),
          static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec};
      out.files.push_back(ScannedFile{rel, stamp});
    }
  }
  ::closedir(d);
  return out;
}

// tasks/*/*.yaml with their stat data, sorted, and every other entry under
// tasks/ as a stray or refused one. Year directories are scanned on two
// threads, as git preloads its index.
Scan scan_task_files(const fs::path& root) {
  Scan scan;
  struct stat top {};
  const fs::path tasks = root / "tasks";
  if (::lstat(tasks.c_str(), &top) != 0) {
    return scan;
  }
  if (!S_ISDIR(top.st_mode)) {
    scan.tasks_refused = true;
    scan.refused.push_back(
        S_ISREG(top.st_mode) ? "tasks: a regular file where the tasks directory belongs; remove it"
                             : refused_entry("tasks", top.st_mode));
    return scan;
  }
  std::vector<std::string> years;
  if (DIR* d = ::opendir(tasks.c_str())) {
    while (dirent* e = ::readdir(d)) {
      std::string_view name = e->d_name;
      if (name == "." || name == "..") {
        continue;
      }
      const std::string rel = "tasks/" + std::string(name);
      const mode_t mode = entry_mode(::dirfd(d), e);
      if (S_ISDIR(mode)) {
        years.emplace_back(name);
      } else if (S_ISREG(mode)) {
        // .gitkeep keeps an empty tasks/ in git: not a task file, not a problem.
        if (name != ".gitkeep") {
          scan.stray.push_back(fmt::format(
              "{}: not in a year directory (task files are tasks/YYYY/ID.yaml): duban ignores it",
              rel));
        }
      } else {
        scan.refused.push_back(refused_entry(rel, mode));
      }
    }
    ::closedir(d);
  }
  std::sort(years.begin(), years.end());
  std::vector<Scan> per_year(years.size());
  // Two threads, the second only for a second year (grain 2).
  parallel_for(years.size(), 2, 2, [&](size_t k) { per_year[k] = scan_year(root, years[k]); });
  for (Scan& y : per_year) {
    std::sort(y.files.begin(), y.files.end(),
              [](const ScannedFile& a, const ScannedFile& b) { return a.path < b.path; });
    std::move(y.files.begin(), y.files.end(), std::back_inserter(scan.files));
    std::move(y.stray.begin(), y.stray.end(), std::back_inserter(scan.stray));
    std::move(y.refused.begin(), y.refused.end(), std::back_inserter(scan.refused));
  }
  std::sort(scan.stray.begin(), scan.stray.end());
  std::sort(scan.refused.begin(), scan.refused.end());
  return scan;
}

// Read and parse one task file into a cache entry; with `full` the whole
// task is kept too.
CacheEntry parse_one(const fs::path& root, const ScannedFile& f, bool full) {
  CacheEntry c{f.path, f.stamp, {}, false, {}, {}};
  try {
    Task t = read_task_file(root / f.path, f.path);
    const std::string stem = fs::path(f.path).stem().string();
    if (t.id != stem) {
      throw data_error(fmt::format("{}:1: id '{}' does not match the file name", f.path, t.id));
    }
    c.brief = brief_of(t);
    if (full) {
      c.full = std::move(t);
    } else {
      c.payload = serialize_summary(summarize_task(t));
    }
  } catch (const Error& e) {
    c.broken = true;
    c.payload = e.what();
  }
  return c;
}

// Parse the files at `indexes` on `jobs` threads (0 = one per core).
std::vector<CacheEntry> parse_files(const fs::path& root, const std::vector<ScannedFile>& files,
                                    const std::vector<size_t>& indexes, int jobs, bool full) {
  std::vector<CacheEntry> out(indexes.size());
  parallel_for(indexes.size(), jobs, 64,
               [&](size_t k) { out[k] = parse_one(root, files[indexes[k]], full); });
  return out;
}

// The cache lives in .duban/, which must be git-ignored before duban writes there.
bool cache_allowed(const fs::path& root) {
  std::error_code ec;
  if (fs::is_directory(root / ".duban", ec)) {
    return true;
  }
  std::string text;
  std::string err;
  return read_regular_file(root / ".gitignore", ".gitignore", k_max_task_file_bytes, &text, &err) &&
         text.find(".duban") != std::string::npos;
}

// .duban/ is local state: it and the files duban keeps there must be a real
// directory and regular files (a link from a repository would make a writer
// lock, cache and delete elsewhere). Staging directories are checked when
// they are listed.
void check_local_state(const fs::path& root) {
  const fs::path dir = root / ".duban";
  refuse_unless_missing_or(dir, ".duban", true);
  for (const char* name : {"lock", "cache", "local.yaml", "ids"}) {
    refuse_unless_missing_or(dir / name, std::string(".duban/") + name, false);
  }
  for (const char* name : {"tmp", "edit"}) {
    refuse_unless_missing_or(dir / name, std::string(".duban/") + name, true);
  }
}

// The sequence number of `id` when it has `prefix`, else -1.
int sequence_of(const std::string& id, const std::string& prefix) {
  if (!is_valid_task_id(id)) {
    return -1;
  }
  std::string rest = id.substr(5);
  if (rest.compare(0, prefix.size(), prefix) != 0) {
    return -1;
  }
  rest = rest.substr(prefix.size());
  if (rest.empty() || !std::isdigit(static_cast<unsigned char>(rest[0]))) {
    return -1;
  }
  return std::stoi(rest);
}

}  // namespace

fs::path Workspace::find_root(const std::optional<std::string>& dir) {
  if (dir) {
    fs::path p = absolute_path(*dir);
    if (!fs::exists(status_of(p / k_config_file))) {
      throw usage_error(
          fmt::format("{} is not a duban workspace (no {}); run 'duban init {}' first", *dir,
                      k_config_file, *dir));
    }
    return p;
  }
  if (const char* env = std::getenv("DUBAN_DIR"); env && *env) {
    fs::path p = absolute_path(env);
    if (!fs::exists(status_of(p / k_config_file))) {
      throw usage_error(
          fmt::format("DUBAN_DIR={} is not a duban workspace (no {})", env, k_config_file));
    }
    return p;
  }
  fs::path p = current_directory();
  while (true) {
    if (fs::exists(status_of(p / k_config_file))) {
      return p;
    }
    if (p == p.root_path() || p.parent_path() == p) {
      break;
    }
    p = p.parent_path();
  }
  throw usage_error(
      "not in a duban workspace (no duban.yaml here or in any parent directory); "
      "run 'duban init' or use --dir");
}

Workspace Workspace::open(const fs::path& root) {
  Workspace ws;
  ws.root_ = root;
  check_local_state(root);
  ws.config_ = parse_config(
      read_regular_file(root / k_config_file, k_config_file, k_max_task_file_bytes), k_config_file);
  std::error_code ec;
  if (fs::exists(fs::symlink_status(root / "units.yaml", ec))) {
    ws.units_ = parse_units(
        read_regular_file(root / "units.yaml", "units.yaml", k_max_task_file_bytes), "units.yaml");
  }
  ws.calendar_ = read_calendars(root);
  ws.id_prefix_ = read_local_prefix(root);
  return ws;
}

Task read_task_file(const fs::path& path, const std::string& shown) {
  return parse_task_text(read_regular_file(path, shown, k_max_task_file_bytes), shown);
}

Task parse_task_text(const std::string& text, const std::string& shown) {
  if (int line = invalid_utf8_line(text); line > 0) {
    throw data_error(
        fmt::format("{}:{}: not valid UTF-8: a task file must be UTF-8 text", shown, line));
  }
  return parse_task(text, shown);
}

int next_sequence(std::vector<int> used) {
  std::sort(used.begin(), used.end());
  used.erase(std::unique(used.begin(), used.end()), used.end());
  if (used.empty()) {
    return 1;
  }
  for (auto it = used.rbegin(); it != used.rend(); ++it) {
    const bool successor_used = it != used.rbegin() && *std::prev(it) == *it + 1;
    if (*it >= 0 && *it < k_max_sequence && !successor_used) {
      return *it + 1;
    }
  }
  if (used.front() > 1) {
    return 1;
  }
  throw data_error(
      "no task number is left in this year (every number up to 999999 after the first is taken)");
}

int lock_timeout_ms() {
  const char* env = std::getenv("DUBAN_LOCK_TIMEOUT");
  if (!env || !*env) {
    return 10000;
  }
  static const std::regex k_seconds("[0-9]{1,5}(\\.[0-9]{1,3})?");
  if (!std::regex_match(env, k_seconds) || std::strtod(env, nullptr) > 86400) {
    throw usage_error(fmt::format(
        "DUBAN_LOCK_TIMEOUT={}: expected a number of seconds from 0 to 86400 (e.g. 10 or 0.5)",
        env));
  }
  return static_cast<int>(std::strtod(env, nullptr) * 1000 + 0.5);
}

std::vector<fs::path> Workspace::task_files() const {
  std::vector<fs::path> files;
  for (const ScannedFile& f : scan_task_files(root_).files) {
    files.push_back(root_ / f.path);
  }
  return files;
}

TaskTree Workspace::survey_tasks() const {
  Scan scan = scan_task_files(root_);
  TaskTree tree{{}, std::move(scan.stray), std::move(scan.refused)};
  for (const ScannedFile& f : scan.files) {
    tree.files.push_back(root_ / f.path);
  }
  return tree;
}

TaskSet Workspace::load_tasks() const {
  return load_tasks(LoadOptions{});
}

TaskSet Workspace::load_tasks(const LoadOptions& opt) const {
  Scan scan = scan_task_files(root_);
  if (scan.tasks_refused) {
    throw io_error(scan.refused.front());
  }
  const std::vector<ScannedFile>& files = scan.files;
  const fs::path cache_file = root_ / ".duban" / "cache";
  const TaskCache cache = opt.full ? TaskCache{} : TaskCache::load(cache_file);
  std::vector<const TaskCache::Slot*> hits(files.size(), nullptr);
  std::vector<size_t> misses;
  size_t cursor = 0;
  for (size_t i = 0; i < files.size(); ++i) {
    hits[i] = cache.lookup_next(files[i].path, files[i].stamp, cursor);
    if (!hits[i]) {
      misses.push_back(i);
    }
  }
  std::vector<CacheEntry> parsed = parse_files(root_, files, misses, opt.jobs, opt.full);
  TaskSet set;
  set.errors = std::move(scan.refused);
  set.refused = !set.errors.empty();
  auto wanted = [&](const TaskBrief& b) { return !opt.want || opt.want(b); };
  for (size_t i = 0, k = 0; i < files.size(); ++i) {
    if (const TaskCache::Slot* slot = hits[i]) {
      if (slot->broken) {
        set.errors.emplace_back(slot->payload);
      } else if (wanted(slot->brief)) {
        set.tasks.push_back(deserialize_summary(slot->payload));
      }
      continue;
    }
    CacheEntry& e = parsed[k++];
    if (e.broken) {
      set.errors.push_back(e.payload);
    } else if (wanted(e.brief)) {
      set.tasks.push_back(opt.full ? std::move(e.full) : deserialize_summary(e.payload));
    }
  }
  auto by_id = [](const Task& a, const Task& b) { return a.id < b.id; };
  if (!std::is_sorted(set.tasks.begin(), set.tasks.end(), by_id)) {
    std::sort(set.tasks.begin(), set.tasks.end(), by_id);
  }
  if (!opt.full && (!misses.empty() || cache.size() != files.size()) && cache_allowed(root_)) {
    std::vector<CacheEntry> entries;
    entries.reserve(files.size());
    for (size_t i = 0, k = 0; i < files.size(); ++i) {
      if (const TaskCache::Slot* slot = hits[i]) {
        entries.push_back(CacheEntry{
            files[i].path, slot->stamp, slot->brief, slot->broken, std::string(slot->payload), {}});
      } else {
        entries.push_back(std::move(parsed[k++]));
      }
    }
    TaskCache::save(cache_file, entries);
  }
  return set;
}

fs::path Workspace::task_path(const std::string& id) const {
  if (!is_valid_task_id(id)) {
    throw data_error(fmt::format("'{}' is not a task id (expected YYYY-NNNN, e.g. 2025-0042)", id));
  }
  // A symbolic link would let a read or a write reach outside the workspace,
  // and a FIFO would block a read: refused (exit 4) naming the path.
  const std::string year = "tasks/" + id.substr(0, 4);
  const std::string file = year + "/" + id + ".yaml";
  refuse_unless_missing_or(root_ / "tasks", "tasks", true);
  refuse_unless_missing_or(root_ / year, year, true);
  refuse_unless_missing_or(root_ / file, file, false);
  return root_ / file;
}

bool Workspace::task_exists(const std::string& id) const {
  std::error_code ec;
  return is_valid_task_id(id) && fs::exists(task_path(id), ec);
}

Task Workspace::load_task(const std::string& id) const {
  fs::path p = task_path(id);
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(p, ec))) {
    throw data_error(fmt::format("no task {} (no file {})", id, display_path(p)));
  }
  Task t = read_task_file(p, display_path(p));
  if (t.id != id) {
    throw data_error(
        fmt::format("{}:1: id '{}' does not match the file name", display_path(p), t.id));
  }
  return t;
}

std::string Workspace::display_path(const fs::path& p) const {
  std::error_code ec;
  fs::path rel = fs::relative(p, root_, ec);
  return ec || rel.empty() ? p.string() : rel.string();
}

std::string Workspace::next_id(int year) const {
  const std::string year_dir = "tasks/" + std::to_string(year);
  refuse_unless_missing_or(root_ / "tasks", "tasks", true);
  refuse_unless_missing_or(root_ / year_dir, year_dir, true);
  std::vector<int> used;
  for (const fs::path& entry : directory_entries(root_ / year_dir)) {
    if (entry.extension() == ".yaml") {
      used.push_back(sequence_of(entry.stem().string(), id_prefix_));
    }
  }
  std::erase(used, -1);
  return fmt::format("{:04d}-{}{:04d}", year, id_prefix_, next_sequence(used));
}

void Workspace::save_task(const Task& task) const {
  if (task.partial) {
    throw io_error(
        fmt::format("internal error: {} was loaded as a summary and cannot be written", task.id));
  }
  fs::path p = task_path(task.id);
  ensure_real_directory(root_ / "tasks", "tasks");
  ensure_real_directory(p.parent_path(), display_path(p.parent_path()));
  // Temporary files live in the git-ignored .duban/tmp, so a killed writer
  // leaves nothing in tasks/ (the next writer clears it).
  fs::path tmp = root_ / ".duban" / "tmp";
  ensure_real_directory(root_ / ".duban", ".duban");
  ensure_real_directory(tmp, ".duban/tmp");
  write_file_atomic(p, emit_task(with_uid(task)), tmp);
}

void Workspace::save_units(const Units& units) const {
  write_file_atomic(root_ / "units.yaml", emit_units(units));
}

std::unique_ptr<WriteLock> Workspace::lock() const {
  const int timeout_ms = lock_timeout_ms();
  ensure_real_directory(root_ / ".duban", ".duban");
  auto lock = std::make_unique<WriteLock>(root_ / ".duban" / "lock", timeout_ms, ".duban/lock");
  recover_staged();
  remove_tree(root_ / ".duban" / "tmp");  // left by a killed writer; we hold the lock
  return lock;
}

}  // namespace duban
