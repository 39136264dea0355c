#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

#include "core/config.hpp"
#include "core/error.hpp"
#include "core/history.hpp"
#include "core/lifecycle.hpp"
#include "core/task.hpp"
#include "helpers.hpp"

using namespace duban;
using namespace duban::testing;

namespace {

using Strings = std::vector<std::string>;

// Registered 2025-03-03, due 2025-03-18, not yet assigned.
Task new_task() {
  Task t;
  t.id = "2025-0001";
  t.title = "推进城区热电联产项目建设";
  t.kind = "instruction";
  t.created = ymd(2025, 3, 3);
  t.due = ymd(2025, 3, 18);
  t.status = Status::registered;
  return t;
}

Task assigned_task() {
  Task t = new_task();
  assign_task(t, ymd(2025, 3, 3), "市发改委", Strings{"市财政局"}, std::string("李明"));
  return t;
}

Task active_task() {
  Task t = assigned_task();
  record_progress(t, ymd(2025, 3, 8), ProgressInput{"", "已完成可研批复", std::nullopt, "", ""});
  return t;
}

Task done_task() {
  Task t = active_task();
  close_task(t, ymd(2025, 3, 15), "已办结", "");
  return t;
}

// The exit code of the Error `f` throws, or k_exit_ok when it does not throw.
template <class F>
int error_code_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.code();
  }
  return k_exit_ok;
}

const LogField* field(const LogEntry& e, const std::string& key) {
  for (const LogField& f : e.fields) {
    if (f.key == key) {
      return &f;
    }
  }
  return nullptr;
}

}  // namespace

TEST_CASE("assign: sets lead, co and owner, logs to/co/owner") {
  Task t = new_task();
  assign_task(t, ymd(2025, 3, 4), "市发改委", Strings{"市财政局", "市住建局"}, std::string("李明"));
  CHECK(t.status == Status::assigned);
  CHECK(t.lead == "市发改委");
  CHECK(t.co == Strings{"市财政局", "市住建局"});
  CHECK(t.owner == "李明");
  REQUIRE(t.log.size() == 1);
  const LogEntry& e = t.log[0];
  CHECK(e.type == "assign");
  CHECK(e.date.iso() == "2025-03-04");
  CHECK(e.get("to") == "市发改委");
  CHECK_FALSE(e.has("from"));
  const LogField* co = field(e, "co");
  REQUIRE(co != nullptr);
  CHECK(co->is_list);
  CHECK(co->items == Strings{"市财政局", "市住建局"});
  CHECK(e.get("owner") == "李明");
  CHECK(e.fields.size() == 3);
}

TEST_CASE("assign: without co/owner keeps the old ones and logs only to") {
  Task t = new_task();
  assign_task(t, ymd(2025, 3, 4), "市发改委", std::nullopt, std::nullopt);
  CHECK(t.status == Status::assigned);
  REQUIRE(t.log.size() == 1);
  CHECK(t.log[0].fields.size() == 1);
  CHECK(t.log[0].get("to") == "市发改委");
  CHECK(t.co.empty());
  CHECK(t.owner.empty());
}

TEST_CASE("assign again (转办): logs from, keeps co and owner unless given") {
  Task t = assigned_task();
  assign_task(t, ymd(2025, 3, 5), "市住建局", std::nullopt, std::nullopt);
  CHECK(t.status == Status::assigned);
  CHECK(t.lead == "市住建局");
  CHECK(t.co == Strings{"市财政局"});
  CHECK(t.owner == "李明");
  REQUIRE(t.log.size() == 2);
  const LogEntry& e = t.log[1];
  CHECK(e.type == "assign");
  CHECK(e.date.iso() == "2025-03-05");
  CHECK(e.get("to") == "市住建局");
  CHECK(e.get("from") == "市发改委");
  CHECK_FALSE(e.has("co"));
  CHECK_FALSE(e.has("owner"));

  // Replacing the co-units with an empty list clears them.
  assign_task(t, ymd(2025, 3, 6), "市住建局", Strings{}, std::string("王五"));
  CHECK(t.co.empty());
  CHECK(t.owner == "王五");
  CHECK_FALSE(t.log[2].has("from"));  // same lead: nothing handed over
  CHECK(t.log[2].get("owner") == "王五");
}

