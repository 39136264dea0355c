#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "store/fsutil.hpp"
#include "store/units_file.hpp"

using namespace duban;

namespace {

Units sample_units() {
  Units u;
  u.add(Unit{"市发改委",
             "发改委",
             {"市发展和改革委员会", "发改委"},
             "department",
             "王芳",
             "0571-87001234"});
  u.add(Unit{"市财政局", "", {"财政局"}, "department", "陈晓", ""});
  u.add(Unit{"市住建局", "", {"市住房和城乡建设局", "住建局"}, "department", "", ""});
  u.add(Unit{"城东区", "", {}, "county", "", ""});
  return u;
}

// The exit code of the Error `f` throws, or k_exit_ok when it does not throw.
template <class F>
int error_code_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.code();
  }
  return k_exit_ok;
}

const char* const k_units_yaml =
    "# Units (单位): name is what tasks store; any alias is accepted as input.\n"
    "units:\n"
    "  - name: 市发改委\n"
    "    short: 发改委\n"
    "    aliases:\n"
    "      - 市发展和改革委员会\n"
    "      - 发改委\n"
    "    kind: department\n"
    "    liaison: 王芳\n"
    "    phone: 0571-87001234\n"
    "  - name: 市财政局\n"
    "    aliases:\n"
    "      - 财政局\n"
    "    kind: department\n"
    "    liaison: 陈晓\n"
    "  - name: 市住建局\n"
    "    aliases:\n"
    "      - 市住房和城乡建设局\n"
    "      - 住建局\n"
    "    kind: department\n"
    "  - name: 城东区\n"
    "    kind: county\n";

}  // namespace

TEST_CASE("units: canonical resolves names and aliases") {
  const Units u = sample_units();
  CHECK(u.canonical("市发改委") == "市发改委");
  CHECK(u.canonical("发改委") == "市发改委");
  CHECK(u.canonical("市发展和改革委员会") == "市发改委");
  CHECK(u.canonical("财政局") == "市财政局");
  CHECK(u.canonical("住建局") == "市住建局");
  CHECK_FALSE(u.canonical("市教育局"));
  CHECK_FALSE(u.canonical(""));
  CHECK_FALSE(u.canonical("发改"));  // a part is not a name
  REQUIRE(u.find("住建局") != nullptr);
  CHECK(u.find("住建局")->name == "市住建局");
  CHECK(u.find("市教育局") == nullptr);
}

TEST_CASE("units: suggest a close name for a typo") {
  const Units u = sample_units();
  CHECK(u.suggest("市发该委") == std::vector<std::string>{"市发改委"});
  // 市住建局 is two edits away, within reach of a four-character name: it may follow.
  REQUIRE_FALSE(u.suggest("市财攻局").empty());
  CHECK(u.suggest("市财攻局").front() == "市财政局");
  CHECK(u.suggest("住建居") == std::vector<std::string>{"市住建局"});  // via the alias 住建局
  CHECK(u.suggest("市公安局市公安局").empty());
  CHECK(u.suggest("xyz").empty());
}

TEST_CASE("units: suggest a unit whose name contains the text") {
  const Units u = sample_units();
  CHECK(u.suggest("财政") == std::vector<std::string>{"市财政局"});
  CHECK(u.suggest("城东") == std::vector<std::string>{"城东区"});
}

TEST_CASE("units: suggest returns at most three, best first") {
  Units u;
  u.add(Unit{"一局", "", {}, "", "", ""});
  u.add(Unit{"二局", "", {}, "", "", ""});
  u.add(Unit{"三局", "", {}, "", "", ""});
  u.add(Unit{"四局", "", {}, "", "", ""});
  u.add(Unit{"五处", "", {}, "", "", ""});
  u.add(Unit{"五局", "", {}, "", "", ""});
  const auto s = u.suggest("五局");
  REQUIRE(s.size() == 3);
  CHECK(s[0] == "五局");
}

