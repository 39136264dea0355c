#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "core/config.hpp"
#include "helpers.hpp"
#include "io/notice.hpp"
#include "io/text.hpp"

using namespace duban;
using namespace duban::testing;

namespace {

std::vector<std::string> names_for(const std::vector<std::string>& units) {
  OverdueList list;
  list.as_of = ymd(2025, 10, 20);
  std::vector<Notice> notices;
  for (const std::string& u : units) {
    Notice n;
    n.list = &list;
    n.unit = u;
    notices.push_back(n);
  }
  return notice_file_names(notices, "md");
}

std::string repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) {
    out += s;
  }
  return out;
}

}  // namespace

TEST_CASE("notice file names: a plain unit name is kept as it is") {
  CHECK(names_for({"市水务局"}) == std::vector<std::string>{"2025-10-20-市水务局.md"});
}

TEST_CASE(
    "notice file names: long names are cut on a character boundary, with a hash, and stay apart") {
  const std::string long_name = repeat("超长单位名称", 17) + "直属局";  // 105 characters, 315 bytes
  const std::vector<std::string> names = names_for({long_name, long_name + "二", "市财政局"});
  REQUIRE(names.size() == 3);
  for (const std::string& n : names) {
    CHECK(n.size() <= 11 + k_notice_unit_bytes + 3);
    CHECK(is_valid_utf8(n));
  }
  CHECK(names[0] != names[1]);
  CHECK(contains(names[0], "~"));
  CHECK(names[2] == "2025-10-20-市财政局.md");
  // Stable from run to run: the same unit always gets the same file.
  CHECK(names_for({long_name}) == std::vector<std::string>{names[0]});
}

TEST_CASE("notice file names: separators, controls and bidirectional controls become _") {
  const std::vector<std::string> names =
      names_for({"a/b\\c", "x\x1b[31my", "甲\u202e乙", "..", std::string("bad\xff")});
  for (const std::string& n : names) {
    CHECK(n.find('/') == std::string::npos);
    CHECK(n.find('\\') == std::string::npos);
    CHECK(n.find('\x1b') == std::string::npos);
    CHECK(n.find("\u202e") == std::string::npos);
    CHECK(is_valid_utf8(n));
  }
  CHECK(names[0] == "2025-10-20-a_b_c.md");
  CHECK(names[3] == "2025-10-20-_...md");
}

