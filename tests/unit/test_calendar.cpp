#include <doctest/doctest.h>

#include <initializer_list>
#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "core/date.hpp"
#include "core/deadline.hpp"
#include "core/error.hpp"
#include "helpers.hpp"
#include "store/calendar_file.hpp"
#include "store/fsutil.hpp"

using namespace duban;
using namespace duban::testing;

namespace {

// The message of the data error `text` raises, or "" when it parses.
std::string calendar_error(const std::string& text) {
  try {
    parse_calendar_year(text, "calendar/2025.yaml");
  } catch (const Error& e) {
    CHECK(e.code() == k_exit_data);
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("calendar file: the shipped 2025 file holds the six holidays of the notice") {
  const std::string path = std::string(DUBAN_SOURCE_DIR) + "/examples/calendar/2025.yaml";
  CalendarYear cy = parse_calendar_year(read_file(path), path);
  CHECK(cy.year == 2025);
  REQUIRE(cy.holidays.size() == 6);
  CHECK(cy.holidays[1].name == "春节");
  CHECK(cy.holidays[1].from.iso() == "2025-01-28");
  CHECK(cy.holidays[1].to.iso() == "2025-02-04");
  REQUIRE(cy.holidays[1].work.size() == 2);
  CHECK(cy.holidays[1].work[0].iso() == "2025-01-26");
  CHECK(cy.holidays[1].work[1].iso() == "2025-02-08");
  CHECK(cy.holidays[0].from == cy.holidays[0].to);  // 元旦, one day
}

TEST_CASE("the shipped calendar files hold the year their name says") {
  for (int y : {2024, 2025, 2026}) {
    const std::string path =
        std::string(DUBAN_SOURCE_DIR) + "/examples/calendar/" + std::to_string(y) + ".yaml";
    REQUIRE(parse_calendar_year(read_file(path), path).year == y);
  }
}

TEST_CASE("calendar 2025: swapped weekend days (调休) are working days") {
  const Calendar cal = shipped_calendar({2025});
  CHECK(cal.is_workday(ymd(2025, 1, 26)));   // Sunday
  CHECK(cal.is_workday(ymd(2025, 2, 8)));    // Saturday
  CHECK(cal.is_workday(ymd(2025, 4, 27)));   // Sunday
  CHECK(cal.is_workday(ymd(2025, 9, 28)));   // Sunday
  CHECK(cal.is_workday(ymd(2025, 10, 11)));  // Saturday
}

TEST_CASE("calendar 2025: official holidays are not working days, even on weekdays") {
  const Calendar cal = shipped_calendar({2025});
  CHECK_FALSE(cal.is_workday(ymd(2025, 1, 1)));
  for (Date d = ymd(2025, 1, 28); d <= ymd(2025, 2, 4); d = d.plus_days(1)) {
    CAPTURE(d.iso());
    CHECK_FALSE(cal.is_workday(d));
  }
  for (Date d = ymd(2025, 10, 1); d <= ymd(2025, 10, 8); d = d.plus_days(1)) {
    CAPTURE(d.iso());
    CHECK_FALSE(cal.is_workday(d));
  }
  for (Date d = ymd(2025, 5, 1); d <= ymd(2025, 5, 5); d = d.plus_days(1)) {
    CAPTURE(d.iso());
    CHECK_FALSE(cal.is_workday(d));
  }
  CHECK_FALSE(cal.is_workday(ymd(2025, 6, 2)));  // 端午, a Monday
  // The days around a holiday are ordinary.
  CHECK(cal.is_workday(ymd(2025, 1, 27)));
  CHECK(cal.is_workday(ymd(2025, 2, 5)));
  CHECK(cal.is_workday(ymd(2025, 9, 30)));
  CHECK(cal.is_workday(ymd(2025, 10, 9)));
}

TEST_CASE("calendar 2025: ordinary weekends are rest days, ordinary weekdays work") {
  const Calendar cal = shipped_calendar({2025});
  CHECK_FALSE(cal.is_workday(ymd(2025, 3, 1)));    // Saturday
  CHECK_FALSE(cal.is_workday(ymd(2025, 3, 2)));    // Sunday
  CHECK_FALSE(cal.is_workday(ymd(2025, 2, 9)));    // Sunday after the swapped Saturday
  CHECK_FALSE(cal.is_workday(ymd(2025, 10, 12)));  // Sunday after the swapped Saturday
  CHECK(cal.is_workday(ymd(2025, 3, 3)));          // Monday
  CHECK(cal.is_workday(ymd(2025, 3, 7)));          // Friday
}

TEST_CASE("calendar: next_workday_on_or_after") {
  const Calendar cal = shipped_calendar({2025});
  CHECK(cal.next_workday_on_or_after(ymd(2025, 3, 3)).iso() == "2025-03-03");
  CHECK(cal.next_workday_on_or_after(ymd(2025, 3, 1)).iso() == "2025-03-03");
  CHECK(cal.next_workday_on_or_after(ymd(2025, 10, 1)).iso() == "2025-10-09");
  CHECK(cal.next_workday_on_or_after(ymd(2025, 1, 28)).iso() == "2025-02-05");
  CHECK(cal.next_workday_on_or_after(ymd(2025, 1, 25)).iso() ==
        "2025-01-26");  // Sat -> swapped Sun
}

TEST_CASE("calendar: add_workdays across the 2025 Spring Festival") {
  const Calendar cal = shipped_calendar({2025});
  const Date fri = ymd(2025, 1, 24);
  // 01-26 (Sun, swapped) = 1, 01-27 = 2, 01-28..02-04 off, 02-05 = 3, 02-06 = 4, 02-07 = 5.
  CHECK(cal.add_workdays(fri, 0).iso() == "2025-01-24");
  CHECK(cal.add_workdays(fri, 1).iso() == "2025-01-26");
  CHECK(cal.add_workdays(fri, 2).iso() == "2025-01-27");
  CHECK(cal.add_workdays(fri, 3).iso() == "2025-02-05");
  CHECK(cal.add_workdays(fri, 5).iso() == "2025-02-07");
  CHECK(cal.add_workdays(fri, 6).iso() == "2025-02-08");  // swapped Saturday
  CHECK(cal.add_workdays(fri, 7).iso() == "2025-02-10");
}

TEST_CASE("calendar: add_workdays across the 2025 National Day") {
  const Calendar cal = shipped_calendar({2025});
  const Date fri = ymd(2025, 9, 26);
  // 09-28 (Sun, swapped) = 1, 09-29 = 2, 09-30 = 3, 10-01..10-08 off,
  // 10-09 = 4, 10-10 = 5, 10-11 (Sat, swapped) = 6, 10-13 = 7.
  CHECK(cal.add_workdays(fri, 1).iso() == "2025-09-28");
  CHECK(cal.add_workdays(fri, 3).iso() == "2025-09-30");
  CHECK(cal.add_workdays(fri, 4).iso() == "2025-10-09");
  CHECK(cal.add_workdays(fri, 6).iso() == "2025-10-11");
  CHECK(cal.add_workdays(fri, 7).iso() == "2025-10-13");
  // Starting on a holiday: the start is not counted either way.
  CHECK(cal.add_workdays(ymd(2025, 10, 3), 1).iso() == "2025-10-09");
}

TEST_CASE("calendar: workdays_between counts the half-open range (from, to]") {
  const Calendar cal = shipped_calendar({2025});
  CHECK(cal.workdays_between(ymd(2025, 1, 24), ymd(2025, 2, 7)) == 5);
  CHECK(cal.workdays_between(ymd(2025, 1, 24), ymd(2025, 2, 8)) == 6);
  CHECK(cal.workdays_between(ymd(2025, 9, 26), ymd(2025, 10, 13)) == 7);
  CHECK(cal.workdays_between(ymd(2025, 9, 30), ymd(2025, 10, 10)) == 2);  // 10-09, 10-10
  CHECK(cal.workdays_between(ymd(2025, 9, 30), ymd(2025, 10, 8)) == 0);
  CHECK(cal.workdays_between(ymd(2025, 3, 3), ymd(2025, 3, 10)) == 5);  // Mon to Mon
  CHECK(cal.workdays_between(ymd(2025, 3, 3), ymd(2025, 3, 3)) == 0);
  CHECK(cal.workdays_between(ymd(2025, 3, 10), ymd(2025, 3, 3)) == 0);
  // add_workdays and workdays_between agree.
  for (int n : {0, 1, 4, 9, 20}) {
    CAPTURE(n);
    CHECK(cal.workdays_between(ymd(2025, 9, 20), cal.add_workdays(ymd(2025, 9, 20), n)) == n);
  }
}

TEST_CASE("calendar: the three worked examples of CALENDAR.md (2026)") {
  const Calendar cal = shipped_calendar({2026});
  // Registered 2026-09-20 (a swapped working Sunday), 15-day limit: 10-05 is in the holiday.
  CHECK(cal.is_workday(ymd(2026, 9, 20)));
  CHECK(apply_due_rule(*parse_due_rule("15d"), ymd(2026, 9, 20), cal, true).iso() == "2026-10-08");
  // Five working days from Friday 2026-02-13: 02-14 (Sat) works, 02-15 .. 02-23 do not.
  CHECK(cal.add_workdays(ymd(2026, 2, 13), 5).iso() == "2026-02-27");
  CHECK(apply_due_rule(*parse_due_rule("5wd"), ymd(2026, 2, 13), cal, true).iso() == "2026-02-27");
  // 15 days from 2026-04-20 is 05-05, the last day of 劳动节.
  CHECK(apply_due_rule(*parse_due_rule("15d"), ymd(2026, 4, 20), cal, true).iso() == "2026-05-06");
}

TEST_CASE("calendar 2026: swapped days and holidays of the notice") {
  const Calendar cal = shipped_calendar({2026});
  CHECK(cal.is_workday(ymd(2026, 1, 4)));         // Sunday
  CHECK(cal.is_workday(ymd(2026, 2, 14)));        // Saturday
  CHECK(cal.is_workday(ymd(2026, 2, 28)));        // Saturday
  CHECK(cal.is_workday(ymd(2026, 5, 9)));         // Saturday
  CHECK(cal.is_workday(ymd(2026, 10, 10)));       // Saturday
  CHECK_FALSE(cal.is_workday(ymd(2026, 1, 2)));   // Friday in 元旦
  CHECK_FALSE(cal.is_workday(ymd(2026, 2, 23)));  // Monday in 春节
  CHECK_FALSE(cal.is_workday(ymd(2026, 10, 7)));  // Wednesday in 国庆
  CHECK(cal.is_workday(ymd(2026, 10, 8)));
}

TEST_CASE("calendar: years without a file are unknown, weekends only") {
  const Calendar cal = shipped_calendar({2025});
  CHECK(cal.knows_year(2025));
  CHECK_FALSE(cal.knows_year(2024));
  CHECK_FALSE(cal.knows_year(2026));
  CHECK(cal.years() == std::set<int>{2025});
  CHECK(cal.unknown_years(ymd(2025, 1, 1), ymd(2025, 12, 31)).empty());
  CHECK(cal.unknown_years(ymd(2024, 12, 1), ymd(2026, 1, 5)) == std::vector<int>{2024, 2026});
  CHECK(cal.unknown_years(ymd(2027, 3, 1), ymd(2027, 3, 2)) == std::vector<int>{2027});

  const Calendar empty;
  CHECK(empty.is_workday(ymd(2025, 10, 1)));        // no holiday known
  CHECK_FALSE(empty.is_workday(ymd(2025, 9, 28)));  // no swap known
  CHECK(empty.unknown_years(ymd(2025, 6, 1), ymd(2026, 6, 1)) == std::vector<int>{2025, 2026});
}

TEST_CASE("calendar: several years combine") {
  const Calendar cal = shipped_calendar({2024, 2025, 2026});
  CHECK(cal.years() == std::set<int>{2024, 2025, 2026});
  CHECK(cal.is_workday(ymd(2024, 9, 29)));  // 2024 swapped Sunday
  CHECK_FALSE(cal.is_workday(ymd(2024, 10, 7)));
  // 2025-12-31 (Wed) to 2026-01-05 (Mon): 01-01..01-03 off, 01-04 (Sun) works, 01-05 works.
  CHECK(cal.workdays_between(ymd(2025, 12, 31), ymd(2026, 1, 5)) == 2);
  CHECK(cal.add_workdays(ymd(2025, 12, 31), 1).iso() == "2026-01-04");
}

TEST_CASE("parse_calendar_year: a bad date names path:line and the field") {
  const std::string msg = calendar_error(
      "year: 2025\n"
      "holidays:\n"
      "  - name: 劳动节\n"
      "    from: 2025-02-30\n"
      "    to: 2025-05-05\n");
  CHECK(msg.rfind("calendar/2025.yaml:4: ", 0) == 0);
  CHECK(msg.find("from") != std::string::npos);
}

TEST_CASE("parse_calendar_year: 'to' before 'from' names path:line") {
  const std::string msg = calendar_error(
      "year: 2025\n"
      "holidays:\n"
      "  - name: 劳动节\n"
      "    from: 2025-05-05\n"
      "    to: 2025-05-01\n");
  CHECK(msg.rfind("calendar/2025.yaml:5: ", 0) == 0);
  CHECK(msg.find("to") != std::string::npos);
}

TEST_CASE("parse_calendar_year: a bad swapped working day names path:line") {
  const std::string msg = calendar_error(
      "year: 2025\n"
      "holidays:\n"
      "  - name: 春节\n"
      "    from: 2025-01-28\n"
      "    to: 2025-02-04\n"
      "    work:\n"
      "      - 2025-01-26\n"
      "      - 2025-2-8\n");
  CHECK(msg.rfind("calendar/2025.yaml:8: ", 0) == 0);
  CHECK(msg.find("work") != std::string::npos);
}

TEST_CASE("parse_calendar_year: missing year, broken YAML") {
  CHECK(calendar_error("holidays: []\n").rfind("calendar/2025.yaml:1: ", 0) == 0);
  const std::string broken = calendar_error("year: 2025\nholidays: [\n");
  CHECK(broken.rfind("calendar/2025.yaml:", 0) == 0);
  CHECK(broken.find("YAML") != std::string::npos);
  // A one-day holiday needs no 'to'.
  CalendarYear cy = parse_calendar_year(
      "year: 2025\nholidays:\n  - name: 元旦\n    from: 2025-01-01\n", "c.yaml");
  REQUIRE(cy.holidays.size() == 1);
  CHECK(cy.holidays[0].to.iso() == "2025-01-01");
}
