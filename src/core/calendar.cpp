#include "core/calendar.hpp"

namespace duban {

void Calendar::add_year(int year, const std::vector<Holiday>& holidays) {
  years_.insert(year);
  for (const Holiday& h : holidays) {
    for (Date d = h.from; d <= h.to; d = d.plus_days(1)) {
      off_.insert(d.days());
    }
    for (Date w : h.work) {
      work_.insert(w.days());
    }
  }
}

bool Calendar::is_workday(Date d) const {
  if (work_.count(d.days()) > 0) {
    return true;
  }
  if (off_.count(d.days()) > 0) {
    return false;
  }
  return !d.is_weekend();
}

Date Calendar::next_workday_on_or_after(Date d) const {
  while (!is_workday(d)) {
    d = d.plus_days(1);
  }
  return d;
}

Date Calendar::add_workdays(Date start, int n) const {
  Date d = start;
  while (n > 0) {
    d = d.plus_days(1);
    if (is_workday(d)) {
      --n;
    }
  }
  return d;
}

Date Calendar::subtract_workdays(Date start, int n) const {
  Date d = start;
  while (n > 0) {
    d = d.plus_days(-1);
    if (is_workday(d)) {
      --n;
    }
  }
  return d;
}

int Calendar::workdays_between(Date from, Date to) const {
  int count = 0;
  for (Date d = from.plus_days(1); d <= to; d = d.plus_days(1)) {
    count += is_workday(d) ? 1 : 0;
  }
  return count;
}

std::vector<int> Calendar::unknown_years(Date from, Date to) const {
  std::vector<int> out;
  for (int y = from.year(); y <= to.year(); ++y) {
    if (!knows_year(y)) {
      out.push_back(y);
    }
  }
  return out;
}

}  // namespace duban
