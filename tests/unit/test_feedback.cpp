// Feedback from units (SPEC §15): filled-in 反馈表 read back (percent and date
// cells, edited protected cells, the CSV form) and checked against the tasks
// (unit, repeats, conflicts).
#include <doctest/doctest.h>

#include <xlsxwriter.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/feedback.hpp"
#include "helpers.hpp"
#include "io/feedback_form.hpp"
#include "io/feedback_read.hpp"
#include "io/xlsx_write.hpp"

using namespace duban;
using namespace duban::testing;

namespace {

using Strings = std::vector<std::string>;

constexpr const char* k_uid1 = "0123456789abcdef0123456789abcdef";

Task fb_task(const std::string& id, const std::string& lead, std::vector<std::string> co = {}) {
  Task t;
  t.id = id;
  t.uid = k_uid1;
  t.title = "事项" + id;
  t.kind = "instruction";
  t.lead = lead;
  t.co = std::move(co);
  t.created = ymd(2025, 9, 1);
  t.due = ymd(2025, 12, 31);
  t.status = Status::active;
  return t;
}

Units fb_units() {
  Units u;
  u.add(Unit{"市住建局", "", {"住建局"}, "department", "", ""});
  u.add(Unit{"市财政局", "", {}, "department", "", ""});
  return u;
}

// A form workbook as remind writes it, with the cells of `input` (row →
// column → text) and of `visible` (overriding A–C) filled in.
struct FormSpec {
  std::string unit = "市住建局";
  std::string mark{k_form_mark};
  std::string version{k_form_version};
  std::vector<Task> tasks;
  std::map<int, std::map<int, std::string>> input;  // 1-based row, 0-based column
  std::map<int, std::map<int, double>> numbers;     // formatted as percents
  std::map<int, std::map<int, Date>> dates;
};

std::string form_bytes(const FormSpec& spec) {
  return xlsx_workbook_bytes([&spec](lxw_workbook* book) {
    lxw_format* date = workbook_add_format(book);
    format_set_num_format(date, "yyyy-mm-dd");
    lxw_format* percent = workbook_add_format(book);
    format_set_num_format(percent, "0%");
    lxw_worksheet* ws = workbook_add_worksheet(book, std::string(k_form_sheet).c_str());
    const std::string sheet(k_form_sheet);
    xlsx_write_text(ws, sheet, 0, 0, "督查事项反馈表", nullptr);
    xlsx_write_text(ws, sheet, 1, 0, "填报单位：" + spec.unit, nullptr);
    for (std::size_t c = 0; c < k_form_headers.size(); ++c) {
      xlsx_write_text(ws, sheet, k_form_header_row - 1, c, std::string(k_form_headers[c]), nullptr);
    }
    for (std::size_t i = 0; i < spec.tasks.size(); ++i) {
      const Task& t = spec.tasks[i];
      const std::size_t row = k_form_header_row + i;  // 0-based
      xlsx_write_text(ws, sheet, row, 0, t.id, nullptr);
      xlsx_write_text(ws, sheet, row, 1, t.title, nullptr);
      xlsx_write_date(ws, sheet, row, 2, *t.due, date);
    }
    for (const auto& [row, cells] : spec.input) {
      for (const auto& [col, text] : cells) {
        xlsx_write_text(ws, sheet, static_cast<std::size_t>(row - 1), static_cast<std::size_t>(col),
                        text, nullptr);
      }
    }
    for (const auto& [row, cells] : spec.numbers) {
      for (const auto& [col, value] : cells) {
        worksheet_write_number(ws, static_cast<lxw_row_t>(row - 1), static_cast<lxw_col_t>(col),
                               value, percent);
      }
    }
    for (const auto& [row, cells] : spec.dates) {
      for (const auto& [col, d] : cells) {
        xlsx_write_date(ws, sheet, static_cast<std::size_t>(row - 1), static_cast<std::size_t>(col),
                        d, date);
      }
    }
    lxw_worksheet* data = workbook_add_worksheet(book, std::string(k_form_data_sheet).c_str());
    const std::string dname(k_form_data_sheet);
    xlsx_write_text(data, dname, 0, 0, spec.mark, nullptr);
    xlsx_write_text(data, dname, 0, 1, spec.version, nullptr);
    xlsx_write_text(data, dname, 1, 0, "unit", nullptr);
    xlsx_write_text(data, dname, 1, 1, "市住建局", nullptr);
    xlsx_write_text(data, dname, 2, 0, "notice", nullptr);
    xlsx_write_text(data, dname, 2, 1, "督催〔2025〕3号", nullptr);
    const Strings head = {"row", "id", "uid", "title", "due", "co"};
    for (std::size_t c = 0; c < head.size(); ++c) {
      xlsx_write_text(data, dname, 6, c, head[c], nullptr);
    }
    for (std::size_t i = 0; i < spec.tasks.size(); ++i) {
      const Task& t = spec.tasks[i];
      const Strings cells = {
          std::to_string(k_form_header_row + 1 + i), t.id, t.uid, t.title, t.due->iso(), "0"};
      for (std::size_t c = 0; c < cells.size(); ++c) {
        xlsx_write_text(data, dname, 7 + i, c, cells[c], nullptr);
      }
    }
  });
}

bool has_error(const Strings& errors, const std::string& part) {
  for (const std::string& e : errors) {
    if (contains(e, part)) {
      return true;
    }
  }
  return false;
}

std::string dump(const Strings& errors) {
  std::string out;
  for (const std::string& e : errors) {
    out += e + "\n";
  }
  return out;
}

FeedbackRow fb_row(int row, const Task& t) {
  FeedbackRow r;
  r.row = row;
  r.id = t.id;
  r.title = t.title;
  r.original = FeedbackOriginal{t.uid, false};
  return r;
}

FeedbackPlan plan(const std::vector<FeedbackFile>& files, const std::vector<Task>& tasks) {
  std::map<std::string, Task> by_id;
  for (const Task& t : tasks) {
    by_id[t.id] = t;
  }
  return plan_feedback(
      files,
      [&by_id](const std::string& id) -> std::optional<Task> {
        const auto it = by_id.find(id);
        return it == by_id.end() ? std::nullopt : std::optional<Task>(it->second);
      },
      fb_units(), ymd(2025, 11, 10));
}

}  // namespace

