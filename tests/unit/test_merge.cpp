// Three-way merge of one task file (SPEC §12): merge_tasks, emit_merge,
// explain_conflict, split_collision on hand-built tasks.
#include <doctest/doctest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/task.hpp"
#include "helpers.hpp"
#include "store/codec.hpp"
#include "store/merge.hpp"

using namespace duban;
using namespace duban::testing;

namespace {

using Strings = std::vector<std::string>;

LogEntry progress(Date d, const std::string& text, const std::string& by = "市发改委") {
  LogEntry e{d, "progress", {}, {}};
  e.set("by", by);
  e.set("text", text);
  return e;
}

LogEntry assign_entry(Date d, const std::string& to) {
  LogEntry e{d, "assign", {}, {}};
  e.set("to", to);
  return e;
}

// The common ancestor: registered 2025-03-02, assigned the same day.
Task base_task() {
  Task t;
  t.id = "2025-0042";
  t.title = "推进城区热电联产项目建设";
  t.kind = "instruction";
  t.ref = "市政府〔2025〕12号";
  t.leader = "张市长";
  t.lead = "市发改委";
  t.co = {"市财政局", "市住建局"};
  t.owner = "李明";
  t.created = ymd(2025, 3, 2);
  t.due = ymd(2025, 3, 17);
  t.cadence = "weekly";
  t.status = Status::assigned;
  t.tags = {"重点"};
  t.milestones = {Milestone{"完成土建", ymd(2025, 6, 30), std::nullopt, {}},
                  Milestone{"竣工验收", ymd(2025, 9, 30), std::nullopt, {}}};
  t.log = {assign_entry(ymd(2025, 3, 2), "市发改委")};
  return t;
}

// The log as "MM-DD type text" lines, to compare at a glance.
Strings log_lines(const Task& t) {
  Strings out;
  for (const LogEntry& e : t.log) {
    out.push_back(e.date.iso().substr(5) + " " + e.type +
                  (e.get("text").empty() ? "" : " " + e.get("text")));
  }
  return out;
}

// The text with the conflict blocks resolved by keeping one side.
std::string keep_side(const std::string& text, bool ours) {
  std::string out;
  enum { none, in_ours, in_theirs } where = none;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    std::string line = text.substr(start, end - start);
    start = end == std::string::npos ? text.size() : end + 1;
    if (line == "<<<<<<< ours") {
      where = in_ours;
    } else if (line == "=======" && where == in_ours) {
      where = in_theirs;
    } else if (line == ">>>>>>> theirs" && where == in_theirs) {
      where = none;
    } else if (where == none || (where == in_ours) == ours) {
      out += line + "\n";
    }
  }
  return out;
}

int line_of(const std::string& text, const std::string& line) {
  size_t at = text.find("\n" + line + "\n");
  if (text.rfind(line + "\n", 0) == 0) {
    return 1;
  }
  if (at == std::string::npos) {
    return 0;
  }
  return 2 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
}

}  // namespace

// ---------------------------------------------------------------- the log

TEST_CASE("merge: log entries of both sides are kept once each, in date order") {
  const Task base = base_task();
  Task ours = base;
  ours.log.push_back(progress(ymd(2025, 3, 10), "A的反馈"));
  ours.status = Status::active;
  Task theirs = base;
  theirs.log.push_back(progress(ymd(2025, 3, 8), "B的反馈"));
  theirs.status = Status::active;

  const MergeResult r = merge_tasks(base, ours, theirs);
  CHECK(r.conflicts.empty());
  CHECK_FALSE(r.different_tasks);
  CHECK(log_lines(r.task) ==
        Strings{"03-02 assign", "03-08 progress B的反馈", "03-10 progress A的反馈"});
  CHECK(r.task.status == Status::active);

  // The merge is symmetric in content: the other way round gives the same log.
  const MergeResult back = merge_tasks(base, theirs, ours);
  CHECK(log_lines(back.task) == log_lines(r.task));
}

TEST_CASE(
    "merge: several new entries on each side interleave by date, ours first on the same day") {
  const Task base = base_task();
  Task ours = base;
  ours.log.push_back(progress(ymd(2025, 3, 5), "A1"));
  ours.log.push_back(progress(ymd(2025, 3, 9), "A2"));
  Task theirs = base;
  theirs.log.push_back(progress(ymd(2025, 3, 4), "B1"));
  theirs.log.push_back(progress(ymd(2025, 3, 9), "B2"));
  theirs.log.push_back(progress(ymd(2025, 3, 12), "B3"));

  const MergeResult r = merge_tasks(base, ours, theirs);
  CHECK(r.conflicts.empty());
  CHECK(log_lines(r.task) == Strings{"03-02 assign", "03-04 progress B1", "03-05 progress A1",
                                     "03-09 progress A2", "03-09 progress B2",
                                     "03-12 progress B3"});
}

