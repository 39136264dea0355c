#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/config.hpp"
#include "core/task.hpp"
#include "core/units.hpp"
#include "core/validate.hpp"
#include "helpers.hpp"
#include "store/codec.hpp"

using namespace duban;
using namespace duban::testing;

namespace {

Units sample_units() {
  Units u;
  u.add(Unit{"市发改委", "", {"发改委"}, "department", "", ""});
  u.add(Unit{"市财政局", "", {"财政局"}, "department", "", ""});
  return u;
}

LogEntry entry(Date d, const char* type) {
  return LogEntry{d, type, {}, {}};
}

// A task that breaks no rule: assigned to a known unit, dates in order.
Task valid_task() {
  Task t;
  t.id = "2025-0042";
  t.title = "推进城区热电联产项目建设";
  t.kind = "instruction";
  t.lead = "市发改委";
  t.co = {"财政局"};
  t.created = ymd(2025, 3, 2);
  t.due = ymd(2025, 3, 17);
  t.status = Status::active;
  t.log.push_back(entry(ymd(2025, 3, 2), "assign").set("to", "市发改委"));
  t.log.push_back(entry(ymd(2025, 3, 8), "progress").set("by", "市发改委").set("text", "进展"));
  return t;
}

// The `where` of each problem, in order.
std::vector<std::string> wheres(const Task& t) {
  std::vector<std::string> out;
  for (const Problem& p : validate_task(t, default_config(), sample_units())) {
    out.push_back(p.where);
  }
  return out;
}

std::string messages(const Task& t) {
  std::string out;
  for (const Problem& p : validate_task(t, default_config(), sample_units())) {
    out += p.where + ": " + p.message + "\n";
  }
  return out;
}

using Strings = std::vector<std::string>;

}  // namespace

TEST_CASE("validate: a valid task has no problems") {
  CHECK(messages(valid_task()) == "");
  Task registered = valid_task();
  registered.lead.clear();
  registered.co.clear();
  registered.log.clear();
  registered.status = Status::registered;
  CHECK(messages(registered) == "");
}

TEST_CASE("validate: unknown kind") {
  Task t = valid_task();
  t.kind = "rumour";
  CHECK(wheres(t) == Strings{"kind"});
  CHECK(messages(t).find("rumour") != std::string::npos);
  t.kind = "领导批示";  // a label is not the stored kind
  CHECK(wheres(t) == Strings{"kind"});
}

TEST_CASE("validate: unknown units in lead, co and the log") {
  Task t = valid_task();
  t.lead = "市教育局";
  t.log[0].fields.clear();
  t.log[0].set("to", "市教育局");
  t.log[1].fields.clear();
  t.log[1].set("by", "市教育局");
  CHECK(wheres(t) == Strings{"lead", "log[0]", "log[1]"});
  CHECK(messages(t).find("市教育局") != std::string::npos);

  Task co = valid_task();
  co.co = {"市财政局", "市体育局"};
  CHECK(wheres(co) == Strings{"co"});
  CHECK(messages(co).find("市体育局") != std::string::npos);

  // Aliases are known units.
  Task alias = valid_task();
  alias.lead = "发改委";
  CHECK(wheres(alias).empty());
}

TEST_CASE("validate: due before created") {
  Task t = valid_task();
  t.due = ymd(2025, 3, 1);
  CHECK(wheres(t) == Strings{"due"});
  t.due = ymd(2025, 3, 2);  // the same day is fine
  CHECK(wheres(t).empty());
}

TEST_CASE("validate: status done without a done entry") {
  Task t = valid_task();
  t.status = Status::done;
  CHECK(wheres(t) == Strings{"status"});
  t.log.push_back(entry(ymd(2025, 3, 15), "done"));
  CHECK(wheres(t).empty());
  // Returned after closing: no longer done.
  t.log.push_back(entry(ymd(2025, 3, 16), "return").set("reason", "x"));
  CHECK(wheres(t) == Strings{"status"});
  t.status = Status::active;
  CHECK(wheres(t).empty());
}

TEST_CASE("validate: status disagreeing with the log in other ways") {
  Task cancelled = valid_task();
  cancelled.status = Status::cancelled;
  CHECK(wheres(cancelled) == Strings{"status"});

  Task open_after_done = valid_task();
  open_after_done.log.push_back(entry(ymd(2025, 3, 15), "done"));
  CHECK(wheres(open_after_done) == Strings{"status"});

  Task no_lead = valid_task();
  no_lead.lead.clear();
  CHECK(wheres(no_lead) == Strings{"status"});
}

TEST_CASE("validate: log out of date order, and before created") {
  Task t = valid_task();
  t.log.push_back(entry(ymd(2025, 3, 5), "note").set("text", "补记"));
  CHECK(wheres(t) == Strings{"log[2]"});
  CHECK(messages(t).find("2025-03-05") != std::string::npos);

  Task early = valid_task();
  early.log[0].date = ymd(2025, 3, 1);
  CHECK(wheres(early) == Strings{"log[0]"});

  // Entries on the same day are in order.
  Task same = valid_task();
  same.log.push_back(entry(ymd(2025, 3, 8), "note").set("text", "同日"));
  CHECK(wheres(same).empty());
}

