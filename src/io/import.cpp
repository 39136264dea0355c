#include "duban/import.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <set>

#include "duban/codec.hpp"
#include "duban/deadline.hpp"
#include "duban/error.hpp"
#include "duban/lifecycle.hpp"
#include "duban/text.hpp"
#include "duban/validate.hpp"
#include "duban/yaml_load.hpp"

namespace duban {

namespace {

struct HeaderName {
  const char* field;
  std::vector<const char*> names;
};

const std::vector<HeaderName>& header_names() {
  static const std::vector<HeaderName> k_names = {
      {"id", {"id", "编号", "事项编号"}},
      {"title", {"title", "标题", "事项名称", "事项", "督办事项", "事项标题"}},
      {"kind", {"kind", "来源", "类型", "来源类型", "事项来源"}},
      {"ref", {"ref", "文号", "编号文号", "工单号"}},
      {"leader", {"leader", "批示领导"}},
      {"listed", {"listed", "挂牌督办", "挂牌"}},
      {"lead", {"lead", "牵头单位", "主办单位", "承办单位", "责任单位"}},
      {"co", {"co", "配合单位", "协办单位"}},
      {"owner", {"owner", "责任人"}},
      {"created", {"created", "立项日期", "交办日期", "立项时间", "交办时间"}},
      {"due", {"due", "办结时限", "完成时限", "截止日期", "办理时限"}},
      {"cadence", {"cadence", "反馈要求", "报送频次"}},
      {"status", {"status", "状态", "办理状态"}},
      {"escalation", {"escalation", "督办级别"}},
      {"tags", {"tags", "标签"}},
      {"note", {"note", "备注"}},
      {"closed", {"closed", "办结日期", "办结时间"}},
      {"result", {"result", "办理结果", "办结情况"}},
      {"rating", {"rating", "满意度"}},
  };
  return k_names;
}

struct StatusName {
  const char* text;
  Status status;
};

constexpr StatusName k_status_names[] = {
    {"registered", Status::registered}, {"立项", Status::registered},   {"待交办", Status::registered},
    {"assigned", Status::assigned},     {"已交办", Status::assigned},   {"交办", Status::assigned},
    {"active", Status::active},         {"办理中", Status::active},     {"在办", Status::active},
    {"done", Status::done},             {"已办结", Status::done},       {"办结", Status::done},
    {"已完成", Status::done},           {"suspended", Status::suspended}, {"暂缓", Status::suspended},
    {"cancelled", Status::cancelled},   {"撤销", Status::cancelled},    {"已撤销", Status::cancelled},
};

std::string lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return s;
}

// Excel users type a leading ' to keep = + - @ as text; export writes it too.
std::string unguard(const std::string& s) {
  if (s.size() >= 2 && s[0] == '\'' && std::string_view("=+-@").find(s[1]) != std::string_view::npos) {
    return s.substr(1);
  }
  return s;
}

// Collects the problems of one row as `file:row:column: message`.
class RowErrors {
 public:
  RowErrors(const std::string& name, const ImportRow& row, std::vector<std::string>& out)
      : name_(name), row_(row), out_(out) {}

  void add(const std::string& field, const std::string& message) {
    auto it = row_.cells.find(field);
    if (it != row_.cells.end() && it->second.column > 0) {
      out_.push_back(fmt::format("{}:{}:{}: {}: {}", name_, row_.row, it->second.column, it->second.header, message));
    } else {
      out_.push_back(fmt::format("{}:{}: {}: {}", name_, row_.row, field, message));
    }
    ++count_;
  }
  int count() const { return count_; }

