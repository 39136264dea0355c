// The read cache (.duban/cache): summaries, their bytes, and the cache file.
#include <doctest/doctest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "core/task.hpp"
#include "helpers.hpp"
#include "store/cache.hpp"
#include "store/fsutil.hpp"

using namespace duban;
using namespace duban::testing;
namespace fs = std::filesystem;

namespace {

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

constexpr std::int64_t k_second = 1'000'000'000;

LogField scalar(std::string key, std::string value, bool plain = false) {
  return LogField{std::move(key), std::move(value), {}, false, plain};
}

LogField list(std::string key, std::vector<std::string> items) {
  return LogField{std::move(key), {}, std::move(items), true, false};
}

LogEntry entry(Date date, std::string type, std::vector<LogField> fields,
               std::vector<ExtraField> extra = {}) {
  return LogEntry{date, std::move(type), std::move(fields), std::move(extra)};
}

// A task with every field set, texts, notes, reminders and unknown keys.
Task full_task() {
  Task t;
  t.id = "2025-0042";
  t.title = "推进城区热电联产项目建设";
  t.kind = "instruction";
  t.ref = "市政府〔2025〕12号";
  t.leader = "张市长";
  t.listed = true;
  t.lead = "市发改委";
  t.co = {"市财政局", "市住建局"};
  t.owner = "李明";
  t.created = ymd(2025, 3, 3);
  t.due = ymd(2025, 4, 30);
  t.cadence = "weekly";
  t.status = Status::active;
  t.escalation = 2;
  t.tags = {"重点", "民生"};
  t.milestones.push_back(
      Milestone{"完成可研", ymd(2025, 3, 20), ymd(2025, 3, 18), {{"note", "提前完成"}}});
  t.milestones.push_back(Milestone{"开工", ymd(2025, 4, 20), std::nullopt, {}});
  t.log.push_back(entry(
      ymd(2025, 3, 3), "assign",
      {scalar("to", "市发改委"), list("co", {"市财政局", "市住建局"}), scalar("owner", "李明")}));
  t.log.push_back(entry(
      ymd(2025, 3, 10), "progress",
      {scalar("by", "市发改委"), scalar("text", "已完成可研批复"), scalar("percent", "30", true)}));
  t.log.push_back(entry(ymd(2025, 3, 12), "note", {scalar("text", "电话督促")}));
  t.log.push_back(entry(ymd(2025, 3, 14), "remind", {scalar("to", "市发改委")}));
  t.log.push_back(entry(ymd(2025, 3, 15), "extend",
                        {scalar("from", "2025-03-18", true), scalar("to", "2025-04-30", true),
                         scalar("reason", "用地审批")},
                        {{"approved_by", "张市长"}}));
  t.log.push_back(entry(
      ymd(2025, 3, 20), "progress",
      {scalar("by", "市发改委"), scalar("text", "用地审批推进中"), scalar("percent", "60", true)}));
  t.log.push_back(entry(
      ymd(2025, 3, 25), "escalate",
      {scalar("level", "2", true), scalar("name", "黄牌警告"), scalar("reason", "超期未反馈")}));
  t.log.push_back(
      entry(ymd(2025, 4, 1), "return", {scalar("problem", "材料不全"), scalar("text", "请补充")}));
  t.log.push_back(
      entry(ymd(2025, 4, 2), "done", {scalar("rating", "满意"), scalar("text", "已开工")}));
  t.extra.push_back(ExtraField{"custom", "\"保留的未知键\""});
  return t;
}

void check_same_log_entry(const LogEntry& a, const LogEntry& b) {
  CHECK(a.date == b.date);
  CHECK(a.type == b.type);
  REQUIRE(a.fields.size() == b.fields.size());
  for (size_t i = 0; i < a.fields.size(); ++i) {
    CAPTURE(a.fields[i].key);
    CHECK(a.fields[i].key == b.fields[i].key);
    CHECK(a.fields[i].value == b.fields[i].value);
    CHECK(a.fields[i].plain == b.fields[i].plain);
    CHECK(a.fields[i].is_list == b.fields[i].is_list);
    CHECK(a.fields[i].items == b.fields[i].items);
  }
  CHECK(a.extra.size() == b.extra.size());
}

// Every field of two summaries is the same.
void check_same_summary(const Task& a, const Task& b) {
  CHECK(a.id == b.id);
  CHECK(a.title == b.title);
  CHECK(a.kind == b.kind);
  CHECK(a.ref == b.ref);
  CHECK(a.leader == b.leader);
  CHECK(a.listed == b.listed);
  CHECK(a.lead == b.lead);
  CHECK(a.co == b.co);
  CHECK(a.owner == b.owner);
  CHECK(a.created == b.created);
  CHECK(a.due == b.due);
  CHECK(a.cadence == b.cadence);
  CHECK(a.status == b.status);
  CHECK(a.escalation == b.escalation);
  CHECK(a.tags == b.tags);
  CHECK(a.partial == b.partial);
  CHECK(a.extra.size() == b.extra.size());
  REQUIRE(a.milestones.size() == b.milestones.size());
  for (size_t i = 0; i < a.milestones.size(); ++i) {
    CHECK(a.milestones[i].title == b.milestones[i].title);
    CHECK(a.milestones[i].due == b.milestones[i].due);
    CHECK(a.milestones[i].done == b.milestones[i].done);
    CHECK(a.milestones[i].extra.size() == b.milestones[i].extra.size());
  }
  REQUIRE(a.log.size() == b.log.size());
  for (size_t i = 0; i < a.log.size(); ++i) {
    CAPTURE(i);
    check_same_log_entry(a.log[i], b.log[i]);
  }
}

Task round_trip(const Task& t) {
  return deserialize_summary(serialize_summary(t));
}

// A fresh directory under the system temp directory, removed at the end.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    std::random_device rd;
    path_ = fs::temp_directory_path() / ("duban-cache-unit-" + std::to_string(::getpid()) + "-" +
                                         std::to_string(counter++) + "-" + std::to_string(rd()));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

void write_bytes(const fs::path& p, const std::string& bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << bytes;
}

CacheEntry good_entry(const std::string& path, const Task& full, FileStamp stamp) {
  const Task summary = summarize_task(full);
  return CacheEntry{path, stamp, brief_of(summary), false, serialize_summary(summary), {}};
}

CacheEntry broken_entry(const std::string& path, FileStamp stamp, std::string error) {
  return CacheEntry{path, stamp, {}, true, std::move(error), {}};
}

// Three entries (sorted by path), their files last modified an hour ago.
struct SavedCache {
  std::vector<CacheEntry> entries;
  std::int64_t before_ns = 0;
  std::int64_t after_ns = 0;
};

SavedCache save_three(const fs::path& file) {
  SavedCache s;
  const std::int64_t old = now_ns() - 3600 * k_second;
  Task a = full_task();
  Task b = full_task();
  b.id = "2025-0043";
  b.title = "第二项";
  b.due.reset();
  b.status = Status::suspended;
  s.entries.push_back(good_entry("tasks/2025/2025-0042.yaml", a, FileStamp{812, 1001, old + 17}));
  s.entries.push_back(good_entry("tasks/2025/2025-0043.yaml", b, FileStamp{640, 1002, old + 29}));
  s.entries.push_back(broken_entry("tasks/2025/2025-0044.yaml", FileStamp{12, 1003, old + 31},
                                   "tasks/2025/2025-0044.yaml:2: title: not valid YAML"));
  s.before_ns = now_ns();
  TaskCache::save(file, s.entries);
  s.after_ns = now_ns();
  return s;
}

}  // namespace

