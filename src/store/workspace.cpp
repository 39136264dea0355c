#include "duban/workspace.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdlib>

#include "duban/calendar_file.hpp"
#include "duban/codec.hpp"
#include "duban/error.hpp"

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
  fs::path tasks_dir = root_ / "tasks";
  std::error_code ec;
  if (!fs::is_directory(tasks_dir, ec)) {
    return files;
  }
  for (auto it = fs::recursive_directory_iterator(tasks_dir, ec); it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (ec) {
      break;
    }
    const fs::path& p = it->path();
    if (p.filename().string()[0] == '.') {
      if (it->is_directory()) {
        it.disable_recursion_pending();
      }
      continue;
    }
    if (p.extension() == ".yaml" && !it->is_directory()) {
      files.push_back(p);
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

TaskSet Workspace::load_tasks() const {
  TaskSet set;
  for (const fs::path& f : task_files()) {
    std::string rel = display_path(f);
    try {
      Task t = parse_task(read_file(f), rel);
      if (t.id != f.stem().string()) {
        set.errors.push_back(fmt::format("{}:1: id '{}' does not match the file name", rel, t.id));
        continue;
      }
      set.tasks.push_back(std::move(t));
    } catch (const Error& e) {
      set.errors.push_back(e.what());
    }
  }
  std::sort(set.tasks.begin(), set.tasks.end(),
            [](const Task& a, const Task& b) { return a.id < b.id; });
  return set;
}

fs::path Workspace::task_path(const std::string& id) const {
  if (!is_valid_task_id(id)) {
    throw data_error(fmt::format("'{}' is not a task id (expected YYYY-NNNN, e.g. 2025-0042)", id));
  }
  return root_ / "tasks" / id.substr(0, 4) / (id + ".yaml");
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
  fs::path p = task_path(task.id);
  std::error_code ec;
  fs::create_directories(p.parent_path(), ec);
  if (ec) {
    throw io_error(fmt::format("cannot create {}: {}", display_path(p.parent_path()), ec.message()));
  }
  write_file_atomic(p, emit_task(task));
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
  return lock;
}

}  // namespace duban
