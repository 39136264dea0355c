#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/task.hpp"
#include "helpers.hpp"
#include "store/codec.hpp"

using namespace duban;
using namespace duban::testing;

namespace {

// A task file in canonical form: every known key, in the fixed order.
const char* const k_full_task =
    "id: 2025-0042\n"
    "title: 推进城区热电联产项目建设\n"
    "kind: instruction\n"
    "ref: 市政府〔2025〕12号\n"
    "leader: 张市长\n"
    "listed: true\n"
    "lead: 市发改委\n"
    "co:\n"
    "  - 市财政局\n"
    "  - 市住建局\n"
    "owner: 李明\n"
    "created: 2025-03-02\n"
    "due: 2025-04-15\n"
    "cadence: weekly\n"
    "status: active\n"
    "escalation: 1\n"
    "tags:\n"
    "  - 重点\n"
    "  - 民生\n"
    "milestones:\n"
    "  - title: 完成土建\n"
    "    due: 2025-06-30\n"
    "    done: 2025-06-28\n"
    "  - title: 竣工验收\n"
    "    due: 2025-09-30\n"
    "log:\n"
    "  - date: 2025-03-02\n"
    "    type: assign\n"
    "    to: 市发改委\n"
    "    co:\n"
    "      - 市财政局\n"
    "      - 市住建局\n"
    "    owner: 李明\n"
    "  - date: 2025-03-08\n"
    "    type: progress\n"
    "    by: 市发改委\n"
    "    text: 已完成可研批复，正在推进用地审批。\n"
    "    percent: 30\n"
    "  - date: 2025-03-18\n"
    "    type: escalate\n"
    "    level: 1\n"
    "    name: 整改通知\n"
    "  - date: 2025-03-20\n"
    "    type: extend\n"
    "    from: 2025-03-17\n"
    "    to: 2025-04-15\n"
    "    reason: 用地审批尚未完成\n";

const char* const k_minimal_task =
    "id: 2025-0001\n"
    "title: 测试事项\n"
    "created: 2025-03-02\n"
    "status: registered\n";

// The message of the data error parsing `text` raises, or "" when it parses.
std::string parse_error(const std::string& text) {
  try {
    parse_task(text, "tasks/2025/2025-0042.yaml");
  } catch (const Error& e) {
    CHECK(e.code() == k_exit_data);
    return e.what();
  }
  return "";
}

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.rfind(prefix, 0) == 0;
}
Task minimal_task() {
  Task t;
  t.id = "2025-0001";
  t.title = "测试事项";
  t.created = ymd(2025, 3, 2);
  return t;
}

}  // namespace

TEST_CASE("codec: a full task parses into every field") {
  const Task t = parse_task(k_full_task, "t.yaml");
  CHECK(t.id == "2025-0042");
  CHECK(t.title == "推进城区热电联产项目建设");
  CHECK(t.kind == "instruction");
  CHECK(t.ref == "市政府〔2025〕12号");
  CHECK(t.leader == "张市长");
  CHECK(t.listed);
  CHECK(t.lead == "市发改委");
  CHECK(t.co == std::vector<std::string>{"市财政局", "市住建局"});
  CHECK(t.owner == "李明");
  CHECK(t.created.iso() == "2025-03-02");
  REQUIRE(t.due);
  CHECK(t.due->iso() == "2025-04-15");
  CHECK(t.cadence == "weekly");
  CHECK(t.status == Status::active);
  CHECK(t.escalation == 1);
  CHECK(t.tags == std::vector<std::string>{"重点", "民生"});
  REQUIRE(t.milestones.size() == 2);
  CHECK(t.milestones[0].title == "完成土建");
  CHECK(t.milestones[0].due.iso() == "2025-06-30");
  REQUIRE(t.milestones[0].done);
  CHECK(t.milestones[0].done->iso() == "2025-06-28");
  CHECK_FALSE(t.milestones[1].done);
  REQUIRE(t.log.size() == 4);
  CHECK(t.log[0].type == "assign");
  CHECK(t.log[0].date.iso() == "2025-03-02");
  CHECK(t.log[0].get("to") == "市发改委");
  REQUIRE(t.log[0].fields.size() == 3);
  CHECK(t.log[0].fields[1].key == "co");
  CHECK(t.log[0].fields[1].is_list);
  CHECK(t.log[0].fields[1].items == std::vector<std::string>{"市财政局", "市住建局"});
  CHECK(t.log[0].get("owner") == "李明");
  CHECK(t.log[1].get("percent") == "30");
  CHECK(t.log[2].get("level") == "1");
  CHECK(t.log[3].get("from") == "2025-03-17");
  CHECK(t.log[3].get("to") == "2025-04-15");
  CHECK(t.extra.empty());
  CHECK(t.last_progress()->iso() == "2025-03-08");
  CHECK_FALSE(t.closed_on());
}