// ---------------------------------------------------------------- summaries

TEST_CASE("cache: summarize_task keeps what read commands need and marks the task partial") {
  const Task full = full_task();
  const Task s = summarize_task(full);
  CHECK(s.partial);
  CHECK_FALSE(full.partial);
  CHECK(s.id == full.id);
  CHECK(s.title == full.title);
  CHECK(s.kind == full.kind);
  CHECK(s.ref == full.ref);
  CHECK(s.leader == full.leader);
  CHECK(s.listed);
  CHECK(s.lead == full.lead);
  CHECK(s.co == full.co);
  CHECK(s.owner == full.owner);
  CHECK(s.created == full.created);
  CHECK(s.due == full.due);
  CHECK(s.cadence == full.cadence);
  CHECK(s.status == full.status);
  CHECK(s.escalation == 2);
  CHECK(s.tags == full.tags);
  REQUIRE(s.milestones.size() == 2);
  CHECK(s.milestones[0].title == "完成可研");
  CHECK(s.milestones[0].due == ymd(2025, 3, 20));
  CHECK(s.milestones[0].done == ymd(2025, 3, 18));
  CHECK(s.milestones[1].done == std::nullopt);
  // unknown keys go, at every level
  CHECK(s.extra.empty());
  CHECK(s.milestones[0].extra.empty());
  for (const LogEntry& e : s.log) {
    CHECK(e.extra.empty());
    for (const LogField& f : e.fields) {
      CAPTURE(e.type);
      CAPTURE(f.key);
      // no texts, no list fields; only the values reads use
      CHECK((f.key == "to" || f.key == "from" || f.key == "level" || f.key == "rating" ||
             f.key == "problem" || f.key == "by" || f.key == "role"));
      CHECK_FALSE(f.is_list);
    }
  }
  // notes go; reminders stay (unsigned notices, SPEC §15); every progress
  // date stays (feedback cycles, past as-of)
  std::vector<std::string> types;
  for (const LogEntry& e : s.log) {
    types.push_back(e.type);
  }
  CHECK(types == std::vector<std::string>{"assign", "progress", "remind", "extend", "progress",
                                          "escalate", "return", "done"});
  REQUIRE(s.log.size() == 8);
  CHECK(s.log[0].get("to") == "市发改委");
  CHECK_FALSE(s.log[0].has("co"));
  CHECK_FALSE(s.log[0].has("owner"));
  CHECK(s.log[1].date == ymd(2025, 3, 10));
  CHECK_FALSE(s.log[1].has("text"));
  CHECK(s.log[2].get("to") == "市发改委");
  CHECK(s.log[3].get("from") == "2025-03-18");
  CHECK(s.log[3].get("to") == "2025-04-30");
  CHECK(s.log[3].fields[0].plain);
  CHECK_FALSE(s.log[3].has("reason"));
  CHECK(s.log[4].date == ymd(2025, 3, 20));
  CHECK_FALSE(s.log[4].has("text"));
  CHECK(s.log[5].get("level") == "2");
  CHECK(s.log[6].get("problem") == "材料不全");
  CHECK(s.log[7].get("rating") == "满意");
  CHECK_FALSE(s.log[7].has("text"));
  // what decides lights is the same on the summary as on the whole task
  CHECK(s.last_progress() == full.last_progress());
  CHECK(s.closed_on() == full.closed_on());
}

