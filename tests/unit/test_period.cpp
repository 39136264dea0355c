// Report periods (SPEC §9): the week (Monday–Sunday), month, quarter or year
// containing the as-of date, cut at it; with --previous the whole period before.
#include <doctest/doctest.h>

#include <optional>
#include <string>

#include "core/period.hpp"
#include "helpers.hpp"

using namespace duban;
using namespace duban::testing;

namespace {

// "FROM..TO" of a period, or "none".
std::string span(const std::string& name, Date as_of, bool previous = false) {
  std::optional<Period> p = period_around(name, as_of, previous);
  if (!p) {
    return "none";
  }
  return p->from.iso() + ".." + p->to.iso();
}

}  // namespace

TEST_CASE("period week: Monday to the as-of date") {
  REQUIRE(ymd(2025, 6, 18).weekday() == 3);
  CHECK(span("week", ymd(2025, 6, 18)) == "2025-06-16..2025-06-18");
  // on a Monday the period is that day alone
  CHECK(span("week", ymd(2025, 6, 16)) == "2025-06-16..2025-06-16");
  // on a Sunday it is the whole week, Monday to Sunday
  CHECK(span("week", ymd(2025, 6, 22)) == "2025-06-16..2025-06-22");
  // a week across the turn of the year starts in December
  CHECK(span("week", ymd(2025, 1, 1)) == "2024-12-30..2025-01-01");
}

TEST_CASE("period week --previous: the whole Monday–Sunday week before") {
  CHECK(span("week", ymd(2025, 6, 18), true) == "2025-06-09..2025-06-15");
  CHECK(span("week", ymd(2025, 6, 16), true) == "2025-06-09..2025-06-15");
  CHECK(span("week", ymd(2025, 6, 22), true) == "2025-06-09..2025-06-15");
  CHECK(span("week", ymd(2025, 6, 23), true) == "2025-06-16..2025-06-22");
  CHECK(span("week", ymd(2025, 1, 1), true) == "2024-12-23..2024-12-29");
  // cron on Friday 2025-10-17 for last week
  CHECK(span("week", ymd(2025, 10, 17), true) == "2025-10-06..2025-10-12");
}

TEST_CASE("period month") {
  CHECK(span("month", ymd(2025, 6, 18)) == "2025-06-01..2025-06-18");
  CHECK(span("month", ymd(2025, 6, 1)) == "2025-06-01..2025-06-01");
  CHECK(span("month", ymd(2025, 6, 30)) == "2025-06-01..2025-06-30");
  CHECK(span("month", ymd(2025, 6, 18), true) == "2025-05-01..2025-05-31");
  CHECK(span("month", ymd(2025, 6, 1), true) == "2025-05-01..2025-05-31");
  // the monthly report by the 5th: January's report in February
  CHECK(span("month", ymd(2025, 2, 5), true) == "2025-01-01..2025-01-31");
  // February, common and leap years
  CHECK(span("month", ymd(2025, 3, 5), true) == "2025-02-01..2025-02-28");
  CHECK(span("month", ymd(2024, 3, 5), true) == "2024-02-01..2024-02-29");
  // December of the year before
  CHECK(span("month", ymd(2025, 1, 3), true) == "2024-12-01..2024-12-31");
}

TEST_CASE("period quarter") {
  CHECK(span("quarter", ymd(2025, 6, 18)) == "2025-04-01..2025-06-18");
  CHECK(span("quarter", ymd(2025, 1, 1)) == "2025-01-01..2025-01-01");
  CHECK(span("quarter", ymd(2025, 3, 31)) == "2025-01-01..2025-03-31");
  CHECK(span("quarter", ymd(2025, 8, 15)) == "2025-07-01..2025-08-15");
  CHECK(span("quarter", ymd(2025, 11, 28)) == "2025-10-01..2025-11-28");
  CHECK(span("quarter", ymd(2025, 6, 18), true) == "2025-01-01..2025-03-31");
  CHECK(span("quarter", ymd(2025, 7, 1), true) == "2025-04-01..2025-06-30");
  CHECK(span("quarter", ymd(2025, 10, 5), true) == "2025-07-01..2025-09-30");
  CHECK(span("quarter", ymd(2025, 12, 31), true) == "2025-07-01..2025-09-30");
  CHECK(span("quarter", ymd(2025, 2, 10), true) == "2024-10-01..2024-12-31");
}

TEST_CASE("period year") {
  CHECK(span("year", ymd(2025, 6, 18)) == "2025-01-01..2025-06-18");
  CHECK(span("year", ymd(2025, 11, 28)) == "2025-01-01..2025-11-28");
  CHECK(span("year", ymd(2025, 12, 31)) == "2025-01-01..2025-12-31");
  CHECK(span("year", ymd(2025, 1, 1)) == "2025-01-01..2025-01-01");
  CHECK(span("year", ymd(2025, 6, 18), true) == "2024-01-01..2024-12-31");
  CHECK(span("year", ymd(2025, 1, 1), true) == "2024-01-01..2024-12-31");
}

TEST_CASE("period: an unknown name gives no period") {
  CHECK(span("day", ymd(2025, 6, 18)) == "none");
  CHECK(span("", ymd(2025, 6, 18)) == "none");
  CHECK(span("Month", ymd(2025, 6, 18)) == "none");
  CHECK(span("fortnight", ymd(2025, 6, 18), true) == "none");
}

TEST_CASE("period: from is never after to") {
  for (const char* name : {"week", "month", "quarter", "year"}) {
    for (int day = 0; day < 800; day += 7) {
      const Date d = ymd(2024, 1, 1).plus_days(day);
      for (bool previous : {false, true}) {
        std::optional<Period> p = period_around(name, d, previous);
        REQUIRE(p.has_value());
        CHECK(p->from <= p->to);
        if (previous) {
          CHECK(p->to < d);
          // the previous period ends the day before the current one starts
          CHECK(p->to.plus_days(1) == period_around(name, d, false)->from);
        } else {
          CHECK(p->to == d);
        }
      }
    }
  }
}
