// Report metrics (SPEC §9): count_task, state_at, group_key, build_report and the
// rate formatting the renderers share. Tasks are built with the lifecycle
// functions the commands use, or by hand where a hand-edited file is the point.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "core/config.hpp"
#include "core/history.hpp"
#include "core/lifecycle.hpp"
#include "core/metrics.hpp"
#include "core/task.hpp"
#include "core/units.hpp"
#include "helpers.hpp"
#include "io/report_view.hpp"

using namespace duban;
using namespace duban::testing;

namespace {

// A task registered on `created` with deadline `due`, assigned to `lead` at once.
Task make_task(const std::string& id, Date created, Date due, const std::string& lead = "市发改委",
               const std::string& kind = "instruction") {
  Task t;
  t.id = id;
  t.title = "事项" + id;
  t.kind = kind;
  t.created = created;
  t.due = due;
  t.status = Status::registered;
  if (!lead.empty()) {
    assign_task(t, created, lead, std::nullopt, std::nullopt);
  }
  return t;
}

Metrics count(const Task& t, Date from, Date to) {
  Metrics m;
  count_task(m, t, from, to);
  return m;
}

Metrics count_all(const std::vector<Task>& ts, Date from, Date to) {
  Metrics m;
  for (const Task& t : ts) {
    count_task(m, t, from, to);
  }
  return m;
}

// The seven counts as one comparable vector: total new closed on_time late open overdue.
std::vector<int> v(const Metrics& m) {
  return {m.total, m.new_tasks, m.closed, m.closed_on_time, m.closed_late, m.open, m.overdue};
}
using V = std::vector<int>;

std::vector<const Task*> ptrs(const std::vector<Task>& ts) {
  std::vector<const Task*> out;
  for (const Task& t : ts) {
    out.push_back(&t);
  }
  return out;
}

Units sample_units() {
  Units u;
  u.add(Unit{"市发改委", "发改委", {"市发展和改革委员会", "发改委"}, "department", "", ""});
  u.add(Unit{"市住建局", "", {"住建局"}, "department", "", ""});
  u.add(Unit{"城东区", "", {"东区"}, "county", "", ""});
  return u;
}

Report report_of(const std::vector<Task>& ts, Date from, Date to, GroupBy by = GroupBy::unit,
                 const Config& config = default_config(), const Units& units = sample_units()) {
  return build_report(ptrs(ts), from, to, to, by, config, units);
}

const GroupMetrics* group(const Report& r, const std::string& key) {
  for (const GroupMetrics& g : r.groups) {
    if (g.key == key) {
      return &g;
    }
  }
  return nullptr;
}

// A hand-written log entry (as a clerk's edit or an import would leave it).
LogEntry entry(Date date, const std::string& type) {
  return LogEntry{date, type, {}, {}};
}

const Date k_may1 = Date::from_ymd(2025, 5, 1);
const Date k_may31 = Date::from_ymd(2025, 5, 31);

}  // namespace

// ---------------------------------------------------------------- state_at

TEST_CASE("state_at: before registration the task does not exist") {
  Task t = make_task("2025-0001", ymd(2025, 3, 3), ymd(2025, 3, 18));
  CHECK_FALSE(state_at(t, ymd(2025, 3, 2)).exists);
  TaskState s = state_at(t, ymd(2025, 3, 3));
  CHECK(s.exists);
  CHECK_FALSE(s.closed);
  CHECK_FALSE(s.cancelled);
  CHECK_FALSE(s.suspended);
  CHECK(s.due == ymd(2025, 3, 18));
  CHECK_FALSE(s.closed_on.has_value());
  CHECK(s.escalation == 0);
}

TEST_CASE("state_at: the deadline in force is rebuilt from extensions") {
  Task t = make_task("2025-0001", ymd(2025, 3, 3), ymd(2025, 3, 18));
  extend_task(t, ymd(2025, 3, 15), ymd(2025, 4, 15), "用地审批尚未完成");
  extend_task(t, ymd(2025, 4, 10), ymd(2025, 4, 30), "再次延期");
  REQUIRE(t.due == ymd(2025, 4, 30));
  CHECK(original_due(t) == ymd(2025, 3, 18));
  CHECK(state_at(t, ymd(2025, 3, 14)).due == ymd(2025, 3, 18));
  CHECK(state_at(t, ymd(2025, 3, 15)).due == ymd(2025, 4, 15));  // the day it is logged counts
  CHECK(state_at(t, ymd(2025, 4, 9)).due == ymd(2025, 4, 15));
  CHECK(state_at(t, ymd(2025, 4, 10)).due == ymd(2025, 4, 30));
  CHECK(state_at(t, ymd(2025, 12, 31)).due == ymd(2025, 4, 30));
}

TEST_CASE("state_at: original_due without extensions is due") {
  Task t = make_task("2025-0001", ymd(2025, 3, 3), ymd(2025, 3, 18));
  CHECK(original_due(t) == ymd(2025, 3, 18));
}

TEST_CASE("state_at: closing, returning and closing again") {
  Task t = make_task("2025-0004", ymd(2025, 3, 10), ymd(2025, 4, 10));
  close_task(t, ymd(2025, 4, 8), "已整治", "");
  return_task(t, ymd(2025, 4, 15), "整治不彻底");
  close_task(t, ymd(2025, 5, 12), "已重新整治", "");

  TaskState s = state_at(t, ymd(2025, 4, 7));
  CHECK_FALSE(s.closed);
  s = state_at(t, ymd(2025, 4, 8));
  CHECK(s.closed);
  CHECK(s.closed_on == ymd(2025, 4, 8));
  s = state_at(t, ymd(2025, 4, 14));
  CHECK(s.closed);
  CHECK(s.closed_on == ymd(2025, 4, 8));
  s = state_at(t, ymd(2025, 4, 15));
  CHECK_FALSE(s.closed);
  CHECK_FALSE(s.closed_on.has_value());
  s = state_at(t, ymd(2025, 5, 12));
  CHECK(s.closed);
  CHECK(s.closed_on == ymd(2025, 5, 12));
}

TEST_CASE("state_at: recheck with a problem reopens, without one it does not") {
  Task t = make_task("2025-0001", ymd(2025, 3, 3), ymd(2025, 3, 31));
  close_task(t, ymd(2025, 3, 20), "", "");
  recheck_task(t, ymd(2025, 4, 1), "回头看，情况良好", "");
  CHECK(state_at(t, ymd(2025, 4, 1)).closed);
  recheck_task(t, ymd(2025, 5, 1), "回头看", "问题反弹");
  CHECK(state_at(t, ymd(2025, 4, 30)).closed);
  CHECK_FALSE(state_at(t, ymd(2025, 5, 1)).closed);
}