TEST_CASE("merge: the same new entry on both sides is kept once") {
  const Task base = base_task();
  Task ours = base;
  ours.log.push_back(progress(ymd(2025, 3, 8), "同一条反馈"));
  Task theirs = base;
  theirs.log.push_back(progress(ymd(2025, 3, 8), "同一条反馈"));

  const MergeResult r = merge_tasks(base, ours, theirs);
  CHECK(r.conflicts.empty());
  CHECK(log_lines(r.task) == Strings{"03-02 assign", "03-08 progress 同一条反馈"});
}

TEST_CASE("merge: an entry repeated on one side is kept as many times as that side has it") {
  const Task base = base_task();
  const LogEntry twice = progress(ymd(2025, 3, 8), "催要材料");

  SUBCASE("ours twice, theirs none") {
    Task ours = base;
    ours.log.push_back(twice);
    ours.log.push_back(twice);
    const MergeResult r = merge_tasks(base, ours, base);
    CHECK(log_lines(r.task) ==
          Strings{"03-02 assign", "03-08 progress 催要材料", "03-08 progress 催要材料"});
  }
  SUBCASE("ours twice, theirs once: twice") {
    Task ours = base;
    ours.log.push_back(twice);
    ours.log.push_back(twice);
    Task theirs = base;
    theirs.log.push_back(twice);
    const MergeResult r = merge_tasks(base, ours, theirs);
    CHECK(log_lines(r.task) ==
          Strings{"03-02 assign", "03-08 progress 催要材料", "03-08 progress 催要材料"});
  }
  SUBCASE("ours once, theirs three times: three times") {
    Task ours = base;
    ours.log.push_back(twice);
    Task theirs = base;
    theirs.log.push_back(twice);
    theirs.log.push_back(twice);
    theirs.log.push_back(twice);
    const MergeResult r = merge_tasks(base, ours, theirs);
    CHECK(log_lines(r.task) == Strings{"03-02 assign", "03-08 progress 催要材料",
                                       "03-08 progress 催要材料", "03-08 progress 催要材料"});
  }
  SUBCASE("an entry already in the base and repeated once more on one side") {
    Task b = base;
    b.log.push_back(twice);
    Task ours = b;
    ours.log.push_back(twice);
    const MergeResult r = merge_tasks(b, ours, b);
    CHECK(log_lines(r.task) ==
          Strings{"03-02 assign", "03-08 progress 催要材料", "03-08 progress 催要材料"});
  }
}

TEST_CASE("merge: entries that differ in one field are different entries") {
  const Task base = base_task();
  Task ours = base;
  ours.log.push_back(progress(ymd(2025, 3, 8), "同样的话", "市财政局"));
  Task theirs = base;
  theirs.log.push_back(progress(ymd(2025, 3, 8), "同样的话", "市住建局"));
  const MergeResult r = merge_tasks(base, ours, theirs);
  REQUIRE(r.task.log.size() == 3);
  CHECK(r.task.log[1].get("by") == "市财政局");
  CHECK(r.task.log[2].get("by") == "市住建局");
}

TEST_CASE("merge: base entries are not duplicated") {
  Task base = base_task();
  base.log.push_back(progress(ymd(2025, 3, 5), "旧反馈"));
  Task ours = base;
  Task theirs = base;
  theirs.log.push_back(progress(ymd(2025, 3, 6), "新反馈"));
  const MergeResult r = merge_tasks(base, ours, theirs);
  CHECK(log_lines(r.task) ==
        Strings{"03-02 assign", "03-05 progress 旧反馈", "03-06 progress 新反馈"});
}

// ---------------------------------------------------------------- scalars

TEST_CASE("merge: a scalar changed on one side takes that side") {
  const Task base = base_task();
  Task ours = base;
  ours.due = ymd(2025, 4, 30);  // A extends
  ours.escalation = 1;
  Task theirs = base;
  theirs.owner = "王五";  // B re-assigns the owner
  theirs.status = Status::active;
  theirs.listed = true;
  theirs.lead = "市住建局";

  const MergeResult r = merge_tasks(base, ours, theirs);
  CHECK(r.conflicts.empty());
  CHECK(r.task.due == ymd(2025, 4, 30));
  CHECK(r.task.escalation == 1);
  CHECK(r.task.owner == "王五");
  CHECK(r.task.status == Status::active);
  CHECK(r.task.listed);
  CHECK(r.task.lead == "市住建局");
  CHECK(r.task.title == base.title);
  CHECK(r.task.ref == base.ref);
}

