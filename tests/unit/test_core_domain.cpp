// The domain types core owns since the layer split: Config, Units and UTF-8
// decoding. Part of duban_unit_core, which links duban_core alone.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/config.hpp"
#include "core/error.hpp"
#include "core/units.hpp"
#include "core/utf8.hpp"

using namespace duban;

TEST_CASE("default_config: the ten kinds with their labels and deadline rules") {
  const Config c = default_config();
  REQUIRE(c.kinds.size() == 10);
  const KindConfig* k = c.find_kind("hotline");
  REQUIRE(k != nullptr);
  CHECK(k->label == "便民热线");
  CHECK(to_string(k->due) == "5wd");
  CHECK(to_string(c.find_kind("work-report")->due) == "eoy");
  CHECK(c.find_kind("superior")->due.is_none());
  CHECK(c.find_kind("领导批示") == nullptr);  // a label is not a name
}

TEST_CASE("Config: resolve_kind takes a name or a label, escalation_name a 1-based level") {
  const Config c = default_config();
  CHECK(c.resolve_kind("instruction") == c.find_kind("instruction"));
  CHECK(c.resolve_kind("领导批示") == c.find_kind("instruction"));
  CHECK(c.resolve_kind("") == nullptr);
  CHECK(c.resolve_kind("nothing") == nullptr);
  CHECK(c.escalation_name(1) == "整改通知");
  CHECK(c.escalation_name(3) == "问责");
  CHECK(c.escalation_name(4) == "level 4");
  CHECK(c.escalation_name(0) == "level 0");
}

TEST_CASE("Units: built without a file, aliases resolve and bad names are refused") {
  Units u;
  u.add(Unit{"市财政局", "", {"财政局"}, "department", "", ""});
  CHECK(u.canonical("财政局") == "市财政局");
  CHECK_FALSE(u.canonical("财务局").has_value());
  CHECK(u.suggest("财务局") == std::vector<std::string>{"市财政局"});
  CHECK_THROWS_AS(u.add(Unit{"财政局", "", {}, "", "", ""}), Error);
  CHECK_THROWS_AS(u.add(Unit{"城\x1b[31m东区", "", {}, "", "", ""}), Error);
  CHECK_THROWS_AS(u.add(Unit{"", "", {}, "", "", ""}), Error);
  u.rename("财政局", "市财政局（国资委）");
  CHECK(u.canonical("市财政局") == "市财政局（国资委）");
}

TEST_CASE(
    "merge_units: both sides' additions kept, a one-sided change taken, a two-sided one a "
    "conflict") {
  Units base;
  base.add(Unit{"甲局", "", {}, "department", "张三", ""});
  Units ours = base;
  Units theirs = base;
  ours.add(Unit{"乙局", "", {}, "", "", ""});
  theirs.add(Unit{"丙局", "", {}, "", "", ""});
  std::vector<std::string> conflicts;
  Units merged = merge_units(&base, ours, theirs, conflicts);
  CHECK(conflicts.empty());
  CHECK(merged.all().size() == 3);

  Units changed = base;
  changed.rename("甲局", "甲局新");
  Units other = base;
  other.rename("甲局", "甲局另");
  merged = merge_units(&base, changed, base, conflicts);
  CHECK(conflicts.empty());
  CHECK(merged.canonical("甲局") == "甲局新");
  merged = merge_units(&base, changed, other, conflicts);
  CHECK_FALSE(conflicts.empty());
  CHECK(merged.canonical("甲局") == "甲局新");  // ours kept
}

TEST_CASE("invalid_utf8_line: the line of the first bad byte, 0 for UTF-8 text") {
  CHECK(invalid_utf8_line("") == 0);
  CHECK(invalid_utf8_line("id: 2025-0001\ntitle: 督办\n") == 0);
  CHECK(invalid_utf8_line("\xff") == 1);
  CHECK(invalid_utf8_line("a\nb\n\xc0\xaf\n") == 3);    // overlong
  CHECK(invalid_utf8_line("a\n\xed\xa0\x80\n") == 2);   // surrogate
  CHECK(invalid_utf8_line("a\nb\nc\n\xe4\xb8") == 4);   // cut at the end
  CHECK(invalid_utf8_line("\xe4\xb8\x41\n\xff") == 1);  // first bad byte wins
  CHECK(invalid_utf8_line("\xf4\x90\x80\x80") == 1);    // above U+10FFFF
  for (const char* s : {"ok", "中文", "\xf0\x9f\x98\x80", "\x80", "x\ny\n\xf5"}) {
    CHECK(is_valid_utf8(s) == (invalid_utf8_line(s) == 0));
  }
}

TEST_CASE("has_control_character: C0 and DEL unless allowed; UTF-8 and C1 bytes are not") {
  CHECK_FALSE(has_control_character("市财政局"));
  CHECK(has_control_character("a\tb"));
  CHECK_FALSE(has_control_character("a\tb", "\t"));
  CHECK(has_control_character("a\x7f"));
  CHECK(has_control_character(std::string("a\0b", 3)));
  CHECK_FALSE(has_control_character("\xc2\x85"));  // U+0085 is C1, not C0
}