TEST_CASE("codec: parse then emit of a canonical file is byte-identical") {
  CHECK(emit_task(parse_task(k_full_task, "t.yaml")) == k_full_task);
  const std::string minimal_canonical =
      "id: 2025-0001\n"
      "title: 测试事项\n"
      "listed: false\n"
      "created: 2025-03-02\n"
      "status: registered\n"
      "escalation: 0\n";
  CHECK(emit_task(parse_task(k_minimal_task, "t.yaml")) == minimal_canonical);
  CHECK(emit_task(parse_task(minimal_canonical, "t.yaml")) == minimal_canonical);
}

TEST_CASE("codec: keys written in any order come out in the fixed order") {
  const std::string shuffled =
      "status: assigned\n"
      "due: 2025-03-17\n"
      "lead: 市发改委\n"
      "created: 2025-03-02\n"
      "title: 测试事项\n"
      "id: 2025-0001\n"
      "kind: instruction\n";
  CHECK(emit_task(parse_task(shuffled, "t.yaml")) ==
        "id: 2025-0001\n"
        "title: 测试事项\n"
        "kind: instruction\n"
        "listed: false\n"
        "lead: 市发改委\n"
        "created: 2025-03-02\n"
        "due: 2025-03-17\n"
        "status: assigned\n"
        "escalation: 0\n");
}

TEST_CASE("codec: emitted log entries from code round-trip, numbers unquoted") {
  Task t = minimal_task();
  t.status = Status::active;
  t.lead = "市发改委";
  LogEntry e{ymd(2025, 3, 8), "progress", {}, {}};
  e.set("by", "市发改委")
      .set("text", "进展顺利")
      .set_number("percent", 60)
      .set_list("files", {"a.pdf", "b.pdf"});
  e.set("empty", "");      // skipped
  e.set_list("none", {});  // skipped
  t.log.push_back(e);
  const std::string text = emit_task(t);
  CHECK(contains(text,
                 "log:\n"
                 "  - date: 2025-03-08\n"
                 "    type: progress\n"
                 "    by: 市发改委\n"
                 "    text: 进展顺利\n"
                 "    percent: 60\n"
                 "    files:\n"
                 "      - a.pdf\n"
                 "      - b.pdf\n"));
  CHECK_FALSE(contains(text, "empty"));
  CHECK_FALSE(contains(text, "none"));
  const Task back = parse_task(text, "t.yaml");
  REQUIRE(back.log.size() == 1);
  CHECK(back.log[0].get("percent") == "60");
  CHECK(back.log[0].get("by") == "市发改委");
  REQUIRE(back.log[0].fields.size() == 4);
  CHECK(back.log[0].fields[3].items == std::vector<std::string>{"a.pdf", "b.pdf"});
  CHECK(emit_task(back) == text);
}

TEST_CASE("codec: unknown top-level keys survive parse, emit, parse") {
  const std::string text = std::string(k_minimal_task) +
                           "source_system: OA\n"
                           "attachments:\n"
                           "  - 批示件.pdf\n"
                           "  - 会议纪要.docx\n"
                           "meta:\n"
                           "  origin: 12345热线\n"
                           "  batch: 7\n"
                           "  nested:\n"
                           "    deep: yes\n";
  const Task first = parse_task(text, "t.yaml");
  REQUIRE(first.extra.size() == 3);
  CHECK(first.extra[0].key == "source_system");
  CHECK(first.extra[1].key == "attachments");
  CHECK(first.extra[2].key == "meta");

  const std::string emitted = emit_task(first);
  CHECK(contains(emitted, "source_system: OA\n"));
  CHECK(contains(emitted, "  - 批示件.pdf\n"));
  const Task second = parse_task(emitted, "t.yaml");
  REQUIRE(second.extra.size() == 3);
  for (size_t i = 0; i < 3; ++i) {
    CAPTURE(i);
    CHECK(second.extra[i].key == first.extra[i].key);
    CHECK(second.extra[i].yaml == first.extra[i].yaml);
  }
  // The known fields are untouched by the extra ones.
  CHECK(second.title == "测试事项");
  CHECK(second.status == Status::registered);
  // A second round changes nothing.
  CHECK(emit_task(second) == emitted);
}

