#include "core/task.hpp"

#include <fmt/format.h>

#include <array>
#include <cstdint>
#include <random>

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

// splitmix64's finaliser: spreads FNV's bits over the whole word.
uint64_t mix(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// FNV-1a 64 of `s` from `seed`.
uint64_t fnv1a(std::string_view s, uint64_t seed) {
  for (unsigned char c : s) {
    seed = (seed ^ c) * 0x100000001b3ULL;
  }
  return seed;
}

}  // namespace

std::string new_uid() {
  std::random_device rd;
  std::uniform_int_distribution<uint32_t> word;
  std::string out;
  for (int i = 0; i < 4; ++i) {
    out += fmt::format("{:08x}", word(rd));
  }
  return out;
}

bool is_valid_uid(std::string_view s) {
  return s.size() == 32 && s.find_first_not_of("0123456789abcdefABCDEF") == std::string_view::npos;
}

std::string derived_uid(const Task& t) {
  const std::string key = "duban uid\n" + t.id + "\n" + t.created.iso();
  return fmt::format("{:016x}{:016x}", mix(fnv1a(key, 0xcbf29ce484222325ULL)),
                     mix(fnv1a(key, 0x84222325cbf29ce4ULL)));
}

std::string identity_of(const Task& t) {
  return t.uid.empty() ? derived_uid(t) : t.uid;
}

Task with_uid(Task t) {
  if (t.uid.empty()) {
    t.uid = derived_uid(t);
  }
  return t;
}

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

std::vector<Status> all_statuses() {
  std::vector<Status> out;
  for (const auto& [status, name] : k_status_names) {
    out.push_back(status);
  }
  return out;
}

bool is_open(Status s) {
  return s != Status::done && s != Status::cancelled;
}

bool is_being_handled(Status s) {
  return is_open(s) && s != Status::suspended;
}

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
