// The .xlsx reader's conversions (SPEC §10): Excel serial dates in both date
// systems with the 1900 leap-year quirk, numbers kept digit for digit, the
// _xHHHH_ escape, date formats, and what the first bytes of a file say.
#include <doctest/doctest.h>

#include <string>

#include "core/error.hpp"
#include "helpers.hpp"
#include "io/xlsx_read.hpp"

using namespace duban;
using namespace duban::testing;

namespace {

std::optional<Date> serial(double s, bool date1904 = false) {
  std::string why;
  return xlsx::serial_to_date(s, date1904, &why);
}

std::string why_not(double s, bool date1904 = false) {
  std::string why;
  CHECK_FALSE(xlsx::serial_to_date(s, date1904, &why));
  return why;
}

}  // namespace

TEST_CASE("1900 date system: serials up to 59 are exact, 60 never was, later ones are a day late") {
  CHECK(serial(1) == ymd(1900, 1, 1));
  CHECK(serial(59) == ymd(1900, 2, 28));
  CHECK(contains(why_not(60), "1900-02-29"));
  CHECK(serial(61) == ymd(1900, 3, 1));
  CHECK(serial(45657) == ymd(2024, 12, 31));
  CHECK(serial(46022) == ymd(2025, 12, 31));
  CHECK(serial(2958465) == ymd(9999, 12, 31));
  // A time of day is dropped: 2025-12-31 18:00.
  CHECK(serial(46022.75) == ymd(2025, 12, 31));
  CHECK(serial(46022.999999) == ymd(2025, 12, 31));
  CHECK_FALSE(why_not(0).empty());
  CHECK_FALSE(why_not(-3).empty());
  CHECK_FALSE(why_not(2958466).empty());
}

TEST_CASE("1904 date system: serial 0 is 1904-01-01, no leap-year quirk") {
  CHECK(serial(0, true) == ymd(1904, 1, 1));
  CHECK(serial(60, true) == ymd(1904, 3, 1));
  CHECK(serial(44560, true) == ymd(2025, 12, 31));
  CHECK(serial(44560.5, true) == ymd(2025, 12, 31));
  CHECK_FALSE(why_not(-1, true).empty());
}

TEST_CASE("numbers keep every digit: ticket numbers, E-notation, trailing .0") {
  CHECK(xlsx::number_text("202511280001") == "202511280001");
  CHECK(xlsx::number_text("202511280001.0") == "202511280001");
  CHECK(xlsx::number_text("2.02511280001E+11") == "202511280001");
  CHECK(xlsx::number_text("2.02511280001e11") == "202511280001");
  CHECK(xlsx::number_text("1E+3") == "1000");
  CHECK(xlsx::number_text("-4.5E+1") == "-45");
  CHECK(xlsx::number_text("1.5E-3") == "0.0015");
  CHECK(xlsx::number_text("0.1") == "0.1");
  CHECK(xlsx::number_text("12.50") == "12.5");
  CHECK(xlsx::number_text("007") == "7");
  CHECK(xlsx::number_text("0") == "0");
  CHECK(xlsx::number_text("-0") == "0");
  CHECK(xlsx::number_text("0.0") == "0");
  CHECK(xlsx::number_text("+3") == "3");
  // Not a number: as it is.
  CHECK(xlsx::number_text("abc") == "abc");
  CHECK(xlsx::number_text("1e") == "1e");
  CHECK(xlsx::number_text("") == "");
  // An exponent that would write thousands of digits is left as written.
  CHECK(xlsx::number_text("1E+999999") == "1E+999999");
}

TEST_CASE("_xHHHH_ escapes become their characters; anything else stays") {
  CHECK(xlsx::unescape("a_x000D_b") == "a\rb");
  CHECK(xlsx::unescape("_x0009_") == "\t");
  CHECK(xlsx::unescape("_x4E2D__x6587_") == "中文");
  CHECK(xlsx::unescape("_x005F_x0041_") == "_x0041_");  // an escaped underscore
  CHECK(xlsx::unescape("_x12_") == "_x12_");
  CHECK(xlsx::unescape("_xZZZZ_") == "_xZZZZ_");
  CHECK(xlsx::unescape("plain_text_") == "plain_text_");
  CHECK(xlsx::unescape("_xD800_") == "_xD800_");  // a lone surrogate is no character
}

TEST_CASE("date formats: built-in ids and custom codes with y/m/d outside quotes and brackets") {
  for (int id : {14, 15, 16, 17, 22, 27, 31, 36, 45, 47, 50, 57, 58}) {
    CHECK_MESSAGE(xlsx::is_date_format(id, ""), id);
  }
  for (int id : {0, 1, 2, 10, 11, 12, 13, 23, 26, 37, 44, 48, 49, 59}) {
    CHECK_FALSE_MESSAGE(xlsx::is_date_format(id, ""), id);
  }
  CHECK(xlsx::is_date_format(164, "yyyy/m/d"));
  CHECK(xlsx::is_date_format(164, "yyyy\"年\"m\"月\"d\"日\""));
  CHECK(xlsx::is_date_format(164, "[$-804]yyyy年m月d日"));
  CHECK(xlsx::is_date_format(165, "mm-dd-yy;@"));
  CHECK_FALSE(xlsx::is_date_format(164, "0.00_ "));
  CHECK_FALSE(xlsx::is_date_format(164, "General"));
  CHECK_FALSE(xlsx::is_date_format(164, "\"day\" 0"));
  CHECK_FALSE(xlsx::is_date_format(164, "[Red]#,##0"));
  CHECK_FALSE(xlsx::is_date_format(164, "0.00E+00"));
  CHECK_FALSE(xlsx::is_date_format(164, "@"));
}

TEST_CASE("cell names and what the first bytes say") {
  CHECK(xlsx::cell_name(5, 3) == "C5");
  CHECK(xlsx::cell_name(1, 26) == "Z1");
  CHECK(xlsx::cell_name(1, 27) == "AA1");
  CHECK(xlsx::cell_name(1048576, 16384) == "XFD1048576");
  CHECK(xlsx::sniff(std::string("PK\x03\x04rest", 8)) == xlsx::FileKind::xlsx_zip);
  CHECK(xlsx::sniff("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1....") == xlsx::FileKind::legacy_xls);
  CHECK(xlsx::sniff("标题,牵头单位\n") == xlsx::FileKind::other);
  CHECK(xlsx::sniff("") == xlsx::FileKind::other);
}

TEST_CASE("anything that is not a workbook is a data error naming the file, never a crash") {
  auto code_and_message = [](const std::string& bytes) -> std::pair<int, std::string> {
    try {
      xlsx::Workbook::from_bytes(bytes, "in.xlsx");
    } catch (const Error& e) {
      return {e.code(), e.what()};
    }
    return {0, ""};
  };
  auto [code, message] = code_and_message("not a zip at all");
  CHECK(code == k_exit_data);
  CHECK(contains(message, "in.xlsx: not a valid .xlsx workbook"));
  std::tie(code, message) = code_and_message(std::string("PK\x03\x04garbage", 11));
  CHECK(code == k_exit_data);
  CHECK(contains(message, "in.xlsx: not a valid .xlsx workbook"));
  std::tie(code, message) =
      code_and_message(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(504, '\0'));
  CHECK(code == k_exit_data);
  CHECK(contains(message, "Excel 97"));
  CHECK(contains(message, "save it as .xlsx"));
}
