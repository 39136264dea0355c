// The .xlsx writer (SPEC §10) read back with duban's own reader: the title
// line above the header, typed cells (dates, whole numbers, percent), every
// text a text cell stored exactly, and the errors it turns libxlsxwriter's
// failures into.
#include <doctest/doctest.h>

#include <string>

#include "core/error.hpp"
#include "io/xlsx_read.hpp"
#include "io/xlsx_write.hpp"

using namespace duban;

namespace {

Sheet sample() {
  Sheet s;
  s.name = "台账";
  s.title_lines = {"某市督查室 督查事项台账（截至2025年11月28日）"};
  s.columns = {{"事项名称", CellType::text},
               {"办结时限", CellType::date},
               {"超期天数", CellType::integer},
               {"办结率", CellType::percent}};
  s.rows = {{"=SUM(A1)", "2025-11-28", "42", "0.8750"},
            {"+86 热线", "", "", ""},
            {"编码_x0041_照录", "1900-01-01", "-3", "1"},
            {std::string("a\x01") + "b\r\nc"}};
  return s;
}

// Sheet rows as the reader gives them, by spreadsheet row number.
const xlsx::Row* row(const xlsx::Sheet& s, int n) {
  for (const xlsx::Row& r : s.rows) {
    if (r.row == n) {
      return &r;
    }
  }
  return nullptr;
}

xlsx::Sheet written(const std::vector<Sheet>& sheets) {
  return xlsx::Workbook::from_bytes(render_xlsx(sheets), "test.xlsx").read_sheet();
}

}  // namespace

TEST_CASE("xlsx writer: title line, header, typed cells, text exactly as given") {
  const xlsx::Sheet s = written({sample()});
  REQUIRE(row(s, 1) != nullptr);
  CHECK(row(s, 1)->cells.at(0).text == "某市督查室 督查事项台账（截至2025年11月28日）");
  REQUIRE(row(s, 2) != nullptr);
  CHECK(row(s, 2)->cells.size() == 4);
  CHECK(row(s, 2)->cells.at(3).text == "办结率");

  const xlsx::Row* r3 = row(s, 3);
  REQUIRE(r3 != nullptr);
  CHECK(r3->cells.at(0).type == xlsx::CellType::text);
  CHECK(r3->cells.at(0).text == "=SUM(A1)");
  CHECK(r3->cells.at(1).type == xlsx::CellType::date);
  CHECK(r3->cells.at(1).date == Date::from_ymd(2025, 11, 28));
  CHECK(r3->cells.at(2).type == xlsx::CellType::number);
  CHECK(r3->cells.at(2).text == "42");
  CHECK(r3->cells.at(3).type == xlsx::CellType::number);
  CHECK(r3->cells.at(3).text == "0.875");

  const xlsx::Row* r4 = row(s, 4);
  REQUIRE(r4 != nullptr);
  CHECK(r4->cells.at(0).text == "+86 热线");
  CHECK(r4->cells.at(0).type == xlsx::CellType::text);

  const xlsx::Row* r5 = row(s, 5);
  REQUIRE(r5 != nullptr);
  CHECK(r5->cells.at(0).text == "编码_x0041_照录");  // not "编码A照录"
  CHECK(r5->cells.at(1).date == Date::from_ymd(1900, 1, 1));
  CHECK(r5->cells.at(2).text == "-3");

  const xlsx::Row* r6 = row(s, 6);
  REQUIRE(r6 != nullptr);
  CHECK(r6->cells.at(0).text == "a^Ab\nc");  // a control neutralised, CRLF one line break
}

TEST_CASE("xlsx writer: several sheets in order, one column, no title") {
  Sheet one;
  one.name = "一";
  one.columns = {{"x", CellType::text}};
  one.rows = {{"1"}};
  Sheet two = sample();
  two.name = "二";
  const std::string bytes = render_xlsx({one, two});
  const xlsx::Workbook book = xlsx::Workbook::from_bytes(bytes, "t.xlsx");
  CHECK(book.sheet_names() == std::vector<std::string>{"一", "二"});
  const xlsx::Sheet first = book.read_sheet("一");
  REQUIRE(row(first, 1) != nullptr);
  CHECK(row(first, 1)->cells.at(0).text == "x");
  CHECK(row(first, 2)->cells.at(0).type == xlsx::CellType::text);  // "1" in a text column
}

TEST_CASE("xlsx writer: a cell its column cannot hold is a data error naming it") {
  Sheet bad = sample();
  bad.rows.push_back({"x", "2025-13-01"});
  try {
    render_xlsx({bad});
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.code() == k_exit_data);
    CHECK(std::string(e.what()).find("cell B7") != std::string::npos);
  }
  Sheet number = sample();
  number.rows.push_back({"x", "", "12a"});
  CHECK_THROWS_AS(render_xlsx({number}), Error);
  Sheet longer = sample();
  longer.rows.push_back({std::string(32768, 'a')});
  try {
    render_xlsx({longer});
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.code() == k_exit_data);
    CHECK(std::string(e.what()).find("32767") != std::string::npos);
  }
  Sheet name = sample();
  name.name = "a/b";
  CHECK_THROWS_AS(render_xlsx({name}), Error);
}

TEST_CASE("xlsx writer: widths count what shows, text capped") {
  CHECK(xlsx_column_width(0, CellType::text) == 6);
  CHECK(xlsx_column_width(20, CellType::text) == 22);
  CHECK(xlsx_column_width(200, CellType::text) == 50);
  CHECK(xlsx_column_width(200, CellType::integer) == 202);
}
