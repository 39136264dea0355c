// last_feedback_day, is_feedback_late, assigned_on and build_overdue_list
// (SPEC §8) on hand-built tasks. Every expected date, set and count below is
// worked out by hand from the definitions and the 2025 calendar
// (CALENDAR.md: National Day 10-01 … 10-08 off; Sunday 09-28 and Saturday
// 10-11 are working days).
#include <doctest/doctest.h>

#include <algorithm>
#include <initializer_list>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "core/calendar.hpp"
#include "core/config.hpp"
#include "core/light.hpp"
#include "core/overdue.hpp"
#include "core/task.hpp"
#include "core/units.hpp"
#include "helpers.hpp"

using namespace duban;

namespace {

Date d(int y, int m, int day) {
  return Date::from_ymd(y, m, day);
}

std::string iso_or_none(const std::optional<Date>& x) {
  return x ? x->iso() : "none";
}

Calendar calendar_2025() {
  return testing::shipped_calendar({2025});
}

LogEntry entry(Date date, const std::string& type) {
  return LogEntry{date, type, {}, {}};
}

LogEntry assign_entry(Date date, const std::string& to) {
  LogEntry e = entry(date, "assign");
  e.set("to", to);
  return e;
}

LogEntry progress_entry(Date date) {
  LogEntry e = entry(date, "progress");
  e.set("text", "进展");
  return e;
}

LogEntry escalate_entry(Date date, int level) {
  LogEntry e = entry(date, "escalate");
  e.set_number("level", level);
  return e;
}

// An assigned task led by `lead`, registered and assigned on `assigned`.
Task task(const std::string& id, const std::string& lead, std::optional<Date> due, Date assigned) {
  Task t;
  t.id = id;
  t.title = "事项" + id;
  t.kind = "instruction";
  t.lead = lead;
  t.created = assigned;
  t.due = due;
  t.status = Status::assigned;
  t.log.push_back(assign_entry(assigned, lead));
  return t;
}

Units chase_units() {
  Unit water{"市水务局", "", {"水务局"}, "department", "孙丽", "0571-87006688"};
  Unit housing{"市住建局", "", {"住建局"}, "department", "刘洋", "0571-87003458"};
  Unit dev{"市发改委", "", {"发改委"}, "department", "王芳", "0571-87001234"};
  Unit east{"城东区", "", {"东区"}, "county", "钱伟", "0571-86001111"};
  return Units({water, housing, dev, east});
}

std::vector<std::string> ids_of(const OverdueList& l) {
  std::vector<std::string> out;
  for (const OverdueItem& i : l.items) {
    out.push_back(i.task->id);
  }
  return out;
}

const OverdueItem* item_of(const OverdueList& l, const std::string& id) {
  for (const OverdueItem& i : l.items) {
    if (i.task->id == id) {
      return &i;
    }
  }
  return nullptr;
}

std::vector<const Task*> ptrs(const std::vector<Task>& tasks) {
  std::vector<const Task*> out;
  for (const Task& t : tasks) {
    out.push_back(&t);
  }
  return out;
}

}  // namespace

// ---------------------------------------------------------------- last_feedback_day

TEST_CASE("last_feedback_day: weekly is the Friday on or before the date, moved off rest days") {
  const Config c = default_config();
  const Calendar cal = calendar_2025();
  // 2025-10-10 is a Friday (2025-10-01 is a Wednesday).
  CHECK(iso_or_none(last_feedback_day("weekly", d(2025, 10, 10), c, cal)) == "2025-10-10");
  CHECK(iso_or_none(last_feedback_day("weekly", d(2025, 10, 11), c, cal)) ==
        "2025-10-10");  // Saturday
  CHECK(iso_or_none(last_feedback_day("weekly", d(2025, 10, 12), c, cal)) ==
        "2025-10-10");  // Sunday
  CHECK(iso_or_none(last_feedback_day("weekly", d(2025, 10, 13), c, cal)) ==
        "2025-10-10");  // Monday
  CHECK(iso_or_none(last_feedback_day("weekly", d(2025, 10, 16), c, cal)) ==
        "2025-10-10");  // Thursday
  CHECK(iso_or_none(last_feedback_day("weekly", d(2025, 10, 17), c, cal)) == "2025-10-17");
  // Friday 10-03 lies inside the National Day holiday: it moves to Thursday 10-09,
  // the first working day after it, so 09-26 stays the last one until then.
  CHECK(iso_or_none(last_feedback_day("weekly", d(2025, 10, 3), c, cal)) == "2025-09-26");
  CHECK(iso_or_none(last_feedback_day("weekly", d(2025, 10, 5), c, cal)) == "2025-09-26");
  CHECK(iso_or_none(last_feedback_day("weekly", d(2025, 10, 8), c, cal)) == "2025-09-26");
  CHECK(iso_or_none(last_feedback_day("weekly", d(2025, 10, 9), c, cal)) == "2025-10-09");
  // Across a month and a year boundary.
  CHECK(iso_or_none(last_feedback_day("weekly", d(2025, 10, 2), c, cal)) == "2025-09-26");
  CHECK(iso_or_none(last_feedback_day("weekly", d(2026, 1, 1), c, cal)) == "2025-12-26");
}

TEST_CASE("last_feedback_day: monthly is the 5th on or before the date, moved off rest days") {
  const Config c = default_config();
  const Calendar cal = calendar_2025();
  // 10-05 is a holiday: October's feedback day is Thursday 10-09.
  CHECK(iso_or_none(last_feedback_day("monthly", d(2025, 10, 5), c, cal)) == "2025-09-05");
  CHECK(iso_or_none(last_feedback_day("monthly", d(2025, 10, 8), c, cal)) == "2025-09-05");
  CHECK(iso_or_none(last_feedback_day("monthly", d(2025, 10, 9), c, cal)) == "2025-10-09");
  CHECK(iso_or_none(last_feedback_day("monthly", d(2025, 10, 4), c, cal)) == "2025-09-05");
  CHECK(iso_or_none(last_feedback_day("monthly", d(2025, 10, 31), c, cal)) == "2025-10-09");
  CHECK(iso_or_none(last_feedback_day("monthly", d(2025, 3, 1), c, cal)) == "2025-02-05");
  // 2025-01-05 is a Sunday: Monday 01-06.
  CHECK(iso_or_none(last_feedback_day("monthly", d(2025, 1, 5), c, cal)) == "2024-12-05");
  CHECK(iso_or_none(last_feedback_day("monthly", d(2025, 1, 6), c, cal)) == "2025-01-06");
  CHECK(iso_or_none(last_feedback_day("monthly", d(2026, 1, 4), c, cal)) == "2025-12-05");
}