TEST_CASE("units: add rejects a name or alias already taken") {
  Units u = sample_units();
  CHECK(error_code_of([&] { u.add(Unit{"市财政局", "", {}, "", "", ""}); }) == k_exit_data);
  CHECK(error_code_of([&] {
          u.add(Unit{"发改委", "", {}, "", "", ""});
        }) == k_exit_data);  // an alias
  CHECK(error_code_of([&] { u.add(Unit{"市教育局", "", {"财政局"}, "", "", ""}); }) == k_exit_data);
  CHECK(error_code_of([&] {
          u.add(Unit{"市教育局", "", {"市住建局"}, "", "", ""});
        }) == k_exit_data);
  CHECK(u.all().size() == 4);
  CHECK(error_code_of([&] {
          u.add(Unit{"市教育局", "", {"教育局"}, "department", "", ""});
        }) == k_exit_ok);
  CHECK(u.all().size() == 5);
  CHECK(u.canonical("教育局") == "市教育局");
}

TEST_CASE("units: rename keeps the old name as an alias") {
  Units u = sample_units();
  u.rename("市发改委", "市发展改革委");
  CHECK(u.canonical("市发展改革委") == "市发展改革委");
  CHECK(u.canonical("市发改委") == "市发展改革委");
  CHECK(u.canonical("发改委") == "市发展改革委");
  CHECK(u.canonical("市发展和改革委员会") == "市发展改革委");
  const Unit* unit = u.find("市发展改革委");
  REQUIRE(unit != nullptr);
  CHECK(unit->name == "市发展改革委");
  CHECK(std::find(unit->aliases.begin(), unit->aliases.end(), "市发改委") != unit->aliases.end());
  CHECK(unit->liaison == "王芳");
  CHECK(u.all().size() == 4);
}

TEST_CASE("units: rename to an alias of the same unit promotes it") {
  Units u = sample_units();
  u.rename("市住建局", "市住房和城乡建设局");
  const Unit* unit = u.find("住建局");
  REQUIRE(unit != nullptr);
  CHECK(unit->name == "市住房和城乡建设局");
  CHECK(std::count(unit->aliases.begin(), unit->aliases.end(), "市住房和城乡建设局") == 0);
  CHECK(std::count(unit->aliases.begin(), unit->aliases.end(), "市住建局") == 1);
}

TEST_CASE("units: rename refuses unknown units and names taken by another unit") {
  Units u = sample_units();
  CHECK(error_code_of([&] { u.rename("市教育局", "市教体局"); }) == k_exit_data);
  CHECK(error_code_of([&] { u.rename("市发改委", "财政局"); }) == k_exit_data);
  CHECK(error_code_of([&] { u.rename("市发改委", "市住建局"); }) == k_exit_data);
  CHECK(u.canonical("市发改委") == "市发改委");
}

TEST_CASE("units: emit writes the canonical units.yaml") {
  CHECK(emit_units(sample_units()) == k_units_yaml);
  CHECK(emit_units(Units{}) ==
        "# Units (单位): name is what tasks store; any alias is accepted as input.\n"
        "units: []\n");
}

TEST_CASE("units: parse then emit round-trips") {
  const Units parsed = parse_units(k_units_yaml, "units.yaml");
  REQUIRE(parsed.all().size() == 4);
  const Unit& first = parsed.all()[0];
  CHECK(first.name == "市发改委");
  CHECK(first.short_name == "发改委");
  CHECK(first.aliases == std::vector<std::string>{"市发展和改革委员会", "发改委"});
  CHECK(first.kind == "department");
  CHECK(first.liaison == "王芳");
  CHECK(first.phone == "0571-87001234");
  CHECK(parsed.all()[3].name == "城东区");
  CHECK(parsed.all()[3].aliases.empty());
  CHECK(emit_units(parsed) == k_units_yaml);

  // Values that look like numbers are quoted and read back as text.
  Units odd;
  odd.add(Unit{"true", "", {"12345"}, "", "", "87001234"});
  const std::string text = emit_units(odd);
  CHECK(text.find("  - name: \"true\"\n") != std::string::npos);
  CHECK(text.find("      - \"12345\"\n") != std::string::npos);
  CHECK(text.find("    phone: \"87001234\"\n") != std::string::npos);
  const Units back = parse_units(text, "units.yaml");
  REQUIRE(back.all().size() == 1);
  CHECK(back.all()[0].name == "true");
  CHECK(back.all()[0].aliases == std::vector<std::string>{"12345"});
  CHECK(back.all()[0].phone == "87001234");
}

