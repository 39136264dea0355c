#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>

#include <string>

#include "core/error.hpp"
#include "helpers.hpp"
#include "store/calendar_file.hpp"
#include "store/codec.hpp"
#include "store/config_file.hpp"
#include "store/units_file.hpp"
#include "store/yaml_load.hpp"
#include "store/yaml_text.hpp"

using namespace duban;
using namespace duban::testing;

namespace {

const std::string k_task =
    "id: 2025-0001\n"
    "title: 测试事项\n"
    "created: 2025-03-02\n"
    "status: registered\n";

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.rfind(prefix, 0) == 0;
}

std::string load_error(const std::string& text) {
  try {
    load_yaml(text, "f.yaml");
  } catch (const Error& e) {
    CHECK(e.code() == k_exit_data);
    return e.what();
  }
  return "";
}

YamlLeftovers leftovers_of(const std::string& text) {
  YamlLeftovers found;
  load_yaml(text, "f.yaml", &found);
  return found;
}

// A billion laughs: ten values, then `levels` levels of ten aliases each.
std::string laughs(int levels) {
  std::string text = "l0: &l0 [a, a, a, a, a, a, a, a, a, a]\n";
  for (int i = 1; i <= levels; ++i) {
    text += "l" + std::to_string(i) + ": &l" + std::to_string(i) + " [";
    for (int j = 0; j < 10; ++j) {
      text += (j ? ", *l" : "*l") + std::to_string(i - 1);
    }
    text += "]\n";
  }
  return text;
}

}  // namespace

TEST_CASE("load_yaml: an alias inside the node its anchor names is refused with path:line") {
  for (const char* text : {"x: &a [*a]\n", "x: &a {k: *a}\n", "x: &a {*a : 1}\n",
                           "x: &a [[[*a]]]\n", "a: 1\nx: &a\n  - b\n  - *a\n", "&a [*a]"}) {
    CAPTURE(text);
    const std::string msg = load_error(text);
    CHECK(starts_with(msg, "f.yaml:"));
    CHECK(contains(msg, "(a cycle)"));
  }
  CHECK(starts_with(load_error("a: 1\nx: &a [*a]\n"), "f.yaml:2: not valid YAML: the alias *a"));
}

TEST_CASE("load_yaml: aliases standing for too many values are refused; a few are read") {
  const std::string msg = load_error(laughs(11) + "x: *l11\n");
  CHECK(contains(msg, "alias bomb"));
  // Anchored but never used beyond the limit: still a bomb at its definition.
  CHECK(contains(load_error(laughs(9)), "alias bomb"));
  const YAML::Node ok = load_yaml(laughs(3) + "x: *l3\n", "f.yaml");
  CHECK(ok["x"].size() == 10);
  const YAML::Node reused = load_yaml("w: &w 市财政局\nboth: [*w, *w]\n", "f.yaml");
  CHECK(reused["both"][1].Scalar() == "市财政局");
}

TEST_CASE("load_yaml: comments are found, '#' inside scalars is none") {
  CHECK(leftovers_of("a: 1\n# note\n").comment_line == 2);
  CHECK(leftovers_of("a: 1 # note\n").comment_line == 1);
  CHECK(leftovers_of("a: [1, # x\n  2]\n").comment_line == 1);
  CHECK(leftovers_of("a: |\n  text\n# after the block\n").comment_line == 3);
  CHECK(leftovers_of("- a: |\n    text\n  # less indented than the text\n").comment_line == 3);
  for (const char* text :
       {"a: \"x # y\"\n", "a: 'x # y'\n", "a: x#y\n", "a: \"multi\n  # line\"\n",
        "a: |\n  # text\n  more\n", "a: >-\n\n  # text\nb: 1\n", "- |\n  # t\n",
        "a: [x#y, \"# z\"]\n", "a: \"esc \\\" # q\"\n", "url: http://x/#frag\n"}) {
    CAPTURE(text);
    CHECK(leftovers_of(text).comment_line == 0);
  }
}

TEST_CASE("load_yaml: a second document with something in it is found") {
  CHECK(leftovers_of("a: 1\n---\nb: 2\n").document_line == 2);
  CHECK(leftovers_of("a: 1\n...\n---\n- x\n").document_line == 3);
  CHECK(leftovers_of("---\na: 1\n").document_line == 0);
  CHECK(leftovers_of("a: 1\n...\n").document_line == 0);
  CHECK(leftovers_of("a: |\n  ---\n  text\n").document_line == 0);
  CHECK(leftovers_of("a: \"---\"\n").document_line == 0);
  // A broken second document is still something a rewrite would drop.
  CHECK(leftovers_of("a: 1\n---\n[unclosed\n").document_line > 0);
}

