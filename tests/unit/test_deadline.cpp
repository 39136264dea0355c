#include <doctest/doctest.h>

#include <initializer_list>
#include <optional>
#include <string>

#include "core/calendar.hpp"
#include "core/date.hpp"
#include "core/deadline.hpp"
#include "core/error.hpp"
#include "helpers.hpp"

using namespace duban;
using namespace duban::testing;

namespace {

using U = DueRule::Unit;

std::string iso_or_none(const std::optional<Date>& d) {
  return d ? d->iso() : "none";
}

// The deadline `rule` gives from `start`, as ISO text.
std::string due_of(const char* rule, Date start, const Calendar& cal, bool move = true) {
  auto r = parse_due_rule(rule);
  REQUIRE(r);
  return apply_due_rule(*r, start, cal, move).iso();
}

}  // namespace

TEST_CASE("parse_due_rule: every accepted form") {
  auto check = [](const char* text, U unit, int count) {
    CAPTURE(text);
    auto r = parse_due_rule(text);
    REQUIRE(r);
    CHECK(r->unit == unit);
    CHECK(r->count == count);
  };
  check("15d", U::days, 15);
  check("60d", U::days, 60);
  check("5wd", U::workdays, 5);
  check("10wd", U::workdays, 10);
  check("2w", U::weeks, 2);
  check("3m", U::months, 3);
  check("eom", U::end_of_month, 0);
  check("eoq", U::end_of_quarter, 0);
  check("eoy", U::end_of_year, 0);
  check("none", U::none, 0);
  check("0d", U::days, 0);
  check("15D", U::days, 15);  // case-insensitive
  CHECK(parse_due_rule("none")->is_none());
  CHECK_FALSE(parse_due_rule("15d")->is_none());
}

TEST_CASE("parse_due_rule: rejects anything else") {
  for (const char* bad : {"", "d", "15", "15x", "15dd", "15 d", " 15d", "-3d", "+3d", "1.5d", "wd",
                          "m", "eomx", "eo", "nonee", "1234567d", "d15", "３d"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_due_rule(bad));
  }
}

TEST_CASE("to_string(DueRule) writes the rule back") {
  for (const char* text : {"15d", "5wd", "2w", "3m", "eom", "eoq", "eoy", "none"}) {
    CAPTURE(text);
    CHECK(to_string(*parse_due_rule(text)) == text);
  }
}

TEST_CASE("apply_due_rule: 15 days landing in the National Day holiday move to 10-09") {
  const Calendar cal = shipped_calendar({2025});
  // 2025-09-20 + 15 = 2025-10-05, inside 10-01..10-08; the next working day is Thursday 10-09.
  CHECK(due_of("15d", ymd(2025, 9, 20), cal) == "2025-10-09");
  // The start day is not counted: 15 days from 2025-03-03 (Mon) is Tuesday 03-18.
  CHECK(due_of("15d", ymd(2025, 3, 3), cal) == "2025-03-18");
  // 2 weeks from Wednesday 09-17 is 10-01, a holiday.
  CHECK(due_of("2w", ymd(2025, 9, 17), cal) == "2025-10-09");
  // 60 days from 2025-03-02 is 2025-05-01, in 劳动节 (05-01..05-05): moves to Tuesday 05-06.
  CHECK(due_of("60d", ymd(2025, 3, 2), cal) == "2025-05-06");
}

TEST_CASE("apply_due_rule: move_off_rest_days=false keeps the raw date") {
  const Calendar cal = shipped_calendar({2025});
  CHECK(due_of("15d", ymd(2025, 9, 20), cal, false) == "2025-10-05");
  CHECK(due_of("2w", ymd(2025, 9, 17), cal, false) == "2025-10-01");
  CHECK(due_of("3m", ymd(2025, 5, 9), cal, false) == "2025-08-09");
  // A date on a working day is the same either way.
  CHECK(due_of("15d", ymd(2025, 3, 3), cal, false) == "2025-03-18");
}

TEST_CASE("apply_due_rule: 5 working days over the Spring Festival") {
  const Calendar cal = shipped_calendar({2025});
  // From Friday 2025-01-24: 01-26 (Sun, swapped) = 1, 01-27 = 2, holiday 01-28..02-04,
  // 02-05 = 3, 02-06 = 4, 02-07 = 5.
  CHECK(due_of("5wd", ymd(2025, 1, 24), cal) == "2025-02-07");
  // A working-day count always ends on a working day.
  CHECK(due_of("5wd", ymd(2025, 1, 24), cal, false) == "2025-02-07");
  // From Monday 2025-03-03: 03-04..03-07 = 4, 03-10 = 5.
  CHECK(due_of("5wd", ymd(2025, 3, 3), cal) == "2025-03-10");
}