TEST_CASE("state_at: cancel, suspend, reopen and escalation levels by date") {
  Config config = default_config();
  Task t = make_task("2025-0001", ymd(2025, 3, 3), ymd(2025, 3, 31));
  escalate_task(t, ymd(2025, 4, 2), config, "超期");
  escalate_task(t, ymd(2025, 4, 12), config, "仍未办结");
  suspend_task(t, ymd(2025, 4, 20), "待政策");
  reopen_task(t, ymd(2025, 5, 6), "恢复办理");
  cancel_task(t, ymd(2025, 6, 1), "撤销");

  CHECK(state_at(t, ymd(2025, 4, 1)).escalation == 0);
  CHECK(state_at(t, ymd(2025, 4, 2)).escalation == 1);
  CHECK(state_at(t, ymd(2025, 4, 12)).escalation == 2);
  CHECK_FALSE(state_at(t, ymd(2025, 4, 19)).suspended);
  CHECK(state_at(t, ymd(2025, 4, 20)).suspended);
  CHECK_FALSE(state_at(t, ymd(2025, 5, 6)).suspended);
  CHECK_FALSE(state_at(t, ymd(2025, 5, 31)).cancelled);
  CHECK(state_at(t, ymd(2025, 6, 1)).cancelled);
  CHECK(state_at(t, ymd(2025, 6, 1)).escalation == 2);
}

TEST_CASE("state_at: a cancelled task that is reopened is live again") {
  Task t = make_task("2025-0001", ymd(2025, 3, 3), ymd(2025, 3, 31));
  cancel_task(t, ymd(2025, 3, 10), "误登记");
  reopen_task(t, ymd(2025, 3, 12), "恢复");
  CHECK(state_at(t, ymd(2025, 3, 11)).cancelled);
  CHECK_FALSE(state_at(t, ymd(2025, 3, 12)).cancelled);
}

TEST_CASE("state_at: a hand-edited log out of date order is read by dates") {
  Task t = make_task("2025-0001", ymd(2025, 3, 3), ymd(2025, 3, 31));
  // The done entry was typed in above a later-dated note and before an earlier progress.
  t.log.push_back(entry(ymd(2025, 3, 25), "done"));
  t.log.push_back(entry(ymd(2025, 3, 20), "progress"));
  t.status = Status::done;
  CHECK_FALSE(state_at(t, ymd(2025, 3, 24)).closed);
  CHECK(state_at(t, ymd(2025, 3, 25)).closed);
  CHECK(state_at(t, ymd(2025, 3, 25)).closed_on == ymd(2025, 3, 25));
}

TEST_CASE("state_at: a hand-written file without a log says its status") {
  Task t;
  t.id = "2025-0009";
  t.kind = "instruction";
  t.created = ymd(2025, 1, 5);
  t.due = ymd(2025, 2, 5);
  t.status = Status::cancelled;
  CHECK(state_at(t, ymd(2025, 3, 1)).cancelled);
  t.status = Status::suspended;
  CHECK(state_at(t, ymd(2025, 3, 1)).suspended);
  t.status = Status::done;
  CHECK(state_at(t, ymd(2025, 3, 1)).closed);
  t.status = Status::registered;
  TaskState s = state_at(t, ymd(2025, 3, 1));
  CHECK(s.exists);
  CHECK_FALSE(s.closed);
  CHECK(s.due == ymd(2025, 2, 5));
}

// ---------------------------------------------------------------- count_task: each metric

TEST_CASE("count_task: an open task created in the period") {
  Task t = make_task("2025-0001", ymd(2025, 5, 6), ymd(2025, 6, 20));
  CHECK(v(count(t, k_may1, k_may31)) == V{1, 1, 0, 0, 0, 1, 0});
}

TEST_CASE("count_task: an open task created before the period is in total but not new") {
  Task t = make_task("2025-0001", ymd(2025, 4, 6), ymd(2025, 6, 20));
  CHECK(v(count(t, k_may1, k_may31)) == V{1, 0, 0, 0, 0, 1, 0});
}

TEST_CASE("count_task: created on the first and on the last day of the period is new") {
  CHECK(v(count(make_task("2025-0001", k_may1, ymd(2025, 6, 20)), k_may1, k_may31)) ==
        V{1, 1, 0, 0, 0, 1, 0});
  CHECK(v(count(make_task("2025-0002", k_may31, ymd(2025, 6, 20)), k_may1, k_may31)) ==
        V{1, 1, 0, 0, 0, 1, 0});
}

TEST_CASE("count_task: overdue means the deadline in force is before `to`") {
  // due the day before the period's end: overdue
  CHECK(v(count(make_task("2025-0001", ymd(2025, 4, 1), ymd(2025, 5, 30)), k_may1, k_may31)) ==
        V{1, 0, 0, 0, 0, 1, 1});
  // due on the period's last day: the deadline day itself is not overdue
  CHECK(v(count(make_task("2025-0002", ymd(2025, 4, 1), k_may31), k_may1, k_may31)) ==
        V{1, 0, 0, 0, 0, 1, 0});
  // due long before the period: still overdue, still in total
  CHECK(v(count(make_task("2025-0003", ymd(2025, 1, 2), ymd(2025, 1, 20)), k_may1, k_may31)) ==
        V{1, 0, 0, 0, 0, 1, 1});
}

TEST_CASE("count_task: closed exactly on its deadline is on time") {
  Task t = make_task("2025-0003", ymd(2025, 4, 1), ymd(2025, 5, 15));
  close_task(t, ymd(2025, 5, 15), "排查完毕", "");
  CHECK(v(count(t, k_may1, k_may31)) == V{1, 0, 1, 1, 0, 0, 0});
}

TEST_CASE("count_task: closed the day after its deadline is late") {
  Task t = make_task("2025-0003", ymd(2025, 4, 1), ymd(2025, 5, 15));
  close_task(t, ymd(2025, 5, 16), "排查完毕", "");
  CHECK(v(count(t, k_may1, k_may31)) == V{1, 0, 1, 0, 1, 0, 0});
}

