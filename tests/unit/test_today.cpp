#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/today.hpp"

using namespace duban;
namespace {

Date ymd(int y, int m, int d) {
  return Date::from_ymd(y, m, d);
}

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

constexpr std::optional<std::string_view> k_none;

// The message and exit code of the Error `f` throws; "" when it does not throw.
template <class F>
std::pair<std::string, int> error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return {e.what(), e.code()};
  }
  return {"", k_exit_ok};
}

}  // namespace

TEST_CASE("resolve_today: the clock's local date when nothing else is given") {
  CHECK(resolve_today(k_none, k_none, ymd(2025, 3, 20)) == ymd(2025, 3, 20));
}

TEST_CASE("resolve_today: DUBAN_TODAY overrides the clock; empty counts as unset") {
  CHECK(resolve_today(k_none, "2025-10-01", ymd(2025, 3, 20)) == ymd(2025, 10, 1));
  CHECK(resolve_today(k_none, "", ymd(2025, 3, 20)) == ymd(2025, 3, 20));
}

TEST_CASE("resolve_today: --as-of overrides both; its relative forms count from the base") {
  CHECK(resolve_today("2024-12-31", "2025-10-01", ymd(2025, 3, 20)) == ymd(2024, 12, 31));
  CHECK(resolve_today("2025年4月1日", k_none, ymd(2025, 3, 20)) == ymd(2025, 4, 1));
  CHECK(resolve_today("today", "2025-10-01", ymd(2025, 3, 20)) == ymd(2025, 10, 1));
  CHECK(resolve_today("-7d", "2025-10-01", ymd(2025, 3, 20)) == ymd(2025, 9, 24));
  CHECK(resolve_today("-7d", k_none, ymd(2025, 3, 20)) == ymd(2025, 3, 13));
  CHECK(resolve_today("eom", "", ymd(2025, 2, 3)) == ymd(2025, 2, 28));
  // A plain date: +1wd from a Friday is the Monday, whatever the holidays.
  CHECK(resolve_today("+1wd", "2025-10-03", ymd(2025, 3, 20)) == ymd(2025, 10, 6));
}

TEST_CASE("resolve_today: a DUBAN_TODAY that is not a date is a usage error, also with --as-of") {
  for (std::string_view env : {"tomorrow", "2025-02-30", "+1d", "3000-01-01"}) {
    CAPTURE(env);
    auto [message, code] = error_of([&] { resolve_today(k_none, env, ymd(2025, 3, 20)); });
    CHECK(code == k_exit_usage);
    CHECK(message == "DUBAN_TODAY=" + std::string(env) + ": expected a date like 2025-03-20");
    CHECK(error_of([&] { resolve_today("2025-01-01", env, ymd(2025, 3, 20)); }).second ==
          k_exit_usage);
  }
}

TEST_CASE("resolve_today: an --as-of that does not parse or leaves 1900…2999 is a usage error") {
  auto [message, code] = error_of([] { resolve_today("yesterday", k_none, ymd(2025, 3, 20)); });
  CHECK(code == k_exit_usage);
  CHECK(contains(message, "--as-of/--date 'yesterday': "));
  auto [range, range_code] = error_of([] { resolve_today("+2m", "2999-12-01", ymd(2025, 3, 20)); });
  CHECK(range_code == k_exit_usage);
  CHECK(contains(range, "--as-of/--date '+2m': "));
  CHECK(error_of([] { resolve_today("-1d", "1900-01-01", ymd(2025, 3, 20)); }).second ==
        k_exit_usage);
  CHECK(resolve_today("-1d", "1900-01-02", ymd(2025, 3, 20)) == ymd(1900, 1, 1));
}
