#include "io/feedback_read.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <utility>

#include "core/error.hpp"
#include "io/csv.hpp"
#include "io/feedback_form.hpp"
#include "io/notice.hpp"
#include "io/text.hpp"

namespace duban {

namespace {

constexpr std::size_t k_columns = k_form_headers.size();
constexpr int k_first_input = static_cast<int>(k_form_first_input_column);
// Excel's most characters in a cell, in UTF-8 bytes at worst.
constexpr std::size_t k_max_cell_bytes = std::size_t{32767} * 4;

using Cells = std::array<xlsx::Cell, k_columns>;

// What the hidden sheet holds for one task row.
struct Original {
  std::string id;
  std::string uid;
  std::string title;
  std::string due;
  bool co = false;
};

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string text_of(const xlsx::Cell& c) {
  return trim(c.value());
}

class RowReader {
 public:
  RowReader(const std::string& name, int row, const Cells& cells, std::vector<std::string>& errors)
      : name_(name), row_(row), cells_(cells), errors_(errors) {}

  // The row's values, or nullopt when a cell has a problem (reported).
  std::optional<FeedbackRow> read() {
    FeedbackRow r;
    r.row = row_;
    r.id = text(k_fc_id);
    r.title = text(k_fc_title);
    const std::string co_mark = notice_co_mark(true, Lang::zh);
    if (ends_with(r.title, co_mark)) {
      r.title.resize(r.title.size() - co_mark.size());
      r.title = trim(r.title);
    }
    r.progress = text(k_fc_progress);
    r.result = text(k_fc_result);
    r.reason = text(k_fc_reason);
    r.filler = text(k_fc_filler);
    r.phone = text(k_fc_phone);
    read_percent(r);
    read_finished(r);
    read_extension(r);
    if (r.id.empty()) {
      error(k_fc_id, "no task id in the row");
    }
    // A row with only 否, 填报人 or 联系电话 says nothing to record.
    if (!ok_ || (r.progress.empty() && !r.percent && !r.finished && !r.extend_to)) {
      return std::nullopt;
    }
    return r;
  }

  void error(int column, const std::string& message) {
    errors_.push_back(
        fmt::format("{}:{}:{}: {}", name_, row_, form_column_letter(column), message));
    ok_ = false;
  }

 private:
  std::string text(int column) {
    const xlsx::Cell& c = cells_[static_cast<std::size_t>(column)];
    if (c.type == xlsx::CellType::error) {
      error(column,
            fmt::format("{}: the cell holds an error ({})", k_form_headers[column], c.text));
      return "";
    }
    std::string s = text_of(c);
    if (s.size() > k_max_cell_bytes) {
      error(column, fmt::format("{}: more text than a cell holds", k_form_headers[column]));
      return "";
    }
    return s;
  }

  void read_percent(FeedbackRow& r) {
    const xlsx::Cell& c = cells_[k_fc_percent];
    const std::string s = text_of(c);
    if (s.empty()) {
      return;
    }
    std::string why;
    r.percent = parse_form_percent(s, c.type == xlsx::CellType::number && c.percent, &why);
    if (!r.percent) {
      error(k_fc_percent, fmt::format("{}: {}", k_form_headers[k_fc_percent], why));
    }
  }

  void read_finished(FeedbackRow& r) {
    const std::string s = text(k_fc_finished);
    if (s == "是") {
      r.finished = true;
    } else if (!s.empty() && s != "否") {
      error(k_fc_finished,
            fmt::format("{}: write 是 or 否 (or leave it empty)", k_form_headers[k_fc_finished]));
    }
    if (!r.finished && !r.result.empty()) {
      error(k_fc_result, fmt::format("{} is filled but {} is not 是", k_form_headers[k_fc_result],
                                     k_form_headers[k_fc_finished]));
    }
  }

  void read_extension(FeedbackRow& r) {
    const xlsx::Cell& c = cells_[k_fc_extend_to];
    // An error cell (a date Excel cannot show) is no empty one.
    if (c.type != xlsx::CellType::error && text_of(c).empty()) {
      if (!r.reason.empty()) {
        error(k_fc_extend_to,
              fmt::format("{} is filled but {} is empty", k_form_headers[k_fc_reason],
                          k_form_headers[k_fc_extend_to]));
      }
      return;
    }
    std::string why;
    r.extend_to = parse_form_date(c, &why);
    if (!r.extend_to) {
      error(k_fc_extend_to, fmt::format("{}: {}", k_form_headers[k_fc_extend_to], why));
      return;
    }
    if (r.reason.empty()) {
      error(k_fc_reason, fmt::format("{}: a request for a later deadline needs a reason",
                                     k_form_headers[k_fc_reason]));
    }
    if (r.finished) {
      error(k_fc_extend_to,
            fmt::format("a row either closes the task ({} 是) or asks for a later deadline, not "
                        "both",
                        k_form_headers[k_fc_finished]));
    }
  }

