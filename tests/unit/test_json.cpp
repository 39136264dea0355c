#include <doctest/doctest.h>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>

#include "io/json.hpp"

using namespace duban;

namespace {

// {"name": "督办", "count": 3, "tags": ["a", true, null], "empty_obj": {}, "empty_arr": [],
//  "nested": {"x": 1.5, "list": [[1, 2], []]}}
std::string write_sample(int indent) {
  JsonWriter w(indent);
  w.begin_object();
  w.key("name").value("督办");
  w.key("count").value(3);
  w.key("tags").begin_array().value("a").value(true).null().end_array();
  w.key("empty_obj").begin_object().end_object();
  w.key("empty_arr").begin_array().end_array();
  w.key("nested").begin_object();
  w.key("x").value(1.5);
  w.key("list").begin_array();
  w.begin_array().value(1).value(2).end_array();
  w.begin_array().end_array();
  w.end_array();
  w.end_object();
  w.end_object();
  return w.str();
}

}  // namespace

TEST_CASE("json_quote escapes what JSON requires") {
  CHECK(json_quote("") == "\"\"");
  CHECK(json_quote("plain") == "\"plain\"");
  CHECK(json_quote("a\"b\\c") == "\"a\\\"b\\\\c\"");
  CHECK(json_quote("\n\r\t\b\f") == "\"\\n\\r\\t\\b\\f\"");
  CHECK(json_quote("\x01") == "\"\\u0001\"");
  CHECK(json_quote("\x1b[31mred") == "\"\\u001b[31mred\"");
  CHECK(json_quote("\x7f") == "\"\\u007f\"");
  CHECK(json_quote(std::string("a\0b", 3)) == "\"a\\u0000b\"");
  CHECK(json_quote("/") == "\"/\"");
}

TEST_CASE("json_quote keeps UTF-8 and replaces invalid bytes") {
  CHECK(json_quote("督办〔2024〕“急”") == "\"督办〔2024〕“急”\"");
  CHECK(json_quote("\U0001F600") == "\"\U0001F600\"");
  CHECK(json_quote("a\xffz") == "\"a\\ufffdz\"");
  CHECK(json_quote("\xe4\xb8") == "\"\\ufffd\\ufffd\"");
  CHECK(json_quote("\xed\xa0\x80") == "\"\\ufffd\\ufffd\\ufffd\"");  // encoded surrogate
}

TEST_CASE("json_quote escapes C1 and bidi controls and line separators, losslessly") {
  CHECK(json_quote("a\xc2\x9b"
                   "31m") == "\"a\\u009b31m\"");
  CHECK(json_quote("\xc2\x85") == "\"\\u0085\"");
  CHECK(json_quote("x\u202Ey\u2066z\u200F") == "\"x\\u202ey\\u2066z\\u200f\"");
  CHECK(json_quote("\u2028\u2029") == "\"\\u2028\\u2029\"");
  CHECK(json_quote("中\u200B") == "\"中\u200B\"");  // a zero-width space is no control
}

TEST_CASE("JsonWriter pretty output matches json.dumps(indent=2)") {
  const std::string expected =
      "{\n"
      "  \"name\": \"督办\",\n"
      "  \"count\": 3,\n"
      "  \"tags\": [\n"
      "    \"a\",\n"
      "    true,\n"
      "    null\n"
      "  ],\n"
      "  \"empty_obj\": {},\n"
      "  \"empty_arr\": [],\n"
      "  \"nested\": {\n"
      "    \"x\": 1.5,\n"
      "    \"list\": [\n"
      "      [\n"
      "        1,\n"
      "        2\n"
      "      ],\n"
      "      []\n"
      "    ]\n"
      "  }\n"
      "}\n";
  CHECK(write_sample(2) == expected);
}

TEST_CASE("JsonWriter compact output has no whitespace") {
  CHECK(write_sample(0) ==
        "{\"name\":\"督办\",\"count\":3,\"tags\":[\"a\",true,null],\"empty_obj\":{},"
        "\"empty_arr\":[],\"nested\":{\"x\":1.5,\"list\":[[1,2],[]]}}");
}

TEST_CASE("JsonWriter indent 4 and escaped keys") {
  JsonWriter w(4);
  w.begin_object().key("a\"b").begin_array().value(1).end_array().end_object();
  CHECK(w.str() == "{\n    \"a\\\"b\": [\n        1\n    ]\n}\n");
}

TEST_CASE("JsonWriter top-level values and empty containers") {
  JsonWriter scalar;
  scalar.value("x");
  CHECK(scalar.str() == "\"x\"\n");
  JsonWriter compact(0);
  compact.value(7);
  CHECK(compact.str() == "7");
  JsonWriter empty_array;
  empty_array.begin_array().end_array();
  CHECK(empty_array.str() == "[]\n");
  JsonWriter empty_object(0);
  empty_object.begin_object().end_object();
  CHECK(empty_object.str() == "{}");
}

TEST_CASE("JsonWriter numbers") {
  JsonWriter w(0);
  w.begin_array();
  w.value(0.1).value(-2.5).value(1e300).value(1.0);
  w.value(std::numeric_limits<double>::quiet_NaN());
  w.value(std::numeric_limits<double>::infinity());
  w.value(-std::numeric_limits<double>::infinity());
  w.value(-42).value(9007199254740993LL).value(false);
  w.value(std::size_t{12}).value(std::int64_t{-7}).value(std::numeric_limits<std::uint64_t>::max());
  w.end_array();
  CHECK(w.str() ==
        "[0.1,-2.5,1e+300,1,null,null,null,-42,9007199254740993,false,12,-7,"
        "18446744073709551615]");
}

TEST_CASE("JsonWriter string overloads agree") {
  const std::string s = "市\"局\"";
  JsonWriter w(0);
  w.begin_array().value(s).value(std::string_view(s)).value(s.c_str()).end_array();
  CHECK(w.str() == "[\"市\\\"局\\\"\",\"市\\\"局\\\"\",\"市\\\"局\\\"\"]");
}

TEST_CASE("JsonWriter optional: absent text is null, never \"\"") {
  JsonWriter w(0);
  w.begin_object().key("owner").optional("").key("lead").optional("甲局").end_object();
  CHECK(w.str() == "{\"owner\":null,\"lead\":\"甲局\"}");
}
