#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "duban/notice.hpp"
#include "duban/text.hpp"
#include "helpers.hpp"

using namespace duban;
using namespace duban::testing;

namespace {

std::vector<std::string> names_for(const std::vector<std::string>& units) {
  std::vector<Notice> notices;
  for (const std::string& u : units) {
    Notice n;
    n.unit = u;
    n.as_of = ymd(2025, 10, 20);
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

TEST_CASE("notice file names: long names are cut on a character boundary, with a hash, and stay apart") {
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
  const std::vector<std::string> names = names_for({"a/b\\c", "x\x1b[31my", "甲\u202e乙", "..", std::string("bad\xff")});
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

TEST_CASE("notice file names: names that would share a file (also by letter case) each get their own") {
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