TEST_CASE("validate: cadence, escalation, milestones, extend entries") {
  Task t = valid_task();
  t.cadence = "daily";
  CHECK(wheres(t) == Strings{"cadence"});
  t.cadence = "weekly";
  CHECK(wheres(t).empty());
  t.escalation = 4;
  CHECK(wheres(t) == Strings{"escalation"});
  t.escalation = 3;
  CHECK(wheres(t).empty());

  Task m = valid_task();
  m.milestones.push_back(Milestone{"ok", ymd(2025, 6, 30), std::nullopt, {}});
  m.milestones.push_back(Milestone{"early", ymd(2025, 3, 1), std::nullopt, {}});
  CHECK(wheres(m) == Strings{"milestones[1]"});

  Task ext = valid_task();
  ext.log.push_back(entry(ymd(2025, 3, 10), "extend").set("from", "2025-03-17").set("to", "下月"));
  CHECK(wheres(ext) == Strings{"log[2]"});
}

TEST_CASE("line_of finds top-level keys and log[N]") {
  const std::string text =
      "id: 2025-0042\n"         // 1
      "title: 测试\n"           // 2
      "kind: instruction\n"     // 3
      "listed: false\n"         // 4
      "lead: 市发改委\n"        // 5
      "co:\n"                   // 6
      "  - 市财政局\n"          // 7
      "created: 2025-03-02\n"   // 8
      "due: 2025-03-17\n"       // 9
      "status: active\n"        // 10
      "escalation: 0\n"         // 11
      "milestones:\n"           // 12
      "  - title: 完成土建\n"   // 13
      "    due: 2025-06-30\n"   // 14
      "  - title: 竣工验收\n"   // 15
      "    due: 2025-09-30\n"   // 16
      "log:\n"                  // 17
      "  - date: 2025-03-02\n"  // 18
      "    type: assign\n"      // 19
      "    to: 市发改委\n"      // 20
      "    co:\n"               // 21
      "      - 市财政局\n"      // 22
      "  - date: 2025-03-08\n"  // 23
      "    type: progress\n"    // 24
      "    by: 市发改委\n"      // 25
      "  - date: 2025-03-09\n"  // 26
      "    type: note\n"        // 27
      "source: OA\n";           // 28
  CHECK(line_of(text, "id") == 1);
  CHECK(line_of(text, "kind") == 3);
  CHECK(line_of(text, "lead") == 5);
  CHECK(line_of(text, "co") == 6);
  CHECK(line_of(text, "created") == 8);
  CHECK(line_of(text, "due") == 9);
  CHECK(line_of(text, "status") == 10);
  CHECK(line_of(text, "escalation") == 11);
  CHECK(line_of(text, "milestones[0]") == 13);
  CHECK(line_of(text, "milestones[1]") == 15);
  CHECK(line_of(text, "log[0]") == 18);
  CHECK(line_of(text, "log[1]") == 23);
  CHECK(line_of(text, "log[2]") == 26);
  CHECK(line_of(text, "log[3]") == 1);   // no such entry
  CHECK(line_of(text, "cadence") == 1);  // absent key
  CHECK(line_of(text, "source") == 28);
}

TEST_CASE("line_of agrees with validate_task on an emitted file") {
  Task t = valid_task();
  t.log.push_back(entry(ymd(2025, 3, 5), "note").set("text", "补记"));
  const std::string text = emit_task(t);
  const auto problems = validate_task(t, default_config(), sample_units());
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].where == "log[2]");
  const int line = line_of(text, problems[0].where);
  // The line must be the start of the third log entry.
  size_t pos = 0;
  for (int i = 1; i < line; ++i) {
    pos = text.find('\n', pos) + 1;
  }
  CHECK(text.substr(pos, text.find('\n', pos) - pos) == "  - date: 2025-03-05");
}

TEST_CASE("validate: only a registered or cancelled task may have no due (duban-format(5))") {
  Task registered = valid_task();
  registered.lead.clear();
  registered.co.clear();
  registered.log.clear();
  registered.status = Status::registered;
  registered.due.reset();
  CHECK(messages(registered) == "");
  registered.log.push_back(entry(ymd(2025, 3, 3), "cancel").set("reason", "重复立项"));
  registered.status = Status::cancelled;
  CHECK(messages(registered) == "");

  Task assigned = valid_task();
  assigned.due.reset();
  CHECK(wheres(assigned) == Strings{"id"});
  CHECK(messages(assigned).find("missing field 'due'") != std::string::npos);
  assigned.status = Status::assigned;
  CHECK(wheres(assigned) == Strings{"id"});
}