TEST_CASE("units: parse errors name path:line") {
  auto error_of = [](const std::string& text) -> std::string {
    try {
      parse_units(text, "units.yaml");
    } catch (const Error& e) {
      CHECK(e.code() == k_exit_data);
      return e.what();
    }
    return "";
  };
  const std::string dup = error_of(
      "units:\n"
      "  - name: 市财政局\n"
      "  - name: 市发改委\n"
      "    aliases:\n"
      "      - 市财政局\n");
  CHECK(dup.rfind("units.yaml:3: ", 0) == 0);
  CHECK(dup.find("市财政局") != std::string::npos);
  const std::string nameless = error_of(
      "units:\n"
      "  - name: 市财政局\n"
      "  - kind: department\n");
  CHECK(nameless.rfind("units.yaml:3: ", 0) == 0);
  CHECK(error_of("units: 市财政局\n").rfind("units.yaml:1: ", 0) == 0);
  CHECK(parse_units("", "units.yaml").empty());
  CHECK(parse_units("units: []\n", "units.yaml").empty());
  // A single alias may be written as a scalar.
  const Units one = parse_units("units:\n  - name: 市财政局\n    aliases: 财政局\n", "units.yaml");
  CHECK(one.canonical("财政局") == "市财政局");
}

TEST_CASE("edit_distance counts code points, not bytes") {
  CHECK(edit_distance("", "") == 0);
  CHECK(edit_distance("abc", "abc") == 0);
  CHECK(edit_distance("abc", "abd") == 1);
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("市发改委", "市发改委") == 0);
  CHECK(edit_distance("市发改委", "市发该委") == 1);
  CHECK(edit_distance("发改委", "市发改委") == 1);
  CHECK(edit_distance("市发改委", "发改委") == 1);
  CHECK(edit_distance("", "市财政局") == 4);
  CHECK(edit_distance("市财政局", "") == 4);
  CHECK(edit_distance("市场监管局", "市监管局") == 1);
  CHECK(edit_distance("市财政局", "市住建局") == 2);
  CHECK(edit_distance("a市", "市a") == 2);
}

TEST_CASE("unit kinds: Chinese labels for the usual keys, keys for typed labels, free text kept") {
  CHECK(unit_kind_label_zh("department") == "部门");
  CHECK(unit_kind_label_zh("county") == "县（市、区）");
  CHECK(unit_kind_label_zh("street") == "街道（乡镇）");
  CHECK(unit_kind_label_zh("enterprise") == "企业");
  CHECK(unit_kind_label_zh("群团组织") == "群团组织");
  CHECK(unit_kind_label_zh("") == "");
  CHECK(unit_kind_key("部门") == "department");
  CHECK(unit_kind_key("县区") == "county");
  CHECK(unit_kind_key("县（市、区）") == "county");
  CHECK(unit_kind_key("乡镇") == "township");
  CHECK(unit_kind_key("county") == "county");
  CHECK(unit_kind_key("群团组织") == "群团组织");
  // every key's label reads back as the key
  for (const char* key :
       {"department", "county", "street", "township", "enterprise", "institution"}) {
    CHECK(unit_kind_key(unit_kind_label_zh(key)) == key);
  }
}

TEST_CASE("UnitsFileChange: undo puts units.yaml back, or says why it cannot") {
  namespace fs = std::filesystem;
  std::string dir = (fs::temp_directory_path() / "duban-units-unit-XXXXXX").string();
  REQUIRE(::mkdtemp(dir.data()) != nullptr);
  const fs::path root = dir;
  fs::create_directories(root / ".duban");
  const fs::path file = root / "units.yaml";
  std::string err;

  SUBCASE("an earlier units.yaml comes back; a second undo has nothing to do") {
    write_file_atomic(file, "units: []\n");
    UnitsFileChange change(root, sample_units());
    CHECK(read_file(file) == emit_units(sample_units()));
    CHECK(change.undo(&err));
    CHECK(read_file(file) == "units: []\n");
    CHECK(change.undo(&err));
    CHECK(err.empty());
  }
  SUBCASE("a units.yaml that was not there is removed") {
    UnitsFileChange change(root, sample_units());
    CHECK(fs::exists(file));
    CHECK(change.undo(&err));
    CHECK_FALSE(fs::exists(file));
  }
  SUBCASE("a failure is false with the reason") {
    UnitsFileChange change(root, sample_units());
    fs::remove(file);
    CHECK_FALSE(change.undo(&err));
    CHECK(err.rfind("cannot restore units.yaml (the previous version is ", 0) == 0);
  }
  fs::remove_all(root);
}
