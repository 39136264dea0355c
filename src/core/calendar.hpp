#pragma once

#include <set>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/date.hpp"

namespace duban {

/// One holiday of the State Council notice: days off and swapped working days.
struct Holiday {
  std::string name;
  Date from;
  Date to;
  std::vector<Date> work;
};

/// Working days: weekdays, minus official holidays, plus swapped working days (调休).
/// A year without a calendar counts weekends only; `knows_year` tells callers so
/// that they can say so instead of silently guessing.
class Calendar {
 public:
  /// Record the official arrangement of `year`.
  void add_year(int year, const std::vector<Holiday>& holidays);
  bool knows_year(int year) const { return years_.count(year) > 0; }
  const std::set<int>& years() const { return years_; }

  bool is_workday(Date d) const;
  /// `d` itself when it is a working day, else the first working day after it.
  Date next_workday_on_or_after(Date d) const;
  /// The `n`-th working day after `start` (start itself not counted), n >= 0.
  Date add_workdays(Date start, int n) const;
  /// The `n`-th working day before `start` (start itself not counted), n >= 0.
  Date subtract_workdays(Date start, int n) const;
  /// Working days in the half-open range (from, to]; 0 when to <= from.
  int workdays_between(Date from, Date to) const;
  /// Years in [from, to] that have no calendar.
  std::vector<int> unknown_years(Date from, Date to) const;

 private:
  std::set<int> years_;
  std::unordered_set<int> off_;
  std::unordered_set<int> work_;
};

}  // namespace duban
