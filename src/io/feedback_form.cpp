#include "io/feedback_form.hpp"

#include <fmt/format.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <array>
#include <string>

#include "core/error.hpp"
#include "io/labels.hpp"
#include "io/xlsx_write.hpp"

namespace duban {

namespace {

constexpr std::size_t k_columns = k_form_headers.size();
constexpr auto k_last_column = static_cast<lxw_col_t>(k_columns - 1);
constexpr std::size_t k_first_task_row = k_form_header_row;  // 0-based: row 4
// The visible sheet's columns, 0-based.
constexpr std::size_t k_col_title = 1;
constexpr std::size_t k_col_due = 2;
constexpr std::size_t k_col_progress = 3;
constexpr std::size_t k_col_progress_on = 4;
constexpr std::size_t k_col_light = 5;
constexpr std::size_t k_col_work = 6;      // G 进展情况
constexpr std::size_t k_col_result = 9;    // J 办结情况
constexpr std::size_t k_col_reason = 11;   // L 延期理由
constexpr lxw_col_t k_col_percent = 7;     // H 完成比例
constexpr lxw_col_t k_col_finished = 8;    // I 是否办结
constexpr lxw_col_t k_col_extend_to = 10;  // K 申请延期至
// Room to type in the columns a unit fills in (G … N), in Excel's units.
constexpr std::array<double, k_columns - k_form_first_input_column> k_input_widths = {
    40, 10, 10, 30, 14, 30, 12, 16};
// The row of the hidden sheet's column names, 0-based (row 7); its rows follow.
constexpr lxw_row_t k_data_header_row = 6;

// The texts of the form's own (part of the layout, so never translated).
constexpr const char* k_finished_choices[] = {"是", "否"};

// A bordered cell (xlsx_cell_format) that the unit may fill in.
lxw_format* input(lxw_workbook* book, const char* num_format, bool wrap) {
  lxw_format* f = xlsx_cell_format(book, num_format, wrap);
  format_set_unlocked(f);
  return f;
}

// The formats of the visible sheet. Text cells are formatted as text ("@") so
// that what a liaison types stays text too; the input cells are unlocked.
struct FormFormats {
  lxw_format* title;
  lxw_format* caption;
  lxw_format* header;
  lxw_format* text;
  lxw_format* text_wrap;
  lxw_format* date;
  lxw_format* input_text;
  lxw_format* input_wrap;
  lxw_format* input_number;
  lxw_format* input_date;
};

FormFormats make_form_formats(lxw_workbook* book) {
  FormFormats f{};
  f.title = xlsx_title_format(book);
  format_set_font_size(f.title, 16);
  f.caption = workbook_add_format(book);
  format_set_align(f.caption, LXW_ALIGN_LEFT);
  format_set_align(f.caption, LXW_ALIGN_VERTICAL_CENTER);
  f.header = xlsx_header_format(book);
  f.text = xlsx_cell_format(book, "@", false);
  f.text_wrap = xlsx_cell_format(book, "@", true);
  f.date = xlsx_cell_format(book, "yyyy-mm-dd", false);
  f.input_text = input(book, "@", false);
  f.input_wrap = input(book, "@", true);
  f.input_number = input(book, "0", false);
  f.input_date = input(book, "yyyy-mm-dd", false);
  return f;
}

lxw_datetime datetime_of(Date d) {
  return lxw_datetime{
      d.year(), static_cast<uint8_t>(d.month()), static_cast<uint8_t>(d.day()), 0, 0, 0};
}

class FormWriter {
 public:
  FormWriter(lxw_workbook* book, const FeedbackForm& form)
      : book_(book), form_(form), f_(make_form_formats(book)) {}

  void write() {
    ws_ = add_sheet(std::string(k_form_sheet));
    write_titles();
    write_header();
    for (std::size_t i = 0; i < form_.tasks.size(); ++i) {
      write_task(k_first_task_row + i, form_.tasks[i]);
    }
    set_widths();
    add_validations();
    worksheet_freeze_panes(ws_, k_first_task_row, 2);
    worksheet_set_landscape(ws_);
    worksheet_set_paper(ws_, 9);  // A4
    worksheet_fit_to_pages(ws_, 1, 0);
    worksheet_repeat_rows(ws_, k_first_task_row - 1, k_first_task_row - 1);
    protect(ws_);
    write_originals();
  }

 private:
  lxw_worksheet* add_sheet(const std::string& name) {
    lxw_worksheet* ws = workbook_add_worksheet(book_, name.c_str());
    if (ws == nullptr) {
      throw io_error(fmt::format("cannot add the sheet '{}'", name));
    }
    return ws;
  }

  // Protection without a password: the locked cells keep honest mistakes
  // out, and rows and columns may still be resized.
  static void protect(lxw_worksheet* ws) {
    lxw_protection options{};
    options.format_columns = 1;
    options.format_rows = 1;
    worksheet_protect(ws, nullptr, &options);
  }