TEST_CASE("last_feedback_day: no cadence, no feedback day") {
  const Config c = default_config();
  CHECK_FALSE(last_feedback_day("", d(2025, 10, 13), c, calendar_2025()).has_value());
}

TEST_CASE("last_feedback_day: follows the configured weekday and day of month") {
  Config c = default_config();
  const Calendar cal = calendar_2025();
  c.weekly_feedback_weekday = 1;  // Monday
  c.monthly_feedback_day = 10;
  CHECK(iso_or_none(last_feedback_day("weekly", d(2025, 10, 13), c, cal)) == "2025-10-13");
  // Monday 10-06 is a holiday, moved to 10-09.
  CHECK(iso_or_none(last_feedback_day("weekly", d(2025, 10, 12), c, cal)) == "2025-10-09");
  CHECK(iso_or_none(last_feedback_day("weekly", d(2025, 10, 8), c, cal)) == "2025-09-29");
  CHECK(iso_or_none(last_feedback_day("monthly", d(2025, 10, 9), c, cal)) == "2025-09-10");
  CHECK(iso_or_none(last_feedback_day("monthly", d(2025, 10, 10), c, cal)) == "2025-10-10");
}

TEST_CASE(
    "last_ended_cycle: after the previous feedback day up to the last one; the first starts after "
    "assignment") {
  const Config c = default_config();
  const Calendar cal = calendar_2025();
  auto cycle = [&](const char* cadence, Date assigned, Date as_of) {
    auto x = last_ended_cycle(cadence, assigned, as_of, c, cal);
    return x ? x->first.iso() + ".." + x->last.iso() : std::string("none");
  };
  // Weekly, assigned Monday 09-22.
  CHECK(cycle("weekly", d(2025, 9, 22), d(2025, 9, 25)) == "none");
  CHECK(cycle("weekly", d(2025, 9, 22), d(2025, 9, 26)) == "2025-09-23..2025-09-26");
  CHECK(cycle("weekly", d(2025, 9, 22), d(2025, 10, 5)) == "2025-09-23..2025-09-26");
  // Friday 10-03 moved to Thursday 10-09; Friday 10-10 then ends a one-day cycle.
  CHECK(cycle("weekly", d(2025, 9, 22), d(2025, 10, 9)) == "2025-09-27..2025-10-09");
  CHECK(cycle("weekly", d(2025, 9, 22), d(2025, 10, 13)) == "2025-10-10..2025-10-10");
  CHECK(cycle("weekly", d(2025, 9, 22), d(2025, 10, 17)) == "2025-10-11..2025-10-17");
  // Assigned on a feedback day: that day ends no cycle of its own.
  CHECK(cycle("weekly", d(2025, 10, 10), d(2025, 10, 16)) == "none");
  CHECK(cycle("weekly", d(2025, 10, 10), d(2025, 10, 17)) == "2025-10-11..2025-10-17");
  // Monthly: 10-05 moved to 10-09.
  CHECK(cycle("monthly", d(2025, 8, 1), d(2025, 10, 5)) == "2025-08-06..2025-09-05");
  CHECK(cycle("monthly", d(2025, 8, 1), d(2025, 10, 9)) == "2025-09-06..2025-10-09");
  CHECK(cycle("monthly", d(2025, 8, 1), d(2025, 11, 5)) == "2025-10-10..2025-11-05");
  CHECK(cycle("monthly", d(2025, 10, 6), d(2025, 10, 9)) == "2025-10-07..2025-10-09");
  CHECK(cycle("", d(2025, 8, 1), d(2025, 11, 5)) == "none");
}

TEST_CASE("last_ended_cycle: two feedback days moved onto one working day end one cycle") {
  // A week-long closure over two Mondays (2025-03-03 and 03-10, both moved to 03-11).
  Config c = default_config();
  c.weekly_feedback_weekday = 1;
  Calendar cal;
  cal.add_year(2025, {Holiday{"closure", d(2025, 3, 1), d(2025, 3, 10), {}}});
  CHECK(iso_or_none(last_feedback_day("weekly", d(2025, 3, 10), c, cal)) == "2025-02-24");
  CHECK(iso_or_none(last_feedback_day("weekly", d(2025, 3, 11), c, cal)) == "2025-03-11");
  auto x = last_ended_cycle("weekly", d(2025, 2, 1), d(2025, 3, 12), c, cal);
  REQUIRE(x);
  CHECK(x->first == d(2025, 2, 25));
  CHECK(x->last == d(2025, 3, 11));
}

// ---------------------------------------------------------------- assigned_on

TEST_CASE("reply_by: reply_days working days after the date, past rest days") {
  const Calendar cal = calendar_2025();
  CHECK(reply_by(d(2025, 10, 13), cal, 3).iso() == "2025-10-16");  // Monday → Thursday
  CHECK(reply_by(d(2025, 9, 26), cal, 3).iso() == "2025-09-30");   // Sunday 09-28 works
  CHECK(reply_by(d(2025, 9, 30), cal, 1).iso() == "2025-10-09");   // 10-01 … 10-08 off
  CHECK(reply_by(d(2025, 10, 10), cal, 1).iso() == "2025-10-11");  // Saturday 10-11 works
  CHECK(reply_by(d(2025, 10, 13), cal, 0).iso() == "2025-10-13");
}

TEST_CASE("assigned_on: the first assign entry, nullopt when never assigned") {
  Task t;
  t.id = "2025-0007";
  t.created = d(2025, 9, 1);
  CHECK_FALSE(assigned_on(t).has_value());

  t.log.push_back(entry(d(2025, 9, 3), "note"));
  CHECK_FALSE(assigned_on(t).has_value());

  t.log.push_back(assign_entry(d(2025, 10, 6), "市住建局"));
  CHECK(iso_or_none(assigned_on(t)) == "2025-10-06");

  // 转办 to another unit later: still first handed over on 10-06.
  t.log.push_back(assign_entry(d(2025, 10, 20), "市发改委"));
  CHECK(iso_or_none(assigned_on(t)) == "2025-10-06");
}

