// Import (SPEC §10): header names, rows → tasks, duplicates, ids.
#include <doctest/doctest.h>

#include <fmt/format.h>

#include <algorithm>
#include <initializer_list>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "core/config.hpp"
#include "core/units.hpp"
#include "helpers.hpp"
#include "io/export.hpp"
#include "io/import.hpp"
#include "store/calendar_file.hpp"
#include "store/codec.hpp"
#include "store/fsutil.hpp"

using namespace duban;
using namespace duban::testing;

namespace {

using Strings = std::vector<std::string>;

Units sample_units() {
  Units u;
  u.add(Unit{"市发改委", "发改委", {"市发展和改革委员会", "发改委"}, "department", "", ""});
  u.add(Unit{"市财政局", "", {"财政局"}, "department", "", ""});
  u.add(Unit{"市住建局", "", {"市住房和城乡建设局", "住建局"}, "department", "", ""});
  u.add(Unit{"城东区", "", {"东区"}, "county", "", ""});
  u.add(Unit{"市水务局", "", {"水务局"}, "department", "", ""});
  return u;
}

std::string iso(const std::optional<Date>& d) {
  return d ? d->iso() : "none";
}

// The sequence number of an id `YYYY-[PREFIX]NNNN`.
int seq_of(const std::string& id) {
  size_t p = id.find_first_of("0123456789", 5);
  return std::stoi(id.substr(p));
}

// An import into a workspace holding `existing`, as of 2025-10-15 (a Wednesday).
struct Importer {
  Config config = default_config();
  Units units = sample_units();
  Calendar cal = shipped_calendar({2024, 2025, 2026});
  Date today = ymd(2025, 10, 15);
  std::vector<Task> existing;
  std::string default_kind;
  bool add_units = false;
  OnDuplicate on_duplicate = OnDuplicate::skip;
  std::string prefix;  // the local id prefix, as Workspace::next_id uses it

  // The first free id of a year, as Workspace::next_id finds it: after the highest existing one.
  std::string next_id(int year) const {
    int last = 0;
    for (const Task& t : existing) {
      if (t.id.rfind(fmt::format("{:04d}-{}", year, prefix), 0) == 0) {
        last = std::max(last, seq_of(t.id));
      }
    }
    return fmt::format("{:04d}-{}{:04d}", year, prefix, last + 1);
  }

  ImportPlan plan(const ImportSource& src) {
    ImportContext ctx{config, units, cal, today, default_kind, add_units, on_duplicate};
    return plan_import(src, existing, ctx, [this](int year) { return next_id(year); });
  }
  ImportPlan plan_csv(const std::string& csv, const std::string& name = "in.csv") {
    return plan(read_csv_rows(csv, name));
  }
  // Import `csv` and keep what it created as the existing tasks.
  void seed(const std::string& csv) {
    ImportPlan p = plan_csv(csv, "seed.csv");
    REQUIRE(p.errors.empty());
    for (Task& t : p.create) {
      existing.push_back(std::move(t));
    }
  }
};

// A one-row CSV with these headers and values.
std::string one_row(const std::string& headers, const std::string& values) {
  return headers + "\n" + values + "\n";
}

// The only task a one-row import creates; fails the test on errors.
Task only_task(Importer& im, const std::string& csv) {
  ImportPlan p = im.plan_csv(csv);
  CAPTURE(csv);
  for (const std::string& e : p.errors) {
    CAPTURE(e);
    CHECK(false);
  }
  REQUIRE(p.create.size() == 1);
  return p.create.front();
}

// The errors of a one-row import (the row must not be created).
Strings errors_of(Importer& im, const std::string& csv) {
  ImportPlan p = im.plan_csv(csv);
  CAPTURE(csv);
  CHECK(p.create.empty());
  return p.errors;
}

bool any_contains(const Strings& items, const std::string& part) {
  return std::any_of(items.begin(), items.end(),
                     [&](const std::string& s) { return s.find(part) != std::string::npos; });
}

Strings log_types(const Task& t) {
  Strings out;
  for (const LogEntry& e : t.log) {
    out.push_back(e.type);
  }
  return out;
}

}  // namespace

// ---------------------------------------------------------------- canonical_field

TEST_CASE("canonical_field: English field names") {
  for (const char* f :
       {"id", "title", "kind", "ref", "leader", "listed", "lead", "co", "owner", "created", "due",
        "cadence", "status", "escalation", "tags", "note", "closed"}) {
    CAPTURE(f);
    CHECK(canonical_field(f) == std::string(f));
  }
  // case and surrounding spaces do not matter
  CHECK(canonical_field("Title") == "title");
  CHECK(canonical_field("LEAD") == "lead");
  CHECK(canonical_field("  due ") == "due");
}

TEST_CASE("canonical_field: every Chinese header of SPEC §10") {
  struct Case {
    const char* header;
    const char* field;
  };
  const Case cases[] = {
      {"标题", "title"},       {"事项名称", "title"},   {"来源", "kind"},     {"类型", "kind"},
      {"文号", "ref"},         {"批示领导", "leader"},  {"牵头单位", "lead"}, {"主办单位", "lead"},
      {"承办单位", "lead"},    {"配合单位", "co"},      {"协办单位", "co"},   {"责任人", "owner"},
      {"立项日期", "created"}, {"交办日期", "created"}, {"办结时限", "due"},  {"完成时限", "due"},
      {"截止日期", "due"},     {"标签", "tags"},        {"备注", "note"},     {"状态", "status"},
      {"办结日期", "closed"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.header);
    CHECK(canonical_field(c.header) == std::string(c.field));
  }
  CHECK(canonical_field(" 事项名称 ") == "title");
}

TEST_CASE("canonical_field: other headers are not task fields") {
  CHECK_FALSE(canonical_field("附件"));
  CHECK_FALSE(canonical_field("序号x"));
  CHECK_FALSE(canonical_field(""));
  CHECK_FALSE(canonical_field("titles"));
  CHECK_FALSE(canonical_field("事项名"));
}

// ---------------------------------------------------------------- reading CSV rows

