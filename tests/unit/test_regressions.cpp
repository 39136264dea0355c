// Inputs that once crashed, hung or misbehaved (found by the fuzz targets in
// tests/fuzz and the hostile-input suite): each must now be a clear data error
// or a normal result.
#include <doctest/doctest.h>

#include <string>

#include "core/date.hpp"
#include "core/error.hpp"
#include "helpers.hpp"
#include "store/codec.hpp"

using namespace duban;
using namespace duban::testing;

namespace {

// The message of the data error parse_task throws for `text`, or "" when it parses.
std::string parse_error(const std::string& text) {
  try {
    parse_task(text, "t.yaml");
  } catch (const Error& e) {
    CHECK(e.code() == k_exit_data);
    return e.what();
  }
  return "";
}

// The fields every test task starts with.
const std::string k_base = "id: 2025-0001\ntitle: x\ncreated: 2025-01-02\nstatus: registered\n";

// emit_task of `text` parsed, which must be a fixed point: parsing and
// emitting it again gives the same bytes.
std::string written_back(const std::string& text) {
  const std::string once = emit_task(parse_task(text, "t.yaml"));
  CHECK(emit_task(parse_task(once, "again.yaml")) == once);
  return once;
}

}  // namespace

TEST_CASE("regression: 10,000 nested '[' is a data error naming the file, not a stack overflow") {
  std::string text = "id: 2025-0001\ntitle: " + std::string(10000, '[') + "\n";
  std::string why = parse_error(text);
  CHECK(contains(why, "t.yaml:2:"));
  CHECK(contains(why, "nested"));
  why = parse_error("id: 2025-0001\nx: " + std::string(5000, '{') + "\n");
  CHECK(contains(why, "nested"));
}

TEST_CASE("regression: deep block nesting is a data error") {
  std::string text = "id: 2025-0001\ntitle: x\nx:\n";
  for (int i = 1; i <= 3000; ++i) {
    text += std::string(static_cast<size_t>(i), ' ') + "-\n";
  }
  CHECK(!parse_error(text).empty());
}

TEST_CASE("regression: brackets inside quoted scalars and comments do not count as nesting") {
  const std::string deep(100, '[');
  std::string text = "id: 2025-0001\ntitle: \"" + deep +
                     "\"\nkind: x\ncreated: 2025-01-02\nstatus: registered\n" + "ref: '" + deep +
                     "'\n# " + deep + "\n";
  CHECK(parse_error(text) == "");
  // Flow collections a little nested still parse.
  CHECK(parse_error(k_base + "extra: [[[1]], {a: [2]}]\n") == "");
}

TEST_CASE("regression: an alias bomb in an unknown field is a data error, not billions of values") {
  std::string text = k_base;
  text += "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  std::string prev = "a";
  for (std::string n : {"b", "c", "d", "e", "f", "g", "h", "i"}) {
    text += n + ": &" + n + " [";
    for (int k = 0; k < 9; ++k) {
      text += (k ? ", *" : "*") + prev;
    }
    text += "]\n";
    prev = n;
  }
  std::string why = parse_error(text);
  CHECK(contains(why, "t.yaml:"));
  CHECK(contains(why, "more than"));
  // A few aliases that stay small are kept.
  CHECK(parse_error(k_base + "a: &a [1, 2]\nb: [*a, *a]\n") == "");
}

TEST_CASE("regression: a task file over 32 MB is refused before parsing") {
  std::string text = k_base + "notes: \"" + std::string(33u << 20, 'x') + "\"\n";
  CHECK(contains(parse_error(text), "at most 32 MB"));
}

TEST_CASE(
    "regression (fuzz_codec): an unknown log field holding a map with a quoted key round-trips") {
  // Found by fuzz_codec (corpus/fuzz_codec/crash-afb95f33…): `co:` followed by
  // `-x…:` on the next line is a map {"-x…": null}; it was written back on one
  // line as `co: "-x…": ~`, which does not parse.
  const std::string text =
      "id: 2025-0001\ntitle: x\ncreated: 2025-01-02\nstatus: active\nlog:\n  - date: 2025-04-01\n"
      "    type: assign\n    co:\n      -\xca\xe5:ie t1 \x1b\x1b:\n";
  Task t = parse_task(text, "t.yaml");
  const std::string once = emit_task(t);
  Task again = parse_task(once, "emitted.yaml");
  CHECK(emit_task(again) == once);
  // The same with a top-level unknown field and a single-quoted key.
  Task u = parse_task(
      "id: 2025-0001\ntitle: x\ncreated: 2025-01-02\nstatus: active\nx:\n  'a: b': ~\n", "t.yaml");
  CHECK(emit_task(parse_task(emit_task(u), "e.yaml")) == emit_task(u));
}