TEST_CASE("cache: summarize_task of a summary changes nothing") {
  const Task s = summarize_task(full_task());
  check_same_summary(summarize_task(s), s);
}

TEST_CASE("cache: brief_of") {
  const Task full = full_task();
  const TaskBrief b = brief_of(full);
  CHECK(b.status == Status::active);
  CHECK(b.created == ymd(2025, 3, 3));
  CHECK(b.last_event == ymd(2025, 4, 2));
  const TaskBrief bs = brief_of(summarize_task(full));
  CHECK(bs.status == b.status);
  CHECK(bs.created == b.created);
  CHECK(bs.last_event == b.last_event);
  Task fresh;
  fresh.created = ymd(2025, 5, 1);
  fresh.log.push_back(entry(ymd(2025, 6, 1), "remind", {scalar("to", "市发改委")}));
  CHECK(brief_of(fresh).last_event == ymd(2025, 5, 1));  // a reminder changes no state
}

// ---------------------------------------------------------------- bytes

TEST_CASE("cache: serialize_summary / deserialize_summary round-trip a whole task's summary") {
  const Task s = summarize_task(full_task());
  const Task back = round_trip(s);
  CHECK(back.partial);
  check_same_summary(back, s);
  CHECK(serialize_summary(back) == serialize_summary(s));
}

TEST_CASE("cache: round trip of the edge values") {
  SUBCASE("an empty task") {
    Task t;
    t.partial = true;
    check_same_summary(round_trip(t), t);
  }
  SUBCASE("no due date, every status, large escalation, empty strings in lists") {
    for (Status st : {Status::registered, Status::assigned, Status::active, Status::done,
                      Status::suspended, Status::cancelled}) {
      Task t = summarize_task(full_task());
      t.due.reset();
      t.status = st;
      t.escalation = 300;
      t.co = {"", "市财政局"};
      t.tags = {};
      check_same_summary(round_trip(t), t);
    }
  }
  SUBCASE("dates far away, before 1970 and after 2100") {
    Task t = summarize_task(full_task());
    t.created = ymd(1900, 1, 1);
    t.due = ymd(2199, 12, 31);
    t.milestones[0].due = ymd(1950, 6, 30);
    t.milestones[0].done = ymd(1960, 2, 29);
    t.log[0].date = ymd(1901, 3, 4);
    check_same_summary(round_trip(t), t);
  }
  SUBCASE("the epoch itself") {
    Task t = summarize_task(full_task());
    t.created = ymd(1970, 1, 1);
    t.due = ymd(1970, 1, 1);
    t.milestones[0].done = ymd(1970, 1, 1);
    check_same_summary(round_trip(t), t);
  }
  SUBCASE("strings with NUL, newlines and long text") {
    Task t = summarize_task(full_task());
    t.title = std::string("a\0b\nc", 5) + std::string(100000, 'x');
    t.log[0].fields[0].value = std::string(300, '\xff');
    check_same_summary(round_trip(t), t);
  }
}