TEST_CASE("merge: a field cleared on one side stays cleared") {
  const Task base = base_task();
  Task ours = base;
  Task theirs = base;
  theirs.ref = "";
  theirs.due = std::nullopt;
  const MergeResult r = merge_tasks(base, ours, theirs);
  CHECK(r.conflicts.empty());
  CHECK(r.task.ref.empty());
  CHECK_FALSE(r.task.due.has_value());
}

TEST_CASE("merge: the same change on both sides is no conflict") {
  const Task base = base_task();
  Task ours = base;
  ours.owner = "王五";
  ours.due = ymd(2025, 4, 30);
  Task theirs = ours;
  const MergeResult r = merge_tasks(base, ours, theirs);
  CHECK(r.conflicts.empty());
  CHECK(r.task.owner == "王五");
  CHECK(emit_merge(r, theirs) == emit_task(ours));
}

TEST_CASE("merge: a scalar changed differently on both sides conflicts, the task holds ours") {
  const Task base = base_task();
  Task ours = base;
  ours.owner = "张三";
  Task theirs = base;
  theirs.owner = "李四";

  const MergeResult r = merge_tasks(base, ours, theirs);
  REQUIRE(r.conflicts.size() == 1);
  CHECK(r.conflicts[0].field == "owner");
  CHECK(r.conflicts[0].ours == "张三");
  CHECK(r.conflicts[0].theirs == "李四");
  CHECK(r.task.owner == "张三");
  CHECK_FALSE(r.different_tasks);
}

TEST_CASE("merge: conflicts of every kind of scalar show their values as written") {
  const Task base = base_task();
  Task ours = base;
  Task theirs = base;
  ours.due = ymd(2025, 4, 30);
  theirs.due = ymd(2025, 5, 15);
  ours.escalation = 1;
  theirs.escalation = 2;
  ours.status = Status::done;
  theirs.status = Status::suspended;
  ours.listed = true;
  ours.lead = "市财政局";
  theirs.lead = "市住建局";

  const MergeResult r = merge_tasks(base, ours, theirs);
  CHECK(r.task.listed);  // one-sided
  REQUIRE(r.conflicts.size() == 4);
  auto find = [&](const std::string& f) -> const FieldConflict* {
    for (const FieldConflict& c : r.conflicts) {
      if (c.field == f) {
        return &c;
      }
    }
    return nullptr;
  };
  REQUIRE(find("due"));
  CHECK(find("due")->ours == "2025-04-30");
  CHECK(find("due")->theirs == "2025-05-15");
  REQUIRE(find("escalation"));
  CHECK(find("escalation")->ours == "1");
  CHECK(find("escalation")->theirs == "2");
  REQUIRE(find("status"));
  CHECK(find("status")->ours == "done");
  CHECK(find("status")->theirs == "suspended");
  REQUIRE(find("lead"));
  CHECK(find("lead")->theirs == "市住建局");
}

// ---------------------------------------------------------------- sets

TEST_CASE("merge: co and tags merge as sets: additions of both sides, deletions of either") {
  const Task base = base_task();  // co 市财政局 市住建局; tags 重点
  Task ours = base;
  ours.co = {"市财政局", "市住建局", "城东区"};  // A adds 城东区
  ours.tags = {"重点", "民生"};
  Task theirs = base;
  theirs.co = {"市财政局"};            // B drops 市住建局
  theirs.tags = {"民生", "营商环境"};  // B drops 重点, adds two

  const MergeResult r = merge_tasks(base, ours, theirs);
  CHECK(r.conflicts.empty());
  CHECK(r.task.co == Strings{"市财政局", "城东区"});
  CHECK(r.task.tags == Strings{"民生", "营商环境"});
}

TEST_CASE("merge: co deleted on both sides, or emptied on one side") {
  const Task base = base_task();
  SUBCASE("both drop the same unit") {
    Task ours = base;
    ours.co = {"市财政局"};
    Task theirs = base;
    theirs.co = {"市财政局"};
    CHECK(merge_tasks(base, ours, theirs).task.co == Strings{"市财政局"});
  }
  SUBCASE("one side clears co, the other adds one") {
    Task ours = base;
    ours.co = {};
    Task theirs = base;
    theirs.co = {"市财政局", "市住建局", "城东区"};
    CHECK(merge_tasks(base, ours, theirs).task.co == Strings{"城东区"});
  }
  SUBCASE("one side drops a unit the other side untouched") {
    Task ours = base;
    Task theirs = base;
    theirs.co = {"市住建局"};
    CHECK(merge_tasks(base, ours, theirs).task.co == Strings{"市住建局"});
  }
}

