// Task identity (SPEC §4 uid): new and derived uids, the uid in the task file,
// and the duplicate-uid check of `duban check`.
#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/task.hpp"
#include "helpers.hpp"
#include "store/codec.hpp"
#include "store/identity.hpp"

using namespace duban;
using namespace duban::testing;

namespace {

Task small_task(const std::string& id, Date created) {
  Task t;
  t.id = id;
  t.title = "测试事项";
  t.kind = "instruction";
  t.created = created;
  return t;
}

}  // namespace

TEST_CASE("new_uid: 32 lower-case hex digits, a different one each time") {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    const std::string uid = new_uid();
    CHECK(uid.size() == 32);
    CHECK(uid.find_first_not_of("0123456789abcdef") == std::string::npos);
    CHECK(is_valid_uid(uid));
    seen.insert(uid);
  }
  CHECK(seen.size() == 200);
}

TEST_CASE("is_valid_uid: exactly 32 hex digits") {
  CHECK(is_valid_uid("0193a1f4c2e87b6d9e0f5a4c3b2d1e0f"));
  CHECK(is_valid_uid("0193A1F4C2E87B6D9E0F5A4C3B2D1E0F"));
  CHECK_FALSE(is_valid_uid(""));
  CHECK_FALSE(is_valid_uid("0193a1f4c2e87b6d9e0f5a4c3b2d1e0"));
  CHECK_FALSE(is_valid_uid("0193a1f4c2e87b6d9e0f5a4c3b2d1e0f0"));
  CHECK_FALSE(is_valid_uid("0193a1f4c2e87b6d9e0f5a4c3b2d1e0g"));
  CHECK_FALSE(is_valid_uid("0193a1f4-2e87-b6d9-e0f5-a4c3b2d1e0f"));
}

TEST_CASE("derived_uid: a function of id and creation date only, so clones agree") {
  const Task a = small_task("2025-0007", ymd(2025, 3, 2));
  Task same = a;
  same.title = "别的标题";
  same.log.push_back(LogEntry{ymd(2025, 3, 3), "note", {}, {}});
  CHECK(is_valid_uid(derived_uid(a)));
  CHECK(derived_uid(a) == derived_uid(same));
  CHECK(derived_uid(a) != derived_uid(small_task("2025-0008", ymd(2025, 3, 2))));
  CHECK(derived_uid(a) != derived_uid(small_task("2025-0007", ymd(2025, 3, 3))));
  CHECK(identity_of(a) == derived_uid(a));
  CHECK(with_uid(a).uid == derived_uid(a));

  Task own = a;
  own.uid = "0193a1f4c2e87b6d9e0f5a4c3b2d1e0f";
  CHECK(identity_of(own) == own.uid);
  CHECK(with_uid(own).uid == own.uid);  // a uid, once written, never changes
}

TEST_CASE("codec: uid is written right after id and read back; a bad one is refused") {
  Task t = small_task("2025-0042", ymd(2025, 3, 2));
  t.uid = "0193a1f4c2e87b6d9e0f5a4c3b2d1e0f";
  const std::string text = emit_task(t);
  CHECK(text.rfind("id: 2025-0042\nuid: 0193a1f4c2e87b6d9e0f5a4c3b2d1e0f\ntitle: ", 0) == 0);
  CHECK(parse_task(text, "t.yaml").uid == t.uid);
  CHECK(emit_task(parse_task(text, "t.yaml")) == text);

  // A file written before uids has none, and none is invented when it is read.
  t.uid.clear();
  CHECK(parse_task(emit_task(t), "t.yaml").uid.empty());
  CHECK(emit_task(t).find("uid:") == std::string::npos);

  // All digits still reads back as text in every YAML parser.
  t.uid = "01234567890123456789012345678901";
  CHECK(parse_task(emit_task(t), "t.yaml").uid == t.uid);

  // Upper-case hex is read as lower case.
  std::string upper = text;
  upper.replace(upper.find("0193a1f4"), 8, "0193A1F4");
  CHECK(parse_task(upper, "t.yaml").uid == "0193a1f4c2e87b6d9e0f5a4c3b2d1e0f");

  std::string bad = text;
  bad.replace(bad.find("0193a1f4"), 8, "nothex!!");
  try {
    parse_task(bad, "tasks/2025/2025-0042.yaml");
    FAIL("a bad uid must be refused");
  } catch (const Error& e) {
    CHECK(contains(e.what(), "tasks/2025/2025-0042.yaml:2: uid: expected 32 hexadecimal digits"));
  }
}

TEST_CASE(
    "duplicate_uid_problems: every later file with a uid seen before under another id, naming "
    "both") {
  const std::vector<UidUse> uses = {
      {"tasks/2025/2025-0001.yaml", 2, "0193a1f4c2e87b6d9e0f5a4c3b2d1e0f", "2025-0001"},
      {"tasks/2025/2025-0002.yaml", 1, "", "2025-0002"},
      {"tasks/2025/2025-0003.yaml", 1, "", "2025-0003"},
      {"tasks/2025/2025-0004.yaml", 2, "7c41d2e9a0b35f6e8d1c2b3a49f0e7d6", "2025-0004"},
      {"tasks/2025/2025-0005.yaml", 2, "0193a1f4c2e87b6d9e0f5a4c3b2d1e0f", "2025-0005"},
      // A copy under the same id: the duplicate id is reported, not this.
      {"tasks/2025/2025-0006.yaml", 2, "7c41d2e9a0b35f6e8d1c2b3a49f0e7d6", "2025-0004"},
  };
  const std::vector<std::string> problems = duplicate_uid_problems(uses);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].rfind(
            "tasks/2025/2025-0005.yaml:2: uid 0193a1f4c2e87b6d9e0f5a4c3b2d1e0f is also the uid of "
            "tasks/2025/2025-0001.yaml: one task under two ids",
            0) == 0);
  CHECK(duplicate_uid_problems({}).empty());
}