TEST_CASE(
    "count_task: closed after an approved extension is on time against the extended deadline") {
  Task t = make_task("2025-0002", ymd(2025, 3, 3), ymd(2025, 4, 30));
  extend_task(t, ymd(2025, 4, 25), ymd(2025, 5, 31), "施工许可尚未办结");
  close_task(t, ymd(2025, 5, 20), "改造完成", "");
  CHECK(v(count(t, k_may1, k_may31)) == V{1, 0, 1, 1, 0, 0, 0});
  // and late when it closes after the extended deadline too
  Task u = make_task("2025-0003", ymd(2025, 3, 3), ymd(2025, 4, 30));
  extend_task(u, ymd(2025, 4, 25), ymd(2025, 5, 20), "施工许可尚未办结");
  close_task(u, ymd(2025, 5, 21), "改造完成", "");
  CHECK(v(count(u, k_may1, k_may31)) == V{1, 0, 1, 0, 1, 0, 0});
}

TEST_CASE("count_task: an extension logged after `to` does not change an earlier period") {
  // due 06-10; on 06-12 extended to 06-30
  Task t = make_task("2025-0015", ymd(2025, 4, 7), ymd(2025, 6, 10));
  extend_task(t, ymd(2025, 6, 12), ymd(2025, 6, 30), "资金尚未到位");
  const Date june1 = ymd(2025, 6, 1);
  // 06-01 … 06-11: the deadline in force was 06-10, so the task was overdue
  CHECK(v(count(t, june1, ymd(2025, 6, 11))) == V{1, 0, 0, 0, 0, 1, 1});
  // 06-01 … 06-12: the extension is in force
  CHECK(v(count(t, june1, ymd(2025, 6, 12))) == V{1, 0, 0, 0, 0, 1, 0});
  CHECK(v(count(t, june1, ymd(2025, 6, 30))) == V{1, 0, 0, 0, 0, 1, 0});
  CHECK(v(count(t, june1, ymd(2025, 7, 1))) == V{1, 0, 0, 0, 0, 1, 1});
}

TEST_CASE("count_task: a closing is judged against the deadline in force on the closing day") {
  // Closed late on 05-20 (due 05-15); an extension entered afterwards by hand (dated 06-05)
  // does not turn the May closing into an on-time one.
  Task t = make_task("2025-0001", ymd(2025, 4, 1), ymd(2025, 5, 15));
  close_task(t, ymd(2025, 5, 20), "", "");
  LogEntry e = entry(ymd(2025, 6, 5), "extend");
  e.set_date("from", ymd(2025, 5, 15));
  e.set_date("to", ymd(2025, 6, 30));
  t.log.push_back(e);
  t.due = ymd(2025, 6, 30);
  CHECK(v(count(t, k_may1, k_may31)) == V{1, 0, 1, 0, 1, 0, 0});
  CHECK(v(count(t, ymd(2025, 1, 1), ymd(2025, 6, 30))) == V{1, 1, 1, 0, 1, 0, 0});
}

TEST_CASE("count_task: returned, extended and closed again is on time against the new deadline") {
  Task t = make_task("2025-0001", ymd(2025, 4, 1), ymd(2025, 5, 15));
  close_task(t, ymd(2025, 5, 20), "", "");
  return_task(t, ymd(2025, 5, 22), "不合格");
  extend_task(t, ymd(2025, 5, 23), ymd(2025, 6, 30), "重新办理");
  close_task(t, ymd(2025, 6, 10), "", "");
  // May: open at the end of May, the extended deadline (06-30) is in force: not overdue
  CHECK(v(count(t, k_may1, k_may31)) == V{1, 0, 0, 0, 0, 1, 0});
  // June: closed on time
  CHECK(v(count(t, ymd(2025, 6, 1), ymd(2025, 6, 30))) == V{1, 0, 1, 1, 0, 0, 0});
}

TEST_CASE("count_task: reopened and closed again counts by its last closing on or before `to`") {
  Task t = make_task("2025-0004", ymd(2025, 3, 10), ymd(2025, 4, 10));
  close_task(t, ymd(2025, 4, 8), "已整治", "");
  return_task(t, ymd(2025, 4, 15), "整治不彻底");
  close_task(t, ymd(2025, 5, 12), "已重新整治", "");
  const Date apr1 = ymd(2025, 4, 1);
  // up to 04-12: closed on 04-08, on time
  CHECK(v(count(t, apr1, ymd(2025, 4, 12))) == V{1, 0, 1, 1, 0, 0, 0});
  // up to 04-20: returned, open and overdue
  CHECK(v(count(t, apr1, ymd(2025, 4, 20))) == V{1, 0, 0, 0, 0, 1, 1});
  // April as a whole: open at its end
  CHECK(v(count(t, apr1, ymd(2025, 4, 30))) == V{1, 0, 0, 0, 0, 1, 1});
  // May: the last closing (05-12) is late
  CHECK(v(count(t, k_may1, k_may31)) == V{1, 0, 1, 0, 1, 0, 0});
  // the year so far: one closing, late, counted once
  CHECK(v(count(t, ymd(2025, 1, 1), k_may31)) == V{1, 1, 1, 0, 1, 0, 0});
  // after May: closed before the period, not in total
  CHECK(v(count(t, ymd(2025, 6, 1), ymd(2025, 6, 30))) == V{0, 0, 0, 0, 0, 0, 0});
}

TEST_CASE("count_task: closed before the period is not counted at all") {
  Task t = make_task("2025-0001", ymd(2025, 1, 6), ymd(2025, 2, 28));
  close_task(t, ymd(2025, 2, 20), "", "");
  CHECK(v(count(t, k_may1, k_may31)) == V{0, 0, 0, 0, 0, 0, 0});
  // closed on the day before the period starts: still before
  Task u = make_task("2025-0002", ymd(2025, 4, 6), ymd(2025, 5, 28));
  close_task(u, ymd(2025, 4, 30), "", "");
  CHECK(v(count(u, k_may1, k_may31)) == V{0, 0, 0, 0, 0, 0, 0});
  // closed on the period's first day: in the period
  Task w = make_task("2025-0003", ymd(2025, 4, 6), ymd(2025, 5, 28));
  close_task(w, k_may1, "", "");
  CHECK(v(count(w, k_may1, k_may31)) == V{1, 0, 1, 1, 0, 0, 0});
}

TEST_CASE("count_task: closed after the period counts as open in it") {
  Task t = make_task("2025-0001", ymd(2025, 4, 6), ymd(2025, 5, 20));
  close_task(t, ymd(2025, 6, 3), "", "");
  CHECK(v(count(t, k_may1, k_may31)) == V{1, 0, 0, 0, 0, 1, 1});
}

