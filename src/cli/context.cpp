#include "cli/context.hpp"

#include <fmt/format.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <iostream>

#include "core/error.hpp"
#include "core/query.hpp"
#include "core/today.hpp"
#include "io/text.hpp"
#include "store/codec.hpp"
#include "store/git.hpp"
#include "store/units_file.hpp"

namespace duban::cli {

namespace {

Date local_today() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  return Date::from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

// The lines that differ between two texts, for --dry-run.
std::string changed_lines(const std::string& before, const std::string& after) {
  auto lines = [](const std::string& s) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start < s.size()) {
      size_t end = s.find('\n', start);
      out.push_back(s.substr(start, end - start));
      start = end == std::string::npos ? s.size() : end + 1;
    }
    return out;
  };
  std::vector<std::string> a = lines(before);
  std::vector<std::string> b = lines(after);
  size_t head = 0;
  while (head < a.size() && head < b.size() && a[head] == b[head]) {
    ++head;
  }
  size_t tail = 0;
  while (tail < a.size() - head && tail < b.size() - head &&
         a[a.size() - 1 - tail] == b[b.size() - 1 - tail]) {
    ++tail;
  }
  std::string out;
  for (size_t i = head; i < a.size() - tail; ++i) {
    out += "-" + a[i] + "\n";
  }
  for (size_t i = head; i < b.size() - tail; ++i) {
    out += "+" + b[i] + "\n";
  }
  return out;
}

// Bytes at the end of `s` that begin a UTF-8 character still incomplete.
std::size_t incomplete_utf8_tail(std::string_view s) {
  for (std::size_t back = 1; back <= std::min<std::size_t>(3, s.size()); ++back) {
    const auto b = static_cast<unsigned char>(s[s.size() - back]);
    if ((b & 0xC0) != 0x80) {
      const std::size_t need = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
      return need > back ? back : 0;
    }
  }
  return 0;
}

// A stream buffer that passes text on through sanitize_terminal_lines(); a
// character split across two writes is held until it is complete.
class SanitizingBuffer : public std::streambuf {
 public:
  explicit SanitizingBuffer(std::streambuf* target) : target_(target) {}

 protected:
  int overflow(int c) override {
    if (c != traits_type::eof()) {
      pending_ += static_cast<char>(c);
    }
    return traits_type::not_eof(c);
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    pending_.append(s, static_cast<std::size_t>(n));
    return n;
  }
  int sync() override {
    const std::size_t ready = pending_.size() - incomplete_utf8_tail(pending_);
    const std::string out = sanitize_terminal_lines(std::string_view(pending_).substr(0, ready));
    pending_.erase(0, ready);
    target_->sputn(out.data(), static_cast<std::streamsize>(out.size()));
    return target_->pubsync();
  }

 private:
  std::streambuf* target_;
  std::string pending_;
};

}  // namespace

Workspace& Context::workspace() {
  if (!workspace_) {
    workspace_ = Workspace::open(Workspace::find_root(options.dir));
    workspace_->set_notifier([this](const std::string& m) { warn(m); });
    // A reader never presents the partial ledger of an interrupted import.
    if (!workspace_->finish_interrupted_import()) {
      set_exit(k_exit_io);
    }
  }
  return *workspace_;
}

TaskSet& Context::keep(TaskSet set) {
  tasks_ = std::move(set);
  const Units& units = workspace().units();
  for (Task& t : tasks_->tasks) {
    use_current_unit_names(t, units, false);
  }
  return *tasks_;
}

Task Context::task_to_show(const std::string& id) {
  Task t = workspace().load_task(id);
  use_current_unit_names(t, workspace().units(), true);
  return t;
}

Date Context::today() {
  if (!today_) {
    const std::optional<std::string> as_of =
        options.as_of ? std::optional(trim(*options.as_of)) : std::nullopt;
    const char* env = std::getenv("DUBAN_TODAY");
    today_ = resolve_today(as_of, env ? std::optional<std::string_view>(env) : std::nullopt,
                           local_today());
  }
  return *today_;
}

Date Context::parse_date(const std::string& text, std::string_view option, DateUse use) {
  const Workspace& ws = workspace();
  auto d = parse_date_input(trim(text), today(), ws.calendar(), use,
                            ws.config().move_deadline_off_holidays);
  if (!d) {
    throw usage_error(fmt::format("{} '{}': {}", option, text, date_forms_hint()));
  }
  if (std::string problem = date_range_problem(*d); !problem.empty()) {
    throw usage_error(fmt::format("{} '{}': {}", option, text, problem));
  }
  return *d;
}