  const std::string& name_;
  int row_;
  const Cells& cells_;
  std::vector<std::string>& errors_;
  bool ok_ = true;
};

bool has_input(const Cells& cells) {
  return std::any_of(cells.begin() + k_first_input, cells.end(), [](const xlsx::Cell& c) {
    return c.type == xlsx::CellType::error || !text_of(c).empty();
  });
}

Cells cells_of(const xlsx::Row& row) {
  Cells out;
  for (std::size_t c = 0; c < k_columns; ++c) {
    out[c].row = row.row;
    out[c].column = static_cast<int>(c) + 1;
  }
  for (const xlsx::Cell& c : row.cells) {
    if (c.column >= 1 && c.column <= static_cast<int>(k_columns)) {
      out[static_cast<std::size_t>(c.column - 1)] = c;
    }
  }
  return out;
}

Cells cells_of(const CsvRecord& rec) {
  Cells out;
  for (std::size_t c = 0; c < k_columns; ++c) {
    out[c].row = rec.row;
    out[c].column = static_cast<int>(c) + 1;
    if (c < rec.fields.size()) {
      out[c].text = rec.fields[c];
      out[c].type = out[c].text.empty() ? xlsx::CellType::empty : xlsx::CellType::text;
    }
  }
  return out;
}

bool is_header(const Cells& cells) {
  for (std::size_t c = 0; c < k_columns; ++c) {
    if (text_of(cells[c]) != k_form_headers[c]) {
      return false;
    }
  }
  return true;
}

std::string not_a_form(const std::string& name, const std::string& why) {
  return fmt::format("{}: not a feedback form (反馈表) of duban remind: {}", name, why);
}

// ---- .xlsx

std::string hidden(const xlsx::Row& row, int column) {
  for (const xlsx::Cell& c : row.cells) {
    if (c.column == column) {
      return c.value();
    }
  }
  return "";
}

// The form's head (mark, version, unit, number) and originals by row number.
bool read_originals(const xlsx::Sheet& sheet, FeedbackRead& out, std::map<int, Original>& rows) {
  const std::string& name = out.file.name;
  if (sheet.rows.empty() || sheet.rows.front().row != 1 ||
      hidden(sheet.rows.front(), 1) != k_form_mark) {
    out.errors.push_back(
        not_a_form(name, fmt::format("its sheet '{}' has no mark", k_form_data_sheet)));
    return false;
  }
  const std::string version = hidden(sheet.rows.front(), 2);
  if (version != k_form_version) {
    out.errors.push_back(
        fmt::format("{}: a feedback form of layout version {}; this duban reads version {}", name,
                    sanitize_terminal(version), k_form_version));
    return false;
  }
  bool header = false;
  for (const xlsx::Row& row : sheet.rows) {
    const std::string key = hidden(row, 1);
    if (!header) {
      if (key == "unit") {
        out.file.unit = trim(hidden(row, 2));
      } else if (key == "notice") {
        out.file.number = trim(hidden(row, 2));
      } else if (key == "row") {
        header = true;
      }
      continue;
    }
    int at = 0;
    const std::string n = hidden(row, 1);
    if (std::from_chars(n.data(), n.data() + n.size(), at).ec != std::errc() || at < 1) {
      continue;
    }
    rows[at] = Original{hidden(row, 2), hidden(row, 3), hidden(row, 4), hidden(row, 5),
                        hidden(row, 6) == "1"};
  }
  if (out.file.unit.empty() || out.file.number.empty()) {
    out.errors.push_back(not_a_form(name, "its unit or notice number is missing"));
    return false;
  }
  return true;
}

// The protected cells A to C of a row against the originals.
void check_protected(RowReader& reader, const Cells& cells, const Original& o) {
  const std::string edited = "a protected cell was edited; the form made it";
  if (text_of(cells[k_fc_id]) != o.id) {
    reader.error(k_fc_id, fmt::format("{}: {} {}", k_form_headers[k_fc_id], edited, o.id));
  }
  const std::string title = o.title + notice_co_mark(o.co, Lang::zh);
  if (text_of(cells[k_fc_title]) != title) {
    reader.error(k_fc_title, fmt::format("{}: {} “{}”", k_form_headers[k_fc_title], edited, title));
  }
  if (text_of(cells[k_fc_due]) != o.due) {
    reader.error(k_fc_due, fmt::format("{}: {} {}", k_form_headers[k_fc_due], edited,
                                       o.due.empty() ? "empty" : o.due));
  }
}

// The captions of row 2 (填报单位：, 通知号：) against the hidden sheet: one
// edited without the other is a form tampered with, or pieced together from
// two. A caption left out is not checked.
void check_captions(const xlsx::Sheet& sheet, FeedbackRead& out) {
  if (sheet.rows.size() < 2 || sheet.rows[1].row != 2) {
    return;
  }
  for (const xlsx::Cell& c : sheet.rows[1].cells) {
    const std::string s = text_of(c);
    for (const auto& [caption, hidden] : {std::pair{k_form_unit_caption, &out.file.unit},
                                          std::pair{k_form_number_caption, &out.file.number}}) {
      if (starts_with(s, caption) && trim(s.substr(caption.size())) != *hidden) {
        out.errors.push_back(fmt::format(
            "{}:2:{}: {}, but the form's hidden sheet names {}: the form was edited", out.file.name,
            form_column_letter(c.column - 1), sanitize_terminal(s), sanitize_terminal(*hidden)));
      }
    }
  }
}

FeedbackRead read_xlsx_form(std::string bytes, const std::string& name) {
  FeedbackRead out;
  out.file.name = name;
  const xlsx::Workbook book = xlsx::Workbook::from_bytes(std::move(bytes), name);
  const auto& names = book.sheet_names();
  if (std::find(names.begin(), names.end(), k_form_data_sheet) == names.end() ||
      std::find(names.begin(), names.end(), k_form_sheet) == names.end()) {
    out.errors.push_back(not_a_form(
        name, fmt::format("it has no sheets '{}' and '{}'", k_form_sheet, k_form_data_sheet)));
    return out;
  }
  std::map<int, Original> originals;
  if (!read_originals(book.read_sheet(std::string(k_form_data_sheet)), out, originals)) {
    return out;
  }
  const xlsx::Sheet sheet = book.read_sheet(std::string(k_form_sheet));
  const auto header = std::find_if(sheet.rows.begin(), sheet.rows.end(),
                                   [](const xlsx::Row& r) { return r.row == k_form_header_row; });
  if (header == sheet.rows.end() || !is_header(cells_of(*header))) {
    out.errors.push_back(
        not_a_form(name, fmt::format("row {} is not the form's header row", k_form_header_row)));
    return out;
  }
  check_captions(sheet, out);
  if (!out.errors.empty()) {
    return out;
  }
  for (const xlsx::Row& row : sheet.rows) {
    if (row.row <= k_form_header_row) {
      continue;
    }
    const Cells cells = cells_of(row);
    if (!has_input(cells)) {
      continue;
    }
    RowReader reader(out.file.name, row.row, cells, out.errors);
    const auto o = originals.find(row.row);
    if (o == originals.end()) {
      const std::string id = text_of(cells[k_fc_id]);
      reader.error(k_fc_id,
                   id.empty()
                       ? std::string("a row the form was not made with (rows added or moved?)")
                       : fmt::format("{} is not on {}'s form as it was sent (a row from "
                                     "another unit's form, or rows added or moved?)",
                                     sanitize_terminal(id), sanitize_terminal(out.file.unit)));
      continue;
    }
    check_protected(reader, cells, o->second);
    if (std::optional<FeedbackRow> r = reader.read()) {
      r->original = FeedbackOriginal{o->second.uid, o->second.co};
      out.file.rows.push_back(std::move(*r));
    }
  }
  return out;
}

// ---- CSV

// The text after `caption` in any cell of `rec`, or "".
std::string caption_value(const CsvRecord& rec, std::string_view caption) {
  for (const std::string& f : rec.fields) {
    const std::string s = trim(f);
    if (starts_with(s, caption)) {
      return trim(s.substr(caption.size()));
    }
  }
  return "";
}

FeedbackRead read_csv_form(const std::string& text, const std::string& name) {
  FeedbackRead out;
  out.file.name = name;
  const std::vector<CsvRecord> records = parse_csv(text, name);
  if (records.empty() || records.front().fields.empty() ||
      trim(records.front().fields.front()) != k_form_title) {
    out.errors.push_back(not_a_form(name, fmt::format("its first cell is not {}", k_form_title)));
    return out;
  }
  auto header = records.end();
  for (auto it = records.begin(); it != records.end(); ++it) {
    if (is_header(cells_of(*it))) {
      header = it;
      break;
    }
    if (out.file.unit.empty()) {
      out.file.unit = caption_value(*it, k_form_unit_caption);
    }
    if (out.file.number.empty()) {
      out.file.number = caption_value(*it, k_form_number_caption);
    }
  }
  if (header == records.end()) {
    out.errors.push_back(not_a_form(name, "it has no header row 编号, 事项 … 联系电话"));
    return out;
  }
  if (out.file.unit.empty() || out.file.number.empty()) {
    out.errors.push_back(not_a_form(name, fmt::format("no {} or {} above the header row",
                                                      k_form_unit_caption, k_form_number_caption)));
    return out;
  }
  for (auto it = header + 1; it != records.end(); ++it) {
    const Cells cells = cells_of(*it);
    if (!has_input(cells)) {
      continue;
    }
    RowReader reader(out.file.name, it->row, cells, out.errors);
    if (std::optional<FeedbackRow> r = reader.read()) {
      out.file.rows.push_back(std::move(*r));
    }
  }
  return out;
}

}  // namespace

std::optional<int> parse_form_percent(std::string_view text, bool percent_cell, std::string* why) {
  std::string s = trim(text);
  // A percent-formatted cell holds 80% as the number 0.8.
  if (percent_cell && s.size() <= 24) {
    double fraction = -1;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), fraction);
    const double scaled = fraction * 100;
    if (ec == std::errc() && end == s.data() + s.size() &&
        std::fabs(scaled - std::round(scaled)) < 1e-6) {
      if (fraction < 0 || fraction > 1) {
        *why =
            fmt::format("{}% is out of range: a whole number from 0 to 100", std::lround(scaled));
        return std::nullopt;
      }
      return static_cast<int>(std::lround(scaled));
    }
  }
  const bool percent_sign = !percent_cell && (ends_with(s, "%") || ends_with(s, "％"));
  if (percent_sign) {
    s = trim(std::string_view(s).substr(0, s.size() - (ends_with(s, "%") ? 1 : 3)));
  }
  int value = -1;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (!percent_cell && ec == std::errc() && end == s.data() + s.size() && !s.empty()) {
    if (value < 0 || value > 100) {
      *why = fmt::format("{} is out of range: a whole number from 0 to 100", sanitize_terminal(s));
      return std::nullopt;
    }
    return value;
  }
  *why = fmt::format("'{}' is not a whole number from 0 to 100 (80, or 80%)",
                     sanitize_terminal(text.substr(0, std::min<std::size_t>(text.size(), 40))));
  return std::nullopt;
}

