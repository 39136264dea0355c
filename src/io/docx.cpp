#include "io/docx.hpp"

#include <fmt/format.h>
#include <zip.h>

#include <cmath>
#include <deque>
#include <memory>

#include "core/error.hpp"
#include "io/text.hpp"

namespace duban {

namespace {

// The page of GB/T 9704 in twips (1 mm = 1440 / 25.4 twips, rounded):
// A4 and the margins 37 / 35 / 28 / 26 mm.
constexpr int k_page_w = 11906;
constexpr int k_page_h = 16838;
constexpr int k_margin_top = 2098;
constexpr int k_margin_bottom = 1984;
constexpr int k_margin_left = 1587;
constexpr int k_margin_right = 1474;
constexpr int k_type_w = k_page_w - k_margin_left - k_margin_right;  // 156 mm
constexpr int k_type_h = k_page_h - k_margin_top - k_margin_bottom;  // 225 mm
constexpr int k_lines = 22;
constexpr int k_chars = 28;                       // characters a line
constexpr int k_line_pitch = k_type_h / k_lines;  // 579 twips, about 28.9 pt
// One character of body text (三号, 16 pt) in twips.
constexpr int k_char_twips = 320;
// The spacing between characters, in twentieths of a point: 28 characters of
// 16 pt - 0.25 pt fill the 156 mm line (441 of 442 pt); at 16 pt only 27 fit.
constexpr int k_char_spacing = -5;
static_assert(k_chars * (16 * 20 + k_char_spacing) <= k_type_w);
// The footer's distance from the page's bottom edge: the page number sits
// about 7 mm below the type area (35 mm - 7 mm - one 四号 line).
constexpr int k_footer = 1247;
// The type area's width in EMU (DrawingML: 36000 a millimetre) for charts.
constexpr long k_chart_cx = 5616000;  // 156 mm
constexpr long k_chart_cy = 3240000;  // 90 mm

constexpr const char* k_xml_decl =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
constexpr const char* k_ns_w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
constexpr const char* k_ns_r =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
constexpr const char* k_ns_a = "http://schemas.openxmlformats.org/drawingml/2006/main";
constexpr const char* k_ns_c = "http://schemas.openxmlformats.org/drawingml/2006/chart";
constexpr const char* k_ns_wp =
    "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing";
constexpr const char* k_red = "FF0000";

// A face as Word names it, with the name a reader without it should use.
struct FaceNames {
  const char* name;
  const char* alt;  // w:altName in the font table
  const char* family;
};

FaceNames face_names(Face f) {
  switch (f) {
    case Face::fangsong:
      return {"仿宋_GB2312", "仿宋", "modern"};
    case Face::heiti:
      return {"黑体", "SimHei", "modern"};
    case Face::kaiti:
      return {"楷体_GB2312", "楷体", "modern"};
    case Face::xiaobiaosong:
      return {"方正小标宋简体", "华文中宋", "script"};
    case Face::songti:
      return {"宋体", "SimSun", "auto"};
  }
  return {"宋体", "SimSun", "auto"};
}

// The fonts a reader falls back to, each with its own font-table entry, so
// that the alternative names above are known faces too.
struct ExtraFace {
  const char* name;
  const char* alt;
};
constexpr ExtraFace k_fallbacks[] = {
    {"仿宋", "FangSong"}, {"楷体", "KaiTi"}, {"华文中宋", "STZhongsong"}, {"Times New Roman", ""}};

bool forbidden_in_xml(const Utf8Char& c) {
  if (c.code == '\t' || c.code == '\n' || c.code == '\r') {
    return false;
  }
  return is_invisible_control(c.code) || c.code == 0xFFFE || c.code == 0xFFFF;
}

std::string face_fonts(Face f) {
  const FaceNames n = face_names(f);
  return fmt::format(
      R"(<w:rFonts w:ascii="{0}" w:hAnsi="{0}" w:eastAsia="{0}" w:cs="{0}" w:hint="eastAsia"/>)",
      n.name);
}

std::string run_props(const DocxRun& r) {
  std::string p = "<w:rPr>" + face_fonts(r.face);
  if (r.bold) {
    p += "<w:b/><w:bCs/>";
  }
  if (r.red) {
    p += fmt::format(R"(<w:color w:val="{}"/>)", k_red);
  }
  p += fmt::format(R"(<w:spacing w:val="{}"/>)", k_char_spacing);
  const int sz = static_cast<int>(r.size);
  p += fmt::format(R"(<w:sz w:val="{0}"/><w:szCs w:val="{0}"/></w:rPr>)", sz);
  return p;
}

// One run; line breaks in its text become w:br, tabs w:tab.
std::string run_xml(const DocxRun& r) {
  const std::string text = xml_text(r.text);
  std::string out = "<w:r>" + run_props(r);
  std::string piece;
  auto flush = [&] {
    if (!piece.empty()) {
      out += "<w:t xml:space=\"preserve\">" + piece + "</w:t>";
      piece.clear();
    }
  };
  for (char c : text) {
    if (c == '\n') {
      flush();
      out += "<w:br/>";
    } else if (c == '\t') {
      flush();
      out += "<w:tab/>";
    } else if (c != '\r') {
      piece += c;
    }
  }
  flush();
  return out + "</w:r>";
}

const char* jc(DocxAlign a) {
  switch (a) {
    case DocxAlign::left:
      return "left";
    case DocxAlign::center:
      return "center";
    case DocxAlign::right:
      return "right";
    case DocxAlign::justify:
      return "both";
  }
  return "both";
}

std::string paragraph_xml(const DocxParagraph& p) {
  std::string pr;
  if (p.keep_with_next) {
    pr += "<w:keepNext/>";
  }
  if (p.page_break_before) {
    pr += "<w:pageBreakBefore/>";
  }
  if (p.red_rule_below || p.dashed_rule_above) {
    pr += "<w:pBdr>";
    if (p.dashed_rule_above) {
      pr += R"(<w:top w:val="dashed" w:sz="6" w:space="6" w:color="000000"/>)";
    }
    if (p.red_rule_below) {
      // About 4 mm (11 pt) below the document number, 1.5 pt thick.
      pr += fmt::format(R"(<w:bottom w:val="single" w:sz="12" w:space="11" w:color="{}"/>)", k_red);
    }
    pr += "</w:pBdr>";
  }
  if (p.off_grid) {
    pr += R"(<w:snapToGrid w:val="0"/>)";
  }
  if (p.lines_before > 0) {
    pr += fmt::format(R"(<w:spacing w:before="{}" w:beforeLines="{}"/>)",
                      p.lines_before * k_line_pitch, p.lines_before * 100);
  }
  if (p.indent_chars != 0 || p.right_chars != 0) {
    pr += "<w:ind";
    if (p.right_chars != 0) {
      pr += fmt::format(R"( w:right="{}" w:rightChars="{}")", p.right_chars * k_char_twips,
                        p.right_chars * 100);
    }
    if (p.indent_chars != 0) {
      pr += fmt::format(R"( w:firstLine="{}" w:firstLineChars="{}")", p.indent_chars * k_char_twips,
                        p.indent_chars * 100);
    }
    pr += "/>";
  }
  pr += fmt::format(R"(<w:jc w:val="{}"/>)", jc(p.align));
  std::string out = "<w:p><w:pPr>" + pr + "</w:pPr>";
  for (const DocxRun& r : p.runs) {
    out += run_xml(r);
  }
  return out + "</w:p>";
}

// Column widths in twips summing to the type area's width.
std::vector<int> column_twips(const DocxTable& t, size_t columns) {
  std::vector<int> rel = t.widths;
  if (rel.size() != columns) {
    rel.assign(columns, 1);
  }
  long total = 0;
  for (int& w : rel) {
    w = std::max(w, 1);
    total += w;
  }
  std::vector<int> out;
  int used = 0;
  for (size_t i = 0; i < columns; ++i) {
    int w = i + 1 == columns ? k_type_w - used : static_cast<int>(k_type_w * rel[i] / total);
    out.push_back(w);
    used += w;
  }
  return out;
}

std::string cell_xml(const std::string& text, int width, Face face, TypeSize size, bool header) {
  DocxRun r{text, face, size, false, false};
  std::string out = fmt::format(
      R"(<w:tc><w:tcPr><w:tcW w:w="{}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>)", width);
  // Cells leave the page grid: a row is as tall as its text, not a grid line.
  out += fmt::format(R"(<w:p><w:pPr><w:snapToGrid w:val="0"/><w:spacing w:line="{}" )"
                     R"(w:lineRule="auto"/><w:jc w:val="{}"/></w:pPr>)",
                     280, header ? "center" : "left");
  out += run_xml(r);
  return out + "</w:p></w:tc>";
}

std::string table_xml(const DocxTable& t) {
  size_t columns = t.headers.size();
  for (const auto& row : t.rows) {
    columns = std::max(columns, row.size());
  }
  if (columns == 0) {
    return "";
  }
  const std::vector<int> widths = column_twips(t, columns);
  std::string out = "<w:tbl><w:tblPr>";
  out += fmt::format(R"(<w:tblW w:w="{}" w:type="dxa"/><w:jc w:val="center"/>)", k_type_w);
  out += "<w:tblBorders>";
  for (const char* side : {"top", "left", "bottom", "right", "insideH", "insideV"}) {
    out += fmt::format(R"(<w:{} w:val="single" w:sz="4" w:space="0" w:color="000000"/>)", side);
  }
  out += "</w:tblBorders>";
  out += R"(<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="85" w:type="dxa"/>)"
         R"(<w:right w:w="85" w:type="dxa"/></w:tblCellMar>)";
  out += R"(<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" )"
         R"(w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>)";
  for (int w : widths) {
    out += fmt::format(R"(<w:gridCol w:w="{}"/>)", w);
  }
  out += "</w:tblGrid>";
  if (!t.headers.empty()) {
    out += "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/><w:jc w:val=\"center\"/></w:trPr>";
    for (size_t c = 0; c < columns; ++c) {
      out +=
          cell_xml(c < t.headers.size() ? t.headers[c] : "", widths[c], Face::heiti, t.size, true);
    }
    out += "</w:tr>";
  }
  for (const auto& row : t.rows) {
    out += "<w:tr><w:trPr><w:cantSplit/><w:jc w:val=\"center\"/></w:trPr>";
    for (size_t c = 0; c < columns; ++c) {
      out += cell_xml(c < row.size() ? row[c] : "", widths[c], Face::fangsong, t.size, false);
    }
    out += "</w:tr>";
  }
  // Word needs a paragraph between a table and what follows it.
  return out + "</w:tbl>";
}

std::string chart_paragraph(int number, const std::string& rel_id) {
  return fmt::format(
      R"(<w:p><w:pPr><w:snapToGrid w:val="0"/><w:jc w:val="center"/></w:pPr><w:r><w:drawing>)"
      R"(<wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{0}" cy="{1}"/>)"
      R"(<wp:effectExtent l="0" t="0" r="0" b="0"/><wp:docPr id="{2}" name="Chart {2}"/>)"
      R"(<wp:cNvGraphicFramePr/><a:graphic xmlns:a="{3}"><a:graphicData uri="{4}">)"
      R"(<c:chart xmlns:c="{4}" xmlns:r="{5}" r:id="{6}"/></a:graphicData></a:graphic>)"
      R"(</wp:inline></w:drawing></w:r></w:p>)",
      k_chart_cx, k_chart_cy, number, k_ns_a, k_ns_c, k_ns_r, rel_id);
}

