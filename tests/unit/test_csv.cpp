// The RFC 4180 reader and the text decoding of import files (SPEC §10).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/error.hpp"
#include "io/csv.hpp"

using namespace duban;

namespace {

using Fields = std::vector<std::string>;

std::vector<CsvRecord> parse(std::string_view text) {
  return parse_csv(text, "in.csv");
}

// The message and exit code of the Error `f` throws; code 0 when it does not throw.
template <class F>
std::pair<int, std::string> error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return {e.code(), e.what()};
  }
  return {k_exit_ok, ""};
}

}  // namespace

// ---------------------------------------------------------------- parse_csv

TEST_CASE("parse_csv: plain records, their fields and lines") {
  auto r = parse(
      "事项名称,来源,牵头单位\n推进热电联产,领导批示,市发改委\n老旧小区改造,会议决定事项,"
      "市住建局\n");
  REQUIRE(r.size() == 3);
  CHECK(r[0].fields == Fields{"事项名称", "来源", "牵头单位"});
  CHECK(r[1].fields == Fields{"推进热电联产", "领导批示", "市发改委"});
  CHECK(r[2].fields == Fields{"老旧小区改造", "会议决定事项", "市住建局"});
  CHECK(r[0].line == 1);
  CHECK(r[1].line == 2);
  CHECK(r[2].line == 3);
}

TEST_CASE(
    "parse_csv: the spreadsheet row of each record: a multi-line cell is one row, a blank line is "
    "a row") {
  auto r = parse("标题,备注\n\"第一行\n第二行\n第三行\",x\n\nB,y\r\nC,\"a\r\nb\"\nD,z\n");
  REQUIRE(r.size() == 5);
  CHECK(r[0].row == 1);
  CHECK(r[1].row == 2);
  CHECK(r[1].line == 2);
  CHECK(r[2].fields == Fields{"B", "y"});
  CHECK(r[2].row == 4);  // row 3 is the blank line
  CHECK(r[2].line == 6);
  CHECK(r[3].row == 5);
  CHECK(r[4].row == 6);
  CHECK(r[4].line == 9);  // the quoted CRLF is a line break inside row 5
}

TEST_CASE("parse_csv: empty cells are kept, in the middle and at the end") {
  auto r = parse("a,,c,\n,,x,\n");
  REQUIRE(r.size() == 2);
  CHECK(r[0].fields == Fields{"a", "", "c", ""});
  CHECK(r[1].fields == Fields{"", "", "x", ""});
}

TEST_CASE("parse_csv: a quoted field holds commas") {
  auto r = parse("title,co\n\"推进项目,第一批\",\"市财政局,市住建局\"\n");
  REQUIRE(r.size() == 2);
  CHECK(r[1].fields == Fields{"推进项目,第一批", "市财政局,市住建局"});
}

TEST_CASE("parse_csv: doubled quotes are one quote") {
  auto r = parse("\"含有\"\"引号\"\"的标题\",\"\"\"\",\"\"\n");
  REQUIRE(r.size() == 1);
  CHECK(r[0].fields == Fields{"含有\"引号\"的标题", "\"", ""});
}

TEST_CASE("parse_csv: a quoted field holds LF and CRLF line breaks; lines keep counting") {
  auto r = parse("a,b\n\"第一行\n第二行\",x\n\"甲\r\n乙\",y\nlast,z\n");
  REQUIRE(r.size() == 4);
  CHECK(r[1].fields == Fields{"第一行\n第二行", "x"});
  CHECK(r[2].fields == Fields{"甲\r\n乙", "y"});
  CHECK(r[3].fields == Fields{"last", "z"});
  // a record's line is the line it starts on
  CHECK(r[0].line == 1);
  CHECK(r[1].line == 2);
  CHECK(r[2].line == 4);
  CHECK(r[3].line == 6);
}

TEST_CASE("parse_csv: CRLF ends records like LF (Excel)") {
  auto r = parse("a,b\r\nc,d\r\ne,f\r\n");
  REQUIRE(r.size() == 3);
  CHECK(r[0].fields == Fields{"a", "b"});
  CHECK(r[1].fields == Fields{"c", "d"});
  CHECK(r[2].fields == Fields{"e", "f"});
  CHECK(r[2].line == 3);
  // no CR is left at the end of a last field
  for (const CsvRecord& rec : r) {
    CHECK(rec.fields.back().find('\r') == std::string::npos);
  }
}

TEST_CASE("parse_csv: blank lines are skipped, and lines still count") {
  auto r = parse("a,b\n\n\r\nc,d\n   \n,,\n\ne,f\n");
  REQUIRE(r.size() == 3);
  CHECK(r[0].fields == Fields{"a", "b"});
  CHECK(r[1].fields == Fields{"c", "d"});
  CHECK(r[1].line == 4);
  CHECK(r[2].fields == Fields{"e", "f"});
  CHECK(r[2].line == 8);
}