  void text(std::size_t row, std::size_t col, const std::string& s, lxw_format* format) {
    xlsx_write_text(ws_, sheet_, row, col, xlsx_cell_text(s), format);
  }

  void merged(std::size_t row, std::size_t first, std::size_t last, const std::string& s,
              lxw_format* format) {
    xlsx_check(
        worksheet_merge_range(ws_, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(first),
                              static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(last),
                              xlsx_escaped(xlsx_cell_text(s)).c_str(), format),
        sheet_, row, first);
  }

  void write_titles() {
    xlsx_check(worksheet_set_row(ws_, 0, 30, nullptr), sheet_, 0, 0);
    merged(0, 0, k_last_column, std::string(k_form_title), f_.title);
    xlsx_check(worksheet_set_row(ws_, 1, 20, nullptr), sheet_, 1, 0);
    merged(1, 0, 3, std::string(k_form_unit_caption) + form_.unit, f_.caption);
    merged(1, 4, 6, std::string(k_form_number_caption) + form_.number, f_.caption);
    merged(1, 7, 9, "截至：" + form_.as_of.iso(), f_.caption);
    merged(1, 10, k_last_column, "报送期限：" + form_.reply_by.iso(), f_.caption);
  }

  void write_header() {
    widths_.assign(k_columns, 0);
    for (std::size_t c = 0; c < k_columns; ++c) {
      const std::string h(k_form_headers[c]);
      widths_[c] = xlsx_text_width(h);
      text(k_first_task_row - 1, c, h, f_.header);
    }
  }

  void fitted_text(std::size_t row, std::size_t col, const std::string& s, lxw_format* format) {
    const std::string cell = xlsx_cell_text(s);
    widths_[col] = std::max(widths_[col], xlsx_text_width(cell));
    xlsx_write_text(ws_, sheet_, row, col, cell, format);
  }

  void date_or_blank(std::size_t row, std::size_t col, const std::optional<Date>& d) {
    if (d) {
      widths_[col] = std::max(widths_[col], 10);
      xlsx_write_date(ws_, sheet_, row, col, *d, f_.date);
    } else {
      blank(row, col, f_.date);
    }
  }

  void blank(std::size_t row, std::size_t col, lxw_format* format) {
    xlsx_check(worksheet_write_blank(ws_, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col),
                                     format),
               sheet_, row, col);
  }

  void write_task(std::size_t row, const FormTask& t) {
    fitted_text(row, 0, t.id, f_.text);
    fitted_text(row, k_col_title, t.title + notice_co_mark(t.co, Lang::zh), f_.text_wrap);
    date_or_blank(row, k_col_due, t.due);
    if (t.last_progress.empty()) {
      blank(row, k_col_progress, f_.text_wrap);
    } else {
      fitted_text(row, k_col_progress, t.last_progress, f_.text_wrap);
    }
    date_or_blank(row, k_col_progress_on, t.last_progress_on);
    fitted_text(row, k_col_light, t.light, f_.text);
    // G … N: empty and unlocked, for the unit.
    for (std::size_t c = k_form_first_input_column; c < k_columns; ++c) {
      lxw_format* format = f_.input_text;
      if (c == k_col_percent) {
        format = f_.input_number;
      } else if (c == k_col_extend_to) {
        format = f_.input_date;
      } else if (c == k_col_work || c == k_col_result || c == k_col_reason) {
        format = f_.input_wrap;
      }
      blank(row, c, format);
    }
  }

  void set_widths() {
    for (std::size_t c = 0; c < k_columns; ++c) {
      const bool is_date = c == k_col_due || c == k_col_progress_on;
      double width = xlsx_column_width(widths_[c], is_date ? CellType::date : CellType::text);
      if (c >= k_form_first_input_column) {
        width = std::max(width, k_input_widths[c - k_form_first_input_column]);
      }
      const auto col = static_cast<lxw_col_t>(c);
      xlsx_check(worksheet_set_column(ws_, col, col, width, nullptr), sheet_, 0, c);
    }
  }

  void validate(lxw_col_t col, lxw_data_validation& v) {
    const auto first = static_cast<lxw_row_t>(k_first_task_row);
    const auto last = static_cast<lxw_row_t>(k_first_task_row + form_.tasks.size() - 1);
    xlsx_check(worksheet_data_validation_range(ws_, first, col, last, col, &v), sheet_, first, col);
  }