// ---------------------------------------------------------------- milestones

TEST_CASE("merge: a milestone reached on one side is reached") {
  const Task base = base_task();
  SUBCASE("ours") {
    Task ours = base;
    ours.milestones[0].done = ymd(2025, 6, 28);
    const MergeResult r = merge_tasks(base, ours, base);
    REQUIRE(r.task.milestones.size() == 2);
    CHECK(r.task.milestones[0].done == ymd(2025, 6, 28));
    CHECK_FALSE(r.task.milestones[1].done.has_value());
  }
  SUBCASE("theirs") {
    Task theirs = base;
    theirs.milestones[1].done = ymd(2025, 9, 20);
    const MergeResult r = merge_tasks(base, base, theirs);
    REQUIRE(r.task.milestones.size() == 2);
    CHECK_FALSE(r.task.milestones[0].done.has_value());
    CHECK(r.task.milestones[1].done == ymd(2025, 9, 20));
    CHECK(r.conflicts.empty());
  }
  SUBCASE("each side reaches a different one") {
    Task ours = base;
    ours.milestones[0].done = ymd(2025, 6, 28);
    Task theirs = base;
    theirs.milestones[1].done = ymd(2025, 9, 20);
    const MergeResult r = merge_tasks(base, ours, theirs);
    REQUIRE(r.task.milestones.size() == 2);
    CHECK(r.task.milestones[0].done == ymd(2025, 6, 28));
    CHECK(r.task.milestones[1].done == ymd(2025, 9, 20));
  }
}

TEST_CASE("merge: milestones added on either side are kept, a one-sided new deadline wins") {
  const Task base = base_task();
  Task ours = base;
  ours.milestones.push_back(Milestone{"资金拨付", ymd(2025, 5, 31), std::nullopt, {}});
  Task theirs = base;
  theirs.milestones[0].due = ymd(2025, 7, 15);
  theirs.milestones.push_back(Milestone{"试运行", ymd(2025, 10, 31), std::nullopt, {}});

  const MergeResult r = merge_tasks(base, ours, theirs);
  CHECK(r.conflicts.empty());
  Strings titles;
  for (const Milestone& m : r.task.milestones) {
    titles.push_back(m.title);
  }
  CHECK(titles == Strings{"完成土建", "竣工验收", "资金拨付", "试运行"});
  CHECK(r.task.milestones[0].due == ymd(2025, 7, 15));
}

TEST_CASE("merge: a milestone removed on one side is removed, whichever side") {
  const Task base = base_task();
  Task dropped = base;
  dropped.milestones.erase(dropped.milestones.begin() + 1);  // 竣工验收 removed
  SUBCASE("removed on ours") {
    CHECK(merge_tasks(base, dropped, base).task.milestones.size() == 1);
  }
  SUBCASE("removed on theirs") {
    CHECK(merge_tasks(base, base, dropped).task.milestones.size() == 1);
  }
}

TEST_CASE("merge: a milestone deadline moved differently on both sides is not silently lost") {
  const Task base = base_task();
  Task ours = base;
  ours.milestones[0].due = ymd(2025, 7, 15);
  Task theirs = base;
  theirs.milestones[0].due = ymd(2025, 8, 31);
  const MergeResult r = merge_tasks(base, ours, theirs);
  // Two different new deadlines for one stage: the clerk must choose.
  CHECK_FALSE(r.conflicts.empty());
}

// ---------------------------------------------------------------- unknown keys

