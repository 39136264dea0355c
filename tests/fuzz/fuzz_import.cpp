// An import file of any bytes: decode, read as CSV and as YAML/JSON, plan
// against a small fixed workspace. Errors are collected, never crashes, and
// every task a clean plan would write reads back as itself.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/config.hpp"
#include "core/error.hpp"
#include "fuzz_common.hpp"
#include "io/csv.hpp"
#include "io/import.hpp"
#include "store/codec.hpp"

namespace {

void plan(const duban::ImportSource& src, bool add_units, duban::OnDuplicate dup) {
  static const duban::Config config = duban::default_config();
  duban::Units units = duban_fuzz::units();
  duban::ImportContext ctx{
      config, units, duban_fuzz::calendar(), duban_fuzz::ymd(2025, 10, 15), "", add_units, dup};
  if (!config.kinds.empty()) {
    ctx.default_kind = config.kinds.front().name;
  }
  std::vector<duban::Task> existing;
  duban::Task t;
  t.id = "2025-0001";
  t.title = "推进城区热电联产项目建设";
  t.kind = ctx.default_kind;
  t.lead = "市发改委";
  t.created = duban_fuzz::ymd(2025, 3, 1);
  existing.push_back(t);
  int next = 2;
  duban::ImportPlan p;
  try {
    p = duban::plan_import(src, existing, ctx, [&next](int year) {
      return std::to_string(year) + "-" + std::to_string(10000 + next++).substr(1);
    });
  } catch (const duban::Error&) {
    return;
  }
  if (!p.errors.empty()) {
    return;  // nothing is written
  }
  // What import would write must be a task file that reads back as itself.
  for (const auto* list : {&p.create, &p.update}) {
    for (const duban::Task& task : *list) {
      const std::string once = duban::emit_task(task);
      duban::Task again;
      try {
        again = duban::parse_task(once, "imported.yaml");
      } catch (const duban::Error& e) {
        duban_fuzz::die("import planned a task whose file parse_task rejects", once, e.what());
      }
      if (duban::emit_task(again) != once) {
        duban_fuzz::die("an imported task does not read back as itself", once,
                        duban::emit_task(again));
      }
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const bool add_units = size > 0 && (data[0] & 1);
  const auto dup =
      size > 0 && (data[size - 1] & 1) ? duban::OnDuplicate::update : duban::OnDuplicate::skip;
  std::string text;
  try {
    text = duban::decode_to_utf8(bytes, duban::Encoding::automatic, "fuzz.csv");
  } catch (const duban::Error&) {
    return 0;
  }
  try {
    plan(duban::read_csv_rows(text, "fuzz.csv"), add_units, dup);
  } catch (const duban::Error&) {
  }
  try {
    plan(duban::read_yaml_rows(text, "fuzz.yaml"), add_units, dup);
  } catch (const duban::Error&) {
  }
  return 0;
}
