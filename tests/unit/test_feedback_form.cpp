// The 反馈表 (SPEC §15): what a notice's form holds (rows, latest progress on
// the as-of day, uid, light) and its workbook read back with duban's own
// reader; the layout itself is checked with openpyxl in tests/cli/test_forms.sh.
#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "helpers.hpp"
#include "io/feedback_form.hpp"
#include "io/xlsx_read.hpp"

using namespace duban;
using namespace duban::testing;

namespace {

Task form_task(const std::string& id, const std::string& uid) {
  Task t;
  t.id = id;
  t.uid = uid;
  t.title = "事项" + id;
  t.kind = "instruction";
  t.lead = "市住建局";
  t.created = ymd(2025, 9, 1);
  t.due = ymd(2025, 10, 10);
  t.status = Status::active;
  return t;
}

LogEntry progress(Date d, const std::string& text) {
  LogEntry e{d, "progress", {}, {}};
  e.set("by", "市住建局");
  e.set("text", text);
  return e;
}

struct FormFixture {
  std::vector<Task> tasks;
  std::vector<OverdueItem> items;
  OverdueList list;
  Notice notice;

  FormFixture() {
    tasks.push_back(form_task("2025-0001", "0123456789abcdef0123456789abcdef"));
    tasks[0].log = {progress(ymd(2025, 9, 5), "第一次"), progress(ymd(2025, 9, 20), "第二次"),
                    progress(ymd(2025, 10, 20), "as-of 之后")};
    tasks.push_back(form_task("2025-0002", ""));  // a file written before uids
    list.as_of = ymd(2025, 10, 13);
    for (const Task& t : tasks) {
      OverdueItem i;
      i.task = &t;
      i.lead = t.lead;
      i.due = t.due;
      i.lateness.light = Light::red;
      items.push_back(i);
    }
    items[1].feedback_late = true;
    items[1].lateness.light = Light::green;
    notice.list = &list;
    notice.unit = "市住建局";
    notice.items = {&items[0]};
    notice.co_items = {&items[1]};
    notice.reply_by = ymd(2025, 10, 16);
  }
};

const xlsx::Row* row(const xlsx::Sheet& s, int n) {
  for (const xlsx::Row& r : s.rows) {
    if (r.row == n) {
      return &r;
    }
  }
  return nullptr;
}

// The value of the cell of `r` in `column` (1-based), "" when empty.
std::string at(const xlsx::Row* r, int column) {
  if (r != nullptr) {
    for (const xlsx::Cell& c : r->cells) {
      if (c.column == column) {
        return c.value();
      }
    }
  }
  return "";
}

}  // namespace

TEST_CASE("feedback form: the light column") {
  CHECK(form_light(Light::red, false) == "红灯");
  CHECK(form_light(Light::yellow, false) == "黄灯");
  CHECK(form_light(Light::green, true) == "绿灯；报送超时");
  CHECK(form_light(Light::none, true) == "报送超时");
}

TEST_CASE("feedback form: rows led first, the latest progress on the as-of day, uids") {
  FormFixture f;
  const FeedbackForm form = feedback_form_of(f.notice, "督催〔2025〕3号", {});
  CHECK(form.unit == "市住建局");
  CHECK(form.number == "督催〔2025〕3号");
  CHECK(form.as_of == ymd(2025, 10, 13));
  CHECK(form.reply_by == ymd(2025, 10, 16));
  REQUIRE(form.tasks.size() == 2);
  const FormTask& led = form.tasks[0];
  CHECK(led.id == "2025-0001");
  CHECK(!led.co);
  CHECK(led.uid == "0123456789abcdef0123456789abcdef");
  CHECK(led.last_progress == "第二次");  // not the entry after the as-of day
  CHECK(led.last_progress_on == ymd(2025, 9, 20));
  CHECK(led.light == "红灯");
  const FormTask& co = form.tasks[1];
  CHECK(co.co);
  CHECK(co.uid == derived_uid(f.tasks[1]));  // the one its file gets when written
  CHECK(co.last_progress.empty());
  CHECK(!co.last_progress_on);
  CHECK(co.light == "绿灯；报送超时");
}

