#pragma once

#include <string>
#include <vector>

#include "core/date.hpp"
#include "core/task.hpp"
#include "io/labels.hpp"
#include "io/xlsx_write.hpp"

namespace duban {

/// A cell safe to open in a spreadsheet: text starting with = + - @ (or a tab
/// or CR) gets a leading ' so it is never run as a formula; import removes it.
std::string guard_formula(const std::string& cell);

/// One row per task with the fields import reads back (headers in `lang`),
/// optionally after a UTF-8 BOM for Excel.
std::string export_csv(const std::vector<const Task*>& tasks, Lang lang, bool bom);
/// The ledger (台账) as a sheet: the CSV's columns, headers in `lang`, below
/// a title line naming `office` and `as_of`; dates as date cells, escalation
/// as a number, every other cell text.
Sheet export_sheet(const std::vector<const Task*>& tasks, Lang lang, const std::string& office,
                   Date as_of);
/// The bytes of an .xlsx workbook holding export_sheet().
std::string export_xlsx(const std::vector<const Task*>& tasks, Lang lang, const std::string& office,
                        Date as_of);
/// A JSON list of whole tasks, each with the task file's keys and log.
std::string export_json(const std::vector<const Task*>& tasks);
/// A YAML list of whole tasks in the task file's canonical form.
std::string export_yaml(const std::vector<const Task*>& tasks);

}  // namespace duban
