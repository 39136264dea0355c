#include "core/feedback.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <utility>

#include "core/error.hpp"
#include "core/lifecycle.hpp"

namespace duban {

namespace {

// What one row asks for: up to three entries, before they are checked
// against the log.
struct Wanted {
  std::optional<LogEntry> progress;
  std::optional<LogEntry> request;
  std::optional<LogEntry> done;
};

// The order entries are applied in on one task: every unit's progress, then
// the lead's request, then its closing (after which nothing may be logged).
enum class Step { progress, request, done };

struct Action {
  std::string id;
  Step step;
  LogEntry entry;
  std::string where;  // the row's A cell, for a refusal of the lifecycle
};

std::string canonical_unit(const Units& units, const std::string& name) {
  return units.canonical(name).value_or(name);
}

std::string contact_of(const FeedbackRow& r) {
  if (r.filler.empty() || r.phone.empty()) {
    return r.filler + r.phone;
  }
  return r.filler + " " + r.phone;
}

// The entries of row `r` of unit `unit`'s form `number`, with their fields in
// the order the lifecycle writes them, then contact and form.
Wanted wanted_entries(const FeedbackRow& r, const std::string& unit, const std::string& number,
                      Date date) {
  Wanted w;
  std::string contact = contact_of(r);
  auto finish = [&](LogEntry& e) {
    e.set("contact", contact);
    contact.clear();  // on the row's first entry only
    e.set("form", number);
  };
  if (!r.progress.empty() || r.percent) {
    LogEntry e{date, "progress", {}, {}};
    e.set("by", unit).set("text", r.progress);
    if (r.percent) {
      e.set_number("percent", *r.percent);
    }
    finish(e);
    w.progress = std::move(e);
  }
  if (r.extend_to) {
    LogEntry e{date, "extend-request", {}, {}};
    e.set("by", unit).set_date("to", *r.extend_to).set("reason", r.reason);
    finish(e);
    w.request = std::move(e);
  }
  if (r.finished) {
    LogEntry e{date, "done", {}, {}};
    e.set("result", r.result.empty() ? r.progress : r.result);
    finish(e);
    w.done = std::move(e);
  }
  return w;
}

// Whether `a` and `b` have the same type and fields, their dates and
// contacts aside: who signed a row does not make what it says new.
bool same_entry(const LogEntry& a, const LogEntry& b) {
  if (a.type != b.type) {
    return false;
  }
  const auto said = [](const LogEntry& e) {
    return std::count_if(e.fields.begin(), e.fields.end(),
                         [](const LogField& f) { return f.key != "contact"; });
  };
  return said(a) == said(b) &&
         std::all_of(a.fields.begin(), a.fields.end(), [&b](const LogField& f) {
           return f.key == "contact" || (b.has(f.key) && b.get(f.key) == f.value);
         });
}

bool in_log(const Task& t, const LogEntry& e) {
  return std::any_of(t.log.begin(), t.log.end(),
                     [&e](const LogEntry& x) { return same_entry(e, x); });
}

// The office's answer (an `extend` or `extend-refuse` entry) to a request
// that unit `unit` made on form `number`, or nullptr when there is none: a
// form asks once, and its request answered is not asked again.
const LogEntry* answered_request(const Task& t, const std::string& unit,
                                 const std::string& number) {
  bool asked = false;
  for (const LogEntry& e : t.log) {
    if (e.type == "extend-request") {
      asked = e.get("by") == unit && e.get("form") == number;
    } else if (asked && (e.type == "extend" || e.type == "extend-refuse")) {
      return &e;
    }
  }
  return nullptr;
}

bool same_values(const FeedbackRow& a, const FeedbackRow& b) {
  return a.progress == b.progress && a.percent == b.percent && a.finished == b.finished &&
         a.result == b.result && a.extend_to == b.extend_to && a.reason == b.reason &&
         a.filler == b.filler && a.phone == b.phone;
}

// The refusal of one cell: `file:row:column: message`.
std::string cell_error(const FeedbackFile& f, const FeedbackRow& r, int column,
                       const std::string& message) {
  return fmt::format("{}:{}:{}: {}", f.name, r.row, form_column_letter(column), message);
}

class Planner {
 public:
  Planner(const std::function<std::optional<Task>(const std::string&)>& task, const Units& units,
          Date date)
      : task_(task), units_(units), date_(date) {}

