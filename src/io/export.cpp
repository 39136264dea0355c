#include "io/export.hpp"

#include "core/history.hpp"
#include "io/json.hpp"
#include "io/table.hpp"
#include "io/task_view.hpp"
#include "io/text.hpp"
#include "store/codec.hpp"

namespace duban {

namespace {

// What a ledger row is made from: the task, its closing and its latest feedback.
struct LedgerFacts {
  const Task& t;
  const LogEntry* closing;
  const LogEntry* progress;
};

std::string date_or_empty(const std::optional<Date>& d) {
  return d ? d->iso() : "";
}

// The ledger's columns in order, for CSV and .xlsx alike: the key (its header
// is the label "export.<key>"), the cell's type in a spreadsheet, and the cell.
struct LedgerColumn {
  const char* key;
  CellType type;
  std::string (*cell)(const LedgerFacts&);
};

using F = const LedgerFacts&;
constexpr LedgerColumn k_columns[] = {
    {"id", CellType::text, [](F f) { return f.t.id; }},
    {"title", CellType::text, [](F f) { return f.t.title; }},
    {"content", CellType::text, [](F f) { return f.t.content; }},
    {"kind", CellType::text, [](F f) { return f.t.kind; }},
    {"ref", CellType::text, [](F f) { return f.t.ref; }},
    {"leader", CellType::text, [](F f) { return f.t.leader; }},
    {"listed", CellType::text, [](F f) { return std::string(f.t.listed ? "true" : "false"); }},
    {"lead", CellType::text, [](F f) { return f.t.lead; }},
    {"co", CellType::text, [](F f) { return join(f.t.co, "、"); }},
    {"owner", CellType::text, [](F f) { return f.t.owner; }},
    {"created", CellType::date, [](F f) { return f.t.created.iso(); }},
    {"due", CellType::date, [](F f) { return date_or_empty(f.t.due); }},
    {"cadence", CellType::text, [](F f) { return f.t.cadence; }},
    {"status", CellType::text, [](F f) { return std::string(to_string(f.t.status)); }},
    {"escalation", CellType::integer, [](F f) { return std::to_string(f.t.escalation); }},
    {"tags", CellType::text, [](F f) { return join(f.t.tags, "、"); }},
    {"closed", CellType::date,
     [](F f) { return f.closing ? f.closing->date.iso() : std::string(); }},
    {"result", CellType::text,
     [](F f) { return f.closing ? f.closing->get("result") : std::string(); }},
    {"rating", CellType::text,
     [](F f) { return f.closing ? f.closing->get("rating") : std::string(); }},
    {"progress", CellType::text,
     [](F f) { return f.progress ? f.progress->get("text") : std::string(); }},
    // The date of the latest feedback (进展日期): import dates the entry by it.
    {"progress_date", CellType::date,
     [](F f) { return f.progress ? f.progress->date.iso() : std::string(); }},
    {"uid", CellType::text, [](F f) { return identity_of(f.t); }},
};

std::string header_of(const LedgerColumn& c, Lang lang) {
  return std::string(label(std::string("export.").append(c.key), lang));
}

// The ledger's rows: a cell of each column.
std::vector<std::vector<std::string>> ledger_rows(const std::vector<const Task*>& tasks) {
  std::vector<std::vector<std::string>> rows;
  rows.reserve(tasks.size());
  for (const Task* t : tasks) {
    const LedgerFacts facts{*t, closing_entry(*t), latest_progress(*t)};
    std::vector<std::string>& row = rows.emplace_back();
    for (const LedgerColumn& c : k_columns) {
      row.push_back(c.cell(facts));
    }
  }
  return rows;
}

}  // namespace

std::string guard_formula(const std::string& cell) {
  if (!cell.empty() && std::string_view("=+-@\t\r").find(cell[0]) != std::string_view::npos) {
    return "'" + cell;
  }
  return cell;
}

std::string export_csv(const std::vector<const Task*>& tasks, Lang lang, bool bom) {
  Table table;
  for (const LedgerColumn& c : k_columns) {
    table.headers.push_back(header_of(c, lang));
  }
  table.rows = ledger_rows(tasks);
  for (std::vector<std::string>& row : table.rows) {
    for (std::string& cell : row) {
      cell = guard_formula(cell);
    }
  }
  return (bom ? "\xef\xbb\xbf" : "") + render_table_csv(table);
}

Sheet export_sheet(const std::vector<const Task*>& tasks, Lang lang, const std::string& office,
                   Date as_of) {
  Sheet sheet;
  sheet.name = label("ledger.sheet", lang);
  sheet.title_lines.push_back(format_label("ledger.title", lang, office, long_date(as_of, lang)));
  for (const LedgerColumn& c : k_columns) {
    sheet.columns.push_back(SheetColumn{header_of(c, lang), c.type});
  }
  sheet.rows = ledger_rows(tasks);
  return sheet;
}

std::string export_xlsx(const std::vector<const Task*>& tasks, Lang lang, const std::string& office,
                        Date as_of) {
  return render_xlsx({export_sheet(tasks, lang, office, as_of)});
}

std::string export_json(const std::vector<const Task*>& tasks) {
  JsonWriter w;
  w.begin_array();
  for (const Task* t : tasks) {
    w.begin_object();
    write_task_fields_json(w, *t);
    w.end_object();
  }
  w.end_array();
  return w.str();
}

std::string export_yaml(const std::vector<const Task*>& tasks) {
  if (tasks.empty()) {
    return "[]\n";
  }
  std::string out;
  for (const Task* t : tasks) {
    // Comments a task file holds beyond the task have no place in an export.
    Task task = *t;
    task.unkept.clear();
    const std::string text = emit_task(task);
    size_t start = 0;
    bool first = true;
    while (start < text.size()) {
      size_t end = text.find('\n', start);
      out += (first ? "- " : "  ") + text.substr(start, end - start) + "\n";
      first = false;
      start = end + 1;
    }
  }
  return out;
}

}  // namespace duban