TEST_CASE("count_task: created after the period counts nowhere") {
  Task t = make_task("2025-0017", ymd(2025, 6, 1), ymd(2025, 6, 20));
  CHECK(v(count(t, k_may1, k_may31)) == V{0, 0, 0, 0, 0, 0, 0});
}

TEST_CASE("count_task: cancelled counts nowhere") {
  Task t = make_task("2025-0013", ymd(2025, 4, 2), ymd(2025, 4, 20));
  cancel_task(t, ymd(2025, 4, 20), "已由上级统一部署");
  CHECK(v(count(t, k_may1, k_may31)) == V{0, 0, 0, 0, 0, 0, 0});
  CHECK(v(count(t, ymd(2025, 4, 1), ymd(2025, 4, 30))) == V{0, 0, 0, 0, 0, 0, 0});
  CHECK(v(count(t, ymd(2025, 1, 1), ymd(2025, 12, 31))) == V{0, 0, 0, 0, 0, 0, 0});
  // a task cancelled after being closed (reopened, then cancelled) counts nowhere either
  Task u = make_task("2025-0014", ymd(2025, 5, 2), ymd(2025, 5, 20));
  close_task(u, ymd(2025, 5, 10), "", "");
  reopen_task(u, ymd(2025, 5, 12), "");
  cancel_task(u, ymd(2025, 5, 13), "");
  CHECK(v(count(u, k_may1, k_may31)) == V{0, 0, 0, 0, 0, 0, 0});
}

TEST_CASE("count_task: a cancellation logged after `to` does not change an earlier period") {
  Task t = make_task("2025-0013", ymd(2025, 4, 2), ymd(2025, 7, 2));
  cancel_task(t, ymd(2025, 6, 20), "撤销");
  CHECK(v(count(t, k_may1, k_may31)) == V{1, 0, 0, 0, 0, 1, 0});
  CHECK(v(count(t, ymd(2025, 6, 1), ymd(2025, 6, 30))) == V{0, 0, 0, 0, 0, 0, 0});
}

TEST_CASE("count_task: a cancelled task that is reopened counts again") {
  Task t = make_task("2025-0013", ymd(2025, 4, 2), ymd(2025, 5, 20));
  cancel_task(t, ymd(2025, 4, 10), "误撤销");
  reopen_task(t, ymd(2025, 4, 12), "恢复");
  CHECK(v(count(t, k_may1, k_may31)) == V{1, 0, 0, 0, 0, 1, 1});
}

TEST_CASE("count_task: a suspended task is open but not overdue") {
  Task t = make_task("2025-0014", ymd(2025, 5, 5), ymd(2025, 5, 10));
  suspend_task(t, ymd(2025, 5, 18), "待省级政策出台");
  CHECK(v(count(t, k_may1, k_may31)) == V{1, 1, 0, 0, 0, 1, 0});
  // before it was suspended (to = 05-15), it was overdue
  CHECK(v(count(t, k_may1, ymd(2025, 5, 15))) == V{1, 1, 0, 0, 0, 1, 1});
  reopen_task(t, ymd(2025, 6, 2), "政策已出台");
  CHECK(v(count(t, ymd(2025, 6, 1), ymd(2025, 6, 30))) == V{1, 0, 0, 0, 0, 1, 1});
}

TEST_CASE("count_task: the totals over a set of tasks") {
  std::vector<Task> ts;
  ts.push_back(make_task("2025-0001", ymd(2025, 4, 1), ymd(2025, 5, 15)));  // closed on time
  close_task(ts.back(), ymd(2025, 5, 15), "", "");
  ts.push_back(make_task("2025-0002", ymd(2025, 5, 6), ymd(2025, 5, 13)));  // closed late
  close_task(ts.back(), ymd(2025, 5, 20), "", "");
  ts.push_back(make_task("2025-0003", ymd(2025, 4, 15), ymd(2025, 5, 30)));  // open, overdue
  ts.push_back(make_task("2025-0004", ymd(2025, 5, 12), ymd(2025, 6, 30)));  // open
  ts.push_back(make_task("2025-0005", ymd(2025, 1, 6), ymd(2025, 2, 28)));   // closed before
  close_task(ts.back(), ymd(2025, 2, 20), "", "");
  ts.push_back(make_task("2025-0006", ymd(2025, 6, 2), ymd(2025, 6, 30)));  // created after
  ts.push_back(make_task("2025-0007", ymd(2025, 4, 2), ymd(2025, 7, 2)));   // cancelled
  cancel_task(ts.back(), ymd(2025, 4, 20), "");
  Metrics m = count_all(ts, k_may1, k_may31);
  CHECK(v(m) == V{4, 2, 2, 1, 1, 2, 1});
  REQUIRE(m.completion_rate().has_value());
  CHECK(*m.completion_rate() == doctest::Approx(0.5));
  REQUIRE(m.on_time_rate().has_value());
  CHECK(*m.on_time_rate() == doctest::Approx(1.0 / 3));
}

// The definitions of SPEC §9 make every task in `total` either closed in the
// period or open at its end. A task that was closed before the period and is
// reopened within it is work of the period: it belongs in `total`.
TEST_CASE("count_task: closed before the period and reopened within it is in total") {
  Task t = make_task("2025-0001", ymd(2025, 3, 1), ymd(2025, 3, 31));
  close_task(t, ymd(2025, 3, 20), "", "");
  return_task(t, ymd(2025, 4, 10), "不合格");
  const Date apr1 = ymd(2025, 4, 1);
  const Date apr30 = ymd(2025, 4, 30);
  Metrics open = count(t, apr1, apr30);
  CHECK(open.open == 1);
  CHECK(open.total == 1);
  CHECK(open.total == open.closed + open.open);

  close_task(t, ymd(2025, 4, 20), "", "");
  Metrics reclosed = count(t, apr1, apr30);
  CHECK(reclosed.closed == 1);
  CHECK(reclosed.closed_late == 1);
  CHECK(reclosed.total == 1);
  CHECK(reclosed.total == reclosed.closed + reclosed.open);

  // with a second task the completion rate would otherwise pass 100%
  std::vector<Task> ts{t, make_task("2025-0002", ymd(2025, 4, 2), ymd(2025, 4, 30))};
  close_task(ts.back(), ymd(2025, 4, 25), "", "");
  Metrics both = count_all(ts, apr1, apr30);
  CHECK(both.total == 2);
  REQUIRE(both.completion_rate().has_value());
  CHECK(*both.completion_rate() <= 1.0);
}

// ---------------------------------------------------------------- rates