 private:
  const std::string& name_;
  const ImportRow& row_;
  std::vector<std::string>& out_;
  int count_ = 0;
};

std::string cell(const ImportRow& row, const std::string& field) {
  auto it = row.cells.find(field);
  return it == row.cells.end() ? "" : trim(unguard(it->second.value));
}

std::optional<std::string> resolve_unit(ImportContext& ctx, const std::string& name, std::vector<std::string>& added,
                                        RowErrors& errors, const std::string& field) {
  if (auto c = ctx.units.canonical(name)) {
    return c;
  }
  if (ctx.add_units) {
    try {
      ctx.units.add(Unit{name, {}, {}, {}, {}, {}});
    } catch (const Error& e) {
      errors.add(field, e.what());
      return std::nullopt;
    }
    added.push_back(name);
    return name;
  }
  std::string msg = fmt::format("unknown unit '{}'", name);
  std::vector<std::string> close = ctx.units.suggest(name);
  if (!close.empty()) {
    msg += "; did you mean ";
    for (size_t i = 0; i < close.size(); ++i) {
      msg += (i ? ", " : "") + close[i];
    }
    msg += "?";
  }
  errors.add(field, msg + " (--add-units adds new ones)");
  return std::nullopt;
}

std::optional<Date> date_cell(const ImportRow& row, const std::string& field, ImportContext& ctx, DateUse use,
                              RowErrors& errors) {
  std::string text = cell(row, field);
  if (text.empty()) {
    return std::nullopt;
  }
  // Excel often writes 2025/3/2 0:00 for a date cell.
  if (size_t space = text.find(' '); space != std::string::npos && parse_absolute_date(text.substr(0, space))) {
    text = text.substr(0, space);
  }
  auto d = parse_date_input(text, ctx.today, ctx.calendar, use, ctx.config.move_deadline_off_holidays);
  if (!d) {
    errors.add(field, fmt::format("'{}' is not a date: {}", text, date_forms_hint()));
  } else if (std::string problem = date_range_problem(*d); !problem.empty()) {
    errors.add(field, fmt::format("'{}': {}", text, problem));
    return std::nullopt;
  }
  return d;
}

std::optional<Status> status_of(const std::string& text) {
  for (const StatusName& s : k_status_names) {
    if (lower(text) == s.text) {
      return s.status;
    }
  }
  return std::nullopt;
}

// The row's task, or nullopt after recording why not.
std::optional<Task> build_row_task(const ImportRow& row, ImportContext& ctx, std::vector<std::string>& added,
                                   RowErrors& errors) {
  Task t;
  t.title = cell(row, "title");
  if (t.title.empty()) {
    errors.add("title", "the title is empty");
  }
  std::string kind = cell(row, "kind");
  if (kind.empty()) {
    kind = ctx.default_kind;
  }
  const KindConfig* k = kind.empty() ? nullptr : ctx.config.resolve_kind(kind);
  if (kind.empty()) {
    errors.add("kind", "no kind: add a 来源/kind column or give --kind");
  } else if (!k) {
    errors.add("kind", fmt::format("unknown kind '{}'", kind));
  } else {
    t.kind = k->name;
  }
  t.ref = cell(row, "ref");
  t.leader = cell(row, "leader");
  t.owner = cell(row, "owner");
  std::string listed = lower(cell(row, "listed"));
  t.listed = listed == "true" || listed == "是" || listed == "1" || listed == "yes" || listed == "y";
  std::string cadence = cell(row, "cadence");
  if (cadence == "每周" || cadence == "周报") {
    cadence = "weekly";
  } else if (cadence == "每月" || cadence == "月报") {
    cadence = "monthly";
  }
  if (!cadence.empty() && cadence != "weekly" && cadence != "monthly") {
    errors.add("cadence", fmt::format("'{}': expected weekly/每周 or monthly/每月", cadence));
  }
  t.cadence = cadence;
  t.tags = split_list(cell(row, "tags"));
  t.created = date_cell(row, "created", ctx, DateUse::plain, errors).value_or(ctx.today);
  std::optional<Date> due = date_cell(row, "due", ctx, DateUse::deadline, errors);
  if (!due && k && !cell(row, "due").size()) {
    if (k->due.is_none()) {
      errors.add("due", fmt::format("kind {} has no default deadline: the deadline is required", k->name));
    } else {
      due = apply_due_rule(k->due, t.created, ctx.calendar, ctx.config.move_deadline_off_holidays);
      if (std::string problem = date_range_problem(*due); !problem.empty()) {
        errors.add("due", fmt::format("the kind's deadline {} from {}: {}", to_string(k->due), t.created.iso(), problem));
        due.reset();
      }
    }
  }
  t.due = due;
  if (due && *due < t.created) {
    errors.add("due", fmt::format("{} is before the registration date {}", due->iso(), t.created.iso()));
  }
  std::string lead_text = cell(row, "lead");
  std::optional<std::string> lead;
  if (!lead_text.empty()) {
    lead = resolve_unit(ctx, lead_text, added, errors, "lead");
  }
  std::vector<std::string> co;
  for (const std::string& name : split_list(cell(row, "co"))) {
    if (auto c = resolve_unit(ctx, name, added, errors, "co"); c && c != lead &&
                                                               std::find(co.begin(), co.end(), *c) == co.end()) {
      co.push_back(*c);
    }
  }
  if (std::string level = cell(row, "escalation"); !level.empty()) {
    const int top = static_cast<int>(ctx.config.escalation_names.size());
    if (level.size() == 1 && level[0] >= '0' && level[0] - '0' <= top) {
      t.escalation = level[0] - '0';
    } else {
      errors.add("escalation", fmt::format("'{}': expected a level 0-{}", level, top));
    }
  }
  std::optional<Status> status = Status::registered;
  if (std::string s = cell(row, "status"); !s.empty()) {
    status = status_of(s);
    if (!status) {
      errors.add("status", fmt::format("unknown status '{}' (立项, 已交办, 办理中, 已办结, 暂缓, 撤销)", s));
    }
  }
  std::optional<Date> closed = date_cell(row, "closed", ctx, DateUse::plain, errors);
  if (status == Status::done && !closed && cell(row, "closed").empty()) {
    errors.add("status", "a closed task (已办结) needs its closing date (办结日期)");
  }
  if (closed && *closed < t.created) {
    errors.add("closed", fmt::format("{} is before the registration date {}", closed->iso(), t.created.iso()));
  }
  if ((status == Status::assigned || status == Status::active) && lead_text.empty()) {
    errors.add("status", "a task being handled needs a lead unit (牵头单位)");
  }
  if (errors.count() > 0) {
    return std::nullopt;
  }
  if (lead) {
    assign_task(t, t.created, *lead, co.empty() ? std::nullopt : std::optional(co),
                t.owner.empty() ? std::nullopt : std::optional(t.owner));
  }
  if (std::string note = cell(row, "note"); !note.empty()) {
    note_task(t, t.created, note);
  }
  if (status == Status::active && t.status == Status::assigned) {
    t.status = Status::active;
  } else if (status == Status::done) {
    close_task(t, *closed, cell(row, "result"), cell(row, "rating"));
  } else if (status == Status::cancelled) {
    cancel_task(t, closed.value_or(t.created), "");
  } else if (status == Status::suspended) {
    suspend_task(t, t.created, "");
  }
  if (std::string id = cell(row, "id"); !id.empty()) {
    t.id = id;
  }
  return t;
}

// The key that makes two tasks the same item: ref and title (one document
// often holds many tasks), else title and lead.
std::string duplicate_key(const Task& t, const Units& units) {
  if (!t.ref.empty()) {
    return "ref:" + t.ref + "\x1f" + t.title;
  }
  return "title:" + t.title + "\x1f" + units.canonical(t.lead).value_or(t.lead);
}

// Fields of `incoming` copied onto `existing`, with a note of what changed.
bool merge_update(Task& existing, const Task& incoming, Date today, const std::string& source) {
  std::vector<std::string> changed;
  auto take = [&](auto& field, const auto& value, const char* name) {
    if (field != value) {
      field = value;
      changed.push_back(name);
    }
  };
  take(existing.title, incoming.title, "title");
  take(existing.kind, incoming.kind, "kind");
  take(existing.ref, incoming.ref, "ref");
  take(existing.leader, incoming.leader, "leader");
  take(existing.listed, incoming.listed, "listed");
  take(existing.owner, incoming.owner, "owner");
  take(existing.due, incoming.due, "due");
  take(existing.cadence, incoming.cadence, "cadence");
  take(existing.tags, incoming.tags, "tags");
  if (!incoming.lead.empty()) {
    take(existing.lead, incoming.lead, "lead");
    take(existing.co, incoming.co, "co");
  }
  if (changed.empty()) {
    return false;
  }
  std::string list;
  for (const std::string& c : changed) {
    list += (list.empty() ? "" : ", ") + c;
  }
  existing.log.push_back(LogEntry{std::max(today, existing.created), "note", {}, {}});
  existing.log.back().set("text", fmt::format("import from {} updated {}", source, list));
  return true;
}

// Log entries of `incoming` that `existing` lacks, appended in date order: an
// update never drops what was recorded since the file was exported.
bool append_missing_entries(Task& existing, const Task& incoming) {
  auto text_of = [](const LogEntry& e) {
    Task probe;
    probe.log.push_back(e);
    return emit_task(probe);
  };
  std::vector<std::string> have;
  for (const LogEntry& e : existing.log) {
    have.push_back(text_of(e));
  }
  bool added = false;
  for (const LogEntry& e : incoming.log) {
    std::string t = text_of(e);
    if (auto it = std::find(have.begin(), have.end(), t); it != have.end()) {
      have.erase(it);
    } else {
      existing.log.push_back(e);
      added = true;
    }
  }
  std::stable_sort(existing.log.begin(), existing.log.end(),
                   [](const LogEntry& a, const LogEntry& b) { return a.date < b.date; });
  return added;
}

YAML::Node without_nulls(const YAML::Node& n) {
  if (n.IsMap()) {
    YAML::Node out(YAML::NodeType::Map);
    for (const auto& kv : n) {
      if (!kv.second.IsNull()) {
        out[kv.first.Scalar()] = without_nulls(kv.second);
      }
    }
    return out;
  }
  if (n.IsSequence()) {
    YAML::Node out(YAML::NodeType::Sequence);
    for (const auto& item : n) {
      out.push_back(without_nulls(item));
    }
    return out;
  }
  return n;
}

}  // namespace

