#include <doctest/doctest.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "core/light.hpp"
#include "core/task.hpp"
#include "helpers.hpp"

using namespace duban;
using namespace duban::testing;

namespace {

std::string iso_or_none(const std::optional<Date>& d) {
  return d ? d->iso() : "none";
}

Task open_task(Date due) {
  Task t;
  t.id = "2025-0001";
  t.title = "测试";
  t.lead = "市发改委";
  t.created = ymd(2025, 1, 2);
  t.due = due;
  t.status = Status::active;
  return t;
}

}  // namespace

TEST_CASE("to_string(Light)") {
  CHECK(to_string(Light::none) == "none");
  CHECK(to_string(Light::green) == "green");
  CHECK(to_string(Light::yellow) == "yellow");
  CHECK(to_string(Light::red) == "red");
}

TEST_CASE("light: red across the National Day holiday, days and working days overdue") {
  const Calendar cal = shipped_calendar({2025});
  const Lateness l = assess_lateness(open_task(ymd(2025, 9, 30)), ymd(2025, 10, 10), 3, cal);
  CHECK(l.light == Light::red);
  CHECK(iso_or_none(l.deadline) == "2025-09-30");
  CHECK(l.days_overdue == 10);
  // After 09-30 up to and including 10-10: 10-01..10-08 are holidays, 10-09 and 10-10 work.
  CHECK(l.workdays_overdue == 2);
}

TEST_CASE("light: working days overdue across the Spring Festival") {
  const Calendar cal = shipped_calendar({2025});
  // Due Friday 2025-01-24, as of Monday 02-10: 01-26, 01-27, 02-05, 02-06, 02-07, 02-08
  // (two swapped working weekend days among them) and 02-10 itself.
  const Lateness l = assess_lateness(open_task(ymd(2025, 1, 24)), ymd(2025, 2, 10), 3, cal);
  CHECK(l.light == Light::red);
  CHECK(l.days_overdue == 17);
  CHECK(l.workdays_overdue == 7);
}

TEST_CASE("light: the deadline day itself is not overdue") {
  const Calendar cal = shipped_calendar({2025});
  const Task t = open_task(ymd(2025, 3, 20));
  const Lateness on_day = assess_lateness(t, ymd(2025, 3, 20), 3, cal);
  CHECK(on_day.light == Light::yellow);
  CHECK(on_day.days_overdue == 0);
  CHECK(on_day.workdays_overdue == 0);

  const Lateness next_day = assess_lateness(t, ymd(2025, 3, 21), 3, cal);
  CHECK(next_day.light == Light::red);
  CHECK(next_day.days_overdue == 1);
  CHECK(next_day.workdays_overdue == 1);  // one day late on a working day is one working day

  // Due Friday 03-21, as of Tuesday 03-25: Monday 03-24 and Tuesday 03-25.
  const Lateness tue = assess_lateness(open_task(ymd(2025, 3, 21)), ymd(2025, 3, 25), 3, cal);
  CHECK(tue.days_overdue == 4);
  CHECK(tue.workdays_overdue == 2);
}

TEST_CASE(
    "light: both counts cover the days after the deadline up to and including the as-of day") {
  const Calendar cal = shipped_calendar({2025});
  // SPEC §8: due Monday 03-17, as of Thursday 03-20 → 3 days, 3 working days.
  const Lateness l = assess_lateness(open_task(ymd(2025, 3, 17)), ymd(2025, 3, 20), 3, cal);
  CHECK(l.light == Light::red);
  CHECK(l.days_overdue == 3);
  CHECK(l.workdays_overdue == 3);
  // One day late is never 0 working days when the as-of day is a working day.
  for (Date due = ymd(2025, 1, 1); due < ymd(2025, 12, 31); due = due.plus_days(1)) {
    const Date next = due.plus_days(1);
    if (cal.is_workday(next)) {
      CAPTURE(due.iso());
      CHECK(assess_lateness(open_task(due), next, 3, cal).workdays_overdue == 1);
    }
  }
  // A rest day as of: only the working days after the deadline count, so due
  // Friday 03-21, as of Saturday 03-22 is 1 day, 0 working days; Monday makes it 1.
  const Lateness sat = assess_lateness(open_task(ymd(2025, 3, 21)), ymd(2025, 3, 22), 3, cal);
  CHECK(sat.days_overdue == 1);
  CHECK(sat.workdays_overdue == 0);
  const Lateness mon = assess_lateness(open_task(ymd(2025, 3, 21)), ymd(2025, 3, 24), 3, cal);
  CHECK(mon.days_overdue == 3);
  CHECK(mon.workdays_overdue == 1);
}

