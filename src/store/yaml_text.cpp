#include "store/yaml_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <regex>

#include "core/utf8.hpp"

namespace duban {

namespace {

// Words some YAML reader takes for a bool, a null, a merge key (<<) or a
// value key (=) when written plain: YAML 1.1 (PyYAML) and 1.2 (ruamel) both.
bool is_reserved_word(std::string_view s) {
  static constexpr std::array<std::string_view, 24> k_words = {
      "true", "True", "TRUE", "false", "False", "FALSE", "yes",  "Yes",  "YES",  "no", "No", "NO",
      "on",   "On",   "ON",   "off",   "Off",   "OFF",   "null", "Null", "NULL", "~",  "<<", "="};
  for (std::string_view w : k_words) {
    if (s == w) {
      return true;
    }
  }
  return s == "y" || s == "Y" || s == "n" || s == "N";
}

// Numbers and timestamps in any YAML 1.1/1.2 spelling would not read back as
// strings in other tools: ints in base 2, 8, 10, 16 and 60 (`1:20`), with `_`
// anywhere, floats with or without a dot or exponent, .inf and .nan.
bool looks_numeric(std::string_view s) {
  static const std::regex k_number(
      "[-+]?([0-9_]+|0b[01_]+|0o[0-7_]+|0x[0-9a-fA-F_]+|"
      "[0-9][0-9_]*(:[0-5]?[0-9])+(\\.[0-9_]*)?|[0-9_]*\\.[0-9_]*([eE][-+]?[0-9]+)?|"
      "[0-9][0-9_]*[eE][-+]?[0-9]+|\\.(inf|Inf|INF|nan|NaN|NAN))|"
      "[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt \\t].*)?");
  return std::regex_match(s.begin(), s.end(), k_number);
}

// The code point of a character YAML readers do not take raw (C1 controls,
// line and paragraph separators, the byte order mark, U+FFFE and U+FFFF) when
// one starts at s[i], with its length in bytes; 0 when none does.
char32_t unprintable_at(std::string_view s, size_t i, size_t& length) {
  const auto byte = [&s](size_t k) -> char32_t {
    return k < s.size() ? static_cast<unsigned char>(s[k]) : 0U;
  };
  if (byte(i) == 0xc2 && byte(i + 1) >= 0x80 && byte(i + 1) <= 0x9f) {
    length = 2;
    return byte(i + 1);
  }
  if (byte(i) != 0xe2 && byte(i) != 0xef) {
    return 0;
  }
  const char32_t u = ((byte(i) & 0x0f) << 12) | ((byte(i + 1) & 0x3f) << 6) | (byte(i + 2) & 0x3f);
  if (u == 0x2028 || u == 0x2029 || u == 0xfeff || u == 0xfffe || u == 0xffff) {
    length = 3;
    return u;
  }
  return 0;
}

bool has_unprintable(std::string_view s) {
  size_t length = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (unprintable_at(s, i, length) != 0) {
      return true;
    }
  }
  return false;
}

}  // namespace

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
  // A document marker at a line's start, where a key may stand.
  if (s.rfind("...", 0) == 0) {
    return false;
  }
  return !has_control_character(s) && !has_unprintable(s);
}

namespace {

bool needs_quotes(std::string_view s) {
  return is_reserved_word(s) || looks_numeric(s) || !plain_text_reads_back(s);
}

std::string double_quoted(std::string_view s) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t length = 0;
    if (char32_t u = unprintable_at(s, i, length); u != 0) {
      out += fmt::format("\\u{:04x}", static_cast<uint32_t>(u));
      i += length - 1;
      continue;
    }
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
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

void append_yaml_field(std::string& out, int indent, std::string_view key,
                       std::string_view scalar) {
  out.append(static_cast<size_t>(indent), ' ');
  out += key;
  out += ": ";
  out += scalar;
  out += '\n';
}

}  // namespace duban