TEST_CASE("read_csv_rows: cells by field, with their column and header; 序号 is left out") {
  ImportSource src = read_csv_rows("序号,事项名称,牵头单位\n1,推进热电联产,发改委\n", "台账.csv");
  CHECK(src.errors.empty());
  CHECK(src.warnings.empty());
  REQUIRE(src.rows.size() == 1);
  const ImportRow& r = src.rows[0];
  CHECK(r.row == 2);
  REQUIRE(r.cells.count("title") == 1);
  CHECK(r.cells.at("title").value == "推进热电联产");
  CHECK(r.cells.at("title").column == 2);
  CHECK(r.cells.at("title").header == "事项名称");
  CHECK(r.cells.at("lead").column == 3);
  CHECK(r.cells.size() == 2);
}

TEST_CASE("read_csv_rows: an unknown column fails the import, naming it with a did-you-mean") {
  ImportSource src = read_csv_rows(
      "事项名称,牵头单位,附件,办结时限要求\n推进热电联产,发改委,a.pdf,2026-06-30\n", "台账.csv");
  CHECK(any_contains(src.errors, "台账.csv:1:3: column '附件' is not a task field"));
  CHECK(any_contains(src.errors, "--ignore-column '附件'"));
  CHECK(any_contains(
      src.errors,
      "台账.csv:1:4: column '办结时限要求' is not a task field (did you mean '办结时限'?)"));
  // --ignore-column leaves a column out; import_columns names its field
  src = read_csv_rows("事项名称,牵头单位,附件,办结时限要求\n推进热电联产,发改委,a.pdf,2026-06-30\n",
                      "台账.csv", ImportColumns{{{"办结时限 要求", "due"}}, {"附件"}});
  CHECK(src.errors.empty());
  REQUIRE(src.rows.size() == 1);
  CHECK(src.rows[0].cells.at("due").value == "2026-06-30");
  CHECK(src.rows[0].cells.count("title") == 1);
  CHECK(src.rows[0].cells.size() == 3);
  // a field name import does not know is an error naming duban.yaml
  src = read_csv_rows("事项名称\nx\n", "a.csv", ImportColumns{{{"期限", "deadline"}}, {}});
  CHECK(
      any_contains(src.errors, "duban.yaml: import_columns: 期限: 'deadline' is not a task field"));
  // a column without a header must stay empty
  src = read_csv_rows("事项名称,\nx,\ny,z\n", "a.csv");
  CHECK(any_contains(src.errors, "a.csv:3:2:"));
}

TEST_CASE("canonical_field: the headers offices use; brackets and spaces do not matter") {
  struct Case {
    const char* header;
    const char* field;
  };
  const Case cases[] = {
      {"完成时间", "due"},
      {"完成时限", "due"},
      {"办结时限（年月日）", "due"},
      {"办结时限(年月日)", "due"},
      {"办结时限 （年月日）", "due"},
      {"工单编号", "ref"},
      {"责任领导", "leader"},
      {"分管领导", "leader"},
      {"批示内容", "content"},
      {"具体要求", "content"},
      {"工作内容", "content"},
      {"办理情况", "progress"},
      {"进展情况", "progress"},
      {"牵 头 单 位", "lead"},
      {"事项名称\xe3\x80\x80", "title"},
      {"uid", "uid"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.header);
    CHECK(canonical_field(c.header) == std::string(c.field));
  }
}

TEST_CASE("plan_import: a 完成时间 column is the deadline, never the kind's default") {
  Importer im;
  Task t =
      only_task(im, one_row("事项名称,来源,牵头单位,完成时间", "X,领导批示,发改委,2026-06-30"));
  CHECK(iso(t.due) == "2026-06-30");
  t = only_task(im, one_row("事项名称,来源,牵头单位,办结时限（年月日）,工单编号,分管领导",
                            "Y,领导批示,发改委,2026年6月30日,12345-0001,张市长"));
  CHECK(iso(t.due) == "2026-06-30");
  CHECK(t.ref == "12345-0001");
  CHECK(t.leader == "张市长");
}

TEST_CASE("plan_import: content (批示内容) and progress (办理情况) from their columns") {
  Importer im;
  Task t = only_task(
      im, one_row("事项名称,来源,牵头单位,立项日期,批示内容,办理情况",
                  "X,领导批示,发改委,2025-10-01,\"请市发改委牵头，\n倒排工期。\",已完成可研批复"));
  CHECK(t.content == "请市发改委牵头，\n倒排工期。");
  CHECK(log_types(t) == Strings{"assign", "progress"});
  CHECK(t.log.back().get("text") == "已完成可研批复");
  CHECK(t.log.back().get("by") == "市发改委");
  CHECK(t.log.back().date == im.today);
  CHECK(t.status == Status::active);
  // a closed row's progress comes before its closing
  t = only_task(im, one_row("事项名称,来源,牵头单位,立项日期,状态,办结日期,办理情况",
                            "Y,领导批示,发改委,2025-10-01,已办结,2025-10-09,已完成"));
  CHECK(log_types(t) == Strings{"assign", "progress", "done"});
  CHECK(t.log[1].date == ymd(2025, 10, 9));
}

TEST_CASE("plan_import: error positions are spreadsheet rows: a multi-line cell is one row") {
  Importer im;
  const Strings errors = im.plan_csv(
                               "事项名称,来源,牵头单位,办结时限\n\"第一项\n（续）\n（再续）\","
                               "领导批示,发改委,2025-11-30\n"
                               "第二项,领导批示,发改委,不是日期\n")
                             .errors;
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].find("in.csv:3:4: 办结时限:") == 0);
}

TEST_CASE("plan_import: a 办结日期 on a row that is not closed, or after today, is an error") {
  Importer im;
  Strings errors = errors_of(
      im, one_row("事项名称,来源,牵头单位,状态,办结日期", "X,领导批示,发改委,办理中,2025-10-01"));
  CHECK(any_contains(
      errors, "in.csv:2:5: 办结日期: 2025-10-01 is a closing date, but the status is 办理中"));
  errors = errors_of(
      im, one_row("事项名称,来源,牵头单位,状态,办结日期", "X,领导批示,发改委,已办结,2025-10-16"));
  CHECK(any_contains(errors, "in.csv:2:5: 办结日期: 2025-10-16 is after today (2025-10-15)"));
  // without a status column, a closing date closes the row
  Task t = only_task(im, one_row("事项名称,来源,牵头单位,立项日期,办结日期",
                                 "X,领导批示,发改委,2025-10-01,2025-10-15"));
  CHECK(t.status == Status::done);
}