  void add_validations() {
    if (form_.tasks.empty()) {
      return;
    }
    std::string percent_title(k_form_headers[k_col_percent]);
    std::string percent_error = "请填写 0 到 100 之间的整数";
    lxw_data_validation percent{};
    percent.validate = LXW_VALIDATION_TYPE_INTEGER;
    percent.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
    percent.minimum_number = 0;
    percent.maximum_number = 100;
    percent.error_title = percent_title.data();
    percent.error_message = percent_error.data();
    validate(k_col_percent, percent);

    std::string yes(k_finished_choices[0]);
    std::string no(k_finished_choices[1]);
    char* choices[] = {yes.data(), no.data(), nullptr};
    std::string finished_title(k_form_headers[k_col_finished]);
    std::string finished_error = fmt::format("请选择“{}”或“{}”", yes, no);
    lxw_data_validation finished{};
    finished.validate = LXW_VALIDATION_TYPE_LIST;
    finished.value_list = choices;
    finished.error_title = finished_title.data();
    finished.error_message = finished_error.data();
    validate(k_col_finished, finished);

    std::string extend_title(k_form_headers[k_col_extend_to]);
    std::string extend_input = "日期格式 YYYY-MM-DD";
    std::string extend_error =
        fmt::format("请填写不早于 {} 的日期，日期格式 YYYY-MM-DD", form_.as_of.iso());
    lxw_data_validation extend{};
    extend.validate = LXW_VALIDATION_TYPE_DATE;
    extend.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
    extend.value_datetime = datetime_of(form_.as_of);
    extend.input_title = extend_title.data();
    extend.input_message = extend_input.data();
    extend.error_title = extend_title.data();
    extend.error_message = extend_error.data();
    validate(k_col_extend_to, extend);
  }

  // The hidden sheet: what the form was made from, for the reader to check
  // the visible one against. Every cell is text.
  void write_originals() {
    ws_ = add_sheet(std::string(k_form_data_sheet));
    sheet_ = std::string(k_form_data_sheet);
    const std::vector<std::vector<std::string>> head = {
        {std::string(k_form_mark), std::string(k_form_version)},
        {"unit", form_.unit},
        {"notice", form_.number},
        {"as_of", form_.as_of.iso()},
        {"reply_by", form_.reply_by.iso()},
    };
    for (std::size_t r = 0; r < head.size(); ++r) {
      data_row(r, head[r]);
    }
    data_row(k_data_header_row, {"row", "id", "uid", "title", "due", "co"});
    for (std::size_t i = 0; i < form_.tasks.size(); ++i) {
      const FormTask& t = form_.tasks[i];
      data_row(k_data_header_row + 1 + i, {std::to_string(k_first_task_row + i + 1), t.id, t.uid,
                                           t.title, t.due ? t.due->iso() : "", t.co ? "1" : "0"});
    }
    worksheet_hide(ws_);
    protect(ws_);
  }

  void data_row(std::size_t row, const std::vector<std::string>& cells) {
    for (std::size_t c = 0; c < cells.size(); ++c) {
      if (!cells[c].empty()) {
        text(row, c, cells[c], nullptr);
      }
    }
  }

  lxw_workbook* book_;
  const FeedbackForm& form_;
  FormFormats f_;
  lxw_worksheet* ws_ = nullptr;
  std::string sheet_{k_form_sheet};
  std::vector<int> widths_;  // widest cell of each column, in display columns
};

// The latest progress entry on or before `as_of` (the log is in date order).
const LogEntry* latest_progress(const Task& t, Date as_of) {
  const LogEntry* found = nullptr;
  for (const LogEntry& e : t.log) {
    if (e.type == "progress" && e.date <= as_of && (found == nullptr || e.date >= found->date)) {
      found = &e;
    }
  }
  return found;
}

}  // namespace

std::string form_light(Light light, bool feedback_late) {
  std::string out(light_label(light, Lang::zh));
  if (feedback_late) {
    if (!out.empty()) {
      out += label("overdue.note_separator", Lang::zh);
    }
    out += label("overdue.feedback_late", Lang::zh);
  }
  return out;
}

FeedbackForm feedback_form_of(const Notice& n, const std::string& number,
                              const std::map<std::string, Task>& whole) {
  FeedbackForm form{n.unit, number, n.list->as_of, n.reply_by, {}};
  for (const auto& [item, co] : notice_items(n)) {
    const auto it = whole.find(item->task->id);
    const Task& t = it != whole.end() ? it->second : *item->task;
    FormTask row{t.id,         identity_of(t),
                 t.title,      co,
                 item->due,    "",
                 std::nullopt, form_light(item->lateness.light, item->feedback_late)};
    if (const LogEntry* p = latest_progress(t, form.as_of)) {
      row.last_progress = p->get("text");
      row.last_progress_on = p->date;
    }
    form.tasks.push_back(std::move(row));
  }
  return form;
}

std::string render_feedback_form(const FeedbackForm& form) {
  return xlsx_workbook_bytes([&form](lxw_workbook* book) { FormWriter(book, form).write(); });
}

}  // namespace duban
