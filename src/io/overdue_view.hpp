#pragma once

#include <string>

#include "core/overdue.hpp"
#include "io/task_view.hpp"

namespace duban {

/// The overdue list as an aligned table grouped by lead unit, a title and a
/// summary line; then, each under its own title and only when there are any,
/// the pending extension requests and the notices not signed for of `watch`.
std::string render_overdue_text(const OverdueList& list, const FeedbackWatch& watch,
                                const TaskViewContext& v, int max_width);
/// The same as a Markdown document (title, table, summary, sections).
std::string render_overdue_markdown(const OverdueList& list, const FeedbackWatch& watch,
                                    const TaskViewContext& v);
/// One row per item with the JSON keys as the header, for spreadsheets and scripts.
std::string render_overdue_csv(const OverdueList& list, const TaskViewContext& v);
/// The same table as an .xlsx workbook: title and summary lines above it,
/// dates as date cells, day counts as numbers.
std::string render_overdue_xlsx(const OverdueList& list, const TaskViewContext& v);
/// `{"as_of", "summary": {...}, "items": [...], "requests": [...], "unsigned": [...]}`
/// as SPEC §8 shows; the summary also counts `pending_requests` and `unsigned`.
std::string render_overdue_json(const OverdueList& list, const FeedbackWatch& watch,
                                const TaskViewContext& v);

}  // namespace duban