Lang Context::lang() {
  std::string l = options.lang ? *options.lang : workspace().config().lang;
  return l == "en" ? Lang::en : Lang::zh;
}

bool Context::color() const {
  if (options.color == "always") {
    return true;
  }
  if (options.color == "never") {
    return false;
  }
  const char* no_color = std::getenv("NO_COLOR");
  return isatty(STDOUT_FILENO) && !(no_color && *no_color);
}

int Context::terminal_width() const {
  if (!isatty(STDOUT_FILENO)) {
    return 0;
  }
  struct winsize ws {};
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) {
    return ws.ws_col;
  }
  return 80;
}

std::string Context::format(const std::vector<std::string>& allowed) const {
  for (const std::string& f : allowed) {
    if (f == options.format) {
      return f;
    }
  }
  throw usage_error(
      fmt::format("--format {}: this command supports {}", options.format, join(allowed, ", ")));
}

std::string Context::resolve_unit(const std::string& text, bool add_missing) {
  std::string name = trim(text);
  if (name.empty()) {
    throw usage_error("a unit name is empty");
  }
  if (added_units_) {
    if (auto c = added_units_->canonical(name)) {
      return *c;
    }
  } else if (auto c = workspace().units().canonical(name)) {
    return *c;
  }
  if (add_missing) {
    if (!added_units_) {
      added_units_ = workspace().units();
    }
    added_units_->add(Unit{name, {}, {}, {}, {}, {}});
    warn(fmt::format("added unit '{}' to units.yaml", name));
    return name;
  }
  std::string msg = fmt::format("unknown unit '{}'", name);
  std::vector<std::string> close = workspace().units().suggest(name);
  if (!close.empty()) {
    msg += fmt::format("; did you mean {}?", join(close, ", "));
  }
  msg += " (see 'duban units'; --add-units adds new ones)";
  throw data_error(msg);
}

std::vector<std::string> Context::resolve_units(const std::vector<std::string>& values,
                                                bool add_missing) {
  std::vector<std::string> out;
  for (const std::string& v : values) {
    for (const std::string& item : split_list(v)) {
      std::string name = resolve_unit(item, add_missing);
      if (std::find(out.begin(), out.end(), name) == out.end()) {
        out.push_back(name);
      }
    }
  }
  return out;
}

std::string Context::resolve_kind(const std::string& text) {
  const Config& cfg = workspace().config();
  if (const KindConfig* k = cfg.resolve_kind(trim(text))) {
    return k->name;
  }
  std::vector<std::string> names;
  for (const KindConfig& k : cfg.kinds) {
    names.push_back(k.label.empty() ? k.name : fmt::format("{} ({})", k.name, k.label));
  }
  throw data_error(fmt::format("unknown kind '{}'; expected one of: {}", text, join(names, ", ")));
}

std::string Context::resolve_id(const std::string& text) {
  std::string id = trim(text);
  for (char& c : id) {
    if (c >= 'a' && c <= 'z') {
      c = static_cast<char>(c - 'a' + 'A');
    }
  }
  if (!id.empty() && id.size() <= 6 && id.find_first_not_of("0123456789") == std::string::npos) {
    id = fmt::format("{:04d}-{}{:04d}", today().year(), workspace().id_prefix(), std::stoi(id));
  }
  if (!is_valid_task_id(id)) {
    throw data_error(
        fmt::format("'{}' is not a task id (expected YYYY-NNNN, e.g. 2025-0042)", text));
  }
  return id;
}

bool Context::save_added_units() {
  if (!added_units_) {
    return false;
  }
  // Called with the writer lock held: units.yaml is read again so that units
  // another writer added since this run opened the workspace are kept, and
  // only the units this run added are appended (SPEC §11).
  Workspace& ws = workspace();
  Units fresh = read_units_file(ws.root());
  for (const Unit& u : added_units_->all()) {
    if (!ws.units().find(u.name) && !fresh.find(u.name)) {
      fresh.add(u);
    }
  }
  ws.save_units(fresh);
  return true;
}