// A number as the chart caches it: the shortest form that reads back the same.
std::string chart_number(double v) {
  return fmt::format("{}", v);
}

std::string rich_text(const std::string& text, int size_hundredths) {
  return fmt::format(
      R"(<c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="{0}" b="0"/></a:pPr>)"
      R"(<a:r><a:rPr lang="zh-CN" altLang="en-US" sz="{0}" b="0"><a:latin typeface="黑体"/>)"
      R"(<a:ea typeface="黑体"/></a:rPr><a:t>{1}</a:t></a:r></a:p></c:rich>)",
      size_hundredths, xml_text(text));
}

std::string str_cache(const std::vector<std::string>& values) {
  std::string out = fmt::format(R"(<c:strCache><c:ptCount val="{}"/>)", values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    out += fmt::format(R"(<c:pt idx="{}"><c:v>{}</c:v></c:pt>)", i, xml_text(values[i]));
  }
  return out + "</c:strCache>";
}

// The spreadsheet column letters of column `i` (0: A), for the series' formulas.
std::string column_letters(size_t i) {
  std::string s;
  for (size_t n = i + 1; n > 0; n = (n - 1) / 26) {
    s.insert(s.begin(), static_cast<char>('A' + (n - 1) % 26));
  }
  return s;
}

std::string chart_xml(const DocxBarChart& chart) {
  constexpr const char* k_colours[] = {"C00000", "2F5597", "7F7F7F", "ED7D31", "70AD47", "FFC000"};
  const size_t n = chart.categories.size();
  std::string out = k_xml_decl;
  out += fmt::format(R"(<c:chartSpace xmlns:c="{}" xmlns:a="{}" xmlns:r="{}">)", k_ns_c, k_ns_a,
                     k_ns_r);
  out += R"(<c:date1904 val="0"/><c:lang val="zh-CN"/><c:roundedCorners val="0"/><c:chart>)";
  if (!chart.title.empty()) {
    out += "<c:title><c:tx>" + rich_text(chart.title, 1400) +
           R"(</c:tx><c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/>)";
  } else {
    out += R"(<c:autoTitleDeleted val="1"/>)";
  }
  out += R"(<c:plotArea><c:layout/><c:barChart><c:barDir val="col"/>)"
         R"(<c:grouping val="clustered"/><c:varyColors val="0"/>)";
  const std::string cat_ref = fmt::format("Sheet1!$A$2:$A${}", n + 1);
  for (size_t s = 0; s < chart.series.size(); ++s) {
    const auto& [name, values] = chart.series[s];
    const std::string col = column_letters(s + 1);
    out += fmt::format(R"(<c:ser><c:idx val="{0}"/><c:order val="{0}"/>)", s);
    out += fmt::format("<c:tx><c:strRef><c:f>Sheet1!${}$1</c:f>{}</c:strRef></c:tx>", col,
                       str_cache({name}));
    out += fmt::format(R"(<c:spPr><a:solidFill><a:srgbClr val="{}"/></a:solidFill></c:spPr>)"
                       R"(<c:invertIfNegative val="0"/>)",
                       k_colours[s % std::size(k_colours)]);
    out +=
        R"(<c:dLbls><c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/>)"
        R"(<c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>)";
    out += fmt::format("<c:cat><c:strRef><c:f>{}</c:f>{}</c:strRef></c:cat>", cat_ref,
                       str_cache(chart.categories));
    out += fmt::format(R"(<c:val><c:numRef><c:f>Sheet1!${0}$2:${0}${1}</c:f><c:numCache>)"
                       R"(<c:formatCode>General</c:formatCode><c:ptCount val="{2}"/>)",
                       col, n + 1, n);
    for (size_t i = 0; i < n && i < values.size(); ++i) {
      if (std::isfinite(values[i])) {
        out += fmt::format(R"(<c:pt idx="{}"><c:v>{}</c:v></c:pt>)", i, chart_number(values[i]));
      }
    }
    out += "</c:numCache></c:numRef></c:val></c:ser>";
  }
  out += R"(<c:gapWidth val="80"/><c:axId val="50010001"/><c:axId val="50010002"/></c:barChart>)"
         R"(<c:catAx><c:axId val="50010001"/><c:scaling><c:orientation val="minMax"/></c:scaling>)"
         R"(<c:delete val="0"/><c:axPos val="b"/><c:numFmt formatCode="General" sourceLinked="0"/>)"
         R"(<c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>)"
         R"(<c:crossAx val="50010002"/><c:crosses val="autoZero"/><c:auto val="1"/>)"
         R"(<c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>)"
         R"(<c:valAx><c:axId val="50010002"/><c:scaling><c:orientation val="minMax"/></c:scaling>)"
         R"(<c:delete val="0"/><c:axPos val="l"/><c:majorGridlines/>)"
         R"(<c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="out"/>)"
         R"(<c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/><c:crossAx val="50010001"/>)"
         R"(<c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx></c:plotArea>)";
  if (chart.series.size() > 1) {
    out += R"(<c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend>)";
  }
  out += R"(<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>)";
  // Every label of the chart in 仿宋 (eastAsia) so that Chinese names show.
  out += R"(<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="1050">)"
         R"(<a:latin typeface="仿宋_GB2312"/><a:ea typeface="仿宋_GB2312"/></a:defRPr></a:pPr>)"
         R"(<a:endParaRPr lang="zh-CN"/></a:p></c:txPr></c:chartSpace>)";
  return out;
}