TEST_CASE("progress: moves assigned to active and logs by/text/percent") {
  Task t = assigned_task();
  record_progress(t, ymd(2025, 3, 8), ProgressInput{"市财政局", "已拨付资金", 40, "材料.pdf", ""});
  CHECK(t.status == Status::active);
  REQUIRE(t.log.size() == 2);
  const LogEntry& e = t.log[1];
  CHECK(e.type == "progress");
  CHECK(e.date.iso() == "2025-03-08");
  CHECK(e.get("by") == "市财政局");
  CHECK(e.get("text") == "已拨付资金");
  CHECK(e.get("percent") == "40");
  const LogField* percent = field(e, "percent");
  REQUIRE(percent != nullptr);
  CHECK(percent->plain);
  CHECK(e.get("attach") == "材料.pdf");
  CHECK_FALSE(e.has("milestone"));
  CHECK(t.last_progress()->iso() == "2025-03-08");

  // Without --by the lead reports; the status stays active.
  record_progress(t, ymd(2025, 3, 9), ProgressInput{"", "继续推进", std::nullopt, "", ""});
  CHECK(t.status == Status::active);
  CHECK(t.log[2].get("by") == "市发改委");
  CHECK_FALSE(t.log[2].has("percent"));
  CHECK_FALSE(t.log[2].has("attach"));
}

TEST_CASE("progress: marks a milestone reached, by title or number") {
  Task t = assigned_task();
  t.milestones.push_back(Milestone{"完成土建", ymd(2025, 6, 30), std::nullopt, {}});
  t.milestones.push_back(Milestone{"竣工验收", ymd(2025, 9, 30), std::nullopt, {}});
  record_progress(t, ymd(2025, 6, 28), ProgressInput{"", "土建完工", std::nullopt, "", "完成土建"});
  REQUIRE(t.milestones[0].done);
  CHECK(t.milestones[0].done->iso() == "2025-06-28");
  CHECK_FALSE(t.milestones[1].done);
  CHECK(t.log.back().get("milestone") == "完成土建");

  record_progress(t, ymd(2025, 9, 29), ProgressInput{"", "验收通过", std::nullopt, "", "2"});
  REQUIRE(t.milestones[1].done);
  CHECK(t.milestones[1].done->iso() == "2025-09-29");
  CHECK(t.log.back().get("milestone") == "竣工验收");
}

TEST_CASE("progress: an unknown milestone is refused and nothing is logged") {
  Task t = assigned_task();
  t.milestones.push_back(Milestone{"完成土建", ymd(2025, 6, 30), std::nullopt, {}});
  CHECK(error_code_of([&] {
          record_progress(t, ymd(2025, 3, 8), ProgressInput{"", "x", std::nullopt, "", "不存在"});
        }) == k_exit_data);
  CHECK(error_code_of([&] {
          record_progress(t, ymd(2025, 3, 8), ProgressInput{"", "x", std::nullopt, "", "2"});
        }) == k_exit_data);
  CHECK(t.log.size() == 1);
  CHECK(t.status == Status::assigned);
  CHECK_FALSE(t.milestones[0].done);
}

TEST_CASE("find_milestone by title or 1-based number") {
  Task t = new_task();
  t.milestones.push_back(Milestone{"完成土建", ymd(2025, 6, 30), std::nullopt, {}});
  t.milestones.push_back(Milestone{"竣工验收", ymd(2025, 9, 30), std::nullopt, {}});
  CHECK(find_milestone(t, "完成土建") == &t.milestones[0]);
  CHECK(find_milestone(t, "1") == &t.milestones[0]);
  CHECK(find_milestone(t, "2") == &t.milestones[1]);
  CHECK(find_milestone(t, "0") == nullptr);
  CHECK(find_milestone(t, "3") == nullptr);
  CHECK(find_milestone(t, "") == nullptr);
  CHECK(find_milestone(t, "x") == nullptr);
}

TEST_CASE("done: closes and logs result and rating") {
  Task t = active_task();
  close_task(t, ymd(2025, 3, 15), "已办结", "满意");
  CHECK(t.status == Status::done);
  const LogEntry& e = t.log.back();
  CHECK(e.type == "done");
  CHECK(e.date.iso() == "2025-03-15");
  CHECK(e.get("result") == "已办结");
  CHECK(e.get("rating") == "满意");
  CHECK(t.closed_on()->iso() == "2025-03-15");

  Task plain = active_task();
  close_task(plain, ymd(2025, 3, 15), "", "");
  CHECK(plain.status == Status::done);
  CHECK(plain.log.back().fields.empty());
}

TEST_CASE("done: refused when already done or cancelled") {
  Task t = done_task();
  const size_t entries = t.log.size();
  CHECK(error_code_of([&] { close_task(t, ymd(2025, 3, 16), "", ""); }) == k_exit_data);
  CHECK(t.log.size() == entries);
  Task c = assigned_task();
  cancel_task(c, ymd(2025, 3, 5), "");
  CHECK(error_code_of([&] { close_task(c, ymd(2025, 3, 16), "", ""); }) == k_exit_data);
}

TEST_CASE("return: reopens a closed task with a reason") {
  Task t = done_task();
  return_task(t, ymd(2025, 3, 16), "材料不全");
  CHECK(t.status == Status::active);
  const LogEntry& e = t.log.back();
  CHECK(e.type == "return");
  CHECK(e.date.iso() == "2025-03-16");
  CHECK(e.get("reason") == "材料不全");
  CHECK_FALSE(t.closed_on());
  CHECK(error_code_of([&] { return_task(t, ymd(2025, 3, 17), "again"); }) == k_exit_data);
}

