#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/deadline.hpp"

namespace duban {

/// A source kind (来源) with its label and default deadline rule.
struct KindConfig {
  std::string name;
  std::string label;
  DueRule due;
};

/// Points taken off a unit's score (SPEC §9); absent = no scoring.
struct ScoringRules {
  double base = 100;
  double per_late_closure = 0;
  double per_overdue = 0;
  double per_escalation_level = 0;
};

/// The domain configuration of a workspace, as duban.yaml sets it (SPEC §5;
/// store/config_file.hpp reads and writes the file).
struct Config {
  std::string office = "督查室";
  std::string lang = "zh";
  int yellow_days = 3;
  bool move_deadline_off_holidays = true;
  int weekly_feedback_weekday = 5;  // ISO weekday, Friday
  int monthly_feedback_day = 5;
  int reply_days = 3;
  std::vector<std::string> escalation_names = {"整改通知", "黄牌警告", "问责"};
  int late_threshold = 3;
  int escalate_after_days = 10;  // red this long since deadline or last escalation: escalation due
  // The new deadline of work handed back (return, recheck --problem, reopen).
  DueRule rework_within{DueRule::Unit::days, 15};
  std::optional<ScoringRules> scoring;
  bool autocommit = false;
  std::vector<KindConfig> kinds;
  /// import_columns: extra import headers, header → field name (or `ignore`).
  std::vector<std::pair<std::string, std::string>> import_columns;

  /// The kind named `name`, or nullptr.
  const KindConfig* find_kind(std::string_view name) const;
  /// A kind typed as its name or its label (`instruction` or `领导批示`).
  const KindConfig* resolve_kind(std::string_view text) const;
  /// Level name for escalation `level` (1-based), or "level N".
  std::string escalation_name(int level) const;
};

/// The configuration a new workspace starts with.
Config default_config();

}  // namespace duban