// ---------------------------------------------------------------- is_feedback_late

TEST_CASE("is_feedback_late: weekly, the last ended cycle must hold a report") {
  const Config c = default_config();
  const Calendar cal = calendar_2025();
  Task t = task("2025-0005", "市城管局", d(2025, 11, 28), d(2025, 9, 22));  // assigned Monday 09-22
  t.cadence = "weekly";
  t.log.push_back(progress_entry(d(2025, 9, 26)));
  t.status = Status::active;

  CHECK_FALSE(is_feedback_late(t, d(2025, 9, 26), c, cal));  // reported on the feedback day itself
  CHECK_FALSE(is_feedback_late(t, d(2025, 10, 2), c, cal));  // last Friday still 09-26
  // Friday 10-03 is a holiday: its cycle ends on Thursday 10-09, nobody is late before.
  CHECK_FALSE(is_feedback_late(t, d(2025, 10, 3), c, cal));
  CHECK_FALSE(is_feedback_late(t, d(2025, 10, 8), c, cal));
  CHECK(is_feedback_late(t, d(2025, 10, 9), c, cal));
  CHECK(is_feedback_late(t, d(2025, 10, 13), c, cal));

  t.log.push_back(progress_entry(d(2025, 10, 10)));
  CHECK_FALSE(is_feedback_late(t, d(2025, 10, 13), c, cal));
  CHECK(is_feedback_late(t, d(2025, 10, 17), c, cal));
  // The report of 10-10 is not yet in the log as of 10-09.
  CHECK(is_feedback_late(t, d(2025, 10, 9), c, cal));
}

TEST_CASE("is_feedback_late: a report before the feedback day answers that cycle") {
  const Config c = default_config();
  const Calendar cal = calendar_2025();
  Task t = task("2025-0005", "市城管局", d(2025, 11, 28), d(2025, 9, 22));
  t.cadence = "weekly";
  t.status = Status::active;
  t.log.push_back(progress_entry(d(2025, 9, 25)));  // Thursday, for Friday 09-26
  CHECK_FALSE(is_feedback_late(t, d(2025, 9, 26), c, cal));
  CHECK_FALSE(is_feedback_late(t, d(2025, 10, 8), c, cal));
  CHECK(is_feedback_late(t, d(2025, 10, 9), c, cal));
  // A report in the cycle ending 10-09, on a holiday even, answers it.
  t.log.push_back(progress_entry(d(2025, 10, 2)));
  CHECK_FALSE(is_feedback_late(t, d(2025, 10, 9), c, cal));
  // A late report, after its cycle ended, answers the next one only.
  Task late = task("2025-0006", "市城管局", d(2025, 11, 28), d(2025, 9, 22));
  late.cadence = "weekly";
  late.log.push_back(progress_entry(d(2025, 9, 29)));
  CHECK(is_feedback_late(late, d(2025, 9, 26), c, cal));
  CHECK(is_feedback_late(late, d(2025, 9, 30), c, cal));
  CHECK_FALSE(is_feedback_late(late, d(2025, 10, 9), c, cal));
}

TEST_CASE("is_feedback_late: monthly, the 5th or the working day it moves to") {
  const Config c = default_config();
  const Calendar cal = calendar_2025();
  Task t = task("2025-0008", "市发改委", d(2025, 12, 31), d(2025, 8, 1));
  t.cadence = "monthly";
  CHECK(is_feedback_late(t, d(2025, 8, 5), c, cal));  // assigned 08-01, nothing by 08-05
  CHECK_FALSE(
      is_feedback_late(t, d(2025, 8, 4), c, cal));  // no cycle has ended since the assignment

  t.log.push_back(progress_entry(d(2025, 9, 5)));
  t.status = Status::active;
  CHECK_FALSE(is_feedback_late(t, d(2025, 9, 5), c, cal));
  CHECK_FALSE(is_feedback_late(t, d(2025, 10, 4), c, cal));
  CHECK_FALSE(is_feedback_late(t, d(2025, 10, 5), c, cal));  // a holiday: the 5th moves to 10-09
  CHECK_FALSE(is_feedback_late(t, d(2025, 10, 8), c, cal));
  CHECK(is_feedback_late(t, d(2025, 10, 9), c, cal));
  CHECK(is_feedback_late(t, d(2025, 10, 13), c, cal));
}

TEST_CASE(
    "is_feedback_late: the monthly report of 2026-09-04 answers September, National Day is no "
    "one's deadline") {
  const Config c = default_config();
  const Calendar cal = testing::shipped_calendar({2026});
  // 2026: 09-05 is a Saturday (→ Monday 09-07); 10-01 … 10-07 are off (→ Thursday 10-08).
  Task t = task("2026-0001", "甲局", d(2026, 12, 31), d(2026, 9, 1));
  t.cadence = "monthly";
  t.status = Status::active;
  t.log.push_back(progress_entry(d(2026, 9, 4)));
  for (Date day = d(2026, 9, 4); day <= d(2026, 10, 7); day = day.plus_days(1)) {
    CAPTURE(day.iso());
    CHECK_FALSE(is_feedback_late(t, day, c, cal));
  }
  CHECK(is_feedback_late(t, d(2026, 10, 8), c, cal));
  CHECK(is_feedback_late(t, d(2026, 10, 31), c, cal));
  t.log.push_back(progress_entry(d(2026, 10, 8)));
  CHECK_FALSE(is_feedback_late(t, d(2026, 10, 31), c, cal));
  CHECK(is_feedback_late(t, d(2026, 11, 5), c, cal));

  // Weekly: Friday 10-02 is a holiday and moves to 10-08; Friday 10-09 is a feedback day of its
  // own.
  Task w = task("2026-0002", "甲局", d(2026, 12, 31), d(2026, 9, 21));
  w.cadence = "weekly";
  w.log.push_back(progress_entry(d(2026, 9, 25)));
  for (Date day = d(2026, 9, 25); day <= d(2026, 10, 7); day = day.plus_days(1)) {
    CAPTURE(day.iso());
    CHECK_FALSE(is_feedback_late(w, day, c, cal));
  }
  CHECK(is_feedback_late(w, d(2026, 10, 8), c, cal));
  w.log.push_back(progress_entry(d(2026, 10, 8)));
  CHECK_FALSE(is_feedback_late(w, d(2026, 10, 8), c, cal));
  CHECK(is_feedback_late(w, d(2026, 10, 9), c, cal));
}