std::string section_xml() {
  // The footers: default (odd pages) and even; the line grid of 22 lines.
  // The characters are not snapped to a grid (type "linesAndChars"):
  // LibreOffice gives a 16 pt character on a 15.8 pt pitch two cells, 14 a
  // line; k_char_spacing fits 28 instead, in Word, WPS and LibreOffice alike.
  return fmt::format(R"(<w:sectPr><w:footerReference w:type="default" r:id="rIdFooterOdd"/>)"
                     R"(<w:footerReference w:type="even" r:id="rIdFooterEven"/>)"
                     R"(<w:pgSz w:w="{}" w:h="{}"/>)"
                     R"(<w:pgMar w:top="{}" w:right="{}" w:bottom="{}" w:left="{}" w:header="851" )"
                     R"(w:footer="{}" w:gutter="0"/><w:cols w:space="425"/>)"
                     R"(<w:docGrid w:type="lines" w:linePitch="{}"/></w:sectPr>)",
                     k_page_w, k_page_h, k_margin_top, k_margin_right, k_margin_bottom,
                     k_margin_left, k_footer, k_line_pitch);
}

std::string footer_xml(bool odd) {
  // "— N —" in 宋体 四号, one character (14 pt) in from the outer edge.
  const std::string rpr =
      R"(<w:rPr><w:rFonts w:ascii="宋体" w:hAnsi="宋体" w:eastAsia="宋体" w:cs="宋体"/>)"
      R"(<w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr>)";
  const std::string ind = odd ? R"(<w:ind w:right="280"/>)" : R"(<w:ind w:left="280"/>)";
  return fmt::format(
      R"({0}<w:ftr xmlns:w="{1}" xmlns:r="{2}"><w:p><w:pPr><w:snapToGrid w:val="0"/>{3})"
      R"(<w:jc w:val="{4}"/>{5}</w:pPr><w:r>{5}<w:t xml:space="preserve">— </w:t></w:r>)"
      R"(<w:r>{5}<w:fldChar w:fldCharType="begin"/></w:r>)"
      R"(<w:r>{5}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>)"
      R"(<w:r>{5}<w:fldChar w:fldCharType="separate"/></w:r><w:r>{5}<w:t>1</w:t></w:r>)"
      R"(<w:r>{5}<w:fldChar w:fldCharType="end"/></w:r>)"
      R"(<w:r>{5}<w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>)",
      k_xml_decl, k_ns_w, k_ns_r, ind, odd ? "right" : "left", rpr);
}