TEST_CASE("feedback: 完成比例 as 80, 80% or the fraction of a percent cell") {
  std::string why;
  CHECK(parse_form_percent("80", false, &why) == 80);
  CHECK(parse_form_percent(" 80% ", false, &why) == 80);
  CHECK(parse_form_percent("100％", false, &why) == 100);
  CHECK(parse_form_percent("0", false, &why) == 0);
  CHECK(parse_form_percent("0.8", true, &why) == 80);
  CHECK(parse_form_percent("1", true, &why) == 100);
  CHECK(parse_form_percent("0", true, &why) == 0);
  CHECK_FALSE(parse_form_percent("0.8", false, &why));
  CHECK_FALSE(parse_form_percent("0.805", true, &why));
  CHECK_FALSE(parse_form_percent("1.5", true, &why));
  CHECK(contains(why, "150% is out of range"));
  CHECK_FALSE(parse_form_percent("101", false, &why));
  CHECK(contains(why, "out of range"));
  CHECK_FALSE(parse_form_percent("-5", false, &why));
  CHECK_FALSE(parse_form_percent("八成", false, &why));
  CHECK_FALSE(parse_form_percent("80%%", false, &why));
}

TEST_CASE("feedback: 申请延期至 as a date cell or text YYYY-MM-DD") {
  std::string why;
  xlsx::Cell c;
  c.type = xlsx::CellType::date;
  c.date = ymd(2026, 3, 1);
  CHECK(parse_form_date(c, &why) == ymd(2026, 3, 1));
  c = xlsx::Cell{};
  c.type = xlsx::CellType::text;
  c.text = "2026-03-01";
  CHECK(parse_form_date(c, &why) == ymd(2026, 3, 1));
  c.text = "2026-02-30";
  CHECK_FALSE(parse_form_date(c, &why));
  c.text = "下月底";
  CHECK_FALSE(parse_form_date(c, &why));
  CHECK(contains(why, "not a date"));
  c.type = xlsx::CellType::number;
  c.text = "46082";
  CHECK_FALSE(parse_form_date(c, &why));
}