TEST_CASE("light: the yellow window boundary") {
  const Calendar cal = shipped_calendar({2025});
  const Task t = open_task(ymd(2025, 3, 20));
  CHECK(assess_lateness(t, ymd(2025, 3, 16), 3, cal).light == Light::green);   // 4 days ahead
  CHECK(assess_lateness(t, ymd(2025, 3, 17), 3, cal).light == Light::yellow);  // 3 days ahead
  CHECK(assess_lateness(t, ymd(2025, 3, 19), 3, cal).light == Light::yellow);
  // A wider window (overdue --within 7).
  CHECK(assess_lateness(t, ymd(2025, 3, 13), 7, cal).light == Light::yellow);
  CHECK(assess_lateness(t, ymd(2025, 3, 12), 7, cal).light == Light::green);
  // A zero window: only the deadline day is yellow.
  CHECK(assess_lateness(t, ymd(2025, 3, 19), 0, cal).light == Light::green);
  CHECK(assess_lateness(t, ymd(2025, 3, 20), 0, cal).light == Light::yellow);
  const Lateness green = assess_lateness(t, ymd(2025, 3, 1), 3, cal);
  CHECK(green.light == Light::green);
  CHECK(iso_or_none(green.deadline) == "2025-03-20");
  CHECK(green.days_overdue == 0);
}

TEST_CASE("light: an unfinished milestone late while the task's deadline is not") {
  const Calendar cal = shipped_calendar({2025});
  Task t = open_task(ymd(2025, 12, 31));
  t.milestones.push_back(Milestone{"完成土建", ymd(2025, 6, 30), std::nullopt, {}});
  const Lateness l = assess_lateness(t, ymd(2025, 7, 2), 3, cal);
  CHECK(l.light == Light::red);
  CHECK(iso_or_none(l.deadline) == "2025-06-30");
  CHECK(l.days_overdue == 2);
  CHECK(l.workdays_overdue == 2);  // Tuesday 07-01, Wednesday 07-02

  // A milestone in the yellow window makes the task yellow.
  CHECK(assess_lateness(t, ymd(2025, 6, 28), 3, cal).light == Light::yellow);

  // Once reached, the milestone no longer counts.
  t.milestones[0].done = ymd(2025, 6, 28);
  const Lateness met = assess_lateness(t, ymd(2025, 7, 2), 3, cal);
  CHECK(met.light == Light::green);
  CHECK(iso_or_none(met.deadline) == "2025-12-31");

  // Reached after the as-of day: not reached on it (SPEC §8, a past as-of date).
  t.milestones[0].done = ymd(2025, 7, 5);
  CHECK(assess_lateness(t, ymd(2025, 7, 2), 3, cal).light == Light::red);
  CHECK(assess_lateness(t, ymd(2025, 7, 5), 3, cal).light == Light::green);
  const Lateness before =
      assess_deadlines(ymd(2025, 12, 31), t.milestones, ymd(2025, 7, 4), 3, cal);
  CHECK(before.light == Light::red);
  CHECK(iso_or_none(before.deadline) == "2025-06-30");
}

TEST_CASE("light: names the milestone whose deadline counts, not when the task's own does") {
  const Calendar cal = shipped_calendar({2025});
  Task t = open_task(ymd(2025, 12, 31));
  t.milestones.push_back(Milestone{"完成设计", ymd(2025, 9, 30), std::nullopt, {}});
  t.milestones.push_back(Milestone{"完成土建", ymd(2025, 6, 30), std::nullopt, {}});
  t.milestones.push_back(Milestone{"完成招标", ymd(2025, 6, 30), std::nullopt, {}});
  // Red and yellow alike; of two on one day, the first listed.
  CHECK(assess_lateness(t, ymd(2025, 7, 2), 3, cal).milestone == "完成土建");
  CHECK(assess_lateness(t, ymd(2025, 6, 28), 3, cal).milestone == "完成土建");
  CHECK(assess_lateness(t, ymd(2025, 5, 1), 3, cal).milestone ==
        "完成土建");  // green: still the next one
  // Reached on the as-of day: the next unmet one.
  t.milestones[1].done = ymd(2025, 7, 1);
  CHECK(assess_lateness(t, ymd(2025, 7, 2), 3, cal).milestone == "完成招标");
  t.milestones[2].done = ymd(2025, 7, 1);
  CHECK(assess_lateness(t, ymd(2025, 7, 2), 3, cal).milestone == "完成设计");
  // A milestone on the task's own deadline is not named: the task's deadline counts.
  t.milestones[0].due = ymd(2025, 12, 31);
  const Lateness own = assess_lateness(t, ymd(2025, 12, 30), 3, cal);
  CHECK(own.light == Light::yellow);
  CHECK(own.milestone.empty());
  // Without a deadline of its own, the earliest milestone counts.
  t.due.reset();
  CHECK(assess_lateness(t, ymd(2025, 12, 30), 3, cal).milestone == "完成设计");
  CHECK(assess_lateness(open_task(ymd(2025, 3, 10)), ymd(2025, 3, 12), 3, cal).milestone.empty());
}

