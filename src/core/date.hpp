#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace duban {

/// A civil date (no time, no zone), stored as days since 1970-01-01.
class Date {
 public:
  constexpr Date() = default;
  /// The date of year `y`, month `m`, day `d`; the caller guarantees validity.
  static Date from_ymd(int y, int m, int d);
  static constexpr Date from_days(int days) { return Date(days); }

  constexpr int days() const { return days_; }
  int year() const;
  int month() const;
  int day() const;
  /// ISO weekday: 1 = Monday … 7 = Sunday.
  int weekday() const;
  bool is_weekend() const { return weekday() >= 6; }

  Date plus_days(int n) const { return Date(days_ + n); }
  /// Civil Code art. 202: the same day `n` months later, or that month's last day.
  Date plus_months(int n) const;

  /// `YYYY-MM-DD`.
  std::string iso() const;

  friend constexpr auto operator<=>(Date, Date) = default;

 private:
  constexpr explicit Date(int days) : days_(days) {}
  int days_ = 0;
};

/// The years of the dates duban accepts on input and writes (SPEC §6): a task
/// file holds four-digit years, so nothing outside could be read back.
inline constexpr int k_first_year = 1900;
inline constexpr int k_last_year = 2999;

/// True when `d` lies in 1900-01-01 … 2999-12-31.
bool in_date_range(Date d);

/// Why `d` is refused, "3122-01-29 is outside 1900-01-01 … 2999-12-31", or ""
/// when it lies in the range.
std::string date_range_problem(Date d);

/// Days in month `m` of year `y`.
int days_in_month(int y, int m);
/// True when y-m-d names a real date.
bool is_valid_ymd(int y, int m, int d);

/// Parse an absolute date: `2025-03-02`, `2025/3/2`, `2025.3.2`, `2025年3月2日`.
std::optional<Date> parse_absolute_date(std::string_view text);
/// Parse strictly `YYYY-MM-DD`, the form task files use.
std::optional<Date> parse_iso_date(std::string_view text);

Date end_of_month(Date d);
Date end_of_quarter(Date d);
Date end_of_year(Date d);

}  // namespace duban
