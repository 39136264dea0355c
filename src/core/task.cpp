#include "duban/task.hpp"

#include <array>

namespace duban {

namespace {

constexpr std::array<std::pair<Status, std::string_view>, 6> k_status_names = {{
    {Status::registered, "registered"},
    {Status::assigned, "assigned"},
    {Status::active, "active"},
    {Status::done, "done"},
    {Status::suspended, "suspended"},
    {Status::cancelled, "cancelled"},
}};

const std::string k_empty;

}  // namespace

std::string_view to_string(Status s) {
  for (const auto& [status, name] : k_status_names) {
    if (status == s) {
      return name;
    }
  }
  return "registered";
}

std::optional<Status> parse_status(std::string_view s) {
  for (const auto& [status, name] : k_status_names) {
    if (name == s) {
      return status;
    }
  }
  return std::nullopt;
}

bool is_open(Status s) { return s != Status::done && s != Status::cancelled; }

const std::string& LogEntry::get(std::string_view key) const {
  for (const LogField& f : fields) {
    if (f.key == key && !f.is_list) {
      return f.value;
    }
  }
  return k_empty;
}

bool LogEntry::has(std::string_view key) const {
  for (const LogField& f : fields) {
    if (f.key == key) {
      return true;
    }
  }
  return false;
}

LogEntry& LogEntry::set(std::string key, std::string value) {
  if (!value.empty()) {
    fields.push_back(LogField{std::move(key), std::move(value), {}, false, false});
  }
  return *this;
}

LogEntry& LogEntry::set_date(std::string key, Date value) {
  fields.push_back(LogField{std::move(key), value.iso(), {}, false, true});
  return *this;
}

LogEntry& LogEntry::set_number(std::string key, int value) {
  fields.push_back(LogField{std::move(key), std::to_string(value), {}, false, true});
  return *this;
}

LogEntry& LogEntry::set_list(std::string key, std::vector<std::string> items) {
  if (!items.empty()) {
    fields.push_back(LogField{std::move(key), {}, std::move(items), true, false});
  }
  return *this;
}

std::optional<Date> Task::last_progress() const {
  std::optional<Date> last;
  for (const LogEntry& e : log) {
    if (e.type == "progress" && (!last || e.date > *last)) {
      last = e.date;
    }
  }
  return last;
}

std::optional<Date> Task::closed_on() const {
  if (status != Status::done) {
    return std::nullopt;
  }
  for (auto it = log.rbegin(); it != log.rend(); ++it) {
    if (it->type == "done") {
      return it->date;
    }
  }
  return std::nullopt;
}

}  // namespace duban