TEST_CASE("feedback: 申请延期至 beyond the dates a task file holds is refused") {
  std::string why;
  xlsx::Cell c;
  c.type = xlsx::CellType::date;  // Excel shows dates up to 9999-12-31
  c.date = ymd(5000, 6, 1);
  CHECK_FALSE(parse_form_date(c, &why));
  CHECK(contains(why, "5000-06-01 is outside"));
  c.date = ymd(1899, 12, 31);
  CHECK_FALSE(parse_form_date(c, &why));
  c.date = ymd(2999, 12, 31);
  CHECK(parse_form_date(c, &why) == ymd(2999, 12, 31));
}

TEST_CASE("feedback: a form remind writes is read back, its rows empty") {
  FeedbackForm form{"市住建局", "督催〔2025〕3号", ymd(2025, 11, 3), ymd(2025, 11, 6), {}};
  form.tasks.push_back(
      FormTask{"2025-0001", k_uid1, "事项一", false, ymd(2025, 12, 31), "", {}, ""});
  const FeedbackRead r = read_feedback_form(render_feedback_form(form), "a.xlsx");
  CHECK(r.errors.empty());
  CHECK(r.file.unit == "市住建局");
  CHECK(r.file.number == "督催〔2025〕3号");
  CHECK(r.file.rows.empty());
}

TEST_CASE("feedback: filled rows of an .xlsx form, cells parsed") {
  FormSpec spec;
  spec.tasks = {fb_task("2025-0001", "市住建局"), fb_task("2025-0002", "市住建局"),
                fb_task("2025-0003", "市住建局")};
  spec.input[4] = {{k_fc_progress, "已完成主体"},
                   {k_fc_finished, "是"},
                   {k_fc_filler, "张三"},
                   {k_fc_phone, "13800000000"}};
  spec.numbers[4] = {{k_fc_percent, 1.0}};
  spec.input[5] = {{k_fc_reason, "用地审批未完成"}};
  spec.input[6] = {{k_fc_finished, "否"}, {k_fc_filler, "张三"}};  // nothing to record
  spec.dates[5] = {{k_fc_extend_to, ymd(2026, 3, 31)}};
  spec.numbers[5] = {{k_fc_percent, 0.8}};
  const FeedbackRead r = read_feedback_form(form_bytes(spec), "a.xlsx");
  REQUIRE_MESSAGE(r.errors.empty(), dump(r.errors));
  REQUIRE(r.file.rows.size() == 2);
  CHECK(r.file.rows[0].finished);
  CHECK(r.file.rows[0].percent == 100);
  CHECK(r.file.rows[0].filler == "张三");
  CHECK(r.file.rows[0].original->uid == k_uid1);
  CHECK(r.file.rows[1].percent == 80);
  CHECK(r.file.rows[1].extend_to == ymd(2026, 3, 31));
  CHECK(r.file.rows[1].reason == "用地审批未完成");
}

TEST_CASE("feedback: problems of cells are each reported at FILE:ROW:COL") {
  FormSpec spec;
  spec.tasks = {fb_task("2025-0001", "市住建局"), fb_task("2025-0002", "市住建局"),
                fb_task("2025-0003", "市住建局")};
  spec.input[4] = {{k_fc_progress, "x"}, {k_fc_percent, "120"}, {k_fc_finished, "对"}};
  spec.input[5] = {{k_fc_extend_to, "2026/13/01"}};
  spec.input[6] = {{k_fc_id, "2025-0009"}, {k_fc_progress, "y"}, {k_fc_extend_to, "2026-03-01"}};
  const FeedbackRead r = read_feedback_form(form_bytes(spec), "a.xlsx");
  CHECK(r.file.rows.empty());
  CHECK(has_error(r.errors, "a.xlsx:4:H: 完成比例"));
  CHECK(has_error(r.errors, "a.xlsx:4:I: 是否办结"));
  CHECK(has_error(r.errors, "a.xlsx:5:K: 申请延期至"));
  CHECK(has_error(r.errors,
                  "a.xlsx:6:A: 编号: a protected cell was edited; the form made it "
                  "2025-0003"));
  CHECK(has_error(r.errors, "a.xlsx:6:L: 延期理由"));  // the reason is missing
}