TEST_CASE("feedback form: the whole task, not the notice's summary, gives log texts and uid") {
  FormFixture f;
  Task summary = f.tasks[0];
  summary.uid.clear();
  summary.log.clear();
  f.items[0].task = &summary;
  const std::map<std::string, Task> whole = {{f.tasks[0].id, f.tasks[0]}};
  const FeedbackForm form = feedback_form_of(f.notice, "督催〔2025〕3号", whole);
  CHECK(form.tasks[0].uid == "0123456789abcdef0123456789abcdef");
  CHECK(form.tasks[0].last_progress == "第二次");
}

TEST_CASE("feedback form: the workbook read back") {
  FormFixture f;
  f.tasks[0].title = "=SUM(A1)_x0041_";
  const std::string bytes = render_feedback_form(feedback_form_of(f.notice, "督催〔2025〕3号", {}));
  const xlsx::Workbook book = xlsx::Workbook::from_bytes(bytes, "form.xlsx");
  CHECK(book.sheet_names() == std::vector<std::string>{"反馈表", "duban"});

  const xlsx::Sheet s = book.read_sheet("反馈表");
  CHECK(at(row(s, 1), 1) == "督查事项反馈表");
  CHECK(at(row(s, 2), 1) == "填报单位：市住建局");
  CHECK(at(row(s, 2), 5) == "通知号：督催〔2025〕3号");
  CHECK(at(row(s, 2), 8) == "截至：2025-10-13");
  CHECK(at(row(s, 2), 11) == "报送期限：2025-10-16");
  for (int c = 0; c < static_cast<int>(k_form_headers.size()); ++c) {
    CHECK(at(row(s, 3), c + 1) == k_form_headers[static_cast<std::size_t>(c)]);
  }
  const xlsx::Row* r4 = row(s, 4);
  REQUIRE(r4 != nullptr);
  CHECK(r4->cells.at(0).type == xlsx::CellType::text);
  CHECK(at(r4, 1) == "2025-0001");
  CHECK(at(r4, 2) == "=SUM(A1)_x0041_");
  CHECK(r4->cells.at(1).type == xlsx::CellType::text);
  CHECK(r4->cells.at(2).type == xlsx::CellType::date);
  CHECK(at(r4, 3) == "2025-10-10");
  CHECK(at(r4, 4) == "第二次");
  CHECK(at(r4, 5) == "2025-09-20");
  CHECK(at(r4, 6) == "红灯");
  CHECK(at(row(s, 5), 2) == "事项2025-0002（配合）");
  CHECK(at(row(s, 5), 4).empty());
  CHECK(row(s, 6) == nullptr);

  const xlsx::Sheet d = book.read_sheet("duban");
  CHECK(at(row(d, 1), 1) == "duban-feedback-form");
  CHECK(at(row(d, 1), 2) == "1");
  CHECK(at(row(d, 3), 2) == "督催〔2025〕3号");
  CHECK(at(row(d, 5), 2) == "2025-10-16");
  CHECK(at(row(d, 7), 3) == "uid");
  const xlsx::Row* first = row(d, 8);
  CHECK(at(first, 1) == "4");
  CHECK(at(first, 4) == "=SUM(A1)_x0041_");
  CHECK(at(first, 5) == "2025-10-10");
  CHECK(at(first, 6) == "0");
  CHECK(at(row(d, 9), 1) == "5");
  CHECK(at(row(d, 9), 4) == "事项2025-0002");
  CHECK(at(row(d, 9), 6) == "1");
}

TEST_CASE("feedback form: text longer than a cell holds is a data error naming the cell") {
  FormFixture f;
  f.tasks[0].log.push_back(progress(ymd(2025, 10, 1), std::string(40000, 'x')));
  const FeedbackForm form = feedback_form_of(f.notice, "督催〔2025〕3号", {});
  try {
    (void)render_feedback_form(form);
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.code() == k_exit_data);
    CHECK(std::string(e.what()).find("cell D4") != std::string::npos);
  }
}
