#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/metrics.hpp"
#include "io/task_view.hpp"

namespace duban {

/// What the report's page says besides the numbers.
struct ReportHeading {
  std::string title;            // default: 督查通报 / Supervision bulletin
  std::optional<int> issue_no;  // 第N期
};

std::string_view to_string(GroupBy by);

/// A rate as a percentage with one decimal ("87.5%"), or "—" without a denominator.
std::string format_rate(const std::optional<double>& rate);

/// The name of a group as printed: the kind's label, or （未指定） for none.
std::string report_group_label(const std::string& key, const Report& r, const TaskViewContext& v);
/// The title of section 二: 分单位情况, 分来源情况 …
std::string report_group_section_title(const Report& r, const TaskViewContext& v);
/// The group table (one row per group, then the total row), optionally with a bar column.
Table report_group_table(const Report& r, const TaskViewContext& v, bool with_bar);
/// The tasks overdue at the period's end.
Table report_overdue_table(const Report& r, const TaskViewContext& v);
/// The totals as a table: the metric names, then one row of figures.
Table report_totals_table(const Report& r, const TaskViewContext& v);

/// A table the report has besides the groups and the overdue tasks.
struct ReportExtra {
  std::string key;    // flagged, leaders, satisfaction, scores
  std::string title;  // unnumbered: 领导批示办理情况 …
  Table table;
};
/// The extra tables that have rows (flagged units, leaders, satisfaction, scores), in order.
std::vector<ReportExtra> report_extras(const Report& r, const TaskViewContext& v);

/// The sections after 三、超期事项 that have content (flagged units, leaders,
/// satisfaction, scores), with their numbered titles.
std::vector<std::pair<std::string, Table>> report_extra_tables(const Report& r,
                                                               const TaskViewContext& v);

std::string render_report_text(const Report& r, const TaskViewContext& v, const ReportHeading& h);
std::string render_report_markdown(const Report& r, const TaskViewContext& v,
                                   const ReportHeading& h);
/// The group table, one row per group and a total row, with the JSON keys as header.
std::string render_report_csv(const Report& r, const TaskViewContext& v);
/// The same table as an .xlsx workbook: the bulletin's title and period above
/// it, counts as numbers, rates as percent cells.
std::string render_report_xlsx(const Report& r, const TaskViewContext& v, const ReportHeading& h);
/// `{"from","to","as_of","by","totals":{…},"groups":[{"key",…}],"flagged":[…], …}` (SPEC §9).
std::string render_report_json(const Report& r, const TaskViewContext& v);
/// One self-contained printable page (督查通报): inline CSS and SVG bar charts.
std::string render_report_html(const Report& r, const TaskViewContext& v, const ReportHeading& h);

}  // namespace duban
