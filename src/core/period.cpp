#include "core/period.hpp"

namespace duban {

namespace {

// The whole period of kind `name` containing `d`.
std::optional<Period> whole_period(const std::string& name, Date d) {
  if (name == "week") {
    Date monday = d.plus_days(1 - d.weekday());
    return Period{monday, monday.plus_days(6)};
  }
  if (name == "month") {
    return Period{Date::from_ymd(d.year(), d.month(), 1), end_of_month(d)};
  }
  if (name == "quarter") {
    int first = (d.month() - 1) / 3 * 3 + 1;
    return Period{Date::from_ymd(d.year(), first, 1), end_of_quarter(d)};
  }
  if (name == "year") {
    return Period{Date::from_ymd(d.year(), 1, 1), end_of_year(d)};
  }
  return std::nullopt;
}

}  // namespace

std::optional<Period> period_around(const std::string& name, Date as_of, bool previous) {
  auto p = whole_period(name, as_of);
  if (!p) {
    return std::nullopt;
  }
  if (previous) {
    return whole_period(name, p->from.plus_days(-1));
  }
  p->to = as_of;
  return p;
}

}  // namespace duban