TEST_CASE("load_yaml: a second document that holds nothing or a null is found too") {
  for (const char* tail : {"---\n", "--- ~\n", "--- null\n", "--- !secret\n", "--- &a\n", "---"}) {
    CAPTURE(tail);
    CHECK(leftovers_of(std::string("a: 1\n") + tail).document_line == 2);
  }
  CHECK(leftovers_of("---\n---\na: 1\n").document_line == 2);
  CHECK(leftovers_of("--- \na: 1\n").document_line == 0);
  CHECK(leftovers_of("a: |\n  x\n  ---\n").document_line == 0);
  CHECK(leftovers_of("a: \"x\n  ---\n  y\"\n").document_line == 0);
}

TEST_CASE("load_yaml: tags other than !!str are found, or refused without leftovers") {
  CHECK(leftovers_of("x: !!python/object/apply:os.system [echo pwned]\n").tag_line == 1);
  CHECK(leftovers_of("x: !!python/object/apply:os.system [echo pwned]\n").tag ==
        "!!python/object/apply:os.system");
  CHECK(leftovers_of("a: 1\nx: !!binary aGVsbG8=\n").tag_line == 2);
  CHECK(leftovers_of("x:\n  - !foo 1\n").tag_line == 2);
  CHECK(leftovers_of("x: [a, !!int 1]\n").tag_line == 1);
  CHECK(leftovers_of("x: !!str 30\n").tag_line == 0);
  CHECK(leftovers_of("x: a !b\ny: \"!c\"\nz: |\n  !d\n").tag_line == 0);
  CHECK(contains(load_error("a: 1\nx: !!binary aGVsbG8=\n"), "f.yaml:2: a YAML tag (!!binary)"));
}

TEST_CASE("load_yaml: deep nesting and NUL bytes are refused") {
  CHECK(
      contains(load_error("x: " + std::string(100, '[') + std::string(100, ']') + "\n"), "nested"));
  CHECK(contains(load_error(std::string("a: 1\nb: x\0y\n", 12)), "f.yaml:2: a NUL byte"));
  // Brackets inside a block scalar open nothing.
  CHECK(load_yaml("a: |\n  " + std::string(100, '[') + "\n", "f.yaml")["a"].IsScalar());
}

TEST_CASE("codec: a comment or a second document is kept from being rewritten away") {
  const Task commented = parse_task(k_task + "# 备注\n", "t.yaml");
  CHECK(starts_with(commented.unkept, "t.yaml:5: a comment"));
  CHECK_THROWS_AS(emit_task(commented), Error);
  const Task two = parse_task(k_task + "---\nid: 2025-0002\n", "t.yaml");
  CHECK(starts_with(two.unkept, "t.yaml:5: a second YAML document"));
  CHECK_THROWS_AS(emit_task(two), Error);
  const Task empty_second = parse_task(k_task + "--- ~\n", "t.yaml");
  CHECK(starts_with(empty_second.unkept, "t.yaml:5: a second YAML document"));
  const Task tagged =
      parse_task(k_task + "x: !!python/object/apply:os.system [echo pwned]\n", "t.yaml");
  CHECK(starts_with(tagged.unkept, "t.yaml:5: a YAML tag (!!python/object/apply:os.system)"));
  CHECK_THROWS_AS(emit_task(tagged), Error);
  const Task clean = parse_task(k_task + "x: \"a # b\"\n", "t.yaml");
  CHECK(clean.unkept.empty());
  // What duban writes never reads as holding a comment.
  Task t = clean;
  t.title = "a # b";
  t.extra.push_back({"y", "\"#\""});
  CHECK(parse_task(emit_task(t), "t.yaml").unkept.empty());
}

TEST_CASE("yaml_scalar: every value some YAML reader resolves to a non-string is quoted") {
  for (const char* s :
       {"0b101", "<<",    "=",     "1:20.5", "1:20", "1e3",   "1E3",        "0x10",
        "0o17",  "017",   "1_000", "_",      ".inf", "-.inf", ".NaN",       "1.",
        ".5",    "y",     "N",     "off",    "~",    "null",  "2025-10-15", "2025-10-15 10:00:00",
        "...",   "... x", "---",   "-",      "a: b", "a #b",  " a",         "a "}) {
    CAPTURE(s);
    CHECK(yaml_scalar(s).front() == '"');
  }
  for (const char* s :
       {"2025-0042", "2025-B0042", "市财政局", "v1.2", "a#b", "1号楼", "a-b", "x=1", "a..."}) {
    CAPTURE(s);
    CHECK(yaml_scalar(s) == s);
  }
  CHECK(yaml_scalar("a\xc2\x85"
                    "b") == "\"a\\u0085b\"");
  CHECK(yaml_scalar("a\xe2\x80\xa8"
                    "b\xe2\x80\xa9") == "\"a\\u2028b\\u2029\"");
  CHECK(yaml_scalar("\xef\xbb\xbf"
                    "a") == "\"\\ufeffa\"");
  CHECK(yaml_scalar("\xef\xbf\xbe") == "\"\\ufffe\"");
  CHECK(yaml_scalar("\xc2\x9b"
                    "1m") == "\"\\u009b1m\"");
  CHECK(yaml_scalar("\xe2\x80\xae") ==
        "\xe2\x80\xae");  // printable to YAML (terminal output is neutralised)
}