std::optional<Date> parse_form_date(const xlsx::Cell& cell, std::string* why) {
  if (cell.type == xlsx::CellType::date) {
    // Excel shows dates up to 9999; a task file holds fewer.
    *why = date_range_problem(cell.date);
    if (why->empty()) {
      return cell.date;
    }
    return std::nullopt;
  }
  if (cell.type == xlsx::CellType::text) {
    if (std::optional<Date> d = parse_iso_date(trim(cell.text))) {
      return d;
    }
  }
  const std::string shown = cell.type == xlsx::CellType::error ? cell.text : cell.value();
  *why = fmt::format("'{}' is not a date (a date cell, or YYYY-MM-DD)",
                     sanitize_terminal(std::string_view(shown).substr(0, 40)));
  return std::nullopt;
}

FeedbackRead read_feedback_form(std::string bytes, const std::string& name) {
  try {
    if (xlsx::sniff(bytes) != xlsx::FileKind::other) {
      return read_xlsx_form(std::move(bytes), name);
    }
    return read_csv_form(decode_to_utf8(bytes, Encoding::automatic, name), name);
  } catch (const Error& e) {
    if (e.code() != k_exit_data) {
      throw;
    }
    FeedbackRead out;
    out.file.name = name;
    out.errors.emplace_back(e.what());
    return out;
  }
}

}  // namespace duban
