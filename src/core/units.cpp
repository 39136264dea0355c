#include "core/units.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/error.hpp"
#include "core/utf8.hpp"

namespace duban {

namespace {

std::u32string decode(std::string_view s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) {
    Utf8Char c = decode_utf8_at(s, i);
    out.push_back(c.code);
    i += static_cast<size_t>(c.length);
  }
  return out;
}

std::vector<std::string> names_of(const Unit& u) {
  std::vector<std::string> names = {u.name};
  names.insert(names.end(), u.aliases.begin(), u.aliases.end());
  return names;
}

// The unit kinds offices use: the key stored in units.yaml, the label
// printed in Chinese output, and other labels accepted as input.
struct UnitKind {
  std::string_view key;
  std::string_view label;
  std::vector<std::string_view> also;
};

const std::vector<UnitKind>& unit_kinds() {
  static const std::vector<UnitKind> kinds = {
      {"department", "部门", {"市直部门", "委办局"}},
      {"county", "县（市、区）", {"县市区", "县区", "县(市、区)"}},
      {"street", "街道（乡镇）", {"街道", "街道(乡镇)"}},
      {"township", "乡镇", {}},
      {"enterprise", "企业", {"国有企业"}},
      {"institution", "事业单位", {}},
  };
  return kinds;
}

}  // namespace

std::string unit_kind_label_zh(std::string_view kind) {
  for (const UnitKind& k : unit_kinds()) {
    if (k.key == kind) {
      return std::string(k.label);
    }
  }
  return std::string(kind);
}

std::string unit_kind_key(std::string_view text) {
  for (const UnitKind& k : unit_kinds()) {
    if (k.label == text || std::find(k.also.begin(), k.also.end(), text) != k.also.end()) {
      return std::string(k.key);
    }
  }
  return std::string(text);
}

Units merge_units(const Units* base, const Units& ours, const Units& theirs,
                  std::vector<std::string>& conflicts) {
  auto find = [](const Units* u, const std::string& name) -> const Unit* {
    if (!u) {
      return nullptr;
    }
    for (const Unit& x : u->all()) {
      if (x.name == name) {
        return &x;
      }
    }
    return nullptr;
  };
  auto same = [](const Unit& a, const Unit& b) {
    return a.short_name == b.short_name && a.aliases == b.aliases && a.kind == b.kind &&
           a.liaison == b.liaison && a.phone == b.phone;
  };
  std::vector<Unit> out;
  for (const Unit& o : ours.all()) {
    const Unit* t = find(&theirs, o.name);
    const Unit* b = find(base, o.name);
    if (!t) {
      if (!b) {
        out.push_back(o);  // added by ours; else removed by theirs
      }
      continue;
    }
    if (same(o, *t) || (b && same(*b, *t))) {
      out.push_back(o);
    } else if (b && same(*b, o)) {
      out.push_back(*t);
    } else {
      out.push_back(o);
      conflicts.push_back(o.name);
    }
  }
  for (const Unit& t : theirs.all()) {
    if (!find(&ours, t.name) && !find(base, t.name)) {
      out.push_back(t);  // added by theirs
    }
  }
  Units merged;
  for (Unit& u : out) {
    try {
      merged.add(std::move(u));
    } catch (const Error&) {
      conflicts.push_back(u.name);
    }
  }
  return merged;
}

int edit_distance(std::string_view a, std::string_view b) {
  std::u32string x = decode(a);
  std::u32string y = decode(b);
  std::vector<int> row(y.size() + 1);
  for (size_t j = 0; j <= y.size(); ++j) {
    row[j] = static_cast<int>(j);
  }
  for (size_t i = 1; i <= x.size(); ++i) {
    int diag = row[0];
    row[0] = static_cast<int>(i);
    for (size_t j = 1; j <= y.size(); ++j) {
      int up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (x[i - 1] == y[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[y.size()];
}

const Unit* Units::find(std::string_view text) const {
  for (const Unit& u : units_) {
    if (u.name == text) {
      return &u;
    }
  }
  for (const Unit& u : units_) {
    if (std::find(u.aliases.begin(), u.aliases.end(), text) != u.aliases.end()) {
      return &u;
    }
  }
  return nullptr;
}

std::optional<std::string> Units::canonical(std::string_view text) const {
  if (const Unit* u = find(text)) {
    return u->name;
  }
  return std::nullopt;
}

std::vector<std::string> Units::suggest(std::string_view text) const {
  std::vector<std::pair<int, std::string>> scored;
  const int typed = static_cast<int>(decode(text).size());
  for (const Unit& u : units_) {
    int best = 1 << 20;
    for (const std::string& n : names_of(u)) {
      int d = edit_distance(text, n);
      if (!text.empty() && n.find(text) != std::string::npos) {
        d = std::min(d, 1);
      }
      best = std::min(best, d);
    }
    if (best <= std::max(1, typed / 2)) {
      scored.emplace_back(best, u.name);
    }
  }
  std::stable_sort(scored.begin(), scored.end(),
                   [](const auto& l, const auto& r) { return l.first < r.first; });
  std::vector<std::string> out;
  for (size_t i = 0; i < scored.size() && i < 3; ++i) {
    out.push_back(scored[i].second);
  }
  return out;
}

namespace {

// A unit name appears in tables, notices and file names: no control characters.
void check_unit_name(std::string_view name) {
  if (name.empty()) {
    throw data_error("a unit name cannot be empty");
  }
  if (has_control_character(name)) {
    throw data_error(fmt::format("unit name '{}' contains a control character", name));
  }
}

}  // namespace

void Units::add(Unit unit) {
  for (const std::string& n : names_of(unit)) {
    check_unit_name(n);
    if (const Unit* taken = find(n)) {
      throw data_error(fmt::format("unit name '{}' is already used by '{}'", n, taken->name));
    }
  }
  units_.push_back(std::move(unit));
}

void Units::rename(std::string_view old_name, const std::string& new_name) {
  check_unit_name(new_name);
  const Unit* found = find(old_name);
  if (!found) {
    throw data_error(fmt::format("unknown unit '{}'", old_name));
  }
  if (const Unit* taken = find(new_name); taken && taken != found) {
    throw data_error(fmt::format("unit name '{}' is already used by '{}'", new_name, taken->name));
  }
  Unit& u = units_[static_cast<size_t>(found - units_.data())];
  if (u.name == new_name) {
    return;
  }
  std::erase(u.aliases, new_name);
  u.aliases.insert(u.aliases.begin(), u.name);
  u.name = new_name;
}

}  // namespace duban
