// Any file duban reads as YAML besides task files and imports: load_yaml and
// a full walk of the tree it gives (no cycle, no alias bomb may make the walk
// crash or hang), then units.yaml, duban.yaml and calendar parsing.
#include <cstddef>
#include <cstdint>
#include <string>

#include <yaml-cpp/yaml.h>

#include "core/error.hpp"
#include "fuzz_common.hpp"
#include "store/calendar_file.hpp"
#include "store/config_file.hpp"
#include "store/units_file.hpp"
#include "store/yaml_load.hpp"

namespace {

// The values under `node`, aliases expanded: what any consumer may visit.
size_t walk(const YAML::Node& node, int depth) {
  if (depth > 10000) {
    duban_fuzz::die("load_yaml gave a tree deeper than its text", "", "");
  }
  size_t n = 1;
  if (node.IsMap()) {
    for (const auto& kv : node) {
      n += walk(kv.first, depth + 1) + walk(kv.second, depth + 1);
    }
  } else if (node.IsSequence()) {
    for (const auto& item : node) {
      n += walk(item, depth + 1);
    }
  }
  return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    duban::YamlLeftovers leftovers;
    const YAML::Node root = duban::load_yaml(text, "fuzz.yaml", &leftovers);
    // Every value of the text at most once, plus what aliases stand for.
    if (walk(root, 0) > text.size() + 200000) {
      duban_fuzz::die("aliases expanded past the limit", text, "");
    }
  } catch (const duban::Error&) {
  }
  try {
    (void)duban::parse_units(text, "units.yaml");
  } catch (const duban::Error&) {
  }
  try {
    (void)duban::parse_config(text, "duban.yaml");
  } catch (const duban::Error&) {
  }
  try {
    (void)duban::parse_calendar_year(text, "calendar/2025.yaml");
  } catch (const duban::Error&) {
  }
  return 0;
}
