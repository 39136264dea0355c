// Three task files separated by a line "%%%": base, ours, theirs. Each part
// that parses is merged; the merged text must not crash the parser.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "fuzz_common.hpp"
#include "store/codec.hpp"
#include "store/merge.hpp"

namespace {

std::optional<duban::Task> parse(std::string_view text) {
  try {
    return duban::parse_task(text, "part.yaml");
  } catch (const duban::Error&) {
    return std::nullopt;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> parts;
  const std::string_view sep = "\n%%%\n";
  while (parts.size() < 2) {
    size_t p = text.find(sep);
    if (p == std::string_view::npos) {
      break;
    }
    parts.push_back(text.substr(0, p));
    text.remove_prefix(p + sep.size());
  }
  parts.push_back(text);
  if (parts.size() < 2) {
    return 0;
  }
  std::optional<duban::Task> base, ours, theirs;
  if (parts.size() == 3) {
    base = parse(parts[0]);
    ours = parse(parts[1]);
    theirs = parse(parts[2]);
  } else {
    ours = parse(parts[0]);
    theirs = parse(parts[1]);
  }
  if (!ours || !theirs) {
    return 0;
  }
  try {
    duban::MergeResult r = duban::merge_tasks(base, *ours, *theirs);
    std::string merged = duban::emit_merge(r, *theirs);
    (void)duban::explain_conflict(merged);
    (void)duban::split_collision(merged);
    (void)parse(merged);
  } catch (const duban::Error&) {
  }
  return 0;
}
