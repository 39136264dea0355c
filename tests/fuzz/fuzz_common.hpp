// Shared fixtures of the fuzz targets: a fixed calendar, config and units.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/calendar.hpp"
#include "core/config.hpp"
#include "core/date.hpp"
#include "core/units.hpp"

namespace duban_fuzz {

inline duban::Date ymd(int y, int m, int d) {
  return duban::Date::from_ymd(y, m, d);
}

// 2025 with the National Day holiday and its two swapped working days.
inline const duban::Calendar& calendar() {
  static const duban::Calendar cal = [] {
    duban::Calendar c;
    c.add_year(
        2025,
        {duban::Holiday{"国庆节、中秋节",
                        ymd(2025, 10, 1),
                        ymd(2025, 10, 8),
                        {ymd(2025, 9, 28), ymd(2025, 10, 11)}},
         duban::Holiday{
             "春节", ymd(2025, 1, 28), ymd(2025, 2, 4), {ymd(2025, 1, 26), ymd(2025, 2, 8)}}});
    return c;
  }();
  return cal;
}

inline duban::Units units() {
  duban::Units u;
  u.add(duban::Unit{"市发改委", "发改委", {"市发展和改革委员会"}, "department", "", ""});
  u.add(duban::Unit{"市财政局", "", {"财政局"}, "department", "", ""});
  u.add(duban::Unit{"城东区", "", {"东区"}, "county", "", ""});
  return u;
}

[[noreturn]] inline void die(const char* what, const std::string& a, const std::string& b) {
  std::fprintf(stderr, "%s\n--- first:\n%s\n--- second:\n%s\n", what, a.c_str(), b.c_str());
  std::abort();
}

}  // namespace duban_fuzz
