#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/utf8.hpp"

namespace duban {

/// Terminal columns of one code point: 2 for East Asian Wide/Fullwidth, 0 for combining, else 1.
int code_point_width(char32_t c);

/// Terminal columns taken by `utf8`; invalid bytes count 1 each.
int display_width(std::string_view utf8);

/// The bidirectional formatting characters that reorder what is shown around
/// them: U+202A–U+202E, U+2066–U+2069 and the marks U+200E, U+200F, U+061C.
bool is_bidi_control(char32_t c);

/// What no printed text may carry raw: C0 and C1 controls, DEL, bidi controls,
/// U+2028 and U+2029.
bool is_invisible_control(char32_t c);

/// `s` made harmless on a terminal: C0 controls and DEL in caret notation (ESC
/// as "^["; newline, CR and tab as a space), C1 and bidi controls as "?", U+2028
/// and U+2029 as a space, invalid bytes as U+FFFD. ASCII controls listed in
/// `keep` pass as they are.
std::string sanitize_terminal(std::string_view s, std::string_view keep = {});

/// sanitize_terminal() keeping newlines: the lines of a multi-line message stay.
std::string sanitize_terminal_lines(std::string_view s);

/// Rendered output made safe for stdout, the last guard before it: only line
/// breaks (LF, CRLF), tabs, form feeds and colour (SGR) sequences pass;
/// everything else sanitize_terminal() would change is neutralised.
std::string sanitize_output(std::string_view s);

/// `s` as Markdown text: sanitized, with & < > as HTML entities (no raw HTML
/// reaches a Markdown viewer), | as \| (no table cell ends early), and
/// \ [ ] ` * _ backslash-escaped (no link, emphasis or code span).
std::string markdown_text(std::string_view s);

/// The entity of a character that XML and HTML markup reserve (& < > " '),
/// or "" for any other: the one escape table of the HTML bulletin and .docx.
std::string_view markup_entity(char c);

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
