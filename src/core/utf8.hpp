#pragma once

#include <cstddef>
#include <string_view>

namespace duban {

/// One decoded UTF-8 character: an invalid byte decodes as {byte value, 1, false}.
struct Utf8Char {
  char32_t code = 0;
  int length = 1;
  bool valid = false;
};

/// Decode the (strict, RFC 3629) UTF-8 sequence starting at `pos`; `pos` must be < s.size().
Utf8Char decode_utf8_at(std::string_view s, std::size_t pos);

/// Whether `s` is entirely well-formed UTF-8 (no overlongs, surrogates or values > U+10FFFF).
bool is_valid_utf8(std::string_view s);

/// The 1-based line of the first byte of `s` that is not well-formed UTF-8, or 0
/// when `s` is entirely UTF-8 (the same test as is_valid_utf8).
int invalid_utf8_line(std::string_view s);

/// Whether `s` holds a C0 control character or DEL, other than those in `allowed`.
bool has_control_character(std::string_view s, std::string_view allowed = {});

}  // namespace duban