// A day-count of -1 is stored as "no date" by the due+1 encoding.
TEST_CASE("cache: a due date or milestone done date of 1969-12-31 survives the round trip") {
  Task t = summarize_task(full_task());
  t.due = ymd(1969, 12, 31);
  t.milestones[0].done = ymd(1969, 12, 31);
  const Task back = round_trip(t);
  CHECK(back.due == t.due);
  CHECK(back.milestones[0].done == t.milestones[0].done);
}

TEST_CASE("cache: deserialize_summary rejects truncated, extended and malformed bytes") {
  const std::string bytes = serialize_summary(summarize_task(full_task()));
  REQUIRE(bytes.size() > 20);
  for (size_t n = 0; n < bytes.size(); ++n) {
    CAPTURE(n);
    CHECK_THROWS_AS(deserialize_summary(std::string_view(bytes).substr(0, n)), std::runtime_error);
  }
  CHECK_THROWS_AS(deserialize_summary(bytes + '\0'), std::runtime_error);
  CHECK_THROWS_AS(deserialize_summary(bytes + "trailing"), std::runtime_error);
  CHECK_THROWS_AS(deserialize_summary(std::string(20, '\xff')),
                  std::runtime_error);  // a number too long
  CHECK_THROWS_AS(deserialize_summary(std::string("\xff\xff\xff\xff\x0f", 5)),
                  std::runtime_error);  // a huge length
  Task bad = summarize_task(full_task());
  bad.status = static_cast<Status>(6);
  CHECK_THROWS_AS(deserialize_summary(serialize_summary(bad)), std::runtime_error);
}

// ---------------------------------------------------------------- the cache file

TEST_CASE("cache: TaskCache save then load round-trips") {
  TempDir dir;
  const fs::path file = dir.path() / ".duban" / "cache";  // .duban/ is created
  const SavedCache saved = save_three(file);
  REQUIRE(fs::exists(file));
  const TaskCache cache = TaskCache::load(file);
  REQUIRE(cache.size() == 3);
  CHECK(cache.written_ns() >= saved.before_ns);
  CHECK(cache.written_ns() <= saved.after_ns);
  for (const CacheEntry& e : saved.entries) {
    CAPTURE(e.path);
    const TaskCache::Slot* slot = cache.lookup(e.path, e.stamp);
    REQUIRE(slot != nullptr);
    CHECK(slot->path == e.path);
    CHECK(slot->stamp == e.stamp);
    CHECK(slot->broken == e.broken);
    CHECK(slot->payload == e.payload);
    CHECK(slot->brief.status == e.brief.status);
    CHECK(slot->brief.created == e.brief.created);
    CHECK(slot->brief.last_event == e.brief.last_event);
    if (!e.broken) {
      check_same_summary(deserialize_summary(slot->payload), deserialize_summary(e.payload));
    }
  }
  const Task second =
      deserialize_summary(cache.lookup(saved.entries[1].path, saved.entries[1].stamp)->payload);
  CHECK(second.id == "2025-0043");
  CHECK(second.due == std::nullopt);
  CHECK(second.status == Status::suspended);
  // saving the same entries again gives a file that loads the same
  TaskCache::save(file, saved.entries);
  CHECK(TaskCache::load(file).size() == 3);
  // no temporary files are left next to it
  int files = 0;
  for (const auto& e : fs::directory_iterator(file.parent_path())) {
    (void)e;
    ++files;
  }
  CHECK(files == 1);
}

TEST_CASE("cache: an empty cache saves and loads") {
  TempDir dir;
  const fs::path file = dir.path() / "cache";
  TaskCache::save(file, {});
  const TaskCache cache = TaskCache::load(file);
  CHECK(cache.size() == 0);
  CHECK(cache.written_ns() > 0);
  CHECK(cache.lookup("tasks/2025/2025-0001.yaml", FileStamp{1, 2, 3}) == nullptr);
}