TEST_CASE("is_feedback_late: not judged before the task was assigned") {
  const Config c = default_config();
  const Calendar cal = calendar_2025();
  // Registered 09-01, first assigned on Monday 10-06 (a holiday), monthly.
  Task t;
  t.id = "2025-0007";
  t.lead = "市住建局";
  t.created = d(2025, 9, 1);
  t.due = d(2025, 12, 31);
  t.cadence = "monthly";
  t.status = Status::registered;
  CHECK_FALSE(is_feedback_late(t, d(2025, 10, 13), c, cal));  // never assigned
  t.status = Status::assigned;
  t.log.push_back(assign_entry(d(2025, 10, 6), "市住建局"));
  CHECK_FALSE(is_feedback_late(t, d(2025, 10, 5), c, cal));  // not yet assigned
  CHECK_FALSE(is_feedback_late(t, d(2025, 10, 8), c, cal));
  // October's 5th moved to 10-09, after the assignment: the first cycle is 10-07 … 10-09.
  CHECK(is_feedback_late(t, d(2025, 10, 9), c, cal));
  CHECK(is_feedback_late(t, d(2025, 11, 4), c, cal));
  // A report on the assignment day itself lies in no cycle.
  t.log.push_back(progress_entry(d(2025, 10, 6)));
  CHECK(is_feedback_late(t, d(2025, 10, 9), c, cal));

  // Weekly, assigned on the Friday itself: that Friday is not yet owed.
  Task w = task("2025-0006", "市城管局", d(2025, 11, 28), d(2025, 10, 10));
  w.cadence = "weekly";
  CHECK_FALSE(is_feedback_late(w, d(2025, 10, 10), c, cal));
  CHECK_FALSE(is_feedback_late(w, d(2025, 10, 12), c, cal));
  CHECK_FALSE(is_feedback_late(w, d(2025, 10, 16), c, cal));
  CHECK(is_feedback_late(w, d(2025, 10, 17), c, cal));
}

TEST_CASE(
    "is_feedback_late: no cadence, or done / cancelled / suspended on the day, is never late") {
  const Config c = default_config();
  const Calendar cal = calendar_2025();
  Task t = task("2025-0009", "市水务局", d(2025, 9, 19), d(2025, 9, 1));
  CHECK_FALSE(is_feedback_late(t, d(2025, 10, 13), c, cal));  // no cadence
  t.cadence = "weekly";
  CHECK(is_feedback_late(t, d(2025, 10, 13), c, cal));
  for (auto [type, status] :
       {std::pair{"done", Status::done}, std::pair{"cancel", Status::cancelled},
        std::pair{"suspend", Status::suspended}}) {
    CAPTURE(type);
    Task x = t;
    x.log.push_back(entry(d(2025, 10, 10), type));
    x.status = status;
    CHECK_FALSE(is_feedback_late(x, d(2025, 10, 13), c, cal));
    CHECK_FALSE(is_feedback_late(x, d(2025, 10, 10), c, cal));
    CHECK(is_feedback_late(x, d(2025, 10, 9), c, cal));  // as it stood before
    x.log.push_back(entry(d(2025, 10, 13), "reopen"));
    x.status = Status::active;
    // Reopened work starts its cycles again: not late the day it comes back,
    // late on Friday 10-17 when 10-14 … 10-17 holds no report.
    CHECK_FALSE(is_feedback_late(x, d(2025, 10, 13), c, cal));
    CHECK(is_feedback_late(x, d(2025, 10, 17), c, cal));
  }
}

// ---------------------------------------------------------------- build_overdue_list

namespace {

// The chase fixture in miniature (ids as in tests/fixtures/chase).
struct Chase {
  std::vector<Task> tasks;

  Chase() {
    // 0001 市水务局, due Friday 09-26.
    tasks.push_back(task("2025-0001", "市水务局", d(2025, 9, 26), d(2025, 9, 1)));
    tasks.back().listed = true;
    tasks.back().co = {"市住建局"};
    // 0002 市住建局, due 12-31; milestone 完成设计 09-30 unfinished, an earlier one reached.
    {
      Task t = task("2025-0002", "市住建局", d(2025, 12, 31), d(2025, 3, 3));
      t.kind = "work-report";
      t.milestones.push_back(Milestone{"完成改造方案", d(2025, 6, 30), d(2025, 6, 20), {}});
      t.milestones.push_back(Milestone{"完成设计", d(2025, 9, 30), std::nullopt, {}});
      t.log.push_back(progress_entry(d(2025, 6, 20)));
      t.status = Status::active;
      tasks.push_back(t);
    }
    // 0003 市发改委, due Monday 09-29.
    tasks.push_back(task("2025-0003", "市发改委", d(2025, 9, 29), d(2025, 9, 15)));
    tasks.back().kind = "meeting";
    // 0004 城东区 (stored by its alias 东区), due Wednesday 10-15.
    tasks.push_back(task("2025-0004", "东区", d(2025, 10, 15), d(2025, 10, 9)));
    tasks.back().kind = "hotline";
    // 0008 市发改委, monthly, last progress 09-05, due 12-31.
    tasks.push_back(task("2025-0008", "市发改委", d(2025, 12, 31), d(2025, 8, 1)));
    tasks.back().cadence = "monthly";
    tasks.back().log.push_back(progress_entry(d(2025, 9, 5)));
    tasks.back().status = Status::active;
    // 0009 suspended, 0010 cancelled, 0011 done: past due, weekly, silent.
    // The log says so (09-15), as duban writes it: the list reads the state from the log.
    for (auto [id, st, type] : {std::tuple{"2025-0009", Status::suspended, "suspend"},
                                std::tuple{"2025-0010", Status::cancelled, "cancel"},
                                std::tuple{"2025-0011", Status::done, "done"}}) {
      tasks.push_back(task(id, "市水务局", d(2025, 9, 19), d(2025, 9, 1)));
      tasks.back().cadence = "weekly";
      tasks.back().status = st;
      tasks.back().log.push_back(entry(d(2025, 9, 15), type));
    }
    // 0012 城东区, due Friday 08-29, at the top escalation level.
    tasks.push_back(task("2025-0012", "城东区", d(2025, 8, 29), d(2025, 8, 15)));
    tasks.back().escalation = 3;
    tasks.back().log.push_back(escalate_entry(d(2025, 9, 5), 1));
    tasks.back().log.push_back(escalate_entry(d(2025, 9, 12), 2));
    tasks.back().log.push_back(escalate_entry(d(2025, 9, 19), 3));
    // 0013 市水务局, due Monday 10-20.
    tasks.push_back(task("2025-0013", "市水务局", d(2025, 10, 20), d(2025, 9, 1)));
  }
};

OverdueOptions options(int yellow_days = 3, bool red_only = false, int escalate_after = 10) {
  OverdueOptions o;
  o.yellow_days = yellow_days;
  o.red_only = red_only;
  o.escalate_after_days = escalate_after;
  return o;
}

}  // namespace

