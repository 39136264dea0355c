#include "io/xlsx_write.hpp"

#include <fmt/format.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <optional>

#include "core/date.hpp"
#include "core/error.hpp"
#include "io/text.hpp"
#include "store/fsutil.hpp"

namespace duban {

namespace {

// Excel's limits: characters in a cell, rows in a sheet.
constexpr std::size_t k_max_cell_chars = 32767;
constexpr std::size_t k_max_rows = 1048576;
// Widths in Excel's units (about one Latin letter each).
constexpr int k_min_width = 6;
constexpr int k_max_text_width = 50;  // beyond this text wraps (25 Chinese characters)
constexpr int k_padding = 2;

// The characters Excel counts in a cell: UTF-16 code units.
std::size_t utf16_length(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) {
      n += c >= 0xF0 ? 2 : 1;
    }
  }
  return n;
}

std::string cell_name(std::size_t row, std::size_t col) {
  char buf[LXW_MAX_CELL_NAME_LENGTH];
  lxw_rowcol_to_cell(buf, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col));
  return buf;
}

std::optional<long long> parse_integer(const std::string& s) {
  long long v = 0;
  const char* end = s.data() + s.size();
  auto [p, ec] = std::from_chars(s.data(), end, v);
  if (ec != std::errc() || p != end) {
    return std::nullopt;
  }
  return v;
}

std::optional<double> parse_fraction(const std::string& s) {
  double v = 0;
  const char* end = s.data() + s.size();
  auto [p, ec] = std::from_chars(s.data(), end, v);
  if (ec != std::errc() || p != end) {
    return std::nullopt;
  }
  return v;
}

