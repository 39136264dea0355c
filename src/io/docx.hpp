#pragma once

// A .docx in the official layout of GB/T 9704-2012 (GONGWEN.md, SPEC §14):
// A4, margins 37 mm top / 35 mm bottom / 28 mm left / 26 mm right, body in
// 仿宋 三号 on a grid of 22 lines of 28 characters, page numbers "— N —" in
// 宋体 四号 outside the type area (odd pages right, even pages left).
//
// A document is a list of blocks: paragraphs of runs, tables and bar charts.
// Text is given as UTF-8 and escaped here; nothing a caller passes can become
// markup. package() returns the bytes of the .docx (a zip archive).

#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace duban {

/// The Chinese type sizes, in half-points (Word's unit): 初号 42 pt, 小初
/// 36 pt, 一号 26 pt, 二号 22 pt, 三号 16 pt, 四号 14 pt, 小四 12 pt, 五号 10.5 pt.
enum class TypeSize : int {
  chu = 84,
  xiaochu = 72,
  yi = 52,
  er = 44,
  san = 32,
  si = 28,
  xiaosi = 24,
  wu = 21
};

/// Faces of the standard, each written with fallbacks (仿宋_GB2312 → 仿宋 …)
/// so that Word, WPS and LibreOffice all find one.
enum class Face { fangsong, heiti, kaiti, xiaobiaosong, songti };

enum class DocxAlign { justify, left, center, right };

struct DocxRun {
  std::string text;
  Face face = Face::fangsong;
  TypeSize size = TypeSize::san;
  bool bold = false;
  bool red = false;  // the header's red (发文机关标志)
};

struct DocxParagraph {
  std::vector<DocxRun> runs;
  DocxAlign align = DocxAlign::justify;
  int indent_chars = 0;         // first-line indent in characters (body text: 2)
  int right_chars = 0;          // right indent in characters (成文日期: 4)
  int lines_before = 0;         // blank grid lines above
  bool red_rule_below = false;  // the red rule under the document number
  bool page_break_before = false;
  bool keep_with_next = false;
  bool dashed_rule_above = false;  // the cut line above a 签收回执
  bool off_grid = false;  // not on the line grid: a heading larger than 三号 keeps its own height
};

struct DocxTable {
  std::vector<std::string> headers;
  std::vector<std::vector<std::string>> rows;
  std::vector<int> widths;  // relative column widths; empty: even
  TypeSize size = TypeSize::xiaosi;
};

/// A clustered bar chart, stored as a DrawingML chart part with its values
/// cached, so that readers draw it without recalculating.
struct DocxBarChart {
  std::string title;
  std::vector<std::string> categories;
  std::vector<std::pair<std::string, std::vector<double>>> series;  // name, one value a category
};

using DocxBlock = std::variant<DocxParagraph, DocxTable, DocxBarChart>;

struct DocxDocument {
  std::vector<DocxBlock> blocks;
  std::string title;   // document properties (docProps/core.xml)
  std::string author;  // the issuing office
  std::string date;    // YYYY-MM-DD for docProps; empty: none (the bytes stay reproducible)
};

/// The .docx bytes of `doc`.
std::string docx_package(const DocxDocument& doc);

/// The issuing office's mark (发文机关标志): `office` as duban.yaml names
/// it, followed by 督查室 unless it already names a 督查 office.
std::string issuing_office_mark(const std::string& office);

/// The mark as the header's first paragraph: red 小标宋, centred, in the
/// largest of 小初, 一号, 二号, 三号 that fits it on one line.
DocxParagraph office_mark_paragraph(const std::string& mark);

/// 落款 and 成文日期 (`date` as written, 2026年3月6日): the office over the
/// date, at the right with four characters' space, two lines below the text.
std::vector<DocxParagraph> signature_paragraphs(const std::string& office, const std::string& date);

/// `s` as XML character data: & < > " ' escaped (markup_entity), invalid UTF-8 as U+FFFD, and
/// what XML 1.0 forbids (C0 controls but tab and line breaks, U+FFFE, U+FFFF)
/// and the other invisible controls removed.
std::string xml_text(std::string_view s);

}  // namespace duban
