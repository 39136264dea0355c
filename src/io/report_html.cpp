// The printable bulletin (督查通报): one HTML page with inline CSS and SVG.
#include <fmt/format.h>

#include <algorithm>

#include "io/report_view.hpp"
#include "io/text.hpp"

namespace duban {

namespace {

std::string html_escape(std::string_view s) {
  std::string out;
  for (char c : sanitize_terminal(s)) {
    const std::string_view entity = markup_entity(c);
    if (entity.empty()) {
      out += c;
    } else {
      out += entity;
    }
  }
  return out;
}

constexpr const char* k_style = R"css(
@page { size: A4; margin: 18mm 16mm; }
* { box-sizing: border-box; }
body { font-family: "FangSong", "STFangsong", "SimSun", "Songti SC", "Noto Serif CJK SC", serif;
       color: #111; max-width: 190mm; margin: 0 auto; padding: 12px; line-height: 1.6; font-size: 14px; }
header { text-align: center; border-bottom: 3px solid #c00; padding-bottom: 8px; margin-bottom: 16px; }
header h1 { color: #c00; font-size: 30px; letter-spacing: 6px; margin: 8px 0 4px; }
header .meta { display: flex; justify-content: space-between; font-size: 13px; }
h2 { font-size: 17px; margin: 20px 0 8px; font-family: "SimHei", "Heiti SC", "Noto Sans CJK SC", sans-serif; }
table { border-collapse: collapse; width: 100%; font-size: 12.5px; page-break-inside: auto; }
th, td { border: 1px solid #555; padding: 3px 6px; }
th { background: #eee; font-weight: bold; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.k, th { white-space: nowrap; }
table.narrow { width: auto; min-width: 50%; }
tr { page-break-inside: avoid; }
tr.total td { font-weight: bold; background: #f6f6f6; }
.cards { display: flex; gap: 8px; flex-wrap: wrap; margin: 8px 0; }
.card { border: 1px solid #999; padding: 6px 10px; min-width: 80px; text-align: center; }
.card b { display: block; font-size: 20px; }
svg { display: block; margin: 8px 0; }
footer { margin-top: 24px; text-align: right; font-size: 13px; }
@media print { body { padding: 0; } }
)css";

// Numbers, ids and dates never wrap; titles do.
std::string cell(const std::string& text, bool numeric) {
  const bool compact =
      !numeric && !text.empty() && text.size() <= 10 &&
      text.find_first_not_of("0123456789-ABCDEFGHIJKLMNOPQRSTUVWXYZ") == std::string::npos;
  return fmt::format("<td{}>{}</td>",
                     numeric   ? " class=\"n\""
                     : compact ? " class=\"k\""
                               : "",
                     html_escape(text));
}

// A table of `t`; the last row gets the total style when `total_row`.
std::string html_table(const Table& t, bool total_row) {
  std::string out =
      t.headers.size() <= 3 ? "<table class=\"narrow\">\n<thead><tr>" : "<table>\n<thead><tr>";
  for (const std::string& h : t.headers) {
    out += "<th>" + html_escape(h) + "</th>";
  }
  out += "</tr></thead>\n<tbody>\n";
  for (size_t r = 0; r < t.rows.size(); ++r) {
    bool total = total_row && r + 1 == t.rows.size();
    out += total ? "<tr class=\"total\">" : "<tr>";
    for (size_t c = 0; c < t.rows[r].size(); ++c) {
      bool numeric = c < t.align.size() && t.align[c] == Align::right;
      out += cell(t.rows[r][c], numeric);
    }
    out += "</tr>\n";
  }
  return out + "</tbody></table>\n";
}

// Horizontal bars of completion rate per group, with the rate printed.
std::string completion_chart(const Report& r, const TaskViewContext& v) {
  const int row_h = 22;
  const int label_w = 170;
  const int bar_w = 420;
  const int height = static_cast<int>(r.groups.size()) * row_h + 30;
  std::string out = fmt::format(
      "<svg class=\"chart\" role=\"img\" aria-label=\"{}\" width=\"660\" height=\"{}\" viewBox=\"0 "
      "0 660 {}\" "
      "xmlns=\"http://www.w3.org/2000/svg\" font-size=\"12\">\n",
      label("report.chart", v.lang), height, height);
  for (int pct = 0; pct <= 100; pct += 25) {
    int x = label_w + bar_w * pct / 100;
    out += fmt::format(
        "<line x1=\"{}\" y1=\"4\" x2=\"{}\" y2=\"{}\" stroke=\"#ccc\"/>"
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#666\">{}%</text>\n",
        x, x, height - 18, x, height - 4, pct);
  }
  // The chart shows completion, so it is ordered by completion, best first.
  std::vector<const GroupMetrics*> groups;
  for (const GroupMetrics& g : r.groups) {
    groups.push_back(&g);
  }
  std::stable_sort(groups.begin(), groups.end(), [](const GroupMetrics* a, const GroupMetrics* b) {
    return a->metrics.completion_rate().value_or(-1) > b->metrics.completion_rate().value_or(-1);
  });
  int y = 6;
  for (const GroupMetrics* gp : groups) {
    const GroupMetrics& g = *gp;
    auto rate = g.metrics.completion_rate();
    int w = rate ? static_cast<int>(*rate * bar_w + 0.5) : 0;
    std::string name = report_group_label(g.key, r, v);
    const char* color = !rate          ? "#bbb"
                        : *rate >= 0.8 ? "#2e7d32"
                        : *rate >= 0.5 ? "#f9a825"
                                       : "#c62828";
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>", label_w - 6, y + 14,
                       html_escape(name));
    out += fmt::format(
        "<rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"16\" fill=\"{}\"/>", label_w,
        y, w, color);
    out += fmt::format("<text x=\"{}\" y=\"{}\">{}</text>\n", label_w + w + 4, y + 13,
                       html_escape(format_rate(rate)));
    y += row_h;
  }
  return out + "</svg>\n";
}

std::string cards(const Report& r, Lang lang) {
  const Metrics& m = r.totals;
  std::vector<std::pair<std::string_view, std::string>> items = {
      {"metric.total", std::to_string(m.total)},
      {"metric.closed", std::to_string(m.closed)},
      {"metric.open", std::to_string(m.open)},
      {"metric.overdue", std::to_string(m.overdue)},
      {"metric.completion_rate", format_rate(m.completion_rate())},
      {"metric.on_time_rate", format_rate(m.on_time_rate())},
  };
  if (m.satisfaction.rated() > 0) {
    items.emplace_back("metric.satisfaction_rate", format_rate(m.satisfaction.rate()));
  }
  std::string out = "<div class=\"cards\">";
  for (const auto& [k, val] : items) {
    out += fmt::format("<div class=\"card\">{}<b>{}</b></div>", html_escape(label(k, lang)),
                       html_escape(val));
  }
  return out + "</div>\n";
}

}  // namespace

std::string render_report_html(const Report& r, const TaskViewContext& v, const ReportHeading& h) {
  const Lang lang = v.lang;
  TaskViewContext plain = v;
  plain.color = false;
  std::string title = !h.title.empty() ? h.title : std::string(label("report.title", lang));
  std::string issue = h.issue_no ? format_label("report.issue_html", lang, *h.issue_no) : "";
  std::string out = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta "
      "charset=\"utf-8\">\n<title>{}</title>\n<style>{}</style>\n"
      "</head>\n<body>\n<header>\n<h1>{}</h1>\n<div class=\"issue\">{}</div>\n<div "
      "class=\"meta\"><span>{}</span>"
      "<span>{}</span></div>\n</header>\n",
      label("report.html_lang", lang), html_escape(title + (issue.empty() ? "" : " " + issue)),
      k_style, html_escape(title), html_escape(issue), html_escape(v.config.office),
      format_label("report.period_html", lang, r.from.iso(), r.to.iso()));
  // The sections come from the same tables as text and Markdown.
  out += fmt::format("<section id=\"overview\">\n<h2>{}</h2>\n", label("report.overview", lang));
  out += cards(r, lang);
  out += "</section>\n";
  out += fmt::format("<section id=\"groups\">\n<h2>{}</h2>\n",
                     html_escape(report_group_section_title(r, v)));
  out += completion_chart(r, v);
  out += html_table(report_group_table(r, plain, false), true);
  out += "</section>\n";
  out += fmt::format("<section id=\"overdue\">\n<h2>{}</h2>\n", label("report.overdue", lang));
  out += r.overdue.empty() ? fmt::format("<p>{}</p>\n", label("report.nothing_overdue", lang))
                           : html_table(report_overdue_table(r, plain), false);
  out += "</section>\n";
  for (const auto& [heading, table] : report_extra_tables(r, plain)) {
    out += fmt::format("<section>\n<h2>{}</h2>\n{}</section>\n", html_escape(heading),
                       html_table(table, false));
  }
  out += fmt::format("<footer>{}<br>{}</footer>\n</body>\n</html>\n", html_escape(v.config.office),
                     r.as_of.iso());
  return out;
}

}  // namespace duban
