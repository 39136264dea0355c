#include "core/config.hpp"

#include <fmt/format.h>

namespace duban {

namespace {

struct DefaultKind {
  const char* name;
  const char* label;
  const char* due;
};

constexpr DefaultKind k_default_kinds[] = {
    {"instruction", "领导批示", "15d"},
    {"meeting", "会议决定事项", "15d"},
    {"work-report", "政府工作报告", "eoy"},
    {"npc", "人大代表建议", "3m"},
    {"cppcc", "政协提案", "3m"},
    {"hotline", "便民热线", "5wd"},
    {"petition", "信访", "60d"},
    {"media", "媒体反映", "15d"},
    {"superior", "上级交办", "none"},
    {"special", "专项督查", "none"},
};

}  // namespace

const KindConfig* Config::find_kind(std::string_view name) const {
  for (const KindConfig& k : kinds) {
    if (k.name == name) {
      return &k;
    }
  }
  return nullptr;
}

const KindConfig* Config::resolve_kind(std::string_view text) const {
  for (const KindConfig& k : kinds) {
    if (k.name == text || (!k.label.empty() && k.label == text)) {
      return &k;
    }
  }
  return nullptr;
}

std::string Config::escalation_name(int level) const {
  if (level >= 1 && level <= static_cast<int>(escalation_names.size())) {
    return escalation_names[static_cast<size_t>(level - 1)];
  }
  return fmt::format("level {}", level);
}

Config default_config() {
  Config c;
  for (const DefaultKind& k : k_default_kinds) {
    c.kinds.push_back(KindConfig{k.name, k.label, *parse_due_rule(k.due)});
  }
  return c;
}

}  // namespace duban