TEST_CASE("recheck: without a problem the task stays done") {
  Task t = done_task();
  recheck_task(t, ymd(2025, 4, 15), "整改到位", "");
  CHECK(t.status == Status::done);
  const LogEntry& e = t.log.back();
  CHECK(e.type == "recheck");
  CHECK(e.date.iso() == "2025-04-15");
  CHECK(e.get("text") == "整改到位");
  CHECK_FALSE(e.has("problem"));
  CHECK(t.closed_on()->iso() == "2025-03-15");
}

TEST_CASE("recheck: a problem reopens the task") {
  Task t = done_task();
  recheck_task(t, ymd(2025, 4, 15), "回头看", "问题反弹");
  CHECK(t.status == Status::active);
  CHECK(t.log.back().type == "recheck");
  CHECK(t.log.back().get("problem") == "问题反弹");
  CHECK(t.log.back().get("text") == "回头看");
}

TEST_CASE("recheck: refused on a task that is not done") {
  Task t = active_task();
  const size_t entries = t.log.size();
  CHECK(error_code_of([&] { recheck_task(t, ymd(2025, 4, 15), "x", ""); }) == k_exit_data);
  CHECK(t.log.size() == entries);
  CHECK(t.status == Status::active);
}

TEST_CASE("extend: rewrites due and logs from/to/reason") {
  Task t = active_task();
  extend_task(t, ymd(2025, 3, 10), ymd(2025, 4, 15), "用地审批尚未完成");
  REQUIRE(t.due);
  CHECK(t.due->iso() == "2025-04-15");
  CHECK(t.status == Status::active);
  const LogEntry& e = t.log.back();
  CHECK(e.type == "extend");
  CHECK(e.date.iso() == "2025-03-10");
  CHECK(e.get("from") == "2025-03-18");
  CHECK(e.get("to") == "2025-04-15");
  CHECK(e.get("reason") == "用地审批尚未完成");

  // A second extension logs the first extension's deadline as from.
  extend_task(t, ymd(2025, 4, 10), ymd(2025, 5, 15), "再次延期");
  CHECK(t.log.back().get("from") == "2025-04-15");
  CHECK(t.due->iso() == "2025-05-15");
}

TEST_CASE("extend: a deadline not after the current one is refused") {
  Task t = active_task();
  const size_t entries = t.log.size();
  CHECK(error_code_of([&] { extend_task(t, ymd(2025, 3, 10), ymd(2025, 3, 10), "earlier"); }) ==
        k_exit_data);
  CHECK(error_code_of([&] { extend_task(t, ymd(2025, 3, 10), ymd(2025, 3, 18), "same"); }) ==
        k_exit_data);
  CHECK(t.due->iso() == "2025-03-18");
  CHECK(t.log.size() == entries);
}

TEST_CASE("extend: a task without a deadline gets one, no from") {
  Task t = active_task();
  t.due.reset();
  extend_task(t, ymd(2025, 3, 10), ymd(2025, 4, 15), "补定期限");
  CHECK(t.due->iso() == "2025-04-15");
  CHECK_FALSE(t.log.back().has("from"));
  CHECK(t.log.back().get("to") == "2025-04-15");
}

TEST_CASE("extend: refused on a closed task") {
  Task t = done_task();
  CHECK(error_code_of([&] { extend_task(t, ymd(2025, 3, 20), ymd(2025, 4, 15), "x"); }) ==
        k_exit_data);
  CHECK(t.due->iso() == "2025-03-18");
}

TEST_CASE("escalate: levels 1 to 3 with their names, then refuses") {
  const Config config = default_config();
  Task t = active_task();
  const char* names[] = {"整改通知", "黄牌警告", "问责"};
  for (int level = 1; level <= 3; ++level) {
    CAPTURE(level);
    escalate_task(t, ymd(2025, 3, 18 + level), config, "逾期未办");
    CHECK(t.escalation == level);
    const LogEntry& e = t.log.back();
    CHECK(e.type == "escalate");
    CHECK(e.get("level") == std::to_string(level));
    CHECK(field(e, "level")->plain);
    CHECK(e.get("name") == names[level - 1]);
    CHECK(e.get("reason") == "逾期未办");
  }
  const size_t entries = t.log.size();
  CHECK(error_code_of([&] { escalate_task(t, ymd(2025, 3, 25), config, ""); }) == k_exit_data);
  CHECK(t.escalation == 3);
  CHECK(t.log.size() == entries);
}