  void row(const FeedbackFile& f, const std::string& unit, const FeedbackRow& r);
  FeedbackPlan finish();

 private:
  Task* find(const std::string& id) {
    auto it = tasks_.find(id);
    if (it == tasks_.end()) {
      it = tasks_.emplace(id, task_(id)).first;
    }
    return it->second ? &*it->second : nullptr;
  }
  bool role_allows(const FeedbackFile& f, const std::string& unit, const FeedbackRow& r,
                   const Task& t);
  bool first_time(const FeedbackFile& f, const std::string& unit, const FeedbackRow& r);

  const std::function<std::optional<Task>(const std::string&)>& task_;
  const Units& units_;
  Date date_;
  std::map<std::string, std::optional<Task>> tasks_;
  // Rows seen per task and unit, to find one given twice.
  std::map<std::pair<std::string, std::string>, std::pair<const FeedbackFile*, const FeedbackRow*>>
      seen_;
  std::vector<Action> actions_;
  FeedbackPlan plan_;
};

bool Planner::role_allows(const FeedbackFile& f, const std::string& unit, const FeedbackRow& r,
                          const Task& t) {
  const bool leads = canonical_unit(units_, t.lead) == unit;
  const bool co = std::any_of(t.co.begin(), t.co.end(), [&](const std::string& c) {
    return canonical_unit(units_, c) == unit;
  });
  if (!leads && !co) {
    plan_.errors.push_back(cell_error(
        f, r, k_fc_id,
        fmt::format("{} neither leads nor co-operates on {} (lead: {}); a row from another "
                    "unit's form?",
                    unit, t.id, t.lead.empty() ? "none" : t.lead)));
    return false;
  }
  bool ok = true;
  if (!leads && r.finished) {
    plan_.errors.push_back(
        cell_error(f, r, k_fc_finished,
                   fmt::format("{} only co-operates on {}: only the lead unit ({}) may close it",
                               unit, t.id, t.lead)));
    ok = false;
  }
  if (!leads && r.extend_to) {
    plan_.errors.push_back(cell_error(
        f, r, k_fc_extend_to,
        fmt::format("{} only co-operates on {}: only the lead unit ({}) may ask for an extension",
                    unit, t.id, t.lead)));
    ok = false;
  }
  return ok;
}

bool Planner::first_time(const FeedbackFile& f, const std::string& unit, const FeedbackRow& r) {
  const auto [it, fresh] = seen_.try_emplace({r.id, unit}, &f, &r);
  if (fresh) {
    return true;
  }
  const auto& [pf, pr] = it->second;
  if (same_values(*pr, r)) {
    ++plan_.rows_already;  // the same row twice: recorded once
  } else {
    plan_.errors.push_back(cell_error(
        f, r, k_fc_id,
        fmt::format("{} of {} is also on {}:{} with other values", r.id, unit, pf->name, pr->row)));
  }
  return false;
}

void Planner::row(const FeedbackFile& f, const std::string& unit, const FeedbackRow& r) {
  Task* t = find(r.id);
  if (t == nullptr) {
    plan_.errors.push_back(cell_error(f, r, k_fc_id, fmt::format("no task {}", r.id)));
    return;
  }
  if (r.original && r.original->uid != identity_of(*t)) {
    plan_.errors.push_back(cell_error(
        f, r, k_fc_id,
        fmt::format("the form was made for another task numbered {} (its uid differs)", r.id)));
    return;
  }
  // A CSV form has no originals: the title is checked against the task. An
  // .xlsx form's title is its original (the reader checked): a task reworded
  // since the form went out may no longer be what the unit answered about.
  if (r.title != t->title) {
    plan_.errors.push_back(cell_error(
        f, r, k_fc_title,
        r.original ? fmt::format("{}: {} is now titled {}; the form was made when it read {} "
                                 "(send the unit a new form)",
                                 "事项", r.id, t->title, r.title)
                   : fmt::format("the title is not that of {}: a protected cell was edited, or "
                                 "the row belongs elsewhere",
                                 r.id)));
    return;
  }
  if (!role_allows(f, unit, r, *t) || !first_time(f, unit, r)) {
    return;
  }
  Wanted w = wanted_entries(r, unit, f.number, date_);
  std::vector<std::pair<Step, LogEntry*>> fresh;
  for (auto [step, e] : {std::pair{Step::progress, &w.progress},
                         std::pair{Step::request, &w.request}, std::pair{Step::done, &w.done}}) {
    if (!*e) {
      continue;
    }
    const bool recorded = in_log(*t, **e);
    plan_.entries.push_back({t->id, **e, recorded});
    if (!recorded) {
      fresh.emplace_back(step, &**e);
    }
  }
  if (fresh.empty()) {
    ++plan_.rows_already;
    return;
  }
  if (!is_open(t->status)) {
    plan_.errors.push_back(
        cell_error(f, r, r.finished ? k_fc_finished : k_fc_id,
                   fmt::format("{} is {} already: nothing more can be recorded on it", t->id,
                               to_string(t->status))));
    return;
  }
  if (!may_log_on(*t, date_)) {
    plan_.errors.push_back(cell_error(
        f, r, k_fc_id,
        fmt::format("{} has log entries after {} (the log is kept in date order): give a later "
                    "--date",
                    t->id, date_.iso())));
    return;
  }
  const bool asks = std::any_of(fresh.begin(), fresh.end(),
                                [](const auto& f) { return f.first == Step::request; });
  if (const LogEntry* answer = asks ? answered_request(*t, unit, f.number) : nullptr) {
    plan_.errors.push_back(cell_error(
        f, r, k_fc_extend_to,
        fmt::format("the request of {} for {} was {} on {}: ask again on the next form", f.number,
                    t->id, answer->type == "extend" ? "approved" : "refused", answer->date.iso())));
    return;
  }
  if (asks && t->due && *r.extend_to <= *t->due) {
    plan_.errors.push_back(
        cell_error(f, r, k_fc_extend_to,
                   fmt::format("the date asked for, {}, is not after the deadline {}",
                               r.extend_to->iso(), t->due->iso())));
    return;
  }
  const std::string where = fmt::format("{}:{}:{}", f.name, r.row, form_column_letter(k_fc_id));
  for (auto& [step, e] : fresh) {
    actions_.push_back({t->id, step, *e, where});
  }
  ++plan_.rows_recorded;
}

// Log entry `e` through the lifecycle (which guards status and order), then
// add the fields it does not know: contact and form.
void apply(Task& t, const LogEntry& e, Date date) {
  if (e.type == "progress") {
    ProgressInput in;
    in.by = e.get("by");
    in.text = e.get("text");
    if (e.has("percent")) {
      in.percent = std::stoi(e.get("percent"));
    }
    record_progress(t, date, in);
  } else if (e.type == "extend-request") {
    request_extension(t, date, e.get("by"), *parse_iso_date(e.get("to")), e.get("reason"));
  } else {
    close_task(t, date, e.get("result"), "");
  }
  LogEntry& added = t.log.back();
  added.set("contact", e.get("contact"));
  added.set("form", e.get("form"));
}

FeedbackPlan Planner::finish() {
  std::stable_sort(actions_.begin(), actions_.end(), [](const Action& a, const Action& b) {
    return a.id != b.id ? a.id < b.id : a.step < b.step;
  });
  std::map<std::string, Task> changed;
  for (const Action& a : actions_) {
    auto it = changed.find(a.id);
    if (it == changed.end()) {
      it = changed.emplace(a.id, *tasks_.at(a.id)).first;
    }
    try {
      apply(it->second, a.entry, date_);
    } catch (const Error& e) {
      plan_.errors.push_back(fmt::format("{}: {}", a.where, e.what()));
    }
  }
  for (auto& [id, t] : changed) {
    plan_.changed.push_back(std::move(t));
  }
  return std::move(plan_);
}

}  // namespace

std::string form_column_letter(int column) {
  return std::string(1, static_cast<char>('A' + column));
}

FeedbackPlan plan_feedback(const std::vector<FeedbackFile>& files,
                           const std::function<std::optional<Task>(const std::string&)>& task,
                           const Units& units, Date date) {
  Planner planner(task, units, date);
  for (const FeedbackFile& f : files) {
    const std::string unit = canonical_unit(units, f.unit);
    for (const FeedbackRow& r : f.rows) {
      planner.row(f, unit, r);
    }
  }
  return planner.finish();
}

}  // namespace duban
