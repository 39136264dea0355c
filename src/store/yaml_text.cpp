#include "duban/yaml_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <regex>

namespace duban {

namespace {

bool is_reserved_word(std::string_view s) {
  static constexpr std::array<std::string_view, 22> k_words = {
      "true", "True", "TRUE", "false", "False", "FALSE", "yes", "Yes", "YES", "no", "No",
      "NO",   "on",   "On",   "ON",    "off",   "Off",   "OFF", "null", "Null", "NULL", "~"};
  for (std::string_view w : k_words) {
    if (s == w) {
      return true;
    }
  }
  return s == "y" || s == "Y" || s == "n" || s == "N";
}

// Numbers and timestamps in any YAML 1.1/1.2 spelling would not read back as
// strings in other tools.
bool looks_numeric(std::string_view s) {
  static const std::regex k_number(
      "[-+]?([0-9][0-9_]*|0x[0-9a-fA-F_]+|0o?[0-7_]+|([0-9][0-9_]*)?\\.[0-9_]*([eE][-+]?[0-9]+)?|"
      "[0-9][0-9_]*([eE][-+]?[0-9]+)|[0-9]+(:[0-5]?[0-9])+|\\.(inf|Inf|INF|nan|NaN|NAN))|"
      "[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?");
  return std::regex_match(s.begin(), s.end(), k_number);
}

}  // namespace

bool has_control_character(std::string_view s, std::string_view allowed) {
  return std::any_of(s.begin(), s.end(), [allowed](char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u < 0x20 || u == 0x7f) && allowed.find(c) == std::string_view::npos;
  });
}

bool plain_text_reads_back(std::string_view s) {
  if (s.empty()) {
    return false;
  }
  static constexpr std::string_view k_bad_first = "-?:,[]{}#&*!|>'\"%@` \t";
  if (k_bad_first.find(s.front()) != std::string_view::npos || s.back() == ' ' || s.back() == ':') {
    return false;
  }
  if (s.find(": ") != std::string_view::npos || s.find(" #") != std::string_view::npos) {
    return false;
  }
  if (has_control_character(s)) {
    return false;
  }
  // U+FEFF and U+0085/U+2028/U+2029 are line or stream breaks to some readers.
  return s.find("\xef\xbb\xbf") == std::string_view::npos && s.find("\xc2\x85") == std::string_view::npos &&
         s.find("\xe2\x80\xa8") == std::string_view::npos && s.find("\xe2\x80\xa9") == std::string_view::npos;
}

namespace {

bool needs_quotes(std::string_view s) {
  return is_reserved_word(s) || looks_numeric(s) || !plain_text_reads_back(s);
}

std::string double_quoted(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          out += fmt::format("\\x{:02x}", c);
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
  return out;
}

}  // namespace

std::string yaml_scalar(std::string_view s) {
  return needs_quotes(s) ? double_quoted(s) : std::string(s);
}

void append_yaml_field(std::string& out, int indent, std::string_view key, std::string_view scalar) {
  out.append(static_cast<size_t>(indent), ' ');
  out += key;
  out += ": ";
  out += scalar;
  out += '\n';
}

}  // namespace duban
