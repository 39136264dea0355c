#pragma once

#include <fmt/format.h>

#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/light.hpp"
#include "core/task.hpp"

namespace duban {

/// Language of labels in output (`--lang`, `lang:` in duban.yaml).
enum class Lang { zh, en };

/// One user-facing text in both languages. Texts with `{}` are format strings.
struct Label {
  std::string_view key;
  std::string_view zh;
  std::string_view en;
};

/// Every label of the output, in one table; keys are unique.
std::span<const Label> all_labels();

/// The label of `key` (e.g. "col.title", "status.active") in `lang`; the key itself when unknown.
std::string_view label(std::string_view key, Lang lang);
/// The labels of `keys` in order, e.g. a table's header row.
std::vector<std::string> labels_of(std::initializer_list<std::string_view> keys, Lang lang);
/// The label of `key`, a format string, filled in with `args`.
template <typename... Args>
std::string format_label(std::string_view key, Lang lang, const Args&... args) {
  return fmt::vformat(label(key, lang), fmt::make_format_args(args...));
}
/// The column name of a machine field key (`days_overdue` → 超期天数); in English the key itself.
std::string_view field_label(std::string_view key, Lang lang);
std::string_view status_label(Status s, Lang lang);
/// 红灯/黄灯/绿灯; "" for none.
std::string_view light_label(Light l, Lang lang);
/// The label of a log entry type (`progress` → 反馈).
std::string_view log_type_label(std::string_view type, Lang lang);
/// A unit kind as units.yaml stores it (`department`), as printed: 部门 in Chinese, the key in
/// English.
std::string unit_kind_label(std::string_view kind, Lang lang);
/// A day written out: 2025年10月20日 in Chinese, 2025-10-20 in English.
std::string long_date(Date d, Lang lang);

}  // namespace duban