TEST_CASE(
    "notice file names: names that would share a file (also by letter case) each get their own") {
  const std::vector<std::string> names = names_for({"甲/乙", "甲_乙", "ABC", "abc", "市住建局"});
  std::set<std::string> lowered;
  for (std::string n : names) {
    for (char& c : n) {
      c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    lowered.insert(n);
  }
  CHECK(lowered.size() == names.size());
  CHECK(names[4] == "2025-10-20-市住建局.md");
}

namespace {

Task chased_task(const std::string& id, const std::string& lead, std::vector<std::string> co,
                 Date due) {
  Task t;
  t.id = id;
  t.title = "事项" + id;
  t.kind = "instruction";
  t.lead = lead;
  t.co = std::move(co);
  t.created = ymd(2025, 9, 1);
  t.due = due;
  t.status = Status::assigned;
  return t;
}

struct NoticeFixture {
  Config config = default_config();
  Calendar cal;
  Units units;
  std::vector<Task> tasks;
  OverdueList list;

  NoticeFixture() {
    config.office = "督查室";
    units.add(Unit{"市水务局", "", {"水务局"}, "department", "孙丽", "0571-87006688"});
    units.add(Unit{"市住建局", "", {"住建局"}, "department", "刘洋", ""});
    units.add(Unit{"城东区", "", {}, "county", "", ""});
    tasks.push_back(chased_task("2025-0001", "市水务局", {"住建局"}, ymd(2025, 10, 1)));
    tasks.push_back(chased_task("2025-0002", "市住建局", {}, ymd(2025, 10, 13)));
    tasks.push_back(chased_task("2025-0003", "城东区", {}, ymd(2025, 10, 2)));
    list.as_of = ymd(2025, 10, 13);
    for (const Task& t : tasks) {
      OverdueItem i;
      i.task = &t;
      i.lead = t.lead;
      i.lateness = assess_lateness(t, list.as_of, 3, cal);
      list.items.push_back(i);
    }
  }
};

}  // namespace

TEST_CASE(
    "build_unit_notice: one notice to the unit, its own tasks first, then those it co-operates "
    "on") {
  NoticeFixture f;
  const std::vector<Notice> notices = build_unit_notice(f.list, "市住建局", f.units, f.cal, 3);
  REQUIRE(notices.size() == 1);
  const Notice& n = notices[0];
  CHECK(n.unit == "市住建局");
  REQUIRE(n.info);
  CHECK(n.info->liaison == "刘洋");
  REQUIRE(n.items.size() == 1);
  CHECK(n.items[0]->task->id == "2025-0002");
  REQUIRE(n.co_items.size() == 1);
  CHECK(n.co_items[0]->task->id == "2025-0001");  // co-unit stored by an alias

  const TaskViewContext v{f.config, f.cal, Lang::zh, false};
  const std::string text = render_notice_text(n, v);
  CHECK(contains(text, "市住建局：\n"));
  CHECK(contains(text, "  2. 2025-0001 事项2025-0001（配合）\n     牵头单位：市水务局；来源："));
  CHECK(contains(text, "你单位牵头或配合办理的下列督办事项"));
  CHECK_FALSE(contains(text, "孙丽"));
  CHECK(contains(render_notice_markdown(n, v), "**2025-0001** 事项2025-0001（配合）"));
  // a unit with no part in any item gets nothing
  CHECK(build_unit_notice(f.list, "市财政局", f.units, f.cal, 3).empty());
  // per lead unit, co-units get nothing
  const std::vector<Notice> per_lead = build_notices(f.list, f.units, f.cal, 3);
  REQUIRE(per_lead.size() == 3);
  for (const Notice& p : per_lead) {
    CHECK(p.co_items.empty());
  }
}

TEST_CASE(
    "notice: due on the as-of day reads 今日到期; the contact line has only what units.yaml has") {
  NoticeFixture f;
  const TaskViewContext zh{f.config, f.cal, Lang::zh, false};
  const TaskViewContext en{f.config, f.cal, Lang::en, false};
  const std::vector<Notice> notices = build_notices(f.list, f.units, f.cal, 3);
  REQUIRE(notices.size() == 3);
  const Notice* zhujian = nullptr;
  const Notice* shuiwu = nullptr;
  const Notice* chengdong = nullptr;
  for (const Notice& n : notices) {
    (n.unit == "市住建局" ? zhujian : n.unit == "市水务局" ? shuiwu : chengdong) = &n;
  }
  REQUIRE(zhujian);
  REQUIRE(shuiwu);
  REQUIRE(chengdong);
  const std::string due_today = render_notice_text(*zhujian, zh);
  CHECK(contains(due_today, "；今日到期；"));
  CHECK_FALSE(contains(due_today, "将于"));
  CHECK(contains(render_notice_text(*zhujian, en), "; due today;"));
  // a liaison without a phone: no empty 联系电话：
  CHECK(contains(due_today, "\n联络员：刘洋\n"));
  CHECK_FALSE(contains(due_today, "联系电话"));
  CHECK(contains(render_notice_text(*zhujian, en), "\nLiaison: 刘洋\n"));
  CHECK(contains(render_notice_text(*shuiwu, zh), "\n联络员：孙丽　联系电话：0571-87006688\n"));
  // neither: no contact line at all
  const std::string none = render_notice_text(*chengdong, zh);
  CHECK_FALSE(contains(none, "联络员"));
  CHECK_FALSE(contains(none, "联系电话"));
}

TEST_CASE("notice: dated by the list it is built from, the reply due reply_days working days on") {
  NoticeFixture f;
  f.list.as_of = ymd(2025, 9, 30);
  const std::vector<Notice> notices = build_unit_notice(f.list, "市住建局", f.units, f.cal, 1);
  REQUIRE(notices.size() == 1);
  const Notice& n = notices[0];
  CHECK(n.list == &f.list);
  CHECK(n.reply_by == reply_by(f.list.as_of, f.cal, 1));
  const TaskViewContext v{f.config, f.cal, Lang::zh, false};
  const std::string text = render_notice_text(n, v);
  CHECK(contains(text, long_date(f.list.as_of, Lang::zh)));
  CHECK(contains(text, long_date(n.reply_by, Lang::zh)));
  CHECK(notice_file_names(notices, "md") == std::vector<std::string>{"2025-09-30-市住建局.md"});
  // The same notice read on another day of the list says that day.
  f.list.as_of = ymd(2025, 10, 13);
  CHECK(contains(render_notice_text(n, v), long_date(ymd(2025, 10, 13), Lang::zh)));
  CHECK_FALSE(contains(render_notice_text(n, v), long_date(ymd(2025, 9, 30), Lang::zh)));
}