TEST_CASE("cache: lookup refuses another path or another stamp") {
  TempDir dir;
  const fs::path file = dir.path() / "cache";
  const SavedCache saved = save_three(file);
  const TaskCache cache = TaskCache::load(file);
  REQUIRE(cache.size() == 3);
  const CacheEntry& e = saved.entries[0];
  REQUIRE(cache.lookup(e.path, e.stamp) != nullptr);
  FileStamp s = e.stamp;
  s.size += 1;
  CHECK(cache.lookup(e.path, s) == nullptr);
  s = e.stamp;
  s.size -= 1;
  CHECK(cache.lookup(e.path, s) == nullptr);
  s = e.stamp;
  s.inode += 1;
  CHECK(cache.lookup(e.path, s) == nullptr);
  s = e.stamp;
  s.mtime_ns += 1;  // one nanosecond later
  CHECK(cache.lookup(e.path, s) == nullptr);
  s = e.stamp;
  s.mtime_ns -= 1;  // or earlier
  CHECK(cache.lookup(e.path, s) == nullptr);
  // another file's stamp under this path, and this stamp under other paths
  CHECK(cache.lookup(e.path, saved.entries[1].stamp) == nullptr);
  CHECK(cache.lookup("tasks/2025/2025-0045.yaml", e.stamp) == nullptr);
  CHECK(cache.lookup("tasks/2025/2025-0042.yam", e.stamp) == nullptr);
  CHECK(cache.lookup("tasks/2025/2025-0042.yaml ", e.stamp) == nullptr);
  CHECK(cache.lookup("./tasks/2025/2025-0042.yaml", e.stamp) == nullptr);
  CHECK(cache.lookup("", e.stamp) == nullptr);
}

TEST_CASE(
    "cache: lookup refuses a racy stamp (modified within 2 s of the cache's writing, or after)") {
  TempDir dir;
  const fs::path file = dir.path() / "cache";
  const std::int64_t t0 = now_ns();
  const std::vector<CacheEntry> entries = {
      good_entry("tasks/2025/2025-0001.yaml", full_task(),
                 FileStamp{10, 1, t0 - 10 * k_second}),  // old: trusted
      good_entry("tasks/2025/2025-0002.yaml", full_task(),
                 FileStamp{10, 2, t0 - k_second}),                                 // 1 s before
      good_entry("tasks/2025/2025-0003.yaml", full_task(), FileStamp{10, 3, t0}),  // just now
      good_entry("tasks/2025/2025-0004.yaml", full_task(),
                 FileStamp{10, 4, t0 + 3600 * k_second}),  // future
      broken_entry("tasks/2025/2025-0005.yaml", FileStamp{10, 5, t0 - k_second / 2}, "broken"),
  };
  TaskCache::save(file, entries);
  const TaskCache cache = TaskCache::load(file);
  REQUIRE(cache.size() == 5);
  const std::int64_t written = cache.written_ns();
  REQUIRE(written >= t0);
  CHECK(cache.lookup(entries[0].path, entries[0].stamp) != nullptr);
  if (written - t0 < k_second) {  // (a machine stalled for a second would make 0002 old)
    CHECK(cache.lookup(entries[1].path, entries[1].stamp) == nullptr);
    CHECK(cache.lookup(entries[4].path, entries[4].stamp) == nullptr);
  }
  CHECK(cache.lookup(entries[2].path, entries[2].stamp) == nullptr);
  CHECK(cache.lookup(entries[3].path, entries[3].stamp) == nullptr);
}

TEST_CASE("cache: the racy window is measured from the cache's own write time") {
  TempDir dir;
  const fs::path file = dir.path() / "cache";
  TaskCache::save(file, {});
  const std::int64_t w = TaskCache::load(file).written_ns();
  REQUIRE(w > 0);
  // Entries stamped relative to a write time w' >= w: save again and use the
  // new time, checking each side of the 2 s boundary.
  const std::vector<CacheEntry> entries = {
      good_entry("a.yaml", full_task(), FileStamp{1, 1, w - 2 * k_second - 1000 * 1000 * 100}),
      good_entry("b.yaml", full_task(), FileStamp{1, 2, w - 2 * k_second + 1000 * 1000 * 100}),
  };
  TaskCache::save(file, entries);
  const TaskCache cache = TaskCache::load(file);
  REQUIRE(cache.size() == 2);
  CHECK(cache.written_ns() >= w);
  // b is within 2 s of w, hence of any later write time: racy
  CHECK(cache.lookup("b.yaml", entries[1].stamp) == nullptr);
  // a is 2.1 s before w, so more than 2 s before the write time: trusted
  CHECK(cache.lookup("a.yaml", entries[0].stamp) != nullptr);
}

