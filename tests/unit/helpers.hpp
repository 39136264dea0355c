// Small helpers the unit tests share.
#pragma once

#include <initializer_list>
#include <string>

#include "core/calendar.hpp"
#include "store/calendar_file.hpp"
#include "core/date.hpp"
#include "store/fsutil.hpp"

namespace duban::testing {

inline Date ymd(int y, int m, int d) { return Date::from_ymd(y, m, d); }

inline bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

/// The calendars shipped in examples/calendar for `years`.
inline Calendar shipped_calendar(std::initializer_list<int> years) {
  Calendar cal;
  for (int y : years) {
    const std::string path = std::string(DUBAN_SOURCE_DIR) + "/examples/calendar/" + std::to_string(y) + ".yaml";
    CalendarYear cy = parse_calendar_year(read_file(path), path);
    cal.add_year(cy.year, cy.holidays);
  }
  return cal;
}

}  // namespace duban::testing