TEST_CASE("codec: unknown values keep their type for other readers") {
  const Task t = parse_task(k_task +
                                "a: \"true\"\nb: \"0x10\"\nc: \"1e3\"\nd: \"---\"\ne: 30\nf: true\n"
                                "g:\n  - \"yes\"\n  - {k: \"1:20\", l: [x, \"~\"]}\nh: !!str 30\n",
                            "t.yaml");
  const std::string text = emit_task(t);
  for (const char* line :
       {"a: \"true\"\n", "b: \"0x10\"\n", "c: \"1e3\"\n", "d: \"---\"\n", "e: 30\n", "f: true\n",
        "g:\n  - \"yes\"\n  - k: \"1:20\"\n    l:\n      - x\n      - \"~\"\n",
        "h: !!str \"30\"\n"}) {
    CAPTURE(line);
    CHECK(contains(text, line));
  }
  CHECK(emit_task(parse_task(text, "again.yaml")) == text);
}

TEST_CASE(
    "load_yaml: a stray flow indicator before a document end never loops (fuzz_codec timeout)") {
  // yaml-cpp's parser reported a new document forever for ",\n..." and the
  // second-document scan looped without end, holding ever more memory.
  for (const std::string text :
       {",\n...", ",\n...\n", "id: 2025-0001\n,\n...\n", ",\n...\n---\nx\n"}) {
    CAPTURE(text);
    bool done = false;
    try {
      YamlLeftovers found;
      load_yaml(text, "f.yaml", &found);
      done = true;
    } catch (const Error&) {
      done = true;
    }
    CHECK(done);
  }
}

TEST_CASE(
    "duban.yaml and units.yaml: a scalar where a map belongs is a data error, not a crash "
    "(fuzz_yaml)") {
  for (const std::string text :
       {"kinds:\n  meeting: 15d\n", "feedback: friday\n", "scoring: 5\n", "git: true\n",
        "kinds: {meeting: {label: 会议, due: 15d}, more: x}\n"}) {
    CAPTURE(text);
    CHECK_THROWS_AS(parse_config(text, "duban.yaml"), Error);
  }
  for (const std::string text :
       {"just text\n", "- 市财政局\n", "units:\n  - name: 甲\n    aliases: {乙: 丙}\n"}) {
    CAPTURE(text);
    CHECK_THROWS_AS(parse_units(text, "units.yaml"), Error);
  }
}

TEST_CASE("calendar files: work days given as a map are a data error, not a crash (fuzz_yaml)") {
  const std::string text =
      "year: 2025\nholidays:\n  - name: 劳动节\n    from: 2025-05-01\n    to: 2025-05-05\n    "
      "work: {2025-04-27: x}\n";
  CHECK_THROWS_AS(parse_calendar_year(text, "calendar/2025.yaml"), Error);
}

TEST_CASE(
    "load_yaml: every yaml-cpp refusal is a data Error naming path and line, never a "
    "YAML::Exception") {
  for (const std::string text :
       {"a: [1, 2\n", "{a: 1\n", "a: b: c\n", "a: *nothing\n", "a: 1\n---\nb: [\n",
        "a: &x 1\nb: *y\n", "? [a\n", "a: 'x' y\n", "[a]: [\n"}) {
    CAPTURE(text);
    std::string message;
    try {
      load_yaml(text, "f.yaml");
    } catch (const Error& e) {
      CHECK(e.code() == k_exit_data);
      message = e.what();
    } catch (const std::exception& e) {
      FAIL("not a duban::Error: " << e.what());
    }
    if (text == "a: 1\n---\nb: [\n") {
      CHECK(message.empty());  // a broken second document is only reported as a leftover
      CHECK(leftovers_of(text).document_line == 2);
    } else {
      CHECK(starts_with(message, "f.yaml:"));
      CHECK(contains(message, ": not valid YAML: "));
    }
  }
}