TEST_CASE("merge: unknown keys: one-sided change wins, both-sided different change conflicts") {
  const std::string head =
      "id: 2025-0042\ntitle: 测试事项\nkind: instruction\nlisted: false\ncreated: 2025-03-02\n"
      "status: registered\nescalation: 0\n";
  const Task base = parse_task(head + "source_system: OA\nbatch: 7\n", "base.yaml");
  const Task ours = parse_task(head + "source_system: OA2\nbatch: 7\n", "ours.yaml");
  const Task theirs_one = parse_task(head + "source_system: OA\nbatch: 8\n", "theirs.yaml");
  const Task theirs_clash =
      parse_task(head + "source_system: 12345热线\nbatch: 7\n", "theirs.yaml");

  const MergeResult clean = merge_tasks(base, ours, theirs_one);
  CHECK(clean.conflicts.empty());
  const std::string text = emit_merge(clean, theirs_one);
  CHECK(contains(text, "source_system: OA2\n"));
  CHECK(contains(text, "batch: 8\n"));

  const MergeResult clash = merge_tasks(base, ours, theirs_clash);
  REQUIRE(clash.conflicts.size() == 1);
  CHECK(clash.conflicts[0].field == "source_system");
  const std::string marked = emit_merge(clash, theirs_clash);
  CHECK(contains(
      marked,
      "<<<<<<< ours\nsource_system: OA2\n=======\nsource_system: 12345热线\n>>>>>>> theirs\n"));
  CHECK(parse_task(keep_side(marked, false), "m.yaml").extra.size() == 2);
}

TEST_CASE("merge: a conflict on an unknown list-valued key resolves to valid YAML") {
  const std::string head =
      "id: 2025-0042\ntitle: 测试事项\nkind: instruction\nlisted: false\ncreated: 2025-03-02\n"
      "status: registered\nescalation: 0\n";
  const Task base = parse_task(head + "attachments:\n  - 批示件.pdf\n", "base.yaml");
  const Task ours =
      parse_task(head + "attachments:\n  - 批示件.pdf\n  - 会议纪要.docx\n", "ours.yaml");
  const Task theirs = parse_task(head + "attachments:\n  - 批示件v2.pdf\n", "theirs.yaml");
  const MergeResult r = merge_tasks(base, ours, theirs);
  REQUIRE(r.conflicts.size() == 1);
  const std::string marked = emit_merge(r, theirs);
  const auto conflict = explain_conflict(marked);
  REQUIRE(conflict.has_value());
  CHECK(contains(conflict->message, "attachments"));
  // Keeping either side by deleting the other and the markers gives that side.
  std::string kept_ours = keep_side(marked, true);
  std::string kept_theirs = keep_side(marked, false);
  CHECK(kept_ours == emit_task(ours));
  CHECK(kept_theirs == emit_task(theirs));
}

// ---------------------------------------------------------------- emit_merge / explain_conflict

TEST_CASE("emit_merge: a clean merge is the canonical text, without markers") {
  const Task base = base_task();
  Task ours = base;
  ours.log.push_back(progress(ymd(2025, 3, 10), "A的反馈"));
  Task theirs = base;
  theirs.owner = "王五";
  const MergeResult r = merge_tasks(base, ours, theirs);
  const std::string text = emit_merge(r, theirs);
  CHECK(text == emit_task(r.task));
  CHECK_FALSE(contains(text, "<<<<<<<"));
  CHECK_FALSE(explain_conflict(text).has_value());
  CHECK_FALSE(split_collision(text).has_value());
  CHECK(parse_task(text, "t.yaml").owner == "王五");
}

TEST_CASE("emit_merge: markers around the conflicted field's line, in its place") {
  const Task base = base_task();
  Task ours = base;
  ours.owner = "张三";
  ours.log.push_back(progress(ymd(2025, 3, 9), "A"));
  Task theirs = base;
  theirs.owner = "李四";
  theirs.log.push_back(progress(ymd(2025, 3, 8), "B"));
  const MergeResult r = merge_tasks(base, ours, theirs);
  const std::string text = emit_merge(r, theirs);

  std::string expected = emit_task(r.task);
  const std::string line = "owner: 张三\n";
  REQUIRE(contains(expected, line));
  expected.replace(expected.find(line), line.size(),
                   "<<<<<<< ours\nowner: 张三\n=======\nowner: 李四\n>>>>>>> theirs\n");
  CHECK(text == expected);

  // The marker stands right after the lead line (where owner belongs).
  CHECK(contains(text, "co:\n  - 市财政局\n  - 市住建局\n<<<<<<< ours\n"));
  // The log is merged all the same.
  CHECK(contains(text, "    text: B\n  - date: 2025-03-09\n"));

  const auto conflict = explain_conflict(text);
  REQUIRE(conflict.has_value());
  CHECK(conflict->line == line_of(text, "<<<<<<< ours"));
  const std::string& why = conflict->message;
  CHECK(contains(why, "owner"));
  CHECK(contains(why, "张三"));
  CHECK(contains(why, "李四"));
  CHECK_FALSE(split_collision(text).has_value());

  // Keeping one side gives exactly that side's value, in canonical form.
  CHECK(parse_task(keep_side(text, true), "t.yaml").owner == "张三");
  CHECK(parse_task(keep_side(text, false), "t.yaml").owner == "李四");
  CHECK(emit_task(parse_task(keep_side(text, true), "t.yaml")) == emit_task(r.task));
}