std::string styles_xml() {
  const std::string fonts = face_fonts(Face::fangsong);
  return fmt::format(
      R"({0}<w:styles xmlns:w="{1}"><w:docDefaults><w:rPrDefault><w:rPr>{2})"
      R"(<w:kern w:val="2"/><w:sz w:val="32"/><w:szCs w:val="32"/>)"
      R"(<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>)"
      R"(<w:pPrDefault><w:pPr><w:widowControl w:val="0"/><w:autoSpaceDE w:val="0"/>)"
      R"(<w:autoSpaceDN w:val="0"/><w:jc w:val="both"/></w:pPr>)"
      R"(</w:pPrDefault></w:docDefaults>)"
      R"(<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>)"
      R"(<w:qFormat/><w:pPr><w:widowControl w:val="0"/><w:autoSpaceDE w:val="0"/>)"
      R"(<w:autoSpaceDN w:val="0"/><w:jc w:val="both"/></w:pPr>)"
      R"(<w:rPr>{2}<w:spacing w:val="{3}"/><w:kern w:val="2"/><w:sz w:val="32"/>)"
      R"(<w:szCs w:val="32"/></w:rPr></w:style>)"
      R"(<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">)"
      R"(<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>)"
      R"(</w:style>)"
      R"(<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>)"
      R"(<w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>)"
      R"(<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>)"
      R"(<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar>)"
      R"(</w:tblPr></w:style>)"
      R"(<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/>)"
      R"(<w:basedOn w:val="Normal"/><w:pPr><w:snapToGrid w:val="0"/></w:pPr>)"
      R"(<w:rPr><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style></w:styles>)",
      k_xml_decl, k_ns_w, fonts, k_char_spacing);
}

