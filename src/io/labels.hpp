#pragma once

#include <string>
#include <string_view>

#include "core/light.hpp"
#include "core/task.hpp"

namespace duban {

/// Language of labels in output (`--lang`, `lang:` in duban.yaml).
enum class Lang { zh, en };

/// The label of `key` (e.g. "col.title", "status.active") in `lang`; the key itself when unknown.
std::string_view label(std::string_view key, Lang lang);
/// The column name of a machine field key (`days_overdue` → 超期天数); in English the key itself.
std::string_view field_label(std::string_view key, Lang lang);
std::string_view status_label(Status s, Lang lang);
std::string_view light_label(Light l, Lang lang);
/// The label of a log entry type (`progress` → 反馈).
std::string_view log_type_label(std::string_view type, Lang lang);

}  // namespace duban