TEST_CASE("emit_merge: every conflicted field gets its own markers; the first one is explained") {
  const Task base = base_task();
  Task ours = base;
  ours.lead = "市财政局";
  ours.due = ymd(2025, 4, 30);
  Task theirs = base;
  theirs.lead = "市住建局";
  theirs.due = ymd(2025, 5, 15);
  const MergeResult r = merge_tasks(base, ours, theirs);
  REQUIRE(r.conflicts.size() == 2);
  const std::string text = emit_merge(r, theirs);
  CHECK(contains(text, "<<<<<<< ours\nlead: 市财政局\n=======\nlead: 市住建局\n>>>>>>> theirs\n"));
  CHECK(
      contains(text, "<<<<<<< ours\ndue: 2025-04-30\n=======\ndue: 2025-05-15\n>>>>>>> theirs\n"));
  const auto conflict = explain_conflict(text);
  REQUIRE(conflict.has_value());
  CHECK(conflict->line == line_of(text, "<<<<<<< ours"));
  const std::string& why = conflict->message;
  CHECK(contains(why, "'lead'"));
  CHECK(contains(why, "市财政局"));
  CHECK(contains(why, "市住建局"));
  CHECK(parse_task(keep_side(text, false), "t.yaml").due == ymd(2025, 5, 15));
}

TEST_CASE(
    "emit_merge: conflicted values that need quoting are written so they read back the same") {
  const Task base = base_task();
  Task ours = base;
  ours.owner = "张三: 副主任";
  ours.title = "关于 #3 号批示的落实";
  Task theirs = base;
  theirs.owner = "李四 #2";
  theirs.title = "true";
  const MergeResult r = merge_tasks(base, ours, theirs);
  REQUIRE(r.conflicts.size() == 2);
  const std::string text = emit_merge(r, theirs);
  Task kept_ours;
  Task kept_theirs;
  REQUIRE_NOTHROW(kept_ours = parse_task(keep_side(text, true), "t.yaml"));
  REQUIRE_NOTHROW(kept_theirs = parse_task(keep_side(text, false), "t.yaml"));
  CHECK(kept_ours.owner == "张三: 副主任");
  CHECK(kept_ours.title == "关于 #3 号批示的落实");
  CHECK(kept_theirs.owner == "李四 #2");
  CHECK(kept_theirs.title == "true");
}

TEST_CASE("parse_task refuses a file with conflict markers, naming path:line and the field") {
  const Task base = base_task();
  Task ours = base;
  ours.owner = "张三";
  Task theirs = base;
  theirs.owner = "李四";
  const std::string text = emit_merge(merge_tasks(base, ours, theirs), theirs);
  const int marker = line_of(text, "<<<<<<< ours");
  REQUIRE(marker > 1);
  try {
    parse_task(text, "tasks/2025/2025-0042.yaml");
    FAIL("parse_task accepted conflict markers");
  } catch (const Error& e) {
    const std::string msg = e.what();
    CHECK(e.code() == k_exit_data);
    CHECK(contains(msg, "tasks/2025/2025-0042.yaml:" + std::to_string(marker) + ": "));
    CHECK(contains(msg, "owner"));
    CHECK(contains(msg, "张三"));
    CHECK(contains(msg, "李四"));
  }
}

TEST_CASE("explain_conflict: markers without a middle still explain something") {
  const auto conflict = explain_conflict("id: 2025-0001\n<<<<<<< ours\nowner: 张三\n");
  REQUIRE(conflict.has_value());
  CHECK(conflict->message == "unresolved merge conflict markers");
  CHECK(conflict->line == 2);
}

// ---------------------------------------------------------------- no base: same or different tasks

TEST_CASE("merge without a base: the same task on both sides merges") {
  Task ours = base_task();
  ours.log.push_back(progress(ymd(2025, 3, 10), "A"));
  Task theirs = base_task();
  theirs.log.push_back(progress(ymd(2025, 3, 8), "B"));
  theirs.co = {"市财政局", "城东区"};

  const MergeResult r = merge_tasks(std::nullopt, ours, theirs);
  CHECK_FALSE(r.different_tasks);
  CHECK(r.conflicts.empty());
  CHECK(log_lines(r.task) == Strings{"03-02 assign", "03-08 progress B", "03-10 progress A"});
  CHECK(r.task.co == Strings{"市财政局", "市住建局", "城东区"});  // no base: nothing was deleted
}