TEST_CASE("rates: zero denominators give no rate") {
  Metrics m;
  CHECK_FALSE(m.completion_rate().has_value());
  CHECK_FALSE(m.on_time_rate().has_value());
  // open tasks that are not overdue: a completion rate of 0, no on-time rate
  m.total = 2;
  m.open = 2;
  REQUIRE(m.completion_rate().has_value());
  CHECK(*m.completion_rate() == 0.0);
  CHECK_FALSE(m.on_time_rate().has_value());
  // an overdue task alone gives an on-time rate of 0
  m.overdue = 1;
  REQUIRE(m.on_time_rate().has_value());
  CHECK(*m.on_time_rate() == 0.0);
}

TEST_CASE("rates: completion = closed / total, on time = closed_on_time / (closed + overdue)") {
  Metrics m;
  m.total = 9;
  m.closed = 3;
  m.closed_on_time = 2;
  m.closed_late = 1;
  m.open = 6;
  m.overdue = 1;
  CHECK(*m.completion_rate() == doctest::Approx(1.0 / 3));
  CHECK(*m.on_time_rate() == doctest::Approx(0.5));
}

TEST_CASE("rates: Metrics += adds every count") {
  Metrics a;
  a.total = 1;
  a.new_tasks = 2;
  a.closed = 3;
  a.closed_on_time = 4;
  a.closed_late = 5;
  a.open = 6;
  a.overdue = 7;
  Metrics b = a;
  b += a;
  CHECK(v(b) == V{2, 4, 6, 8, 10, 12, 14});
}

TEST_CASE("format_rate: one decimal and a percent sign, — without a denominator") {
  CHECK(format_rate(std::nullopt) == "—");
  CHECK(format_rate(0.0) == "0.0%");
  CHECK(format_rate(1.0) == "100.0%");
  CHECK(format_rate(1.0 / 3) == "33.3%");
  CHECK(format_rate(2.0 / 3) == "66.7%");
  CHECK(format_rate(5.0 / 11) == "45.5%");
  CHECK(format_rate(0.875) == "87.5%");
}

// ---------------------------------------------------------------- group_key

TEST_CASE("group_key: by unit through aliases") {
  const Units units = sample_units();
  Task t = make_task("2025-0001", ymd(2025, 3, 1), ymd(2025, 3, 31), "");
  t.lead = "发改委";  // a hand-edited file naming the unit by an alias
  CHECK(group_key(t, GroupBy::unit, units, t.lead) == "市发改委");
  t.lead = "市发展和改革委员会";
  CHECK(group_key(t, GroupBy::unit, units, t.lead) == "市发改委");
  t.lead = "市发改委";
  CHECK(group_key(t, GroupBy::unit, units, t.lead) == "市发改委");
  t.lead = "东区";
  CHECK(group_key(t, GroupBy::unit, units, t.lead) == "城东区");
  t.lead = "市不存在局";  // unknown: kept as written
  CHECK(group_key(t, GroupBy::unit, units, t.lead) == "市不存在局");
  t.lead = "";
  CHECK(group_key(t, GroupBy::unit, units, t.lead) == "");
}

TEST_CASE("group_key: a renamed unit collects its old tasks") {
  Units units = sample_units();
  units.rename("市发改委", "市发展改革委");
  Task t = make_task("2025-0001", ymd(2025, 3, 1), ymd(2025, 3, 31), "市发改委");
  CHECK(group_key(t, GroupBy::unit, units, t.lead) == "市发展改革委");
}

TEST_CASE("group_key: by kind, leader and owner; empty when unset") {
  const Units units = sample_units();
  Task t = make_task("2025-0001", ymd(2025, 3, 1), ymd(2025, 3, 31), "市住建局", "meeting");
  CHECK(group_key(t, GroupBy::kind, units, t.lead) == "meeting");
  CHECK(group_key(t, GroupBy::leader, units, t.lead) == "");
  CHECK(group_key(t, GroupBy::owner, units, t.lead) == "");
  t.leader = "王副市长";
  t.owner = "赵磊";
  CHECK(group_key(t, GroupBy::leader, units, t.lead) == "王副市长");
  CHECK(group_key(t, GroupBy::owner, units, t.lead) == "赵磊");
}

// ---------------------------------------------------------------- build_report

namespace {

// May 2025 in miniature: three units, one alias, every kind of fate.
std::vector<Task> may_tasks() {
  std::vector<Task> ts;
  // 市发改委: closed on time; closed late; open overdue
  ts.push_back(make_task("2025-0001", ymd(2025, 4, 1), ymd(2025, 5, 15), "市发改委"));
  close_task(ts.back(), ymd(2025, 5, 10), "", "");
  ts.push_back(make_task("2025-0002", ymd(2025, 5, 2), ymd(2025, 5, 12), "市发改委"));
  close_task(ts.back(), ymd(2025, 5, 14), "", "");
  ts.push_back(make_task("2025-0003", ymd(2025, 5, 2), ymd(2025, 5, 20), "市发改委"));
  ts.back().lead = "发改委";  // stored under an alias by a hand edit
  // 市住建局: closed on time (extended)
  ts.push_back(make_task("2025-0004", ymd(2025, 3, 3), ymd(2025, 4, 30), "市住建局"));
  extend_task(ts.back(), ymd(2025, 4, 25), ymd(2025, 5, 31), "");
  close_task(ts.back(), ymd(2025, 5, 31), "", "");
  // 城东区: open, not overdue
  ts.push_back(make_task("2025-0005", ymd(2025, 5, 20), ymd(2025, 6, 20), "城东区"));
  // nowhere: cancelled, created after, closed before
  ts.push_back(make_task("2025-0006", ymd(2025, 5, 2), ymd(2025, 5, 12), "城东区"));
  cancel_task(ts.back(), ymd(2025, 5, 3), "");
  ts.push_back(make_task("2025-0007", ymd(2025, 6, 2), ymd(2025, 6, 12), "城东区"));
  ts.push_back(make_task("2025-0008", ymd(2025, 1, 2), ymd(2025, 2, 12), "市住建局"));
  close_task(ts.back(), ymd(2025, 2, 10), "", "");
  return ts;
}

}  // namespace

