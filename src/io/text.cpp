#include "io/text.hpp"

#include <algorithm>
#include <array>

namespace duban {

namespace {

struct Range {
  char32_t first;
  char32_t last;
};

// East Asian Wide (W) and Fullwidth (F) blocks we meet in office documents.
constexpr std::array k_wide_ranges = {
    Range{0x1100, 0x115F},   Range{0x2E80, 0x303E},   Range{0x3041, 0x33FF},
    Range{0x3400, 0x4DBF},   Range{0x4E00, 0x9FFF},   Range{0xA000, 0xA4CF},
    Range{0xAC00, 0xD7A3},   Range{0xF900, 0xFAFF},   Range{0xFE30, 0xFE4F},
    Range{0xFF00, 0xFF60},   Range{0xFFE0, 0xFFE6},   Range{0x1F300, 0x1F64F},
    Range{0x1F900, 0x1F9FF}, Range{0x20000, 0x3FFFD},
};

constexpr std::array k_zero_width_ranges = {
    Range{0x0300, 0x036F},
    Range{0x200B, 0x200F},
    Range{0xFE00, 0xFE0F},
};

constexpr std::string_view k_ellipsis = "\u2026";
constexpr std::string_view k_replacement = "\uFFFD";
constexpr std::string_view k_ideographic_space = "\u3000";

template <typename Ranges>
bool in_ranges(const Ranges& ranges, char32_t c) {
  return std::any_of(ranges.begin(), ranges.end(),
                     [c](const Range& r) { return c >= r.first && c <= r.last; });
}

bool is_ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool is_list_separator(char32_t c) {
  return c == U',' || c == U'\uFF0C' || c == U'\u3001' || c == U';' || c == U'\uFF1B';
}

void append_sanitized_control(std::string& out, unsigned char c) {
  if (c == '\n' || c == '\r' || c == '\t') {
    out += ' ';
  } else if (c == 0x7F) {
    out += "^?";
  } else {
    // Caret notation; ESC (0x1B) comes out as "^[".
    out += '^';
    out += static_cast<char>(c + 64);
  }
}

// Appends the character at `pos` of `s` as sanitize_terminal shows it; ASCII
// controls listed in `keep` pass as they are. Returns the bytes consumed.
std::size_t append_sanitized_char(std::string& out, std::string_view s, std::size_t pos,
                                  std::string_view keep) {
  const Utf8Char ch = decode_utf8_at(s, pos);
  if (!ch.valid) {
    out += k_replacement;
  } else if (ch.code < 0x20 || ch.code == 0x7F) {
    if (keep.find(static_cast<char>(ch.code)) != std::string_view::npos) {
      out += static_cast<char>(ch.code);
    } else {
      append_sanitized_control(out, static_cast<unsigned char>(ch.code));
    }
  } else if ((ch.code >= 0x80 && ch.code <= 0x9F) || is_bidi_control(ch.code)) {
    out += '?';
  } else if (ch.code == 0x2028 || ch.code == 0x2029) {
    out += ' ';  // line and paragraph separators, shown like a newline in one line
  } else {
    out += s.substr(pos, ch.length);
  }
  return static_cast<std::size_t>(ch.length);
}

// The length of the colour sequence (ESC [ digits/semicolons m) at `pos`, or 0.
std::size_t sgr_length(std::string_view s, std::size_t pos) {
  if (s.substr(pos, 2) != "\x1b[") {
    return 0;
  }
  for (std::size_t i = pos + 2; i < s.size(); ++i) {
    if (s[i] == 'm') {
      return i + 1 - pos;
    }
    if ((s[i] < '0' || s[i] > '9') && s[i] != ';') {
      return 0;
    }
  }
  return 0;
}

}  // namespace

int code_point_width(char32_t c) {
  if (in_ranges(k_zero_width_ranges, c)) {
    return 0;
  }
  return in_ranges(k_wide_ranges, c) ? 2 : 1;
}

int display_width(std::string_view utf8) {
  int width = 0;
  for (std::size_t pos = 0; pos < utf8.size();) {
    const Utf8Char ch = decode_utf8_at(utf8, pos);
    width += ch.valid ? code_point_width(ch.code) : 1;
    pos += ch.length;
  }
  return width;
}

bool is_bidi_control(char32_t c) {
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E ||
         c == 0x200F || c == 0x061C;
}

bool is_invisible_control(char32_t c) {
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) || is_bidi_control(c) || c == 0x2028 || c == 0x2029;
}

