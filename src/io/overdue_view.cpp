#include "io/overdue_view.hpp"

#include <fmt/format.h>

#include "io/text.hpp"

namespace duban {

namespace {

std::string date_or_empty(const std::optional<Date>& d) {
  return d ? d->iso() : "";
}

// The level reached by the as-of day, with its name.
std::string escalation_text(int level, const Config& config) {
  return level == 0 ? "0" : fmt::format("{} {}", level, config.escalation_name(level));
}

// Notes that explain a row: feedback late, escalation due, a missed milestone.
std::string notes_of(const OverdueItem& i, const TaskViewContext& v) {
  std::vector<std::string> notes;
  if (!i.late_milestone.empty()) {
    notes.push_back(format_label("overdue.milestone_late", v.lang, i.late_milestone));
  }
  if (i.feedback_late) {
    notes.emplace_back(label("overdue.feedback_late", v.lang));
  }
  if (i.escalation_due) {
    notes.push_back(
        format_label("overdue.escalation_due", v.lang, v.config.escalation_name(i.escalation + 1)));
  }
  return join(notes, label("overdue.note_separator", v.lang));
}

std::string title_line(const OverdueList& list, const TaskViewContext& v) {
  return format_label("overdue.title", v.lang, v.config.office, list.as_of.iso());
}

std::string summary_line(const OverdueList& list, const TaskViewContext& v) {
  return format_label("overdue.summary", v.lang, list.red, list.yellow, list.feedback_late);
}

const char* style_of(Light l) {
  return l == Light::red ? "31" : l == Light::yellow ? "33" : "";
}

// The table of text and Markdown; the unit is named on its group's first row only.
Table overdue_table(const OverdueList& list, const TaskViewContext& v) {
  Table t;
  t.headers = labels_of({"col.lead", "col.id", "col.light", "col.title", "col.kind", "col.owner",
                         "col.due", "overdue.days", "overdue.workdays", "col.escalation",
                         "overdue.last_feedback", "overdue.listed", "overdue.notes"},
                        v.lang);
  t.align = {Align::left, Align::left, Align::left,  Align::left, Align::left,
             Align::left, Align::left, Align::right, Align::right};
  t.shrink_column = 3;
  std::string previous;
  for (const OverdueItem& i : list.items) {
    const Task& task = *i.task;
    const bool red = i.lateness.light == Light::red;
    t.rows.push_back({i.lead == previous ? "" : i.lead, task.id,
                      std::string(light_label(i.lateness.light, v.lang)), task.title,
                      kind_label(task.kind, v), task.owner, date_or_empty(i.due),
                      red ? std::to_string(i.lateness.days_overdue) : "",
                      red ? std::to_string(i.lateness.workdays_overdue) : "",
                      escalation_text(i.escalation, v.config), date_or_empty(i.last_progress),
                      task.listed ? "★" : "", notes_of(i, v)});
    std::vector<std::string> styles(t.headers.size());
    styles[2] = style_of(i.lateness.light);
    t.styles.push_back(std::move(styles));
    previous = i.lead;
  }
  return t;
}

// The pending requests: what each unit asked for, and when.
Table requests_table(const FeedbackWatch& w, const TaskViewContext& v) {
  Table t;
  t.headers = labels_of({"col.id", "col.title", "col.lead", "overdue.request_by",
                         "overdue.request_to", "overdue.request_date", "overdue.request_reason"},
                        v.lang);
  t.shrink_column = 1;
  for (const PendingRequest& r : w.requests) {
    t.rows.push_back({r.task->id, r.task->title, r.lead, r.by, r.to.iso(), r.date.iso(), r.reason});
  }
  return t;
}

// The notices not signed for, by unit.
Table unsigned_table(const FeedbackWatch& w, const TaskViewContext& v) {
  Table t;
  t.headers = labels_of(
      {"col.unit", "col.id", "col.title", "overdue.notice_sent", "overdue.notice_reply_by"},
      v.lang);
  t.shrink_column = 2;
  std::string previous;
  for (const UnsignedItem& u : w.unsigned_notices) {
    t.rows.push_back({u.notice.unit == previous ? "" : u.notice.unit, u.task->id, u.task->title,
                      u.notice.sent.iso(), u.notice.reply_by.iso()});
    previous = u.notice.unit;
  }
  return t;
}

// The sections after the list, each with its title, in `render` (text or Markdown).
template <typename Render>
std::string watch_sections(const FeedbackWatch& w, const TaskViewContext& v, Render render) {
  std::string out;
  if (!w.requests.empty()) {
    out += render(label("overdue.requests", v.lang), requests_table(w, v));
  }
  if (!w.unsigned_notices.empty()) {
    out += render(label("overdue.unsigned", v.lang), unsigned_table(w, v));
  }
  return out;
}

}  // namespace

std::string render_overdue_text(const OverdueList& list, const FeedbackWatch& watch,
                                const TaskViewContext& v, int max_width) {
  std::string out = sanitize_terminal(title_line(list, v)) + "\n\n";
  if (!list.items.empty()) {
    out += render_table_text(overdue_table(list, v), TextTableOptions{v.color, max_width}) + "\n";
  }
  out += summary_line(list, v) + "\n";
  return out + watch_sections(watch, v, [&](std::string_view title, const Table& t) {
           return "\n" + std::string(title) + "\n\n" +
                  render_table_text(t, TextTableOptions{v.color, max_width});
         });
}

std::string render_overdue_markdown(const OverdueList& list, const FeedbackWatch& watch,
                                    const TaskViewContext& v) {
  std::string out = "# " + markdown_text(title_line(list, v)) + "\n\n";
  if (!list.items.empty()) {
    out += render_table_markdown(overdue_table(list, v)) + "\n";
  }
  out += summary_line(list, v) + "\n";
  return out + watch_sections(watch, v, [](std::string_view title, const Table& t) {
           return "\n## " + markdown_text(title) + "\n\n" + render_table_markdown(t);
         });
}

// The machine table of CSV and .xlsx: JSON keys as headers, raw values.
Table overdue_fields(const OverdueList& list) {
  Table t;
  t.headers = {"id",         "title",         "kind",          "lead",         "co",
               "owner",      "due",           "light",         "days_overdue", "workdays_overdue",
               "escalation", "feedback_late", "last_progress", "listed",       "escalation_due"};
  for (const OverdueItem& i : list.items) {
    const Task& task = *i.task;
    std::string co;
    for (const std::string& c : task.co) {
      co += (co.empty() ? "" : "、") + c;
    }
    t.rows.push_back({task.id, task.title, task.kind, i.lead, co, task.owner, date_or_empty(i.due),
                      std::string(to_string(i.lateness.light)),
                      std::to_string(i.lateness.days_overdue),
                      std::to_string(i.lateness.workdays_overdue), std::to_string(i.escalation),
                      i.feedback_late ? "true" : "false", date_or_empty(i.last_progress),
                      task.listed ? "true" : "false", i.escalation_due ? "true" : "false"});
  }
  return t;
}

std::string render_overdue_csv(const OverdueList& list, const TaskViewContext& v) {
  return render_fields_csv(overdue_fields(list), v);
}

std::string render_overdue_xlsx(const OverdueList& list, const TaskViewContext& v) {
  const FieldTypes types = {{"due", CellType::date},
                            {"last_progress", CellType::date},
                            {"days_overdue", CellType::integer},
                            {"workdays_overdue", CellType::integer},
                            {"escalation", CellType::integer}};
  return render_xlsx({fields_sheet(overdue_fields(list), types, v, label("overdue.sheet", v.lang),
                                   {title_line(list, v), summary_line(list, v)})});
}

std::string render_overdue_json(const OverdueList& list, const FeedbackWatch& watch,
                                const TaskViewContext&) {
  JsonWriter w;
  w.begin_object().key("as_of").value(list.as_of.iso());
  w.key("summary").begin_object();
  w.key("red")
      .value(list.red)
      .key("yellow")
      .value(list.yellow)
      .key("feedback_late")
      .value(list.feedback_late)
      .key("pending_requests")
      .value(static_cast<int>(watch.requests.size()))
      .key("unsigned")
      .value(static_cast<int>(watch.unsigned_notices.size()));
  w.end_object();
  w.key("items").begin_array();
  for (const OverdueItem& i : list.items) {
    const Task& task = *i.task;
    w.begin_object();
    w.key("id").value(task.id).key("title").value(task.title).key("kind").value(task.kind);
    w.key("lead").optional(i.lead);
    w.key("co").begin_array();
    for (const std::string& c : task.co) {
      w.value(c);
    }
    w.end_array();
    w.key("owner").optional(task.owner);
    w.key("due").optional(date_or_empty(i.due));
    w.key("light").value(to_string(i.lateness.light));
    w.key("days_overdue").value(i.lateness.days_overdue);
    w.key("workdays_overdue").value(i.lateness.workdays_overdue);
    w.key("escalation").value(i.escalation);
    w.key("feedback_late").value(i.feedback_late);
    w.key("last_progress");
    if (i.last_progress) {
      w.value(i.last_progress->iso());
    } else {
      w.null();
    }
    w.key("listed").value(task.listed);
    w.key("escalation_due").value(i.escalation_due);
    w.end_object();
  }
  w.end_array();
  w.key("requests").begin_array();
  for (const PendingRequest& r : watch.requests) {
    w.begin_object();
    w.key("id").value(r.task->id).key("title").value(r.task->title);
    w.key("lead").optional(r.lead);
    w.key("by").optional(r.by);
    w.key("date").value(r.date.iso()).key("to").value(r.to.iso());
    w.key("reason").optional(r.reason);
    w.end_object();
  }
  w.end_array();
  w.key("unsigned").begin_array();
  for (const UnsignedItem& u : watch.unsigned_notices) {
    w.begin_object();
    w.key("unit").value(u.notice.unit);
    w.key("id").value(u.task->id).key("title").value(u.task->title);
    w.key("sent").value(u.notice.sent.iso()).key("reply_by").value(u.notice.reply_by.iso());
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return w.str();
}

}  // namespace duban
