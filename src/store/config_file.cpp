#include "store/config_file.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "core/error.hpp"
#include "store/yaml_load.hpp"

namespace duban {

namespace {

constexpr const char* k_weekdays[] = {"monday", "tuesday",  "wednesday", "thursday",
                                      "friday", "saturday", "sunday"};

[[noreturn]] void fail(const std::string& path, const YAML::Node& node, const std::string& what) {
  throw data_error(fmt::format("{}:{}: {}", path, node.Mark().line + 1, what));
}

int int_in(const std::string& path, const YAML::Node& node, const char* key, int lo, int hi) {
  if (std::optional<int> v = scalar_as<int>(node); v && *v >= lo && *v <= hi) {
    return *v;
  }
  fail(path, node, fmt::format("{}: expected a whole number {}-{}", key, lo, hi));
}

double number(const std::string& path, const YAML::Node& node, const char* key) {
  if (std::optional<double> v = scalar_as<double>(node)) {
    return *v;
  }
  fail(path, node, fmt::format("{}: expected a number", key));
}

bool boolean(const std::string& path, const YAML::Node& node, const char* key) {
  if (std::optional<bool> v = scalar_as<bool>(node)) {
    return *v;
  }
  fail(path, node, fmt::format("{}: expected true or false", key));
}

// `node`, which must be a map of settings named `key`.
const YAML::Node& settings_map(const std::string& path, const YAML::Node& node,
                               const std::string& key) {
  if (!node.IsMap()) {
    fail(path, node, fmt::format("{}: expected a map of settings", key));
  }
  return node;
}

int weekday_of(const std::string& path, const YAML::Node& node) {
  std::string s = node.Scalar();
  for (int i = 0; i < 7; ++i) {
    if (s == k_weekdays[i]) {
      return i + 1;
    }
  }
  fail(path, node, "feedback.weekly: expected a weekday name like friday");
}

void parse_kinds(Config& c, const std::string& path, const YAML::Node& node) {
  if (!node.IsMap()) {
    fail(path, node, "kinds: expected a map of kind names");
  }
  c.kinds.clear();
  for (const auto& kv : node) {
    KindConfig k;
    k.name = kv.first.Scalar();
    const YAML::Node& v = settings_map(path, kv.second, "kinds." + k.name);
    if (v["label"]) {
      k.label = v["label"].Scalar();
    }
    std::string due = v["due"] ? v["due"].Scalar() : "none";
    auto rule = parse_due_rule(due);
    if (!rule) {
      fail(path, v["due"] ? v["due"] : v,
           fmt::format("kinds.{}.due: expected 15d, 5wd, 2w, 3m, eom, eoq, eoy or none, got '{}'",
                       k.name, due));
    }
    k.due = *rule;
    c.kinds.push_back(std::move(k));
  }
}

}  // namespace

std::string default_config_yaml(const std::string& office) {
  std::string out = fmt::format(
      "# duban workspace configuration (see duban-format(5))\n"
      "office: {}\n"
      "lang: zh\n"
      "# days before a deadline that a task shows yellow\n"
      "yellow_days: 3\n"
      "# a counted deadline falling on a weekend or holiday moves to the next working day\n"
      "move_deadline_off_holidays: true\n"
      "feedback:\n"
      "  weekly: friday\n"
      "  monthly: 5\n"
      "# working days a unit has to answer a reminder notice\n"
      "reply_days: 3\n"
      "escalation:\n"
      "  - 整改通知\n"
      "  - 黄牌警告\n"
      "  - 问责\n"
      "# late closures in a year that get a unit flagged\n"
      "late_threshold: 3\n"
      "# days a task stays red after its deadline or last escalation before it is marked\n"
      "# \"escalation due\" (0 = never)\n"
      "escalate_after_days: 10\n"
      "# the new deadline of work handed back (return, recheck --problem, reopen)\n"
      "# when neither --due nor --within is given, counted from that day\n"
      "rework_within: 15d\n"
      "kinds:\n",
      office);
  for (const KindConfig& k : default_config().kinds) {
    out += fmt::format("  {}:\n    label: {}\n    due: {}\n", k.name, k.label, to_string(k.due));
  }
  out += "git:\n  autocommit: false\n";
  return out;
}

Config parse_config(const std::string& text, const std::string& path) {
  YAML::Node root = load_yaml(text, path);
  Config c = default_config();
  if (root.IsNull()) {
    return c;
  }
  if (!root.IsMap()) {
    throw data_error(fmt::format("{}:1: expected a map of settings", path));
  }
  if (root["office"]) {
    c.office = root["office"].Scalar();
  }
  if (root["lang"]) {
    c.lang = root["lang"].Scalar();
    if (c.lang != "zh" && c.lang != "en") {
      fail(path, root["lang"], "lang: expected zh or en");
    }
  }
  if (root["yellow_days"]) {
    c.yellow_days = int_in(path, root["yellow_days"], "yellow_days", 0, 365);
  }
  if (root["move_deadline_off_holidays"]) {
    c.move_deadline_off_holidays =
        boolean(path, root["move_deadline_off_holidays"], "move_deadline_off_holidays");
  }
  if (const YAML::Node fb = root["feedback"]) {
    settings_map(path, fb, "feedback");
    if (fb["weekly"]) {
      c.weekly_feedback_weekday = weekday_of(path, fb["weekly"]);
    }
    if (fb["monthly"]) {
      c.monthly_feedback_day = int_in(path, fb["monthly"], "feedback.monthly", 1, 28);
    }
  }
  if (root["reply_days"]) {
    c.reply_days = int_in(path, root["reply_days"], "reply_days", 0, 60);
  }
  if (const YAML::Node esc = root["escalation"]) {
    if (!esc.IsSequence() || esc.size() == 0) {
      fail(path, esc, "escalation: expected a list of level names");
    }
    c.escalation_names.clear();
    for (const auto& n : esc) {
      c.escalation_names.push_back(n.Scalar());
    }
  }
  if (root["late_threshold"]) {
    c.late_threshold = int_in(path, root["late_threshold"], "late_threshold", 1, 1000);
  }
  if (root["escalate_after_days"]) {
    c.escalate_after_days =
        int_in(path, root["escalate_after_days"], "escalate_after_days", 0, 3650);
  }
  if (const YAML::Node r = root["rework_within"]) {
    auto rule = parse_due_rule(r.Scalar());
    if (!rule || rule->is_none()) {
      fail(path, r,
           fmt::format("rework_within: expected 15d, 10wd, 2w, 3m, eom, eoq or eoy, got '{}'",
                       r.Scalar()));
    }
    c.rework_within = *rule;
  }
  if (const YAML::Node s = root["scoring"]) {
    settings_map(path, s, "scoring");
    ScoringRules r;
    if (s["base"]) {
      r.base = number(path, s["base"], "scoring.base");
    }
    if (s["late_closure"]) {
      r.per_late_closure = number(path, s["late_closure"], "scoring.late_closure");
    }
    if (s["overdue"]) {
      r.per_overdue = number(path, s["overdue"], "scoring.overdue");
    }
    if (s["escalation_level"]) {
      r.per_escalation_level = number(path, s["escalation_level"], "scoring.escalation_level");
    }
    c.scoring = r;
  }
  if (const YAML::Node g = root["git"]) {
    settings_map(path, g, "git");
    if (g["autocommit"]) {
      c.autocommit = boolean(path, g["autocommit"], "git.autocommit");
    }
  }
  if (root["kinds"]) {
    parse_kinds(c, path, root["kinds"]);
  }
  if (const YAML::Node cols = root["import_columns"]) {
    settings_map(path, cols, "import_columns");
    for (const auto& kv : cols) {
      if (!kv.second.IsScalar() || kv.second.Scalar().empty()) {
        fail(path, kv.second,
             fmt::format("import_columns.{}: expected a field name such as due or ignore",
                         kv.first.Scalar()));
      }
      c.import_columns.emplace_back(kv.first.Scalar(), kv.second.Scalar());
    }
  }
  return c;
}

}  // namespace duban
