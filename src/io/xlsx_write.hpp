#pragma once

#include <string>
#include <vector>

namespace duban {

/// What a column's cells are in the spreadsheet. Cells are given as text (the
/// same strings the CSV formats print) and written by their column's type.
enum class CellType {
  text,     // a text cell, stored exactly: never a formula, never a guessed number
  date,     // yyyy-mm-dd → a date cell (a number shown as yyyy-mm-dd)
  integer,  // decimal digits → a number cell
  percent,  // a fraction ("0.8750") → a number cell shown as 87.5%
};

/// One column of a sheet: its header and the type of its cells. Text columns
/// are as wide as their widest cell up to a cap; longer text wraps.
struct SheetColumn {
  std::string header;
  CellType type = CellType::text;
};

/// One worksheet: title lines merged across the columns, then the header row
/// (frozen: it stays in view while scrolling), then the rows. A row may be
/// shorter than the columns; an empty cell is left blank whatever its type.
struct Sheet {
  std::string name;  // the tab's name (at most 31 characters, no []:*?/\)
  std::vector<std::string> title_lines;
  std::vector<SheetColumn> columns;
  std::vector<std::vector<std::string>> rows;
};

/// The bytes of an .xlsx workbook holding `sheets` in order. A cell that does
/// not fit its column's type (or text above the 32,767 characters a cell holds)
/// is a data Error naming the sheet and cell; a failure of the writer an I/O Error.
std::string render_xlsx(const std::vector<Sheet>& sheets);

/// The width of a column (in Excel's units: one per Latin letter, two per
/// Chinese character) that shows `widest` display columns, capped for text.
double xlsx_column_width(int widest, CellType type);

}  // namespace duban
