#include "io/export.hpp"

#include "core/history.hpp"
#include "io/json.hpp"
#include "io/table.hpp"
#include "io/task_view.hpp"
#include "io/text.hpp"
#include "store/codec.hpp"

namespace duban {

namespace {

// The columns in order; their headers are the labels "export.<column>".
constexpr const char* k_columns[] = {
    "id",         "title", "content", "kind",    "ref",    "leader",   "listed",
    "lead",       "co",    "owner",   "created", "due",    "cadence",  "status",
    "escalation", "tags",  "closed",  "result",  "rating", "progress", "uid"};

}  // namespace

std::string guard_formula(const std::string& cell) {
  if (!cell.empty() && std::string_view("=+-@\t\r").find(cell[0]) != std::string_view::npos) {
    return "'" + cell;
  }
  return cell;
}

std::string export_csv(const std::vector<const Task*>& tasks, Lang lang, bool bom) {
  Table table;
  for (const char* column : k_columns) {
    table.headers.emplace_back(label(std::string("export.").append(column), lang));
  }
  for (const Task* t : tasks) {
    const LogEntry* closing = closing_entry(*t);
    const LogEntry* progress = latest_progress(*t);
    std::vector<std::string> row = {t->id,
                                    t->title,
                                    t->content,
                                    t->kind,
                                    t->ref,
                                    t->leader,
                                    t->listed ? "true" : "false",
                                    t->lead,
                                    join(t->co, "、"),
                                    t->owner,
                                    t->created.iso(),
                                    t->due ? t->due->iso() : "",
                                    t->cadence,
                                    std::string(to_string(t->status)),
                                    std::to_string(t->escalation),
                                    join(t->tags, "、"),
                                    closing ? closing->date.iso() : "",
                                    closing ? closing->get("result") : "",
                                    closing ? closing->get("rating") : "",
                                    progress ? progress->get("text") : "",
                                    identity_of(*t)};
    for (std::string& cell : row) {
      cell = guard_formula(cell);
    }
    table.rows.push_back(std::move(row));
  }
  return (bom ? "\xef\xbb\xbf" : "") + render_table_csv(table);
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