TEST_CASE("assess_tasks: each task's light as of the date, in the order given") {
  const Calendar cal = shipped_calendar({2025});
  const Task red = open_task(ymd(2025, 3, 10));
  const Task green = open_task(ymd(2025, 6, 30));
  Task done = open_task(ymd(2025, 3, 1));
  done.status = Status::done;
  const std::vector<LitTask> lit = assess_tasks({&green, &red, &done}, ymd(2025, 3, 12), 3, cal);
  REQUIRE(lit.size() == 3);
  CHECK(lit[0].task == &green);
  CHECK(lit[0].lateness.light == Light::green);
  CHECK(lit[1].task == &red);
  CHECK(lit[1].lateness.light == Light::red);
  CHECK(lit[1].lateness.days_overdue == 2);
  CHECK(lit[2].task == &done);
  CHECK(lit[2].lateness.light == Light::none);
  CHECK(assess_tasks({}, ymd(2025, 3, 12), 3, cal).empty());
}

TEST_CASE("assess_task: the milestones missed as of the date, in the task's order") {
  const Calendar cal = shipped_calendar({2025});
  Task t = open_task(ymd(2025, 6, 30));
  t.milestones.push_back(Milestone{"调研", ymd(2025, 3, 5), ymd(2025, 3, 20), {}});
  t.milestones.push_back(Milestone{"方案", ymd(2025, 3, 10), std::nullopt, {}});
  t.milestones.push_back(Milestone{"实施", ymd(2025, 4, 30), std::nullopt, {}});
  const LitTask lit = assess_task(t, ymd(2025, 3, 12), 3, cal);
  CHECK(lit.task == &t);
  CHECK(lit.lateness.light == Light::red);  // 方案 passed unreached
  CHECK(lit.milestones_missed == std::vector<bool>{false, true, false});
  CHECK(assess_task(t, ymd(2025, 3, 10), 3, cal).milestones_missed ==
        std::vector<bool>{false, false, false});
  // A task no longer handled has no light, and its milestones still show as missed.
  t.status = Status::cancelled;
  const LitTask closed = assess_task(t, ymd(2025, 5, 6), 3, cal);
  CHECK(closed.lateness.light == Light::none);
  CHECK(closed.milestones_missed == std::vector<bool>{false, true, true});
}

TEST_CASE("light: the earliest unmet deadline counts") {
  const Calendar cal = shipped_calendar({2025});
  Task t = open_task(ymd(2025, 3, 10));
  t.milestones.push_back(Milestone{"later", ymd(2025, 6, 30), std::nullopt, {}});
  const Lateness l = assess_lateness(t, ymd(2025, 3, 12), 3, cal);
  CHECK(l.light == Light::red);
  CHECK(iso_or_none(l.deadline) == "2025-03-10");
  CHECK(l.days_overdue == 2);
}

TEST_CASE("light: none for done, cancelled and suspended tasks") {
  const Calendar cal = shipped_calendar({2025});
  for (Status s : {Status::done, Status::cancelled, Status::suspended}) {
    CAPTURE(to_string(s));
    Task t = open_task(ymd(2025, 3, 1));
    t.status = s;
    const Lateness l = assess_lateness(t, ymd(2025, 4, 1), 3, cal);
    CHECK(l.light == Light::none);
    CHECK(l.days_overdue == 0);
    CHECK(l.workdays_overdue == 0);
  }
  for (Status s : {Status::registered, Status::assigned, Status::active}) {
    CAPTURE(to_string(s));
    Task t = open_task(ymd(2025, 3, 1));
    t.status = s;
    CHECK(assess_lateness(t, ymd(2025, 4, 1), 3, cal).light == Light::red);
  }
}

TEST_CASE("light: green without any deadline") {
  const Calendar cal = shipped_calendar({2025});
  Task t = open_task(ymd(2025, 3, 1));
  t.due.reset();
  const Lateness l = assess_lateness(t, ymd(2025, 4, 1), 3, cal);
  CHECK(l.light == Light::green);
  CHECK_FALSE(l.deadline);
  CHECK(l.days_overdue == 0);
}