TEST_CASE("apply_due_rule: months follow art. 202 and move off rest days") {
  const Calendar cal = shipped_calendar({2025, 2026});
  // 2025-05-09 + 3 months = 2025-08-09, a Saturday: moves to Monday 08-11.
  CHECK(due_of("3m", ymd(2025, 5, 9), cal) == "2025-08-11");
  // 2025-11-30 + 3 months = 2026-02-28 (clamped), a Saturday that is a swapped working day.
  CHECK(due_of("3m", ymd(2025, 11, 30), cal) == "2026-02-28");
  // 2025-03-02 + 3 months = 2025-06-02, the last day of 端午: moves to Tuesday 06-03.
  CHECK(due_of("3m", ymd(2025, 3, 2), cal) == "2025-06-03");
  // 2025-01-31 + 1 month = 2025-02-28, a Friday.
  CHECK(due_of("1m", ymd(2025, 1, 31), cal) == "2025-02-28");
}

TEST_CASE("apply_due_rule: end of month, quarter, year and none") {
  const Calendar cal = shipped_calendar({2025});
  CHECK(due_of("eoy", ymd(2025, 3, 2), cal) == "2025-12-31");
  CHECK(due_of("eoy", ymd(2025, 12, 31), cal) == "2025-12-31");
  CHECK(due_of("eom", ymd(2025, 3, 3), cal) == "2025-03-31");
  CHECK(due_of("eoq", ymd(2025, 8, 15), cal) == "2025-09-30");
  CHECK(due_of("eoq", ymd(2025, 11, 3), cal) == "2025-12-31");
  CHECK(due_of("none", ymd(2025, 3, 3), cal) == "2025-03-03");
}

TEST_CASE("apply_due_rule: eom, eoq, eoy are fixed days, never moved into the next month or year") {
  const Calendar cal = shipped_calendar({2024, 2025, 2026});
  for (bool move : {true, false}) {
    CAPTURE(move);
    // 2026-01-31 is a Saturday: not 2026-02-02.
    CHECK(due_of("eom", ymd(2026, 1, 15), cal, move) == "2026-01-31");
    // 2025-05-31 is in 端午节 (05-31 … 06-02): not 2025-06-03.
    CHECK(due_of("eom", ymd(2025, 5, 22), cal, move) == "2025-05-31");
    // 2024-03-31 and 2024-06-30 are Sundays.
    CHECK(due_of("eoq", ymd(2024, 2, 1), cal, move) == "2024-03-31");
    CHECK(due_of("eoq", ymd(2024, 4, 1), cal, move) == "2024-06-30");
    // 2023-12-31 is a Sunday and 2024-01-01 元旦: not 2024-01-02.
    CHECK(due_of("eoy", ymd(2023, 6, 1), cal, move) == "2023-12-31");
  }
  CHECK(parse_due_rule("eom")->is_fixed_day());
  CHECK(parse_due_rule("eoq")->is_fixed_day());
  CHECK(parse_due_rule("eoy")->is_fixed_day());
  for (const char* counted : {"15d", "0d", "5wd", "2w", "3m", "none"}) {
    CAPTURE(counted);
    CHECK_FALSE(parse_due_rule(counted)->is_fixed_day());
  }
}

TEST_CASE("apply_due_rule: 0wd and 0d agree on a rest day") {
  const Calendar cal = shipped_calendar({2026});
  // 2026-10-01 is National Day (10-01 … 10-07): both give Thursday 10-08.
  CHECK(due_of("0d", ymd(2026, 10, 1), cal) == "2026-10-08");
  CHECK(due_of("0wd", ymd(2026, 10, 1), cal) == "2026-10-08");
  // A working-day count ends on a working day even with moving off.
  CHECK(due_of("0wd", ymd(2026, 10, 1), cal, false) == "2026-10-08");
  // Saturday 2026-10-10 is a swapped working day: 0wd and 0d are that day.
  CHECK(due_of("0wd", ymd(2026, 10, 10), cal) == "2026-10-10");
  CHECK(due_of("0d", ymd(2026, 10, 10), cal) == "2026-10-10");
  CHECK(due_of("0wd", ymd(2026, 10, 9), cal) == "2026-10-09");
}

