#include "duban/workspace.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <iterator>
#include <optional>
#include <thread>

#include "duban/cache.hpp"
#include "duban/calendar_file.hpp"
#include "duban/codec.hpp"
#include "duban/error.hpp"
#include "duban/parallel.hpp"

namespace fs = std::filesystem;

namespace duban {

namespace {

constexpr const char* k_config_file = "duban.yaml";

std::string read_local_prefix(const fs::path& root) {
  fs::path local = root / ".duban" / "local.yaml";
  std::error_code ec;
  if (!fs::exists(local, ec)) {
    return "";
  }
  YAML::Node n;
  try {
    n = YAML::Load(read_file(local));
  } catch (const YAML::Exception& e) {
    throw data_error(fmt::format(".duban/local.yaml:{}: not valid YAML: {}", e.mark.line + 1, e.msg));
  }
  if (!n.IsMap() || !n["id_prefix"]) {
    return "";
  }
  std::string prefix = n["id_prefix"].Scalar();
  bool ok = !prefix.empty() && prefix.size() <= 8 &&
            std::all_of(prefix.begin(), prefix.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
  if (!ok) {
    throw data_error(fmt::format(".duban/local.yaml: id_prefix: expected 1-8 capital letters A-Z, got '{}'",
                                 prefix));
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
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".yaml" && entry.path().filename().string()[0] != '.') {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& f : files) {
    std::string rel = "calendar/" + f.filename().string();
    CalendarYear cy = parse_calendar_year(read_file(f), rel);
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

// tasks/*/*.yaml with their stat data, sorted; dot-files (unfinished writes)
// and symbolic links are not task files.
// The task files of one year directory, with their stat data.
std::vector<ScannedFile> scan_year(const fs::path& root, const std::string& year) {
  std::vector<ScannedFile> out;
  fs::path dir = root / "tasks" / year;
  DIR* d = ::opendir(dir.c_str());
  if (!d) {
    return out;
  }
  const int dfd = ::dirfd(d);
  const std::string prefix = "tasks/" + year + "/";
  while (dirent* e = ::readdir(d)) {
    std::string_view name = e->d_name;
    if (name[0] == '.' || name.size() < 6 || name.substr(name.size() - 5) != ".yaml") {
      continue;
    }
    struct stat st {};
    if (::fstatat(dfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode)) {
      continue;
    }
    FileStamp stamp{static_cast<std::uint64_t>(st.st_size), static_cast<std::uint64_t>(st.st_ino),
                    static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec};
    out.push_back(ScannedFile{prefix + std::string(name), stamp});
  }
  ::closedir(d);
  return out;
}

// tasks/*/*.yaml with their stat data, sorted; dot-files (unfinished writes)
// and symbolic links are not task files. Year directories are scanned on two
// threads, as git preloads its index.
std::vector<ScannedFile> scan_task_files(const fs::path& root) {
  std::vector<std::string> years;
  if (DIR* d = ::opendir((root / "tasks").c_str())) {
    while (dirent* e = ::readdir(d)) {
      if (e->d_name[0] == '.') {
        continue;
      }
      // A year directory that is a symbolic link is not followed.
      struct stat st {};
      if (e->d_type == DT_DIR ||
          (e->d_type == DT_UNKNOWN && ::fstatat(::dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
           S_ISDIR(st.st_mode))) {
        years.emplace_back(e->d_name);
      }
    }
    ::closedir(d);
  }
  std::sort(years.begin(), years.end());
  std::vector<std::vector<ScannedFile>> per_year(years.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t k = next++; k < years.size(); k = next++) {
      per_year[k] = scan_year(root, years[k]);
    }
  };
  std::optional<std::thread> helper;
  if (years.size() > 1) {
    helper.emplace(work);
  }
  work();
  if (helper) {
    helper->join();
  }
  std::vector<ScannedFile> out;
  for (auto& files : per_year) {
    std::sort(files.begin(), files.end(), [](const ScannedFile& a, const ScannedFile& b) { return a.path < b.path; });
    std::move(files.begin(), files.end(), std::back_inserter(out));
  }
  return out;
}

// Read and parse one task file into a cache entry; with `full` the whole
// task is kept too.
CacheEntry parse_one(const fs::path& root, const ScannedFile& f, bool full) {
  CacheEntry c{f.path, f.stamp, {}, false, {}, {}};
  try {
    Task t = parse_task(read_file(root / f.path), f.path);
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
  parallel_for(indexes.size(), jobs, 64, [&](size_t k) { out[k] = parse_one(root, files[indexes[k]], full); });
  return out;
}

// The cache lives in .duban/, which must be git-ignored before duban writes there.
bool cache_allowed(const fs::path& root) {
  std::error_code ec;
  if (fs::is_directory(root / ".duban", ec)) {
    return true;
  }
  try {
    return read_file(root / ".gitignore").find(".duban") != std::string::npos;
  } catch (const Error&) {
    return false;
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
    fs::path p = fs::absolute(*dir);
    if (!fs::exists(p / k_config_file)) {
      throw usage_error(fmt::format("{} is not a duban workspace (no {}); run 'duban init {}' first",
                                    *dir, k_config_file, *dir));
    }
    return p;
  }
  if (const char* env = std::getenv("DUBAN_DIR"); env && *env) {
    fs::path p = fs::absolute(env);
    if (!fs::exists(p / k_config_file)) {
      throw usage_error(fmt::format("DUBAN_DIR={} is not a duban workspace (no {})", env, k_config_file));
    }
    return p;
  }
  fs::path p = fs::current_path();
  while (true) {
    if (fs::exists(p / k_config_file)) {
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
  ws.config_ = parse_config(read_file(root / k_config_file), k_config_file);
  std::error_code ec;
  if (fs::exists(root / "units.yaml", ec)) {
    ws.units_ = parse_units(read_file(root / "units.yaml"), "units.yaml");
  }
  ws.calendar_ = read_calendars(root);
  ws.id_prefix_ = read_local_prefix(root);
  return ws;
}

std::vector<fs::path> Workspace::task_files() const {
  std::vector<fs::path> files;
  for (const ScannedFile& f : scan_task_files(root_)) {
    files.push_back(root_ / f.path);
  }
  return files;
}

TaskSet Workspace::load_tasks() const { return load_tasks(LoadOptions{}); }

TaskSet Workspace::load_tasks(const LoadOptions& opt) const {
  const std::vector<ScannedFile> files = scan_task_files(root_);
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
        entries.push_back(CacheEntry{files[i].path, slot->stamp, slot->brief, slot->broken, std::string(slot->payload), {}});
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
  fs::path year = root_ / "tasks" / id.substr(0, 4);
  fs::path file = year / (id + ".yaml");
  // A symbolic link would let a read or a write reach outside the workspace;
  // scans skip them, so single-task commands refuse them.
  for (const fs::path& p : {year, file}) {
    struct stat st {};
    if (::lstat(p.c_str(), &st) == 0 && S_ISLNK(st.st_mode)) {
      throw data_error(fmt::format("{} is a symbolic link: task files and year directories must be inside "
                                   "the workspace",
                                   p.lexically_relative(root_).string()));
    }
  }
  return file;
}

bool Workspace::task_exists(const std::string& id) const {
  std::error_code ec;
  return is_valid_task_id(id) && fs::exists(task_path(id), ec);
}

Task Workspace::load_task(const std::string& id) const {
  fs::path p = task_path(id);
  std::error_code ec;
  if (!fs::exists(p, ec)) {
    throw data_error(fmt::format("no task {} (no file {})", id, display_path(p)));
  }
  Task t = parse_task(read_file(p), display_path(p));
  if (t.id != id) {
    throw data_error(fmt::format("{}:1: id '{}' does not match the file name", display_path(p), t.id));
  }
  return t;
}

std::string Workspace::display_path(const fs::path& p) const {
  std::error_code ec;
  fs::path rel = fs::relative(p, root_, ec);
  return ec || rel.empty() ? p.string() : rel.string();
}

std::string Workspace::next_id(int year) const {
  fs::path dir = root_ / "tasks" / std::to_string(year);
  int last = 0;
  std::error_code ec;
  if (fs::is_directory(dir, ec)) {
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      if (entry.path().extension() == ".yaml") {
        last = std::max(last, sequence_of(entry.path().stem().string(), id_prefix_));
      }
    }
  }
  return fmt::format("{:04d}-{}{:04d}", year, id_prefix_, last + 1);
}

void Workspace::save_task(const Task& task) const {
  if (task.partial) {
    throw io_error(fmt::format("internal error: {} was loaded as a summary and cannot be written", task.id));
  }
  fs::path p = task_path(task.id);
  std::error_code ec;
  fs::create_directories(p.parent_path(), ec);
  if (ec) {
    throw io_error(fmt::format("cannot create {}: {}", display_path(p.parent_path()), ec.message()));
  }
  // Temporary files live in the git-ignored .duban/tmp, so a killed writer
  // leaves nothing in tasks/ (the next writer clears it).
  fs::path tmp = root_ / ".duban" / "tmp";
  fs::create_directories(tmp, ec);
  write_file_atomic(p, emit_task(with_uid(task)), ec ? fs::path() : tmp);
}

void Workspace::save_units(const Units& units) const {
  write_file_atomic(root_ / "units.yaml", emit_units(units));
}

std::unique_ptr<WriteLock> Workspace::lock() const {
  int timeout_ms = 10000;
  if (const char* env = std::getenv("DUBAN_LOCK_TIMEOUT"); env && *env) {
    timeout_ms = static_cast<int>(std::strtod(env, nullptr) * 1000);
  }
  auto lock = std::make_unique<WriteLock>(root_ / ".duban" / "lock", timeout_ms);
  recover_staged();
  std::error_code ec;
  fs::remove_all(root_ / ".duban" / "tmp", ec);  // left by a killed writer; we hold the lock
  return lock;
}

}  // namespace duban