TEST_CASE(
    "cache: a missing, empty, garbage, foreign, truncated or damaged file loads as an empty "
    "cache") {
  TempDir dir;
  const fs::path file = dir.path() / "cache";
  const SavedCache saved = save_three(file);
  const std::string good = read_file(file);
  REQUIRE(TaskCache::load(file).size() == 3);
  const fs::path bad = dir.path() / "bad";
  auto loads_empty = [&](const std::string& bytes) {
    write_bytes(bad, bytes);
    const TaskCache c = TaskCache::load(bad);
    bool none = true;
    for (const CacheEntry& e : saved.entries) {
      none = none && c.lookup(e.path, e.stamp) == nullptr;
    }
    return c.size() == 0 && none;
  };
  CHECK(TaskCache::load(dir.path() / "no-such-file").size() == 0);
  CHECK(TaskCache::load(dir.path()).size() == 0);  // a directory
  CHECK(loads_empty(""));
  CHECK(loads_empty("duban-cache\n"));
  CHECK(loads_empty("garbage, not a cache at all\n"));
  std::mt19937 rng(42);
  std::string noise(4096, '\0');
  for (char& c : noise) {
    c = static_cast<char>(rng());
  }
  CHECK(loads_empty(noise));
  CHECK(loads_empty("duban-cache\n" + noise));
  CHECK(loads_empty("DUBAN-CACHE\n" + good.substr(12)));  // wrong magic, right body
  CHECK(loads_empty("duban-cachf\n" + good.substr(12)));
  CHECK(
      loads_empty("\x7f"
                  "ELF" +
                  good));           // another format in front
  CHECK(loads_empty(good + '\0'));  // trailing bytes
  SUBCASE("every truncation") {
    for (size_t n = 0; n < good.size(); ++n) {
      CAPTURE(n);
      CHECK(loads_empty(good.substr(0, n)));
    }
  }
  SUBCASE("every single flipped byte") {
    for (size_t i = 0; i < good.size(); ++i) {
      CAPTURE(i);
      std::string b = good;
      b[i] = static_cast<char>(b[i] ^ 0x01);
      CHECK(loads_empty(b));
    }
  }
}

TEST_CASE("cache: save never throws where it cannot write") {
  TempDir dir;
  write_bytes(dir.path() / "file", "x");
  const SavedCache unused = save_three(dir.path() / "ok");
  CHECK_NOTHROW(
      TaskCache::save(dir.path() / "file" / "cache", unused.entries));  // parent is a file
  fs::create_directories(dir.path() / "cache-dir");
  write_bytes(dir.path() / "cache-dir" / "x", "x");
  CHECK_NOTHROW(
      TaskCache::save(dir.path() / "cache-dir", unused.entries));  // the path is a directory
  CHECK(fs::is_directory(dir.path() / "cache-dir"));
}

TEST_CASE("cache: a loaded cache stays valid when moved or copied") {
  TempDir dir;
  const fs::path file = dir.path() / "cache";
  const SavedCache saved = save_three(file);
  const CacheEntry& e = saved.entries[0];
  auto moved = [&] {
    TaskCache a = TaskCache::load(file);
    TaskCache b = std::move(a);
    return b;
  }();
  const TaskCache::Slot* slot = moved.lookup(e.path, e.stamp);
  REQUIRE(slot != nullptr);
  CHECK(slot->payload == e.payload);
  // Slots point into the cache's own bytes: a copy must not point into the
  // original's, which may be gone (TaskCache is copyable). Not under
  // AddressSanitizer, which would abort the whole run on the dangling read.
#if defined(__SANITIZE_ADDRESS__)
  constexpr bool k_asan = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
  constexpr bool k_asan = true;
#else
  constexpr bool k_asan = false;
#endif
#else
  constexpr bool k_asan = false;
#endif
  if constexpr (std::is_copy_constructible_v<TaskCache> && !k_asan) {
    auto original = std::make_unique<TaskCache>(TaskCache::load(file));
    TaskCache copy = *original;
    original.reset();
    std::string reuse(fs::file_size(file), 'Z');  // likely takes over the freed bytes
    const TaskCache::Slot* s = copy.lookup(e.path, e.stamp);
    REQUIRE(s != nullptr);
    CHECK(s->payload == e.payload);
    CHECK(reuse.size() == fs::file_size(file));
  }
}
