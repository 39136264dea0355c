#include "io/report_view.hpp"

#include <fmt/format.h>

#include <cmath>

#include "io/text.hpp"

namespace duban {

namespace {

struct Column {
  const char* key;
  const char* zh;
  const char* en;
};

constexpr Column k_metric_columns[] = {
    {"total", "交办总数", "Total"},         {"new", "新增", "New"},
    {"closed", "办结", "Closed"},           {"closed_on_time", "按时办结", "On time"},
    {"closed_late", "超时办结", "Late"},    {"open", "在办", "Open"},
    {"overdue", "超期未办结", "Overdue"},   {"completion_rate", "办结率", "Completion"},
    {"on_time_rate", "按时办结率", "On-time rate"},
};

std::vector<std::string> metric_cells(const Metrics& m) {
  return {std::to_string(m.total),  std::to_string(m.new_tasks), std::to_string(m.closed),
          std::to_string(m.closed_on_time), std::to_string(m.closed_late), std::to_string(m.open),
          std::to_string(m.overdue), format_rate(m.completion_rate()), format_rate(m.on_time_rate())};
}

std::string bar(const std::optional<double>& rate, int width) {
  if (!rate) {
    return "";
  }
  int filled = static_cast<int>(std::lround(*rate * width));
  return std::string(static_cast<size_t>(filled), '#') + std::string(static_cast<size_t>(width - filled), '.');
}


const char* group_header(GroupBy by, Lang lang) {
  switch (by) {
    case GroupBy::unit: return lang == Lang::zh ? "单位" : "Unit";
    case GroupBy::kind: return lang == Lang::zh ? "来源" : "Kind";
    case GroupBy::leader: return lang == Lang::zh ? "批示领导" : "Leader";
    case GroupBy::owner: return lang == Lang::zh ? "责任人" : "Owner";
  }
  return "";
}

}  // namespace

Table report_group_table(const Report& r, const TaskViewContext& v, bool with_bar) {
  Table t;
  t.headers.emplace_back(group_header(r.by, v.lang));
  t.align.push_back(Align::left);
  for (const Column& c : k_metric_columns) {
    t.headers.emplace_back(v.lang == Lang::zh ? c.zh : c.en);
    t.align.push_back(Align::right);
  }
  if (with_bar) {
    t.headers.emplace_back(v.lang == Lang::zh ? "办结率图示" : "Completion bar");
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
  row(v.lang == Lang::zh ? "合计" : "Total", r.totals);
  return t;
}

namespace {

std::string totals_sentence(const Report& r, const TaskViewContext& v) {
  const Metrics& m = r.totals;
  const Satisfaction& s = m.satisfaction;
  if (v.lang == Lang::zh) {
    return fmt::format("交办督办事项 {} 项，其中新增 {} 项；办结 {} 项（按时办结 {} 项，超时办结 {} 项），在办 {} 项，"
                       "超期未办结 {} 项。办结率 {}，按时办结率 {}。{}",
                       m.total, m.new_tasks, m.closed, m.closed_on_time, m.closed_late, m.open, m.overdue,
                       format_rate(m.completion_rate()), format_rate(m.on_time_rate()),
                       s.rated() == 0 ? "" : fmt::format("办结事项中 {} 件有满意度评价，满意率 {}。", s.rated(),
                                                         format_rate(s.rate())));
  }
  return fmt::format("{} tasks, {} new; {} closed ({} on time, {} late), {} open, {} overdue. Completion rate {}, "
                     "on-time rate {}.{}",
                     m.total, m.new_tasks, m.closed, m.closed_on_time, m.closed_late, m.open, m.overdue,
                     format_rate(m.completion_rate()), format_rate(m.on_time_rate()),
                     s.rated() == 0 ? "" : fmt::format(" Satisfaction rate {} ({} rated).", format_rate(s.rate()),
                                                       s.rated()));
}

}  // namespace

Table report_overdue_table(const Report& r, const TaskViewContext& v) {
  const bool zh = v.lang == Lang::zh;
  Table t;
  t.headers = {std::string(label("col.id", v.lang)), std::string(label("col.title", v.lang)),
               std::string(label("col.lead", v.lang)), std::string(label("col.due", v.lang)),
               zh ? "超期天数" : "Days overdue", std::string(label("col.escalation", v.lang))};
  t.align = {Align::left, Align::left, Align::left, Align::left, Align::right, Align::right};
  t.shrink_column = 1;
  for (const OverdueAtEnd& o : r.overdue) {
    t.rows.push_back({o.task->id, o.task->title, o.lead, o.due.iso(), std::to_string(o.days_overdue),
                      std::to_string(state_at(*o.task, r.to).escalation)});
  }
  return t;
}

namespace {

Table flagged_table(const Report& r, Lang lang) {
  Table t;
  t.headers = {lang == Lang::zh ? "单位" : "Unit", lang == Lang::zh ? "本年超时办结" : "Late closures this year"};
  t.align = {Align::left, Align::right};
  for (const FlaggedUnit& f : r.flagged) {
    t.rows.push_back({f.unit, std::to_string(f.late_closures)});
  }
  return t;
}

Table leaders_table(const Report& r, Lang lang) {
  const bool zh = lang == Lang::zh;
  Table t;
  t.headers = {zh ? "批示领导" : "Leader", zh ? "交办总数" : "Total", zh ? "办结" : "Closed",
               zh ? "在办" : "Open", zh ? "超期未办结" : "Overdue"};
  t.align = {Align::left, Align::right, Align::right, Align::right, Align::right};
  for (const LeaderCount& l : r.leaders) {
    t.rows.push_back({l.leader, std::to_string(l.metrics.total), std::to_string(l.metrics.closed),
                      std::to_string(l.metrics.open), std::to_string(l.metrics.overdue)});
  }
  return t;
}

// Ratings by kind (proposals, hotline tickets …) and in all, with 满意率.
Table satisfaction_table(const Report& r, const TaskViewContext& v) {
  const bool zh = v.lang == Lang::zh;
  Table t;
  t.headers = {zh ? "来源" : "Kind",          zh ? "满意" : "Satisfied", zh ? "基本满意" : "Basically satisfied",
               zh ? "不满意" : "Dissatisfied", zh ? "评价件数" : "Rated",  zh ? "满意率" : "Satisfaction rate"};
  t.align = {Align::left, Align::right, Align::right, Align::right, Align::right, Align::right};
  auto row = [&](const std::string& name, const Satisfaction& s) {
    t.rows.push_back({name, std::to_string(s.satisfied), std::to_string(s.basically_satisfied),
                      std::to_string(s.dissatisfied), std::to_string(s.rated()), format_rate(s.rate())});
  };
  for (const KindSatisfaction& k : r.satisfaction) {
    row(kind_label(k.kind, v), k.satisfaction);
  }
  row(zh ? "合计" : "Total", r.totals.satisfaction);
  return t;
}

Table scores_table(const Report& r, Lang lang) {
  const bool zh = lang == Lang::zh;
  Table t;
  t.headers = {zh ? "单位" : "Unit", zh ? "得分" : "Score", zh ? "超时办结" : "Late closures",
               zh ? "超期未办结" : "Overdue", zh ? "升级督办合计" : "Escalation levels"};
  t.align = {Align::left, Align::right, Align::right, Align::right, Align::right};
  for (const UnitScore& s : r.scores) {
    t.rows.push_back({s.unit, fmt::format("{:g}", s.score), std::to_string(s.late_closures),
                      std::to_string(s.overdue), std::to_string(s.escalation_levels)});
  }
  return t;
}

// Sections in order: heading, then (title, table) pairs that have rows.
struct Section {
  std::string title;
  std::string sentence;
  Table table;
  bool with_table = true;
};

std::vector<Section> sections_of(const Report& r, const TaskViewContext& v, bool with_bar) {
  const bool zh = v.lang == Lang::zh;
  std::vector<Section> s;
  s.push_back({zh ? "一、总体情况" : "1. Overview", totals_sentence(r, v), {}, false});
  s.push_back({report_group_section_title(r, v),
               "", report_group_table(r, v, with_bar), true});
  s.push_back({zh ? "三、超期事项" : "3. Overdue at period end",
               r.overdue.empty() ? (zh ? "无超期未办结事项。" : "Nothing is overdue.") : "", report_overdue_table(r, v),
               !r.overdue.empty()});
  int n = 4;
  auto numbered = [&](const char* zh_title, const char* en_title) {
    static constexpr const char* k_zh_numbers[] = {"四", "五", "六", "七", "八"};
    std::string title = zh ? fmt::format("{}、{}", k_zh_numbers[n - 4], zh_title) : fmt::format("{}. {}", n, en_title);
    ++n;
    return title;
  };
  if (!r.flagged.empty()) {
    s.push_back({numbered(fmt::format("超时办结达到 {} 件的单位", v.config.late_threshold).c_str(),
                          "Units flagged for late closures"),
                 "", flagged_table(r, v.lang), true});
  }
  if (!r.leaders.empty()) {
    s.push_back({numbered("领导批示办理情况", "Instructions by leader"), "", leaders_table(r, v.lang), true});
  }
  if (!r.satisfaction.empty()) {
    s.push_back({numbered("办理满意度", "Satisfaction"), "", satisfaction_table(r, v), true});
  }
  if (!r.scores.empty()) {
    s.push_back({numbered("单位得分", "Unit scores"), "", scores_table(r, v.lang), true});
  }
  return s;
}

std::string heading_line(const TaskViewContext& v, const ReportHeading& h) {
  const bool zh = v.lang == Lang::zh;
  std::string title = !h.title.empty() ? h.title : zh ? "督查通报" : "Supervision bulletin";
  if (h.issue_no) {
    title += zh ? fmt::format("（第{}期）", *h.issue_no) : fmt::format(" No. {}", *h.issue_no);
  }
  return title;
}

std::string period_line(const Report& r, const TaskViewContext& v) {
  return v.lang == Lang::zh ? fmt::format("{}　统计期间：{} 至 {}", v.config.office, r.from.iso(), r.to.iso())
                            : fmt::format("{}  period: {} to {}", v.config.office, r.from.iso(), r.to.iso());
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
  w.key("basically_satisfied").value(s.basically_satisfied).key("dissatisfied").value(s.dissatisfied);
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
std::string csv_rate(const std::optional<double>& rate) { return rate ? fmt::format("{:.4f}", *rate) : ""; }

}  // namespace

std::string_view to_string(GroupBy by) {
  switch (by) {
    case GroupBy::unit: return "unit";
    case GroupBy::kind: return "kind";
    case GroupBy::leader: return "leader";
    case GroupBy::owner: return "owner";
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
    return v.lang == Lang::zh ? "（未指定）" : "(none)";
  }
  return r.by == GroupBy::kind ? kind_label(key, v) : key;
}

std::string report_group_section_title(const Report& r, const TaskViewContext& v) {
  return v.lang == Lang::zh ? fmt::format("二、分{}情况", group_header(r.by, v.lang))
                            : "2. By " + std::string(to_string(r.by));
}

std::vector<std::pair<std::string, Table>> report_extra_tables(const Report& r, const TaskViewContext& v) {
  std::vector<std::pair<std::string, Table>> out;
  std::vector<Section> sections = sections_of(r, v, false);
  for (size_t i = 3; i < sections.size(); ++i) {
    out.emplace_back(sections[i].title, std::move(sections[i].table));
  }
  return out;
}

std::string render_report_text(const Report& r, const TaskViewContext& v, const ReportHeading& h) {
  std::string out = sanitize_terminal(heading_line(v, h)) + "\n" + sanitize_terminal(period_line(r, v)) + "\n";
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

std::string render_report_markdown(const Report& r, const TaskViewContext& v, const ReportHeading& h) {
  std::string out = "# " + markdown_text(heading_line(v, h)) + "\n\n" + markdown_text(period_line(r, v)) + "\n";
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

std::string render_report_csv(const Report& r, const TaskViewContext& v) {
  Table t;
  t.headers.emplace_back(to_string(r.by));
  for (const Column& c : k_metric_columns) {
    t.headers.emplace_back(c.key);
  }
  for (const char* key : {"rated", "satisfied", "basically_satisfied", "dissatisfied", "satisfaction_rate"}) {
    t.headers.emplace_back(key);
  }
  auto row = [&](const std::string& key, const Metrics& m) {
    const Satisfaction& s = m.satisfaction;
    t.rows.push_back({key, std::to_string(m.total), std::to_string(m.new_tasks), std::to_string(m.closed),
                      std::to_string(m.closed_on_time), std::to_string(m.closed_late), std::to_string(m.open),
                      std::to_string(m.overdue), csv_rate(m.completion_rate()), csv_rate(m.on_time_rate()),
                      std::to_string(s.rated()), std::to_string(s.satisfied), std::to_string(s.basically_satisfied),
                      std::to_string(s.dissatisfied), csv_rate(s.rate())});
  };
  for (const GroupMetrics& g : r.groups) {
    row(g.key, g.metrics);
  }
  row("total", r.totals);
  return render_fields_csv(std::move(t), v);
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
    w.begin_object().key("unit").value(f.unit).key("late_closures").value(f.late_closures).end_object();
  }
  w.end_array();
  w.key("overdue").begin_array();
  for (const OverdueAtEnd& o : r.overdue) {
    w.begin_object().key("id").value(o.task->id).key("title").value(o.task->title).key("lead").optional(o.lead);
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
