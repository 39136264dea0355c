// Small helpers the unit tests share. Core only: the core unit tests
// (duban_unit_core) link duban_core alone.
#pragma once

#include <algorithm>
#include <fstream>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.hpp"
#include "core/date.hpp"

namespace duban::testing {

inline Date ymd(int y, int m, int d) {
  return Date::from_ymd(y, m, d);
}

inline bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

/// The holidays of the shipped examples/calendar/`year`.yaml, read line by
/// line from the fixed layout of those files (no YAML reader: that is store).
/// test_store_files.cpp checks it reads what parse_calendar_year reads.
inline std::vector<Holiday> shipped_holidays(int year) {
  const std::string path =
      std::string(DUBAN_SOURCE_DIR) + "/examples/calendar/" + std::to_string(year) + ".yaml";
  std::ifstream in(path);
  if (!in) {
    throw std::runtime_error("cannot read " + path);
  }
  std::vector<Holiday> holidays;
  auto date = [&path](std::string_view text) {
    auto d = parse_iso_date(text.substr(text.find_first_not_of(' ')));
    if (!d) {
      throw std::runtime_error(path + ": not a date: " + std::string(text));
    }
    return *d;
  };
  bool has_to = false;
  for (std::string line; std::getline(in, line);) {
    std::string_view s = line;
    s.remove_prefix(std::min(s.size(), s.find_first_not_of(' ')));
    const bool item = s.starts_with("- ");
    if (item && (s.starts_with("- name:") || s.starts_with("- from:"))) {
      holidays.emplace_back();
      has_to = false;
      s.remove_prefix(2);
    }
    if (s.starts_with("name:")) {
      holidays.back().name = std::string(s.substr(s.find_first_not_of(' ', 5)));
    } else if (s.starts_with("from:")) {
      holidays.back().from = date(s.substr(5));
      holidays.back().to = has_to ? holidays.back().to : holidays.back().from;
    } else if (s.starts_with("to:")) {
      holidays.back().to = date(s.substr(3));
      has_to = true;
    } else if (item && !holidays.empty()) {
      holidays.back().work.push_back(date(s.substr(2)));
    }
  }
  return holidays;
}

/// The calendars shipped in examples/calendar for `years`.
inline Calendar shipped_calendar(std::initializer_list<int> years) {
  Calendar cal;
  for (int y : years) {
    cal.add_year(y, shipped_holidays(y));
  }
  return cal;
}

}  // namespace duban::testing