TEST_CASE("feedback: an edited title or deadline is refused") {
  FormSpec spec;
  spec.tasks = {fb_task("2025-0001", "市住建局")};
  spec.input[4] = {{k_fc_title, "别的事项"}, {k_fc_due, "2026-06-30"}, {k_fc_progress, "x"}};
  const FeedbackRead r = read_feedback_form(form_bytes(spec), "a.xlsx");
  CHECK(r.file.rows.empty());
  CHECK(has_error(r.errors, "a.xlsx:4:B:"));
  CHECK(has_error(r.errors, "a.xlsx:4:C:"));
}

TEST_CASE("feedback: a workbook that is no form, or of another version, is refused by name") {
  FormSpec spec;
  spec.tasks = {fb_task("2025-0001", "市住建局")};
  spec.mark = "something-else";
  FeedbackRead r = read_feedback_form(form_bytes(spec), "x.xlsx");
  REQUIRE(r.errors.size() == 1);
  CHECK(contains(r.errors[0], "x.xlsx: not a feedback form"));
  spec.mark = std::string(k_form_mark);
  spec.version = "9";
  r = read_feedback_form(form_bytes(spec), "x.xlsx");
  REQUIRE(r.errors.size() == 1);
  CHECK(contains(r.errors[0], "layout version 9"));
  r = read_feedback_form("编号,事项\n1,2\n", "y.csv");
  REQUIRE(r.errors.size() == 1);
  CHECK(contains(r.errors[0], "y.csv: not a feedback form"));
}

TEST_CASE("feedback: the CSV form, unit and number from row 2") {
  std::string csv =
      "督查事项反馈表,,,,,,,,,,,,,\n填报单位：市住建局,,,,通知号：督催〔2025〕3号,,,截至：2025-11-"
      "03,,,报送期限：2025-11-06,,,\n";
  for (std::size_t c = 0; c < k_form_headers.size(); ++c) {
    csv += std::string(c ? "," : "") + std::string(k_form_headers[c]);
  }
  csv += "\n2025-0001,事项2025-0001（配合）,2025-12-31,,,绿灯,配合完成,80%,,,,,李四,\n";
  csv += "2025-0002,事项2025-0002,2025-12-31,,,绿灯,,,,,,,,\n";
  const FeedbackRead r = read_feedback_form(csv, "b.csv");
  REQUIRE_MESSAGE(r.errors.empty(), dump(r.errors));
  CHECK(r.file.unit == "市住建局");
  CHECK(r.file.number == "督催〔2025〕3号");
  REQUIRE(r.file.rows.size() == 1);
  CHECK(r.file.rows[0].row == 4);
  CHECK(r.file.rows[0].title == "事项2025-0001");
  CHECK_FALSE(r.file.rows[0].original);
  CHECK(r.file.rows[0].percent == 80);
}

TEST_CASE("feedback: rows become progress, done and extend-request entries") {
  const Task a = fb_task("2025-0001", "市住建局");
  const Task b = fb_task("2025-0002", "市住建局", {"市财政局"});
  FeedbackFile f{"a.xlsx", "住建局", "督催〔2025〕3号", {}};
  FeedbackRow r1 = fb_row(4, a);
  r1.progress = "完工";
  r1.percent = 100;
  r1.finished = true;
  r1.filler = "张三";
  r1.phone = "138";
  FeedbackRow r2 = fb_row(5, b);
  r2.extend_to = ymd(2026, 3, 31);
  r2.reason = "审批";
  f.rows = {r1, r2};
  FeedbackPlan p = plan({f}, {a, b});
  REQUIRE_MESSAGE(p.errors.empty(), dump(p.errors));
  CHECK(p.rows_recorded == 2);
  REQUIRE(p.changed.size() == 2);
  const Task& ta = p.changed[0];
  CHECK(ta.status == Status::done);
  REQUIRE(ta.log.size() == 2);
  CHECK(ta.log[0].type == "progress");
  CHECK(ta.log[0].get("by") == "市住建局");
  CHECK(ta.log[0].get("percent") == "100");
  CHECK(ta.log[0].get("contact") == "张三 138");
  CHECK(ta.log[0].get("form") == "督催〔2025〕3号");
  CHECK(ta.log[1].type == "done");
  CHECK(ta.log[1].get("result") == "完工");
  CHECK_FALSE(ta.log[1].has("contact"));
  const Task& tb = p.changed[1];
  REQUIRE(tb.log.size() == 1);
  CHECK(tb.log[0].type == "extend-request");
  CHECK(tb.log[0].get("to") == "2026-03-31");
  CHECK(tb.due == ymd(2025, 12, 31));

  // The same form again, on the tasks as they are now: nothing new, no error.
  FeedbackPlan again = plan({f}, {ta, tb});
  CHECK_MESSAGE(again.errors.empty(), dump(again.errors));
  CHECK(again.rows_recorded == 0);
  CHECK(again.rows_already == 2);
  CHECK(again.changed.empty());
}

