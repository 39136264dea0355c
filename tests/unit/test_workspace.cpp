#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "helpers.hpp"
#include "store/codec.hpp"
#include "store/config_file.hpp"
#include "store/fsutil.hpp"
#include "store/git.hpp"
#include "store/workspace.hpp"

using namespace duban;
using namespace duban::testing;
namespace fs = std::filesystem;

namespace {

const char* const k_units_yaml =
    "units:\n"
    "  - name: 市发改委\n"
    "    aliases:\n"
    "      - 发改委\n"
    "  - name: 市财政局\n";

// A scratch workspace: duban.yaml, units.yaml and calendar/2025.yaml in a fresh
// directory under the system temp directory, removed at the end of the test.
class ScratchWorkspace {
 public:
  ScratchWorkspace() {
    static std::atomic<int> counter{0};
    std::random_device rd;
    root_ = fs::temp_directory_path() / ("duban-unit-" + std::to_string(::getpid()) + "-" +
                                         std::to_string(counter++) + "-" + std::to_string(rd()));
    fs::create_directories(root_ / "calendar");
    write("duban.yaml", default_config_yaml("测试督查室"));
    write("units.yaml", k_units_yaml);
    write("calendar/2025.yaml",
          read_file(std::string(DUBAN_SOURCE_DIR) + "/examples/calendar/2025.yaml"));
  }
  ~ScratchWorkspace() {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  ScratchWorkspace(const ScratchWorkspace&) = delete;
  ScratchWorkspace& operator=(const ScratchWorkspace&) = delete;

  const fs::path& root() const { return root_; }

  void write(const std::string& rel, const std::string& content) const {
    fs::create_directories((root_ / rel).parent_path());
    std::ofstream out(root_ / rel, std::ios::binary);
    out << content;
  }

 private:
  fs::path root_;
};

Task make_task(const std::string& id) {
  Task t;
  t.id = id;
  t.title = "推进城区热电联产项目建设";
  t.kind = "instruction";
  t.ref = "市政府〔2025〕12号";
  t.lead = "市发改委";
  t.co = {"市财政局"};
  t.created = ymd(2025, 3, 2);
  t.due = ymd(2025, 3, 17);
  t.status = Status::assigned;
  t.milestones.push_back(Milestone{"完成土建", ymd(2025, 3, 10), std::nullopt, {}});
  LogEntry e{ymd(2025, 3, 2), "assign", {}, {}};
  e.set("to", "市发改委").set_list("co", {"市财政局"});
  t.log.push_back(e);
  return t;
}

template <class F>
int error_code_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.code();
  }
  return k_exit_ok;
}

}  // namespace

TEST_CASE("workspace: open reads duban.yaml, units.yaml and the calendars") {
  ScratchWorkspace s;
  const Workspace ws = Workspace::open(s.root());
  CHECK(ws.root() == s.root());
  CHECK(ws.config().office == "测试督查室");
  CHECK(ws.config().yellow_days == 3);
  REQUIRE(ws.config().find_kind("hotline") != nullptr);
  CHECK(to_string(ws.config().find_kind("hotline")->due) == "5wd");
  CHECK(ws.units().canonical("发改委") == "市发改委");
  CHECK(ws.calendar().knows_year(2025));
  CHECK_FALSE(ws.calendar().knows_year(2026));
  CHECK(ws.calendar().is_workday(ymd(2025, 1, 26)));
  CHECK_FALSE(ws.calendar().is_workday(ymd(2025, 10, 8)));
  CHECK(ws.id_prefix() == "");
  CHECK(ws.task_files().empty());
  CHECK(ws.load_tasks().tasks.empty());
  CHECK(ws.load_tasks().errors.empty());
}

TEST_CASE("workspace: find_root with an explicit directory") {
  ScratchWorkspace s;
  CHECK(Workspace::find_root(s.root().string()) == s.root());
  CHECK(error_code_of([&] { Workspace::find_root((s.root() / "calendar").string()); }) ==
        k_exit_usage);
}