// A scratch file for libxlsxwriter, which writes only to a file name; removed
// when done, whatever happened.
class ScratchFile {
 public:
  ScratchFile() {
    std::error_code ec;
    std::filesystem::path dir = std::filesystem::temp_directory_path(ec);
    if (ec) {
      dir = "/tmp";
    }
    std::string pattern = (dir / "duban-xlsx-XXXXXX").string();
    const int fd = mkstemp(pattern.data());
    if (fd < 0) {
      throw io_error(fmt::format("cannot create a temporary file in {}: {}", dir.string(),
                                 std::strerror(errno)));
    }
    ::close(fd);
    path_ = pattern;
  }
  ~ScratchFile() { ::unlink(path_.c_str()); }
  ScratchFile(const ScratchFile&) = delete;
  ScratchFile& operator=(const ScratchFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// A workbook closed (and its memory freed) on every path; close() reports
// whether the file was written.
class Book {
 public:
  explicit Book(const std::string& path) {
    lxw_workbook_options options{};
    options.constant_memory = LXW_FALSE;
    book_ = workbook_new_opt(path.c_str(), &options);
    if (book_ == nullptr) {
      throw io_error("cannot start a spreadsheet: out of memory");
    }
  }
  ~Book() {
    if (book_ != nullptr) {
      workbook_close(book_);
    }
  }
  Book(const Book&) = delete;
  Book& operator=(const Book&) = delete;
  lxw_workbook* get() { return book_; }
  void close() {
    const lxw_error e = workbook_close(book_);
    book_ = nullptr;
    if (e != LXW_NO_ERROR) {
      throw io_error(fmt::format("cannot write the spreadsheet: {}", lxw_strerror(e)));
    }
  }

 private:
  lxw_workbook* book_ = nullptr;
};

// The formats every sheet shares.
struct Formats {
  lxw_format* title;
  lxw_format* header;
  lxw_format* text;
  lxw_format* text_wrap;
  lxw_format* date;
  lxw_format* integer;
  lxw_format* percent;
};

Formats make_formats(lxw_workbook* book) {
  Formats f{};
  f.title = xlsx_title_format(book);
  f.header = xlsx_header_format(book);
  // Text cells are formatted as text ("@"), so what a clerk later types
  // into them stays text too.
  f.text = xlsx_cell_format(book, "@", false);
  f.text_wrap = xlsx_cell_format(book, "@", true);
  f.date = xlsx_cell_format(book, "yyyy-mm-dd", false);
  f.integer = xlsx_cell_format(book, "0", false);
  f.percent = xlsx_cell_format(book, "0.0%", false);
  return f;
}

class SheetWriter {
 public:
  SheetWriter(lxw_workbook* book, const Formats& formats, const Sheet& sheet)
      : book_(book), f_(formats), sheet_(sheet), name_(xlsx_cell_text(sheet.name)) {}

  void write() {
    const lxw_error valid = workbook_validate_sheet_name(book_, name_.c_str());
    if (valid != LXW_NO_ERROR) {
      throw data_error(fmt::format("sheet name '{}': {}", name_, lxw_strerror(valid)));
    }
    ws_ = workbook_add_worksheet(book_, name_.c_str());
    if (ws_ == nullptr) {
      throw io_error(fmt::format("cannot add the sheet '{}'", name_));
    }
    const std::size_t header_row = sheet_.title_lines.size();
    if (header_row + 1 + sheet_.rows.size() > k_max_rows) {
      throw data_error(fmt::format("sheet '{}': {} rows are more than a sheet holds", name_,
                                   sheet_.rows.size()));
    }
    widths_.assign(sheet_.columns.size(), 0);
    write_titles();
    write_header(header_row);
    for (std::size_t r = 0; r < sheet_.rows.size(); ++r) {
      write_row(header_row + 1 + r, sheet_.rows[r]);
    }
    set_widths();
    worksheet_freeze_panes(ws_, static_cast<lxw_row_t>(header_row + 1), 0);
  }

 private:
  void check(lxw_error e, std::size_t row, std::size_t col) const {
    xlsx_check(e, name_, row, col);
  }

  void write_text(std::size_t row, std::size_t col, const std::string& text, lxw_format* format) {
    xlsx_write_text(ws_, name_, row, col, text, format);
  }

  void write_titles() {
    const std::size_t last = sheet_.columns.empty() ? 0 : sheet_.columns.size() - 1;
    for (std::size_t r = 0; r < sheet_.title_lines.size(); ++r) {
      const std::string text = xlsx_cell_text(sheet_.title_lines[r]);
      const auto row = static_cast<lxw_row_t>(r);
      check(worksheet_set_row(ws_, row, 24, nullptr), r, 0);
      if (last == 0) {
        write_text(r, 0, text, f_.title);
      } else {
        check(worksheet_merge_range(ws_, row, 0, row, static_cast<lxw_col_t>(last),
                                    xlsx_escaped(text).c_str(), f_.title),
              r, 0);
      }
    }
  }

  void write_header(std::size_t row) {
    for (std::size_t c = 0; c < sheet_.columns.size(); ++c) {
      const std::string text = xlsx_cell_text(sheet_.columns[c].header);
      widths_[c] = std::max(widths_[c], xlsx_text_width(text));
      write_text(row, c, text, f_.header);
    }
  }

  [[noreturn]] void bad_cell(std::size_t row, std::size_t col, const std::string& cell,
                             const char* expected) const {
    throw data_error(fmt::format("sheet '{}' cell {}: '{}' is not {}", name_, cell_name(row, col),
                                 xlsx_cell_text(cell), expected));
  }

  void write_row(std::size_t row, const std::vector<std::string>& cells) {
    const auto r = static_cast<lxw_row_t>(row);
    for (std::size_t c = 0; c < sheet_.columns.size(); ++c) {
      const auto col = static_cast<lxw_col_t>(c);
      const std::string& cell = c < cells.size() ? cells[c] : std::string();
      const CellType type = sheet_.columns[c].type;
      if (cell.empty()) {
        check(worksheet_write_blank(ws_, r, col, type == CellType::text ? f_.text : f_.integer),
              row, c);
        continue;
      }
      switch (type) {
        case CellType::text: {
          const std::string text = xlsx_cell_text(cell);
          const int width = xlsx_text_width(text);
          widths_[c] = std::max(widths_[c], width);
          write_text(row, c, text, width + k_padding > k_max_text_width ? f_.text_wrap : f_.text);
          break;
        }
        case CellType::date: {
          const std::optional<Date> d = parse_iso_date(cell);
          if (!d) {
            bad_cell(row, c, cell, "a date yyyy-mm-dd");
          }
          widths_[c] = std::max(widths_[c], 10);
          xlsx_write_date(ws_, name_, row, c, *d, f_.date);
          break;
        }
        case CellType::integer: {
          const std::optional<long long> n = parse_integer(cell);
          if (!n) {
            bad_cell(row, c, cell, "a whole number");
          }
          widths_[c] = std::max(widths_[c], static_cast<int>(cell.size()));
          check(worksheet_write_number(ws_, r, col, static_cast<double>(*n), f_.integer), row, c);
          break;
        }
        case CellType::percent: {
          const std::optional<double> x = parse_fraction(cell);
          if (!x) {
            bad_cell(row, c, cell, "a fraction");
          }
          widths_[c] = std::max(widths_[c], 6);  // "100.0%"
          check(worksheet_write_number(ws_, r, col, *x, f_.percent), row, c);
          break;
        }
      }
    }
  }

  void set_widths() {
    for (std::size_t c = 0; c < sheet_.columns.size(); ++c) {
      const auto col = static_cast<lxw_col_t>(c);
      check(worksheet_set_column(ws_, col, col,
                                 xlsx_column_width(widths_[c], sheet_.columns[c].type), nullptr),
            0, c);
    }
  }

  lxw_workbook* book_;
  const Formats& f_;
  const Sheet& sheet_;
  std::string name_;
  lxw_worksheet* ws_ = nullptr;
  std::vector<int> widths_;  // widest cell of each column, in display columns
};

}  // namespace

// User text as a cell holds it: no control character but line breaks and tabs
// (XML 1.0 cannot carry the others), CRLF as one line break. Nothing is added
// in front: a text cell is never run, so "=SUM(A1)" stays exactly that.
std::string xlsx_cell_text(const std::string& s) {
  std::string lf;
  lf.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') {
      continue;
    }
    lf += s[i];
  }
  return sanitize_terminal(lf, "\n\t");
}