TEST_CASE("feedback: the form's unit must lead the task, and only the lead closes or extends") {
  const Task a = fb_task("2025-0001", "市财政局");
  const Task b = fb_task("2025-0002", "市财政局", {"市住建局"});
  FeedbackFile f{"a.xlsx", "市住建局", "督催〔2025〕3号", {}};
  FeedbackRow r1 = fb_row(4, a);
  r1.progress = "x";
  FeedbackRow r2 = fb_row(5, b);
  r2.progress = "y";
  r2.finished = true;
  FeedbackRow r3 = fb_row(6, a);
  r3.id = "2025-0404";
  r3.progress = "z";
  f.rows = {r1, r2, r3};
  const FeedbackPlan p = plan({f}, {a, b});
  CHECK(has_error(p.errors, "a.xlsx:4:A: 市住建局 neither leads nor co-operates on 2025-0001"));
  CHECK(has_error(p.errors, "a.xlsx:5:I: 市住建局 only co-operates"));
  CHECK(has_error(p.errors, "a.xlsx:6:A: no task 2025-0404"));
}

TEST_CASE("feedback: a co-unit's progress joins the lead's closing in one run") {
  const Task b = fb_task("2025-0002", "市住建局", {"市财政局"});
  FeedbackRow lead = fb_row(4, b);
  lead.finished = true;
  lead.result = "办结";
  FeedbackRow co = fb_row(4, b);
  co.progress = "配合完成";
  const FeedbackPlan p = plan({{"lead.xlsx", "市住建局", "督催〔2025〕3号", {lead}},
                               {"co.xlsx", "市财政局", "督催〔2025〕4号", {co}}},
                              {b});
  REQUIRE_MESSAGE(p.errors.empty(), dump(p.errors));
  REQUIRE(p.changed.size() == 1);
  REQUIRE(p.changed[0].log.size() == 2);
  CHECK(p.changed[0].log[0].get("by") == "市财政局");
  CHECK(p.changed[0].log[1].type == "done");
}

TEST_CASE("feedback: uid mismatch, a done task, a CSV title and a conflicting repeat are refused") {
  Task a = fb_task("2025-0001", "市住建局");
  Task done = fb_task("2025-0002", "市住建局");
  done.status = Status::done;
  FeedbackRow r1 = fb_row(4, a);
  r1.original->uid = "ffffffffffffffffffffffffffffffff";
  r1.progress = "x";
  FeedbackRow r2 = fb_row(5, done);
  r2.progress = "y";
  FeedbackRow r3 = fb_row(6, a);
  r3.original.reset();
  r3.title = "改过的标题";
  r3.progress = "z";
  FeedbackRow r4 = fb_row(7, done);
  r4.original.reset();
  r4.progress = "w";
  FeedbackRow r5 = fb_row(8, done);
  r5.original.reset();
  r5.progress = "other";
  Task early = fb_task("2025-0003", "市住建局");
  FeedbackRow r6 = fb_row(9, early);
  r6.extend_to = ymd(2025, 12, 31);  // the deadline itself
  r6.reason = "r";
  const FeedbackPlan p = plan({{"a.xlsx", "市住建局", "N", {r1, r2}},
                               {"b.csv", "市住建局", "N", {r3}},
                               {"c.csv", "市住建局", "N", {r4, r5, r6}}},
                              {a, done, early});
  CHECK(has_error(p.errors, "a.xlsx:4:A: the form was made for another task"));
  CHECK(has_error(p.errors, "a.xlsx:5:A: 2025-0002 is done already"));
  CHECK(has_error(p.errors, "b.csv:6:B: the title is not that of 2025-0001"));
  CHECK(has_error(p.errors,
                  "c.csv:8:A: 2025-0002 of 市住建局 is also on a.xlsx:5 with other values"));
  CHECK(
      has_error(p.errors, "c.csv:9:K: the date asked for, 2025-12-31, is not after the deadline"));
}
