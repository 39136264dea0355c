#include "io/import.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <set>

#include "core/deadline.hpp"
#include "core/error.hpp"
#include "core/history.hpp"
#include "core/lifecycle.hpp"
#include "core/units.hpp"
#include "core/validate.hpp"
#include "io/labels.hpp"
#include "io/text.hpp"
#include "io/xlsx_read.hpp"
#include "store/codec.hpp"
#include "store/yaml_load.hpp"

namespace duban {

namespace {

struct HeaderName {
  const char* field;
  std::vector<const char*> names;
};

const std::vector<HeaderName>& header_names() {
  static const std::vector<HeaderName> k_names = {
      {"id", {"id", "编号", "事项编号"}},
      {"uid", {"uid"}},
      {"title", {"title", "标题", "事项名称", "事项", "督办事项", "事项标题"}},
      {"content", {"content", "内容", "批示内容", "具体要求", "工作内容", "督办内容", "事项内容"}},
      {"kind", {"kind", "来源", "类型", "来源类型", "事项来源"}},
      {"ref", {"ref", "文号", "编号文号", "工单号", "工单编号"}},
      {"leader", {"leader", "批示领导", "责任领导", "分管领导"}},
      {"listed", {"listed", "挂牌督办", "挂牌"}},
      {"lead", {"lead", "牵头单位", "主办单位", "承办单位", "责任单位"}},
      {"co", {"co", "配合单位", "协办单位"}},
      {"owner", {"owner", "责任人"}},
      {"created", {"created", "立项日期", "交办日期", "立项时间", "交办时间"}},
      {"due",
       {"due", "办结时限", "完成时限", "截止日期", "办理时限", "完成时间", "办结期限", "完成期限"}},
      {"cadence", {"cadence", "反馈要求", "报送频次"}},
      {"status", {"status", "状态", "办理状态"}},
      {"escalation", {"escalation", "升级督办", "督办级别"}},
      {"tags", {"tags", "标签"}},
      {"note", {"note", "备注"}},
      {"progress", {"progress", "办理情况", "进展情况", "最新进展"}},
      {"progress_date", {"progress_date", "进展日期"}},
      {"closed", {"closed", "办结日期", "办结时间"}},
      {"result", {"result", "办理结果", "办结情况"}},
      {"rating", {"rating", "满意度"}},
  };
  return k_names;
}

// Headers a spreadsheet carries that hold no task field (the row number).
constexpr std::string_view k_ignored_headers[] = {"序号", "no", "no."};

std::string lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return s;
}

// A header as it is compared: lower case, without spaces (ASCII or
// full-width), full-width brackets and colons as ASCII ones.
std::string normalise_header(std::string_view header) {
  static constexpr std::pair<std::string_view, std::string_view> k_same[] = {
      {"（", "("},          {"）", ")"}, {"【", "["}, {"】", "]"}, {"：", ":"},
      {"\xe3\x80\x80", ""}, {" ", ""},   {"\t", ""},  {"\n", ""},  {"\r", ""}};
  const std::string h = lower(trim(header));
  std::string out;
  out.reserve(h.size());
  for (size_t i = 0; i < h.size();) {
    const auto* same = std::find_if(std::begin(k_same), std::end(k_same), [&](const auto& p) {
      return h.compare(i, p.first.size(), p.first) == 0;
    });
    if (same != std::end(k_same)) {
      out += same->second;
      i += same->first.size();
    } else {
      out += h[i++];
    }
  }
  return out;
}

std::optional<std::string> builtin_field(const std::string& normalised) {
  for (const HeaderName& n : header_names()) {
    for (const char* name : n.names) {
      if (normalised == name) {
        return n.field;
      }
    }
  }
  return std::nullopt;
}

// The field names, for messages.
std::string field_list() {
  std::string out;
  for (const HeaderName& n : header_names()) {
    out += (out.empty() ? "" : ", ") + std::string(n.field);
  }
  return out + ", or ignore";
}

// What a header column holds: a field, nothing (ignored), or nothing known.
struct ColumnRole {
  std::optional<std::string> field;
  bool unknown = false;
};

ColumnRole column_role(const std::string& header, const ImportColumns& columns) {
  const std::string h = normalise_header(header);
  for (const auto& [text, field] : columns.extra) {
    if (normalise_header(text) == h) {
      return field == "ignore" ? ColumnRole{} : ColumnRole{field};
    }
  }
  for (const std::string& text : columns.ignored) {
    if (normalise_header(text) == h) {
      return {};
    }
  }
  if (auto f = canonical_field(header)) {
    return {f};
  }
  if (std::find(std::begin(k_ignored_headers), std::end(k_ignored_headers), h) !=
      std::end(k_ignored_headers)) {
    return {};
  }
  return {std::nullopt, true};
}

// `file:row:column: column 'X' is not a task field; did you mean 'Y'? …`;
// `where` is `file:row:column: column` (CSV) or `file:line: key` (YAML, JSON).
std::string unknown_column_message(const std::string& where, const std::string& header) {
  const std::string h = normalise_header(header);
  std::string best;
  int best_distance = std::max(1, edit_distance(h, "") / 2) + 1;
  for (const HeaderName& n : header_names()) {
    for (const char* name : n.names) {
      const std::string_view candidate(name);
      int d = edit_distance(h, candidate);
      if (candidate.size() >= 6 &&
          (h.find(candidate) != std::string::npos || candidate.find(h) != std::string_view::npos)) {
        d = std::min(d, 1);  // 办结时限要求, 时限
      }
      if (d < best_distance) {
        best_distance = d;
        best = name;
      }
    }
  }
  return fmt::format(
      "{} '{}' is not a task field{}; name it in import_columns in duban.yaml, "
      "or leave it out with --ignore-column '{}'",
      where, trim(header), best.empty() ? "" : fmt::format(" (did you mean '{}'?)", best),
      trim(header));
}

struct StatusName {
  const char* text;
  Status status;
};

constexpr StatusName k_status_names[] = {
    {"registered", Status::registered}, {"立项", Status::registered},
    {"待交办", Status::registered},     {"assigned", Status::assigned},
    {"已交办", Status::assigned},       {"交办", Status::assigned},
    {"active", Status::active},         {"办理中", Status::active},
    {"在办", Status::active},           {"done", Status::done},
    {"已办结", Status::done},           {"办结", Status::done},
    {"已完成", Status::done},           {"suspended", Status::suspended},
    {"暂缓", Status::suspended},        {"cancelled", Status::cancelled},
    {"撤销", Status::cancelled},        {"已撤销", Status::cancelled},
};

// Excel users type a leading ' to keep = + - @ as text; export writes it too.
std::string unguard(const std::string& s) {
  if (s.size() >= 2 && s[0] == '\'' &&
      std::string_view("=+-@\t\r").find(s[1]) != std::string_view::npos) {
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
      out_.push_back(fmt::format("{}:{}:{}: {}: {}", name_, row_.row, it->second.column,
                                 it->second.header, message));
    } else {
      out_.push_back(fmt::format("{}:{}: {}: {}", name_, row_.row, field, message));
    }
    ++count_;
  }
  int count() const { return count_; }
  const std::string& file() const { return name_; }

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

std::optional<std::string> resolve_unit(ImportContext& ctx, const std::string& name,
                                        std::vector<std::string>& added, RowErrors& errors,
                                        const std::string& field) {
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

std::optional<Date> date_cell(const ImportRow& row, const std::string& field, ImportContext& ctx,
                              DateUse use, RowErrors& errors) {
  std::string text = cell(row, field);
  if (text.empty()) {
    return std::nullopt;
  }
  // Excel often writes 2025/3/2 0:00 for a date cell.
  if (size_t space = text.find(' ');
      space != std::string::npos && parse_absolute_date(text.substr(0, space))) {
    text = text.substr(0, space);
  }
  auto d =
      parse_date_input(text, ctx.today, ctx.calendar, use, ctx.config.move_deadline_off_holidays);
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

// The kind the row names (or --kind gives), or nullptr after recording why not.
const KindConfig* row_kind(const ImportRow& row, const ImportContext& ctx, RowErrors& errors) {
  std::string kind = cell(row, "kind");
  if (kind.empty()) {
    kind = ctx.default_kind;
  }
  const KindConfig* k = kind.empty() ? nullptr : ctx.config.resolve_kind(kind);
  if (kind.empty()) {
    errors.add("kind", "no kind: add a 来源/kind column or give --kind");
  } else if (!k) {
    errors.add("kind", fmt::format("unknown kind '{}'", kind));
  }
  return k;
}

// The row's cadence as a task file spells it: 每周/周报 is weekly, 每月/月报 monthly.
std::string row_cadence(const ImportRow& row, RowErrors& errors) {
  std::string cadence = cell(row, "cadence");
  if (cadence == "每周" || cadence == "周报") {
    cadence = "weekly";
  } else if (cadence == "每月" || cadence == "月报") {
    cadence = "monthly";
  }
  if (!cadence.empty() && cadence != "weekly" && cadence != "monthly") {
    errors.add("cadence", fmt::format("'{}': expected weekly/每周 or monthly/每月", cadence));
  }
  return cadence;
}

// The title, kind and the fields that only describe the task; the kind, or
// nullptr when the row has none.
const KindConfig* describe_row_task(Task& t, const ImportRow& row, const ImportContext& ctx,
                                    RowErrors& errors) {
  t.title = cell(row, "title");
  if (t.title.empty()) {
    errors.add("title", "the title is empty");
  }
  const KindConfig* k = row_kind(row, ctx, errors);
  if (k) {
    t.kind = k->name;
  }
  t.ref = cell(row, "ref");
  t.leader = cell(row, "leader");
  t.owner = cell(row, "owner");
  std::string listed = lower(cell(row, "listed"));
  t.listed =
      listed == "true" || listed == "是" || listed == "1" || listed == "yes" || listed == "y";
  t.cadence = row_cadence(row, errors);
  t.tags = split_list(cell(row, "tags"));
  return k;
}

// The deadline the row gives, else the default of its kind `k` from the
// registration date; none after recording why.
std::optional<Date> row_due(const ImportRow& row, ImportContext& ctx, const KindConfig* k,
                            Date created, RowErrors& errors) {
  std::optional<Date> due = date_cell(row, "due", ctx, DateUse::deadline, errors);
  if (!due && k && !cell(row, "due").size()) {
    if (k->due.is_none()) {
      errors.add("due",
                 fmt::format("kind {} has no default deadline: the deadline is required", k->name));
    } else {
      due = apply_due_rule(k->due, created, ctx.calendar, ctx.config.move_deadline_off_holidays);
      if (std::string problem = date_range_problem(*due); !problem.empty()) {
        errors.add("due", fmt::format("the kind's deadline {} from {}: {}", to_string(k->due),
                                      created.iso(), problem));
        due.reset();
      }
    }
  }
  if (due && *due < created) {
    errors.add("due",
               fmt::format("{} is before the registration date {}", due->iso(), created.iso()));
  }
  return due;
}

// The units a row names: its lead as typed and as resolved, and its co-units
// (each once, the lead not among them).
struct RowUnits {
  std::string lead_text;
  std::optional<std::string> lead;
  std::vector<std::string> co;
};

RowUnits row_units(const ImportRow& row, ImportContext& ctx, std::vector<std::string>& added,
                   RowErrors& errors) {
  RowUnits u;
  u.lead_text = cell(row, "lead");
  if (!u.lead_text.empty()) {
    u.lead = resolve_unit(ctx, u.lead_text, added, errors, "lead");
  }
  for (const std::string& name : split_list(cell(row, "co"))) {
    if (auto c = resolve_unit(ctx, name, added, errors, "co");
        c && c != u.lead && std::find(u.co.begin(), u.co.end(), *c) == u.co.end()) {
      u.co.push_back(*c);
    }
  }
  return u;
}

// The escalation level the row gives, 0 up to the levels duban.yaml names.
void take_escalation(Task& t, const ImportRow& row, const ImportContext& ctx, RowErrors& errors) {
  if (std::string level = cell(row, "escalation"); !level.empty()) {
    const int top = static_cast<int>(ctx.config.escalation_names.size());
    if (level.size() == 1 && level[0] >= '0' && level[0] - '0' <= top) {
      t.escalation = level[0] - '0';
    } else {
      errors.add("escalation", fmt::format("'{}': expected a level 0-{}", level, top));
    }
  }
}

// Where a row's task stands: its status and closing date.
struct RowStatus {
  std::optional<Status> status;
  std::optional<Date> closed;
};

// The status and closing date the row gives (a closing date alone closes the
// task), checked against each other, the registration date, today and
// whether the row names a lead unit.
RowStatus row_status(const ImportRow& row, ImportContext& ctx, Date created, bool has_lead,
                     RowErrors& errors) {
  RowStatus r{Status::registered, date_cell(row, "closed", ctx, DateUse::plain, errors)};
  const std::optional<Date>& closed = r.closed;
  if (std::string s = cell(row, "status"); !s.empty()) {
    r.status = status_of(s);
    if (!r.status) {
      errors.add("status",
                 fmt::format("unknown status '{}' (立项, 已交办, 办理中, 已办结, 暂缓, 撤销)", s));
    }
  } else if (closed) {
    r.status = Status::done;  // a closing date and no status column: the row is closed
  }
  const std::optional<Status>& status = r.status;
  if (status == Status::done && !closed && cell(row, "closed").empty()) {
    errors.add("status", "a closed task (已办结) needs its closing date (办结日期)");
  }
  if (closed && status && *status != Status::done && *status != Status::cancelled) {
    errors.add("closed", fmt::format("{} is a closing date, but the status is {}: give 已办结 (or "
                                     "撤销) or clear the 办结日期",
                                     closed->iso(), status_label(*status, Lang::zh)));
  }
  if (closed && *closed < created) {
    errors.add("closed",
               fmt::format("{} is before the registration date {}", closed->iso(), created.iso()));
  }
  if (closed && ctx.today < *closed) {
    errors.add("closed", fmt::format("{} is after today ({}): a task is closed on the day it is",
                                     closed->iso(), ctx.today.iso()));
  }
  if ((status == Status::assigned || status == Status::active) && !has_lead) {
    errors.add("status", "a task being handled needs a lead unit (牵头单位)");
  }
  return r;
}

// The uid the row gives (an export of this ledger), when it is one.
void take_uid(Task& t, const ImportRow& row, RowErrors& errors) {
  if (std::string uid = lower(cell(row, "uid")); !uid.empty()) {
    if (is_valid_uid(uid)) {
      t.uid = uid;
    } else {
      errors.add("uid", fmt::format("'{}' is not a uid (32 hexadecimal digits)", uid));
    }
  }
}

// The progress a row reports (办理情况) and, when it gives one, the day of it (进展日期).
struct RowProgress {
  std::string text;
  std::optional<Date> date;
};

// The row's progress, its date checked against the registration date, the
// closing date and today.
RowProgress row_progress(const ImportRow& row, ImportContext& ctx, Date created,
                         const RowUnits& units, const RowStatus& state, RowErrors& errors) {
  RowProgress p{cell(row, "progress"),
                date_cell(row, "progress_date", ctx, DateUse::plain, errors)};
  if (!p.text.empty() && units.lead_text.empty()) {
    errors.add("progress", "progress (办理情况) needs a lead unit (牵头单位) that reported it");
  }
  if (!p.date) {
    return p;
  }
  if (p.text.empty()) {
    errors.add("progress_date", "a progress date (进展日期) without progress (进展情况)");
  } else if (*p.date < created) {
    errors.add("progress_date",
               fmt::format("{} is before the registration date {}", p.date->iso(), created.iso()));
  } else if (ctx.today < *p.date) {
    errors.add("progress_date",
               fmt::format("{} is after today ({})", p.date->iso(), ctx.today.iso()));
  } else if (state.closed && *state.closed < *p.date) {
    errors.add("progress_date",
               fmt::format("{} is after the closing date {}", p.date->iso(), state.closed->iso()));
  }
  return p;
}

// The log a row's task starts with, written through the lifecycle: its
// assignment, note, progress and how it stands.
void log_row_history(Task& t, const ImportRow& row, Date today, const RowUnits& units,
                     const RowStatus& state, const RowProgress& progress) {
  if (units.lead) {
    assign_task(t, t.created, *units.lead,
                units.co.empty() ? std::nullopt : std::optional(units.co),
                t.owner.empty() ? std::nullopt : std::optional(t.owner));
  }
  if (std::string note = cell(row, "note"); !note.empty()) {
    note_task(t, t.created, note);
  }
  // The progress a closed row reports came before its closing (a state change
  // without a date of its own follows the progress); an open row's is the
  // state of the work as of the import.
  const std::optional<Status>& status = state.status;
  // A progress date (进展日期) dates the entry itself.
  const Date end = status == Status::done || status == Status::cancelled
                       ? state.closed.value_or(t.created)
                   : status == Status::suspended ? t.created
                                                 : std::max(today, t.created);
  if (!progress.text.empty()) {
    record_progress(t, progress.date.value_or(end),
                    ProgressInput{t.lead, progress.text, std::nullopt, "", ""});
  }
  if (status == Status::active) {
    mark_active(t);
  } else if (status == Status::done) {
    close_task(t, entry_date_from(t, end), cell(row, "result"), cell(row, "rating"));
  } else if (status == Status::cancelled) {
    cancel_task(t, entry_date_from(t, end), "");
  } else if (status == Status::suspended) {
    suspend_task(t, entry_date_from(t, end), "");
  }
}

// The row's task, or nullopt after recording why not. Every problem of the
// row is recorded, in the order of its fields, before any is acted on.
std::optional<Task> build_row_task(const ImportRow& row, ImportContext& ctx,
                                   std::vector<std::string>& added, RowErrors& errors) {
  Task t;
  const KindConfig* k = describe_row_task(t, row, ctx, errors);
  t.created = date_cell(row, "created", ctx, DateUse::plain, errors).value_or(ctx.today);
  t.due = row_due(row, ctx, k, t.created, errors);
  const RowUnits units = row_units(row, ctx, added, errors);
  take_escalation(t, row, ctx, errors);
  const RowStatus state = row_status(row, ctx, t.created, !units.lead_text.empty(), errors);
  take_uid(t, row, errors);
  const RowProgress progress = row_progress(row, ctx, t.created, units, state, errors);
  if (errors.count() > 0) {
    return std::nullopt;
  }
  t.content = cell(row, "content");
  try {
    log_row_history(t, row, ctx.today, units, state, progress);
  } catch (const Error& e) {
    // A log the lifecycle refuses is this row's fault: said with its place.
    errors.add("status", e.what());
    return std::nullopt;
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

// Text as it comes back from a CSV export: controls neutralised, trimmed.
std::string as_reimported(const std::string& s) {
  return trim(sanitize_terminal(s, "\n\r\t"));
}

// Whether an imported text is the ledger's own, also when it went through a CSV export.
bool same_text(const std::string& ledger, const std::string& imported) {
  return ledger == imported || as_reimported(ledger) == imported;
}

bool same_texts(const std::vector<std::string>& ledger, const std::vector<std::string>& imported) {
  return ledger.size() == imported.size() &&
         std::equal(ledger.begin(), ledger.end(), imported.begin(), same_text);
}

// Whether `d` was the task's deadline at some time: a re-imported older sheet
// names it, and the office has changed it since.
bool had_deadline(const Task& t, Date d) {
  if (original_due(t) == d) {
    return true;
  }
  return std::any_of(t.log.begin(), t.log.end(), [&](const LogEntry& e) {
    return e.type == "extend" &&
           (parse_iso_date(e.get("from")) == d || parse_iso_date(e.get("to")) == d);
  });
}

bool had_lead(const Task& t, const std::string& lead) {
  return std::any_of(t.log.begin(), t.log.end(), [&](const LogEntry& e) {
    return e.type == "assign" && (e.get("to") == lead || e.get("from") == lead);
  });
}

bool had_progress(const Task& t, const std::string& text) {
  return std::any_of(t.log.begin(), t.log.end(), [&](const LogEntry& e) {
    return e.type == "progress" && same_text(e.get("text"), text);
  });
}

// What one row does to a task already in the ledger (SPEC §10): changes of
// deadline, lead and status become log entries dated `date`; values the task
// already had are stale and left alone; a closed task keeps its deadline,
// lead and status, and `kept` says what the row would have changed.
class RowUpdate {
 public:
  RowUpdate(Task& t, const Task& in, const ImportRow& row, const std::string& source, Date today)
      : t_(t),
        in_(in),
        row_(row),
        source_(source),
        today_(today),
        date_(std::max(today, t.created)),
        closed_(!is_open(t.status)) {}

  void apply() {
    take_descriptions();
    take_lead();
    take_deadline();
    take_progress();
    take_status();
    if (!described_.empty()) {
      note_task(t_, entry_date_from(t_, date_),
                fmt::format("import from {} updated {}", source_, join(described_, ", ")));
    }
  }
  bool changed() const { return changed_; }
  const std::vector<std::string>& kept() const { return kept_; }
  const std::vector<std::string>& notes() const { return notes_; }

 private:
  bool given(const char* field) const {
    auto it = row_.cells.find(field);
    return it != row_.cells.end() && !trim(it->second.value).empty();
  }

  template <class T, class Same>
  void describe(T& field, const T& value, const char* name, Same same) {
    if (given(name) && !same(field, value)) {
      field = value;
      described_.push_back(name);
      changed_ = true;
    }
  }

  void take_descriptions() {
    auto exact = [](const auto& a, const auto& b) { return a == b; };
    describe(t_.title, in_.title, "title", same_text);
    describe(t_.content, in_.content, "content", same_text);
    describe(t_.ref, in_.ref, "ref", same_text);
    describe(t_.leader, in_.leader, "leader", same_text);
    describe(t_.listed, in_.listed, "listed", exact);
    describe(t_.owner, in_.owner, "owner", same_text);
    describe(t_.cadence, in_.cadence, "cadence", exact);
    describe(t_.tags, in_.tags, "tags", same_texts);
    if (given("kind") && in_.kind != t_.kind) {
      kept_.push_back(fmt::format("kind {} (the row says {}; past reports count it under its kind)",
                                  t_.kind, in_.kind));
    }
  }

  void take_lead() {
    const bool new_lead = given("lead") && in_.lead != t_.lead && !had_lead(t_, in_.lead);
    const bool new_co = given("co") && in_.co != t_.co;
    if (!new_lead && !new_co) {
      return;
    }
    if (closed_) {
      kept_.push_back(new_lead ? fmt::format("lead {} (the row says {})", t_.lead, in_.lead)
                               : fmt::format("co-units {} (the row says {})", join(t_.co, "、"),
                                             join(in_.co, "、")));
      return;
    }
    if (t_.status == Status::suspended) {
      kept_.push_back(fmt::format("lead {} while suspended (the row says {})", t_.lead, in_.lead));
      return;
    }
    assign_task(t_, date_, new_lead ? in_.lead : t_.lead,
                new_co ? std::optional(in_.co) : std::nullopt, std::nullopt);
    changed_ = true;
  }

  void take_deadline() {
    if (!given("due") || !in_.due || in_.due == t_.due || had_deadline(t_, *in_.due)) {
      return;
    }
    if (closed_) {
      kept_.push_back(fmt::format("deadline {} (the row says {})", t_.due ? t_.due->iso() : "none",
                                  in_.due->iso()));
      return;
    }
    change_due(t_, date_, *in_.due, fmt::format("import from {}", source_));
    changed_ = true;
  }

  void take_progress() {
    const std::string text = in_.last_progress() ? last_text(in_, "progress") : "";
    if (text.empty() || had_progress(t_, text)) {
      return;
    }
    if (closed_) {
      kept_.push_back("no new progress entry");
      return;
    }
    const LogEntry* entry = last_entry(in_, "progress");
    const Date when =
        entry && given("progress_date") ? logged_date(entry->date, "progress date") : date_;
    record_progress(t_, when, ProgressInput{t_.lead, text, std::nullopt, "", ""});
    changed_ = true;
  }

  void take_status() {
    const Status to = in_.status;
    if (!given("status") && !given("closed")) {
      return;
    }
    if (to == t_.status || (to == Status::active && t_.status == Status::assigned) ||
        (to == Status::assigned && t_.status == Status::active)) {
      return;  // a task becomes 办理中 with its first feedback (办理情况)
    }
    if (!is_open(t_.status) || (t_.status == Status::suspended && is_open(to))) {
      kept_.push_back(
          fmt::format("status {} (the row says {}; reopen it in duban when that is meant)",
                      status_label(t_.status, Lang::zh), status_label(to, Lang::zh)));
      return;
    }
    if (to == Status::done || to == Status::cancelled) {
      const LogEntry* closing = last_entry(in_, to == Status::done ? "done" : "cancel");
      const Date when =
          given("closed") && closing ? logged_date(closing->date, "closing date") : date_;
      if (to == Status::done) {
        close_task(t_, when, closing ? closing->get("result") : "",
                   closing ? closing->get("rating") : "");
      } else {
        cancel_task(t_, when, closing ? closing->get("reason") : "");
      }
    } else if (to == Status::suspended) {
      suspend_task(t_, date_, "");
    } else {
      return;
    }
    changed_ = true;
  }

  // The day a closing or a progress entry is logged: the day the row gives
  // (`what`: its closing date, its progress date), unless that would change a
  // report already issued (a past month) or come before an entry the log
  // has: then today, and a note says so.
  Date logged_date(Date row_date, std::string_view what) {
    const bool this_month = row_date.year() == today_.year() && row_date.month() == today_.month();
    if (row_date == date_ || (this_month && may_log_on(t_, row_date))) {
      return row_date;
    }
    notes_.push_back(
        fmt::format("the {} {} is logged as {}: {}", what, row_date.iso(), date_.iso(),
                    this_month ? "the task's log has later entries"
                               : "it falls in a past month, whose reports stay as they were"));
    return date_;
  }

  static const LogEntry* last_entry(const Task& t, std::string_view type) {
    for (auto it = t.log.rbegin(); it != t.log.rend(); ++it) {
      if (it->type == type) {
        return &*it;
      }
    }
    return nullptr;
  }
  static std::string last_text(const Task& t, std::string_view type) {
    const LogEntry* e = last_entry(t, type);
    return e ? e->get("text") : "";
  }

  Task& t_;
  const Task& in_;
  const ImportRow& row_;
  const std::string& source_;
  Date today_;
  Date date_;
  bool closed_;
  bool changed_ = false;
  std::vector<std::string> described_;
  std::vector<std::string> kept_;
  std::vector<std::string> notes_;
};

// How the log of a task from a YAML/JSON import compares with the ledger's.
struct LogMerge {
  std::vector<LogEntry> missing;  // entries of the file the ledger lacks, in the file's order
  bool superset = false;  // the file holds every entry the ledger has: a later version of the task
};

// Entries are the same when they are written the same (emit_task): an update
// never drops what was recorded since the file was exported.
LogMerge compare_logs(const Task& existing, const Task& incoming) {
  auto text_of = [](const LogEntry& e) {
    Task probe;
    probe.log.push_back(e);
    return emit_task(probe);
  };
  std::vector<std::string> ours;
  for (const LogEntry& e : existing.log) {
    ours.push_back(text_of(e));
  }
  LogMerge merge;
  for (const LogEntry& e : incoming.log) {
    std::string t = text_of(e);
    if (auto it = std::find(ours.begin(), ours.end(), t); it != ours.end()) {
      ours.erase(it);
    } else {
      merge.missing.push_back(e);
    }
  }
  merge.superset = ours.empty();
  return merge;
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

// The text of a YAML/JSON value as a cell holds it: a list joined with 、.
std::string cell_text(const YAML::Node& value) {
  std::string text;
  if (value.IsSequence()) {
    for (const auto& v : value) {
      text += (text.empty() ? "" : "、") + (v.IsScalar() ? v.Scalar() : std::string());
    }
  } else if (value.IsScalar()) {
    text = value.Scalar();
  }
  return text;
}

// `existing` after the row `incoming` came from (--on-duplicate update), or
// nullopt when the row changes nothing or cannot be applied (then an error
// says why). What the row would change on a closed task, and closing dates
// logged later than the row gives them, become warnings.
std::optional<Task> update_task(Task existing, const Task& incoming, const ImportRow& row,
                                const ImportContext& ctx, RowErrors& errors,
                                std::vector<std::string>& warnings) {
  bool changed = false;
  if (row.full) {
    LogMerge merge = compare_logs(existing, incoming);
    changed = !merge.missing.empty();
    add_entries(existing, std::move(merge.missing));
    if (changed && merge.superset) {
      take_state_of(existing, incoming);
    }
  }
  RowUpdate update(existing, incoming, row, errors.file(), ctx.today);
  try {
    update.apply();
  } catch (const Error& e) {
    errors.add("update", e.what());
    return std::nullopt;
  }
  const std::string where = fmt::format("{}:{}: {}", errors.file(), row.row, existing.id);
  if (!update.kept().empty()) {
    warnings.push_back(
        fmt::format("{}{}: kept its {}", where,
                    is_open(existing.status)
                        ? ""
                        : fmt::format(" is closed ({})", status_label(existing.status, Lang::zh)),
                    join(update.kept(), "; ")));
  }
  for (const std::string& note : update.notes()) {
    warnings.push_back(fmt::format("{}: {}", where, note));
  }
  if (!changed && !update.changed()) {
    return std::nullopt;
  }
  return existing;
}

// The id after `id` in its sequence, in year `year`: 2025-AB0007 → 2025-AB0008.
std::string next_in_sequence(const std::string& id, int year) {
  const size_t digits = id.find_first_of("0123456789", 5);
  const int seq = std::stoi(id.substr(digits));
  return fmt::format("{:04d}-{}{:04d}", year, id.substr(5, digits - 5), seq + 1);
}

// Builds an ImportPlan row by row (plan_import): each row becomes a new task,
// an update or a skip of the ledger task it matches, or errors; ids are given
// to the new tasks at the end.
class ImportPlanner {
 public:
  ImportPlanner(const ImportSource& src, const std::vector<Task>& existing, ImportContext& ctx)
      : src_(src), ctx_(ctx) {
    plan_.errors = src.errors;
    for (const Task& t : existing) {
      by_key_.emplace(duplicate_key(t, ctx.units), &t);
      by_uid_.emplace(identity_of(t), &t);
      taken_ids_.insert(t.id);
      // The task as a CSV export shows it (controls neutralised) is the same task.
      Task shown = t;
      shown.title = as_reimported(t.title);
      shown.ref = as_reimported(t.ref);
      if (shown.title != t.title || shown.ref != t.ref) {
        by_key_.emplace(duplicate_key(shown, ctx.units), &t);
      }
    }
  }

  void add(const ImportRow& row) {
    RowErrors errors(src_.name, row, plan_.errors);
    std::optional<Task> task = row_task(row, errors);
    if (!task) {
      return;
    }
    const std::string key = duplicate_key(*task, ctx_.units);
    if (repeats_earlier_row(*task, key, row, errors)) {
      return;
    }
    if (const Task* match = ledger_match(*task, key)) {
      plan_match(*match, *task, row, errors);
      return;
    }
    if (keeps_given_id(*task, row, errors)) {
      check_rest_day(row, task->due);
      fresh_.push_back(std::move(*task));
    }
  }

  ImportPlan finish(const std::function<std::string(int)>& next_id) {
    constexpr size_t k_rest_day_lines = 10;
    for (size_t i = 0; i < rest_days_.size() && i < k_rest_day_lines; ++i) {
      plan_.warnings.push_back(std::move(rest_days_[i]));
    }
    if (rest_days_.size() > k_rest_day_lines) {
      plan_.warnings.push_back(fmt::format("{}: {} more rows have a deadline on a rest day (kept)",
                                           src_.name, rest_days_.size() - k_rest_day_lines));
    }
    number_fresh(next_id);
    plan_.create = std::move(fresh_);
    for (auto& [id, t] : updates_) {
      plan_.update.push_back(std::move(t));
    }
    return std::move(plan_);
  }

 private:
  // The row's task: built from its cells, or the whole task it holds, validated.
  std::optional<Task> row_task(const ImportRow& row, RowErrors& errors) {
    std::optional<Task> task =
        row.full ? row.full : build_row_task(row, ctx_, plan_.added_units, errors);
    if (task && row.full) {
      for (const Problem& p : validate_task(*task, ctx_.config, ctx_.units)) {
        errors.add(p.where, p.message);
      }
      if (errors.count() > 0) {
        return std::nullopt;
      }
    }
    return task;
  }

  // Whether an earlier row of the file holds the same task (key or uid).
  bool repeats_earlier_row(const Task& task, const std::string& key, const ImportRow& row,
                           RowErrors& errors) {
    if (auto [it, fresh_key] = rows_by_key_.emplace(key, row.row); !fresh_key) {
      errors.add(task.ref.empty() ? "title" : "ref",
                 fmt::format("the same task as row {}", it->second));
      return true;
    }
    if (!task.uid.empty()) {
      if (auto [it, fresh_uid] = rows_by_uid_.emplace(task.uid, row.row); !fresh_uid) {
        errors.add("uid", fmt::format("the same task as row {}", it->second));
        return true;
      }
    }
    return false;
  }

  // The same item: the same uid (an export of this ledger), else the same
  // ref and title; an id taken by another task is just renumbered.
  const Task* ledger_match(const Task& task, const std::string& key) const {
    if (auto it = by_uid_.find(task.uid); !task.uid.empty() && it != by_uid_.end()) {
      return it->second;
    }
    if (auto k = by_key_.find(key); k != by_key_.end()) {
      return k->second;
    }
    return nullptr;
  }

  // A row that names a task of the ledger: an error, a skip or an update (--on-duplicate).
  void plan_match(const Task& match, const Task& task, const ImportRow& row, RowErrors& errors) {
    if (ctx_.on_duplicate == OnDuplicate::error) {
      errors.add(task.ref.empty() ? "title" : "ref",
                 fmt::format("already in the ledger as {}", match.id));
    } else if (ctx_.on_duplicate == OnDuplicate::skip) {
      plan_.skipped.push_back(match.id);
    } else if (std::optional<Task> updated =
                   update_task(updates_.count(match.id) ? updates_[match.id] : match, task, row,
                               ctx_, errors, plan_.warnings)) {
      if (updated->due != match.due) {
        check_rest_day(row, updated->due);
      }
      updates_[match.id] = std::move(*updated);
    } else if (errors.count() == 0) {
      plan_.skipped.push_back(match.id);
    }
  }

  // Whether a new task's id, when the row gives one, is valid and given once
  // in the file; one the ledger already uses is cleared, to be numbered anew.
  bool keeps_given_id(Task& task, const ImportRow& row, RowErrors& errors) {
    if (task.id.empty()) {
      return true;
    }
    if (!is_valid_task_id(task.id)) {
      errors.add("id", fmt::format("'{}' is not a task id (YYYY-NNNN)", task.id));
      return false;
    }
    if (auto [it, fresh_id] = rows_by_id_.emplace(task.id, row.row); !fresh_id) {
      errors.add("id", fmt::format("the id {} is also given on row {}", task.id, it->second));
      return false;
    }
    if (taken_ids_.count(task.id) > 0) {
      task.id.clear();  // taken by another task here: it gets a new one in number_fresh
    }
    return true;
  }

  // A deadline the file gives on a rest day is kept, as a typed one is (SPEC
  // §6), with a warning: one line a row, the first few, then a count.
  void check_rest_day(const ImportRow& row, const std::optional<Date>& due) {
    if (due && !cell(row, "due").empty() && !ctx_.calendar.is_workday(*due)) {
      rest_days_.push_back(
          fmt::format("{}:{}: the deadline {} falls on a rest day: kept, not moved", src_.name,
                      row.row, due->iso()));
    }
  }

  // Ids: keep the ones given when free, then number the rest per year.
  void number_fresh(const std::function<std::string(int)>& next_id) {
    for (const Task& t : fresh_) {
      if (!t.id.empty()) {
        taken_ids_.insert(t.id);
      }
    }
    std::map<int, std::string> next;
    for (Task& t : fresh_) {
      t.uid = new_uid();  // a new task here, whatever uid the file it came from gave it
      if (!t.id.empty()) {
        continue;
      }
      int year = t.created.year();
      std::string id = next.count(year) ? next[year] : next_id(year);
      while (taken_ids_.count(id) > 0) {
        id = next_in_sequence(id, year);
      }
      t.id = id;
      taken_ids_.insert(id);
      next[year] = next_in_sequence(id, year);
    }
  }

  const ImportSource& src_;
  ImportContext& ctx_;
  ImportPlan plan_;
  std::map<std::string, const Task*> by_key_;  // the ledger's tasks by duplicate_key
  std::map<std::string, const Task*> by_uid_;
  std::set<std::string> taken_ids_;
  std::map<std::string, int> rows_by_key_;  // rows of the file seen so far
  std::map<std::string, int> rows_by_uid_;
  std::map<std::string, int> rows_by_id_;
  std::map<std::string, Task> updates_;
  std::vector<Task> fresh_;
  std::vector<std::string> rest_days_;
};

// One cell of a table (a CSV record, a sheet row): its column, its text,
// and what is wrong with it when it holds no value (an Excel error).
struct TableCell {
  int column = 0;
  std::string value;
  std::string problem;
};

struct TableRecord {
  int row = 0;
  std::vector<TableCell> cells;  // in column order
};

// How many rows of a sheet may come before its header (titles, blank rows).
constexpr size_t k_header_search_rows = 20;

// Whether a sheet row is the header: a row whose filled cells are mostly
// known headers (or ones duban.yaml names or --ignore-column leaves out),
// one of them a field.
bool is_header_row(const TableRecord& r, const ImportColumns& columns) {
  int filled = 0;
  int known = 0;
  bool field = false;
  for (const TableCell& c : r.cells) {
    if (trim(c.value).empty()) {
      continue;
    }
    ++filled;
    const ColumnRole role = column_role(c.value, columns);
    known += role.unknown ? 0 : 1;
    field = field || role.field.has_value();
  }
  return field && known * 2 > filled;
}

// A source named `name`, with the errors of duban.yaml's import_columns.
ImportSource source_named(const std::string& name, const ImportColumns& columns) {
  ImportSource src;
  src.name = name;
  for (const auto& [header, field] : columns.extra) {
    if (field != "ignore" && !is_import_field(field)) {
      src.errors.push_back(
          fmt::format("duban.yaml: import_columns: {}: '{}' is not a task field ({})", header,
                      field, field_list()));
    }
  }
  return src;
}

// The rows [first, last) under `header` into `src`. A header that is neither
// a known field nor ignored is an error (with a did-you-mean), never skipped;
// so is a filled cell outside the named columns.
void read_table(ImportSource& src, const TableRecord& header,
                std::vector<TableRecord>::const_iterator first,
                std::vector<TableRecord>::const_iterator last, const ImportColumns& columns) {
  const std::string& name = src.name;
  const size_t width = header.cells.empty() ? 0 : static_cast<size_t>(header.cells.back().column);
  std::vector<std::optional<std::string>> fields(width);
  std::vector<std::string> headers(width);
  std::vector<bool> unnamed(width, true);  // a column without a header: it must stay empty
  std::set<std::string> seen;
  for (const TableCell& h : header.cells) {
    const size_t c = static_cast<size_t>(h.column - 1);
    const ColumnRole role = column_role(h.value, columns);
    headers[c] = h.value;
    unnamed[c] = trim(h.value).empty();
    if (role.unknown && !unnamed[c]) {
      src.errors.push_back(unknown_column_message(
          fmt::format("{}:{}:{}: column", name, header.row, h.column), h.value));
    }
    if (role.field && !seen.insert(*role.field).second) {
      src.errors.push_back(
          fmt::format("{}:{}:{}: a second column for {}", name, header.row, h.column, *role.field));
    }
    fields[c] = role.field;
  }
  if (!seen.count("title")) {
    src.errors.push_back(
        fmt::format("{}:{}: no title column (标题 or 事项名称)", name, header.row));
    return;
  }
  for (auto r = first; r != last; ++r) {
    ImportRow row;
    row.row = r->row;
    for (const TableCell& cell : r->cells) {
      const size_t c = static_cast<size_t>(cell.column - 1);
      const bool blank = trim(cell.value).empty() && cell.problem.empty();
      if (c < width && fields[c] && !cell.problem.empty()) {
        src.errors.push_back(
            fmt::format("{}:{}:{}: {}: {}", name, row.row, cell.column, headers[c], cell.problem));
      } else if (c < width && fields[c]) {
        row.cells[*fields[c]] = ImportCell{cell.value, cell.column, headers[c]};
      } else if (c >= width && !blank) {
        src.errors.push_back(
            fmt::format("{}:{}:{}: more cells than header columns", name, row.row, cell.column));
      } else if (c < width && unnamed[c] && !blank) {
        src.errors.push_back(fmt::format(
            "{}:{}:{}: a cell in a column without a header: name the column or empty it", name,
            row.row, cell.column));
        unnamed[c] = false;  // once per column
      }
    }
    src.rows.push_back(std::move(row));
  }
}

}  // namespace

std::optional<std::string> canonical_field(const std::string& header) {
  const std::string h = normalise_header(header);
  if (auto f = builtin_field(h)) {
    return f;
  }
  // 办结时限（年月日）: a remark in brackets after the name.
  if (size_t open = h.rfind('('); open != std::string::npos && open > 0 && h.back() == ')') {
    return builtin_field(h.substr(0, open));
  }
  return std::nullopt;
}

bool is_import_field(std::string_view field) {
  return std::any_of(header_names().begin(), header_names().end(),
                     [&](const HeaderName& n) { return field == n.field; });
}

ImportSource read_csv_rows(const std::string& text, const std::string& name,
                           const ImportColumns& columns) {
  ImportSource src = source_named(name, columns);
  std::vector<CsvRecord> records = parse_csv(text, name);
  if (records.empty()) {
    src.errors.push_back(fmt::format("{}:1: the file is empty", name));
    return src;
  }
  std::vector<TableRecord> table;
  table.reserve(records.size());
  for (CsvRecord& r : records) {
    TableRecord t{r.row, {}};
    t.cells.reserve(r.fields.size());
    for (size_t c = 0; c < r.fields.size(); ++c) {
      t.cells.push_back(TableCell{static_cast<int>(c + 1), std::move(r.fields[c]), ""});
    }
    table.push_back(std::move(t));
  }
  read_table(src, table.front(), table.begin() + 1, table.end(), columns);
  return src;
}

ImportSource read_xlsx_rows(std::string bytes, const std::string& name,
                            const ImportColumns& columns, const std::string& sheet_name) {
  ImportSource src = source_named(name, columns);
  const xlsx::Sheet sheet =
      xlsx::Workbook::from_bytes(std::move(bytes), name).read_sheet(sheet_name);
  std::vector<TableRecord> table;
  table.reserve(sheet.rows.size());
  for (const xlsx::Row& r : sheet.rows) {
    TableRecord t{r.row, {}};
    bool blank = true;
    for (const xlsx::Cell& c : r.cells) {
      TableCell cell{c.column, c.value(), c.type == xlsx::CellType::error ? c.text : ""};
      blank = blank && trim(cell.value).empty() && cell.problem.empty();
      t.cells.push_back(std::move(cell));
    }
    if (!blank) {
      table.push_back(std::move(t));
    }
  }
  // The header: the first row, among the first few, whose cells are mostly
  // known headers; a title (often merged across the table) and blank rows
  // above it are left out.
  const size_t search = std::min(table.size(), k_header_search_rows);
  const auto header = std::find_if(table.begin(), table.begin() + static_cast<long>(search),
                                   [&](const TableRecord& r) { return is_header_row(r, columns); });
  if (header == table.begin() + static_cast<long>(search)) {
    src.errors.push_back(fmt::format(
        "{}: sheet '{}': no header row in its first {} rows: the header names the columns, "
        "such as 标题, 牵头单位, 办结时限 (or title, lead, due)",
        name, sheet.name, k_header_search_rows));
    return src;
  }
  read_table(src, *header, header + 1, table.end(), columns);
  return src;
}

ImportSource read_yaml_rows(const std::string& text, const std::string& name,
                            const ImportColumns& columns) {
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
    // A whole task (an export, or a task file): its log and milestones are
    // read as the file format says; a task never handed over has no log.
    if (item["log"] || item["milestones"]) {
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
      // A key is a column: one neither known nor ignored fails the import.
      const ColumnRole role = column_role(kv.first.Scalar(), columns);
      if (role.unknown && !row.full) {
        src.errors.push_back(
            unknown_column_message(fmt::format("{}:{}: key", name, row.row), kv.first.Scalar()));
        continue;
      }
      const std::optional<std::string>& f = role.field;
      if (!f || kv.second.IsNull()) {
        continue;
      }
      row.cells[*f] = ImportCell{cell_text(kv.second), 0, kv.first.Scalar()};
    }
    src.rows.push_back(std::move(row));
  }
  return src;
}

ImportPlan plan_import(const ImportSource& src, const std::vector<Task>& existing,
                       ImportContext& ctx, const std::function<std::string(int)>& next_id) {
  ImportPlanner planner(src, existing, ctx);
  for (const ImportRow& row : src.rows) {
    planner.add(row);
  }
  return planner.finish(next_id);
}

}  // namespace duban