TEST_CASE("names_fixed_day: typed dates, today, eom, eoq, eoy") {
  for (const char* fixed : {"2026-01-31", "2026/1/31", "2026.1.31", "2026年1月31日", "today",
                            "TODAY", "eom", "EOQ", "eoy"}) {
    CAPTURE(fixed);
    CHECK(names_fixed_day(fixed));
  }
  for (const char* relative :
       {"+15d", "+0d", "+10wd", "+2w", "+3m", "-7d", "", "tomorrow", "15d"}) {
    CAPTURE(relative);
    CHECK_FALSE(names_fixed_day(relative));
  }
}

TEST_CASE("parse_date_input: eom typed as a deadline stays in its month") {
  const Calendar cal = shipped_calendar({2025, 2026});
  CHECK(iso_or_none(parse_date_input("eom", ymd(2026, 1, 15), cal, DateUse::deadline)) ==
        "2026-01-31");
  CHECK(iso_or_none(parse_date_input("eom", ymd(2025, 5, 22), cal, DateUse::deadline)) ==
        "2025-05-31");
  // +0wd on a holiday is the next working day, like +0d.
  CHECK(iso_or_none(parse_date_input("+0wd", ymd(2026, 10, 1), cal, DateUse::deadline)) ==
        "2026-10-08");
  CHECK(iso_or_none(parse_date_input("+0d", ymd(2026, 10, 1), cal, DateUse::deadline)) ==
        "2026-10-08");
}

TEST_CASE("parse_date_input: today and relative forms") {
  const Calendar cal = shipped_calendar({2025});
  const Date today = ymd(2025, 3, 3);  // Monday
  auto in = [&](const char* text, DateUse use = DateUse::deadline) {
    return iso_or_none(parse_date_input(text, today, cal, use));
  };
  CHECK(in("today") == "2025-03-03");
  CHECK(in("+15d") == "2025-03-18");
  CHECK(in("-7d") == "2025-02-24");
  CHECK(in("+10wd") == "2025-03-17");  // 03-04..07 (4), 03-10..14 (9), 03-17 (10)
  CHECK(in("+2w") == "2025-03-17");
  CHECK(in("+3m") == "2025-06-03");  // 06-03 is a Tuesday after 端午
  CHECK(in("-3m") == "2024-12-03");
  CHECK(in("-2w") == "2025-02-17");
  CHECK(in("eom") == "2025-03-31");
  CHECK(in("eoq") == "2025-03-31");
  CHECK(in("eoy") == "2025-12-31");
  CHECK(iso_or_none(parse_date_input("eoq", ymd(2025, 8, 15), cal, DateUse::plain)) ==
        "2025-09-30");
}

TEST_CASE("parse_date_input: a deadline moves off rest days, a plain date does not") {
  const Calendar cal = shipped_calendar({2025});
  const Date today = ymd(2025, 3, 3);
  // +5d = Saturday 03-08.
  CHECK(iso_or_none(parse_date_input("+5d", today, cal, DateUse::deadline)) == "2025-03-10");
  CHECK(iso_or_none(parse_date_input("+5d", today, cal, DateUse::plain)) == "2025-03-08");
  CHECK(iso_or_none(parse_date_input("+5d", today, cal, DateUse::deadline, false)) == "2025-03-08");
  // 2025-09-20 + 15d falls in the National Day holiday.
  CHECK(iso_or_none(parse_date_input("+15d", ymd(2025, 9, 20), cal, DateUse::deadline)) ==
        "2025-10-09");
  CHECK(iso_or_none(parse_date_input("+15d", ymd(2025, 9, 20), cal, DateUse::plain)) ==
        "2025-10-05");
}

TEST_CASE("parse_date_input: absolute forms are taken as typed") {
  const Calendar cal = shipped_calendar({2025});
  const Date today = ymd(2025, 3, 3);
  for (const char* text : {"2025-03-02", "2025/3/2", "2025.3.2", "2025年3月2日"}) {
    CAPTURE(text);
    // 2025-03-02 is a Sunday: a date the user typed is never moved.
    CHECK(iso_or_none(parse_date_input(text, today, cal, DateUse::deadline)) == "2025-03-02");
    CHECK(iso_or_none(parse_date_input(text, today, cal, DateUse::plain)) == "2025-03-02");
  }
}