TEST_CASE("build_overdue_list: as of Monday 2025-10-13, grouped by unit, most overdue first") {
  const Calendar cal = calendar_2025();
  const Config c = default_config();
  const Units u = chase_units();
  Chase ch;
  const OverdueList l = build_overdue_list(ptrs(ch.tasks), d(2025, 10, 13), c, cal, u, options());

  CHECK(l.as_of == d(2025, 10, 13));
  CHECK(l.red == 4);
  CHECK(l.yellow == 1);
  CHECK(l.feedback_late == 1);
  // 城东区 (0012: 45 days) · 市水务局 (0001: 17) · 市发改委 (0003: 14, then 0008 feedback late)
  // · 市住建局 (0002: 13, by its milestone).
  CHECK(ids_of(l) == std::vector<std::string>{"2025-0012", "2025-0004", "2025-0001", "2025-0003",
                                              "2025-0008", "2025-0002"});

  const OverdueItem* t12 = item_of(l, "2025-0012");
  REQUIRE(t12);
  CHECK(t12->lead == "城东区");
  CHECK(t12->lateness.light == Light::red);
  CHECK(t12->lateness.days_overdue == 45);
  // 22 weekdays of September + 09-28 + 10-09, 10-10, 10-11 + 10-13 itself
  CHECK(t12->lateness.workdays_overdue == 27);
  CHECK(t12->escalation == 3);
  CHECK_FALSE(t12->escalation_due);  // already at the top level

  const OverdueItem* t4 = item_of(l, "2025-0004");
  REQUIRE(t4);
  CHECK(t4->lead == "城东区");  // stored as the alias 东区
  CHECK(t4->lateness.light == Light::yellow);
  CHECK(t4->lateness.days_overdue == 0);

  const OverdueItem* t1 = item_of(l, "2025-0001");
  REQUIRE(t1);
  CHECK(t1->lateness.days_overdue == 17);
  CHECK(t1->lateness.workdays_overdue == 7);  // 09-28, 09-29, 09-30, 10-09, 10-10, 10-11, 10-13
  CHECK(t1->escalation_due);
  CHECK(t1->late_milestone.empty());

  const OverdueItem* t3 = item_of(l, "2025-0003");
  REQUIRE(t3);
  CHECK(t3->lateness.days_overdue == 14);
  CHECK(t3->lateness.workdays_overdue == 5);

  const OverdueItem* t8 = item_of(l, "2025-0008");
  REQUIRE(t8);
  CHECK(t8->lateness.light == Light::green);
  CHECK(t8->feedback_late);
  CHECK(iso_or_none(t8->last_progress) == "2025-09-05");

  const OverdueItem* t2 = item_of(l, "2025-0002");
  REQUIRE(t2);
  CHECK(t2->lateness.light == Light::red);
  CHECK(iso_or_none(t2->lateness.deadline) == "2025-09-30");
  CHECK(t2->lateness.days_overdue == 13);
  CHECK(t2->lateness.workdays_overdue == 4);
  CHECK(t2->late_milestone == "完成设计");
  CHECK(iso_or_none(t2->last_progress) == "2025-06-20");

  for (const char* gone : {"2025-0009", "2025-0010", "2025-0011", "2025-0013"}) {
    CHECK_MESSAGE(item_of(l, gone) == nullptr, gone);
  }
}

TEST_CASE("build_overdue_list: inside the National Day holiday (2025-10-05)") {
  const Calendar cal = calendar_2025();
  const Units u = chase_units();
  Chase ch;
  const OverdueList l =
      build_overdue_list(ptrs(ch.tasks), d(2025, 10, 5), default_config(), cal, u, options());
  CHECK(l.red == 4);
  CHECK(l.yellow == 0);
  CHECK(l.feedback_late == 0);  // 0008: the 5th is a holiday, October's report is due on 10-09
  CHECK(ids_of(l) == std::vector<std::string>{"2025-0012", "2025-0001", "2025-0003", "2025-0002"});
  const OverdueItem* t1 = item_of(l, "2025-0001");
  REQUIRE(t1);
  CHECK(t1->lateness.days_overdue == 9);
  CHECK(t1->lateness.workdays_overdue == 3);  // 09-28 (a working Sunday), 09-29, 09-30
  CHECK_FALSE(t1->escalation_due);            // 9 days
  const OverdueItem* t2 = item_of(l, "2025-0002");
  REQUIRE(t2);
  CHECK(t2->lateness.days_overdue == 5);
  CHECK(t2->lateness.workdays_overdue == 0);
  const OverdueItem* t3 = item_of(l, "2025-0003");
  REQUIRE(t3);
  CHECK(t3->lateness.days_overdue == 6);
  CHECK(t3->lateness.workdays_overdue == 1);
  const OverdueItem* t12 = item_of(l, "2025-0012");
  REQUIRE(t12);
  CHECK(t12->lateness.days_overdue == 37);
  CHECK(t12->lateness.workdays_overdue == 23);
}

