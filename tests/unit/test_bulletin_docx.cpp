#include <doctest/doctest.h>

#include <string>
#include <variant>

#include "core/config.hpp"
#include "helpers.hpp"
#include "io/bulletin_docx.hpp"

using namespace duban;
using namespace duban::testing;

namespace {

const DocxParagraph* paragraph_at(const DocxDocument& d, size_t i) {
  return i < d.blocks.size() ? std::get_if<DocxParagraph>(&d.blocks[i]) : nullptr;
}

std::string text_of(const DocxParagraph& p) {
  std::string out;
  for (const DocxRun& r : p.runs) {
    out += r.text;
  }
  return out;
}

// The first paragraph whose text starts with `prefix`.
const DocxParagraph* find_paragraph(const DocxDocument& d, const std::string& prefix) {
  for (const DocxBlock& b : d.blocks) {
    const auto* p = std::get_if<DocxParagraph>(&b);
    if (p != nullptr && text_of(*p).rfind(prefix, 0) == 0) {
      return p;
    }
  }
  return nullptr;
}

}  // namespace

TEST_CASE("bulletin_period names whole months, quarters and years, else the days") {
  CHECK(bulletin_period(ymd(2025, 11, 1), ymd(2025, 11, 30), Lang::zh) == "2025年11月");
  CHECK(bulletin_period(ymd(2024, 2, 1), ymd(2024, 2, 29), Lang::zh) == "2024年2月");
  CHECK(bulletin_period(ymd(2025, 4, 1), ymd(2025, 6, 30), Lang::zh) == "2025年第二季度");
  CHECK(bulletin_period(ymd(2025, 10, 1), ymd(2025, 12, 31), Lang::zh) == "2025年第四季度");
  CHECK(bulletin_period(ymd(2025, 1, 1), ymd(2025, 12, 31), Lang::zh) == "2025年");
  CHECK(bulletin_period(ymd(2025, 6, 1), ymd(2025, 6, 18), Lang::zh) == "2025年6月1日至18日");
  CHECK(bulletin_period(ymd(2025, 6, 9), ymd(2025, 7, 6), Lang::zh) == "2025年6月9日至7月6日");
  CHECK(bulletin_period(ymd(2024, 12, 30), ymd(2025, 1, 5), Lang::zh) ==
        "2024年12月30日至2025年1月5日");
  CHECK(bulletin_period(ymd(2025, 3, 6), ymd(2025, 3, 6), Lang::zh) == "2025年3月6日");
  CHECK(bulletin_period(ymd(2025, 11, 1), ymd(2025, 11, 30), Lang::en) == "2025-11");
  CHECK(bulletin_period(ymd(2025, 4, 1), ymd(2025, 6, 30), Lang::en) == "Q2 2025");
}

TEST_CASE("bulletin_docx: red header, 第N期, the title, the sections and the dated signature") {
  Config config;
  config.office = "江北市人民政府督查室";
  Calendar cal;
  const TaskViewContext v{config, cal, Lang::zh, false, Lang::en};
  Report r;
  r.from = ymd(2025, 11, 1);
  r.to = ymd(2025, 11, 30);
  r.as_of = ymd(2026, 3, 6);
  r.totals.total = 4;
  r.totals.closed = 3;
  r.groups.push_back({"市发改委", r.totals});
  ReportHeading h;
  h.issue_no = 7;
  const DocxDocument d = bulletin_docx(r, v, h);

  const DocxParagraph* mark = paragraph_at(d, 0);
  REQUIRE(mark != nullptr);
  CHECK(text_of(*mark) == "督查通报");
  CHECK(mark->runs[0].red);
  CHECK(mark->runs[0].face == Face::xiaobiaosong);
  REQUIRE(find_paragraph(d, "第7期") != nullptr);
  const DocxParagraph* title = find_paragraph(d, "关于2025年11月督查事项办理情况的通报");
  REQUIRE(title != nullptr);
  CHECK(title->runs[0].size == TypeSize::er);
  CHECK(title->align == DocxAlign::center);
  const DocxParagraph* overview = find_paragraph(d, "一、总体情况");
  REQUIRE(overview != nullptr);
  CHECK(overview->runs[0].face == Face::heiti);
  CHECK(find_paragraph(d, "二、各单位办理情况") != nullptr);
  CHECK(find_paragraph(d, "三、逾期未办结事项") != nullptr);
  CHECK(find_paragraph(d, "截至2025年11月30日，无逾期未办结事项。") != nullptr);
  const DocxParagraph* first = find_paragraph(d, "（一）");
  REQUIRE(first != nullptr);
  CHECK(first->runs[0].face == Face::kaiti);
  CHECK(first->runs[1].face == Face::fangsong);
  CHECK(first->indent_chars == 2);

  const auto* date = std::get_if<DocxParagraph>(&d.blocks.back());
  REQUIRE(date != nullptr);
  CHECK(text_of(*date) == "2026年3月6日");
  CHECK(date->align == DocxAlign::right);
  CHECK(date->right_chars == 4);
  const auto* office = std::get_if<DocxParagraph>(&d.blocks[d.blocks.size() - 2]);
  REQUIRE(office != nullptr);
  CHECK(text_of(*office) == config.office);

  int charts = 0;
  for (const DocxBlock& b : d.blocks) {
    if (const auto* c = std::get_if<DocxBarChart>(&b)) {
      ++charts;
      CHECK(c->categories == std::vector<std::string>{"市发改委"});
      REQUIRE(c->series.size() == 2);
      CHECK(c->series[0].second == std::vector<double>{3});
    }
  }
  CHECK(charts == 1);
}

TEST_CASE("bulletin_docx: no 第N期 without a number") {
  Config config;
  Calendar cal;
  const TaskViewContext v{config, cal, Lang::zh, false, Lang::en};
  Report r;
  r.from = r.to = r.as_of = ymd(2025, 6, 18);
  const DocxDocument d = bulletin_docx(r, v, ReportHeading{});
  for (const DocxBlock& b : d.blocks) {
    if (const auto* p = std::get_if<DocxParagraph>(&b)) {
      const std::string t = text_of(*p);
      CHECK_FALSE((t.rfind("第", 0) == 0 && t.ends_with("期")));
    }
  }
}
