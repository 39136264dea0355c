#include "io/report_view.hpp"

#include <fmt/format.h>

#include <cmath>

#include "io/text.hpp"

namespace duban {

namespace {

// The metric columns by their JSON keys; their labels are "metric.<key>".
constexpr const char* k_metric_columns[] = {"total",       "new",  "closed",  "closed_on_time",
                                            "closed_late", "open", "overdue", "completion_rate",
                                            "on_time_rate"};

std::string metric_label(std::string_view key, Lang lang) {
  return std::string(label(std::string("metric.").append(key), lang));
}

std::vector<std::string> metric_cells(const Metrics& m) {
  return {std::to_string(m.total),       std::to_string(m.new_tasks),
          std::to_string(m.closed),      std::to_string(m.closed_on_time),
          std::to_string(m.closed_late), std::to_string(m.open),
          std::to_string(m.overdue),     format_rate(m.completion_rate()),
          format_rate(m.on_time_rate())};
}

std::string bar(const std::optional<double>& rate, int width) {
  if (!rate) {
    return "";
  }
  int filled = static_cast<int>(std::lround(*rate * width));
  return std::string(static_cast<size_t>(filled), '#') +
         std::string(static_cast<size_t>(width - filled), '.');
}

// 单位, 来源, 批示领导, 责任人: the column of the group key.
std::string group_header(GroupBy by, Lang lang) {
  return std::string(label(std::string("col.").append(to_string(by)), lang));
}

}  // namespace

Table report_group_table(const Report& r, const TaskViewContext& v, bool with_bar) {
  Table t;
  t.headers.emplace_back(group_header(r.by, v.lang));
  t.align.push_back(Align::left);
  for (const char* key : k_metric_columns) {
    t.headers.push_back(metric_label(key, v.lang));
    t.align.push_back(Align::right);
  }
  if (with_bar) {
    t.headers.emplace_back(label("report.bar", v.lang));
  }
  auto row = [&](const std::string& name, const Metrics& m) {
    std::vector<std::string> cells = {name};
    for (std::string& c : metric_cells(m)) {
      cells.push_back(std::move(c));
    }
    if (with_bar) {
      cells.push_back(bar(m.completion_rate(), 20));
    }
    t.rows.push_back(std::move(cells));
  };
  for (const GroupMetrics& g : r.groups) {
    row(report_group_label(g.key, r, v), g.metrics);
  }
  row(std::string(label("report.total_row", v.lang)), r.totals);
  return t;
}

namespace {

std::string totals_sentence(const Report& r, const TaskViewContext& v) {
  const Metrics& m = r.totals;
  const Satisfaction& s = m.satisfaction;
  const std::string rated = s.rated() == 0 ? ""
                                           : format_label("report.totals_rated", v.lang, s.rated(),
                                                          format_rate(s.rate()));
  return format_label("report.totals", v.lang, m.total, m.new_tasks, m.closed, m.closed_on_time,
                      m.closed_late, m.open, m.overdue, format_rate(m.completion_rate()),
                      format_rate(m.on_time_rate()), rated);
}

}  // namespace

Table report_overdue_table(const Report& r, const TaskViewContext& v) {
  Table t;
  t.headers = labels_of(
      {"col.id", "col.title", "col.lead", "col.due", "report.days_overdue", "col.escalation"},
      v.lang);
  t.align = {Align::left, Align::left, Align::left, Align::left, Align::right, Align::right};
  t.shrink_column = 1;
  for (const OverdueAtEnd& o : r.overdue) {
    t.rows.push_back({o.task->id, o.task->title, o.lead, o.due.iso(),
                      std::to_string(o.days_overdue), std::to_string(o.escalation)});
  }
  return t;
}

namespace {

Table flagged_table(const Report& r, Lang lang) {
  Table t;
  t.headers = labels_of({"col.unit", "report.late_this_year"}, lang);
  t.align = {Align::left, Align::right};
  for (const FlaggedUnit& f : r.flagged) {
    t.rows.push_back({f.unit, std::to_string(f.late_closures)});
  }
  return t;
}

Table leaders_table(const Report& r, Lang lang) {
  Table t;
  t.headers = labels_of(
      {"col.leader", "metric.total", "metric.closed", "metric.open", "metric.overdue"}, lang);
  t.align = {Align::left, Align::right, Align::right, Align::right, Align::right};
  for (const LeaderCount& l : r.leaders) {
    t.rows.push_back({l.leader, std::to_string(l.metrics.total), std::to_string(l.metrics.closed),
                      std::to_string(l.metrics.open), std::to_string(l.metrics.overdue)});
  }
  return t;
}

// Ratings by kind (proposals, hotline tickets …) and in all, with 满意率.
Table satisfaction_table(const Report& r, const TaskViewContext& v) {
  Table t;
  t.headers = labels_of({"col.kind", "report.satisfied", "report.basically_satisfied",
                         "report.dissatisfied", "report.rated", "report.satisfaction_rate"},
                        v.lang);
  t.align = {Align::left, Align::right, Align::right, Align::right, Align::right, Align::right};
  auto row = [&](const std::string& name, const Satisfaction& s) {
    t.rows.push_back({name, std::to_string(s.satisfied), std::to_string(s.basically_satisfied),
                      std::to_string(s.dissatisfied), std::to_string(s.rated()),
                      format_rate(s.rate())});
  };
  for (const KindSatisfaction& k : r.satisfaction) {
    row(kind_label(k.kind, v), k.satisfaction);
  }
  row(std::string(label("report.total_row", v.lang)), r.totals.satisfaction);
  return t;
}

Table scores_table(const Report& r, Lang lang) {
  Table t;
  t.headers = labels_of({"col.unit", "report.score", "report.late_closures", "metric.overdue",
                         "report.escalation_levels"},
                        lang);
  t.align = {Align::left, Align::right, Align::right, Align::right, Align::right};
  for (const UnitScore& s : r.scores) {
    t.rows.push_back({s.unit, fmt::format("{:g}", s.score), std::to_string(s.late_closures),
                      std::to_string(s.overdue), std::to_string(s.escalation_levels)});
  }
  return t;
}

}  // namespace

std::vector<ReportExtra> report_extras(const Report& r, const TaskViewContext& v) {
  const Lang lang = v.lang;
  std::vector<ReportExtra> out;
  if (!r.flagged.empty()) {
    out.push_back({"flagged", format_label("report.flagged", lang, v.config.late_threshold),
                   flagged_table(r, lang)});
  }
  if (!r.leaders.empty()) {
    out.push_back({"leaders", std::string(label("report.leaders", lang)), leaders_table(r, lang)});
  }
  if (!r.satisfaction.empty()) {
    out.push_back({"satisfaction", std::string(label("report.satisfaction", lang)),
                   satisfaction_table(r, v)});
  }
  if (!r.scores.empty()) {
    out.push_back({"scores", std::string(label("report.scores", lang)), scores_table(r, lang)});
  }
  return out;
}

Table report_totals_table(const Report& r, const TaskViewContext& v) {
  Table t;
  for (const char* key : k_metric_columns) {
    t.headers.push_back(metric_label(key, v.lang));
    t.align.push_back(Align::right);
  }
  t.rows.push_back(metric_cells(r.totals));
  return t;
}

namespace {

// Sections in order: heading, then (title, table) pairs that have rows.
struct Section {
  std::string title;
  std::string sentence;
  Table table;
  bool with_table = true;
};

std::vector<Section> sections_of(const Report& r, const TaskViewContext& v, bool with_bar) {
  const Lang lang = v.lang;
  std::vector<Section> s;
  s.push_back({std::string(label("report.overview", lang)), totals_sentence(r, v), {}, false});
  s.push_back({report_group_section_title(r, v), "", report_group_table(r, v, with_bar), true});
  s.push_back({std::string(label("report.overdue", lang)),
               r.overdue.empty() ? std::string(label("report.nothing_overdue", lang)) : "",
               report_overdue_table(r, v), !r.overdue.empty()});
  // 四、… in Chinese, 4. … in English.
  static constexpr const char* k_zh_numbers[] = {"四", "五", "六", "七", "八"};
  int n = 4;
  for (ReportExtra& e : report_extras(r, v)) {
    s.push_back({format_label("report.numbered", lang, k_zh_numbers[n - 4], n, e.title), "",
                 std::move(e.table), true});
    ++n;
  }
  return s;
}

std::string heading_line(const TaskViewContext& v, const ReportHeading& h) {
  std::string title = !h.title.empty() ? h.title : std::string(label("report.title", v.lang));
  if (h.issue_no) {
    title += format_label("report.issue", v.lang, *h.issue_no);
  }
  return title;
}

std::string period_line(const Report& r, const TaskViewContext& v) {
  return format_label("report.period", v.lang, v.config.office, r.from.iso(), r.to.iso());
}

void write_rate_json(JsonWriter& w, std::string_view key, const std::optional<double>& rate) {
  w.key(key);
  if (rate) {
    w.value(std::round(*rate * 10000) / 10000);
  } else {
    w.null();
  }
}

void write_satisfaction_json(JsonWriter& w, const Satisfaction& s) {
  w.key("rated").value(s.rated()).key("satisfied").value(s.satisfied);
  w.key("basically_satisfied")
      .value(s.basically_satisfied)
      .key("dissatisfied")
      .value(s.dissatisfied);
  write_rate_json(w, "satisfaction_rate", s.rate());
}

void write_metrics_json(JsonWriter& w, const Metrics& m) {
  w.key("total").value(m.total).key("new").value(m.new_tasks).key("closed").value(m.closed);
  w.key("closed_on_time").value(m.closed_on_time).key("closed_late").value(m.closed_late);
  w.key("open").value(m.open).key("overdue").value(m.overdue);
  write_rate_json(w, "completion_rate", m.completion_rate());
  write_rate_json(w, "on_time_rate", m.on_time_rate());
  write_satisfaction_json(w, m.satisfaction);
}

// The CSV cells of a rate: four decimals, or empty.
std::string csv_rate(const std::optional<double>& rate) {
  return rate ? fmt::format("{:.4f}", *rate) : "";
}

}  // namespace

std::string_view to_string(GroupBy by) {
  switch (by) {
    case GroupBy::unit:
      return "unit";
    case GroupBy::kind:
      return "kind";
    case GroupBy::leader:
      return "leader";
    case GroupBy::owner:
      return "owner";
  }
  return "unit";
}

std::string format_rate(const std::optional<double>& rate) {
  if (!rate) {
    return "—";
  }
  return fmt::format("{:.1f}%", *rate * 100);
}

std::string report_group_label(const std::string& key, const Report& r, const TaskViewContext& v) {
  if (key.empty()) {
    return std::string(label("report.unspecified", v.lang));
  }
  return r.by == GroupBy::kind ? kind_label(key, v) : key;
}

std::string report_group_section_title(const Report& r, const TaskViewContext& v) {
  return format_label("report.by", v.lang, group_header(r.by, v.lang), to_string(r.by));
}

std::vector<std::pair<std::string, Table>> report_extra_tables(const Report& r,
                                                               const TaskViewContext& v) {
  std::vector<std::pair<std::string, Table>> out;
  std::vector<Section> sections = sections_of(r, v, false);
  for (size_t i = 3; i < sections.size(); ++i) {
    out.emplace_back(sections[i].title, std::move(sections[i].table));
  }
  return out;
}

std::string render_report_text(const Report& r, const TaskViewContext& v, const ReportHeading& h) {
  std::string out =
      sanitize_terminal(heading_line(v, h)) + "\n" + sanitize_terminal(period_line(r, v)) + "\n";
  for (const Section& s : sections_of(r, v, true)) {
    out += "\n" + s.title + "\n";
    if (!s.sentence.empty()) {
      out += s.sentence + "\n";
    }
    if (s.with_table) {
      out += render_table_text(s.table, TextTableOptions{v.color, 0});
    }
  }
  return out;
}

std::string render_report_markdown(const Report& r, const TaskViewContext& v,
                                   const ReportHeading& h) {
  std::string out =
      "# " + markdown_text(heading_line(v, h)) + "\n\n" + markdown_text(period_line(r, v)) + "\n";
  for (const Section& s : sections_of(r, v, false)) {
    out += "\n## " + s.title + "\n\n";
    if (!s.sentence.empty()) {
      out += s.sentence + "\n";
    }
    if (s.with_table) {
      out += render_table_markdown(s.table);
    }
  }
  return out;
}

namespace {

// The group table of CSV and .xlsx: JSON keys as headers, raw values.
Table report_fields(const Report& r) {
  Table t;
  t.headers.emplace_back(to_string(r.by));
  for (const char* key : k_metric_columns) {
    t.headers.emplace_back(key);
  }
  for (const char* key :
       {"rated", "satisfied", "basically_satisfied", "dissatisfied", "satisfaction_rate"}) {
    t.headers.emplace_back(key);
  }
  auto row = [&](const std::string& key, const Metrics& m) {
    const Satisfaction& s = m.satisfaction;
    t.rows.push_back({key, std::to_string(m.total), std::to_string(m.new_tasks),
                      std::to_string(m.closed), std::to_string(m.closed_on_time),
                      std::to_string(m.closed_late), std::to_string(m.open),
                      std::to_string(m.overdue), csv_rate(m.completion_rate()),
                      csv_rate(m.on_time_rate()), std::to_string(s.rated()),
                      std::to_string(s.satisfied), std::to_string(s.basically_satisfied),
                      std::to_string(s.dissatisfied), csv_rate(s.rate())});
  };
  for (const GroupMetrics& g : r.groups) {
    row(g.key, g.metrics);
  }
  row("total", r.totals);
  return t;
}

}  // namespace

std::string render_report_csv(const Report& r, const TaskViewContext& v) {
  return render_fields_csv(report_fields(r), v);
}

std::string render_report_xlsx(const Report& r, const TaskViewContext& v, const ReportHeading& h) {
  const Table t = report_fields(r);
  // Every column after the group's key is a count, or a rate (…_rate).
  FieldTypes types;
  for (std::size_t c = 1; c < t.headers.size(); ++c) {
    const std::string_view key = t.headers[c];
    types.emplace_back(key, key.ends_with("_rate") ? CellType::percent : CellType::integer);
  }
  return render_xlsx({fields_sheet(t, types, v, label("report.sheet", v.lang),
                                   {heading_line(v, h), period_line(r, v)})});
}

std::string render_report_json(const Report& r, const TaskViewContext& v) {
  JsonWriter w;
  w.begin_object();
  w.key("from").value(r.from.iso()).key("to").value(r.to.iso()).key("as_of").value(r.as_of.iso());
  w.key("by").value(to_string(r.by));
  w.key("office").value(v.config.office);
  w.key("totals").begin_object();
  write_metrics_json(w, r.totals);
  w.end_object();
  w.key("groups").begin_array();
  for (const GroupMetrics& g : r.groups) {
    w.begin_object().key("key").value(g.key);
    write_metrics_json(w, g.metrics);
    w.end_object();
  }
  w.end_array();
  w.key("flagged").begin_array();
  for (const FlaggedUnit& f : r.flagged) {
    w.begin_object()
        .key("unit")
        .value(f.unit)
        .key("late_closures")
        .value(f.late_closures)
        .end_object();
  }
  w.end_array();
  w.key("overdue").begin_array();
  for (const OverdueAtEnd& o : r.overdue) {
    w.begin_object()
        .key("id")
        .value(o.task->id)
        .key("title")
        .value(o.task->title)
        .key("lead")
        .optional(o.lead);
    w.key("due").value(o.due.iso()).key("days_overdue").value(o.days_overdue).end_object();
  }
  w.end_array();
  w.key("leaders").begin_array();
  for (const LeaderCount& l : r.leaders) {
    w.begin_object().key("leader").value(l.leader);
    write_metrics_json(w, l.metrics);
    w.end_object();
  }
  w.end_array();
  w.key("satisfaction").begin_object();
  write_satisfaction_json(w, r.totals.satisfaction);
  w.key("kinds").begin_array();
  for (const KindSatisfaction& k : r.satisfaction) {
    w.begin_object().key("kind").value(k.kind);
    write_satisfaction_json(w, k.satisfaction);
    w.end_object();
  }
  w.end_array();
  w.end_object();
  w.key("scores").begin_array();
  for (const UnitScore& s : r.scores) {
    w.begin_object().key("unit").value(s.unit).key("score").value(s.score);
    w.key("late_closures").value(s.late_closures).key("overdue").value(s.overdue);
    w.key("escalation_levels").value(s.escalation_levels).end_object();
  }
  w.end_array();
  w.end_object();
  return w.str();
}

}  // namespace duban