TEST_CASE(
    "plan_import: an export with controls, re-imported, is the same task (by uid, else the text as "
    "exported)") {
  Importer im;
  im.seed(
      "id,事项名称,来源,文号,牵头单位,立项日期\n2025-0001,推进\x1b[31m热电\x07联产,领导批示,"
      "市政府〔2025〕12号,发改委,2025-03-03\n");
  Task& seeded = im.existing[0];
  seeded.title = "推进\x1b[31m热电\x07联产";
  seeded.content = "\x01要求";
  const std::vector<const Task*> all = {&seeded};
  for (OnDuplicate mode : {OnDuplicate::skip, OnDuplicate::update}) {
    im.on_duplicate = mode;
    ImportPlan p = im.plan_csv(export_csv(all, Lang::zh, true).substr(3));
    CHECK(p.errors.empty());
    CHECK(p.create.empty());
    CHECK(p.update.empty());
    CHECK(p.skipped == Strings{"2025-0001"});
  }
  // without the uid column: the title as the export shows it
  std::string csv = export_csv(all, Lang::en, false);
  csv = std::regex_replace(csv, std::regex(",[0-9a-f]{32}\n"), ",\n");
  ImportPlan p = im.plan_csv(csv);
  CHECK(p.errors.empty());
  CHECK(p.create.empty());
  CHECK(p.skipped == Strings{"2025-0001"});
}

TEST_CASE(
    "plan_import: update logs a later deadline as extend, a new lead as a transfer; stale values "
    "stay") {
  Importer im;
  im.seed(
      "事项名称,来源,文号,牵头单位,立项日期,办结时限\nX,领导批示,督1号,发改委,2025-09-01,2025-09-"
      "30\n");
  im.on_duplicate = OnDuplicate::update;
  ImportPlan p = im.plan_csv(
      "事项名称,来源,文号,牵头单位,立项日期,办结时限\nX,领导批示,督1号,财政局,2025-09-01,2025-12-"
      "31\n");
  CHECK(p.errors.empty());
  REQUIRE(p.update.size() == 1);
  Task t = p.update[0];
  CHECK(iso(t.due) == "2025-12-31");
  CHECK(t.lead == "市财政局");
  CHECK(log_types(t) == Strings{"assign", "assign", "extend"});
  CHECK(t.log[1].get("from") == "市发改委");
  CHECK(t.log[1].get("to") == "市财政局");
  CHECK(t.log[2].get("from") == "2025-09-30");
  CHECK(t.log[2].get("to") == "2025-12-31");
  CHECK(t.log[2].get("reason") == "import from in.csv");
  CHECK(t.log[2].date == im.today);
  // the first sheet again: its deadline and lead are ones the task had
  im.existing = {t};
  p = im.plan_csv(
      "事项名称,来源,文号,牵头单位,立项日期,办结时限\nX,领导批示,督1号,发改委,2025-09-01,2025-09-"
      "30\n");
  CHECK(p.errors.empty());
  CHECK(p.update.empty());
  CHECK(p.warnings.empty());
  // an earlier deadline that is new is logged too
  p = im.plan_csv(
      "事项名称,来源,文号,牵头单位,立项日期,办结时限\nX,领导批示,督1号,财政局,2025-09-01,2025-11-"
      "28\n");
  REQUIRE(p.update.size() == 1);
  CHECK(p.update[0].log.back().type == "extend");
  CHECK(p.update[0].log.back().get("from") == "2025-12-31");
  CHECK(p.update[0].log.back().get("to") == "2025-11-28");
  CHECK(iso(p.update[0].due) == "2025-11-28");
}

TEST_CASE(
    "plan_import: update never changes a closed task's deadline, lead or status; a warning says "
    "so") {
  Importer im;
  im.seed(
      "事项名称,来源,文号,牵头单位,立项日期,办结时限,状态,办结日期\nX,领导批示,督1号,发改委,2025-"
      "09-01,2025-09-30,已办结,2025-09-20\n");
  im.on_duplicate = OnDuplicate::update;
  ImportPlan p = im.plan_csv(
      "事项名称,来源,文号,牵头单位,立项日期,办结时限,状态\nX,领导批示,督1号,财政局,2025-09-01,2025-"
      "12-31,办理中\n");
  CHECK(p.errors.empty());
  CHECK(p.update.empty());
  CHECK(p.skipped == Strings{"2025-0001"});
  REQUIRE(p.warnings.size() == 1);
  CHECK(p.warnings[0].find("in.csv:2: 2025-0001 is closed (已办结): kept its") == 0);
  CHECK(p.warnings[0].find("deadline 2025-09-30 (the row says 2025-12-31)") != std::string::npos);
  CHECK(p.warnings[0].find("lead 市发改委") != std::string::npos);
  CHECK(p.warnings[0].find("status 已办结") != std::string::npos);
}

TEST_CASE(
    "plan_import: update closes an open task with a done entry, not back-dated into a past month") {
  Importer im;
  im.seed(
      "事项名称,来源,文号,牵头单位,立项日期,办结时限\nX,领导批示,督1号,发改委,2025-09-01,2025-09-"
      "30\nY,领导批示,督2号,发改委,2025-09-01,2025-09-30\n");
  im.on_duplicate = OnDuplicate::update;
  ImportPlan p = im.plan_csv(
      "事项名称,来源,文号,牵头单位,立项日期,状态,办结日期,办理结果\n"
      "X,领导批示,督1号,发改委,2025-09-01,已办结,2025-09-29,已完成\n"
      "Y,领导批示,督2号,发改委,2025-09-01,已办结,2025-10-10,\n");
  CHECK(p.errors.empty());
  REQUIRE(p.update.size() == 2);
  CHECK(p.update[0].status == Status::done);
  CHECK(p.update[0].log.back().type == "done");
  CHECK(p.update[0].log.back().date == im.today);
  CHECK(p.update[0].log.back().get("result") == "已完成");
  CHECK(p.update[1].log.back().date == ymd(2025, 10, 10));  // this month: the day the row gives
  REQUIRE(p.warnings.size() == 1);
  CHECK(p.warnings[0].find(
            "in.csv:2: 2025-0001: the closing date 2025-09-29 is logged as 2025-10-15") == 0);
}

