// An .xlsx workbook of any bytes: open it, read every sheet, and read the
// first as an import. Malformed archives and XML are data Errors, never
// crashes; what is read keeps Excel's limits and the sheet's order.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/error.hpp"
#include "fuzz_common.hpp"
#include "io/import.hpp"
#include "io/xlsx_read.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  try {
    const duban::xlsx::Workbook wb = duban::xlsx::Workbook::from_bytes(bytes, "fuzz.xlsx");
    for (const std::string& name : wb.sheet_names()) {
      int last_row = 0;
      for (const duban::xlsx::Row& row : wb.read_sheet(name).rows) {
        if (row.row <= last_row || row.row > duban::xlsx::k_max_rows || row.cells.empty()) {
          duban_fuzz::die("rows out of order, beyond Excel's limit or empty", name,
                          std::to_string(row.row));
        }
        last_row = row.row;
        int last_column = 0;
        for (const duban::xlsx::Cell& c : row.cells) {
          if (c.row != row.row || c.column <= last_column ||
              c.column > duban::xlsx::k_max_columns || c.type == duban::xlsx::CellType::empty) {
            duban_fuzz::die("a cell out of place or empty", name,
                            duban::xlsx::cell_name(c.row, c.column));
          }
          last_column = c.column;
        }
      }
    }
  } catch (const duban::Error&) {
  }
  try {
    duban::read_xlsx_rows(bytes, "fuzz.xlsx");
  } catch (const duban::Error&) {
  }
  return 0;
}
