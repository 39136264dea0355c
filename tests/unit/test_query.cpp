#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/query.hpp"
#include "core/task.hpp"
#include "core/units.hpp"
#include "helpers.hpp"

using namespace duban;
using namespace duban::testing;

namespace {

Units sample_units() {
  Units u;
  u.add(Unit{"市发改委", "", {"发改委", "市发展和改革委员会"}, "department", "", ""});
  u.add(Unit{"市财政局", "", {"财政局"}, "department", "", ""});
  u.add(Unit{"市住建局", "", {"住建局"}, "department", "", ""});
  return u;
}

Task sample_task() {
  Task t;
  t.id = "2025-0042";
  t.title = "推进城区热电联产项目建设";
  t.kind = "instruction";
  t.ref = "市政府〔2025〕12号";
  t.leader = "张市长";
  t.listed = true;
  t.lead = "市发改委";
  t.co = {"市财政局"};
  t.owner = "李明";
  t.created = ymd(2025, 3, 2);
  t.due = ymd(2025, 4, 15);
  t.status = Status::active;
  t.tags = {"重点", "民生"};
  LogEntry e{ymd(2025, 3, 8), "progress", {}, {}};
  e.set("by", "市发改委").set("text", "已完成可研批复，正在推进用地审批。");
  t.log.push_back(e);
  return t;
}

}  // namespace

TEST_CASE("parse_status_filter: open, all, lists and junk") {
  using S = Status;
  CHECK(parse_status_filter("open") ==
        std::vector<S>{S::registered, S::assigned, S::active, S::suspended});
  CHECK(parse_status_filter("all") == std::vector<S>{});
  CHECK(parse_status_filter("active") == std::vector<S>{S::active});
  CHECK(parse_status_filter("done,cancelled") == std::vector<S>{S::done, S::cancelled});
  CHECK(parse_status_filter("registered,assigned,active") ==
        std::vector<S>{S::registered, S::assigned, S::active});
  CHECK_FALSE(parse_status_filter("junk"));
  CHECK_FALSE(parse_status_filter("active,junk"));
  CHECK_FALSE(parse_status_filter("Active"));
  CHECK_FALSE(parse_status_filter(""));
  CHECK_FALSE(parse_status_filter("active,"));
  CHECK_FALSE(parse_status_filter(",active"));
}

TEST_CASE("matches: an empty filter matches everything") {
  CHECK(matches(sample_task(), TaskFilter{}, sample_units()));
  Task bare;
  bare.id = "2025-0001";
  bare.title = "x";
  CHECK(matches(bare, TaskFilter{}, Units{}));
}

TEST_CASE("matches: status") {
  const Units units = sample_units();
  const Task t = sample_task();
  TaskFilter f;
  f.statuses = *parse_status_filter("open");
  CHECK(matches(t, f, units));
  f.statuses = {Status::done, Status::cancelled};
  CHECK_FALSE(matches(t, f, units));
  f.statuses = {Status::active};
  CHECK(matches(t, f, units));
}

TEST_CASE("matches: lead, including a task stored under an alias or old name") {
  const Units units = sample_units();
  Task t = sample_task();
  TaskFilter f;
  f.lead = "市发改委";
  CHECK(matches(t, f, units));
  f.lead = "市财政局";  // a co-unit is not the lead
  CHECK_FALSE(matches(t, f, units));

  t.lead = "发改委";  // written under an alias
  f.lead = "市发改委";
  CHECK(matches(t, f, units));

  // After a rename, tasks that store the old name still match the new one.
  Units renamed = sample_units();
  renamed.rename("市发改委", "市发展改革委");
  Task old = sample_task();
  f.lead = "市发展改革委";
  CHECK(matches(old, f, renamed));
  f.lead = "市住建局";
  CHECK_FALSE(matches(old, f, renamed));
}

TEST_CASE("matches: unit is lead or co, through aliases") {
  const Units units = sample_units();
  Task t = sample_task();
  TaskFilter f;
  f.unit = "市发改委";
  CHECK(matches(t, f, units));
  f.unit = "市财政局";
  CHECK(matches(t, f, units));
  f.unit = "市住建局";
  CHECK_FALSE(matches(t, f, units));

  t.co = {"住建局"};  // co written under an alias
  f.unit = "市住建局";
  CHECK(matches(t, f, units));
  f.unit = "市财政局";
  CHECK_FALSE(matches(t, f, units));
}

TEST_CASE("matches: kind, leader, tag, listed") {
  const Units units = sample_units();
  const Task t = sample_task();
  TaskFilter f;
  f.kind = "instruction";
  CHECK(matches(t, f, units));
  f.kind = "hotline";
  CHECK_FALSE(matches(t, f, units));

  f = TaskFilter{};
  f.leader = "张市长";
  CHECK(matches(t, f, units));
  f.leader = "王副市长";
  CHECK_FALSE(matches(t, f, units));

  f = TaskFilter{};
  f.tag = "民生";
  CHECK(matches(t, f, units));
  f.tag = "民";  // tags match whole
  CHECK_FALSE(matches(t, f, units));

  f = TaskFilter{};
  f.listed = true;
  CHECK(matches(t, f, units));
  f.listed = false;
  CHECK_FALSE(matches(t, f, units));
}