TEST_CASE("codec: unknown keys inside log entries and milestones survive") {
  const std::string text = std::string(k_minimal_task) +
                           "milestones:\n"
                           "  - title: 完成土建\n"
                           "    due: 2025-06-30\n"
                           "    owner: 王五\n"
                           "    checks:\n"
                           "      - 质量\n"
                           "      - 安全\n"
                           "log:\n"
                           "  - date: 2025-03-08\n"
                           "    type: note\n"
                           "    text: 电话沟通\n"
                           "    channel: phone\n"
                           "    people:\n"
                           "      - 张三\n"
                           "      - 李四\n"
                           "    meta:\n"
                           "      source: 电话\n"
                           "      minutes: 5\n";
  const Task first = parse_task(text, "t.yaml");
  REQUIRE(first.milestones.size() == 1);
  REQUIRE(first.log.size() == 1);
  const std::string emitted = emit_task(first);
  const Task second = parse_task(emitted, "t.yaml");

  REQUIRE(second.milestones.size() == 1);
  const Milestone& m = second.milestones[0];
  CHECK(m.title == "完成土建");
  CHECK(m.due.iso() == "2025-06-30");
  REQUIRE(m.extra.size() == 2);
  CHECK(m.extra[0].key == "owner");
  CHECK(m.extra[0].yaml == first.milestones[0].extra[0].yaml);
  CHECK(m.extra[1].key == "checks");
  CHECK(m.extra[1].yaml == first.milestones[0].extra[1].yaml);

  REQUIRE(second.log.size() == 1);
  const LogEntry& e = second.log[0];
  CHECK(e.type == "note");
  CHECK(e.get("text") == "电话沟通");
  CHECK(e.get("channel") == "phone");
  REQUIRE(e.has("people"));
  CHECK(e.fields.size() == first.log[0].fields.size());
  bool found_people = false;
  for (const LogField& f : e.fields) {
    if (f.key == "people") {
      found_people = true;
      CHECK(f.items == std::vector<std::string>{"张三", "李四"});
    }
  }
  CHECK(found_people);
  REQUIRE(e.extra.size() == 1);
  CHECK(e.extra[0].key == "meta");
  CHECK(e.extra[0].yaml == first.log[0].extra[0].yaml);
  CHECK(contains(emitted, "      source: 电话\n"));
  CHECK(emit_task(second) == emitted);
}

TEST_CASE("codec: values that would read back differently are quoted") {
  struct Case {
    const char* value;
    const char* emitted;  // the title line as written
  };
  const Case cases[] = {
      {"a: b", "title: \"a: b\"\n"},
      {"-leading", "title: \"-leading\"\n"},
      {"- item", "title: \"- item\"\n"},
      {"true", "title: \"true\"\n"},
      {"no", "title: \"no\"\n"},
      {"null", "title: \"null\"\n"},
      {"~", "title: \"~\"\n"},
      {"123", "title: \"123\"\n"},
      {"1.5", "title: \"1.5\"\n"},
      {"2025-01-01", "title: \"2025-01-01\"\n"},
      {"#hash", "title: \"#hash\"\n"},
      {"a #b", "title: \"a #b\"\n"},
      {" padded", "title: \" padded\"\n"},
      {"trailing ", "title: \"trailing \"\n"},
      {"line1\nline2", "title: \"line1\\nline2\"\n"},
      {"\"quoted\"", "title: \"\\\"quoted\\\"\"\n"},
      {"'single'", "title: \"'single'\"\n"},
      {"back\\slash\ttab", "title: \"back\\\\slash\\ttab\"\n"},
      {"[flow]", "title: \"[flow]\"\n"},
      {"*alias", "title: \"*alias\"\n"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.value);
    Task t = minimal_task();
    t.title = c.value;
    const std::string text = emit_task(t);
    CHECK(contains(text, c.emitted));
    CHECK(parse_task(text, "t.yaml").title == c.value);
  }
}