TEST_CASE("merge without a base: scalars that differ conflict") {
  Task ours = base_task();
  ours.owner = "张三";
  Task theirs = base_task();
  theirs.owner = "李四";
  const MergeResult r = merge_tasks(std::nullopt, ours, theirs);
  CHECK_FALSE(r.different_tasks);
  REQUIRE(r.conflicts.size() == 1);
  CHECK(r.conflicts[0].field == "owner");
}

TEST_CASE("merge without a base: a different title or creation date means two different tasks") {
  Task ours = base_task();
  ours.id = "2025-0001";
  ours.title = "乙任务";
  Task theirs = base_task();
  theirs.id = "2025-0001";
  theirs.title = "甲任务";
  theirs.kind = "meeting";

  SUBCASE("different title") {}
  SUBCASE("same title, different creation date") {
    theirs.title = ours.title;
    theirs.created = ymd(2025, 3, 3);
  }
  const MergeResult r = merge_tasks(std::nullopt, ours, theirs);
  CHECK(r.different_tasks);
  CHECK(r.conflicts.empty());

  const std::string text = emit_merge(r, theirs);
  CHECK(text ==
        "<<<<<<< ours\n" + emit_task(ours) + "=======\n" + emit_task(theirs) + ">>>>>>> theirs\n");

  auto both = split_collision(text);
  REQUIRE(both.has_value());
  CHECK(both->first == emit_task(ours));
  CHECK(both->second == emit_task(theirs));
  CHECK(parse_task(both->first, "ours").title == ours.title);
  CHECK(parse_task(both->second, "theirs").kind == "meeting");

  const auto conflict = explain_conflict(text);
  REQUIRE(conflict.has_value());
  CHECK(conflict->line == 1);
  const std::string& why = conflict->message;
  CHECK(contains(why, "two different tasks"));
  CHECK(contains(why, "2025-0001"));
  CHECK(contains(why, "duban renumber 2025-0001"));
  CHECK(contains(why, ours.title));

  CHECK_THROWS_AS(parse_task(text, "tasks/2025/2025-0001.yaml"), Error);
}

TEST_CASE("merge with a base never calls two tasks different") {
  const Task base = base_task();
  Task ours = base;
  ours.title = "新标题甲";
  Task theirs = base;
  theirs.title = "新标题乙";
  const MergeResult r = merge_tasks(base, ours, theirs);
  CHECK_FALSE(r.different_tasks);
  REQUIRE(r.conflicts.size() == 1);
  CHECK(r.conflicts[0].field == "title");
}

TEST_CASE("split_collision: only a whole-task collision splits") {
  CHECK_FALSE(split_collision("").has_value());
  CHECK_FALSE(split_collision("id: 2025-0001\ntitle: x\n").has_value());
  // A field conflict is not a collision.
  CHECK_FALSE(
      split_collision(
          "id: 2025-0001\n<<<<<<< ours\nowner: 张三\n=======\nowner: 李四\n>>>>>>> theirs\n")
          .has_value());
  // Markers around something that is not a task.
  CHECK_FALSE(split_collision("<<<<<<< ours\nowner: 张三\n=======\nowner: 李四\n>>>>>>> theirs\n")
                  .has_value());
  // No end marker.
  CHECK_FALSE(split_collision("<<<<<<< ours\nid: 2025-0001\n=======\nid: 2025-0001\n").has_value());
}

// ---------------------------------------------------------------- uids (SPEC §4, §12)

namespace {

constexpr const char* k_uid_a = "0193a1f4c2e87b6d9e0f5a4c3b2d1e0f";
constexpr const char* k_uid_b = "7c41d2e9a0b35f6e8d1c2b3a49f0e7d6";

Task with_uid_of(Task t, const char* uid) {
  t.uid = uid;
  return t;
}

}  // namespace

