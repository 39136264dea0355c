#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "core/date.hpp"

// libxlsxwriter's types, for the helpers below (its header stays in the .cpp files).
struct lxw_workbook;
struct lxw_worksheet;
struct lxw_format;

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

// Helpers for the io files that build a workbook with libxlsxwriter directly
// (the feedback form): the same rules as render_xlsx.

/// User text as a cell holds it: no control character but line breaks and
/// tabs, CRLF as one line break; nothing added in front (a text cell is never run).
std::string xlsx_cell_text(const std::string& s);

/// The widest line of `s` in display columns (CJK counts 2).
int xlsx_text_width(const std::string& s);

/// The formats of render_xlsx's sheets: the title line (bold, 14 pt,
/// centred), the header row (bold, grey, bordered, wrapped) and a bordered
/// cell shown by `num_format` ("@" for text), wrapped or not.
lxw_format* xlsx_title_format(lxw_workbook* book);
lxw_format* xlsx_header_format(lxw_workbook* book);
lxw_format* xlsx_cell_format(lxw_workbook* book, const char* num_format, bool wrap);

/// Throw for a libxlsxwriter error `e` (an lxw_error) at `row`, `col` of the
/// sheet `sheet`: text too long is a data Error, anything else an I/O Error.
void xlsx_check(int e, const std::string& sheet, std::size_t row, std::size_t col);

/// Write `text` (already xlsx_cell_text) as a text cell: never a formula, a
/// literal _xHHHH_ escaped, text longer than a cell holds a data Error.
void xlsx_write_text(lxw_worksheet* ws, const std::string& sheet, std::size_t row, std::size_t col,
                     const std::string& text, lxw_format* format);

/// Write `d` as a date cell (shown by `format`).
void xlsx_write_date(lxw_worksheet* ws, const std::string& sheet, std::size_t row, std::size_t col,
                     Date d, lxw_format* format);

/// `text` as libxlsxwriter's merge and validation calls must be given it (a
/// literal _xHHHH_ escaped).
std::string xlsx_escaped(const std::string& text);

/// The bytes of the workbook `fill` builds: libxlsxwriter writes it to a
/// private temporary file, removed whatever happens; a failure to write it is
/// an I/O Error.
std::string xlsx_workbook_bytes(const std::function<void(lxw_workbook*)>& fill);

}  // namespace duban