TEST_CASE("workspace: save_task then load_task round-trips") {
  ScratchWorkspace s;
  const Workspace ws = Workspace::open(s.root());
  const Task t = make_task("2025-0001");
  ws.save_task(t);
  const fs::path p = s.root() / "tasks" / "2025" / "2025-0001.yaml";
  CHECK(fs::exists(p));
  CHECK(ws.task_path("2025-0001") == p);
  CHECK(ws.task_exists("2025-0001"));
  CHECK_FALSE(ws.task_exists("2025-0002"));
  // A task without a uid is saved with one (SPEC §4): derived from id and date.
  CHECK(read_file(p) == emit_task(with_uid(t)));

  const Task back = ws.load_task("2025-0001");
  CHECK(back.uid == derived_uid(t));
  CHECK(back.id == "2025-0001");
  CHECK(back.title == t.title);
  CHECK(back.ref == t.ref);
  CHECK(back.lead == "市发改委");
  CHECK(back.co == t.co);
  CHECK(back.due->iso() == "2025-03-17");
  CHECK(back.status == Status::assigned);
  REQUIRE(back.milestones.size() == 1);
  CHECK(back.milestones[0].title == "完成土建");
  REQUIRE(back.log.size() == 1);
  CHECK(back.log[0].get("to") == "市发改委");
  CHECK(emit_task(back) == emit_task(with_uid(t)));

  // Saving again replaces the file and leaves no temporary behind.
  Task changed = back;
  changed.status = Status::active;
  ws.save_task(changed);
  CHECK(ws.load_task("2025-0001").status == Status::active);
  int files = 0;
  for (const auto& entry : fs::directory_iterator(p.parent_path())) {
    (void)entry;
    ++files;
  }
  CHECK(files == 1);
  CHECK(ws.display_path(p) == "tasks/2025/2025-0001.yaml");
}

TEST_CASE("workspace: load_task refuses unknown and invalid ids") {
  ScratchWorkspace s;
  const Workspace ws = Workspace::open(s.root());
  CHECK(error_code_of([&] { ws.load_task("2025-0009"); }) == k_exit_data);
  CHECK(error_code_of([&] { ws.load_task("../duban"); }) == k_exit_data);
  CHECK(error_code_of([&] { ws.task_path("2025-0001/../../x"); }) == k_exit_data);
  CHECK_FALSE(ws.task_exists("../duban"));
  // A file whose id does not match its name is refused.
  s.write("tasks/2025/2025-0005.yaml", emit_task(make_task("2025-0006")));
  CHECK(error_code_of([&] { ws.load_task("2025-0005"); }) == k_exit_data);
}

TEST_CASE("workspace: next_id counts up within a year") {
  ScratchWorkspace s;
  const Workspace ws = Workspace::open(s.root());
  CHECK(ws.next_id(2025) == "2025-0001");
  ws.save_task(make_task("2025-0001"));
  CHECK(ws.next_id(2025) == "2025-0002");
  ws.save_task(make_task("2025-0007"));
  CHECK(ws.next_id(2025) == "2025-0008");
  // Other years have their own sequence.
  CHECK(ws.next_id(2026) == "2026-0001");
  Task next_year = make_task("2026-0001");
  next_year.created = ymd(2026, 1, 5);
  ws.save_task(next_year);
  CHECK(ws.next_id(2026) == "2026-0002");
  CHECK(ws.next_id(2025) == "2025-0008");
}

TEST_CASE("workspace: next_id honours the local id_prefix") {
  ScratchWorkspace s;
  s.write(".duban/local.yaml", "id_prefix: B\n");
  const Workspace ws = Workspace::open(s.root());
  CHECK(ws.id_prefix() == "B");
  CHECK(ws.next_id(2025) == "2025-B0001");
  ws.save_task(make_task("2025-0009"));  // another writer's id does not count
  CHECK(ws.next_id(2025) == "2025-B0001");
  ws.save_task(make_task("2025-B0003"));
  CHECK(ws.next_id(2025) == "2025-B0004");
  CHECK(ws.load_task("2025-B0003").id == "2025-B0003");

  // The writer without a prefix counts only the unprefixed ids.
  s.write(".duban/local.yaml", "");
  const Workspace plain = Workspace::open(s.root());
  CHECK(plain.id_prefix() == "");
  CHECK(plain.next_id(2025) == "2025-0010");
}

TEST_CASE("workspace: a malformed id_prefix is refused") {
  ScratchWorkspace s;
  s.write(".duban/local.yaml", "id_prefix: b/../\n");
  CHECK(error_code_of([&] { Workspace::open(s.root()); }) == k_exit_data);
}

