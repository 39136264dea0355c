#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace duban {

/// How a column's cells sit within the column width.
enum class Align { left, right };

/// A table of already-formatted cells; renderers never reorder rows.
struct Table {
  std::vector<std::string> headers;
  std::vector<Align> align;  // per column; missing = left
  std::vector<std::vector<std::string>> rows;
  // Optional, same shape as rows: ANSI SGR parameter per cell ("31", "1;33", "" = none).
  std::vector<std::vector<std::string>> styles;
  int shrink_column = -1;  // column that may be cut to fit max_width (e.g. the title)
};

/// Options for render_table_text.
struct TextTableOptions {
  bool color = false;
  int max_width = 0;  // 0 = unlimited
};

/// Aligned plain-text table, two spaces between columns, no trailing whitespace.
std::string render_table_text(const Table& t, const TextTableOptions& opt);

/// GitHub pipe table of markdown_text() cells ('|' escaped, & < > as entities),
/// newlines as <br>.
std::string render_table_markdown(const Table& t);

/// RFC 4180 CSV with a header line; cells keep their text, but control characters
/// other than CR, LF and tab are neutralised as sanitize_terminal() does (ESC as
/// "^[", C1 and bidi controls as "?"): CSV goes to terminals and spreadsheets.
std::string render_table_csv(const Table& t);

/// One CSV field, double-quoted when it holds , " CR LF or leading/trailing space.
std::string csv_field(std::string_view cell);

}  // namespace duban