TEST_CASE("escalate: refused on a closed task") {
  const Config config = default_config();
  Task t = done_task();
  CHECK(error_code_of([&] { escalate_task(t, ymd(2025, 3, 20), config, ""); }) == k_exit_data);
  CHECK(t.escalation == 0);
}

TEST_CASE("suspend and reopen") {
  Task t = active_task();
  suspend_task(t, ymd(2025, 3, 10), "等待上级政策");
  CHECK(t.status == Status::suspended);
  CHECK(t.log.back().type == "suspend");
  CHECK(t.log.back().get("reason") == "等待上级政策");
  CHECK(error_code_of([&] { suspend_task(t, ymd(2025, 3, 11), ""); }) == k_exit_data);
  CHECK(error_code_of([&] {
          assign_task(t, ymd(2025, 3, 11), "市住建局", std::nullopt, std::nullopt);
        }) == k_exit_data);
  CHECK(t.lead == "市发改委");

  reopen_task(t, ymd(2025, 3, 20), "政策已明确");
  CHECK(t.status == Status::active);  // a unit had reported before
  CHECK(t.log.back().type == "reopen");
  CHECK(t.log.back().get("reason") == "政策已明确");
}

TEST_CASE("cancel and reopen") {
  Task t = assigned_task();
  cancel_task(t, ymd(2025, 3, 5), "重复立项");
  CHECK(t.status == Status::cancelled);
  CHECK(t.log.back().type == "cancel");
  CHECK(t.log.back().get("reason") == "重复立项");
  CHECK(error_code_of([&] { cancel_task(t, ymd(2025, 3, 6), ""); }) == k_exit_data);
  CHECK(error_code_of([&] {
          record_progress(t, ymd(2025, 3, 6), ProgressInput{"", "x", std::nullopt, "", ""});
        }) == k_exit_data);
  CHECK(error_code_of([&] { suspend_task(t, ymd(2025, 3, 6), ""); }) == k_exit_data);

  reopen_task(t, ymd(2025, 3, 7), "");
  CHECK(t.status == Status::assigned);  // assigned, no feedback yet
  CHECK(t.log.back().type == "reopen");

  Task r = new_task();
  cancel_task(r, ymd(2025, 3, 4), "");
  reopen_task(r, ymd(2025, 3, 5), "");
  CHECK(r.status == Status::registered);  // never assigned
}

TEST_CASE("reopen: refused on a task that is open") {
  for (Task t : {new_task(), assigned_task(), active_task()}) {
    CAPTURE(to_string(t.status));
    const size_t entries = t.log.size();
    const Status before = t.status;
    CHECK(error_code_of([&] { reopen_task(t, ymd(2025, 3, 20), ""); }) == k_exit_data);
    CHECK(t.status == before);
    CHECK(t.log.size() == entries);
  }
  Task d = done_task();
  reopen_task(d, ymd(2025, 3, 20), "");
  CHECK(d.status == Status::active);
}

TEST_CASE("working_status") {
  CHECK(working_status(new_task()) == Status::registered);
  CHECK(working_status(assigned_task()) == Status::assigned);
  CHECK(working_status(active_task()) == Status::active);
  CHECK(working_status(done_task()) == Status::active);
}

TEST_CASE("note: allowed in any status, changes nothing else") {
  Task t = done_task();
  note_task(t, ymd(2025, 3, 20), "归档");
  CHECK(t.status == Status::done);
  CHECK(t.log.back().type == "note");
  CHECK(t.log.back().get("text") == "归档");
}

TEST_CASE("every state change refuses a date before the task was registered") {
  const Config config = default_config();
  const Date before = ymd(2025, 3, 2);  // created 2025-03-03
  {
    Task t = new_task();
    CHECK(error_code_of([&] { assign_task(t, before, "市发改委", std::nullopt, std::nullopt); }) ==
          k_exit_data);
    CHECK(t.status == Status::registered);
    CHECK(t.lead.empty());
    CHECK(t.log.empty());
  }
  Task t = assigned_task();
  const size_t entries = t.log.size();
  CHECK(error_code_of([&] {
          record_progress(t, before, ProgressInput{"", "x", std::nullopt, "", ""});
        }) == k_exit_data);
  CHECK(t.status == Status::assigned);
  CHECK(error_code_of([&] { close_task(t, before, "", ""); }) == k_exit_data);
  CHECK(t.status == Status::assigned);
  CHECK(error_code_of([&] { extend_task(t, before, ymd(2025, 4, 30), ""); }) == k_exit_data);
  CHECK(t.due->iso() == "2025-03-18");
  CHECK(error_code_of([&] { escalate_task(t, before, config, ""); }) == k_exit_data);
  CHECK(t.escalation == 0);
  CHECK(error_code_of([&] { suspend_task(t, before, ""); }) == k_exit_data);
  CHECK(error_code_of([&] { cancel_task(t, before, ""); }) == k_exit_data);
  CHECK(error_code_of([&] { note_task(t, before, "x"); }) == k_exit_data);
  CHECK(t.status == Status::assigned);
  CHECK(t.log.size() == entries);
  // The registration day itself is fine.
  note_task(t, ymd(2025, 3, 3), "当天");
  CHECK(t.log.size() == entries + 1);
}

