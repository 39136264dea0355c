#include <doctest/doctest.h>

#include <optional>
#include <string>

#include "core/date.hpp"

using namespace duban;

namespace {

std::string iso_or_none(const std::optional<Date>& d) {
  return d ? d->iso() : "none";
}

}  // namespace

TEST_CASE("Date: from_ymd and iso round trip") {
  CHECK(Date::from_ymd(1970, 1, 1).days() == 0);
  CHECK(Date::from_ymd(2025, 1, 1).days() == 20089);  // 55 * 365 + 14 leap days
  CHECK(Date::from_days(20089).iso() == "2025-01-01");
  CHECK(Date::from_ymd(2025, 3, 2).iso() == "2025-03-02");
  CHECK(Date::from_ymd(2024, 2, 29).iso() == "2024-02-29");
  CHECK(Date::from_ymd(1999, 12, 31).iso() == "1999-12-31");

  const Date d = Date::from_ymd(2026, 10, 8);
  CHECK(d.year() == 2026);
  CHECK(d.month() == 10);
  CHECK(d.day() == 8);
  CHECK(Date::from_ymd(d.year(), d.month(), d.day()) == d);
  CHECK(Date::from_ymd(2025, 3, 1).plus_days(-1).iso() == "2025-02-28");
  CHECK(Date::from_ymd(2024, 12, 31).plus_days(1).iso() == "2025-01-01");
}

TEST_CASE("Date: ordering follows the calendar") {
  CHECK(Date::from_ymd(2025, 1, 31) < Date::from_ymd(2025, 2, 1));
  CHECK(Date::from_ymd(2024, 12, 31) < Date::from_ymd(2025, 1, 1));
  CHECK(Date::from_ymd(2025, 5, 5) == Date::from_ymd(2025, 5, 5));
}

TEST_CASE("Date: ISO weekday, Monday = 1 ... Sunday = 7") {
  CHECK(Date::from_ymd(1970, 1, 1).weekday() == 4);    // Thursday
  CHECK(Date::from_ymd(2025, 1, 1).weekday() == 3);    // Wednesday
  CHECK(Date::from_ymd(2025, 10, 1).weekday() == 3);   // Wednesday
  CHECK(Date::from_ymd(2025, 1, 24).weekday() == 5);   // Friday
  CHECK(Date::from_ymd(2025, 1, 26).weekday() == 7);   // Sunday
  CHECK(Date::from_ymd(2025, 2, 8).weekday() == 6);    // Saturday
  CHECK(Date::from_ymd(2026, 2, 13).weekday() == 5);   // Friday
  CHECK(Date::from_ymd(1969, 12, 31).weekday() == 3);  // before the epoch
  CHECK(Date::from_ymd(2025, 3, 1).is_weekend());
  CHECK(Date::from_ymd(2025, 3, 2).is_weekend());
  CHECK_FALSE(Date::from_ymd(2025, 3, 3).is_weekend());
  CHECK_FALSE(Date::from_ymd(2025, 3, 7).is_weekend());
}

TEST_CASE("Date: leap years and days in month") {
  CHECK(days_in_month(2024, 2) == 29);
  CHECK(days_in_month(2025, 2) == 28);
  CHECK(days_in_month(2000, 2) == 29);  // divisible by 400
  CHECK(days_in_month(1900, 2) == 28);  // divisible by 100 only
  CHECK(days_in_month(2100, 2) == 28);
  CHECK(days_in_month(2025, 1) == 31);
  CHECK(days_in_month(2025, 4) == 30);
  CHECK(days_in_month(2025, 12) == 31);
  CHECK(is_valid_ymd(2024, 2, 29));
  CHECK_FALSE(is_valid_ymd(2025, 2, 29));
  CHECK_FALSE(is_valid_ymd(2025, 2, 30));
  CHECK_FALSE(is_valid_ymd(2025, 4, 31));
  CHECK_FALSE(is_valid_ymd(2025, 13, 1));
  CHECK_FALSE(is_valid_ymd(2025, 0, 1));
  CHECK_FALSE(is_valid_ymd(2025, 1, 0));
  CHECK(Date::from_ymd(2024, 12, 31).days() - Date::from_ymd(2024, 1, 1).days() == 365);
  CHECK(Date::from_ymd(2025, 12, 31).days() - Date::from_ymd(2025, 1, 1).days() == 364);
}