TEST_CASE("codec: plain text stays unquoted and every field round-trips tricky values") {
  Task t = minimal_task();
  t.title = "关于“十五五”规划的批示：抓紧落实";
  t.ref = "2025-0001";  // looks like an id, still text
  t.leader = "yes";
  t.lead = "- 市发改委";
  t.co = {"true", "12345", "a: b", "普通单位"};
  t.owner = "say \"hi\"";
  t.tags = {"2025-03-02", "it's"};
  LogEntry e{ymd(2025, 3, 3), "note", {}, {}};
  e.set("text", "第一行\n第二行: 有冒号").set("by", "false");
  t.log.push_back(e);
  const std::string text = emit_task(t);
  CHECK(contains(text, "title: 关于“十五五”规划的批示：抓紧落实\n"));
  CHECK(contains(text, "  - 普通单位\n"));
  CHECK(contains(text, "  - \"true\"\n"));
  CHECK(contains(text, "  - \"12345\"\n"));
  CHECK(contains(text, "    by: \"false\"\n"));
  const Task back = parse_task(text, "t.yaml");
  CHECK(back.title == t.title);
  CHECK(back.ref == t.ref);
  CHECK(back.leader == t.leader);
  CHECK(back.lead == t.lead);
  CHECK(back.co == t.co);
  CHECK(back.owner == t.owner);
  CHECK(back.tags == t.tags);
  REQUIRE(back.log.size() == 1);
  CHECK(back.log[0].get("text") == "第一行\n第二行: 有冒号");
  CHECK(back.log[0].get("by") == "false");
  CHECK(emit_task(back) == text);
}

TEST_CASE("codec: a bad date names path:line and the field") {
  const std::string msg = parse_error(
      "id: 2025-0042\n"
      "title: 测试\n"
      "created: 2025-02-30\n"
      "status: registered\n");
  CHECK(starts_with(msg, "tasks/2025/2025-0042.yaml:3: "));
  CHECK(contains(msg, "created"));
  CHECK(contains(msg, "2025-02-30"));

  const std::string due = parse_error(
      "id: 2025-0042\n"
      "title: 测试\n"
      "created: 2025-02-03\n"
      "due: 2025/3/2\n"
      "status: registered\n");
  CHECK(starts_with(due, "tasks/2025/2025-0042.yaml:4: "));
  CHECK(contains(due, "due"));

  const std::string log_date = parse_error(
      "id: 2025-0042\n"
      "title: 测试\n"
      "created: 2025-02-03\n"
      "status: registered\n"
      "log:\n"
      "  - date: 2025-13-01\n"
      "    type: note\n");
  CHECK(starts_with(log_date, "tasks/2025/2025-0042.yaml:6: "));
  CHECK(contains(log_date, "date"));
}

TEST_CASE("codec: a bad status names path:line and lists the statuses") {
  const std::string msg = parse_error(
      "id: 2025-0042\n"
      "title: 测试\n"
      "created: 2025-02-03\n"
      "status: finished\n");
  CHECK(starts_with(msg, "tasks/2025/2025-0042.yaml:4: "));
  CHECK(contains(msg, "status"));
  CHECK(contains(msg, "finished"));
  CHECK(contains(msg, "registered"));
}

TEST_CASE("codec: other bad values name path:line and the field") {
  const std::string listed = parse_error(
      "id: 2025-0042\n"
      "title: 测试\n"
      "listed: maybe\n"
      "created: 2025-02-03\n"
      "status: registered\n");
  CHECK(starts_with(listed, "tasks/2025/2025-0042.yaml:3: "));
  CHECK(contains(listed, "listed"));

  const std::string escalation = parse_error(
      "id: 2025-0042\n"
      "title: 测试\n"
      "created: 2025-02-03\n"
      "status: registered\n"
      "escalation: -1\n");
  CHECK(starts_with(escalation, "tasks/2025/2025-0042.yaml:5: "));
  CHECK(contains(escalation, "escalation"));

  const std::string milestone = parse_error(
      "id: 2025-0042\n"
      "title: 测试\n"
      "created: 2025-02-03\n"
      "status: registered\n"
      "milestones:\n"
      "  - title: 没有期限\n");
  CHECK(starts_with(milestone, "tasks/2025/2025-0042.yaml:6: "));
  CHECK(contains(milestone, "milestones"));
}

TEST_CASE("codec: a root that is not a map is refused") {
  CHECK(starts_with(parse_error("- a\n- b\n"), "tasks/2025/2025-0042.yaml:1: "));
  CHECK(starts_with(parse_error("just text\n"), "tasks/2025/2025-0042.yaml:1: "));
  CHECK(starts_with(parse_error(""), "tasks/2025/2025-0042.yaml:1: "));
}

TEST_CASE("codec: missing required fields are named") {
  auto without = [](const std::string& key) {
    std::string text;
    const std::pair<const char*, const char*> fields[] = {{"id", "2025-0042"},
                                                          {"title", "测试"},
                                                          {"created", "2025-02-03"},
                                                          {"status", "registered"}};
    for (const auto& [k, v] : fields) {
      if (k != key) {
        text += std::string(k) + ": " + v + "\n";
      }
    }
    return parse_error(text);
  };
  for (const char* key : {"id", "title", "created", "status"}) {
    CAPTURE(key);
    const std::string msg = without(key);
    CHECK(starts_with(msg, "tasks/2025/2025-0042.yaml:1: "));
    CHECK(contains(msg, std::string("'") + key + "'"));
  }
}