// ---------------------------------------------------------------- a new deadline for work handed
// back

TEST_CASE("return with a new deadline: due changes, the entry logs from and to") {
  Task t = done_task();  // due 2025-03-18, closed 03-15
  return_task(t, ymd(2025, 5, 20), "材料不全", ymd(2025, 6, 4));
  REQUIRE(t.due);
  CHECK(t.due->iso() == "2025-06-04");
  CHECK(t.status == Status::active);
  const LogEntry& e = t.log.back();
  CHECK(e.type == "return");
  CHECK(e.get("reason") == "材料不全");
  CHECK(e.get("from") == "2025-03-18");
  CHECK(e.get("to") == "2025-06-04");
}

TEST_CASE("return, recheck, reopen: a new deadline before the day is refused, nothing written") {
  Task t = done_task();
  const size_t entries = t.log.size();
  CHECK(error_code_of([&] { return_task(t, ymd(2025, 5, 20), "", ymd(2025, 5, 19)); }) ==
        k_exit_data);
  CHECK(error_code_of([&] { recheck_task(t, ymd(2025, 5, 20), "", "反弹", ymd(2025, 5, 19)); }) ==
        k_exit_data);
  CHECK(error_code_of([&] { reopen_task(t, ymd(2025, 5, 20), "", ymd(2025, 5, 19)); }) ==
        k_exit_data);
  // A recheck that finds nothing does not reopen: a deadline makes no sense there.
  CHECK(error_code_of([&] {
          recheck_task(t, ymd(2025, 5, 20), "整改到位", "", ymd(2025, 6, 4));
        }) == k_exit_usage);
  CHECK(t.log.size() == entries);
  CHECK(t.due->iso() == "2025-03-18");
  CHECK(t.status == Status::done);
  // The day itself is allowed.
  return_task(t, ymd(2025, 5, 20), "", ymd(2025, 5, 20));
  CHECK(t.due->iso() == "2025-05-20");
}

TEST_CASE("recheck with a problem and a new deadline") {
  Task t = done_task();
  recheck_task(t, ymd(2025, 4, 15), "回头看", "问题反弹", ymd(2025, 4, 30));
  CHECK(t.status == Status::active);
  CHECK(t.due->iso() == "2025-04-30");
  CHECK(t.log.back().get("from") == "2025-03-18");
  CHECK(t.log.back().get("to") == "2025-04-30");
}

TEST_CASE("reopen of a suspended task sets a new deadline: the suspension is not overdue") {
  Task t = active_task();  // due 2025-03-18
  suspend_task(t, ymd(2025, 3, 12), "待政策");
  reopen_task(t, ymd(2025, 3, 18), "政策已出台", ymd(2025, 4, 2));
  CHECK(t.status == Status::active);
  CHECK(t.due->iso() == "2025-04-02");
  CHECK(t.log.back().get("from") == "2025-03-18");
  CHECK(t.log.back().get("to") == "2025-04-02");
  CHECK(state_at(t, ymd(2025, 3, 25)).due->iso() == "2025-04-02");
}

TEST_CASE("history: the deadline in force before and after a return, reopen or recheck") {
  Task t = done_task();  // due 2025-03-18, closed 03-15
  return_task(t, ymd(2025, 5, 20), "材料不全", ymd(2025, 6, 4));
  close_task(t, ymd(2025, 6, 1), "", "");
  reopen_task(t, ymd(2025, 6, 10), "", ymd(2025, 6, 30));
  close_task(t, ymd(2025, 6, 20), "", "");
  recheck_task(t, ymd(2025, 7, 1), "", "反弹", ymd(2025, 7, 16));
  CHECK(original_due(t)->iso() == "2025-03-18");
  CHECK(state_at(t, ymd(2025, 3, 31)).due->iso() == "2025-03-18");  // a past report is unchanged
  CHECK(state_at(t, ymd(2025, 5, 19)).due->iso() == "2025-03-18");
  CHECK(state_at(t, ymd(2025, 5, 20)).due->iso() == "2025-06-04");
  CHECK(state_at(t, ymd(2025, 6, 10)).due->iso() == "2025-06-30");
  CHECK(state_at(t, ymd(2025, 7, 1)).due->iso() == "2025-07-16");
  // A recheck without a problem and an old-style entry without `to` keep the deadline.
  Task u = done_task();
  recheck_task(u, ymd(2025, 4, 1), "整改到位", "");
  return_task(u, ymd(2025, 4, 2), "旧日志");
  CHECK(original_due(u)->iso() == "2025-03-18");
  CHECK(state_at(u, ymd(2025, 4, 3)).due->iso() == "2025-03-18");
  // Handed back with a deadline when it had none: no deadline before.
  Task n = done_task();
  n.due.reset();
  return_task(n, ymd(2025, 4, 2), "", ymd(2025, 4, 17));
  CHECK(n.log.back().get("from").empty());
  CHECK_FALSE(original_due(n));
  CHECK_FALSE(state_at(n, ymd(2025, 4, 1)).due);
  CHECK(state_at(n, ymd(2025, 4, 2)).due->iso() == "2025-04-17");
}

