#pragma once

#include <string>
#include <vector>

#include "core/calendar.hpp"

namespace duban {

/// One calendar/YYYY.yaml: the year and its holidays.
struct CalendarYear {
  int year = 0;
  std::vector<Holiday> holidays;
};

/// Read a calendar file; errors name path:line and the field.
CalendarYear parse_calendar_year(const std::string& text, const std::string& path);

}  // namespace duban