TEST_CASE("build_report: totals, groups through aliases, order by on-time rate") {
  const std::vector<Task> ts = may_tasks();
  const Report r = report_of(ts, k_may1, k_may31);
  CHECK(r.from == k_may1);
  CHECK(r.to == k_may31);
  CHECK(r.by == GroupBy::unit);
  CHECK(v(r.totals) == V{5, 3, 3, 2, 1, 2, 1});

  const GroupMetrics* fgw = group(r, "市发改委");
  REQUIRE(fgw);
  CHECK(v(fgw->metrics) == V{3, 2, 2, 1, 1, 1, 1});
  CHECK(group(r, "发改委") == nullptr);
  const GroupMetrics* zjj = group(r, "市住建局");
  REQUIRE(zjj);
  CHECK(v(zjj->metrics) == V{1, 0, 1, 1, 0, 0, 0});
  const GroupMetrics* cdq = group(r, "城东区");
  REQUIRE(cdq);
  CHECK(v(cdq->metrics) == V{1, 1, 0, 0, 0, 1, 0});

  // 市住建局 100%, 市发改委 1/3, 城东区 no rate (last)
  std::vector<std::string> keys;
  for (const GroupMetrics& g : r.groups) {
    keys.push_back(g.key);
  }
  CHECK(keys == std::vector<std::string>{"市住建局", "市发改委", "城东区"});

  Metrics sum;
  for (const GroupMetrics& g : r.groups) {
    sum += g.metrics;
  }
  CHECK(v(sum) == v(r.totals));
}

TEST_CASE("build_report: the overdue list at the period's end, most overdue first") {
  std::vector<Task> ts;
  ts.push_back(make_task("2025-0002", ymd(2025, 4, 1), ymd(2025, 5, 20)));
  ts.push_back(make_task("2025-0001", ymd(2025, 4, 1), ymd(2025, 5, 20)));
  ts.push_back(make_task("2025-0003", ymd(2025, 4, 1), ymd(2025, 5, 2)));
  ts.push_back(
      make_task("2025-0004", ymd(2025, 4, 1), ymd(2025, 5, 31)));  // due on `to`: not overdue
  ts.push_back(make_task("2025-0005", ymd(2025, 4, 1), ymd(2025, 5, 10)));  // extended after `to`
  extend_task(ts.back(), ymd(2025, 6, 3), ymd(2025, 6, 30), "");
  const Report r = report_of(ts, k_may1, k_may31);
  REQUIRE(r.overdue.size() == 4);
  CHECK(r.overdue[0].task->id == "2025-0003");
  CHECK(r.overdue[0].days_overdue == 29);
  CHECK(r.overdue[0].due == ymd(2025, 5, 2));
  CHECK(r.overdue[1].task->id == "2025-0005");
  CHECK(r.overdue[1].due == ymd(2025, 5, 10));  // the deadline in force on 05-31
  CHECK(r.overdue[1].days_overdue == 21);
  CHECK(r.overdue[2].task->id == "2025-0001");
  CHECK(r.overdue[2].days_overdue == 11);
  CHECK(r.overdue[3].task->id == "2025-0002");
  CHECK(r.totals.overdue == 4);
}

TEST_CASE(
    "build_report: an overdue task carries the escalation level reached by the period's end") {
  const Config config = default_config();
  std::vector<Task> ts;
  ts.push_back(make_task("2025-0001", ymd(2025, 4, 1), ymd(2025, 5, 2)));
  escalate_task(ts.back(), ymd(2025, 5, 10), config, "超期");
  escalate_task(ts.back(), ymd(2025, 6, 5), config, "仍未办结");  // after `to`: not counted
  ts.push_back(make_task("2025-0002", ymd(2025, 4, 1), ymd(2025, 5, 20)));
  const Report r = report_of(ts, k_may1, k_may31);
  REQUIRE(r.overdue.size() == 2);
  CHECK(r.overdue[0].task->id == "2025-0001");
  CHECK(r.overdue[0].escalation == 1);
  CHECK(r.overdue[0].escalation == state_at(ts[0], k_may31).escalation);
  CHECK(r.overdue[1].task->id == "2025-0002");
  CHECK(r.overdue[1].escalation == 0);
  // A later period sees the second level.
  const Report june = report_of(ts, ymd(2025, 6, 1), ymd(2025, 6, 30));
  REQUIRE(!june.overdue.empty());
  CHECK(june.overdue[0].task->id == "2025-0001");
  CHECK(june.overdue[0].escalation == 2);
}

TEST_CASE("build_report: a unit is flagged at late_threshold late closures in the year") {
  std::vector<Task> ts;
  auto late = [&](const std::string& id, const std::string& lead, Date created, Date closed) {
    ts.push_back(make_task(id, created, created.plus_days(5), lead, "hotline"));
    close_task(ts.back(), closed, "", "");
  };
  late("2025-0001", "城东区", ymd(2025, 5, 6), ymd(2025, 5, 20));
  late("2025-0002", "城东区", ymd(2025, 2, 6), ymd(2025, 2, 20));  // before the period, same year
  late("2024-0003", "城东区", ymd(2024, 12, 6),
       ymd(2025, 1, 20));  // registered last year, closed this year
  late("2025-0004", "市住建局", ymd(2025, 5, 6), ymd(2025, 5, 20));
  late("2025-0005", "市住建局", ymd(2025, 5, 8), ymd(2025, 5, 22));
  late("2024-0006", "市住建局", ymd(2024, 5, 8), ymd(2024, 5, 22));  // last year: does not count
  // closed late after `to`: does not count yet
  ts.push_back(make_task("2025-0007", ymd(2025, 5, 6), ymd(2025, 5, 11), "市住建局"));
  close_task(ts.back(), ymd(2025, 6, 2), "", "");

  Config config = default_config();
  REQUIRE(config.late_threshold == 3);
  Report r = report_of(ts, k_may1, k_may31, GroupBy::unit, config);
  REQUIRE(r.flagged.size() == 1);
  CHECK(r.flagged[0].unit == "城东区");
  CHECK(r.flagged[0].late_closures == 3);

  // with the closing in June, 市住建局 reaches 3 too; more late closures first
  r = report_of(ts, ymd(2025, 6, 1), ymd(2025, 6, 30), GroupBy::unit, config);
  REQUIRE(r.flagged.size() == 2);

  config.late_threshold = 2;
  r = report_of(ts, k_may1, k_may31, GroupBy::unit, config);
  REQUIRE(r.flagged.size() == 2);
  CHECK(r.flagged[0].unit == "城东区");
  CHECK(r.flagged[0].late_closures == 3);
  CHECK(r.flagged[1].unit == "市住建局");
  CHECK(r.flagged[1].late_closures == 2);

  config.late_threshold = 4;
  r = report_of(ts, k_may1, k_may31, GroupBy::unit, config);
  CHECK(r.flagged.empty());
}