std::string settings_xml() {
  return fmt::format(
      R"({}<w:settings xmlns:w="{}"><w:zoom w:percent="100"/><w:evenAndOddHeaders/>)"
      R"(<w:defaultTabStop w:val="420"/><w:drawingGridVerticalSpacing w:val="{}"/>)"
      R"(<w:characterSpacingControl w:val="compressPunctuation"/><w:compat>)"
      R"(<w:spaceForUL/><w:balanceSingleByteDoubleByteWidth/><w:doNotLeaveBackslashAlone/>)"
      R"(<w:ulTrailSpace/><w:doNotExpandShiftReturn/><w:adjustLineHeightInTable/>)"
      R"(<w:useFELayout/><w:compatSetting w:name="compatibilityMode" )"
      R"(w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>)"
      R"(<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/></w:settings>)",
      k_xml_decl, k_ns_w, k_line_pitch);
}

std::string font_entry(const char* name, const char* alt, const char* family, bool cjk) {
  std::string out = fmt::format(R"(<w:font w:name="{}">)", name);
  if (alt[0] != '\0') {
    out += fmt::format(R"(<w:altName w:val="{}"/>)", alt);
  }
  out += cjk ? R"(<w:charset w:val="86"/>)" : R"(<w:charset w:val="00"/>)";
  out += fmt::format(R"(<w:family w:val="{}"/><w:pitch w:val="{}"/></w:font>)", family,
                     cjk ? "fixed" : "variable");
  return out;
}