TEST_CASE("workspace: load_tasks reports a broken file and returns the others") {
  ScratchWorkspace s;
  const Workspace ws = Workspace::open(s.root());
  ws.save_task(make_task("2025-0003"));
  ws.save_task(make_task("2025-0001"));
  s.write("tasks/2025/2025-0002.yaml",
          "id: 2025-0002\n"
          "title: 坏文件\n"
          "created: 2025-02-30\n"
          "status: registered\n");
  s.write("tasks/2025/.2025-0004.yaml", "unfinished write: [\n");  // dot-files are skipped
  const TaskSet set = ws.load_tasks();
  REQUIRE(set.tasks.size() == 2);
  CHECK(set.tasks[0].id == "2025-0001");
  CHECK(set.tasks[1].id == "2025-0003");
  REQUIRE(set.errors.size() == 1);
  CHECK(set.errors[0].rfind("tasks/2025/2025-0002.yaml:3: ", 0) == 0);
  CHECK(set.errors[0].find("created") != std::string::npos);
  CHECK(ws.task_files().size() == 3);
}

TEST_CASE("workspace: load_tasks reports an id that does not match the file name") {
  ScratchWorkspace s;
  const Workspace ws = Workspace::open(s.root());
  ws.save_task(make_task("2025-0001"));
  s.write("tasks/2025/2025-0002.yaml", emit_task(make_task("2025-0003")));
  s.write("tasks/2025/2025-0005.yaml", "- not\n- a task\n");
  const TaskSet set = ws.load_tasks();
  REQUIRE(set.tasks.size() == 1);
  CHECK(set.tasks[0].id == "2025-0001");
  REQUIRE(set.errors.size() == 2);
  CHECK(set.errors[0].rfind("tasks/2025/2025-0002.yaml:1: ", 0) == 0);
  CHECK(set.errors[1].rfind("tasks/2025/2025-0005.yaml:1: ", 0) == 0);
}

TEST_CASE("workspace: save_units writes units.yaml that open reads back") {
  ScratchWorkspace s;
  Workspace ws = Workspace::open(s.root());
  Units units = ws.units();
  units.rename("市发改委", "市发展改革委");
  ws.save_units(units);
  const Workspace again = Workspace::open(s.root());
  CHECK(again.units().canonical("市发改委") == "市发展改革委");
  CHECK(again.units().canonical("发改委") == "市发展改革委");
}

TEST_CASE("workspace: a calendar file must match its year") {
  ScratchWorkspace s;
  s.write("calendar/2026.yaml", "year: 2025\nholidays: []\n");
  CHECK(error_code_of([&] { Workspace::open(s.root()); }) == k_exit_data);
}

TEST_CASE("WriteLock: a second lock on the same path fails at once with exit 4") {
  ScratchWorkspace s;
  const fs::path lock_path = s.root() / ".duban" / "lock";
  {
    WriteLock first(lock_path, 0);
    CHECK(fs::exists(lock_path));
    int code = k_exit_ok;
    std::string message;
    try {
      WriteLock second(lock_path, 0);
    } catch (const Error& e) {
      code = e.code();
      message = e.what();
    }
    CHECK(code == k_exit_io);
    CHECK(message.find("locked") != std::string::npos);
  }
  // Released at the end of its scope: the lock can be taken again.
  CHECK(error_code_of([&] { WriteLock again(lock_path, 0); }) == k_exit_ok);
}

TEST_CASE("WriteLock: the workspace lock excludes a second writer") {
  ScratchWorkspace s;
  const Workspace ws = Workspace::open(s.root());
  {
    std::unique_ptr<WriteLock> held = ws.lock();
    REQUIRE(held != nullptr);
    CHECK(error_code_of([&] { WriteLock second(s.root() / ".duban" / "lock", 0); }) == k_exit_io);
    // A short wait is not enough either.
    const auto start = std::chrono::steady_clock::now();
    CHECK(error_code_of([&] { WriteLock second(s.root() / ".duban" / "lock", 100); }) == k_exit_io);
    CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(100));
  }
  CHECK(error_code_of([&] { WriteLock after(s.root() / ".duban" / "lock", 0); }) == k_exit_ok);
}

