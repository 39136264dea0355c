#include <doctest/doctest.h>
#include <fmt/format.h>

#include <set>
#include <string>

#include "helpers.hpp"
#include "io/import.hpp"
#include "io/labels.hpp"

using namespace duban;
using namespace duban::testing;

TEST_CASE("labels: every key has a Chinese and an English text") {
  REQUIRE(!all_labels().empty());
  for (const Label& l : all_labels()) {
    CAPTURE(l.key);
    CHECK(!l.key.empty());
    CHECK(!l.zh.empty());
    CHECK(!l.en.empty());
  }
}

TEST_CASE("labels: no key is in the table twice") {
  std::set<std::string_view> seen;
  for (const Label& l : all_labels()) {
    CAPTURE(l.key);
    CHECK(seen.insert(l.key).second);
  }
}

TEST_CASE("labels: every text is a well-formed format string") {
  // Renderers fill labels in with fmt at run time: a stray brace would only
  // show when that line is printed.
  for (const Label& l : all_labels()) {
    for (std::string_view text : {l.zh, l.en}) {
      CAPTURE(l.key);
      CAPTURE(text);
      CHECK_NOTHROW((void)fmt::vformat(
          text, fmt::make_format_args("a", "b", "c", "d", "e", "f", "g", "h", "i", "j")));
    }
  }
}

TEST_CASE("labels: a lookup gives the text in the language asked for, an unknown key itself") {
  CHECK(label("col.title", Lang::zh) == "事项");
  CHECK(label("col.title", Lang::en) == "Title");
  CHECK(label("col.unit", Lang::zh) == "单位");
  CHECK(label("no.such.key", Lang::zh) == "no.such.key");
  CHECK(label("no.such.key", Lang::en) == "no.such.key");
  CHECK(labels_of({"col.id", "report.days_overdue"}, Lang::en) ==
        std::vector<std::string>{"ID", "Days overdue"});
  CHECK(status_label(Status::active, Lang::zh) == "办理中");
  CHECK(light_label(Light::red, Lang::zh) == "红灯");
  CHECK(light_label(Light::none, Lang::zh) == "");
  CHECK(light_label(Light::none, Lang::en) == "");
  CHECK(log_type_label("progress", Lang::zh) == "反馈");
  CHECK(log_type_label("custom", Lang::zh) == "custom");
}

TEST_CASE("labels: format strings of the renderers, filled in") {
  CHECK(format_label("overdue.summary", Lang::zh, 2, 1, 3) ==
        "红灯 2 项，黄灯 1 项，报送超时 3 项");
  CHECK(format_label("overdue.summary", Lang::en, 2, 1, 3) == "red 2, yellow 1, feedback late 3");
  // Section numbers: Chinese numerals in Chinese, digits in English.
  CHECK(format_label("report.numbered", Lang::zh, "四", 4, "单位得分") == "四、单位得分");
  CHECK(format_label("report.numbered", Lang::en, "四", 4, "Unit scores") == "4. Unit scores");
  // Arguments in another order in English.
  CHECK(format_label("report.totals_rated", Lang::zh, 4, "75.0%") ==
        "办结事项中 4 件有满意度评价，满意率 75.0%。");
  CHECK(format_label("report.totals_rated", Lang::en, 4, "75.0%") ==
        " Satisfaction rate 75.0% (4 rated).");
  CHECK(format_label("notice.closing", Lang::en, "2025-10-24", "市委督查室") ==
        "Please report the state of each item and the next steps to 市委督查室 by 2025-10-24.");
  CHECK(format_label("report.by", Lang::zh, label("col.unit", Lang::zh), "unit") ==
        "二、分单位情况");
  CHECK(format_label("report.by", Lang::en, label("col.unit", Lang::en), "unit") == "2. By unit");
}

TEST_CASE("labels: long dates and unit kinds") {
  CHECK(long_date(ymd(2025, 10, 8), Lang::zh) == "2025年10月8日");
  CHECK(long_date(ymd(2025, 10, 8), Lang::en) == "2025-10-08");
  CHECK(unit_kind_label("department", Lang::zh) == "部门");
  CHECK(unit_kind_label("department", Lang::en) == "department");
  CHECK(unit_kind_label("群团组织", Lang::zh) == "群团组织");
}

TEST_CASE("labels: the report's metric names agree with the Chinese CSV headers") {
  for (const char* key : {"total", "new", "closed", "closed_on_time", "closed_late", "open",
                          "overdue", "completion_rate", "on_time_rate", "satisfaction_rate"}) {
    CAPTURE(key);
    CHECK(label(std::string("metric.") + key, Lang::zh) == field_label(key, Lang::zh));
  }
}

TEST_CASE("labels: import reads back every column header export writes, in both languages") {
  for (const Label& l : all_labels()) {
    if (!l.key.starts_with("export.")) {
      continue;
    }
    const std::string column(l.key.substr(7));
    CAPTURE(column);
    CHECK(canonical_field(std::string(l.zh)) == column);
    CHECK(canonical_field(std::string(l.en)) == column);
  }
}
