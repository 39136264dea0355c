#include "io/table.hpp"

#include <algorithm>

#include "io/text.hpp"

namespace duban {

namespace {

constexpr int k_min_shrink_width = 10;
constexpr std::string_view k_column_gap = "  ";
constexpr std::string_view k_header_style = "1";
constexpr std::string_view k_reset = "\x1b[0m";

// Row 0 holds the headers, the table rows follow; every row has the same column count.
using Grid = std::vector<std::vector<std::string>>;

std::size_t column_count(const Table& t) {
  std::size_t n = t.headers.size();
  for (const auto& row : t.rows) {
    n = std::max(n, row.size());
  }
  return n;
}

Align column_align(const Table& t, std::size_t c) {
  return c < t.align.size() ? t.align[c] : Align::left;
}

std::string cell_at(const std::vector<std::string>& row, std::size_t c) {
  return c < row.size() ? row[c] : std::string();
}

template <typename CellFn>
Grid make_grid(const Table& t, std::size_t columns, CellFn cell_fn) {
  Grid grid;
  grid.reserve(t.rows.size() + 1);
  auto add = [&](const std::vector<std::string>& row) {
    std::vector<std::string> cells;
    cells.reserve(columns);
    for (std::size_t c = 0; c < columns; ++c) {
      cells.push_back(cell_fn(cell_at(row, c)));
    }
    grid.push_back(std::move(cells));
  };
  add(t.headers);
  for (const auto& row : t.rows) {
    add(row);
  }
  return grid;
}

std::vector<int> column_widths(const Grid& grid, std::size_t columns, int minimum) {
  std::vector<int> widths(columns, minimum);
  for (const auto& row : grid) {
    for (std::size_t c = 0; c < columns; ++c) {
      widths[c] = std::max(widths[c], display_width(row[c]));
    }
  }
  return widths;
}

int total_width(const std::vector<int>& widths) {
  int total = 0;
  for (int w : widths) {
    total += w;
  }
  const auto gaps = static_cast<int>(widths.size()) - 1;
  return total + gaps * static_cast<int>(k_column_gap.size());
}

// Cut the shrink column so the table fits max_width, never below k_min_shrink_width.
void shrink_to_fit(Grid& grid, std::vector<int>& widths, int column, int max_width) {
  if (max_width <= 0 || column < 0 || static_cast<std::size_t>(column) >= widths.size()) {
    return;
  }
  const int excess = total_width(widths) - max_width;
  const auto c = static_cast<std::size_t>(column);
  if (excess <= 0 || widths[c] <= k_min_shrink_width) {
    return;
  }
  const int target = std::max(k_min_shrink_width, widths[c] - excess);
  int widest = 0;
  for (auto& row : grid) {
    row[c] = truncate_to_width(row[c], target);
    widest = std::max(widest, display_width(row[c]));
  }
  widths[c] = widest;
}

// An SGR parameter is digits and ';' only; anything else is dropped rather than emitted.
bool is_sgr_parameter(std::string_view code) {
  return !code.empty() && std::all_of(code.begin(), code.end(), [](char ch) {
    return (ch >= '0' && ch <= '9') || ch == ';';
  });
}

std::string cell_style(const Table& t, std::size_t grid_row, std::size_t c, bool color) {
  if (!color) {
    return "";
  }
  if (grid_row == 0) {
    return std::string(k_header_style);
  }
  const std::size_t r = grid_row - 1;
  std::string code = r < t.styles.size() ? cell_at(t.styles[r], c) : std::string();
  return is_sgr_parameter(code) ? code : std::string();
}

std::string wrap_style(std::string_view text, std::string_view style) {
  if (style.empty() || text.empty()) {
    return std::string(text);
  }
  return "\x1b[" + std::string(style) + "m" + std::string(text) + std::string(k_reset);
}

std::string_view trim_right_spaces(std::string_view s) {
  while (!s.empty() && s.back() == ' ') {
    s.remove_suffix(1);
  }
  return s;
}

// Index one past the last cell with visible text; later cells are left out of the line.
std::size_t visible_end(const std::vector<std::string>& cells) {
  std::size_t end = cells.size();
  while (end > 0 && trim_right_spaces(cells[end - 1]).empty()) {
    --end;
  }
  return end;
}

struct LineLayout {
  const std::vector<int>& widths;
  const std::vector<Align>& aligns;
};

std::string render_text_line(const std::vector<std::string>& cells,
                             const std::vector<std::string>& styles, const LineLayout& layout) {
  const std::size_t end = visible_end(cells);
  std::string line;
  for (std::size_t c = 0; c < end; ++c) {
    const bool right = layout.aligns[c] == Align::right;
    if (c + 1 < end) {
      const std::string padded =
          right ? pad_left(cells[c], layout.widths[c]) : pad_right(cells[c], layout.widths[c]);
      line += wrap_style(padded, styles[c]);
      line += k_column_gap;
      continue;
    }
    // The last cell: padding stays outside the colour and nothing trails it.
    if (right) {
      line += std::string(std::max(0, layout.widths[c] - display_width(cells[c])), ' ');
    }
    line += wrap_style(trim_right_spaces(cells[c]), styles[c]);
  }
  return line + "\n";
}

// One Markdown cell: line breaks as <br>, everything else as markdown_text().
std::string markdown_cell(std::string_view cell) {
  std::string out;
  std::size_t start = 0;
  for (std::size_t i = 0; i < cell.size(); ++i) {
    if (cell[i] != '\n' && cell[i] != '\r') {
      continue;
    }
    out += markdown_text(cell.substr(start, i - start)) + "<br>";
    if (cell[i] == '\r' && i + 1 < cell.size() && cell[i + 1] == '\n') {
      ++i;  // "\r\n" is one line break
    }
    start = i + 1;
  }
  return out + markdown_text(cell.substr(start));
}

std::string markdown_line(const std::vector<std::string>& cells) {
  std::string line = "|";
  for (const auto& cell : cells) {
    line += " " + cell + " |";
  }
  return line + "\n";
}

std::string markdown_separator(int width, Align align) {
  if (align == Align::right) {
    return std::string(width - 1, '-') + ":";
  }
  return std::string(width, '-');
}

std::string csv_line(const std::vector<std::string>& cells) {
  std::string line;
  for (std::size_t c = 0; c < cells.size(); ++c) {
    if (c > 0) {
      line += ',';
    }
    line += csv_field(cells[c]);
  }
  return line + "\n";
}

// CSV keeps line breaks and tabs (quoted), but no other control character
// reaches a terminal or a spreadsheet: ESC becomes "^[", C1 and bidi controls "?".
std::string neutralise_controls(const std::string& s) {
  return sanitize_terminal(s, "\n\r\t");
}

}  // namespace

std::string render_table_text(const Table& t, const TextTableOptions& opt) {
  const std::size_t columns = column_count(t);
  if (columns == 0) {
    return "";
  }
  Grid grid = make_grid(t, columns, [](const std::string& s) { return sanitize_terminal(s); });
  std::vector<int> widths = column_widths(grid, columns, 0);
  shrink_to_fit(grid, widths, t.shrink_column, opt.max_width);
  std::vector<Align> aligns;
  for (std::size_t c = 0; c < columns; ++c) {
    aligns.push_back(column_align(t, c));
  }
  const LineLayout layout{widths, aligns};
  std::string out;
  for (std::size_t r = 0; r < grid.size(); ++r) {
    std::vector<std::string> styles;
    for (std::size_t c = 0; c < columns; ++c) {
      styles.push_back(cell_style(t, r, c, opt.color));
    }
    out += render_text_line(grid[r], styles, layout);
  }
  return out;
}

std::string render_table_markdown(const Table& t) {
  const std::size_t columns = column_count(t);
  if (columns == 0) {
    return "";
  }
  const Grid grid = make_grid(t, columns, markdown_cell);
  std::vector<int> widths = column_widths(grid, columns, 0);
  std::vector<std::string> separators;
  for (std::size_t c = 0; c < columns; ++c) {
    const Align align = column_align(t, c);
    // At least "---" (left) or "---:" (right) so the separator row stays valid.
    widths[c] = std::max(widths[c], align == Align::right ? 4 : 3);
    separators.push_back(markdown_separator(widths[c], align));
  }
  std::string out;
  for (std::size_t r = 0; r < grid.size(); ++r) {
    std::vector<std::string> cells;
    for (std::size_t c = 0; c < columns; ++c) {
      const bool right = column_align(t, c) == Align::right;
      cells.push_back(right ? pad_left(grid[r][c], widths[c]) : pad_right(grid[r][c], widths[c]));
    }
    out += markdown_line(cells);
    if (r == 0) {
      out += markdown_line(separators);
    }
  }
  return out;
}

std::string render_table_csv(const Table& t) {
  const std::size_t columns = column_count(t);
  if (columns == 0) {
    return "";
  }
  const Grid grid =
      make_grid(t, columns, [](const std::string& s) { return neutralise_controls(s); });
  std::string out;
  for (const auto& row : grid) {
    out += csv_line(row);
  }
  return out;
}

std::string csv_field(std::string_view cell) {
  const bool needs_quotes = cell.find_first_of(",\"\r\n") != std::string_view::npos ||
                            (!cell.empty() && (cell.front() == ' ' || cell.back() == ' '));
  if (!needs_quotes) {
    return std::string(cell);
  }
  std::string out = "\"";
  for (char ch : cell) {
    if (ch == '"') {
      out += '"';
    }
    out += ch;
  }
  return out + "\"";
}

}  // namespace duban