TEST_CASE(
    "write_file_atomic: a scratch directory on another file system falls back to the file's own") {
  ScratchWorkspace s;
  const fs::path shm = "/dev/shm";
  if (!fs::is_directory(shm)) {
    MESSAGE("no /dev/shm: skipped");
    return;
  }
  const fs::path scratch = shm / ("duban-unit-" + std::to_string(::getpid()));
  fs::create_directories(scratch);
  const fs::path file = s.root() / "tasks" / "2025" / "2025-0001.yaml";
  fs::create_directories(file.parent_path());
  write_file_atomic(file, "id: 2025-0001\n", scratch);
  CHECK(read_file(file) == "id: 2025-0001\n");
  write_file_atomic(file, "id: 2025-0001\ntitle: x\n", scratch);
  CHECK(read_file(file) == "id: 2025-0001\ntitle: x\n");
  CHECK(fs::is_empty(scratch));
  CHECK(std::distance(fs::directory_iterator(file.parent_path()), fs::directory_iterator()) == 1);
  fs::remove_all(scratch);
}

TEST_CASE("scratch workspaces are removed") {
  fs::path root;
  {
    ScratchWorkspace s;
    root = s.root();
    CHECK(fs::exists(root / "duban.yaml"));
  }
  CHECK_FALSE(fs::exists(root));
}

// ---- the trust boundary on disk (SPEC §11): no link followed, no FIFO read,
// no file too large parsed, modes kept, ids that one file cannot poison.

TEST_CASE(
    "read_regular_file refuses links and FIFOs without blocking, and large files before reading") {
  ScratchWorkspace d;
  d.write("outside.txt", "secret");
  const fs::path outside = d.root() / "outside.txt";
  fs::create_symlink(outside, d.root() / "link.yaml");
  CHECK(error_code_of([&] { read_regular_file(d.root() / "link.yaml", "link.yaml", 100); }) ==
        k_exit_io);
  REQUIRE(::mkfifo((d.root() / "fifo.yaml").c_str(), 0600) == 0);
  const auto t0 = std::chrono::steady_clock::now();
  try {
    read_regular_file(d.root() / "fifo.yaml", "tasks/2025/fifo.yaml", 100);
    FAIL("a FIFO was read");
  } catch (const Error& e) {
    CHECK(e.code() == k_exit_io);
    CHECK(std::string(e.what()).find("tasks/2025/fifo.yaml is a named pipe (FIFO)") !=
          std::string::npos);
  }
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(2));
  d.write("big.yaml", std::string(101, 'x'));
  CHECK(error_code_of([&] { read_regular_file(d.root() / "big.yaml", "big.yaml", 100); }) ==
        k_exit_data);
  CHECK(read_regular_file(outside, "outside.txt", 100) == "secret");
}

TEST_CASE("remove_tree deletes links, never what they point to") {
  ScratchWorkspace d;
  d.write("keep/file", "precious");
  const fs::path keep = d.root() / "keep/file";
  d.write("tree/a/b/c", "x");
  fs::create_symlink(d.root() / "keep", d.root() / "tree" / "a" / "link");
  fs::create_symlink(d.root() / "keep", d.root() / "top-link");
  remove_tree(d.root() / "tree");
  remove_tree(d.root() / "top-link");
  CHECK(!fs::exists(fs::symlink_status(d.root() / "tree")));
  CHECK(!fs::exists(fs::symlink_status(d.root() / "top-link")));
  CHECK(read_file(keep) == "precious");
}

TEST_CASE("ensure_real_directory creates a directory and refuses a link or a file") {
  ScratchWorkspace d;
  ensure_real_directory(d.root() / "new", "new");
  CHECK(fs::is_directory(d.root() / "new"));
  ensure_real_directory(d.root() / "new", "new");
  fs::create_symlink(d.root() / "new", d.root() / "link");
  CHECK(error_code_of([&] { ensure_real_directory(d.root() / "link", "link"); }) == k_exit_io);
  d.write("file", "");
  CHECK(error_code_of([&] { ensure_real_directory(d.root() / "file", "file"); }) == k_exit_io);
}