TEST_CASE("build_report: flagged units are counted through aliases, whatever the grouping") {
  std::vector<Task> ts;
  for (int i = 1; i <= 3; ++i) {
    ts.push_back(
        make_task("2025-000" + std::to_string(i), ymd(2025, 5, i), ymd(2025, 5, 10 + i), "城东区"));
    close_task(ts.back(), ymd(2025, 5, 20 + i), "", "");
  }
  ts[1].lead = "东区";
  const Report r = report_of(ts, k_may1, k_may31, GroupBy::kind);
  REQUIRE(r.flagged.size() == 1);
  CHECK(r.flagged[0].unit == "城东区");
  CHECK(r.flagged[0].late_closures == 3);
}

TEST_CASE(
    "build_report: satisfaction of rated proposals and hotline tickets closed in the period") {
  std::vector<Task> ts;
  auto proposal = [&](const std::string& id, const std::string& kind, Date closed,
                      const std::string& rating) {
    ts.push_back(make_task(id, ymd(2025, 3, 20), ymd(2025, 6, 20), "市住建局", kind));
    close_task(ts.back(), closed, "", rating);
  };
  proposal("2025-0001", "npc", ymd(2025, 5, 10), "满意");
  proposal("2025-0002", "cppcc", ymd(2025, 5, 11), "满意");
  proposal("2025-0003", "cppcc", ymd(2025, 5, 12), "基本满意");
  proposal("2025-0004", "npc", ymd(2025, 5, 13), "不满意");
  proposal("2025-0005", "npc", ymd(2025, 4, 13), "不满意");  // closed before the period
  proposal("2025-0006", "npc", ymd(2025, 5, 14), "");        // not rated
  proposal("2025-0007", "npc", ymd(2025, 6, 14), "满意");    // closed after the period
  // returned, closed again with a better rating: the last closing counts
  proposal("2025-0008", "npc", ymd(2025, 5, 2), "不满意");
  return_task(ts.back(), ymd(2025, 5, 3), "答复不满意");
  close_task(ts.back(), ymd(2025, 5, 20), "", "基本满意");

  // hotline tickets are rated too (SPEC §9)
  proposal("2025-0009", "hotline", ymd(2025, 5, 15), "不满意");
  proposal("2025-0010", "hotline", ymd(2025, 5, 16), "满意");

  const Report r = report_of(ts, k_may1, k_may31);
  const Satisfaction& all = r.totals.satisfaction;
  CHECK(all.satisfied == 3);
  CHECK(all.basically_satisfied == 2);
  CHECK(all.dissatisfied == 2);
  CHECK(all.rated() == 7);
  REQUIRE(all.rate());
  CHECK(*all.rate() == doctest::Approx(5.0 / 7));
  // by kind, in duban.yaml's order of kinds: npc, cppcc, hotline
  REQUIRE(r.satisfaction.size() == 3);
  CHECK(r.satisfaction[0].kind == "npc");
  CHECK(r.satisfaction[0].satisfaction.rated() == 3);  // 0001, 0004, 0008 (last closing: 基本满意)
  CHECK(r.satisfaction[0].satisfaction.basically_satisfied == 1);
  CHECK(r.satisfaction[1].kind == "cppcc");
  CHECK(*r.satisfaction[1].satisfaction.rate() == doctest::Approx(1.0));
  CHECK(r.satisfaction[2].kind == "hotline");
  CHECK(r.satisfaction[2].satisfaction.satisfied == 1);
  CHECK(r.satisfaction[2].satisfaction.dissatisfied == 1);
  CHECK(*r.satisfaction[2].satisfaction.rate() == doctest::Approx(0.5));
  // the group holds the same ratings
  REQUIRE(r.groups.size() == 1);
  CHECK(r.groups[0].metrics.satisfaction.rated() == 7);

  // nothing rated in a period: empty, and no rate
  const Report july = report_of(ts, ymd(2025, 7, 1), ymd(2025, 7, 31));
  CHECK(july.satisfaction.empty());
  CHECK_FALSE(july.totals.satisfaction.rate());
}

TEST_CASE("Satisfaction: only the three ratings count") {
  Satisfaction s;
  CHECK(s.add("满意"));
  CHECK(s.add("基本满意"));
  CHECK(s.add("不满意"));
  CHECK_FALSE(s.add(""));
  CHECK_FALSE(s.add("很满意"));
  CHECK(s.rated() == 3);
  CHECK(*s.rate() == doctest::Approx(2.0 / 3));
}

TEST_CASE("build_report: leaders count instructions only") {
  std::vector<Task> ts;
  ts.push_back(make_task("2025-0001", ymd(2025, 5, 2), ymd(2025, 5, 20)));
  ts.back().leader = "张市长";
  ts.push_back(make_task("2025-0002", ymd(2025, 5, 2), ymd(2025, 6, 20)));
  ts.back().leader = "张市长";
  close_task(ts.back(), ymd(2025, 5, 9), "", "");
  ts.push_back(make_task("2025-0003", ymd(2025, 5, 2), ymd(2025, 6, 20), "市发改委", "meeting"));
  ts.back().leader = "王副市长";  // a meeting decision: not an instruction
  ts.push_back(make_task("2025-0004", ymd(2025, 5, 2), ymd(2025, 6, 20)));  // no leader
  const Report r = report_of(ts, k_may1, k_may31);
  REQUIRE(r.leaders.size() == 1);
  CHECK(r.leaders[0].leader == "张市长");
  CHECK(v(r.leaders[0].metrics) == V{2, 2, 1, 1, 0, 1, 1});
}

TEST_CASE("build_report: grouping by kind, leader and owner") {
  std::vector<Task> ts;
  ts.push_back(make_task("2025-0001", ymd(2025, 5, 2), ymd(2025, 5, 20), "市发改委", "hotline"));
  ts.back().owner = "李明";
  ts.push_back(make_task("2025-0002", ymd(2025, 5, 2), ymd(2025, 6, 20), "市住建局", "hotline"));
  ts.back().leader = "张市长";
  ts.push_back(make_task("2025-0003", ymd(2025, 5, 2), ymd(2025, 6, 20), "市住建局", "npc"));
  ts.back().owner = "李明";
  Report r = report_of(ts, k_may1, k_may31, GroupBy::kind);
  REQUIRE(r.groups.size() == 2);
  REQUIRE(group(r, "hotline"));
  CHECK(v(group(r, "hotline")->metrics) == V{2, 2, 0, 0, 0, 2, 1});
  CHECK(v(group(r, "npc")->metrics) == V{1, 1, 0, 0, 0, 1, 0});
  r = report_of(ts, k_may1, k_may31, GroupBy::leader);
  REQUIRE(group(r, "张市长"));
  REQUIRE(group(r, ""));
  CHECK(group(r, "")->metrics.total == 2);
  r = report_of(ts, k_may1, k_may31, GroupBy::owner);
  REQUIRE(group(r, "李明"));
  CHECK(group(r, "李明")->metrics.total == 2);
  CHECK(group(r, "")->metrics.total == 1);
}