void Context::commit(const std::vector<std::string>& paths, const std::string& message) {
  Workspace& ws = workspace();
  if (!ws.config().autocommit || paths.empty()) {
    return;
  }
  if (std::string failure; !commit_paths(ws.root(), paths, message, &failure)) {
    while (!failure.empty() && failure.back() == '\n') {
      failure.pop_back();
    }
    // Shown even with --quiet: a cron job's mail is where a clerk learns that
    // a change (a refused hook, say) waits to be committed by hand.
    std::cerr << "duban: warning: "
              << sanitize_terminal_lines(
                     fmt::format("the change is saved but not committed: {}", failure))
              << '\n';
  }
}

namespace {

// A message's lines after the first, indented: no text in it (a value from
// a file or the command line) can begin a line that reads as one of duban's.
std::string indented(std::string_view message) {
  std::string out = sanitize_terminal_lines(message);
  for (size_t at = out.find('\n'); at != std::string::npos; at = out.find('\n', at + 3)) {
    out.insert(at + 1, "  ");
  }
  return out;
}

}  // namespace

void Context::warn(const std::string& message) const {
  if (!options.quiet) {
    std::cerr << "duban: warning: " << indented(message) << '\n';
  }
}

void update_task(Context& ctx, const std::string& action, const std::string& id, bool dry_run,
                 const std::function<void(Task&)>& change) {
  Workspace& ws = ctx.workspace();
  std::unique_ptr<WriteLock> lock;
  if (!dry_run) {
    lock = ws.lock();
  }
  Task task = ws.load_task(id);
  const std::string before = emit_task(task);
  change(task);
  const std::string after = emit_task(task);
  if (dry_run) {
    std::cerr << fmt::format("dry run: {} would change:\n", ws.display_path(ws.task_path(id)))
              << changed_lines(before, after);
    print(id + "\n");
    return;
  }
  std::vector<std::string> paths = {ws.display_path(ws.task_path(id))};
  if (ctx.save_added_units()) {
    paths.push_back("units.yaml");
  }
  ws.save_task(task);
  ctx.commit(paths, fmt::format("{} {}", action, id));
  print(id + "\n");
}

void update_tasks(Context& ctx, const std::string& action, const std::vector<std::string>& ids,
                  bool dry_run, const std::function<void(Task&)>& change) {
  Workspace& ws = ctx.workspace();
  std::unique_ptr<WriteLock> lock;
  if (!dry_run) {
    lock = ws.lock();
  }
  std::vector<Task> tasks;
  std::vector<std::string> befores;
  for (const std::string& id : ids) {
    if (std::any_of(tasks.begin(), tasks.end(), [&](const Task& t) { return t.id == id; })) {
      continue;
    }
    tasks.push_back(ws.load_task(id));
    befores.push_back(emit_task(tasks.back()));
    change(tasks.back());
  }
  if (dry_run) {
    for (size_t i = 0; i < tasks.size(); ++i) {
      std::cerr << fmt::format("dry run: {} would change:\n",
                               ws.display_path(ws.task_path(tasks[i].id)))
                << changed_lines(befores[i], emit_task(tasks[i]));
    }
  } else {
    std::vector<std::string> paths;
    for (const Task& t : tasks) {
      paths.push_back(ws.display_path(ws.task_path(t.id)));
    }
    if (ctx.save_added_units()) {
      paths.push_back("units.yaml");
    }
    ws.save_tasks_together(tasks);
    ctx.commit(paths, tasks.size() == 1 ? fmt::format("{} {}", action, tasks.front().id)
                                        : fmt::format("{} {} tasks", action, tasks.size()));
  }
  for (const Task& t : tasks) {
    print(t.id + "\n");
  }
}

void print(const std::string& text) {
  std::cout << sanitize_output(text);
}

void print_error(std::string_view message) {
  std::cerr << "duban: error: " << indented(message) << '\n';
}

void sanitize_stderr() {
  static SanitizingBuffer* buffer = nullptr;
  if (buffer == nullptr) {
    buffer = new SanitizingBuffer(std::cerr.rdbuf());
    std::cerr.rdbuf(buffer);
    std::cerr.setf(std::ios::unitbuf);
  }
}

void set_examples(CLI::App& cmd, const std::string& examples) {
  cmd.footer("\nExamples:\n" + examples);
}

}  // namespace duban::cli