TEST_CASE(
    "regression (fuzz_dates): '-77850m' goes back before year 0 without indexing out of bounds") {
  // Found by fuzz_dates (corpus/fuzz_dates/crash-ca678757…): plus_months of a
  // count reaching before year 0 gave month -8 and read k_days[-9].
  const Date d = Date::from_ymd(2025, 10, 15);
  const Date back = d.plus_months(-77850);
  CHECK(back.month() >= 1);
  CHECK(back.month() <= 12);
  CHECK(back.plus_months(77850) == d);
  CHECK(d.plus_months(-1) == Date::from_ymd(2025, 9, 15));
  CHECK(d.plus_months(-10) == Date::from_ymd(2024, 12, 15));
  CHECK(d.plus_months(-12) == Date::from_ymd(2024, 10, 15));
}

TEST_CASE(
    "regression: an unknown field name too long to write back is a data error (fuzz_codec "
    "crash-8c29309)") {
  // An explicit key (`? …`) can be any length, but emit_task writes `key: value`,
  // and YAML limits such a key to 1024 characters, quotes and escapes included.
  std::string why =
      parse_error(k_base + "? \"" + std::string(300, 'k') + std::string(200, '\x01') + "\"\n: ~\n");
  CHECK(contains(why, "t.yaml:5:"));
  CHECK(contains(why, "longer than 1000 bytes"));
  CHECK(contains(parse_error(k_base + "? " + std::string(1200, 'k') + "\n: 1\n"),
                 "longer than 1000 bytes"));
  // A long name that fits still round-trips.
  const Task t = parse_task(k_base + std::string(900, 'k') + ": 1\n", "t.yaml");
  CHECK(emit_task(parse_task(emit_task(t), "again.yaml")) == emit_task(t));
  // In a log entry too.
  why = parse_error(k_base + "log:\n  - date: 2025-01-02\n    type: note\n    ? " +
                    std::string(1100, 'k') + "\n    : 1\n");
  CHECK(contains(why, "log entry: a field name is longer"));
}

TEST_CASE("regression: a map of 50,000 unknown keys is checked for duplicates in linear time") {
  std::string text = k_base;
  for (int i = 0; i < 50000; ++i) {
    text += "k" + std::to_string(i) + ": 1\n";
  }
  text += "k17: 2\n";
  CHECK(contains(parse_error(text), "'k17' is given twice"));
}

TEST_CASE(
    "regression: control characters in a plain log field are quoted when written back (fuzz_codec "
    "crash-ab89a95)") {
  // yaml-cpp reads control characters and a lone CR inside a plain scalar,
  // but not when it reads them back; a NUL it garbles, so it is refused.
  std::string text = k_base +
                     "log:\n"
                     "  - date: 2025-01-02\n    type: note\n    reason: a";
  CHECK(contains(parse_error(text + std::string("\0b\rc\n", 5)), "t.yaml:8: a NUL byte"));
  text +=
      "\x01"
      "b\rc\n";
  const Task t = parse_task(text, "t.yaml");
  const std::string once = emit_task(t);
  CHECK(contains(once, "reason: \"a\\x01b\\rc\"\n"));
  CHECK(emit_task(parse_task(once, "again.yaml")) == once);
  // A plain number stays plain.
  const Task n = parse_task(k_base +
                                "log:\n"
                                "  - date: 2025-01-02\n    type: note\n    weight: 30\n",
                            "t.yaml");
  CHECK(contains(emit_task(n), "    weight: 30\n"));
}

TEST_CASE("regression: an unknown scalar field with control characters is written double-quoted") {
  std::string text = k_base + "remark: \"a\\x01b\\rc\"\n";
  const std::string once = written_back(text);
  CHECK(contains(once, "remark: \"a\\x01b\\rc\"\n"));
  // Inside a list yaml-cpp's emitter quotes them itself.
  std::string list = k_base + "remarks:\n  - \"a\\x01b\"\n  - c\n";
  const std::string out = emit_task(parse_task(list, "t.yaml"));
  CHECK(contains(out, "remarks:\n  - \"a\\x01b\"\n  - c\n"));
  CHECK(emit_task(parse_task(out, "again.yaml")) == out);
}