std::string font_table_xml() {
  std::string out = k_xml_decl;
  out += fmt::format(R"(<w:fonts xmlns:w="{}">)", k_ns_w);
  for (Face f : {Face::fangsong, Face::heiti, Face::kaiti, Face::xiaobiaosong, Face::songti}) {
    const FaceNames n = face_names(f);
    out += font_entry(n.name, n.alt, n.family, true);
  }
  for (const ExtraFace& e : k_fallbacks) {
    const bool cjk = e.alt[0] != '\0';
    out += font_entry(e.name, e.alt, cjk ? "modern" : "roman", cjk);
  }
  return out + "</w:fonts>";
}

std::string core_xml(const DocxDocument& doc) {
  std::string out = k_xml_decl;
  out +=
      R"(<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" )"
      R"(xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" )"
      R"(xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">)";
  out += "<dc:title>" + xml_text(doc.title) + "</dc:title>";
  out += "<dc:creator>" + xml_text(doc.author) + "</dc:creator>";
  out += "<dc:language>zh-CN</dc:language>";
  if (!doc.date.empty()) {
    const std::string when = xml_text(doc.date) + "T00:00:00Z";
    out += R"(<dcterms:created xsi:type="dcterms:W3CDTF">)" + when + "</dcterms:created>";
    out += R"(<dcterms:modified xsi:type="dcterms:W3CDTF">)" + when + "</dcterms:modified>";
  }
  return out + "</cp:coreProperties>";
}

std::string app_xml() {
  return std::string(k_xml_decl) +
         R"(<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">)"
         R"(<Application>duban</Application><DocSecurity>0</DocSecurity></Properties>)";
}

std::string content_types_xml(size_t charts) {
  std::string out = k_xml_decl;
  out +=
      R"(<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)"
      R"(<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>)"
      R"(<Default Extension="xml" ContentType="application/xml"/>)";
  auto over = [&](const std::string& part, const char* type) {
    out += fmt::format(R"(<Override PartName="{}" ContentType="{}"/>)", part, type);
  };
  constexpr const char* k_wml = "application/vnd.openxmlformats-officedocument.wordprocessingml.";
  over("/word/document.xml", fmt::format("{}document.main+xml", k_wml).c_str());
  over("/word/styles.xml", fmt::format("{}styles+xml", k_wml).c_str());
  over("/word/settings.xml", fmt::format("{}settings+xml", k_wml).c_str());
  over("/word/fontTable.xml", fmt::format("{}fontTable+xml", k_wml).c_str());
  over("/word/footer1.xml", fmt::format("{}footer+xml", k_wml).c_str());
  over("/word/footer2.xml", fmt::format("{}footer+xml", k_wml).c_str());
  for (size_t i = 1; i <= charts; ++i) {
    over(fmt::format("/word/charts/chart{}.xml", i),
         "application/vnd.openxmlformats-officedocument.drawingml.chart+xml");
  }
  over("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml");
  over("/docProps/app.xml",
       "application/vnd.openxmlformats-officedocument.extended-properties+xml");
  return out + "</Types>";
}