std::optional<std::string> canonical_field(const std::string& header) {
  const std::string h = lower(trim(header));
  for (const HeaderName& n : header_names()) {
    for (const char* name : n.names) {
      if (h == name) {
        return n.field;
      }
    }
  }
  return std::nullopt;
}

ImportSource read_csv_rows(const std::string& text, const std::string& name) {
  ImportSource src;
  src.name = name;
  std::vector<CsvRecord> records = parse_csv(text, name);
  if (records.empty()) {
    src.errors.push_back(fmt::format("{}:1: the file is empty", name));
    return src;
  }
  const CsvRecord& header = records.front();
  std::vector<std::optional<std::string>> fields;
  std::set<std::string> seen;
  for (size_t c = 0; c < header.fields.size(); ++c) {
    auto f = canonical_field(header.fields[c]);
    if (!f && !trim(header.fields[c]).empty()) {
      src.warnings.push_back(
          fmt::format("{}:{}:{}: column '{}' is not a task field; ignored", name, header.line, c + 1, header.fields[c]));
    }
    if (f && !seen.insert(*f).second) {
      src.errors.push_back(fmt::format("{}:{}:{}: a second column for {}", name, header.line, c + 1, *f));
    }
    fields.push_back(f);
  }
  if (!seen.count("title")) {
    src.errors.push_back(fmt::format("{}:{}: no title column (标题 or 事项名称)", name, header.line));
    return src;
  }
  for (size_t r = 1; r < records.size(); ++r) {
    ImportRow row;
    row.row = records[r].line;
    for (size_t c = 0; c < records[r].fields.size(); ++c) {
      if (c < fields.size() && fields[c]) {
        row.cells[*fields[c]] = ImportCell{records[r].fields[c], static_cast<int>(c + 1), header.fields[c]};
      } else if (c >= fields.size() && !trim(records[r].fields[c]).empty()) {
        src.errors.push_back(fmt::format("{}:{}:{}: more cells than header columns", name, row.row, c + 1));
      }
    }
    src.rows.push_back(std::move(row));
  }
  return src;
}

