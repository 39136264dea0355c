// Dates and deadline rules as a user types them.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/date.hpp"
#include "core/deadline.hpp"
#include "core/error.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  const duban::Calendar& cal = duban_fuzz::calendar();
  const duban::Date today = duban_fuzz::ymd(2025, 10, 15);
  try {
    (void)duban::parse_absolute_date(text);
    (void)duban::parse_iso_date(text);
    (void)duban::parse_date_input(text, today, cal, duban::DateUse::plain);
    (void)duban::parse_date_input(text, today, cal, duban::DateUse::deadline, true);
    (void)duban::parse_date_input(text, today, cal, duban::DateUse::deadline, false);
    if (auto rule = duban::parse_due_rule(text)) {
      (void)duban::to_string(*rule);
      (void)duban::apply_due_rule(*rule, today, cal, true);
      (void)duban::apply_due_rule(*rule, duban_fuzz::ymd(2025, 9, 30), cal, false);
    }
  } catch (const duban::Error&) {
  }
  return 0;
}