TEST_CASE("Date: plus_months clamps to the end of the month (Civil Code art. 202)") {
  CHECK(Date::from_ymd(2025, 1, 31).plus_months(1).iso() == "2025-02-28");
  CHECK(Date::from_ymd(2024, 1, 31).plus_months(1).iso() == "2024-02-29");
  CHECK(Date::from_ymd(2025, 11, 30).plus_months(3).iso() == "2026-02-28");
  CHECK(Date::from_ymd(2025, 3, 31).plus_months(1).iso() == "2025-04-30");
  CHECK(Date::from_ymd(2025, 3, 2).plus_months(3).iso() == "2025-06-02");
  CHECK(Date::from_ymd(2025, 12, 15).plus_months(1).iso() == "2026-01-15");
  CHECK(Date::from_ymd(2025, 1, 15).plus_months(12).iso() == "2026-01-15");
  CHECK(Date::from_ymd(2024, 2, 29).plus_months(12).iso() == "2025-02-28");
  CHECK(Date::from_ymd(2025, 1, 15).plus_months(0).iso() == "2025-01-15");
  // Negative months go back.
  CHECK(Date::from_ymd(2025, 1, 15).plus_months(-1).iso() == "2024-12-15");
  CHECK(Date::from_ymd(2025, 3, 31).plus_months(-1).iso() == "2025-02-28");
  CHECK(Date::from_ymd(2025, 3, 3).plus_months(-3).iso() == "2024-12-03");
}

TEST_CASE("parse_absolute_date: the four accepted spellings") {
  CHECK(iso_or_none(parse_absolute_date("2025-03-02")) == "2025-03-02");
  CHECK(iso_or_none(parse_absolute_date("2025/3/2")) == "2025-03-02");
  CHECK(iso_or_none(parse_absolute_date("2025.3.2")) == "2025-03-02");
  CHECK(iso_or_none(parse_absolute_date("2025年3月2日")) == "2025-03-02");
  CHECK(iso_or_none(parse_absolute_date("2025-3-2")) == "2025-03-02");
  CHECK(iso_or_none(parse_absolute_date("2025/03/02")) == "2025-03-02");
  CHECK(iso_or_none(parse_absolute_date("2025年03月02日")) == "2025-03-02");
  CHECK(iso_or_none(parse_absolute_date("2025年12月31日")) == "2025-12-31");
  CHECK(iso_or_none(parse_absolute_date("2024-02-29")) == "2024-02-29");
}

TEST_CASE("parse_absolute_date: rejects impossible and malformed dates") {
  CHECK_FALSE(parse_absolute_date("2025-02-30"));
  CHECK_FALSE(parse_absolute_date("2025-02-29"));
  CHECK_FALSE(parse_absolute_date("2025-13-01"));
  CHECK_FALSE(parse_absolute_date("2025-00-10"));
  CHECK_FALSE(parse_absolute_date("2025-01-00"));
  CHECK_FALSE(parse_absolute_date("25-3-2"));
  CHECK_FALSE(parse_absolute_date("2025-03-02x"));
  CHECK_FALSE(parse_absolute_date("2025-03-02 "));
  CHECK_FALSE(parse_absolute_date(" 2025-03-02"));
  CHECK_FALSE(parse_absolute_date("2025-03/02"));  // mixed separators
  CHECK_FALSE(parse_absolute_date("2025/3.2"));
  CHECK_FALSE(parse_absolute_date("2025.03-02"));
  CHECK_FALSE(parse_absolute_date("2025年3-2"));
  CHECK_FALSE(parse_absolute_date("2025-003-02"));
  CHECK_FALSE(parse_absolute_date("20251-03-02"));
  CHECK_FALSE(parse_absolute_date("2025-03"));
  CHECK_FALSE(parse_absolute_date("2025"));
  CHECK_FALSE(parse_absolute_date("20250302"));
  CHECK_FALSE(parse_absolute_date(""));
  CHECK_FALSE(parse_absolute_date("today"));
}