TEST_CASE("build_overdue_list: as of 2025-10-09, escalation due only after more than 10 days") {
  const Calendar cal = calendar_2025();
  const Units u = chase_units();
  Chase ch;
  const OverdueList l =
      build_overdue_list(ptrs(ch.tasks), d(2025, 10, 9), default_config(), cal, u, options());
  CHECK(l.red == 4);
  CHECK(l.yellow == 0);
  CHECK(l.feedback_late == 1);
  CHECK(ids_of(l) ==
        std::vector<std::string>{"2025-0012", "2025-0001", "2025-0003", "2025-0008", "2025-0002"});
  const OverdueItem* t1 = item_of(l, "2025-0001");
  REQUIRE(t1);
  CHECK(t1->lateness.days_overdue == 13);
  CHECK(t1->lateness.workdays_overdue == 4);  // 09-28, 09-29, 09-30, 10-09
  CHECK(t1->escalation_due);                  // 13 > 10
  const OverdueItem* t3 = item_of(l, "2025-0003");
  REQUIRE(t3);
  CHECK(t3->lateness.days_overdue == 10);
  CHECK(t3->lateness.workdays_overdue == 2);
  CHECK_FALSE(t3->escalation_due);  // exactly 10 is not more than 10
  const OverdueItem* t2 = item_of(l, "2025-0002");
  REQUIRE(t2);
  CHECK(t2->lateness.days_overdue == 9);
  CHECK(t2->lateness.workdays_overdue == 1);
  CHECK_FALSE(t2->escalation_due);
}

TEST_CASE("build_overdue_list: escalation due counts from the last escalation when later") {
  const Calendar cal = calendar_2025();
  const Units u = chase_units();
  Chase ch;
  Task& t1 = ch.tasks[0];
  REQUIRE(t1.id == "2025-0001");
  t1.escalation = 1;
  t1.log.push_back(escalate_entry(d(2025, 10, 9), 1));
  auto due_on = [&](Date as_of) {
    const OverdueList l =
        build_overdue_list(ptrs(ch.tasks), as_of, default_config(), cal, u, options());
    const OverdueItem* i = item_of(l, "2025-0001");
    REQUIRE(i);
    return i->escalation_due;
  };
  CHECK_FALSE(due_on(d(2025, 10, 9)));
  CHECK_FALSE(due_on(d(2025, 10, 13)));
  CHECK_FALSE(due_on(d(2025, 10, 19)));  // exactly 10 days since 10-09
  CHECK(due_on(d(2025, 10, 20)));

  // An escalation before the deadline does not postpone anything.
  Chase early;
  early.tasks[0].escalation = 1;
  early.tasks[0].log.push_back(escalate_entry(d(2025, 9, 20), 1));
  const OverdueList l =
      build_overdue_list(ptrs(early.tasks), d(2025, 10, 9), default_config(), cal, u, options());
  const OverdueItem* i = item_of(l, "2025-0001");
  REQUIRE(i);
  CHECK(i->escalation_due);

  // escalate_after_days 0: never.
  const OverdueList never = build_overdue_list(ptrs(early.tasks), d(2025, 10, 13), default_config(),
                                               cal, u, options(3, false, 0));
  for (const OverdueItem& x : never.items) {
    CHECK_FALSE(x.escalation_due);
  }
}

TEST_CASE("build_overdue_list: red only, and a wider yellow window") {
  const Calendar cal = calendar_2025();
  const Units u = chase_units();
  Chase ch;
  const OverdueList red = build_overdue_list(ptrs(ch.tasks), d(2025, 10, 13), default_config(), cal,
                                             u, options(3, true));
  CHECK(ids_of(red) ==
        std::vector<std::string>{"2025-0012", "2025-0001", "2025-0003", "2025-0002"});
  CHECK(red.red == 4);
  CHECK(red.yellow == 0);
  CHECK(red.feedback_late == 0);

  // 0013 is due 10-20, 7 days after 10-13.
  const OverdueList wide7 =
      build_overdue_list(ptrs(ch.tasks), d(2025, 10, 13), default_config(), cal, u, options(7));
  CHECK(wide7.yellow == 2);
  CHECK(ids_of(wide7) == std::vector<std::string>{"2025-0012", "2025-0004", "2025-0001",
                                                  "2025-0013", "2025-0003", "2025-0008",
                                                  "2025-0002"});
  const OverdueList wide6 =
      build_overdue_list(ptrs(ch.tasks), d(2025, 10, 13), default_config(), cal, u, options(6));
  CHECK(wide6.yellow == 1);
  CHECK(item_of(wide6, "2025-0013") == nullptr);

  // Yellow on the deadline day itself, red the day after.
  const OverdueList on_day =
      build_overdue_list(ptrs(ch.tasks), d(2025, 10, 15), default_config(), cal, u, options());
  REQUIRE(item_of(on_day, "2025-0004"));
  CHECK(item_of(on_day, "2025-0004")->lateness.light == Light::yellow);
  const OverdueList after =
      build_overdue_list(ptrs(ch.tasks), d(2025, 10, 16), default_config(), cal, u, options());
  REQUIRE(item_of(after, "2025-0004"));
  CHECK(item_of(after, "2025-0004")->lateness.light == Light::red);
  CHECK(item_of(after, "2025-0004")->lateness.days_overdue == 1);
  CHECK(item_of(after, "2025-0004")->lateness.workdays_overdue == 1);
}

TEST_CASE("build_overdue_list: an empty selection, and a task without a deadline") {
  const Calendar cal = calendar_2025();
  const Units u = chase_units();
  const OverdueList none =
      build_overdue_list({}, d(2025, 10, 13), default_config(), cal, u, options());
  CHECK(none.items.empty());
  CHECK(none.red == 0);
  CHECK(none.yellow == 0);
  CHECK(none.feedback_late == 0);

  Task t = task("2025-0020", "市水务局", std::nullopt, d(2025, 9, 1));
  const std::vector<const Task*> one{&t};
  CHECK(
      build_overdue_list(one, d(2025, 10, 13), default_config(), cal, u, options()).items.empty());
  t.cadence = "weekly";
  const OverdueList late =
      build_overdue_list(one, d(2025, 10, 13), default_config(), cal, u, options());
  CHECK(ids_of(late) == std::vector<std::string>{"2025-0020"});
  CHECK(late.feedback_late == 1);
  CHECK(late.red == 0);
}