std::string sanitize_terminal(std::string_view s, std::string_view keep) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t pos = 0; pos < s.size();) {
    pos += append_sanitized_char(out, s, pos, keep);
  }
  return out;
}

std::string sanitize_terminal_lines(std::string_view s) {
  return sanitize_terminal(s, "\n");
}

std::string sanitize_output(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t pos = 0; pos < s.size();) {
    // Runs of plain ASCII are copied at once; only the rest is decoded.
    std::size_t run = pos;
    while (run < s.size() && static_cast<unsigned char>(s[run]) >= 0x20 &&
           static_cast<unsigned char>(s[run]) < 0x7F) {
      ++run;
    }
    out.append(s, pos, run - pos);
    pos = run;
    if (pos == s.size()) {
      break;
    }
    if (std::size_t sgr = sgr_length(s, pos); sgr > 0) {
      out.append(s, pos, sgr);
      pos += sgr;
    } else if (s.substr(pos, 2) == "\r\n") {
      out += "\r\n";
      pos += 2;
    } else {
      pos += append_sanitized_char(out, s, pos, "\n\t\f");
    }
  }
  return out;
}

std::string_view markup_entity(char c) {
  switch (c) {
    case '&':
      return "&amp;";
    case '<':
      return "&lt;";
    case '>':
      return "&gt;";
    case '"':
      return "&quot;";
    case '\'':
      return "&#39;";
    default:
      return "";
  }
}

std::string markdown_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : sanitize_terminal(s)) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '|':
        out += "\\|";
        break;
      // Markdown syntax: "[U](javascript:x)" must not become a live link.
      case '\\':
      case '[':
      case ']':
      case '`':
      case '*':
      case '_':
        out += '\\';
        out += c;
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string truncate_to_width(std::string_view s, int width) {
  if (width <= 0) {
    return "";
  }
  if (display_width(s) <= width) {
    return std::string(s);
  }
  // Keep whole characters within width - 1 columns, leaving one for the ellipsis.
  const int budget = width - 1;
  int used = 0;
  std::size_t pos = 0;
  while (pos < s.size()) {
    const Utf8Char ch = decode_utf8_at(s, pos);
    const int w = ch.valid ? code_point_width(ch.code) : 1;
    if (used + w > budget) {
      break;
    }
    used += w;
    pos += ch.length;
  }
  return std::string(s.substr(0, pos)) + std::string(k_ellipsis);
}

std::string pad_right(std::string_view s, int width) {
  const int missing = std::max(0, width - display_width(s));
  return std::string(s) + std::string(missing, ' ');
}

std::string pad_left(std::string_view s, int width) {
  const int missing = std::max(0, width - display_width(s));
  return std::string(missing, ' ') + std::string(s);
}

std::vector<std::string> split_list(std::string_view s) {
  std::vector<std::string> items;
  auto flush = [&items](std::string_view piece) {
    std::string item = trim(piece);
    if (!item.empty()) {
      items.push_back(std::move(item));
    }
  };
  std::size_t start = 0;
  for (std::size_t pos = 0; pos < s.size();) {
    const Utf8Char ch = decode_utf8_at(s, pos);
    if (ch.valid && is_list_separator(ch.code)) {
      flush(s.substr(start, pos - start));
      start = pos + ch.length;
    }
    pos += ch.length;
  }
  flush(s.substr(start));
  return items;
}

std::string trim(std::string_view s) {
  for (bool changed = true; changed;) {
    changed = false;
    while (!s.empty() && is_ascii_space(s.front())) {
      s.remove_prefix(1);
      changed = true;
    }
    while (!s.empty() && is_ascii_space(s.back())) {
      s.remove_suffix(1);
      changed = true;
    }
    if (s.starts_with(k_ideographic_space)) {
      s.remove_prefix(k_ideographic_space.size());
      changed = true;
    }
    if (s.ends_with(k_ideographic_space)) {
      s.remove_suffix(k_ideographic_space.size());
      changed = true;
    }
  }
  return std::string(s);
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const std::string& s : items) {
    if (!out.empty()) {
      out += sep;
    }
    out += s;
  }
  return out;
}

}  // namespace duban
