#include "core/today.hpp"

#include <fmt/format.h>

#include <string>

#include "core/calendar.hpp"
#include "core/deadline.hpp"
#include "core/error.hpp"

namespace duban {

Date resolve_today(std::optional<std::string_view> as_of, std::optional<std::string_view> env,
                   Date local) {
  Date base = local;
  if (env && !env->empty()) {
    auto d = parse_absolute_date(*env);
    if (!d) {
      throw usage_error(fmt::format("DUBAN_TODAY={}: expected a date like 2025-03-20", *env));
    }
    base = *d;
  }
  if (!as_of) {
    return base;
  }
  // Relative forms count from the real date (or DUBAN_TODAY); a plain date
  // never moves, so no holiday calendar is needed.
  static const Calendar k_weekends_only;
  auto d = parse_date_input(*as_of, base, k_weekends_only, DateUse::plain);
  if (!d) {
    throw usage_error(fmt::format("--as-of/--date '{}': {}", *as_of, date_forms_hint()));
  }
  if (std::string problem = date_range_problem(*d); !problem.empty()) {
    throw usage_error(fmt::format("--as-of/--date '{}': {}", *as_of, problem));
  }
  return *d;
}

}  // namespace duban