TEST_CASE("parse_csv: the last line needs no newline") {
  auto r = parse("a,b\nc,d");
  REQUIRE(r.size() == 2);
  CHECK(r[1].fields == Fields{"c", "d"});
  CHECK(r[1].line == 2);

  r = parse("a,b\r\nc,");
  REQUIRE(r.size() == 2);
  CHECK(r[1].fields == Fields{"c", ""});

  r = parse("a,b\n\"x,y\"");
  REQUIRE(r.size() == 2);
  CHECK(r[1].fields == Fields{"x,y"});

  r = parse("a,\"\"");
  REQUIRE(r.size() == 1);
  CHECK(r[0].fields == Fields{"a", ""});
}

TEST_CASE("parse_csv: empty input has no records") {
  CHECK(parse("").empty());
  CHECK(parse("\n\r\n\n").empty());
}

TEST_CASE(
    "parse_csv: an unterminated quote is a data error naming the file and the line it opens on") {
  auto [code, msg] = error_of([] { parse("a,b\nc,d\ne,\"never closed,\nmore\nand more\n"); });
  CHECK(code == k_exit_data);
  CHECK(msg.find("in.csv:3:") == 0);
  CHECK(msg.find("quote") != std::string::npos);

  auto [code1, msg1] = error_of([] { parse("\"open"); });
  CHECK(code1 == k_exit_data);
  CHECK(msg1.find("in.csv:1:") == 0);
}

// ---------------------------------------------------------------- decode_to_utf8

TEST_CASE("decode_to_utf8: a UTF-8 BOM is dropped") {
  const std::string bom = "\xef\xbb\xbf";
  CHECK(decode_to_utf8(bom + "事项名称,来源\n", Encoding::automatic, "a.csv") == "事项名称,来源\n");
  CHECK(decode_to_utf8(bom + "title\n", Encoding::utf8, "a.csv") == "title\n");
  CHECK(decode_to_utf8(bom, Encoding::automatic, "a.csv").empty());
  // only a leading BOM is special
  CHECK(decode_to_utf8("a" + bom, Encoding::utf8, "a.csv") == "a" + bom);
}

TEST_CASE("decode_to_utf8: valid UTF-8 is kept as it is") {
  const std::string text = "事项名称,牵头单位\n推进“一网通办”，优化营商环境,市发改委\n";
  CHECK(decode_to_utf8(text, Encoding::automatic, "a.csv") == text);
  CHECK(decode_to_utf8(text, Encoding::utf8, "a.csv") == text);
  CHECK(decode_to_utf8("plain ascii", Encoding::automatic, "a.csv") == "plain ascii");
  CHECK(decode_to_utf8("", Encoding::automatic, "a.csv").empty());
}

TEST_CASE("decode_to_utf8: GBK bytes become UTF-8, detected or forced") {
  // 工作 in GBK
  CHECK(decode_to_utf8("\xb9\xa4\xd7\xf7", Encoding::automatic, "a.csv") == "工作");
  CHECK(decode_to_utf8("\xb9\xa4\xd7\xf7", Encoding::gbk, "a.csv") == "工作");
  // 事项名称,来源 / 督办,领导批示 as Excel on Chinese Windows writes them (CRLF)
  const std::string gbk =
      "\xca\xc2\xcf\xee\xc3\xfb\xb3\xc6,\xc0\xb4\xd4\xb4\r\n"
      "\xb6\xbd\xb0\xec,\xc1\xec\xb5\xbc\xc5\xfa\xca\xbe\r\n";
  CHECK(decode_to_utf8(gbk, Encoding::automatic, "a.csv") == "事项名称,来源\r\n督办,领导批示\r\n");
  // ASCII is the same in both
  CHECK(decode_to_utf8("title,kind\n", Encoding::gbk, "a.csv") == "title,kind\n");
  // the GB18030 full stop and fullwidth comma: 。，
  CHECK(decode_to_utf8("\xa1\xa3\xa3\xac", Encoding::gbk, "a.csv") == "。，");
}

TEST_CASE("decode_to_utf8: bytes that are not UTF-8 are an error when UTF-8 is forced") {
  auto [code, msg] =
      error_of([] { decode_to_utf8("\xb9\xa4\xd7\xf7", Encoding::utf8, "ledger.csv"); });
  CHECK(code == k_exit_data);
  CHECK(msg.find("ledger.csv") != std::string::npos);

  auto [code2, msg2] = error_of([] { decode_to_utf8("ok\xff\xfe", Encoding::utf8, "x.csv"); });
  CHECK(code2 == k_exit_data);
  CHECK(msg2.find("x.csv") != std::string::npos);

  // a truncated UTF-8 sequence after a BOM
  auto [code3, msg3] =
      error_of([] { decode_to_utf8("\xef\xbb\xbf\xe5\xb7", Encoding::utf8, "y.csv"); });
  CHECK(code3 == k_exit_data);
}

TEST_CASE("decode_to_utf8: bytes that are neither UTF-8 nor GB18030 are an error") {
  auto [code, msg] = error_of([] { decode_to_utf8("abc\xff", Encoding::gbk, "bad.csv"); });
  CHECK(code == k_exit_data);
  CHECK(msg.find("bad.csv") != std::string::npos);
}
