// Document numbers (store/docno): numbers.yaml is parsed as untrusted text,
// written back as it was read, and reserve moves the counter per series and year.

#include <doctest/doctest.h>

#include <unistd.h>
#include <filesystem>
#include <fstream>

#include "core/error.hpp"
#include "store/docno.hpp"
#include "store/fsutil.hpp"

using namespace duban;
namespace fs = std::filesystem;

namespace {

// The exit code and message of `f`'s Error.
template <class F>
std::pair<int, std::string> error_of(F f) {
  try {
    f();
  } catch (const Error& e) {
    return {e.code(), e.what()};
  }
  return {0, ""};
}

struct TempRoot {
  fs::path dir;
  TempRoot() {
    dir = fs::temp_directory_path() / ("duban-docno-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir / ".duban");
  }
  ~TempRoot() { fs::remove_all(dir); }
};

}  // namespace

TEST_CASE("numbers.yaml: parsed, emitted and parsed back the same") {
  const DocNumbers n =
      parse_doc_numbers("督催: {2026: 7, 2025: 31}\n期: {2026: 2}\n", "numbers.yaml");
  CHECK(n.at("督催").at(2026) == 7);
  CHECK(n.at("督催").at(2025) == 31);
  CHECK(n.at("期").at(2026) == 2);
  CHECK(parse_doc_numbers(emit_doc_numbers(n), "numbers.yaml") == n);
  CHECK(parse_doc_numbers("", "numbers.yaml").empty());
  CHECK(parse_doc_numbers(emit_doc_numbers({}), "numbers.yaml").empty());
}

TEST_CASE("numbers.yaml: junk is refused with its line (exit 3)") {
  const std::pair<const char*, const char*> cases[] = {
      {"- 1\n- 2\n", "numbers.yaml:1:"},
      {"督催:\n  2026: seven\n", "numbers.yaml:2: last number"},
      {"督催:\n  2026: -1\n", "numbers.yaml:2: last number"},
      {"督催:\n  2026: 99999999999\n", "numbers.yaml:2: last number"},
      {"督催:\n  1800: 3\n", "numbers.yaml:2: year"},
      {"督催:\n  abc: 3\n", "numbers.yaml:2: year"},
      {"督催: [1, 2]\n", "numbers.yaml:1: 督催"},
      {"督催:\n  2026: 1\n  2026: 2\n", "numbers.yaml:3:"},
      {"? [a]\n: {2026: 1}\n", "numbers.yaml:1:"},
      {"\"a\\x01\": {2026: 1}\n", "numbers.yaml:1: a series name"},
      {"a: &x {2026: 1}\nb: *x\nc: !!python/object {}\n", "numbers.yaml:3:"},
      {"督催:\n  2026: 010\n", "numbers.yaml:2: last number"},  // not octal 8
      {"督催:\n  2026: 0x1f\n", "numbers.yaml:2: last number"},
      {"督催:\n  2026: +5\n", "numbers.yaml:2: last number"},
      {"督催:\n  02026: 5\n", "numbers.yaml:2: year"},
  };
  for (const auto& [text, expected] : cases) {
    INFO(text);
    const auto [code, message] = error_of([&] { parse_doc_numbers(text, "numbers.yaml"); });
    CHECK(code == k_exit_data);
    CHECK(message.find(expected) != std::string::npos);
  }
}

TEST_CASE("next_doc_number: after the last, or --doc-no; per series and year") {
  const DocNumbers n = parse_doc_numbers("督催: {2026: 7}\n", "numbers.yaml");
  CHECK(next_doc_number(n, "督催", 2026, 3, std::nullopt) == 8);
  CHECK(next_doc_number(n, "督催", 2027, 1, std::nullopt) == 1);
  CHECK(next_doc_number(n, "期", 2026, 1, std::nullopt) == 1);
  CHECK(next_doc_number(n, "督催", 2026, 1, 3) == 3);
  CHECK(error_of([&] { next_doc_number(n, "督催", 2026, 1, 0); }).first == k_exit_usage);
  CHECK(error_of([&] { next_doc_number(n, "督催", 2026, 2, k_doc_number_max); }).first ==
        k_exit_data);
}

TEST_CASE("reserve_doc_numbers: moves the counter, never back; peek writes nothing") {
  TempRoot t;
  WriteLock lock(t.dir / ".duban" / "lock", 1000);
  CHECK(peek_doc_number(t.dir, "督催", 2026, 2) == 1);
  CHECK(!fs::exists(t.dir / k_doc_numbers_file));
  CHECK(reserve_doc_numbers(t.dir, lock, "督催", 2026, 2) == 1);
  CHECK(reserve_doc_numbers(t.dir, lock, "督催", 2026, 1) == 3);
  CHECK(reserve_doc_numbers(t.dir, lock, "督催", 2026, 2, 10) == 10);
  CHECK(reserve_doc_numbers(t.dir, lock, "督催", 2026, 1, 2) == 2);  // reused on purpose
  CHECK(reserve_doc_numbers(t.dir, lock, "督催", 2026, 1) == 12);
  CHECK(reserve_doc_numbers(t.dir, lock, "期", 2026, 1) == 1);
  CHECK(reserve_doc_numbers(t.dir, lock, "督催", 2027, 1) == 1);
  CHECK(peek_doc_number(t.dir, "督催", 2026, 1) == 13);
  std::ofstream(t.dir / k_doc_numbers_file) << "督催: {2026: x}\n";
  const auto [code, message] = error_of([&] { reserve_doc_numbers(t.dir, lock, "督催", 2026, 1); });
  CHECK(code == k_exit_data);
  CHECK(message.find("numbers.yaml:1:") != std::string::npos);
}
