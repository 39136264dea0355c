#include "io/task_view.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "core/history.hpp"
#include "io/text.hpp"

namespace duban {

namespace {

const char* light_style(Light l) {
  switch (l) {
    case Light::red:
      return "31";
    case Light::yellow:
      return "33";
    case Light::green:
      return "32";
    case Light::none:
      return "";
  }
  return "";
}

std::string styled(const std::string& text, const char* sgr, bool color) {
  if (!color || *sgr == '\0' || text.empty()) {
    return text;
  }
  return fmt::format("\x1b[{}m{}\x1b[0m", sgr, text);
}

// Unknown keys were kept as YAML text; JSON gets them as data again. `budget`
// bounds the values written, so aliases cannot expand without limit.
void write_yaml_as_json(JsonWriter& w, const YAML::Node& n, int& budget) {
  if (--budget < 0) {
    w.null();
    return;
  }
  if (n.IsMap()) {
    w.begin_object();
    for (const auto& kv : n) {
      w.key(kv.first.Scalar());
      write_yaml_as_json(w, kv.second, budget);
    }
    w.end_object();
  } else if (n.IsSequence()) {
    w.begin_array();
    for (const auto& item : n) {
      write_yaml_as_json(w, item, budget);
    }
    w.end_array();
  } else if (n.IsNull()) {
    w.null();
  } else {
    w.value(n.Scalar());
  }
}

void write_extra_json(JsonWriter& w, const std::vector<ExtraField>& extra) {
  for (const ExtraField& f : extra) {
    w.key(f.key);
    try {
      int budget = 100000;
      write_yaml_as_json(w, YAML::Load(f.yaml), budget);
    } catch (const YAML::Exception&) {
      w.value(f.yaml);
    }
  }
}

void write_strings(JsonWriter& w, std::string_view key, const std::vector<std::string>& items) {
  w.key(key).begin_array();
  for (const std::string& s : items) {
    w.value(s);
  }
  w.end_array();
}

void write_optional(JsonWriter& w, std::string_view key, const std::string& value) {
  w.key(key).optional(value);
}

void write_log_json(JsonWriter& w, const LogEntry& e) {
  w.begin_object().key("date").value(e.date.iso()).key("type").value(e.type);
  for (const LogField& f : e.fields) {
    if (f.is_list) {
      write_strings(w, f.key, f.items);
    } else if (f.plain && !f.value.empty() &&
               f.value.find_first_not_of("0123456789") == std::string::npos &&
               f.value.size() < 10) {
      w.key(f.key).value(std::stoll(f.value));
    } else {
      w.key(f.key).value(f.value);
    }
  }
  write_extra_json(w, e.extra);
  w.end_object();
}

// One line of the timeline: what happened, in the clerk's words.
std::string describe_entry(const LogEntry& e, Lang lang) {
  std::vector<std::string> parts;
  const std::string& to = e.get("to");
  if (e.type == "assign") {
    parts.push_back(e.has("from") ? e.get("from") + " → " + to : to);
    for (const LogField& f : e.fields) {
      if (f.key == "co" && f.is_list) {
        parts.push_back(format_label("timeline.co", lang, join(f.items, "、")));
      }
    }
    if (e.has("owner")) {
      parts.push_back(format_label("timeline.owner", lang, e.get("owner")));
    }
  } else if (e.type == "extend") {
    parts.push_back(e.get("from") + " → " + to);
    parts.push_back(e.get("reason"));
  } else if (e.type == "extend-request") {
    // A unit's request: who asked, for which deadline, why.
    parts.push_back(e.get("by") + std::string(label("punct.colon", lang)));
    parts.push_back("→ " + to);
    parts.push_back(e.get("reason"));
  } else if (e.type == "extend-refuse") {
    parts.push_back("→ " + to);
    parts.push_back(e.get("reason"));
  } else if (e.type == "receipt") {
    parts.push_back(e.get("by"));
  } else if (e.type == "escalate") {
    parts.push_back(fmt::format("{} {}", e.get("level"), e.get("name")));
    parts.push_back(e.get("reason"));
  } else {
    const bool new_due =
        e.type == "return" || e.type == "recheck" || e.type == "reopen";  // from/to: deadlines
    for (const LogField& f : e.fields) {
      if (new_due && (f.key == "from" || f.key == "to")) {
        if (f.key == "to") {
          parts.push_back(e.has("from") ? e.get("from") + " → " + f.value : "→ " + f.value);
        }
      } else if (f.is_list) {
        parts.push_back(join(f.items, "、"));
      } else if (f.key == "percent") {
        parts.push_back(f.value + "%");
      } else if (f.key == "by") {
        parts.push_back(f.value + std::string(label("punct.colon", lang)));
      } else if (f.key == "role" && f.value == "co") {  // a remind sent to a co-unit
        parts.emplace_back(label("timeline.co_unit", lang));
      } else {
        parts.push_back(f.value);
      }
    }
  }
  std::erase(parts, std::string());
  std::string out;
  for (const std::string& p : parts) {
    bool glue = !out.empty() && (out.ends_with("：") || out.ends_with(":"));
    out += out.empty() || glue ? "" : "  ";
    out += p;
  }
  return out;
}

}  // namespace

std::string kind_label(const std::string& kind, const TaskViewContext& v) {
  const KindConfig* k = v.config.find_kind(kind);
  if (v.lang == Lang::zh && k && !k->label.empty()) {
    return k->label;
  }
  return kind;
}

std::string render_task_detail(const LitTask& lit, const TaskViewContext& v) {
  const Task& t = *lit.task;
  const Lateness& late = lit.lateness;
  const Lang lang = v.lang;
  std::vector<std::pair<std::string, std::string>> rows;
  auto add = [&](const char* key, const std::string& value) {
    if (!value.empty()) {
      rows.emplace_back(std::string(label(key, lang)), sanitize_terminal(value));
    }
  };
  std::string status(status_label(t.status, lang));
  if (late.light != Light::none) {
    status += " · " +
              styled(std::string(light_label(late.light, lang)), light_style(late.light), v.color);
    if (late.light == Light::red) {
      status +=
          " · " + fmt::format(fmt::runtime(label("word.overdue_days", lang)), late.days_overdue);
    }
  }
  rows.emplace_back(std::string(label("col.status", lang)), status);
  add("col.kind", kind_label(t.kind, v));
  add("col.ref", t.ref);
  add("col.leader", t.leader);
  add("col.lead", t.lead);
  add("col.co", join(t.co, "、"));
  add("col.owner", t.owner);
  add("col.created", t.created.iso());
  std::string due = t.due ? t.due->iso() : "";
  const int extensions = extension_count(t);
  const std::string was = first_due(t);
  if (extensions > 0 && !was.empty()) {
    due += fmt::format("  ({} {}, {})", label("word.was", lang), was,
                       fmt::format(fmt::runtime(label("word.extended", lang)), extensions));
  }
  add("col.due", due);
  if (const LogEntry* r = lit.extension_request) {
    std::string request = format_label("show.extension_request_text", lang, r->get("by"),
                                       r->get("to"), r->date.iso());
    if (!r->get("reason").empty()) {
      request += "  " + r->get("reason");
    }
    add("show.extension_request", request);
  }
  add("col.cadence", t.cadence.empty() ? "" : std::string(label("cadence." + t.cadence, lang)));
  if (t.escalation > 0) {
    add("col.escalation",
        fmt::format("{} {}", t.escalation, v.config.escalation_name(t.escalation)));
  }
  if (t.listed) {
    add("col.listed", std::string(label("word.yes", lang)));
  }
  add("col.tags", join(t.tags, "、"));

  int width = 0;
  for (const auto& [k, value] : rows) {
    width = std::max(width, display_width(k));
  }
  std::string out = fmt::format("{}  {}\n", t.id, sanitize_terminal(t.title));
  // The content (批示内容), line by line under the title.
  for (size_t a = 0, b = 0; a < t.content.size(); a = b + 1) {
    b = std::min(t.content.find('\n', a), t.content.size());
    out += "  " + sanitize_terminal(std::string_view(t.content).substr(a, b - a)) + "\n";
  }
  for (const auto& [k, value] : rows) {
    out += "  " + pad_right(k, width) + "  " + value + "\n";
  }
  if (!t.milestones.empty()) {
    out += fmt::format("  {}\n", label("col.milestones", lang));
    for (size_t i = 0; i < t.milestones.size(); ++i) {
      const Milestone& m = t.milestones[i];
      const bool missed = i < lit.milestones_missed.size() && lit.milestones_missed[i];
      std::string mark = m.done ? "✓" : (missed ? styled("✗", "31", v.color) : "·");
      out += fmt::format("    {} {}. {}  {}", mark, i + 1, sanitize_terminal(m.title), m.due.iso());
      if (m.done) {
        out += fmt::format("  ({} {})", label("word.reached", lang), m.done->iso());
      }
      out += "\n";
    }
  }
  if (!t.log.empty()) {
    int type_width = 0;
    for (const LogEntry& e : t.log) {
      type_width =
          std::max(type_width, display_width(sanitize_terminal(log_type_label(e.type, lang))));
    }
    out += fmt::format("  {}\n", label("col.log", lang));
    for (const LogEntry& e : t.log) {
      std::string line =
          fmt::format("    {}  {}  {}", e.date.iso(),
                      pad_right(sanitize_terminal(log_type_label(e.type, lang)), type_width),
                      sanitize_terminal(describe_entry(e, lang)));
      while (!line.empty() && line.back() == ' ') {
        line.pop_back();
      }
      out += line + "\n";
    }
  }
  return out;
}

void write_task_fields_json(JsonWriter& w, const Task& t) {
  w.key("id").value(t.id);
  write_optional(w, "uid", t.uid);
  w.key("title").value(t.title);
  write_optional(w, "content", t.content);
  w.key("kind").value(t.kind);
  write_optional(w, "ref", t.ref);
  write_optional(w, "leader", t.leader);
  w.key("listed").value(t.listed);
  write_optional(w, "lead", t.lead);
  write_strings(w, "co", t.co);
  write_optional(w, "owner", t.owner);
  w.key("created").value(t.created.iso());
  write_optional(w, "due", t.due ? t.due->iso() : "");
  write_optional(w, "cadence", t.cadence);
  w.key("status").value(to_string(t.status));
  w.key("escalation").value(t.escalation);
  write_strings(w, "tags", t.tags);
  w.key("milestones").begin_array();
  for (const Milestone& m : t.milestones) {
    w.begin_object().key("title").value(m.title).key("due").value(m.due.iso());
    write_optional(w, "done", m.done ? m.done->iso() : "");
    write_extra_json(w, m.extra);
    w.end_object();
  }
  w.end_array();
  w.key("log").begin_array();
  for (const LogEntry& e : t.log) {
    write_log_json(w, e);
  }
  w.end_array();
  write_extra_json(w, t.extra);
}

void write_task_json(JsonWriter& w, const Task& t, const Lateness& late,
                     const LogEntry* extension_request) {
  w.begin_object();
  write_task_fields_json(w, t);
  w.key("light");
  if (late.light == Light::none) {
    w.null();
  } else {
    w.value(to_string(late.light));
  }
  w.key("days_overdue").value(late.days_overdue);
  w.key("extension_request");
  if (const LogEntry* r = extension_request) {
    w.begin_object();
    w.key("by").optional(r->get("by"));
    w.key("date").value(r->date.iso());
    w.key("to").value(r->get("to"));
    w.key("reason").optional(r->get("reason"));
    w.end_object();
  } else {
    w.null();
  }
  w.end_object();
}

Table task_list_table(const std::vector<LitTask>& tasks, const TaskViewContext& v) {
  Table table;
  for (const char* key : {"col.id", "col.status", "col.light", "col.kind", "col.title", "col.lead",
                          "col.owner", "col.due"}) {
    table.headers.emplace_back(label(key, v.lang));
  }
  table.shrink_column = 4;
  for (const LitTask& lit : tasks) {
    const Task* t = lit.task;
    const Lateness& late = lit.lateness;
    std::string title = (t->listed ? "★" : "") + t->title;
    std::string due = t->due ? t->due->iso() : "";
    if (lit.extension_request) {  // pending: the office has yet to answer
      due += (due.empty() ? "" : "  ") +
             format_label("list.extension_requested", v.lang, lit.extension_request->get("to"));
    }
    table.rows.push_back({t->id, std::string(status_label(t->status, v.lang)),
                          std::string(light_label(late.light, v.lang)), kind_label(t->kind, v),
                          title, t->lead, t->owner, due});
    std::vector<std::string> styles(8);
    styles[2] = light_style(late.light);
    table.styles.push_back(std::move(styles));
  }
  return table;
}

namespace {

Table task_list_fields(const std::vector<LitTask>& tasks) {
  Table table;
  table.headers = {"id", "status", "light", "kind", "title", "lead", "owner", "due"};
  for (const LitTask& lit : tasks) {
    const Task* t = lit.task;
    const Light light = lit.lateness.light;
    table.rows.push_back({t->id, std::string(to_string(t->status)),
                          light == Light::none ? "" : std::string(to_string(light)), t->kind,
                          t->title, t->lead, t->owner, t->due ? t->due->iso() : ""});
  }
  return table;
}

}  // namespace

std::string render_task_list_csv(const std::vector<LitTask>& tasks, const TaskViewContext& v) {
  return render_fields_csv(task_list_fields(tasks), v);
}

std::string render_task_list_xlsx(const std::vector<LitTask>& tasks, const TaskViewContext& v,
                                  Date as_of) {
  return render_xlsx({fields_sheet(
      task_list_fields(tasks), {{"due", CellType::date}}, v, label("list.sheet", v.lang),
      {format_label("list.title", v.lang, v.config.office, long_date(as_of, v.lang))})});
}

std::string render_fields_csv(Table t, const TaskViewContext& v) {
  for (std::string& h : t.headers) {
    h = std::string(field_label(h, v.headers));
  }
  return render_table_csv(t);
}

Sheet fields_sheet(const Table& t, const FieldTypes& types, const TaskViewContext& v,
                   std::string_view name, std::vector<std::string> title_lines) {
  Sheet sheet;
  sheet.name = name;
  sheet.title_lines = std::move(title_lines);
  for (const std::string& key : t.headers) {
    CellType type = CellType::text;
    for (const auto& [k, ty] : types) {
      if (k == key) {
        type = ty;
      }
    }
    sheet.columns.push_back(SheetColumn{std::string(field_label(key, v.headers)), type});
  }
  sheet.rows = t.rows;
  return sheet;
}

}  // namespace duban