constexpr const char* k_rels_open =
    R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)";
constexpr const char* k_rel_type =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";

std::string relationship(const std::string& id, const std::string& type,
                         const std::string& target) {
  return fmt::format(R"(<Relationship Id="{}" Type="{}" Target="{}"/>)", id, type, target);
}

std::string package_rels_xml() {
  return std::string(k_xml_decl) + k_rels_open +
         relationship("rId1", std::string(k_rel_type) + "officeDocument", "word/document.xml") +
         relationship("rId2",
                      "http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
                      "core-properties",
                      "docProps/core.xml") +
         relationship("rId3", std::string(k_rel_type) + "extended-properties", "docProps/app.xml") +
         "</Relationships>";
}

std::string document_rels_xml(size_t charts) {
  const std::string t = k_rel_type;
  std::string out = std::string(k_xml_decl) + k_rels_open;
  out += relationship("rIdStyles", t + "styles", "styles.xml");
  out += relationship("rIdSettings", t + "settings", "settings.xml");
  out += relationship("rIdFonts", t + "fontTable", "fontTable.xml");
  out += relationship("rIdFooterOdd", t + "footer", "footer1.xml");
  out += relationship("rIdFooterEven", t + "footer", "footer2.xml");
  for (size_t i = 1; i <= charts; ++i) {
    out += relationship(fmt::format("rIdChart{}", i), t + "chart",
                        fmt::format("charts/chart{}.xml", i));
  }
  return out + "</Relationships>";
}

// The zip archive of `parts` (name, bytes), built in memory.
std::string zip_parts(const std::deque<std::pair<std::string, std::string>>& parts) {
  zip_error_t err;
  zip_error_init(&err);
  auto fail = [&](const char* what) {
    std::string m =
        fmt::format("cannot build the .docx archive ({}): {}", what, zip_error_strerror(&err));
    zip_error_fini(&err);
    return io_error(m);
  };
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &err);
  if (buffer == nullptr) {
    throw fail("buffer");
  }
  zip_source_keep(buffer);  // it outlives the archive: the bytes are read from it after close
  std::unique_ptr<zip_source_t, void (*)(zip_source_t*)> keep(buffer, zip_source_free);
  zip_t* za = zip_open_from_source(buffer, ZIP_TRUNCATE, &err);
  if (za == nullptr) {
    throw fail("open");
  }
  for (const auto& [name, data] : parts) {
    zip_source_t* s = zip_source_buffer(za, data.data(), data.size(), 0);
    const zip_int64_t idx =
        s == nullptr ? -1 : zip_file_add(za, name.c_str(), s, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
    if (idx < 0) {
      zip_source_free(s);
      zip_error_set(&err, zip_error_code_zip(zip_get_error(za)), 0);
      zip_discard(za);
      throw fail(name.c_str());
    }
    // A fixed time: the same document gives the same bytes (1980-01-01).
    zip_file_set_dostime(za, static_cast<zip_uint64_t>(idx), 0, (0 << 9) | (1 << 5) | 1, 0);
  }
  if (zip_close(za) != 0) {
    zip_error_set(&err, zip_error_code_zip(zip_get_error(za)), 0);
    zip_discard(za);
    throw fail("close");
  }
  zip_stat_t st;
  if (zip_source_stat(buffer, &st) != 0 || zip_source_open(buffer) != 0) {
    throw fail("read back");
  }
  std::string out(static_cast<size_t>(st.size), '\0');
  const zip_int64_t got = zip_source_read(buffer, out.data(), st.size);
  zip_source_close(buffer);
  if (got != static_cast<zip_int64_t>(st.size)) {
    throw fail("read back");
  }
  return out;
}

}  // namespace

