// The facts of a task's log that views show: its closing, its latest
// feedback, its extensions and missed milestones (core/history).
#include <doctest/doctest.h>

#include <string>

#include "core/history.hpp"
#include "core/task.hpp"
#include "helpers.hpp"

using namespace duban;
using namespace duban::testing;

namespace {

LogEntry& log_entry(Task& t, Date date, const std::string& type) {
  t.log.push_back(LogEntry{date, type, {}, {}});
  return t.log.back();
}

Task logged_task() {
  Task t;
  t.id = "2025-0001";
  t.created = ymd(2025, 3, 1);
  t.due = ymd(2025, 5, 30);
  t.status = Status::active;
  log_entry(t, ymd(2025, 3, 1), "create");
  log_entry(t, ymd(2025, 3, 2), "assign").set("to", "市水务局");
  log_entry(t, ymd(2025, 3, 20), "progress").set("text", "第一次反馈");
  log_entry(t, ymd(2025, 3, 25), "extend")
      .set("from", "2025-03-31")
      .set("to", "2025-04-30")
      .set("reason", "汛期");
  log_entry(t, ymd(2025, 4, 20), "progress").set("text", "第二次反馈");
  log_entry(t, ymd(2025, 4, 25), "extend")
      .set("from", "2025-04-30")
      .set("to", "2025-05-30")
      .set("reason", "待批");
  return t;
}

}  // namespace

TEST_CASE("extension_count and first_due: the extend entries, and the deadline the first moved") {
  Task t = logged_task();
  CHECK(extension_count(t) == 2);
  CHECK(first_due(t) == "2025-03-31");

  Task never = logged_task();
  std::erase_if(never.log, [](const LogEntry& e) { return e.type == "extend"; });
  CHECK(extension_count(never) == 0);
  CHECK(first_due(never).empty());
  // A return that set a new deadline is not an extension.
  log_entry(never, ymd(2025, 6, 1), "return").set("from", "2025-05-30").set("to", "2025-06-30");
  CHECK(extension_count(never) == 0);
  CHECK(first_due(never).empty());
}

TEST_CASE("latest_progress: the last progress entry in the log, none without one") {
  Task t = logged_task();
  const LogEntry* p = latest_progress(t);
  REQUIRE(p);
  CHECK(p->date == ymd(2025, 4, 20));
  CHECK(p->get("text") == "第二次反馈");
  std::erase_if(t.log, [](const LogEntry& e) { return e.type == "progress"; });
  CHECK_FALSE(latest_progress(t));
}

TEST_CASE("closing_entry: the last done entry of a done task; none while it is not done") {
  Task t = logged_task();
  log_entry(t, ymd(2025, 5, 10), "done").set("result", "初次办结");
  log_entry(t, ymd(2025, 5, 12), "reopen");
  log_entry(t, ymd(2025, 5, 28), "done").set("result", "已办结").set("rating", "满意");
  t.status = Status::active;
  CHECK_FALSE(closing_entry(t));  // the log has done entries, the task is open again
  t.status = Status::done;
  const LogEntry* c = closing_entry(t);
  REQUIRE(c);
  CHECK(c->date == ymd(2025, 5, 28));
  CHECK(c->get("result") == "已办结");
  CHECK(c->get("rating") == "满意");
  CHECK(last_entry(t, "reopen")->date == ymd(2025, 5, 12));
  CHECK_FALSE(last_entry(t, "escalate"));
}

TEST_CASE("milestone_missed: not reached and its deadline before the day") {
  Milestone m{"完成设计", ymd(2025, 4, 10), std::nullopt, {}};
  CHECK_FALSE(milestone_missed(m, ymd(2025, 4, 9)));
  CHECK_FALSE(milestone_missed(m, ymd(2025, 4, 10)));  // due that day: not yet missed
  CHECK(milestone_missed(m, ymd(2025, 4, 11)));
  m.done = ymd(2025, 4, 15);  // reached, if late: shown as reached (✓), not missed
  CHECK_FALSE(milestone_missed(m, ymd(2025, 4, 11)));
  CHECK_FALSE(milestone_missed(m, ymd(2025, 4, 20)));
}