TEST_CASE(
    "regression: a CR inside an unknown list of maps is double-quoted (fuzz_codec crash-86538e1)") {
  // yaml-cpp's emitter wrote the plain scalar with its raw trailing CR; read
  // back, the CR became part of the line break and the value changed.
  std::string text = k_base +
                     "plan:\n"
                     "  - step: one\n    note: 20::";
  text += "\r\r";
  text += "x\n";
  const std::string once = written_back(text);
  CHECK(contains(once, "    note: \"20::\\r\\rx\"\n"));
  // Without control characters the unknown value is written as before.
  const std::string plain = k_base +
                            "plan:\n"
                            "  - step: one\n    note: two\n";
  CHECK(contains(emit_task(parse_task(plain, "t.yaml")), "plan:\n  - step: one\n    note: two\n"));
}

TEST_CASE(
    "regression: brackets inside a plain scalar do not count as nesting (fuzz_codec "
    "crash-85137e8)") {
  // The depth scan counted every '{' after the first of "x{{{…": a plain value
  // emit_task wrote was then refused as nested too deeply.
  const std::string value = "项目已完成{" + std::string(100, '{') + "[[[" + std::string(80, '[');
  const Task t = parse_task(k_base + "remark: \"" + value + "\"\n", "t.yaml");
  const std::string once = emit_task(t);
  CHECK(emit_task(parse_task(once, "again.yaml")) == once);
  CHECK(parse_error(k_base + "remark: " + value + "\n") == "");
  // Real nesting is still refused.
  CHECK(contains(parse_error(k_base + "remark: " + std::string(100, '[') + "\n"), "nested"));
  CHECK(contains(parse_error(k_base + "remark: [" + std::string(100, '{') + "\n"), "nested"));
}

TEST_CASE(
    "regression: brackets in a plain block scalar after '?', '-' or ',' do not count (fuzz_import "
    "crash-26c4433)") {
  // An imported title "推进{{{{[[?[[[…": after the '?', the old scan counted
  // every bracket, and the task file import would write was refused.
  for (const std::string sep : {"?", "-", ",", ":", "? ", "- "}) {
    const std::string value =
        "推进{{{{" + sep + std::string(100, '[') + "{" + sep + std::string(100, '{');
    Task t = parse_task(k_base, "t.yaml");
    t.title = value;
    const std::string once = emit_task(t);
    CAPTURE(once);
    CHECK(parse_error(once) == "");
    CHECK(emit_task(parse_task(once, "again.yaml")) == once);
  }
  // Nesting behind an anchor or a tag is still found.
  for (const std::string prefix : {"&a ", "!!seq ", "&a !!seq ", "!!seq&a", "- &a "}) {
    const std::string why = parse_error(k_base + "x: " + prefix + std::string(10000, '[') + "\n");
    CHECK(contains(why, "t.yaml:5: not valid YAML: lists or maps nested more than 64 levels deep"));
  }
  // An anchored or tagged plain scalar is still plain.
  CHECK(parse_error(k_base + "x: &a 推进{{{?" + std::string(100, '[') + "\ny: !!str -[" +
                    std::string(100, '{') + "\n") == "");
}

TEST_CASE(
    "regression: a multi-line plain log field is quoted when written back (fuzz_codec "
    "crash-e666715)") {
  // "reason: 用地…\n\n      - 市住建…" is one plain scalar holding a newline;
  // written back raw, its second line became a stray list item.
  const std::string text =
      k_base +
      "log:\n"
      "  - date: 2025-01-02\n    type: note\n    reason: 用地审批\n\n      - 市住建局\n";
  const std::string once = written_back(text);
  CHECK(contains(once, "    reason: \"用地审批\\n- 市住建局\"\n"));
  // Plain values that read back stay plain, numbers and words alike.
  const std::string plain =
      k_base +
      "log:\n"
      "  - date: 2025-01-02\n    type: note\n    weight: 30\n    mood: true\n    who: 张三\n";
  CHECK(contains(emit_task(parse_task(plain, "t.yaml")),
                 "    weight: 30\n    mood: true\n    who: 张三\n"));
}
