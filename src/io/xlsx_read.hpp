#pragma once

// Reading .xlsx workbooks (Office Open XML spreadsheets, as Excel and WPS
// write them) with libzip and expat: the sheet names in tab order and the
// cells of one sheet as typed values. Generic: import reads ledgers with it,
// and filled-in feedback forms are read the same way.
//
// The file is untrusted: every archive entry is capped before and while it is
// inflated, rows and columns are capped at Excel's limits, and anything
// malformed is a data Error "NAME: not a valid .xlsx workbook: why" (exit 3).

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"

namespace duban::xlsx {

/// Excel's limits: 1,048,576 rows and 16,384 columns (A … XFD).
inline constexpr int k_max_rows = 1048576;
inline constexpr int k_max_columns = 16384;
/// The most bytes one archive entry may inflate to, and all entries read together.
inline constexpr std::size_t k_max_entry_bytes = std::size_t{256} << 20;
inline constexpr std::size_t k_max_total_bytes = std::size_t{512} << 20;

enum class CellType {
  empty,
  text,
  number,  // `text` holds its digits exactly as written (202511280001, never 2.02511e+11)
  date,    // a number in a date format: `date` holds the day (a time of day is dropped)
  boolean,
  error,  // an error value (#N/A), a formula without a cached value, an impossible date:
          // `text` says what
};

struct Cell {
  int row = 0;     // 1-based, as the spreadsheet numbers it
  int column = 0;  // 1-based: A = 1
  CellType type = CellType::empty;
  std::string text;      // text, number digits, TRUE/FALSE, or the problem of an error cell
  Date date;             // CellType::date
  bool percent = false;  // a number shown as a percent (0.8 as 80%)

  /// The value as text: a date as YYYY-MM-DD, a boolean as TRUE or FALSE,
  /// "" for an empty or error cell.
  std::string value() const;
};

/// A row that holds at least one cell with a value (empty cells are left
/// out), cells in column order.
struct Row {
  int row = 0;
  std::vector<Cell> cells;
};

struct Sheet {
  std::string name;
  std::vector<Row> rows;  // in row order; rows without values are left out
};

/// An opened workbook. Reading a sheet may throw the data Error above.
class Workbook {
 public:
  /// The workbook in `bytes`; `name` (the file name) begins every message.
  /// A legacy .xls (OLE2) file is refused with a message that says to save
  /// it as .xlsx.
  static Workbook from_bytes(std::string bytes, const std::string& name);
  /// The workbook at `path`, named by its file name in messages.
  static Workbook from_file(const std::string& path);

  Workbook(Workbook&&) noexcept;
  Workbook& operator=(Workbook&&) noexcept;
  ~Workbook();

  /// The worksheet names in tab order (workbook.xml).
  const std::vector<std::string>& sheet_names() const;
  /// Whether dates count from 1904 (Excel for Mac before 2011).
  bool date1904() const;
  /// The sheet named `name` (the first one when empty); an unknown name is a
  /// data Error listing the names.
  Sheet read_sheet(const std::string& name = "") const;

 private:
  struct Impl;
  explicit Workbook(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// What the first bytes of a file say it is.
enum class FileKind { xlsx_zip, legacy_xls, other };
/// A zip archive (PK\3\4, as every .xlsx is), an OLE2 compound file (a legacy
/// .xls, D0 CF 11 E0 A1 B1 1A E1), or neither.
FileKind sniff(std::string_view bytes);

// ---- the conversions, exposed for tests

/// The day an Excel serial number names, or nullopt with *why: serial 60 of
/// the 1900 system is 1900-02-29, which never was (Excel's leap-year bug
/// kept for Lotus 1-2-3), so the serials after it are one day late; serial 0
/// of the 1904 system is 1904-01-01. A time of day (the fraction) is dropped.
std::optional<Date> serial_to_date(double serial, bool date1904, std::string* why);
/// A number as written in a cell's <v> without losing a digit: integers as
/// their digits ("202511280001", also from "2.02511280001E+11" or
/// "202511280001.0"), other numbers as plain decimals ("0.0015" from "1.5E-3").
/// Text that is no number comes back as it is.
std::string number_text(std::string_view v);
/// _xHHHH_ (OOXML's escape of a character XML cannot hold) as the character.
std::string unescape(std::string_view s);
/// Whether number format `id` (with its custom `code`, when the workbook
/// defines one) shows a date.
bool is_date_format(int id, std::string_view code);
/// "C5" for row 5, column 3.
std::string cell_name(int row, int column);

}  // namespace duban::xlsx