TEST_CASE("build_overdue_list: equally late tasks of one unit come by deadline, then id") {
  const Calendar cal = calendar_2025();
  const Units u = chase_units();
  std::vector<Task> ts;
  ts.push_back(task("2025-0031", "市发改委", d(2025, 9, 29), d(2025, 9, 1)));
  ts.push_back(task("2025-0030", "市发改委", d(2025, 9, 29), d(2025, 9, 1)));
  ts.push_back(task("2025-0032", "市发改委", d(2025, 10, 14), d(2025, 9, 1)));  // yellow, 1 day
  ts.push_back(task("2025-0033", "市发改委", d(2025, 10, 13), d(2025, 9, 1)));  // yellow, due today
  ts.push_back(task("2025-0034", "市发改委", d(2025, 9, 26), d(2025, 9, 1)));   // red, 17 days
  const OverdueList l =
      build_overdue_list(ptrs(ts), d(2025, 10, 13), default_config(), cal, u, options());
  CHECK(ids_of(l) ==
        std::vector<std::string>{"2025-0034", "2025-0030", "2025-0031", "2025-0033", "2025-0032"});
  CHECK(l.red == 3);
  CHECK(l.yellow == 2);
}

// ---------------------------------------------------------------- a past as-of date

namespace {

LogEntry extend_entry(Date date, Date from, Date to) {
  LogEntry e = entry(date, "extend");
  e.set_date("from", from);
  e.set_date("to", to);
  return e;
}

}  // namespace

TEST_CASE("build_overdue_list: a past date shows the list as it stood, rebuilt from the log") {
  const Calendar cal = calendar_2025();
  const Units u = chase_units();
  std::vector<Task> ts;
  // Red on 10-13, closed on 10-20: listed as of 10-13, gone as of 10-20.
  ts.push_back(task("2025-0040", "市水务局", d(2025, 9, 26), d(2025, 9, 1)));
  ts.back().log.push_back(entry(d(2025, 10, 20), "done"));
  ts.back().status = Status::done;
  // Closed on 10-10, returned on 10-20 (red again now): not listed as of 10-13.
  ts.push_back(task("2025-0041", "市水务局", d(2025, 9, 26), d(2025, 9, 1)));
  ts.back().log.push_back(entry(d(2025, 10, 10), "done"));
  ts.back().log.push_back(entry(d(2025, 10, 20), "return"));
  ts.back().status = Status::active;
  // Extended on 10-15 from 09-30 to 11-30; escalated on 10-11 and 10-18; transferred
  // to 市住建局 on 10-16; reports on 10-09 and 10-17.
  {
    Task t = task("2025-0042", "市发改委", d(2025, 11, 30), d(2025, 9, 1));
    t.cadence = "weekly";
    t.log.push_back(progress_entry(d(2025, 10, 9)));
    t.log.push_back(escalate_entry(d(2025, 10, 11), 1));
    t.log.push_back(extend_entry(d(2025, 10, 15), d(2025, 9, 30), d(2025, 11, 30)));
    t.log.push_back(assign_entry(d(2025, 10, 16), "市住建局"));
    t.log.push_back(progress_entry(d(2025, 10, 17)));
    t.log.push_back(escalate_entry(d(2025, 10, 18), 2));
    t.lead = "市住建局";
    t.escalation = 2;
    t.status = Status::active;
    ts.push_back(t);
  }
  // A milestone reached on 10-20: late as of 10-13.
  {
    Task t = task("2025-0043", "城东区", d(2025, 12, 31), d(2025, 9, 1));
    t.milestones.push_back(Milestone{"完成设计", d(2025, 9, 30), d(2025, 10, 20), {}});
    ts.push_back(t);
  }
  // Registered after the as-of day.
  ts.push_back(task("2025-0044", "市水务局", d(2025, 9, 26), d(2025, 10, 14)));

  const OverdueList l =
      build_overdue_list(ptrs(ts), d(2025, 10, 13), default_config(), cal, u, options());
  // 0042 and 0043 are equally late (13 days, deadline 09-30): the lower id's unit first.
  CHECK(ids_of(l) == std::vector<std::string>{"2025-0040", "2025-0042", "2025-0043"});
  const OverdueItem* t40 = item_of(l, "2025-0040");
  REQUIRE(t40);
  CHECK(t40->lateness.light == Light::red);
  const OverdueItem* t42 = item_of(l, "2025-0042");
  REQUIRE(t42);
  CHECK(t42->lead == "市发改委");
  CHECK(iso_or_none(t42->due) == "2025-09-30");
  CHECK(t42->lateness.light == Light::red);
  CHECK(t42->lateness.days_overdue == 13);
  CHECK(t42->escalation == 1);
  CHECK(iso_or_none(t42->last_progress) == "2025-10-09");
  CHECK(t42->feedback_late);  // 10-09 answered the cycle ending 10-09; 10-10's holds no report
  const OverdueItem* t43 = item_of(l, "2025-0043");
  REQUIRE(t43);
  CHECK(t43->late_milestone == "完成设计");
  CHECK(l.red == 3);

  // The same tasks as of 10-20: 0040 done, 0041 returned (red), 0042 green, 0043 reached.
  const OverdueList now =
      build_overdue_list(ptrs(ts), d(2025, 10, 20), default_config(), cal, u, options());
  CHECK(ids_of(now) == std::vector<std::string>{"2025-0041", "2025-0044"});
  // 0042 led by 市住建局 since 10-16: --unit follows the lead unit of the day.
  OverdueOptions dev = options(60);
  dev.unit = "市发改委";
  CHECK(ids_of(build_overdue_list(ptrs(ts), d(2025, 10, 13), default_config(), cal, u, dev)) ==
        std::vector<std::string>{"2025-0042"});
  CHECK(
      ids_of(build_overdue_list(ptrs(ts), d(2025, 10, 20), default_config(), cal, u, dev)).empty());
  dev.unit = "市住建局";
  const OverdueList housing =
      build_overdue_list(ptrs(ts), d(2025, 10, 20), default_config(), cal, u, dev);
  REQUIRE(ids_of(housing) == std::vector<std::string>{"2025-0042"});
  CHECK(housing.items[0].lead == "市住建局");
  CHECK(housing.items[0].escalation == 2);
  CHECK(iso_or_none(housing.items[0].due) == "2025-11-30");
  CHECK(iso_or_none(housing.items[0].last_progress) == "2025-10-17");
}

