#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace duban {

/// One decoded UTF-8 character: an invalid byte decodes as {byte value, 1, false}.
struct Utf8Char {
  char32_t code = 0;
  int length = 1;
  bool valid = false;
};

/// Decode the (strict, RFC 3629) UTF-8 sequence starting at `pos`; `pos` must be < s.size().
Utf8Char decode_utf8_at(std::string_view s, std::size_t pos);

/// Terminal columns of one code point: 2 for East Asian Wide/Fullwidth, 0 for combining, else 1.
int code_point_width(char32_t c);

/// Terminal columns taken by `utf8`; invalid bytes count 1 each.
int display_width(std::string_view utf8);

/// `s` with control characters made visible and harmless, invalid bytes as U+FFFD.
std::string sanitize_terminal(std::string_view s);

/// sanitize_terminal() line by line: the newlines of a multi-line message stay.
std::string sanitize_terminal_lines(std::string_view s);

/// Whether `s` is entirely well-formed UTF-8 (no overlongs, surrogates or values > U+10FFFF).
bool is_valid_utf8(std::string_view s);

/// `s` cut to at most `width` columns, ending with "…" when cut; "" when width <= 0.
std::string truncate_to_width(std::string_view s, int width);

/// `s` followed by spaces up to `width` columns; never cuts.
std::string pad_right(std::string_view s, int width);

/// Spaces followed by `s` up to `width` columns; never cuts.
std::string pad_left(std::string_view s, int width);

/// `items` separated by `sep`.
std::string join(const std::vector<std::string>& items, std::string_view sep);

/// Items of a user-typed list separated by , ， 、 ; ；, trimmed, empty items dropped.
std::vector<std::string> split_list(std::string_view s);

/// `s` without ASCII whitespace or U+3000 (ideographic space) at either end.
std::string trim(std::string_view s);

}  // namespace duban