TEST_CASE("parse_date_input: junk is rejected") {
  const Calendar cal = shipped_calendar({2025});
  const Date today = ymd(2025, 3, 3);
  for (const char* bad :
       {"", "tomorrow", "+", "-", "+d", "15d", "+15", "+15x", "++15d", "+eom", "-eoy", "+none",
        "2025-02-30", "2025-13-01", "25-3-2", "2025-03-02x", "2025-03/02", "now"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_date_input(bad, today, cal, DateUse::deadline));
  }
  CHECK(date_forms_hint().find("2025-03-02") != std::string::npos);
  CHECK(date_forms_hint().find("+10wd") != std::string::npos);
}

TEST_CASE("parse_date_input: far relative dates are computed, then refused by the range check") {
  const Calendar cal = shipped_calendar({2025});
  const Date today = ymd(2025, 3, 3);
  for (const char* far : {"+400000d", "+99999m", "+999999w", "+999999wd", "-999999d", "-99999m"}) {
    CAPTURE(far);
    auto d = parse_date_input(far, today, cal, DateUse::deadline);
    REQUIRE(d);
    CHECK_FALSE(date_range_problem(*d).empty());
  }
  CHECK(date_range_problem(*parse_date_input("+3m", today, cal, DateUse::deadline)).empty());
  // Counts beyond six digits never reach the arithmetic: no int overflow.
  for (const char* huge :
       {"+9999999d", "+99999999999999999999d", "+2147483648d", "-9999999999wd", "+4294967296m"}) {
    CAPTURE(huge);
    CHECK_FALSE(parse_date_input(huge, today, cal, DateUse::deadline));
  }
  CHECK_FALSE(parse_due_rule("99999999999d"));
}

TEST_CASE("apply_due_rule from a late start lands past 2999: the range check refuses it") {
  const Calendar cal;
  const Date late = ymd(2999, 12, 20);
  for (const char* rule : {"15d", "10wd", "2w", "1m", "eoy"}) {
    CAPTURE(rule);
    const Date due = apply_due_rule(*parse_due_rule(rule), late, cal, true);
    CHECK(date_range_problem(due).empty() == (due.year() <= 2999));
  }
  CHECK_FALSE(date_range_problem(apply_due_rule(*parse_due_rule("15d"), late, cal, true)).empty());
  CHECK(date_range_problem(apply_due_rule(*parse_due_rule("eoy"), late, cal, false)).empty());
}

TEST_CASE("deadline_by_rule: --within over the default, moved off rest days by the calendar") {
  const Calendar cal = shipped_calendar({2025});
  const DueRule k15d{U::days, 15};
  // 2025-09-23 + 15d = 10-08, in the National Day holiday: moved to 10-09.
  NewDeadline d =
      deadline_by_rule(std::nullopt, k15d, "rework_within", ymd(2025, 9, 23), cal, true);
  CHECK(d.due == ymd(2025, 10, 9));
  CHECK_FALSE(d.fixed);
  CHECK(deadline_by_rule(std::nullopt, k15d, "rework_within", ymd(2025, 9, 23), cal, false).due ==
        ymd(2025, 10, 8));
  d = deadline_by_rule(DueRule{U::workdays, 5}, k15d, "rework_within", ymd(2025, 9, 26), cal, true);
  CHECK(d.due ==
        ymd(2025, 10, 10));  // 9-28 (a Sunday) is a make-up working day, 10-01…10-08 are not
  d = deadline_by_rule(DueRule{U::end_of_month, 0}, k15d, "rework_within", ymd(2025, 5, 6), cal,
                       true);
  CHECK(d.due == ymd(2025, 5, 31));  // a Saturday, kept
  CHECK(d.fixed);
}

TEST_CASE("deadline_by_rule: no rule, or a deadline past 2999, is a usage error") {
  const Calendar cal;
  try {
    deadline_by_rule(std::nullopt, DueRule{}, "kind petition", ymd(2025, 5, 6), cal, true);
    FAIL("no rule, yet a deadline");
  } catch (const Error& e) {
    CHECK(e.code() == k_exit_usage);
    CHECK(std::string(e.what()) ==
          "kind petition has no default deadline: give --due DATE or --within 15d");
  }
  CHECK(
      deadline_by_rule(DueRule{U::days, 3}, DueRule{}, "kind petition", ymd(2025, 5, 6), cal, true)
          .due == ymd(2025, 5, 9));
  CHECK_THROWS_WITH_AS(
      deadline_by_rule(DueRule{U::months, 1}, DueRule{}, "x", ymd(2999, 12, 20), cal, false),
      doctest::Contains("the deadline 1m from 2999-12-20: "), Error);
}
