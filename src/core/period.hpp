#pragma once

#include <optional>
#include <string>

#include "core/date.hpp"

namespace duban {

/// A report period, both ends included.
struct Period {
  Date from;
  Date to;
};

/// The week (Monday–Sunday), month, quarter or year containing `as_of`, cut at
/// `as_of`; with `previous`, the whole period before that one. Nullopt for an
/// unknown period name.
std::optional<Period> period_around(const std::string& name, Date as_of, bool previous);

}  // namespace duban
