#include "core/validate.hpp"

#include <fmt/format.h>

namespace duban {

namespace {

void check_unit(std::vector<Problem>& out, const std::string& where, std::string_view field,
                const std::string& name, const Units& units) {
  if (!name.empty() && !units.canonical(name)) {
    out.push_back({where, fmt::format("{}: unknown unit '{}' (not in units.yaml)", field, name)});
  }
}

void check_log(std::vector<Problem>& out, const Task& t, const Units& units) {
  Date previous = t.created;
  for (size_t i = 0; i < t.log.size(); ++i) {
    const LogEntry& e = t.log[i];
    const std::string where = fmt::format("log[{}]", i);
    if (e.date < t.created) {
      out.push_back({where, fmt::format("log: {} entry dated {} is before created {}", e.type,
                                        e.date.iso(), t.created.iso())});
    } else if (e.date < previous) {
      out.push_back({where, fmt::format("log: {} entry dated {} is out of date order", e.type,
                                        e.date.iso())});
    }
    previous = std::max(previous, e.date);
    if (e.type == "assign" || e.type == "remind") {
      check_unit(out, where, "log to", e.get("to"), units);
    } else if (e.type == "progress" || e.type == "receipt") {
      check_unit(out, where, "log by", e.get("by"), units);
    }
    if (e.type == "extend-request") {
      check_unit(out, where, "log by", e.get("by"), units);
    }
    if ((e.type == "extend" || e.type == "extend-request") && !parse_iso_date(e.get("to"))) {
      out.push_back({where, fmt::format("log: {} entry needs 'to' as a date YYYY-MM-DD", e.type)});
    }
  }
}

// The status must be what the log says happened last.
void check_status(std::vector<Problem>& out, const Task& t) {
  std::string last;
  for (const LogEntry& e : t.log) {
    if (e.type == "done" || e.type == "cancel" || e.type == "suspend" || e.type == "reopen" ||
        e.type == "return" || (e.type == "recheck" && e.has("problem"))) {
      last = e.type;
    }
  }
  if (t.status == Status::done && last != "done") {
    out.push_back({"status", "status: done, but the log has no closing 'done' entry"});
  } else if (t.status == Status::cancelled && last != "cancel") {
    out.push_back({"status", "status: cancelled, but the log has no 'cancel' entry"});
  } else if (t.status != Status::done && last == "done") {
    out.push_back({"status", fmt::format("status: {}, but the log's last closing entry is 'done'",
                                         to_string(t.status))});
  }
  if ((t.status == Status::assigned || t.status == Status::active) && t.lead.empty()) {
    out.push_back({"status", fmt::format("status: {} needs a lead unit", to_string(t.status))});
  }
}

}  // namespace

std::vector<Problem> validate_task(const Task& t, const Config& config, const Units& units) {
  std::vector<Problem> out;
  if (t.kind.empty()) {
    out.push_back({"id", "missing field 'kind'"});
  } else if (!config.find_kind(t.kind)) {
    out.push_back({"kind", fmt::format("kind: unknown kind '{}' (not in duban.yaml)", t.kind)});
  }
  check_unit(out, "lead", "lead", t.lead, units);
  for (const std::string& c : t.co) {
    check_unit(out, "co", "co", c, units);
  }
  if (!t.cadence.empty() && t.cadence != "weekly" && t.cadence != "monthly") {
    out.push_back(
        {"cadence", fmt::format("cadence: expected weekly or monthly, got '{}'", t.cadence)});
  }
  if (t.due && *t.due < t.created) {
    out.push_back(
        {"due", fmt::format("due: {} is before created {}", t.due->iso(), t.created.iso())});
  }
  // A deadline is set when the task is handed to a unit; until then (and when
  // it is cancelled before that) it may have none (duban-format(5)).
  if (!t.due && t.status != Status::registered && t.status != Status::cancelled) {
    out.push_back({"id", fmt::format("missing field 'due' (a task that is {} needs a deadline)",
                                     to_string(t.status))});
  }
  if (t.escalation > static_cast<int>(config.escalation_names.size())) {
    out.push_back({"escalation", fmt::format("escalation: {} is above the highest level {}",
                                             t.escalation, config.escalation_names.size())});
  }
  for (size_t i = 0; i < t.milestones.size(); ++i) {
    if (t.milestones[i].due < t.created) {
      out.push_back({fmt::format("milestones[{}]", i),
                     fmt::format("milestones: '{}' is due before the task was created",
                                 t.milestones[i].title)});
    }
  }
  check_log(out, t, units);
  check_status(out, t);
  return out;
}

int line_of(std::string_view text, std::string_view where) {
  std::string key(where.substr(0, where.find('[')));
  int index = -1;
  if (where.find('[') != std::string_view::npos) {
    index = std::stoi(std::string(where.substr(where.find('[') + 1)));
  }
  int line = 1;
  bool in_section = false;
  int seen = -1;
  for (size_t pos = 0; pos < text.size();) {
    size_t end = text.find('\n', pos);
    std::string_view l =
        text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    if (index < 0 && l.starts_with(key + ":")) {
      return line;
    }
    if (index >= 0) {
      if (l.starts_with(key + ":")) {
        in_section = true;
      } else if (in_section && !l.empty() && l[0] != ' ' && l[0] != '-') {
        in_section = false;
      } else if (in_section && l.starts_with("  - ") && ++seen == index) {
        return line;
      }
    }
    if (end == std::string_view::npos) {
      break;
    }
    pos = end + 1;
    ++line;
  }
  return 1;
}

}  // namespace duban
