// Store's reading of duban.yaml and of the shipped calendars, as the core
// types and the core-only test helpers see them.
#include <doctest/doctest.h>

#include <string>

#include "core/error.hpp"
#include "helpers.hpp"
#include "store/calendar_file.hpp"
#include "store/config_file.hpp"
#include "store/fsutil.hpp"
#include "store/yaml_load.hpp"

#include <yaml-cpp/yaml.h>

using namespace duban;

TEST_CASE("scalar_as: a value where as<T>() converts, nullopt where it would throw") {
  const YAML::Node n = load_yaml("i: 12\nd: 2.5\nb: true\nt: 督办\nl: [1]\n", "x.yaml");
  CHECK(scalar_as<int>(n["i"]) == 12);
  CHECK(scalar_as<double>(n["d"]) == 2.5);
  CHECK(scalar_as<double>(n["i"]) == 12.0);
  CHECK(scalar_as<bool>(n["b"]) == true);
  CHECK_FALSE(scalar_as<int>(n["d"]).has_value());
  CHECK_FALSE(scalar_as<int>(n["t"]).has_value());
  CHECK_FALSE(scalar_as<bool>(n["t"]).has_value());
  CHECK_FALSE(scalar_as<int>(n["l"]).has_value());
  CHECK_FALSE(scalar_as<int>(n["absent"]).has_value());
}

TEST_CASE("duban.yaml: init's text reads back as default_config") {
  const Config want = default_config();
  const std::string text = default_config_yaml("督查室");
  CHECK(testing::contains(text, "  work-report:\n    label: 政府工作报告\n    due: eoy\n"));
  CHECK(testing::contains(text, "  hotline:\n    label: 便民热线\n    due: 5wd\n"));
  const Config got = parse_config(text, "duban.yaml");
  REQUIRE(got.kinds.size() == want.kinds.size());
  for (size_t i = 0; i < want.kinds.size(); ++i) {
    CHECK(got.kinds[i].name == want.kinds[i].name);
    CHECK(got.kinds[i].label == want.kinds[i].label);
    CHECK(to_string(got.kinds[i].due) == to_string(want.kinds[i].due));
  }
  CHECK(got.escalation_names == want.escalation_names);
  CHECK(to_string(got.rework_within) == to_string(want.rework_within));
}

TEST_CASE("duban.yaml: values that do not convert keep their messages") {
  auto message = [](const std::string& text) {
    try {
      parse_config(text, "duban.yaml");
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(message("office: x\nyellow_days: many\n") ==
        "duban.yaml:2: yellow_days: expected a whole number 0-365");
  CHECK(message("yellow_days: 400\n") ==
        "duban.yaml:1: yellow_days: expected a whole number 0-365");
  CHECK(message("scoring:\n  base: [1]\n") == "duban.yaml:2: scoring.base: expected a number");
  CHECK(message("git:\n  autocommit: maybe\n") ==
        "duban.yaml:2: git.autocommit: expected true or false");
}

TEST_CASE("the core tests' shipped_calendar reads what parse_calendar_year reads") {
  for (int y : {2024, 2025, 2026}) {
    const std::string path =
        std::string(DUBAN_SOURCE_DIR) + "/examples/calendar/" + std::to_string(y) + ".yaml";
    const CalendarYear cy = parse_calendar_year(read_file(path), path);
    const auto got = testing::shipped_holidays(y);
    REQUIRE(got.size() == cy.holidays.size());
    for (size_t i = 0; i < got.size(); ++i) {
      CHECK(got[i].name == cy.holidays[i].name);
      CHECK(got[i].from == cy.holidays[i].from);
      CHECK(got[i].to == cy.holidays[i].to);
      CHECK(got[i].work == cy.holidays[i].work);
    }
  }
}