TEST_CASE("is_being_handled: open and not suspended") {
  CHECK(is_being_handled(Status::registered));
  CHECK(is_being_handled(Status::assigned));
  CHECK(is_being_handled(Status::active));
  CHECK_FALSE(is_being_handled(Status::suspended));
  CHECK_FALSE(is_being_handled(Status::done));
  CHECK_FALSE(is_being_handled(Status::cancelled));
  for (Status s : all_statuses()) {
    CAPTURE(to_string(s));
    CHECK(is_being_handled(s) == (is_open(s) && s != Status::suspended));
  }
  CHECK(all_statuses().size() == 6);
}

TEST_CASE("is_being_handled on a day: follows the log, not today's status") {
  Task t = active_task();  // progress 2025-03-08
  suspend_task(t, ymd(2025, 3, 10), "等待");
  reopen_task(t, ymd(2025, 3, 12), "");
  close_task(t, ymd(2025, 3, 14), "", "");
  CHECK_FALSE(is_being_handled(state_at(t, ymd(2025, 3, 2))));  // before it was registered
  CHECK(is_being_handled(state_at(t, ymd(2025, 3, 3))));
  CHECK(is_being_handled(state_at(t, ymd(2025, 3, 9))));
  CHECK_FALSE(is_being_handled(state_at(t, ymd(2025, 3, 11))));  // suspended
  CHECK(is_being_handled(state_at(t, ymd(2025, 3, 12))));
  CHECK_FALSE(is_being_handled(state_at(t, ymd(2025, 3, 14))));  // done
  Task c = assigned_task();
  cancel_task(c, ymd(2025, 3, 5), "");
  CHECK(is_being_handled(state_at(c, ymd(2025, 3, 4))));
  CHECK_FALSE(is_being_handled(state_at(c, ymd(2025, 3, 5))));
}

TEST_CASE("rework_deadline: rework_within by default, --within over it, none refused") {
  Config config = default_config();
  const Calendar cal;  // weekends only
  CHECK(to_string(config.rework_within) == "15d");
  // 2025-03-20 (Thu) + 15d = 04-04, a Friday.
  CHECK(rework_deadline(ymd(2025, 3, 20), std::nullopt, config, cal).due == ymd(2025, 4, 4));
  CHECK(rework_deadline(ymd(2025, 3, 20), DueRule{DueRule::Unit::workdays, 10}, config, cal).due ==
        ymd(2025, 4, 3));
  config.rework_within = DueRule{DueRule::Unit::days, 16};  // lands on Saturday 04-05
  CHECK(rework_deadline(ymd(2025, 3, 20), std::nullopt, config, cal).due == ymd(2025, 4, 7));
  config.move_deadline_off_holidays = false;
  CHECK(rework_deadline(ymd(2025, 3, 20), std::nullopt, config, cal).due == ymd(2025, 4, 5));
  config.rework_within = DueRule{};
  CHECK(error_code_of([&] { rework_deadline(ymd(2025, 3, 20), std::nullopt, config, cal); }) ==
        k_exit_usage);
  CHECK(rework_deadline(ymd(2025, 3, 20), DueRule{DueRule::Unit::end_of_month, 0}, config, cal)
            .fixed);
}

TEST_CASE("change_due: a later or an earlier deadline, logged as extend from/to/reason") {
  Task t = assigned_task();  // due 2025-03-18
  change_due(t, ymd(2025, 3, 5), ymd(2025, 3, 12), "import from a.csv");
  CHECK(t.due == ymd(2025, 3, 12));
  const LogEntry& e = t.log.back();
  CHECK(e.type == "extend");
  CHECK(e.date == ymd(2025, 3, 5));
  REQUIRE(e.fields.size() == 3);
  CHECK(e.fields[0].key == "from");
  CHECK(e.fields[0].value == "2025-03-18");
  CHECK(e.fields[1].key == "to");
  CHECK(e.fields[1].value == "2025-03-12");
  CHECK(e.get("reason") == "import from a.csv");
  change_due(t, ymd(2025, 3, 6), ymd(2025, 3, 30), "");
  CHECK(t.due == ymd(2025, 3, 30));
  CHECK(t.log.back().get("from") == "2025-03-12");

  Task none = assigned_task();
  none.due.reset();
  change_due(none, ymd(2025, 3, 5), ymd(2025, 3, 12), "");
  CHECK_FALSE(none.log.back().has("from"));

  Task d = done_task();
  CHECK(error_code_of([&] { change_due(d, ymd(2025, 3, 20), ymd(2025, 3, 10), ""); }) ==
        k_exit_data);
  CHECK(d.due == ymd(2025, 3, 18));
  Task late = active_task();  // progress 2025-03-08
  CHECK(error_code_of([&] { change_due(late, ymd(2025, 3, 7), ymd(2025, 3, 10), ""); }) ==
        k_exit_data);
  CHECK(late.due == ymd(2025, 3, 18));
}