ImportSource read_yaml_rows(const std::string& text, const std::string& name) {
  ImportSource src;
  src.name = name;
  YAML::Node root;
  try {
    root = load_yaml(text, name);
  } catch (const Error& e) {
    src.errors.push_back(e.what());
    return src;
  }
  if (root.IsMap() && root["tasks"]) {
    root = root["tasks"];
  }
  if (!root.IsSequence()) {
    src.errors.push_back(fmt::format("{}:1: expected a list of tasks", name));
    return src;
  }
  for (const auto& item : root) {
    ImportRow row;
    row.row = item.Mark().line + 1;
    if (!item.IsMap()) {
      src.errors.push_back(fmt::format("{}:{}: expected a task (a map of fields)", name, row.row));
      continue;
    }
    if (item["log"]) {
      try {
        YAML::Emitter out;
        out << without_nulls(item);
        row.full = parse_task(out.c_str(), fmt::format("{}:{}", name, row.row));
      } catch (const Error& e) {
        src.errors.push_back(e.what());
        continue;
      }
    }
    for (const auto& kv : item) {
      auto f = canonical_field(kv.first.Scalar());
      if (!f || kv.second.IsNull()) {
        continue;
      }
      std::string value;
      if (kv.second.IsSequence()) {
        for (const auto& v : kv.second) {
          value += (value.empty() ? "" : "、") + (v.IsScalar() ? v.Scalar() : std::string());
        }
      } else if (kv.second.IsScalar()) {
        value = kv.second.Scalar();
      }
      row.cells[*f] = ImportCell{value, 0, kv.first.Scalar()};
    }
    src.rows.push_back(std::move(row));
  }
  return src;
}

