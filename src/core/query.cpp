#include "core/query.hpp"

#include <algorithm>

namespace duban {

namespace {

bool same_unit(const std::string& stored, const std::string& wanted, const Units& units) {
  if (stored == wanted) {
    return true;
  }
  auto canonical = units.canonical(stored);
  return canonical && *canonical == wanted;
}

bool contains_text(const Task& t, const std::string& needle) {
  auto in = [&](const std::string& s) { return s.find(needle) != std::string::npos; };
  if (in(t.title) || in(t.ref) || in(t.leader) || in(t.id)) {
    return true;
  }
  for (const LogEntry& e : t.log) {
    for (const LogField& f : e.fields) {
      if (!f.is_list && in(f.value)) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace

std::optional<std::vector<Status>> parse_status_filter(const std::string& text) {
  std::vector<Status> out;
  if (text == "all") {
    return out;
  }
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(',', start);
    std::string name =
        text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (name == "open") {
      for (Status s : all_statuses()) {
        if (is_open(s)) {
          out.push_back(s);
        }
      }
    } else if (auto s = parse_status(name)) {
      out.push_back(*s);
    } else {
      return std::nullopt;
    }
    if (end == std::string::npos) {
      break;
    }
    start = end + 1;
  }
  return out;
}

bool matches(const Task& t, const TaskFilter& f, const Units& units) {
  if (!f.statuses.empty() &&
      std::find(f.statuses.begin(), f.statuses.end(), t.status) == f.statuses.end()) {
    return false;
  }
  if (!f.lead.empty() && !same_unit(t.lead, f.lead, units)) {
    return false;
  }
  if (!f.unit.empty() && !same_unit(t.lead, f.unit, units) &&
      std::none_of(t.co.begin(), t.co.end(),
                   [&](const std::string& c) { return same_unit(c, f.unit, units); })) {
    return false;
  }
  if (!f.kind.empty() && t.kind != f.kind) {
    return false;
  }
  if (!f.leader.empty() && t.leader != f.leader) {
    return false;
  }
  if (!f.tag.empty() && std::find(t.tags.begin(), t.tags.end(), f.tag) == t.tags.end()) {
    return false;
  }
  if (f.listed && t.listed != *f.listed) {
    return false;
  }
  if (f.due_before && !(t.due && *t.due < *f.due_before)) {
    return false;
  }
  if (f.due_after && !(t.due && *t.due > *f.due_after)) {
    return false;
  }
  return f.text.empty() || contains_text(t, f.text);
}

void use_current_unit_names(Task& t, const Units& units, bool log) {
  auto current = [&](std::string& name) {
    if (auto c = units.canonical(name)) {
      name = *c;
    }
  };
  current(t.lead);
  for (std::string& c : t.co) {
    current(c);
  }
  if (!log) {
    return;
  }
  for (LogEntry& e : t.log) {
    const bool names_units = e.type == "assign" || e.type == "remind";
    for (LogField& f : e.fields) {
      if (f.is_list && f.key == "co") {
        std::for_each(f.items.begin(), f.items.end(), current);
      } else if (!f.is_list &&
                 (f.key == "by" || (names_units && (f.key == "to" || f.key == "from")))) {
        current(f.value);
      }
    }
  }
}

std::vector<const Task*> select_tasks(const std::vector<Task>& tasks, const TaskFilter& f,
                                      const Units& units) {
  std::vector<const Task*> out;
  for (const Task& t : tasks) {
    if (matches(t, f, units)) {
      out.push_back(&t);
    }
  }
  return out;
}

}  // namespace duban