TEST_CASE("merge: two tasks whose uids differ are never merged, whatever the base") {
  // A's task was pushed; B's own task got the same id and B's clone handed the
  // id over (the old renumber); A then records progress on its task.
  const Task a = with_uid_of(base_task(), k_uid_a);
  Task ours = a;
  ours.log.push_back(progress(ymd(2025, 3, 10), "A的反馈"));
  Task theirs = with_uid_of(base_task(), k_uid_b);
  theirs.title = "乙任务";
  theirs.log.push_back(progress(ymd(2025, 3, 8), "B的反馈"));

  std::optional<Task> base;
  SUBCASE("base: A's task as pushed") {
    base = a;
  }
  SUBCASE("no base") {}
  SUBCASE("no base, the same title and day (one hotline ticket, two clerks)") {
    theirs.title = ours.title;
  }
  SUBCASE("base: B's task") {
    base = with_uid_of(base_task(), k_uid_b);
  }
  const MergeResult r = merge_tasks(base, ours, theirs);
  CHECK(r.different_tasks);
  CHECK(r.conflicts.empty());
  CHECK(different_tasks(base ? &*base : nullptr, ours, theirs));

  // Both whole tasks stay, each with exactly its own log.
  const std::string text = emit_merge(r, theirs);
  auto both = split_collision(text);
  REQUIRE(both.has_value());
  const Task o = parse_task(both->first, "ours");
  const Task t = parse_task(both->second, "theirs");
  CHECK(o.uid == k_uid_a);
  CHECK(t.uid == k_uid_b);
  CHECK(log_lines(o) == Strings{"03-02 assign", "03-10 progress A的反馈"});
  CHECK(log_lines(t) == Strings{"03-02 assign", "03-08 progress B的反馈"});
  const auto conflict = explain_conflict(text);
  REQUIRE(conflict.has_value());
  CHECK(contains(conflict->message, "never pushed"));
}

TEST_CASE("merge: the same uid on both sides merges as before, with or without a base") {
  const Task base = with_uid_of(base_task(), k_uid_a);
  Task ours = base;
  ours.log.push_back(progress(ymd(2025, 3, 10), "A"));
  Task theirs = base;
  theirs.log.push_back(progress(ymd(2025, 3, 8), "B"));
  SUBCASE("base") {
    const MergeResult r = merge_tasks(base, ours, theirs);
    CHECK_FALSE(r.different_tasks);
    CHECK(r.task.uid == k_uid_a);
    CHECK(log_lines(r.task) == Strings{"03-02 assign", "03-08 progress B", "03-10 progress A"});
  }
  SUBCASE("no base and a title changed on one side: one task, a title conflict") {
    theirs.title = "改过的标题";
    const MergeResult r = merge_tasks(std::nullopt, ours, theirs);
    CHECK_FALSE(r.different_tasks);
    REQUIRE(r.conflicts.size() == 1);
    CHECK(r.conflicts[0].field == "title");
    CHECK(r.task.uid == k_uid_a);
  }
}

TEST_CASE("merge: a base holding another task (a reused id) is ignored: its log never grafts") {
  Task old = with_uid_of(base_task(), k_uid_b);
  old.title = "已删除的任务";
  old.log.push_back(progress(ymd(2025, 3, 5), "旧任务的反馈"));
  Task ours = with_uid_of(base_task(), k_uid_a);
  ours.log.push_back(progress(ymd(2025, 3, 10), "A"));
  Task theirs = with_uid_of(base_task(), k_uid_a);
  theirs.log.push_back(progress(ymd(2025, 3, 8), "B"));
  const MergeResult r = merge_tasks(old, ours, theirs);
  CHECK_FALSE(r.different_tasks);
  CHECK(r.conflicts.empty());
  CHECK(r.task.title == base_task().title);
  CHECK(log_lines(r.task) == Strings{"03-02 assign", "03-08 progress B", "03-10 progress A"});
}

TEST_CASE("merge: a file written before uids is the task its derived uid names") {
  const Task legacy = base_task();  // no uid
  Task ours = legacy;
  ours.log.push_back(progress(ymd(2025, 3, 10), "A"));
  Task theirs = with_uid(legacy);  // rewritten on the other clone: the uid derived from id and date
  theirs.log.push_back(progress(ymd(2025, 3, 8), "B"));
  CHECK(theirs.uid == derived_uid(legacy));

  SUBCASE("the same task: merged, and the result keeps the uid") {
    const MergeResult r = merge_tasks(legacy, ours, theirs);
    CHECK_FALSE(r.different_tasks);
    CHECK(r.task.uid == theirs.uid);
    CHECK(log_lines(r.task) == Strings{"03-02 assign", "03-08 progress B", "03-10 progress A"});
    const MergeResult back = merge_tasks(legacy, theirs, ours);
    CHECK(back.task.uid == theirs.uid);
  }
  SUBCASE("a new task with its own uid at the old task's path: never merged") {
    theirs.uid = k_uid_b;
    CHECK(merge_tasks(legacy, ours, theirs).different_tasks);
    CHECK(merge_tasks(legacy, theirs, ours).different_tasks);
  }
}