// `s` as a cell's XML must hold it: a reader turns _xHHHH_ into the character
// U+HHHH (ECMA-376 escapes), so a literal one gets its '_' escaped as _x005F_.
// libxlsxwriter does not, and it leaves the rest to us.
std::string xlsx_escaped(const std::string& s) {
  auto is_hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s.compare(i, 2, "_x") == 0 && i + 6 < s.size() && is_hex(s[i + 2]) && is_hex(s[i + 3]) &&
        is_hex(s[i + 4]) && is_hex(s[i + 5]) && s[i + 6] == '_') {
      out += "_x005F";
    }
    out += s[i];
  }
  return out;
}

// The widest line of `s` in display columns (CJK counts 2).
int xlsx_text_width(const std::string& s) {
  int widest = 0;
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t end = s.find('\n', start);
    if (end == std::string::npos) {
      end = s.size();
    }
    widest = std::max(widest, display_width(std::string_view(s).substr(start, end - start)));
    start = end + 1;
  }
  return widest;
}

double xlsx_column_width(int widest, CellType type) {
  int width = std::max(widest + k_padding, k_min_width);
  if (type == CellType::text) {
    width = std::min(width, k_max_text_width);
  }
  return width;
}

lxw_format* xlsx_title_format(lxw_workbook* book) {
  lxw_format* f = workbook_add_format(book);
  format_set_bold(f);
  format_set_font_size(f, 14);
  format_set_align(f, LXW_ALIGN_CENTER);
  format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
  return f;
}

lxw_format* xlsx_header_format(lxw_workbook* book) {
  lxw_format* f = workbook_add_format(book);
  format_set_bold(f);
  format_set_text_wrap(f);
  format_set_border(f, LXW_BORDER_THIN);
  format_set_align(f, LXW_ALIGN_CENTER);
  format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
  format_set_bg_color(f, 0xD9D9D9);
  return f;
}

lxw_format* xlsx_cell_format(lxw_workbook* book, const char* num_format, bool wrap) {
  lxw_format* f = workbook_add_format(book);
  format_set_border(f, LXW_BORDER_THIN);
  format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
  format_set_num_format(f, num_format);
  if (wrap) {
    format_set_text_wrap(f);
  }
  return f;
}

void xlsx_check(int e, const std::string& sheet, std::size_t row, std::size_t col) {
  if (e == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED) {
    throw data_error(
        fmt::format("sheet '{}' cell {}: text longer than the {} characters a "
                    "spreadsheet cell holds",
                    sheet, cell_name(row, col), k_max_cell_chars));
  }
  if (e != LXW_NO_ERROR) {
    throw io_error(fmt::format("sheet '{}' cell {}: {}", sheet, cell_name(row, col),
                               lxw_strerror(static_cast<lxw_error>(e))));
  }
}

void xlsx_write_text(lxw_worksheet* ws, const std::string& sheet, std::size_t row, std::size_t col,
                     const std::string& text, lxw_format* format) {
  if (utf16_length(text) > k_max_cell_chars) {
    xlsx_check(LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED, sheet, row, col);
  }
  xlsx_check(worksheet_write_string(ws, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col),
                                    xlsx_escaped(text).c_str(), format),
             sheet, row, col);
}

void xlsx_write_date(lxw_worksheet* ws, const std::string& sheet, std::size_t row, std::size_t col,
                     Date d, lxw_format* format) {
  lxw_datetime dt{d.year(), static_cast<uint8_t>(d.month()), static_cast<uint8_t>(d.day()), 0, 0,
                  0};
  xlsx_check(worksheet_write_datetime(ws, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col),
                                      &dt, format),
             sheet, row, col);
}

std::string xlsx_workbook_bytes(const std::function<void(lxw_workbook*)>& fill) {
  ScratchFile file;
  {
    Book book(file.path());
    fill(book.get());
    book.close();
  }
  return read_file(file.path());
}

std::string render_xlsx(const std::vector<Sheet>& sheets) {
  return xlsx_workbook_bytes([&sheets](lxw_workbook* book) {
    const Formats formats = make_formats(book);
    for (const Sheet& sheet : sheets) {
      SheetWriter(book, formats, sheet).write();
    }
  });
}

}  // namespace duban