TEST_CASE("may_log_on and entry_date_from: not before registration nor the last entry") {
  Task t = new_task();  // created 2025-03-03, no log
  CHECK_FALSE(may_log_on(t, ymd(2025, 3, 2)));
  CHECK(may_log_on(t, ymd(2025, 3, 3)));
  CHECK(entry_date_from(t, ymd(2025, 3, 1)) == ymd(2025, 3, 1));
  t = active_task();  // last entry 2025-03-08
  CHECK_FALSE(may_log_on(t, ymd(2025, 3, 7)));
  CHECK(may_log_on(t, ymd(2025, 3, 8)));
  CHECK(entry_date_from(t, ymd(2025, 3, 5)) == ymd(2025, 3, 8));
  CHECK(entry_date_from(t, ymd(2025, 3, 9)) == ymd(2025, 3, 9));
}

TEST_CASE("mark_active: only an assigned task, and no entry") {
  Task t = assigned_task();
  const size_t entries = t.log.size();
  mark_active(t);
  CHECK(t.status == Status::active);
  CHECK(t.log.size() == entries);
  for (Task other : {new_task(), done_task()}) {
    const Status before = other.status;
    mark_active(other);
    CHECK(other.status == before);
  }
}

TEST_CASE(
    "add_entries: the log in date order, one day's entries keeping theirs, the task's own first") {
  Task t = active_task();  // assign 03-03, progress 03-08
  LogEntry early{ymd(2025, 3, 5), "note", {}, {}};
  early.set("text", "a");
  LogEntry same_day{ymd(2025, 3, 8), "note", {}, {}};
  same_day.set("text", "b");
  LogEntry later{ymd(2025, 3, 9), "note", {}, {}};
  later.set("text", "c");
  add_entries(t, {later, same_day, early});
  REQUIRE(t.log.size() == 5);
  CHECK(t.log[0].type == "assign");
  CHECK(t.log[1].get("text") == "a");
  CHECK(t.log[2].type == "progress");
  CHECK(t.log[3].get("text") == "b");
  CHECK(t.log[4].get("text") == "c");
  Task none = active_task();
  add_entries(none, {});
  CHECK(none.log.size() == 2);
}

TEST_CASE("take_state_of: the later version's deadline, status, units, escalation and milestones") {
  Task t = assigned_task();
  Task later = done_task();
  later.due = ymd(2025, 3, 25);
  later.lead = "市住建局";
  later.co = {"市水务局"};
  later.escalation = 2;
  later.milestones.push_back(Milestone{"方案", ymd(2025, 3, 10), ymd(2025, 3, 9), {}});
  later.title = "另一个标题";
  take_state_of(t, later);
  CHECK(t.due == ymd(2025, 3, 25));
  CHECK(t.status == Status::done);
  CHECK(t.lead == "市住建局");
  CHECK(t.co == Strings{"市水务局"});
  CHECK(t.escalation == 2);
  REQUIRE(t.milestones.size() == 1);
  CHECK(t.milestones[0].title == "方案");
  CHECK(t.title == "推进城区热电联产项目建设");  // descriptions are not state
  CHECK(t.log.size() == 1);                      // the log is merged by add_entries
}

TEST_CASE("renumber_task: a renumber entry with from, never dated before the last entry") {
  Task t = active_task();
  const Date last = t.log.back().date;
  renumber_task(t, last.plus_days(5), "2025-0200");
  CHECK(t.id == "2025-0200");
  REQUIRE(t.log.back().type == "renumber");
  CHECK(t.log.back().get("from") == "2025-0001");
  CHECK(t.log.back().date == last.plus_days(5));
  // A clone whose clock is behind: dated on the last entry's day.
  renumber_task(t, last.plus_days(-30), "2025-0201");
  CHECK(t.log.back().date == last.plus_days(5));
  CHECK(t.log.back().get("from") == "2025-0200");
}