TEST_CASE("matches: due before / after are strict, and need a deadline") {
  const Units units = sample_units();
  Task t = sample_task();  // due 2025-04-15
  TaskFilter f;
  f.due_before = ymd(2025, 4, 16);
  CHECK(matches(t, f, units));
  f.due_before = ymd(2025, 4, 15);
  CHECK_FALSE(matches(t, f, units));

  f = TaskFilter{};
  f.due_after = ymd(2025, 4, 14);
  CHECK(matches(t, f, units));
  f.due_after = ymd(2025, 4, 15);
  CHECK_FALSE(matches(t, f, units));

  f.due_after = ymd(2025, 4, 1);
  f.due_before = ymd(2025, 5, 1);
  CHECK(matches(t, f, units));

  t.due.reset();
  CHECK_FALSE(matches(t, f, units));
}

TEST_CASE("matches: text in title, ref, leader or log text") {
  const Units units = sample_units();
  const Task t = sample_task();
  TaskFilter f;
  for (const char* needle : {"热电联产", "〔2025〕12号", "张市长", "用地审批"}) {
    CAPTURE(needle);
    f.text = needle;
    CHECK(matches(t, f, units));
  }
  f.text = "垃圾分类";
  CHECK_FALSE(matches(t, f, units));
}

TEST_CASE("matches: all filters must hold together") {
  const Units units = sample_units();
  const Task t = sample_task();
  TaskFilter f;
  f.statuses = {Status::active};
  f.unit = "市财政局";
  f.kind = "instruction";
  f.tag = "重点";
  f.listed = true;
  f.text = "热电";
  CHECK(matches(t, f, units));
  f.kind = "npc";
  CHECK_FALSE(matches(t, f, units));
}

TEST_CASE("select_tasks keeps the order of the input") {
  const Units units = sample_units();
  std::vector<Task> tasks;
  for (const char* id : {"2025-0003", "2025-0001", "2025-0002"}) {
    Task t = sample_task();
    t.id = id;
    tasks.push_back(t);
  }
  tasks[1].lead = "市住建局";
  tasks[1].co.clear();
  TaskFilter f;
  f.unit = "市发改委";
  const auto selected = select_tasks(tasks, f, units);
  REQUIRE(selected.size() == 2);
  CHECK(selected[0]->id == "2025-0003");
  CHECK(selected[1]->id == "2025-0002");
  CHECK(selected[0] == &tasks[0]);
  CHECK(select_tasks(tasks, TaskFilter{}, units).size() == 3);
}

TEST_CASE(
    "use_current_unit_names: after a rename a task shows the new name, its log only when asked") {
  Units units = sample_units();
  units.rename("市发改委", "市发展改革委");
  Task t = sample_task();
  t.lead = "市发改委";
  t.co = {"财政局", "市住建局", "不在名录的单位"};
  t.log.clear();
  t.log.push_back(LogEntry{ymd(2025, 3, 2), "assign", {}, {}});
  t.log.back().set("from", "市住建局").set("to", "市发改委").set_list("co", {"市发改委"});
  t.log.push_back(LogEntry{ymd(2025, 3, 8), "progress", {}, {}});
  t.log.back().set("by", "发改委").set("text", "市发改委已完成可研批复");
  t.log.push_back(LogEntry{ymd(2025, 3, 20), "extend", {}, {}});
  t.log.back().set("from", "2025-03-17").set("to", "2025-04-15");
  t.log.push_back(LogEntry{ymd(2025, 4, 20), "remind", {}, {}});
  t.log.back().set("to", "市发改委").set("role", "co");

  Task lists_only = t;
  use_current_unit_names(lists_only, units, false);
  CHECK(lists_only.lead == "市发展改革委");
  CHECK(lists_only.co == std::vector<std::string>{"市财政局", "市住建局", "不在名录的单位"});
  CHECK(lists_only.log[0].get("to") == "市发改委");  // the log as read

  use_current_unit_names(t, units, true);
  CHECK(t.lead == "市发展改革委");
  CHECK(t.log[0].get("from") == "市住建局");
  CHECK(t.log[0].get("to") == "市发展改革委");
  CHECK(t.log[0].fields[2].items == std::vector<std::string>{"市发展改革委"});
  CHECK(t.log[1].get("by") == "市发展改革委");
  CHECK(t.log[1].get("text") == "市发改委已完成可研批复");  // free text is never touched
  CHECK(t.log[2].get("to") == "2025-04-15");                // an extension's dates are not units
  CHECK(t.log[3].get("to") == "市发展改革委");
  CHECK(t.log[3].get("role") == "co");
}

TEST_CASE("matches: the old name of a renamed unit finds the tasks stored under either name") {
  Units units = sample_units();
  units.rename("市发改委", "市发展改革委");
  Task old_name = sample_task();
  old_name.lead = "市发改委";
  Task new_name = sample_task();
  new_name.lead = "市发展改革委";
  TaskFilter f;
  f.lead = *units.canonical("市发改委");
  CHECK(matches(old_name, f, units));
  CHECK(matches(new_name, f, units));
}