TEST_CASE("write_file_atomic keeps the mode of the file it replaces") {
  ScratchWorkspace d;
  d.write("t.yaml", "old\n");
  const fs::path f = d.root() / "t.yaml";
  ::chmod(f.c_str(), 0600);
  write_file_atomic(f, "new\n");
  struct stat st {};
  REQUIRE(::stat(f.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK(read_file(f) == "new\n");
}

TEST_CASE("WriteLock refuses a lock that is a symbolic link and leaves its target alone") {
  ScratchWorkspace d;
  d.write("target", "precious\n");
  const fs::path target = d.root() / "target";
  fs::create_symlink(target, d.root() / "lock");
  CHECK(error_code_of([&] { WriteLock lock(d.root() / "lock", 0, ".duban/lock"); }) == k_exit_io);
  CHECK(read_file(target) == "precious\n");
  { WriteLock ok(d.root() / "real-lock", 0); }
  CHECK(fs::is_regular_file(d.root() / "real-lock"));
}

TEST_CASE("next_sequence: one id at the end of the range does not stop numbering") {
  CHECK(next_sequence({}) == 1);
  CHECK(next_sequence({1, 2, 3}) == 4);
  CHECK(next_sequence({3, 1, 2, 3}) == 4);
  CHECK(next_sequence({1, 2, 5}) == 6);  // gaps are not reused
  CHECK(next_sequence({1, 2, k_max_sequence}) == 3);
  CHECK(next_sequence({1, k_max_sequence - 1, k_max_sequence}) == 2);
  CHECK(next_sequence({k_max_sequence}) == 1);
}

TEST_CASE("DUBAN_LOCK_TIMEOUT: seconds from 0 to 86400, else a usage error") {
  const char* old = std::getenv("DUBAN_LOCK_TIMEOUT");
  const std::string saved = old ? old : "";
  ::unsetenv("DUBAN_LOCK_TIMEOUT");
  CHECK(lock_timeout_ms() == 10000);
  for (auto [text, ms] : {std::pair{"0", 0}, {"0.5", 500}, {"3", 3000}, {"86400", 86400000}}) {
    ::setenv("DUBAN_LOCK_TIMEOUT", text, 1);
    CHECK(lock_timeout_ms() == ms);
  }
  for (const char* bad : {"abc", "-5", "1e10", "86401", "inf", "nan", " 1", "0x10", "1.", ".5"}) {
    ::setenv("DUBAN_LOCK_TIMEOUT", bad, 1);
    CHECK_MESSAGE(error_code_of([] { lock_timeout_ms(); }) == k_exit_usage, bad);
  }
  if (old) {
    ::setenv("DUBAN_LOCK_TIMEOUT", saved.c_str(), 1);
  } else {
    ::unsetenv("DUBAN_LOCK_TIMEOUT");
  }
}

TEST_CASE("parse_task_text: invalid UTF-8 is a data error naming path and line") {
  const std::string text =
      "id: 2025-0001\ntitle: a\xff"
      "b\n";
  try {
    parse_task_text(text, "tasks/2025/2025-0001.yaml");
    FAIL("invalid UTF-8 accepted");
  } catch (const Error& e) {
    CHECK(e.code() == k_exit_data);
    CHECK(std::string(e.what()).rfind("tasks/2025/2025-0001.yaml:2: not valid UTF-8", 0) == 0);
  }
  for (const char* bad : {"\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe4\xb8"}) {
    CHECK_MESSAGE(error_code_of([&] {
                    parse_task_text(std::string("title: ") + bad + "\n", "t");
                  }) == k_exit_data,
                  bad);
  }
}

// ---- errors leave store only as duban::Error (core/error.hpp)

namespace {

// The message of the duban::Error `f` throws; a failed check when it throws
// anything else (a std::filesystem_error, a YAML::Exception) or nothing.
template <class F>
std::string error_message_of(F&& f, ExitCode code) {
  try {
    f();
  } catch (const Error& e) {
    CHECK(e.code() == code);
    return e.what();
  } catch (const std::exception& e) {
    FAIL("not a duban::Error: " << e.what());
  }
  FAIL("nothing thrown");
  return "";
}

}  // namespace

TEST_CASE(
    "store: a path std::filesystem cannot examine is an exit-4 Error in filesystem_error's words") {
  ScratchWorkspace s;
  fs::create_symlink("loop", s.root() / "loop");  // ELOOP below it, even for root
  const fs::path below = s.root() / "loop" / "x";
  const std::string loop_message = "filesystem error: status: Too many levels of symbolic links [" +
                                   (below / "duban.yaml").string() + "]";
  CHECK(error_message_of([&] { Workspace::find_root(below.string()); }, k_exit_io) == loop_message);
  ::setenv("DUBAN_DIR", below.c_str(), 1);
  CHECK(error_message_of([&] { Workspace::find_root(std::nullopt); }, k_exit_io) == loop_message);
  ::unsetenv("DUBAN_DIR");
  CHECK(contains(error_message_of([&] { status_of(below); }, k_exit_io),
                 "filesystem error: status: "));
  CHECK(contains(error_message_of([&] { link_status_of(below); }, k_exit_io),
                 "filesystem error: symlink_status: "));
  CHECK(error_message_of([&] { absolute_path(""); }, k_exit_io) ==
        "filesystem error: cannot make absolute path: Invalid argument []");
  // What exists or does not is an answer, not an error.
  CHECK(fs::exists(status_of(s.root() / "duban.yaml")));
  CHECK_FALSE(fs::exists(status_of(s.root() / "nothing")));
  CHECK(fs::is_symlink(link_status_of(s.root() / "loop")));
  CHECK(directory_entries(below).empty());
  CHECK(directory_entries(s.root() / "calendar") ==
        std::vector<fs::path>{s.root() / "calendar" / "2025.yaml"});
}

TEST_CASE(
    "store: a malformed duban.yaml, units.yaml, calendar or local.yaml is a data Error, never "
    "yaml-cpp's") {
  const std::vector<std::pair<std::string, std::string>> broken = {
      {"duban.yaml", "office: [unclosed\n"},
      {"duban.yaml", "a: b: c\n"},
      {"units.yaml", "units:\n  - name: [x\n"},
      {"units.yaml", "{units: 1\n"},
      {"calendar/2025.yaml", "year: [2025]\nholidays: []\n"},
      {"calendar/2025.yaml", "year: 99999999999999999999\nholidays: []\n"},
      {"calendar/2025.yaml", "year: abc\n"},
      {"calendar/2025.yaml", "year: 2025\nholidays: \"unterminated\n"},
      {".duban/local.yaml", "id_prefix: [AB\n"},
      {".duban/local.yaml", "id_prefix: *nothing\n"},
  };
  for (const auto& [file, text] : broken) {
    CAPTURE(file);
    CAPTURE(text);
    ScratchWorkspace s;
    s.write(file, text);
    CHECK(contains(error_message_of([&] { Workspace::open(s.root()); }, k_exit_data), file + ":"));
  }
}

TEST_CASE(
    "read_regular_file and write_file_atomic: the bool form reports what the throwing form "
    "throws") {
  ScratchWorkspace s;
  s.write("big.yaml", std::string(200, 'x'));
  s.write("ok.yaml", "a: 1\n");
  fs::create_symlink(s.root() / "ok.yaml", s.root() / "link.yaml");
  REQUIRE(::mkfifo((s.root() / "fifo.yaml").c_str(), 0600) == 0);
  for (const char* name : {"big.yaml", "link.yaml", "fifo.yaml", "missing.yaml", "calendar"}) {
    CAPTURE(name);
    const fs::path p = s.root() / name;
    std::string text = "left";
    std::string err;
    CHECK_FALSE(read_regular_file(p, name, 100, &text, &err));
    const ExitCode code = std::string(name) == "big.yaml" ? k_exit_data : k_exit_io;
    CHECK(err == error_message_of([&] { read_regular_file(p, name, 100); }, code));
  }
  std::string text;
  std::string err;
  CHECK(read_regular_file(s.root() / "ok.yaml", "ok.yaml", 100, &text, &err));
  CHECK(text == "a: 1\n");
  CHECK(err.empty());
  const fs::path no_dir = s.root() / "ok.yaml" / "x";  // the parent is a file
  CHECK_FALSE(write_file_atomic(no_dir, "x", {}, &err));
  CHECK(err == error_message_of([&] { write_file_atomic(no_dir, "x"); }, k_exit_io));
  CHECK(contains(err, "cannot create a file in"));
  CHECK(write_file_atomic(s.root() / "new.yaml", "b: 2\n", {}, &err));
  CHECK(read_file(s.root() / "new.yaml") == "b: 2\n");
}

TEST_CASE(
    "commit_paths: true for nothing to commit, false with git's message outside a repository") {
  ScratchWorkspace s;
  std::string err;
  CHECK(commit_paths(s.root(), {}, "nothing", &err));
  CHECK(err.empty());
  ::setenv("GIT_CEILING_DIRECTORIES", s.root().parent_path().c_str(), 1);
  CHECK_FALSE(commit_paths(s.root(), {"duban.yaml"}, "init", &err));
  ::unsetenv("GIT_CEILING_DIRECTORIES");
  CHECK_FALSE(err.empty());
}