TEST_CASE("extension request: logged with by/to/reason, the deadline stays until approved") {
  Task t = active_task();
  request_extension(t, ymd(2025, 3, 10), "市发改委", ymd(2025, 4, 15), "用地审批尚未完成");
  CHECK(t.due == ymd(2025, 3, 18));
  const LogEntry& e = t.log.back();
  CHECK(e.type == "extend-request");
  CHECK(e.get("by") == "市发改委");
  CHECK(e.get("to") == "2025-04-15");
  CHECK(e.get("reason") == "用地审批尚未完成");
  CHECK(pending_extension(t, ymd(2025, 3, 9)) == nullptr);  // not yet asked on that day
  REQUIRE(pending_extension(t, ymd(2025, 3, 10)) != nullptr);
  CHECK(state_at(t, ymd(2025, 3, 12)).due == ymd(2025, 3, 18));

  approve_extension(t, ymd(2025, 3, 12), std::nullopt, "");
  CHECK(t.due == ymd(2025, 4, 15));
  CHECK(t.log.back().type == "extend");
  CHECK(t.log.back().get("from") == "2025-03-18");
  CHECK(t.log.back().get("request") == "2025-03-10");
  CHECK(t.log.back().get("reason") == "用地审批尚未完成");  // the request's, when none is given
  CHECK(pending_extension(t, ymd(2025, 3, 12)) == nullptr);
  CHECK(pending_extension(t, ymd(2025, 3, 11)) != nullptr);  // as it stood the day before
  CHECK(state_at(t, ymd(2025, 3, 11)).due == ymd(2025, 3, 18));
}

TEST_CASE("extension request: approval to another date, refusal, and nothing pending refused") {
  Task t = active_task();
  CHECK(error_code_of([&] { approve_extension(t, ymd(2025, 3, 9), std::nullopt, ""); }) ==
        k_exit_data);
  CHECK(error_code_of([&] { refuse_extension(t, ymd(2025, 3, 9), "不符合条件"); }) == k_exit_data);
  request_extension(t, ymd(2025, 3, 10), "市发改委", ymd(2025, 4, 15), "用地");
  approve_extension(t, ymd(2025, 3, 11), ymd(2025, 3, 31), "批准延至月底");
  CHECK(t.due == ymd(2025, 3, 31));
  CHECK(t.log.back().get("reason") == "批准延至月底");

  request_extension(t, ymd(2025, 3, 20), "市发改委", ymd(2025, 4, 30), "再次申请");
  const std::size_t before = t.log.size();
  refuse_extension(t, ymd(2025, 3, 21), "理由不充分");
  CHECK(t.log.size() == before + 1);
  CHECK(t.log.back().type == "extend-refuse");
  CHECK(t.log.back().get("to") == "2025-04-30");
  CHECK(t.log.back().get("request") == "2025-03-20");
  CHECK(t.due == ymd(2025, 3, 31));
  CHECK(pending_extension(t, ymd(2025, 3, 21)) == nullptr);
}

TEST_CASE("extension request: refused when not later than the deadline or the task is closed") {
  Task t = active_task();
  CHECK(error_code_of([&] {
          request_extension(t, ymd(2025, 3, 10), "市发改委", ymd(2025, 3, 18), "");
        }) == k_exit_data);
  Task closed = done_task();
  CHECK(error_code_of([&] {
          request_extension(closed, ymd(2025, 3, 16), "市发改委", ymd(2025, 4, 18), "");
        }) == k_exit_data);
  request_extension(t, ymd(2025, 3, 10), "市发改委", ymd(2025, 4, 15), "");
  close_task(t, ymd(2025, 3, 12), "已办结", "");
  CHECK(pending_extension(t, ymd(2025, 3, 12)) == nullptr);  // settled by closing
}

TEST_CASE("receipt: by the lead or a co-unit only") {
  Task t = active_task();
  record_receipt(t, ymd(2025, 3, 9), "市发改委");
  CHECK(t.log.back().type == "receipt");
  CHECK(t.log.back().get("by") == "市发改委");
  record_receipt(t, ymd(2025, 3, 9), "市财政局");
  const std::size_t before = t.log.size();
  CHECK(error_code_of([&] { record_receipt(t, ymd(2025, 3, 9), "市水务局"); }) == k_exit_data);
  CHECK(t.log.size() == before);
}

TEST_CASE("receipt: with units, a task naming the unit by an old name is signed for by the new") {
  Task t = active_task();  // lead 市发改委, co 市财政局
  const Units units({Unit{"市发展和改革委员会", "", {"市发改委"}, "department", "", ""},
                     Unit{"市财政局", "", {}, "department", "", ""}});
  record_receipt(t, ymd(2025, 3, 9), "市发展和改革委员会", units);
  CHECK(t.log.back().get("by") == "市发展和改革委员会");
  record_receipt(t, ymd(2025, 3, 9), "市财政局", units);
  const std::size_t before = t.log.size();
  CHECK(error_code_of([&] { record_receipt(t, ymd(2025, 3, 9), "市水务局", units); }) ==
        k_exit_data);
  CHECK(t.log.size() == before);
}
