#include "core/utf8.hpp"

#include <algorithm>

namespace duban {

namespace {

bool is_continuation(unsigned char b) {
  return (b & 0xC0) == 0x80;
}

// Lead byte -> sequence length and the allowed range of the second byte,
// which is what rules out overlongs, surrogates and values above U+10FFFF.
struct LeadInfo {
  int length;
  unsigned char second_min;
  unsigned char second_max;
};

LeadInfo lead_info(unsigned char b) {
  if (b >= 0xC2 && b <= 0xDF) {
    return {2, 0x80, 0xBF};
  }
  if (b == 0xE0) {
    return {3, 0xA0, 0xBF};
  }
  if (b == 0xED) {
    return {3, 0x80, 0x9F};
  }
  if (b >= 0xE1 && b <= 0xEF) {
    return {3, 0x80, 0xBF};
  }
  if (b == 0xF0) {
    return {4, 0x90, 0xBF};
  }
  if (b >= 0xF1 && b <= 0xF3) {
    return {4, 0x80, 0xBF};
  }
  if (b == 0xF4) {
    return {4, 0x80, 0x8F};
  }
  return {0, 0, 0};
}

char32_t lead_bits(unsigned char b, int length) {
  if (length == 2) {
    return b & 0x1F;
  }
  if (length == 3) {
    return b & 0x0F;
  }
  return b & 0x07;
}

// The offset of the first byte of `s` that is not well-formed UTF-8, or npos.
std::size_t first_invalid_utf8(std::string_view s) {
  for (std::size_t pos = 0; pos < s.size();) {
    if (static_cast<unsigned char>(s[pos]) < 0x80) {
      ++pos;  // ASCII, most of a task file: no call
      continue;
    }
    const Utf8Char ch = decode_utf8_at(s, pos);
    if (!ch.valid) {
      return pos;
    }
    pos += static_cast<std::size_t>(ch.length);
  }
  return std::string_view::npos;
}

}  // namespace

Utf8Char decode_utf8_at(std::string_view s, std::size_t pos) {
  const auto b = static_cast<unsigned char>(s[pos]);
  if (b < 0x80) {
    return {b, 1, true};
  }
  const Utf8Char invalid{b, 1, false};
  const LeadInfo info = lead_info(b);
  if (info.length == 0 || pos + info.length > s.size()) {
    return invalid;
  }
  const auto second = static_cast<unsigned char>(s[pos + 1]);
  if (second < info.second_min || second > info.second_max) {
    return invalid;
  }
  char32_t code = lead_bits(b, info.length);
  for (int i = 1; i < info.length; ++i) {
    const auto next = static_cast<unsigned char>(s[pos + i]);
    if (!is_continuation(next)) {
      return invalid;
    }
    code = (code << 6) | (next & 0x3F);
  }
  return {code, info.length, true};
}

bool is_valid_utf8(std::string_view s) {
  return first_invalid_utf8(s) == std::string_view::npos;
}

int invalid_utf8_line(std::string_view s) {
  const std::size_t bad = first_invalid_utf8(s);
  if (bad == std::string_view::npos) {
    return 0;
  }
  return 1 + static_cast<int>(
                 std::count(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(bad), '\n'));
}

bool has_control_character(std::string_view s, std::string_view allowed) {
  return std::any_of(s.begin(), s.end(), [allowed](char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u < 0x20 || u == 0x7f) && allowed.find(c) == std::string_view::npos;
  });
}

}  // namespace duban
