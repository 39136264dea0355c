#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/calendar.hpp"
#include "core/config.hpp"
#include "core/task.hpp"
#include "core/units.hpp"
#include "io/csv.hpp"

namespace duban {

/// One cell of an imported row: its text and where it came from.
struct ImportCell {
  std::string value;
  int column = 0;  // 1-based; 0 for YAML/JSON
  std::string header;
};

/// One row (CSV record or YAML/JSON list item), by canonical field name.
struct ImportRow {
  int row =
      0;  // the spreadsheet row (header = 1; a multi-line cell is one row); YAML/JSON: the line
  std::map<std::string, ImportCell> cells;
  std::optional<Task> full;  // a whole task file (YAML/JSON item with a log)
};

/// What a file held, before any checking against the workspace.
struct ImportSource {
  std::string name;
  std::vector<ImportRow> rows;
  std::vector<std::string> errors;  // `file:row:column: message`
  std::vector<std::string> warnings;
};

/// The field a header names: English (`title`, `lead` …) or the usual Chinese
/// (标题/事项名称, 牵头单位/主办单位/承办单位, 办结时限/完成时限/截止日期 …),
/// compared without case, spaces or the width of brackets; a remark in
/// brackets after a name is left out (办结时限（年月日）).
std::optional<std::string> canonical_field(const std::string& header);
/// Whether `field` is a field name an import column can hold (`due`, `content` …).
bool is_import_field(std::string_view field);

/// Headers beyond the built-in ones.
struct ImportColumns {
  /// duban.yaml's import_columns: header → field name, or `ignore`.
  std::vector<std::pair<std::string, std::string>> extra;
  /// --ignore-column: headers whose columns are left out.
  std::vector<std::string> ignored;
};

/// Read CSV text (already UTF-8) into rows. A header that is neither a known
/// field nor ignored is an error (with a did-you-mean), never skipped.
ImportSource read_csv_rows(const std::string& text, const std::string& name,
                           const ImportColumns& columns = {});
/// Read sheet `sheet` (the first when empty) of the .xlsx workbook in `bytes`
/// into rows, as read_csv_rows does: the header is the first row, among the
/// first 20, whose cells are mostly known headers (a title row above it is
/// left out); rows keep the sheet's numbers; a date cell is its YYYY-MM-DD,
/// a number its exact digits. A file that is no workbook, or an unknown
/// sheet, throws a data Error.
ImportSource read_xlsx_rows(std::string bytes, const std::string& name,
                            const ImportColumns& columns = {}, const std::string& sheet = "");
/// Read a YAML or JSON list of task maps into rows. A key is a column: one
/// neither known nor ignored is an error (a whole task file keeps its own keys).
ImportSource read_yaml_rows(const std::string& text, const std::string& name,
                            const ImportColumns& columns = {});

enum class OnDuplicate { skip, update, error };

/// Everything an import needs to know about the workspace.
struct ImportContext {
  const Config& config;
  Units& units;  // grows when add_units
  const Calendar& calendar;
  Date today;
  std::string default_kind;
  bool add_units = false;
  OnDuplicate on_duplicate = OnDuplicate::skip;
};

/// What an import will do, decided before anything is written.
struct ImportPlan {
  std::vector<Task> create;
  std::vector<Task> update;           // the new versions of existing tasks
  std::vector<std::string> skipped;   // ids of existing tasks matched by a row
  std::vector<std::string> errors;    // every bad row
  std::vector<std::string> warnings;  // `file:row: …`: what an update kept as the ledger has it
  std::vector<std::string> added_units;
};

/// Check every row against the workspace and build the tasks; errors are
/// collected for all rows, and a plan with errors must not be written.
/// `next_id(year)` gives the first free id of a year.
ImportPlan plan_import(const ImportSource& src, const std::vector<Task>& existing,
                       ImportContext& ctx, const std::function<std::string(int)>& next_id);

}  // namespace duban