ImportPlan plan_import(const ImportSource& src, const std::vector<Task>& existing, ImportContext& ctx,
                       const std::function<std::string(int)>& next_id) {
  ImportPlan plan;
  plan.errors = src.errors;
  std::map<std::string, const Task*> by_key;
  std::set<std::string> taken_ids;
  for (const Task& t : existing) {
    by_key.emplace(duplicate_key(t, ctx.units), &t);
    taken_ids.insert(t.id);
  }
  std::map<std::string, int> rows_by_key;
  std::map<std::string, int> rows_by_id;
  std::map<std::string, Task> updates;
  std::vector<Task> fresh;
  for (const ImportRow& row : src.rows) {
    RowErrors errors(src.name, row, plan.errors);
    std::optional<Task> task = row.full ? row.full : build_row_task(row, ctx, plan.added_units, errors);
    if (!task) {
      continue;
    }
    if (row.full) {
      for (const Problem& p : validate_task(*task, ctx.config, ctx.units)) {
        errors.add(p.where, p.message);
      }
      if (errors.count() > 0) {
        continue;
      }
    }
    const std::string key = duplicate_key(*task, ctx.units);
    if (auto [it, fresh_key] = rows_by_key.emplace(key, row.row); !fresh_key) {
      errors.add(task->ref.empty() ? "title" : "ref", fmt::format("the same task as row {}", it->second));
      continue;
    }
    // Only the same item is a duplicate; an id taken by another task is just renumbered.
    const Task* match = nullptr;
    if (auto it = by_key.find(key); it != by_key.end()) {
      match = it->second;
    }
    if (match) {
      if (ctx.on_duplicate == OnDuplicate::error) {
        errors.add(task->ref.empty() ? "title" : "ref", fmt::format("already in the ledger as {}", match->id));
      } else if (ctx.on_duplicate == OnDuplicate::skip) {
        plan.skipped.push_back(match->id);
      } else {
        Task updated = updates.count(match->id) ? updates[match->id] : *match;
        const bool new_entries = row.full && append_missing_entries(updated, *task);
        if (merge_update(updated, *task, ctx.today, src.name) || new_entries) {
          updates[match->id] = updated;
        } else {
          plan.skipped.push_back(match->id);
        }
      }
      continue;
    }
    if (!task->id.empty() && !is_valid_task_id(task->id)) {
      errors.add("id", fmt::format("'{}' is not a task id (YYYY-NNNN)", task->id));
      continue;
    }
    if (!task->id.empty()) {
      if (auto [it, fresh_id] = rows_by_id.emplace(task->id, row.row); !fresh_id) {
        errors.add("id", fmt::format("the id {} is also given on row {}", task->id, it->second));
        continue;
      }
      if (taken_ids.count(task->id) > 0) {
        task->id.clear();  // taken by another task here: it gets a new one below
      }
    }
    fresh.push_back(std::move(*task));
  }
  // Ids: keep the ones given when free, then number the rest per year.
  for (const Task& t : fresh) {
    if (!t.id.empty()) {
      taken_ids.insert(t.id);
    }
  }
  std::map<int, std::string> next;
  for (Task& t : fresh) {
    t.uid = new_uid();  // a new task here, whatever uid the file it came from gave it
    if (!t.id.empty()) {
      continue;
    }
    int year = t.created.year();
    std::string id = next.count(year) ? next[year] : next_id(year);
    while (taken_ids.count(id) > 0) {
      int seq = std::stoi(id.substr(id.find_first_of("0123456789", 5)));
      std::string prefix = id.substr(5, id.find_first_of("0123456789", 5) - 5);
      id = fmt::format("{:04d}-{}{:04d}", year, prefix, seq + 1);
    }
    t.id = id;
    taken_ids.insert(id);
    int seq = std::stoi(id.substr(id.find_first_of("0123456789", 5)));
    std::string prefix = id.substr(5, id.find_first_of("0123456789", 5) - 5);
    next[year] = fmt::format("{:04d}-{}{:04d}", year, prefix, seq + 1);
  }
  plan.create = std::move(fresh);
  for (auto& [id, t] : updates) {
    plan.update.push_back(std::move(t));
  }
  return plan;
}

}  // namespace duban
