// docx_package (io/docx): the archive holds every part, each part is
// well-formed XML (parsed back with expat), text is escaped and stripped of
// what XML 1.0 forbids, and a bar chart becomes a chart part of its own.

#include <doctest/doctest.h>
#include <expat.h>
#include <zip.h>

#include <map>
#include <memory>
#include <string>

#include "io/docx.hpp"

using namespace duban;

namespace {

// Every entry of the zip archive `bytes`, by name.
std::map<std::string, std::string> unzip_all(const std::string& bytes) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
  REQUIRE(src != nullptr);
  zip_t* za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &err);
  REQUIRE(za != nullptr);
  std::map<std::string, std::string> out;
  const zip_int64_t n = zip_get_num_entries(za, 0);
  for (zip_int64_t i = 0; i < n; ++i) {
    zip_stat_t st;
    REQUIRE(zip_stat_index(za, static_cast<zip_uint64_t>(i), 0, &st) == 0);
    zip_file_t* f = zip_fopen_index(za, static_cast<zip_uint64_t>(i), 0);
    REQUIRE(f != nullptr);
    std::string data(static_cast<size_t>(st.size), '\0');
    REQUIRE(zip_fread(f, data.data(), st.size) == static_cast<zip_int64_t>(st.size));
    zip_fclose(f);
    out[st.name] = data;
  }
  zip_discard(za);
  return out;
}

struct Parsed {
  bool ok = false;
  std::string error;
  std::string text;  // the character data of every w:t / a:t / c:v
  std::map<std::string, int> elements;
  bool in_text = false;
};

Parsed parse_xml(const std::string& xml) {
  Parsed p;
  std::unique_ptr<XML_ParserStruct, void (*)(XML_Parser)> parser(XML_ParserCreate("UTF-8"),
                                                                 XML_ParserFree);
  XML_SetUserData(parser.get(), &p);
  XML_SetElementHandler(
      parser.get(),
      [](void* d, const XML_Char* name, const XML_Char**) {
        auto* q = static_cast<Parsed*>(d);
        std::string n(name);
        ++q->elements[n];
        q->in_text = n == "w:t" || n == "a:t" || n == "c:v";
      },
      [](void* d, const XML_Char*) { static_cast<Parsed*>(d)->in_text = false; });
  XML_SetCharacterDataHandler(parser.get(), [](void* d, const XML_Char* s, int len) {
    auto* q = static_cast<Parsed*>(d);
    if (q->in_text) {
      q->text.append(s, static_cast<size_t>(len));
    }
  });
  p.ok = XML_Parse(parser.get(), xml.data(), static_cast<int>(xml.size()), 1) != XML_STATUS_ERROR;
  if (!p.ok) {
    p.error = XML_ErrorString(XML_GetErrorCode(parser.get()));
  }
  return p;
}

DocxDocument sample() {
  DocxDocument doc;
  doc.title = "督查催办通知单 <&>";
  doc.author = "市政府督查室";
  doc.date = "2026-03-06";
  DocxParagraph head;
  head.runs.push_back({"市政府督查室", Face::xiaobiaosong, TypeSize::chu, false, true});
  head.align = DocxAlign::center;
  head.red_rule_below = true;
  doc.blocks.emplace_back(head);
  DocxParagraph body;
  body.indent_chars = 2;
  body.runs.push_back({"标题 <b>&amp; \"引号\" 'x'\x01\x1f\x7f end", Face::fangsong});
  doc.blocks.emplace_back(body);
  DocxTable table;
  table.headers = {"编号", "事项"};
  table.rows = {{"DB-1", "a < b & c"}, {"DB-2", "\x0b控制"}};
  doc.blocks.emplace_back(table);
  DocxBarChart chart;
  chart.title = "各单位 <逾期>";
  chart.categories = {"市水务局", "市交通局 & 公路"};
  chart.series = {{"逾期", {3, 1.5}}, {"办结", {7, 0}}};
  doc.blocks.emplace_back(chart);
  return doc;
}

}  // namespace

