#include "store/units_file.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "core/error.hpp"
#include "store/fsutil.hpp"
#include "store/yaml_load.hpp"
#include "store/yaml_text.hpp"

namespace duban {

namespace {

std::string text_of(const std::string& path, const YAML::Node& n, const char* key) {
  if (!n.IsScalar()) {
    throw data_error(fmt::format("{}:{}: {}: expected text", path, n.Mark().line + 1, key));
  }
  return n.Scalar();
}

}  // namespace

Units parse_units(const std::string& text, const std::string& path) {
  if (text.rfind("<<<<<<< ", 0) == 0 || text.find("\n<<<<<<< ") != std::string::npos) {
    size_t at = text.rfind("<<<<<<< ", 0) == 0 ? 0 : text.find("\n<<<<<<< ") + 1;
    int line =
        1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
    throw data_error(
        fmt::format("{}:{}: unresolved merge conflict markers; keep the units of both sides "
                    "(edit the file), then git add it",
                    path, line));
  }
  YAML::Node root = load_yaml(text, path);
  Units units;
  if (root.IsNull()) {
    return units;
  }
  if (!root.IsMap()) {
    throw data_error(
        fmt::format("{}:{}: expected a map with a list of units", path, root.Mark().line + 1));
  }
  if (!root["units"] || root["units"].IsNull()) {
    return units;
  }
  const YAML::Node list = root["units"];
  if (!list.IsSequence()) {
    throw data_error(fmt::format("{}:{}: units: expected a list", path, list.Mark().line + 1));
  }
  for (const auto& n : list) {
    if (!n.IsMap() || !n["name"]) {
      throw data_error(
          fmt::format("{}:{}: units: each unit needs a name", path, n.Mark().line + 1));
    }
    Unit u;
    u.name = text_of(path, n["name"], "name");
    if (n["short"]) {
      u.short_name = text_of(path, n["short"], "short");
    }
    if (const YAML::Node a = n["aliases"]) {
      if (a.IsScalar()) {
        u.aliases.push_back(a.Scalar());
      } else if (!a.IsSequence()) {
        throw data_error(fmt::format("{}:{}: aliases: expected a name or a list of names", path,
                                     a.Mark().line + 1));
      } else {
        for (const auto& x : a) {
          u.aliases.push_back(text_of(path, x, "aliases"));
        }
      }
    }
    if (n["kind"]) {
      u.kind = text_of(path, n["kind"], "kind");
    }
    if (n["liaison"]) {
      u.liaison = text_of(path, n["liaison"], "liaison");
    }
    if (n["phone"]) {
      u.phone = text_of(path, n["phone"], "phone");
    }
    try {
      units.add(std::move(u));
    } catch (const Error& e) {
      throw data_error(fmt::format("{}:{}: {}", path, n.Mark().line + 1, e.what()));
    }
  }
  return units;
}

std::string emit_units(const Units& units) {
  std::string out = "# Units (单位): name is what tasks store; any alias is accepted as input.\n";
  if (units.empty()) {
    return out + "units: []\n";
  }
  out += "units:\n";
  for (const Unit& u : units.all()) {
    out += "  - name: " + yaml_scalar(u.name) + "\n";
    if (!u.short_name.empty()) {
      append_yaml_field(out, 4, "short", yaml_scalar(u.short_name));
    }
    if (!u.aliases.empty()) {
      out += "    aliases:\n";
      for (const std::string& a : u.aliases) {
        out += "      - " + yaml_scalar(a) + "\n";
      }
    }
    for (const auto& [key, value] : {std::pair{"kind", &u.kind}, std::pair{"liaison", &u.liaison},
                                     std::pair{"phone", &u.phone}}) {
      if (!value->empty()) {
        append_yaml_field(out, 4, key, yaml_scalar(*value));
      }
    }
  }
  return out;
}

Units read_units_file(const std::filesystem::path& root) {
  const std::filesystem::path file = root / "units.yaml";
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) {
    return Units{};
  }
  return parse_units(read_file(file), "units.yaml");
}

UnitsFileChange::UnitsFileChange(const std::filesystem::path& root, const Units& units)
    : file_(root / "units.yaml"), backup_(root / ".duban" / "units.yaml.before") {
  ::unlink(backup_.c_str());
  std::error_code ec;
  had_file_ = std::filesystem::exists(file_, ec);
  if (had_file_ && ::link(file_.c_str(), backup_.c_str()) != 0) {
    // No hard links on this file system: a copy does the same job.
    write_file_atomic(backup_, read_file(file_));
  }
  write_file_atomic(file_, emit_units(units));
}

UnitsFileChange::~UnitsFileChange() {
  if (!undone_) {
    ::unlink(backup_.c_str());
  }
}

bool UnitsFileChange::undo(std::string* err) noexcept {
  if (undone_) {
    return true;
  }
  undone_ = true;  // from here on the backup is never removed: it may be all that is left
  const int rc = had_file_ ? ::rename(backup_.c_str(), file_.c_str()) : ::unlink(file_.c_str());
  if (rc != 0) {
    *err = fmt::format("cannot restore units.yaml (the previous version is {}): {}",
                       backup_.string(), std::strerror(errno));
    return false;
  }
  return true;
}

}  // namespace duban
