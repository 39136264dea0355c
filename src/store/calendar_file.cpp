#include "store/calendar_file.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "core/error.hpp"
#include "store/yaml_load.hpp"

namespace duban {

namespace {

[[noreturn]] void fail(const std::string& path, const YAML::Node& node, const std::string& what) {
  throw data_error(fmt::format("{}:{}: {}", path, node.Mark().line + 1, what));
}

Date date_in(const std::string& path, const YAML::Node& node, const char* key, int year) {
  auto d = node.IsScalar() ? parse_iso_date(node.Scalar()) : std::nullopt;
  if (!d) {
    fail(path, node, fmt::format("{}: expected a date YYYY-MM-DD", key));
  }
  // A holiday may start in the previous year's last days, never far outside.
  if (d->year() < year - 1 || d->year() > year + 1) {
    fail(path, node, fmt::format("{}: {} is outside {}", key, d->iso(), year));
  }
  return *d;
}

}  // namespace

CalendarYear parse_calendar_year(const std::string& text, const std::string& path) {
  YAML::Node root = load_yaml(text, path);
  if (!root.IsMap() || !root["year"]) {
    throw data_error(fmt::format("{}:1: expected 'year:' and 'holidays:'", path));
  }
  CalendarYear cy;
  // What as<int>() reads, without its exception.
  if (!YAML::convert<int>::decode(root["year"], cy.year)) {
    fail(path, root["year"], "year: expected a year like 2025");
  }
  const YAML::Node list = root["holidays"];
  if (!list || list.IsNull()) {
    return cy;
  }
  if (!list.IsSequence()) {
    fail(path, list, "holidays: expected a list");
  }
  for (const auto& h : list) {
    if (!h.IsMap() || !h["from"]) {
      fail(path, h, "holidays: each needs from (and to, when longer than a day)");
    }
    Holiday hol;
    hol.name = h["name"] ? h["name"].Scalar() : "";
    hol.from = date_in(path, h["from"], "from", cy.year);
    hol.to = h["to"] ? date_in(path, h["to"], "to", cy.year) : hol.from;
    if (hol.to < hol.from) {
      fail(path, h["to"], "to: is before from");
    }
    if (const YAML::Node w = h["work"]) {
      if (!w.IsSequence()) {
        fail(path, w, "work: expected a list of dates");
      }
      for (const auto& d : w) {
        hol.work.push_back(date_in(path, d, "work", cy.year));
      }
    }
    cy.holidays.push_back(std::move(hol));
  }
  return cy;
}

}  // namespace duban