std::string xml_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t pos = 0; pos < s.size();) {
    const Utf8Char c = decode_utf8_at(s, pos);
    const std::string_view raw = s.substr(pos, static_cast<size_t>(c.length));
    pos += static_cast<size_t>(c.length);
    if (!c.valid) {
      out += "\xEF\xBF\xBD";  // U+FFFD
      continue;
    }
    if (forbidden_in_xml(c)) {
      continue;
    }
    const std::string_view entity = c.length == 1 ? markup_entity(raw[0]) : "";
    if (entity.empty()) {
      out += raw;
    } else {
      out += entity;
    }
  }
  return out;
}

std::string issuing_office_mark(const std::string& office) {
  const std::string name = trim(office);
  return name.find("督查") != std::string::npos ? name : name + "督查室";
}

DocxParagraph office_mark_paragraph(const std::string& mark) {
  // display_width counts a Chinese character 2, a Latin one 1.
  const int half_chars = display_width(mark);
  TypeSize size = TypeSize::san;
  for (TypeSize s : {TypeSize::xiaochu, TypeSize::yi, TypeSize::er}) {
    // A size in half-points is a character's width in half-points: in twips, half-points * 10.
    if (half_chars * static_cast<int>(s) * 10 / 2 <= k_type_w) {
      size = s;
      break;
    }
  }
  DocxParagraph p;
  p.runs.push_back({mark, Face::xiaobiaosong, size, false, true});
  p.align = DocxAlign::center;
  p.off_grid = true;
  return p;
}

std::vector<DocxParagraph> signature_paragraphs(const std::string& office,
                                                const std::string& date) {
  DocxParagraph who;
  who.runs.push_back({office});
  who.align = DocxAlign::right;
  who.right_chars = 4;
  who.lines_before = 2;
  who.keep_with_next = true;
  DocxParagraph when;
  when.runs.push_back({date});
  when.align = DocxAlign::right;
  when.right_chars = 4;
  return {who, when};
}

std::string docx_package(const DocxDocument& doc) {
  std::string body;
  std::deque<std::pair<std::string, std::string>> charts;
  bool last_was_table = false;
  for (const DocxBlock& b : doc.blocks) {
    last_was_table = false;
    if (const auto* p = std::get_if<DocxParagraph>(&b)) {
      body += paragraph_xml(*p);
    } else if (const auto* t = std::get_if<DocxTable>(&b)) {
      body += table_xml(*t);
      last_was_table = true;
    } else if (const auto* c = std::get_if<DocxBarChart>(&b)) {
      const size_t number = charts.size() + 1;
      charts.emplace_back(fmt::format("word/charts/chart{}.xml", number), chart_xml(*c));
      body += chart_paragraph(static_cast<int>(number), fmt::format("rIdChart{}", number));
    }
  }
  if (last_was_table || body.empty()) {
    body += "<w:p/>";  // a body (and a cell) must end with a paragraph
  }
  std::string document = k_xml_decl;
  document += fmt::format(R"(<w:document xmlns:w="{}" xmlns:r="{}" xmlns:wp="{}" xmlns:a="{}">)",
                          k_ns_w, k_ns_r, k_ns_wp, k_ns_a);
  document += "<w:body>" + body + section_xml() + "</w:body></w:document>";

  std::deque<std::pair<std::string, std::string>> parts;
  parts.emplace_back("[Content_Types].xml", content_types_xml(charts.size()));
  parts.emplace_back("_rels/.rels", package_rels_xml());
  parts.emplace_back("word/document.xml", std::move(document));
  parts.emplace_back("word/_rels/document.xml.rels", document_rels_xml(charts.size()));
  parts.emplace_back("word/styles.xml", styles_xml());
  parts.emplace_back("word/settings.xml", settings_xml());
  parts.emplace_back("word/fontTable.xml", font_table_xml());
  parts.emplace_back("word/footer1.xml", footer_xml(true));
  parts.emplace_back("word/footer2.xml", footer_xml(false));
  for (auto& c : charts) {
    parts.push_back(std::move(c));
  }
  parts.emplace_back("docProps/core.xml", core_xml(doc));
  parts.emplace_back("docProps/app.xml", app_xml());
  return zip_parts(parts);
}

}  // namespace duban
