#pragma once

#include <optional>
#include <string_view>

#include "core/date.hpp"

namespace duban {

/// "Today" of a run (SPEC §7), from what the caller read: `as_of`
/// (--as-of/--date, trimmed) when given, its relative forms (`today`, `-7d`,
/// `eom`) counted from the base; the base is `env` ($DUBAN_TODAY) when set and
/// not empty, else `local`, the clock's local date. Usage error when `env` is
/// not a date like 2025-03-20, or `as_of` does not parse or lands outside
/// 1900-01-01 … 2999-12-31.
Date resolve_today(std::optional<std::string_view> as_of, std::optional<std::string_view> env,
                   Date local);

}  // namespace duban