TEST_CASE(
    "read_csv_rows: a file without a title column, an empty file, two columns for one field") {
  ImportSource src = read_csv_rows("来源,牵头单位\n领导批示,发改委\n", "a.csv");
  REQUIRE_FALSE(src.errors.empty());
  CHECK(src.errors[0].find("a.csv:1") == 0);
  CHECK(src.errors[0].find("title") != std::string::npos);

  src = read_csv_rows("", "b.csv");
  REQUIRE_FALSE(src.errors.empty());
  CHECK(src.errors[0].find("b.csv:1") == 0);

  src = read_csv_rows("标题,事项名称\nx,y\n", "c.csv");
  CHECK(any_contains(src.errors, "c.csv:1:2:"));
}

TEST_CASE("read_csv_rows: a row with more cells than headers is an error at that cell") {
  ImportSource src = read_csv_rows("标题,牵头单位\n甲,发改委,多余\n", "a.csv");
  CHECK(any_contains(src.errors, "a.csv:2:3:"));
}

TEST_CASE("read_yaml_rows: a YAML or JSON list of maps; lists of units are joined") {
  ImportSource src = read_yaml_rows(
      "- title: 城市道路积水点整治\n  kind: 专项督查\n  co:\n    - 财政局\n    - 东区\n  due: "
      "2025-08-31\n"
      "- 事项名称: 背街小巷环境整治\n  牵头单位: 东区\n",
      "t.yaml");
  CHECK(src.errors.empty());
  REQUIRE(src.rows.size() == 2);
  CHECK(src.rows[0].row == 1);
  CHECK(src.rows[0].cells.at("co").value == "财政局、东区");
  CHECK(src.rows[0].cells.at("co").column == 0);
  CHECK(src.rows[1].row == 7);
  CHECK(src.rows[1].cells.at("title").value == "背街小巷环境整治");

  src =
      read_yaml_rows(R"([{"title": "甲", "lead": "发改委", "tags": ["重点", "民生"]}])", "t.json");
  CHECK(src.errors.empty());
  REQUIRE(src.rows.size() == 1);
  CHECK(src.rows[0].cells.at("tags").value == "重点、民生");

  src = read_yaml_rows("title: not a list\n", "m.yaml");
  CHECK(any_contains(src.errors, "m.yaml:1"));
  src = read_yaml_rows("- [unclosed\n", "broken.yaml");
  CHECK(any_contains(src.errors, "broken.yaml:"));
}

// ---------------------------------------------------------------- rows → tasks

TEST_CASE("plan_import: a full row becomes an assigned task with an assign entry") {
  Importer im;
  Task t = only_task(
      im, one_row("事项名称,来源,文号,批示领导,牵头单位,配合单位,责任人,立项日期,办结时限,标签",
                  "推进城区热电联产项目建设,领导批示,市政府〔2025〕12号,张市长,发改委,"
                  "财政局、住建局,李明,2025-03-03,2025-04-15,重点、民生"));
  CHECK(t.id == "2025-0001");
  CHECK(t.title == "推进城区热电联产项目建设");
  CHECK(t.kind == "instruction");
  CHECK(t.ref == "市政府〔2025〕12号");
  CHECK(t.leader == "张市长");
  CHECK(t.lead == "市发改委");
  CHECK(t.co == Strings{"市财政局", "市住建局"});
  CHECK(t.owner == "李明");
  CHECK(t.created == ymd(2025, 3, 3));
  CHECK(iso(t.due) == "2025-04-15");
  CHECK(t.tags == Strings{"重点", "民生"});
  CHECK(t.status == Status::assigned);
  REQUIRE(t.log.size() == 1);
  CHECK(t.log[0].type == "assign");
  CHECK(t.log[0].date == ymd(2025, 3, 3));
  CHECK(t.log[0].get("to") == "市发改委");
  CHECK(t.log[0].get("owner") == "李明");
  // it is a valid task file
  CHECK(parse_task(emit_task(t), "x").title == t.title);
}

TEST_CASE("plan_import: a row without a lead is registered, with no log") {
  Importer im;
  Task t = only_task(im, one_row("标题,来源,立项日期", "待交办的事项,meeting,2025-05-06"));
  CHECK(t.status == Status::registered);
  CHECK(t.lead.empty());
  CHECK(t.log.empty());
}