TEST_CASE("codec: broken YAML is an error with path:line, never a crash") {
  // A plain scalar continued by a "key: value" line on line 3.
  const std::string msg = parse_error(
      "id: 2025-0042\n"
      "title: 测试\n"
      "  bad: indent\n"
      "created: 2025-02-03\n"
      "status: registered\n");
  CHECK(starts_with(msg, "tasks/2025/2025-0042.yaml:3: "));
  CHECK(contains(msg, "YAML"));
  const std::string flow = parse_error("id: [2025-0042\nstatus: {\n");
  CHECK(starts_with(flow, "tasks/2025/2025-0042.yaml:"));
  CHECK(contains(flow, "YAML"));
  // A line number follows the path.
  const std::string after = flow.substr(std::string("tasks/2025/2025-0042.yaml:").size());
  REQUIRE_FALSE(after.empty());
  CHECK(after[0] >= '1');
  CHECK(after[0] <= '9');
  const std::string deep =
      parse_error(std::string(k_minimal_task) + "deep: " + std::string(5000, '[') +
                  std::string(5000, ']') + "\n");
  CHECK(starts_with(deep, "tasks/2025/2025-0042.yaml:"));
}

TEST_CASE("codec: a key given twice is an error, not a silent last-wins") {
  // A hand-resolved merge conflict can leave two 'status:' lines; the file is not valid YAML
  // (mapping keys must be unique) and must not be read as either value.
  const std::string msg = parse_error(
      "id: 2025-0042\n"
      "title: 测试\n"
      "created: 2025-02-03\n"
      "status: active\n"
      "status: done\n");
  CHECK(starts_with(msg, "tasks/2025/2025-0042.yaml:5: "));
  CHECK(contains(msg, "status"));
}

TEST_CASE("is_valid_task_id") {
  CHECK(is_valid_task_id("2025-0042"));
  CHECK(is_valid_task_id("2025-B0042"));
  CHECK(is_valid_task_id("2024-0001"));
  CHECK(is_valid_task_id("2025-12345"));
  CHECK(is_valid_task_id("2025-AB0001"));
  CHECK_FALSE(is_valid_task_id("../x"));
  CHECK_FALSE(is_valid_task_id("2025-42"));
  CHECK_FALSE(is_valid_task_id("2025-0042/../"));
  CHECK_FALSE(is_valid_task_id("2025-0042/../../etc/passwd"));
  CHECK_FALSE(is_valid_task_id("2025-b0042"));
  CHECK_FALSE(is_valid_task_id(""));
  CHECK_FALSE(is_valid_task_id("2025-0042.yaml"));
  CHECK_FALSE(is_valid_task_id("20250042"));
  CHECK_FALSE(is_valid_task_id("2025_0042"));
  CHECK_FALSE(is_valid_task_id(" 2025-0042"));
  CHECK_FALSE(is_valid_task_id("2025-0042\n"));
  CHECK_FALSE(is_valid_task_id("25-0042"));
}

TEST_CASE(
    "codec: content comes after the title, multi-line as a literal block, and reads back the "
    "same") {
  Task t = parse_task("id: 2025-0001\ntitle: 热电联产\ncreated: 2025-03-02\nstatus: registered\n",
                      "a.yaml");
  CHECK(t.content.empty());
  CHECK(emit_task(t).find("content") == std::string::npos);
  const char* const texts[] = {
      "张市长批示：请市发改委牵头。\n倒排工期，确保年内开工。",
      "第一行\n\n# 不是注释\n- 不是列表\n",
      "一行",
      "  缩进的第一行\n第二行",
      "行尾有空格 \n第二行",
      "控制\x1b字符\n第二行",
      "多个\n换行\n\n",
      "\n开头换行",
      "CRLF\r\n第二行",
  };
  for (const char* text : texts) {
    CAPTURE(text);
    t.content = text;
    const std::string yaml = emit_task(t);
    CHECK(yaml.find("title: 热电联产\ncontent: ") != std::string::npos);
    CHECK(parse_task(yaml, "a.yaml").content == text);
    CHECK(emit_task(parse_task(yaml, "a.yaml")) == yaml);
  }
  t.content = "张市长批示：请市发改委牵头。\n倒排工期，确保年内开工。";
  CHECK(emit_task(t).find("title: 热电联产\ncontent: |-\n  张市长批示：请市发改委牵头。\n  "
                          "倒排工期，确保年内开工。\nlisted:") != std::string::npos);
}