TEST_CASE("docx_package: every part is present and well-formed XML") {
  const auto parts = unzip_all(docx_package(sample()));
  for (const char* name : {"[Content_Types].xml", "_rels/.rels", "word/document.xml",
                           "word/styles.xml", "word/settings.xml", "word/fontTable.xml",
                           "word/footer1.xml", "word/footer2.xml", "word/_rels/document.xml.rels",
                           "docProps/core.xml", "docProps/app.xml", "word/charts/chart1.xml"}) {
    INFO(name);
    REQUIRE(parts.count(name) == 1);
  }
  for (const auto& [name, data] : parts) {
    INFO(name);
    Parsed p = parse_xml(data);
    CHECK_MESSAGE(p.ok, p.error);
  }
}

TEST_CASE("docx_package: text is escaped and XML-forbidden controls are dropped") {
  const auto parts = unzip_all(docx_package(sample()));
  Parsed doc = parse_xml(parts.at("word/document.xml"));
  REQUIRE(doc.ok);
  CHECK(doc.text.find("标题 <b>&amp; \"引号\" 'x' end") != std::string::npos);
  CHECK(doc.text.find("a < b & c") != std::string::npos);
  CHECK(doc.text.find("控制") != std::string::npos);
  CHECK(doc.text.find('\x01') == std::string::npos);
  CHECK(doc.text.find('\x0b') == std::string::npos);
  Parsed core = parse_xml(parts.at("docProps/core.xml"));
  REQUIRE(core.ok);
  CHECK(parts.at("docProps/core.xml").find("督查催办通知单 &lt;&amp;&gt;") != std::string::npos);
}

TEST_CASE("docx_package: the page, the grid, the footers and the table header") {
  const auto parts = unzip_all(docx_package(sample()));
  const std::string& d = parts.at("word/document.xml");
  CHECK(d.find("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>") != std::string::npos);
  CHECK(d.find("w:top=\"2098\"") != std::string::npos);
  CHECK(d.find("w:bottom=\"1984\"") != std::string::npos);
  CHECK(d.find("w:left=\"1587\"") != std::string::npos);
  CHECK(d.find("w:right=\"1474\"") != std::string::npos);
  CHECK(d.find("w:type=\"lines\" w:linePitch=\"579\"") != std::string::npos);
  CHECK(d.find("<w:tblHeader/>") != std::string::npos);
  CHECK(d.find("<w:tblBorders>") != std::string::npos);
  CHECK(d.find("w:type=\"even\"") != std::string::npos);
  CHECK(parts.at("word/settings.xml").find("<w:evenAndOddHeaders/>") != std::string::npos);
  for (const char* f : {"word/footer1.xml", "word/footer2.xml"}) {
    INFO(f);
    CHECK(parts.at(f).find(" PAGE ") != std::string::npos);
  }
  CHECK(parts.at("word/footer1.xml").find("w:val=\"right\"") != std::string::npos);
  CHECK(parts.at("word/footer2.xml").find("w:val=\"left\"") != std::string::npos);
}

TEST_CASE("docx_package: a bar chart is a chart part with its values cached") {
  const auto parts = unzip_all(docx_package(sample()));
  const std::string& chart = parts.at("word/charts/chart1.xml");
  Parsed c = parse_xml(chart);
  REQUIRE(c.ok);
  CHECK(c.elements["c:barChart"] == 1);
  CHECK(c.elements["c:ser"] == 2);
  CHECK(c.elements["c:strCache"] >= 2);
  CHECK(c.elements["c:numCache"] == 2);
  CHECK(chart.find("<c:grouping val=\"clustered\"/>") != std::string::npos);
  CHECK(c.text.find("市交通局 & 公路") != std::string::npos);
  CHECK(c.text.find("1.5") != std::string::npos);
  CHECK(parts.at("[Content_Types].xml")
            .find("application/vnd.openxmlformats-officedocument.drawingml.chart+xml") !=
        std::string::npos);
  CHECK(parts.at("word/_rels/document.xml.rels").find("charts/chart1.xml") != std::string::npos);
  CHECK(parts.at("word/document.xml").find("<c:chart ") != std::string::npos);
}

TEST_CASE("docx_package: a document without blocks is still a valid package") {
  const auto parts = unzip_all(docx_package(DocxDocument{}));
  CHECK(parts.count("word/document.xml") == 1);
  CHECK(parts.count("word/charts/chart1.xml") == 0);
  CHECK(parse_xml(parts.at("word/document.xml")).ok);
}