TEST_CASE("plan_import: kinds by name or Chinese label") {
  struct Case {
    const char* text;
    const char* kind;
  };
  const Case cases[] = {
      {"领导批示", "instruction"}, {"会议决定事项", "meeting"},    {"政府工作报告", "work-report"},
      {"人大代表建议", "npc"},     {"政协提案", "cppcc"},          {"便民热线", "hotline"},
      {"信访", "petition"},        {"媒体反映", "media"},          {"上级交办", "superior"},
      {"专项督查", "special"},     {"instruction", "instruction"}, {"hotline", "hotline"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    Importer im;
    Task t =
        only_task(im, one_row("标题,来源,办结时限", fmt::format("事项,{},2025-12-01", c.text)));
    CHECK(t.kind == c.kind);
  }
  Importer im;
  Strings errs = errors_of(im, one_row("标题,来源", "事项,外星来电"));
  REQUIRE(errs.size() == 1);
  CHECK(errs[0] == "in.csv:2:2: 来源: unknown kind '外星来电'");
}

TEST_CASE("plan_import: --kind gives the kind of rows without one; without either it is an error") {
  Importer im;
  im.default_kind = "hotline";
  Task t = only_task(im, one_row("标题,立项日期", "热线工单,2025-09-01"));
  CHECK(t.kind == "hotline");
  // a kind in the row wins
  t = only_task(im, one_row("标题,来源,立项日期", "批示件,领导批示,2025-09-01"));
  CHECK(t.kind == "instruction");

  Importer none;
  Strings errs = errors_of(none, one_row("标题,立项日期", "无来源,2025-09-01"));
  REQUIRE(errs.size() == 1);
  CHECK(errs[0].find("in.csv:2: kind: ") == 0);
}

TEST_CASE("plan_import: status labels") {
  struct Case {
    const char* text;
    Status status;
    Strings log;
  };
  const std::vector<Case> cases = {
      {"立项", Status::registered, {}},
      {"已交办", Status::assigned, {"assign"}},
      {"办理中", Status::active, {"assign"}},
      {"已办结", Status::done, {"assign", "done"}},
      {"暂缓", Status::suspended, {"assign", "suspend"}},
      {"撤销", Status::cancelled, {"assign", "cancel"}},
      {"assigned", Status::assigned, {"assign"}},
      {"active", Status::active, {"assign"}},
      {"done", Status::done, {"assign", "done"}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    Importer im;
    const std::string lead = c.status == Status::registered ? "" : "发改委";
    const bool closing = c.status == Status::done || c.status == Status::cancelled;
    Task t = only_task(im, one_row("标题,来源,牵头单位,立项日期,状态,办结日期",
                                   fmt::format("事项,领导批示,{},2025-03-02,{},{}", lead, c.text,
                                               closing ? "2025-03-10" : "")));
    CHECK(t.status == c.status);
    CHECK(log_types(t) == c.log);
  }
  Importer im;
  Strings errs =
      errors_of(im, one_row("标题,来源,牵头单位,状态", "事项,领导批示,发改委,进行到一半"));
  REQUIRE(errs.size() == 1);
  CHECK(errs[0].find("in.csv:2:4: 状态: unknown status '进行到一半'") == 0);
  // a task being handled needs its lead unit
  errs = errors_of(im, one_row("标题,来源,状态", "事项,领导批示,办理中"));
  REQUIRE(errs.size() == 1);
  CHECK(errs[0].find("in.csv:2:3: 状态: ") == 0);
}

TEST_CASE("plan_import: units through their aliases; several separated by 、 , ， ; ；") {
  Importer im;
  Task t = only_task(
      im, one_row("标题,来源,牵头单位,配合单位",
                  "事项,领导批示,市发展和改革委员会,\"财政局、市住房和城乡建设局,东区，水务局\""));
  CHECK(t.lead == "市发改委");
  CHECK(t.co == Strings{"市财政局", "市住建局", "城东区", "市水务局"});

  t = only_task(
      im, one_row("标题,来源,牵头单位,配合单位", "事项二,领导批示,住建局,财政局;东区；发改委"));
  CHECK(t.lead == "市住建局");
  CHECK(t.co == Strings{"市财政局", "城东区", "市发改委"});
  CHECK(t.log[0].get("to") == "市住建局");

  // spaces around names, the lead and repeats are dropped from the co-units
  t = only_task(im, one_row("标题,来源,牵头单位,配合单位",
                            "事项三,领导批示,发改委, 财政局 、发改委、市财政局、 "));
  CHECK(t.co == Strings{"市财政局"});
}

TEST_CASE("plan_import: an unknown unit is an error with a suggestion, or added with add_units") {
  Importer im;
  Strings errs = errors_of(
      im, one_row("标题,来源,牵头单位,配合单位", "事项,领导批示,市发该委,\"财政局,市交通局\""));
  REQUIRE(errs.size() == 2);
  CHECK(errs[0].find("in.csv:2:3: 牵头单位: unknown unit '市发该委'; did you mean 市发改委?") == 0);
  CHECK(errs[1].find("in.csv:2:4: 配合单位: unknown unit '市交通局'") == 0);

  Importer adding;
  adding.add_units = true;
  ImportPlan p = adding.plan_csv(
      one_row("标题,来源,牵头单位,配合单位", "事项,领导批示,市交通局,\"财政局,市教育局\"") +
      "事项二,领导批示,市交通局,\n");
  CHECK(p.errors.empty());
  CHECK(p.added_units == Strings{"市交通局", "市教育局"});
  REQUIRE(p.create.size() == 2);
  CHECK(p.create[0].lead == "市交通局");
  CHECK(p.create[0].co == Strings{"市财政局", "市教育局"});
  CHECK(adding.units.canonical("市交通局") == "市交通局");
}

TEST_CASE("plan_import: dates in every form of SPEC §6") {
  for (const char* text :
       {"2025-03-02", "2025/3/2", "2025.3.2", "2025年3月2日", "2025/03/02", "2025/3/2 0:00"}) {
    CAPTURE(text);
    Importer im;
    Task t = only_task(
        im, one_row("标题,来源,立项日期,办结时限", fmt::format("事项,领导批示,{},{}", text, text)));
    CHECK(t.created == ymd(2025, 3, 2));
    CHECK(iso(t.due) == "2025-03-02");
  }
  // relative forms count from today (2025-10-15, a Wednesday)
  struct Case {
    const char* text;
    const char* due;
  };
  const Case cases[] = {
      {"today", "2025-10-15"}, {"+15d", "2025-10-30"}, {"+10wd", "2025-10-29"},
      {"+2w", "2025-10-29"},   {"+3m", "2026-01-15"},  {"eom", "2025-10-31"},
      {"eoq", "2025-12-31"},   {"eoy", "2025-12-31"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    Importer im;
    Task t = only_task(im, one_row("标题,来源,办结时限", fmt::format("事项,领导批示,{}", c.text)));
    CHECK(t.created == ymd(2025, 10, 15));
    CHECK(iso(t.due) == c.due);
  }
  Importer im;
  Task t = only_task(im, one_row("标题,来源,立项日期", "事项,领导批示,today"));
  CHECK(t.created == ymd(2025, 10, 15));
}

TEST_CASE("plan_import: bad dates are errors naming the cell") {
  Importer im;
  Strings errs =
      errors_of(im, one_row("标题,来源,立项日期,办结时限", "事项,领导批示,2025-02-30,下周"));
  REQUIRE(errs.size() == 2);
  CHECK(errs[0].find("in.csv:2:3: 立项日期: '2025-02-30' is not a date") == 0);
  CHECK(errs[1].find("in.csv:2:4: 办结时限: '下周' is not a date") == 0);
  // a deadline before the registration date
  errs =
      errors_of(im, one_row("标题,来源,立项日期,办结时限", "事项,领导批示,2025-03-02,2025-03-01"));
  REQUIRE(errs.size() == 1);
  CHECK(errs[0].find("in.csv:2:4: 办结时限: ") == 0);
}

TEST_CASE(
    "plan_import: an empty deadline defaults from the kind, counted from the registration date") {
  struct Case {
    const char* kind;
    const char* created;
    const char* due;
  };
  const Case cases[] = {
      {"领导批示", "2025-03-02", "2025-03-17"},  // 15 days
      {"会议决定事项", "2025-09-20",
       "2025-10-09"},  // 15 days → 2025-10-05, in the National Day holiday
      {"政府工作报告", "2025-02-10", "2025-12-31"},  // end of the year
      {"人大代表建议", "2025-03-10", "2025-06-10"},  // 3 months
      {"政协提案", "2025-03-10", "2025-06-10"},
      {"便民热线", "2025-09-01", "2025-09-08"},  // 5 working days
      {"信访", "2025-09-20", "2025-11-19"},      // 60 days
      {"媒体反映", "2025-06-01", "2025-06-16"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.kind);
    Importer im;
    Task t = only_task(
        im, one_row("标题,来源,立项日期,办结时限", fmt::format("事项,{},{},", c.kind, c.created)));
    CHECK(iso(t.due) == c.due);
  }
  // without a date either, from today
  Importer im;
  Task t = only_task(im, one_row("标题,来源", "事项,领导批示"));
  CHECK(iso(t.due) == "2025-10-30");
  // kinds without a default need the deadline
  for (const char* kind : {"上级交办", "专项督查"}) {
    CAPTURE(kind);
    Strings errs = errors_of(
        im, one_row("标题,来源,立项日期,办结时限", fmt::format("事项,{},2025-03-02,", kind)));
    REQUIRE(errs.size() == 1);
    CHECK(errs[0].find("in.csv:2:4: 办结时限: ") == 0);
  }
}

TEST_CASE("plan_import: a historical 已办结 row becomes a done task with assign and done entries") {
  Importer im;
  Task t = only_task(
      im, one_row("事项名称,来源,文号,牵头单位,立项日期,办结时限,状态,办结日期,办理结果,满意度",
                  "增设公交线路,人大代表建议,建议第15号,住建局,2025/3/10,2025/6/10,已办结,"
                  "2025年5月20日,已增设2条线路,满意"));
  CHECK(t.status == Status::done);
  CHECK(t.lead == "市住建局");
  REQUIRE(t.log.size() == 2);
  CHECK(t.log[0].type == "assign");
  CHECK(t.log[0].date == ymd(2025, 3, 10));
  CHECK(t.log[0].get("to") == "市住建局");
  CHECK(t.log[1].type == "done");
  CHECK(t.log[1].date == ymd(2025, 5, 20));
  CHECK(t.log[1].get("result") == "已增设2条线路");
  CHECK(t.log[1].get("rating") == "满意");
  CHECK(t.closed_on() == ymd(2025, 5, 20));

  // a note goes in between, dated at registration
  t = only_task(im, one_row("事项名称,来源,牵头单位,立项日期,状态,办结日期,备注",
                            "噪音扰民,便民热线,东区,2025-09-01,已办结,2025-09-05,已回访"));
  CHECK(log_types(t) == Strings{"assign", "note", "done"});
  CHECK(t.log[1].get("text") == "已回访");
  CHECK(t.log[1].date == ymd(2025, 9, 1));

  // closed late: after the deadline, still imported as it was
  t = only_task(
      im, one_row("事项名称,来源,牵头单位,立项日期,办结时限,状态,办结日期",
                  "规范停车收费,会议决定事项,发改委,2025-06-10,2025-06-30,已办结,2025-07-02"));
  CHECK(t.status == Status::done);
  CHECK(iso(t.due) == "2025-06-30");
  CHECK(t.closed_on() == ymd(2025, 7, 2));
}

TEST_CASE("plan_import: 已办结 without 办结日期, or closed before registration, is an error") {
  Importer im;
  Strings errs = errors_of(im, one_row("事项名称,来源,牵头单位,立项日期,状态,办结日期",
                                       "事项,领导批示,发改委,2025-03-02,已办结,"));
  REQUIRE(errs.size() == 1);
  CHECK(errs[0].find("in.csv:2:") == 0);
  CHECK(errs[0].find("办结日期") != std::string::npos);

  errs = errors_of(im, one_row("事项名称,来源,牵头单位,立项日期,状态",
                               "事项,领导批示,发改委,2025-03-02,已办结"));
  REQUIRE(errs.size() == 1);

  errs = errors_of(im, one_row("事项名称,来源,牵头单位,立项日期,状态,办结日期",
                               "事项,领导批示,发改委,2025-03-02,已办结,2025-03-01"));
  REQUIRE(errs.size() == 1);
  CHECK(errs[0].find("in.csv:2:6: 办结日期: ") == 0);
}

TEST_CASE(
    "plan_import: every bad row is reported, and nothing is planned for the good ones to be "
    "written alone") {
  Importer im;
  ImportPlan p = im.plan_csv(
      "事项名称,来源,牵头单位,立项日期,状态,办结日期\n"
      "好的一行,领导批示,发改委,2025-03-02,,\n"
      "未知单位,领导批示,市教育局,2025-03-02,,\n"
      "坏日期,领导批示,发改委,2025-13-01,,\n"
      "未知来源,外星来电,发改委,2025-03-02,,\n"
      ",领导批示,发改委,2025-03-02,,\n"
      "缺办结日期,领导批示,发改委,2025-03-02,已办结,\n",
      "bad.csv");
  REQUIRE(p.errors.size() == 5);
  CHECK(p.errors[0].find("bad.csv:3:3: ") == 0);
  CHECK(p.errors[1].find("bad.csv:4:4: ") == 0);
  CHECK(p.errors[2].find("bad.csv:5:2: ") == 0);
  CHECK(p.errors[3].find("bad.csv:6:1: ") == 0);
  CHECK(p.errors[4].find("bad.csv:7:") == 0);
}

TEST_CASE("plan_import: a leading ' that guards a formula is removed") {
  Importer im;
  Task t = only_task(im, one_row("标题,来源", "'=SUM(A1:A3),领导批示"));
  CHECK(t.title == "=SUM(A1:A3)");
  t = only_task(im, one_row("标题,来源", "'-负面清单,领导批示"));
  CHECK(t.title == "-负面清单");
  // other leading quotes stay
  t = only_task(im, one_row("标题,来源", "'引号,领导批示"));
  CHECK(t.title == "'引号");
}

// ---------------------------------------------------------------- duplicates

namespace {

const char* const k_seed =
    "id,事项名称,来源,文号,牵头单位,责任人,立项日期\n"
    "2025-0001,推进城区热电联产项目建设,领导批示,市政府〔2025〕12号,发改委,李明,2025-03-03\n"
    "2025-0002,整治老旧小区雨污混接问题,政府工作报告,,住建局,王强,2025-02-10\n"
    "2025-0003,规范停车收费,会议决定事项,市政府〔2025〕12号,发改委,,2025-03-03\n";

const char* const k_header = "事项名称,来源,文号,牵头单位,责任人,立项日期\n";

}  // namespace

TEST_CASE("plan_import: the same ref and title is a duplicate; skip leaves it alone") {
  Importer im;
  im.seed(k_seed);
  REQUIRE(im.existing.size() == 3);
  // same ref and title: the lead and owner may differ
  ImportPlan p =
      im.plan_csv(std::string(k_header) +
                  "推进城区热电联产项目建设,领导批示,市政府〔2025〕12号,财政局,赵六,2025-03-05\n");
  CHECK(p.errors.empty());
  CHECK(p.create.empty());
  CHECK(p.update.empty());
  CHECK(p.skipped == Strings{"2025-0001"});

  // the same ref with another title is another task of the same document
  p = im.plan_csv(std::string(k_header) +
                  "推进城区集中供热,领导批示,市政府〔2025〕12号,发改委,李明,2025-03-03\n");
  CHECK(p.skipped.empty());
  REQUIRE(p.create.size() == 1);
  CHECK(p.create[0].id == "2025-0004");
}

TEST_CASE("plan_import: without a ref, the same title and lead (by any alias) is a duplicate") {
  Importer im;
  im.seed(k_seed);
  ImportPlan p = im.plan_csv(std::string(k_header) +
                             "整治老旧小区雨污混接问题,政府工作报告,,市住房和城乡建设局,,\n");
  CHECK(p.errors.empty());
  CHECK(p.create.empty());
  CHECK(p.skipped == Strings{"2025-0002"});
  // same title, another lead: a new task
  p = im.plan_csv(std::string(k_header) + "整治老旧小区雨污混接问题,政府工作报告,,城东区,,\n");
  CHECK(p.skipped.empty());
  CHECK(p.create.size() == 1);
}

TEST_CASE("plan_import: on_duplicate error reports each duplicate row") {
  Importer im;
  im.seed(k_seed);
  im.on_duplicate = OnDuplicate::error;
  ImportPlan p =
      im.plan_csv(std::string(k_header) +
                  "推进城区热电联产项目建设,领导批示,市政府〔2025〕12号,发改委,李明,2025-03-03\n"
                  "新的事项,领导批示,,发改委,,2025-03-03\n"
                  "整治老旧小区雨污混接问题,政府工作报告,,住建局,王强,2025-02-10\n");
  REQUIRE(p.errors.size() == 2);
  CHECK(p.errors[0].find("in.csv:2:3: 文号: ") == 0);
  CHECK(p.errors[0].find("2025-0001") != std::string::npos);
  CHECK(p.errors[1].find("in.csv:4:1: 事项名称: ") == 0);
  CHECK(p.errors[1].find("2025-0002") != std::string::npos);
}

TEST_CASE("plan_import: on_duplicate update changes the fields and appends a note") {
  Importer im;
  im.seed(k_seed);
  im.on_duplicate = OnDuplicate::update;
  const Task before = im.existing[0];
  ImportPlan p =
      im.plan_csv(std::string(k_header) +
                  "推进城区热电联产项目建设,领导批示,市政府〔2025〕12号,发改委,周杰,2025-03-03\n"
                  "整治老旧小区雨污混接问题,政府工作报告,,住建局,王强,2025-02-10\n");
  CHECK(p.errors.empty());
  CHECK(p.create.empty());
  REQUIRE(p.update.size() == 1);
  const Task& t = p.update[0];
  CHECK(t.id == "2025-0001");
  CHECK(t.owner == "周杰");
  CHECK(t.title == before.title);
  CHECK(t.created == before.created);
  // the old log stays as it was; one note is appended, dated today
  REQUIRE(t.log.size() == before.log.size() + 1);
  for (size_t i = 0; i < before.log.size(); ++i) {
    CHECK(t.log[i].type == before.log[i].type);
    CHECK(t.log[i].date == before.log[i].date);
    CHECK(t.log[i].get("owner") == before.log[i].get("owner"));
  }
  CHECK(t.log.back().type == "note");
  CHECK(t.log.back().date == ymd(2025, 10, 15));
  CHECK(t.log.back().get("text").find("owner") != std::string::npos);
  // the unchanged row is a skipped duplicate
  CHECK(p.skipped == Strings{"2025-0002"});
}

TEST_CASE("plan_import: the same task twice in one file is an error naming the first row") {
  Importer im;
  ImportPlan p = im.plan_csv(std::string(k_header) +
                             "推进热电联产,领导批示,市政府〔2025〕12号,发改委,,2025-03-03\n"
                             "另一件事,领导批示,,发改委,,2025-03-03\n"
                             "推进热电联产,领导批示,市政府〔2025〕12号,财政局,,2025-03-04\n"
                             "另一件事,领导批示,,市发改委,,2025-03-05\n");
  REQUIRE(p.errors.size() == 2);
  CHECK(p.errors[0].find("in.csv:4:3: 文号: ") == 0);
  CHECK(p.errors[0].find("row 2") != std::string::npos);
  CHECK(p.errors[1].find("in.csv:5:1: 事项名称: ") == 0);
  CHECK(p.errors[1].find("row 3") != std::string::npos);
}

// ---------------------------------------------------------------- ids

TEST_CASE("plan_import: ids continue after the existing ones, per year of registration") {
  Importer im;
  im.seed(k_seed);
  ImportPlan p = im.plan_csv(std::string(k_header) +
                             "甲,领导批示,,发改委,,2025-05-01\n"
                             "乙,领导批示,,发改委,,2024-12-30\n"
                             "丙,领导批示,,发改委,,2025-01-02\n"
                             "丁,领导批示,,发改委,,2024-06-01\n");
  CHECK(p.errors.empty());
  REQUIRE(p.create.size() == 4);
  CHECK(p.create[0].id == "2025-0004");
  CHECK(p.create[1].id == "2024-0001");
  CHECK(p.create[2].id == "2025-0005");
  CHECK(p.create[3].id == "2024-0002");
}

TEST_CASE("plan_import: an id given in the file is kept and never handed out again") {
  Importer im;
  im.seed(k_seed);
  ImportPlan p = im.plan_csv(
      "id,事项名称,来源,牵头单位,立项日期\n"
      ",甲,领导批示,发改委,2025-05-01\n"
      "2025-0004,乙,领导批示,发改委,2025-05-01\n"
      ",丙,领导批示,发改委,2025-05-01\n"
      "2025-0009,丁,领导批示,发改委,2025-05-01\n");
  CHECK(p.errors.empty());
  REQUIRE(p.create.size() == 4);
  CHECK(p.create[0].id == "2025-0005");
  CHECK(p.create[1].id == "2025-0004");
  CHECK(p.create[2].id == "2025-0006");
  CHECK(p.create[3].id == "2025-0009");
}

TEST_CASE("plan_import: ids keep the local prefix") {
  Importer im;
  im.prefix = "B";
  ImportPlan p = im.plan_csv(std::string(k_header) +
                             "甲,领导批示,,发改委,,2025-05-01\n乙,领导批示,,发改委,,2025-05-01\n");
  REQUIRE(p.create.size() == 2);
  CHECK(p.create[0].id == "2025-B0001");
  CHECK(p.create[1].id == "2025-B0002");
}

TEST_CASE("plan_import: an id that is not YYYY-NNNN never becomes a path") {
  Importer im;
  ImportPlan p =
      im.plan_csv("id,事项名称,来源\n../../etc/passwd,甲,领导批示\n2025-0001/../x,乙,领导批示\n");
  CHECK(p.create.empty());
  REQUIRE(p.errors.size() == 2);
  CHECK(p.errors[0].find("in.csv:2:1: id: ") == 0);
  CHECK(p.errors[1].find("in.csv:3:1: id: ") == 0);
}

// Two different rows that claim the same new id must not both be created:
// the second file write would silently replace the first task.
TEST_CASE("plan_import: two rows with the same given id are an error, not two tasks with one id") {
  Importer im;
  ImportPlan p = im.plan_csv(
      "id,事项名称,来源,牵头单位\n"
      "2025-0007,甲,领导批示,发改委\n"
      "2025-0007,乙,领导批示,发改委\n");
  Strings ids;
  for (const Task& t : p.create) {
    ids.push_back(t.id);
  }
  std::sort(ids.begin(), ids.end());
  CHECK(std::adjacent_find(ids.begin(), ids.end()) == ids.end());
  CHECK_FALSE(p.errors.empty());
  CHECK(any_contains(p.errors, "in.csv:3:1:"));
}

// ---------------------------------------------------------------- whole tasks (YAML/JSON with a
// log)

namespace {

const char* const k_full_task =
    "- id: 2025-0001\n"
    "  title: 推进城区热电联产项目建设\n"
    "  kind: instruction\n"
    "  ref: 市政府〔2025〕12号\n"
    "  listed: false\n"
    "  lead: 市发改委\n"
    "  owner: {owner}\n"
    "  created: 2025-03-03\n"
    "  due: 2025-03-18\n"
    "  status: assigned\n"
    "  escalation: 0\n"
    "  log:\n"
    "    - date: 2025-03-03\n"
    "      type: assign\n"
    "      to: 市发改委\n";

// k_full_task with this owner.
std::string full_task(const std::string& owner) {
  std::string s = k_full_task;
  s.replace(s.find("{owner}"), 7, owner);
  return s;
}

}  // namespace

TEST_CASE("plan_import: a whole task (with a log) is taken as it is, id included") {
  Importer im;
  ImportSource src = read_yaml_rows(full_task("李明"), "all.yaml");
  REQUIRE(src.errors.empty());
  REQUIRE(src.rows.size() == 1);
  REQUIRE(src.rows[0].full);
  ImportPlan p = im.plan(src);
  CHECK(p.errors.empty());
  REQUIRE(p.create.size() == 1);
  CHECK(p.create[0].id == "2025-0001");
  CHECK(p.create[0].due == ymd(2025, 3, 18));
  CHECK(log_types(p.create[0]) == Strings{"assign"});
  // imported again: a duplicate
  im.existing = p.create;
  p = im.plan(src);
  CHECK(p.create.empty());
  CHECK(p.skipped == Strings{"2025-0001"});
}

// A task from another ledger that happens to carry an id already used here by a
// different task is not "the same task": it must never replace that task.
TEST_CASE("plan_import: a whole task whose id is taken by a different task does not replace it") {
  Importer im;
  im.seed(
      "id,事项名称,来源,牵头单位,立项日期\n2025-0001,本地的另一件事,领导批示,发改委,2025-03-01\n");
  im.on_duplicate = OnDuplicate::update;
  ImportSource src = read_yaml_rows(full_task("李明"), "other.yaml");
  ImportPlan p = im.plan(src);
  for (const Task& t : p.update) {
    CAPTURE(t.id);
    CHECK(t.title == "本地的另一件事");
  }
  CHECK(p.update.empty());
  // reported, or created under a new id
  const bool created_elsewhere = p.create.size() == 1 && p.create[0].id != "2025-0001";
  CHECK((!p.errors.empty() || created_elsewhere));
}

// SPEC §4: the log is append-only. Updating a task from an older export must not
// drop the entries recorded since.
TEST_CASE("plan_import: on_duplicate update with a whole task keeps the existing log entries") {
  Importer im;
  ImportSource older = read_yaml_rows(full_task("李明"), "old.yaml");
  ImportPlan first = im.plan(older);
  REQUIRE(first.create.size() == 1);
  Task current = first.create[0];
  LogEntry progress{ymd(2025, 3, 10), "progress", {}, {}};
  progress.set("by", "市发改委").set("text", "已完成可研批复");
  current.log.push_back(progress);
  current.status = Status::active;
  im.existing = {current};
  im.on_duplicate = OnDuplicate::update;
  ImportPlan p = im.plan(read_yaml_rows(full_task("周杰"), "old.yaml"));
  CHECK(p.errors.empty());
  REQUIRE(p.update.size() == 1);
  const Task& t = p.update[0];
  CHECK(t.owner == "周杰");
  REQUIRE(t.log.size() >= current.log.size());
  for (size_t i = 0; i < current.log.size(); ++i) {
    CAPTURE(i);
    CHECK(t.log[i].type == current.log[i].type);
    CHECK(t.log[i].date == current.log[i].date);
  }
}
