// The 督查通报 (bulletin) as a DocxDocument: the report model of SPEC §9 laid
// out as GONGWEN.md describes a 督查室's bulletin.
#include "io/bulletin_docx.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "io/text.hpp"

namespace duban {

namespace {

// Characters on a line of the type area (三号 on the 28-character grid).
constexpr int k_line_chars = 28;

std::string_view chinese_number(int n) {
  static constexpr std::string_view k_numbers[] = {"一", "二", "三", "四", "五",
                                                   "六", "七", "八", "九", "十"};
  return n >= 1 && n <= 10 ? k_numbers[n - 1] : "";
}

Date month_end(Date d) {
  return Date::from_ymd(d.year(), d.month(), 1).plus_months(1).plus_days(-1);
}

// The last day of a period in a range: 18日, 7月18日 or the long date,
// leaving out what the first day already says.
std::string range_end(Date from, Date to, Lang lang) {
  if (lang == Lang::en || from.year() != to.year()) {
    return long_date(to, lang);
  }
  if (from.month() != to.month()) {
    return format_label("bulletin.period.month_day", lang, to.month(), to.day());
  }
  return format_label("bulletin.period.day", lang, to.day());
}

DocxRun run_of(std::string text, Face face = Face::fangsong, TypeSize size = TypeSize::san) {
  DocxRun r;
  r.text = std::move(text);
  r.face = face;
  r.size = size;
  return r;
}

DocxParagraph paragraph(std::vector<DocxRun> runs, DocxAlign align = DocxAlign::justify,
                        int indent = 0) {
  DocxParagraph p;
  p.runs = std::move(runs);
  p.align = align;
  p.indent_chars = indent;
  return p;
}

// A body paragraph: 仿宋 三号, indented two characters.
DocxParagraph body(std::string text) {
  return paragraph({run_of(std::move(text))}, DocxAlign::justify, 2);
}

// 一、总体情况: 黑体, indented like the text.
DocxParagraph section_heading(int n, std::string_view title, Lang lang) {
  DocxParagraph p = paragraph(
      {run_of(format_label("report.numbered", lang, chinese_number(n), n, title), Face::heiti)},
      DocxAlign::justify, 2);
  p.keep_with_next = true;
  return p;
}

// （一）加快办理进度。 in 楷体, then the text in 仿宋 on the same line.
DocxParagraph subsection(int n, std::string_view title, std::string text, Lang lang) {
  DocxParagraph p = paragraph(
      {run_of(format_label("bulletin.sub", lang, chinese_number(n), n, title), Face::kaiti)},
      DocxAlign::justify, 2);
  if (!text.empty()) {
    p.runs.push_back(run_of(std::move(text)));
  } else {
    p.keep_with_next = true;
  }
  return p;
}

DocxTable docx_table(const Table& t, std::vector<int> widths, TypeSize size) {
  DocxTable out;
  out.headers = t.headers;
  out.rows = t.rows;
  out.widths = std::move(widths);
  out.size = size;
  return out;
}

// The line under 第N期: the office at the left, the date at the right, about
// one character in from each side, over the red rule.
DocxParagraph office_and_date(const std::string& office, const std::string& date) {
  // Two characters of slack: Arabic numerals are a little wider than half a
  // character in most faces, and the date must not wrap.
  const int free = (k_line_chars - 4) * 2 - display_width(office) - display_width(date);
  std::string gap;
  for (int i = 0; i < std::max(free, 2) / 2; ++i) {
    gap += "　";
  }
  if (free > 0 && free % 2 == 1) {
    gap += ' ';
  }
  DocxParagraph p = paragraph({run_of("　" + office + gap + date + "　")}, DocxAlign::left);
  p.red_rule_below = true;
  return p;
}

void add_header(DocxDocument& doc, const Report& r, const TaskViewContext& v,
                const ReportHeading& h) {
  const Lang lang = v.lang;
  const std::string title = !h.title.empty() ? h.title : std::string(label("report.title", lang));
  doc.blocks.emplace_back(office_mark_paragraph(title));
  if (h.issue_no) {
    DocxParagraph issue = paragraph({run_of(format_label("report.issue_html", lang, *h.issue_no))},
                                    DocxAlign::center);
    issue.lines_before = 1;
    doc.blocks.emplace_back(std::move(issue));
  }
  doc.blocks.emplace_back(office_and_date(v.config.office, long_date(r.as_of, lang)));
}

void add_opening(DocxDocument& doc, const TaskViewContext& v, const std::string& period) {
  const Lang lang = v.lang;
  DocxParagraph title = paragraph(
      {run_of(format_label("bulletin.title", lang, period), Face::xiaobiaosong, TypeSize::er)},
      DocxAlign::center);
  title.lines_before = 2;
  doc.blocks.emplace_back(std::move(title));
  DocxParagraph to = paragraph({run_of(std::string(label("bulletin.addressee", lang)))});
  to.lines_before = 1;
  doc.blocks.emplace_back(std::move(to));
  doc.blocks.emplace_back(body(format_label("bulletin.opening", lang, period)));
}

void add_overview(DocxDocument& doc, const Report& r, const TaskViewContext& v) {
  const Lang lang = v.lang;
  const Metrics& m = r.totals;
  doc.blocks.emplace_back(section_heading(1, label("bulletin.overview", lang), lang));
  std::string text =
      format_label("bulletin.totals", lang, long_date(r.to, lang), m.total, m.new_tasks, m.closed,
                   m.closed_on_time, m.closed_late, m.open, m.overdue,
                   format_rate(m.completion_rate()), format_rate(m.on_time_rate()));
  if (m.satisfaction.rated() > 0) {
    text += format_label("bulletin.rated", lang, m.satisfaction.rated(),
                         format_rate(m.satisfaction.rate()));
  }
  doc.blocks.emplace_back(body(std::move(text)));
  doc.blocks.emplace_back(
      docx_table(report_totals_table(r, v), {2, 2, 2, 2, 2, 2, 3, 3, 3}, TypeSize::wu));
}

// The units at or over late_threshold late closures in the year, criticised.
std::string flagged_text(const Report& r, const TaskViewContext& v) {
  std::vector<std::string> units;
  for (const FlaggedUnit& f : r.flagged) {
    units.push_back(format_label("bulletin.flagged_unit", v.lang, f.unit, f.late_closures));
  }
  return format_label("bulletin.flagged_text", v.lang, long_date(r.to, v.lang),
                      join(units, label("bulletin.list_separator", v.lang)),
                      v.config.late_threshold);
}

// Closed and overdue per group, in the table's order.
DocxBarChart group_chart(const Report& r, const TaskViewContext& v, const std::string& group) {
  DocxBarChart chart;
  chart.title = format_label("bulletin.chart", v.lang, group, to_string(r.by));
  std::vector<double> closed;
  std::vector<double> overdue;
  for (const GroupMetrics& g : r.groups) {
    chart.categories.push_back(report_group_label(g.key, r, v));
    closed.push_back(g.metrics.closed);
    overdue.push_back(g.metrics.overdue);
  }
  chart.series.emplace_back(label("metric.closed", v.lang), std::move(closed));
  chart.series.emplace_back(label("metric.overdue", v.lang), std::move(overdue));
  return chart;
}

// 二、各单位办理情况: the table and the chart, then a subsection for each
// extra table of the report (flagged units as prose); the statistics get a
// heading of their own only when something follows them.
void add_groups(DocxDocument& doc, const Report& r, const TaskViewContext& v) {
  const Lang lang = v.lang;
  const std::string group = std::string(label(std::string("col.").append(to_string(r.by)), lang));
  doc.blocks.emplace_back(
      section_heading(2, format_label("bulletin.by", lang, group, to_string(r.by)), lang));
  std::vector<ReportExtra> extras = report_extras(r, v);
  int n = 1;
  if (!extras.empty()) {
    doc.blocks.emplace_back(subsection(n++, label("bulletin.statistics", lang), "", lang));
  }
  doc.blocks.emplace_back(body(format_label("bulletin.by_intro", lang, group, to_string(r.by))));
  doc.blocks.emplace_back(
      docx_table(report_group_table(r, v, false), {4, 2, 2, 2, 2, 2, 2, 3, 3, 3}, TypeSize::wu));
  if (!r.groups.empty()) {
    doc.blocks.emplace_back(group_chart(r, v, group));
  }
  for (ReportExtra& e : extras) {
    if (e.key == "flagged") {
      doc.blocks.emplace_back(subsection(n++, e.title, "", lang));
      doc.blocks.emplace_back(body(flagged_text(r, v)));
      continue;
    }
    doc.blocks.emplace_back(subsection(n++, e.title, "", lang));
    doc.blocks.emplace_back(docx_table(e.table, {}, TypeSize::wu));
  }
}

// 三、逾期未办结事项: the tasks overdue at the period's end.
void add_overdue(DocxDocument& doc, const Report& r, const TaskViewContext& v) {
  const Lang lang = v.lang;
  doc.blocks.emplace_back(section_heading(3, label("bulletin.overdue", lang), lang));
  if (r.overdue.empty()) {
    doc.blocks.emplace_back(
        body(format_label("bulletin.nothing_overdue", lang, long_date(r.to, lang))));
    return;
  }
  doc.blocks.emplace_back(
      body(format_label("bulletin.overdue_intro", lang, long_date(r.to, lang), r.overdue.size())));
  doc.blocks.emplace_back(docx_table(report_overdue_table(r, v), {3, 6, 3, 4, 2, 2}, TypeSize::wu));
}

// 四、下一步要求: the fixed requirements, （一） in 楷体 then the text.
void add_requirements(DocxDocument& doc, const TaskViewContext& v) {
  const Lang lang = v.lang;
  doc.blocks.emplace_back(section_heading(4, label("bulletin.next", lang), lang));
  for (int i = 1; i <= 4; ++i) {
    const std::string key = fmt::format("bulletin.require{}", i);
    doc.blocks.emplace_back(subsection(i, label(key + ".head", lang),
                                       format_label(key + ".text", lang, v.config.office), lang));
  }
}

// 落款 and 成文日期 at the right.
void add_signature(DocxDocument& doc, const Report& r, const TaskViewContext& v) {
  for (DocxParagraph& p : signature_paragraphs(v.config.office, long_date(r.as_of, v.lang))) {
    doc.blocks.emplace_back(std::move(p));
  }
}

}  // namespace

std::string bulletin_period(Date from, Date to, Lang lang) {
  const int y = from.year();
  if (from.day() == 1 && from.month() % 3 == 1 && to == month_end(from.plus_months(2))) {
    if (from.month() == 1 && to.month() == 12) {
      return format_label("bulletin.period.year", lang, y);
    }
    const int q = (from.month() - 1) / 3 + 1;
    return format_label("bulletin.period.quarter", lang, y, chinese_number(q), q);
  }
  if (from.day() == 1 && to == month_end(from)) {
    return format_label("bulletin.period.month", lang, y, from.month(),
                        fmt::format("{:02}", from.month()));
  }
  if (from == Date::from_ymd(y, 1, 1) && to == Date::from_ymd(y, 12, 31)) {
    return format_label("bulletin.period.year", lang, y);
  }
  if (from == to) {
    return long_date(from, lang);
  }
  return format_label("bulletin.period.range", lang, long_date(from, lang),
                      range_end(from, to, lang));
}

DocxDocument bulletin_docx(const Report& r, const TaskViewContext& v, const ReportHeading& h) {
  DocxDocument doc;
  const std::string period = bulletin_period(r.from, r.to, v.lang);
  doc.title = format_label("bulletin.title", v.lang, period);
  doc.author = v.config.office;
  doc.date = r.as_of.iso();
  add_header(doc, r, v, h);
  add_opening(doc, v, period);
  add_overview(doc, r, v);
  add_groups(doc, r, v);
  add_overdue(doc, r, v);
  add_requirements(doc, v);
  add_signature(doc, r, v);
  return doc;
}

}  // namespace duban
