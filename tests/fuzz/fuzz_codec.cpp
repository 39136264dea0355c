// parse_task then emit_task: the emitted text must parse again and emit the
// same bytes (the canonical form is a fixed point). A file holding comments or
// a second document is never rewritten (emit_task refuses it), and what
// emit_task writes never reads as holding either.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "fuzz_common.hpp"
#include "store/codec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  duban::Task t;
  try {
    t = duban::parse_task(text, "fuzz.yaml");
  } catch (const duban::Error&) {
    return 0;
  }
  if (!t.unkept.empty()) {
    try {
      (void)duban::emit_task(t);
      duban_fuzz::die("emit_task rewrote a file holding what it drops", std::string(text),
                      t.unkept);
    } catch (const duban::Error&) {
    }
    t.unkept.clear();
  }
  const std::string once = duban::emit_task(t);
  duban::Task again;
  try {
    again = duban::parse_task(once, "emitted.yaml");
  } catch (const duban::Error& e) {
    duban_fuzz::die("emit_task wrote a file parse_task rejects", once, e.what());
  }
  if (!again.unkept.empty()) {
    duban_fuzz::die("emit_task wrote a comment or a second document", once, again.unkept);
  }
  const std::string twice = duban::emit_task(again);
  if (twice != once) {
    duban_fuzz::die("parse(emit(t)) != emit(t)", once, twice);
  }
  return 0;
}
