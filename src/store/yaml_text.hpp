#pragma once

#include <string>
#include <string_view>

namespace duban {

/// `s` as a YAML scalar: plain when that reads back as the same string, else
/// double-quoted with escapes.
std::string yaml_scalar(std::string_view s);

/// Whether `s` written plain on one line reads back as the same text (its
/// type aside: `30` stays the text "30" but becomes a number).
bool plain_text_reads_back(std::string_view s);

/// Append `key: value` (or `key:` and an indented block) at `indent` spaces.
void append_yaml_field(std::string& out, int indent, std::string_view key, std::string_view scalar);

}  // namespace duban