TEST_CASE(
    "build_overdue_list: the red-by-deadline items are report's overdue tasks at period end") {
  const Calendar cal = calendar_2025();
  const Units u = chase_units();
  Chase ch;
  for (Date as_of = d(2025, 9, 1); as_of <= d(2025, 11, 30); as_of = as_of.plus_days(1)) {
    CAPTURE(as_of.iso());
    const OverdueList l =
        build_overdue_list(ptrs(ch.tasks), as_of, default_config(), cal, u, options(3, true));
    std::vector<std::string> red_by_deadline;
    for (const OverdueItem& i : l.items) {
      if (i.due && *i.due < as_of) {
        red_by_deadline.push_back(i.task->id);
      }
    }
    std::sort(red_by_deadline.begin(), red_by_deadline.end());
    std::vector<std::string> report;
    for (const Task& t : ch.tasks) {
      if (overdue_on(state_at(t, as_of), as_of)) {
        report.push_back(t.id);
      }
    }
    CHECK(red_by_deadline == report);
  }
}

TEST_CASE("unsigned_notices: the last reminder per unit, unsigned past its reply_by day") {
  Calendar cal;  // no holidays: weekends only
  Task t;
  t.id = "2025-0001";
  t.created = Date::from_ymd(2025, 3, 3);
  t.lead = "市发改委";
  t.co = {"市财政局"};
  t.log.push_back(LogEntry{Date::from_ymd(2025, 3, 3), "assign", {}, {}});
  LogEntry lead{Date::from_ymd(2025, 3, 7), "remind", {}, {}};  // Friday
  lead.set("to", "市发改委");
  LogEntry co{Date::from_ymd(2025, 3, 7), "remind", {}, {}};
  co.set("to", "市财政局").set("role", "co");
  t.log.push_back(lead);
  t.log.push_back(co);
  // Three working days: reply by Wednesday 03-12; unsigned only from the 13th.
  CHECK(unsigned_notices(t, Date::from_ymd(2025, 3, 12), cal, 3).empty());
  auto late = unsigned_notices(t, Date::from_ymd(2025, 3, 13), cal, 3);
  REQUIRE(late.size() == 2);
  CHECK(late[0].unit == "市发改委");
  CHECK(late[0].sent == Date::from_ymd(2025, 3, 7));
  CHECK(late[0].reply_by == Date::from_ymd(2025, 3, 12));

  LogEntry receipt{Date::from_ymd(2025, 3, 14), "receipt", {}, {}};
  receipt.set("by", "市财政局");
  t.log.push_back(receipt);
  late = unsigned_notices(t, Date::from_ymd(2025, 3, 14), cal, 3);
  REQUIRE(late.size() == 1);
  CHECK(late[0].unit == "市发改委");
  CHECK(unsigned_notices(t, Date::from_ymd(2025, 3, 13), cal, 3).size() == 2);  // as it stood

  LogEntry again{Date::from_ymd(2025, 3, 17), "remind", {}, {}};  // a new notice: sign again
  again.set("to", "市财政局").set("role", "co");
  t.log.push_back(again);
  late = unsigned_notices(t, Date::from_ymd(2025, 3, 21), cal, 3);
  REQUIRE(late.size() == 2);
  CHECK(late[1].unit == "市财政局");
  CHECK(late[1].sent == Date::from_ymd(2025, 3, 17));
}

TEST_CASE("watch_feedback: requests pending and notices unsigned of the tasks being handled") {
  Calendar cal;  // weekends only
  const Units u = chase_units();
  Task a = task("2025-0001", "发改委", d(2025, 3, 31), d(2025, 3, 3));  // by an alias
  Task b = task("2025-0002", "市住建局", d(2025, 3, 31), d(2025, 3, 3));
  b.co = {"市发改委"};
  Task closed = task("2025-0003", "市发改委", d(2025, 3, 31), d(2025, 3, 3));
  LogEntry ask_b = entry(d(2025, 3, 10), "extend-request");
  ask_b.set("by", "住建局").set("to", "2025-04-30").set("reason", "资金");
  b.log.push_back(ask_b);
  LogEntry ask_a = entry(d(2025, 3, 11), "extend-request");
  ask_a.set("by", "市发改委").set("to", "2025-04-15").set("reason", "用地");
  a.log.push_back(ask_a);
  LogEntry ask_closed = ask_a;
  closed.log.push_back(ask_closed);
  closed.log.push_back(entry(d(2025, 3, 12), "done"));
  closed.status = Status::done;
  LogEntry remind_a = entry(d(2025, 3, 7), "remind");  // Friday: reply by Wednesday 03-12
  remind_a.set("to", "发改委");
  a.log.insert(a.log.begin() + 1, remind_a);
  const std::vector<const Task*> tasks = {&a, &b, &closed};

  // On the 10th only b had asked; the closed task was still open and had not.
  FeedbackWatch w = watch_feedback(tasks, d(2025, 3, 10), cal, u, 3, "");
  REQUIRE(w.requests.size() == 1);
  CHECK(w.requests[0].task == &b);
  CHECK(w.requests[0].by == "市住建局");  // canonical
  CHECK(w.requests[0].lead == "市住建局");
  CHECK(w.unsigned_notices.empty());

  // On the 13th: both requests, by request date; the closed task's none; the
  // notice to 市发改委 past its reply day, by its canonical name.
  w = watch_feedback(tasks, d(2025, 3, 13), cal, u, 3, "");
  REQUIRE(w.requests.size() == 2);
  CHECK(w.requests[0].task == &b);
  CHECK(w.requests[1].task == &a);
  CHECK(w.requests[1].lead == "市发改委");
  CHECK(w.requests[1].to == d(2025, 4, 15));
  CHECK(w.requests[1].date == d(2025, 3, 11));
  CHECK(w.requests[1].reason == "用地");
  REQUIRE(w.unsigned_notices.size() == 1);
  CHECK(w.unsigned_notices[0].task == &a);
  CHECK(w.unsigned_notices[0].notice.unit == "市发改委");
  CHECK(w.unsigned_notices[0].notice.reply_by == d(2025, 3, 12));

  // --unit: the tasks the unit takes part in (b as a co-unit), notices to it only.
  w = watch_feedback(tasks, d(2025, 3, 13), cal, u, 3, "市住建局");
  REQUIRE(w.requests.size() == 1);
  CHECK(w.requests[0].task == &b);
  CHECK(w.unsigned_notices.empty());
  w = watch_feedback(tasks, d(2025, 3, 13), cal, u, 3, "市发改委");
  CHECK(w.requests.size() == 2);
  CHECK(w.unsigned_notices.size() == 1);
}