// A group all of whose tasks were closed before the period (or are otherwise
// outside it) has nothing to report: no row of zeros in the bulletin, and no
// row of zeros for a leader either.
TEST_CASE("build_report: groups and leaders with nothing in the period are left out") {
  std::vector<Task> ts;
  ts.push_back(make_task("2025-0001", ymd(2025, 5, 2), ymd(2025, 5, 20), "市发改委"));
  ts.push_back(make_task("2025-0002", ymd(2025, 1, 2), ymd(2025, 1, 20), "市住建局"));
  ts.back().leader = "李书记";
  close_task(ts.back(), ymd(2025, 1, 15), "", "");
  const Report r = report_of(ts, k_may1, k_may31);
  CHECK(group(r, "市住建局") == nullptr);
  CHECK(r.groups.size() == 1);
  CHECK(r.leaders.empty());
}

TEST_CASE("build_report: no tasks gives zero totals and no rates") {
  const Report r = report_of({}, k_may1, k_may31);
  CHECK(v(r.totals) == V{0, 0, 0, 0, 0, 0, 0});
  CHECK_FALSE(r.totals.completion_rate().has_value());
  CHECK_FALSE(r.totals.on_time_rate().has_value());
  CHECK(r.groups.empty());
  CHECK(r.flagged.empty());
  CHECK(r.overdue.empty());
  CHECK(r.scores.empty());
}

TEST_CASE("build_report: no scores without scoring rules") {
  const std::vector<Task> ts = may_tasks();
  Config config = default_config();
  REQUIRE_FALSE(config.scoring.has_value());
  CHECK(report_of(ts, k_may1, k_may31, GroupBy::unit, config).scores.empty());
}

TEST_CASE("build_report: scores per unit when scoring rules are set") {
  Config config = default_config();
  config.scoring = ScoringRules{100, 2, 5, 3};
  std::vector<Task> ts;
  // 城东区: two late closures this year, one escalated (level 2) overdue task
  for (int i = 1; i <= 2; ++i) {
    ts.push_back(
        make_task("2025-000" + std::to_string(i), ymd(2025, 5, i), ymd(2025, 5, 10), "城东区"));
    close_task(ts.back(), ymd(2025, 5, 20), "", "");
  }
  ts.push_back(make_task("2025-0003", ymd(2025, 4, 1), ymd(2025, 4, 30), "东区"));
  escalate_task(ts.back(), ymd(2025, 5, 5), config, "");
  escalate_task(ts.back(), ymd(2025, 5, 25), config, "");
  escalate_task(ts.back(), ymd(2025, 6, 25), config, "");  // after `to`: level 2 at 05-31
  // 市住建局: closed on time, one overdue but suspended (not counted)
  ts.push_back(make_task("2025-0004", ymd(2025, 4, 1), ymd(2025, 5, 30), "市住建局"));
  close_task(ts.back(), ymd(2025, 5, 30), "", "");
  ts.push_back(make_task("2025-0005", ymd(2025, 4, 1), ymd(2025, 5, 10), "市住建局"));
  suspend_task(ts.back(), ymd(2025, 5, 12), "");
  // 市发改委: one overdue
  ts.push_back(make_task("2025-0006", ymd(2025, 4, 1), ymd(2025, 5, 10), "市发改委"));
  // cancelled: no effect
  ts.push_back(make_task("2025-0007", ymd(2025, 4, 1), ymd(2025, 4, 10), "市发改委"));
  cancel_task(ts.back(), ymd(2025, 4, 12), "");

  const Report r = report_of(ts, k_may1, k_may31, GroupBy::unit, config);
  REQUIRE(r.scores.size() == 3);
  CHECK(r.scores[0].unit == "市住建局");
  CHECK(r.scores[0].score == doctest::Approx(100));
  CHECK(r.scores[1].unit == "市发改委");
  CHECK(r.scores[1].score == doctest::Approx(95));
  CHECK(r.scores[1].overdue == 1);
  CHECK(r.scores[2].unit == "城东区");
  CHECK(r.scores[2].late_closures == 2);
  CHECK(r.scores[2].overdue == 1);
  CHECK(r.scores[2].escalation_levels == 2);
  CHECK(r.scores[2].score == doctest::Approx(100 - 2 * 2 - 5 - 3 * 2));
}

// ---------------------------------------------------------------- JSON of a report

TEST_CASE("render_report_json: rates without a denominator are null") {
  Config config = default_config();
  Calendar calendar;
  std::vector<Task> ts;
  ts.push_back(make_task("2025-0001", ymd(2025, 5, 2), ymd(2025, 6, 20)));  // open, not overdue
  const Report r = report_of(ts, k_may1, k_may31, GroupBy::unit, config);
  const TaskViewContext view{config, calendar, Lang::zh, false};
  const std::string json = render_report_json(r, view);
  CHECK(json.find("\"on_time_rate\": null") != std::string::npos);
  CHECK(json.find("\"completion_rate\": 0") != std::string::npos);
  CHECK(json.find("\"from\": \"2025-05-01\"") != std::string::npos);
  CHECK(json.find("\"by\": \"unit\"") != std::string::npos);

  const Report empty = report_of({}, k_may1, k_may31, GroupBy::unit, config);
  const std::string none = render_report_json(empty, view);
  CHECK(none.find("\"completion_rate\": null") != std::string::npos);
  CHECK(none.find("\"on_time_rate\": null") != std::string::npos);
  CHECK(none.find("\"groups\": []") != std::string::npos);
}

TEST_CASE("render_report_text: rates without a denominator print as —") {
  Config config = default_config();
  Calendar calendar;
  const Report empty = report_of({}, k_may1, k_may31, GroupBy::unit, config);
  const TaskViewContext view{config, calendar, Lang::zh, false};
  const std::string text = render_report_text(empty, view, ReportHeading{});
  CHECK(text.find("办结率 —，按时办结率 —") != std::string::npos);
}
