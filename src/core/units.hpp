#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace duban {

/// One unit (单位) of the directory (units.yaml; store/units_file.hpp reads and
/// writes the file).
struct Unit {
  std::string name;  // canonical, as stored in tasks
  std::string short_name;
  std::vector<std::string> aliases;
  std::string kind;
  std::string liaison;
  std::string phone;
};

/// The directory of units; any alias resolves to the canonical name.
class Units {
 public:
  Units() = default;
  explicit Units(std::vector<Unit> units) : units_(std::move(units)) {}

  const std::vector<Unit>& all() const { return units_; }
  bool empty() const { return units_.empty(); }
  /// The unit whose name or alias is `text`, or nullptr.
  const Unit* find(std::string_view text) const;
  /// Canonical name for `text`, or nullopt when unknown.
  std::optional<std::string> canonical(std::string_view text) const;
  /// Close names for a mistyped unit, best first (at most 3).
  std::vector<std::string> suggest(std::string_view text) const;

  /// Add a unit; throws a data Error when its name or an alias is taken.
  void add(Unit unit);
  /// Rename `old_name` to `new_name`, keeping the old name as an alias.
  void rename(std::string_view old_name, const std::string& new_name);

 private:
  std::vector<Unit> units_;
};

/// The Chinese label of a unit kind (`department` → 部门, `county` →
/// 县（市、区）, `street` → 街道（乡镇）, `enterprise` → 企业 …); any other
/// kind, which is free text, is its own label.
std::string unit_kind_label_zh(std::string_view kind);
/// The kind to store for `text` typed as a key or a Chinese label (部门 or
/// 县区 → `county` …); other text as it is.
std::string unit_kind_key(std::string_view text);

/// Three-way merge of units.yaml: units added on either side are kept, a unit
/// changed on one side takes that side; names changed differently on both
/// sides (or clashing aliases) go to `conflicts`, keeping ours.
Units merge_units(const Units* base, const Units& ours, const Units& theirs,
                  std::vector<std::string>& conflicts);

/// Edit distance between two UTF-8 strings, counted in code points.
int edit_distance(std::string_view a, std::string_view b);

}  // namespace duban
