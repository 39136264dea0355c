#pragma once

#include <string>

#include "core/config.hpp"

namespace duban {

/// The text `init` writes as duban.yaml.
std::string default_config_yaml(const std::string& office);
/// Read duban.yaml; unknown keys are ignored, bad values are errors naming path:line.
Config parse_config(const std::string& text, const std::string& path);

}  // namespace duban