TEST_CASE("parse_iso_date accepts only YYYY-MM-DD") {
  CHECK(iso_or_none(parse_iso_date("2025-03-02")) == "2025-03-02");
  CHECK(iso_or_none(parse_iso_date("2024-02-29")) == "2024-02-29");
  CHECK_FALSE(parse_iso_date("2025-3-2"));
  CHECK_FALSE(parse_iso_date("2025/03/02"));
  CHECK_FALSE(parse_iso_date("2025年3月2日"));
  CHECK_FALSE(parse_iso_date("2025-02-30"));
  CHECK_FALSE(parse_iso_date("2025-13-01"));
  CHECK_FALSE(parse_iso_date("2025-03-02x"));
  CHECK_FALSE(parse_iso_date("2025-0a-02"));
  CHECK_FALSE(parse_iso_date(""));
}

TEST_CASE("end_of_month, end_of_quarter, end_of_year") {
  CHECK(end_of_month(Date::from_ymd(2025, 3, 2)).iso() == "2025-03-31");
  CHECK(end_of_month(Date::from_ymd(2025, 2, 1)).iso() == "2025-02-28");
  CHECK(end_of_month(Date::from_ymd(2024, 2, 10)).iso() == "2024-02-29");
  CHECK(end_of_month(Date::from_ymd(2025, 4, 30)).iso() == "2025-04-30");
  CHECK(end_of_month(Date::from_ymd(2025, 12, 1)).iso() == "2025-12-31");

  CHECK(end_of_quarter(Date::from_ymd(2025, 1, 1)).iso() == "2025-03-31");
  CHECK(end_of_quarter(Date::from_ymd(2025, 3, 31)).iso() == "2025-03-31");
  CHECK(end_of_quarter(Date::from_ymd(2025, 4, 1)).iso() == "2025-06-30");
  CHECK(end_of_quarter(Date::from_ymd(2025, 5, 15)).iso() == "2025-06-30");
  CHECK(end_of_quarter(Date::from_ymd(2025, 8, 15)).iso() == "2025-09-30");
  CHECK(end_of_quarter(Date::from_ymd(2025, 11, 1)).iso() == "2025-12-31");

  CHECK(end_of_year(Date::from_ymd(2025, 1, 1)).iso() == "2025-12-31");
  CHECK(end_of_year(Date::from_ymd(2024, 12, 31)).iso() == "2024-12-31");
  CHECK(end_of_year(Date::from_ymd(2026, 6, 15)).iso() == "2026-12-31");
}

TEST_CASE("in_date_range: 1900-01-01 … 2999-12-31, the dates a task file holds") {
  CHECK(in_date_range(Date::from_ymd(1900, 1, 1)));
  CHECK(in_date_range(Date::from_ymd(2999, 12, 31)));
  CHECK_FALSE(in_date_range(Date::from_ymd(1899, 12, 31)));
  CHECK_FALSE(in_date_range(Date::from_ymd(3000, 1, 1)));
  CHECK_FALSE(in_date_range(Date::from_ymd(10358, 9, 10)));
  CHECK(date_range_problem(Date::from_ymd(2025, 3, 2)).empty());
  const std::string problem = date_range_problem(Date::from_ymd(3122, 1, 29));
  CHECK(problem.find("3122-01-29") != std::string::npos);
  CHECK(problem.find("1900-01-01") != std::string::npos);
  CHECK(problem.find("2999-12-31") != std::string::npos);
  CHECK_FALSE(date_range_problem(Date::from_ymd(1899, 12, 31)).empty());
}

TEST_CASE("parse_absolute_date and parse_iso_date refuse years outside 1900…2999") {
  CHECK(iso_or_none(parse_absolute_date("1900-01-01")) == "1900-01-01");
  CHECK(iso_or_none(parse_absolute_date("2999年12月31日")) == "2999-12-31");
  CHECK(iso_or_none(parse_absolute_date("3000-01-01")) == "none");
  CHECK(iso_or_none(parse_absolute_date("1899/12/31")) == "none");
  CHECK(iso_or_none(parse_iso_date("3122-01-29")) == "none");
}
