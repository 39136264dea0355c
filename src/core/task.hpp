#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"

namespace duban {

/// Lifecycle states (SPEC §4).
enum class Status { registered, assigned, active, done, suspended, cancelled };

std::string_view to_string(Status s);
std::optional<Status> parse_status(std::string_view s);
/// Every status, in the order above.
std::vector<Status> all_statuses();
/// Open = still to be handled: not done and not cancelled.
bool is_open(Status s);
/// Being handled: open and not suspended. The statuses whose tasks can be
/// late and are chased (SPEC §8); reopen refuses them.
bool is_being_handled(Status s);

/// A key the program does not know, kept verbatim when the file is rewritten:
/// `yaml` is the value already rendered as YAML (a scalar, or a block).
struct ExtraField {
  std::string key;
  std::string yaml;
};

/// One field of a log entry: a scalar, or a list of scalars.
struct LogField {
  std::string key;
  std::string value;
  std::vector<std::string> items;
  bool is_list = false;
  bool plain = false;  // written unquoted, as a number or a plain scalar read from the file
};

/// One line of the append-only history.
struct LogEntry {
  Date date;
  std::string type;
  std::vector<LogField> fields;
  std::vector<ExtraField> extra;

  /// The scalar value of `key`, or "" when absent.
  const std::string& get(std::string_view key) const;
  bool has(std::string_view key) const;
  /// Append a scalar field; empty values are skipped.
  LogEntry& set(std::string key, std::string value);
  /// Append a date field, written unquoted as YYYY-MM-DD.
  LogEntry& set_date(std::string key, Date value);
  /// Append a whole-number field, written unquoted.
  LogEntry& set_number(std::string key, int value);
  /// Append a list field; empty lists are skipped.
  LogEntry& set_list(std::string key, std::vector<std::string> items);
};

/// A stage target with its own deadline.
struct Milestone {
  std::string title;
  Date due;
  std::optional<Date> done;
  std::vector<ExtraField> extra;
};

/// One supervised item, as its YAML file holds it.
struct Task {
  std::string id;
  /// The task's identity (SPEC §4): 32 hex digits written once at creation,
  /// never changed; "" in a file written before uids existed.
  std::string uid;
  std::string title;
  /// The instruction text or detailed requirement (批示内容 / 具体要求), may
  /// span lines; "" when none (SPEC §4).
  std::string content;
  std::string kind;
  std::string ref;
  std::string leader;
  bool listed = false;
  std::string lead;
  std::vector<std::string> co;
  std::string owner;
  Date created;
  std::optional<Date> due;
  std::string cadence;
  Status status = Status::registered;
  int escalation = 0;
  std::vector<std::string> tags;
  std::vector<Milestone> milestones;
  std::vector<LogEntry> log;
  std::vector<ExtraField> extra;
  /// A summary from the cache (summarize_task): never to be written back.
  bool partial = false;
  /// Why rewriting the file would drop part of it ("path:line: a comment…"),
  /// set by parse_task; emit_task refuses such a task. Empty when nothing would be.
  std::string unkept;

  /// The latest date of a `progress` entry.
  std::optional<Date> last_progress() const;
  /// The date of the last `done` entry while the task is done.
  std::optional<Date> closed_on() const;
};

/// A new task's uid: 32 random hex digits (std::random_device).
std::string new_uid();
/// Whether `s` is a uid: 32 hexadecimal digits.
bool is_valid_uid(std::string_view s);
/// The uid of a task whose file has none: derived from its id and creation
/// date, so that two clones rewriting the same old file give it the same uid.
std::string derived_uid(const Task& t);
/// `t.uid`, or derived_uid(t) when the file has none: what tells two tasks
/// apart.
std::string identity_of(const Task& t);
/// `t` with its uid set: its own, else the derived one. Writers save this,
/// so a file written before uids existed gets one the next time it is written.
Task with_uid(Task t);

}  // namespace duban
