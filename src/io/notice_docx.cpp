#include "io/notice_docx.hpp"

#include <fmt/format.h>

#include "io/docx.hpp"
#include "io/labels.hpp"

namespace duban {

namespace {

DocxParagraph text_paragraph(const std::string& text, int indent_chars = 2) {
  DocxParagraph p;
  p.runs.push_back({text});
  p.indent_chars = indent_chars;
  return p;
}

// The items: id, title (marked when the unit co-operates), kind, deadline,
// days overdue (or what else is wrong), and what is required.
DocxTable items_table(const Notice& n, const TaskViewContext& v) {
  const Lang lang = v.lang;
  DocxTable t;
  t.headers = labels_of(
      {"col.id", "col.title", "col.kind", "col.due", "report.days_overdue", "docx.col.required"},
      lang);
  t.widths = {6, 9, 4, 7, 3, 7};  // an id and an ISO date on one line each
  for (const auto& [i, co] : notice_items(n)) {
    const Task& task = *i->task;
    const Lateness& l = i->lateness;
    std::string days = l.light == Light::red ? std::to_string(l.days_overdue)
                                             : notice_item_state(*i, n.list->as_of, v);
    std::string required =
        task.content.empty() ? std::string(label("docx.required_default", lang)) : task.content;
    if (i->feedback_late) {
      required += std::string(label("notice.state_separator", lang)) +
                  std::string(label("notice.feedback_missing", lang));
    }
    t.rows.push_back({task.id, task.title + notice_co_mark(co, lang), kind_label(task.kind, v),
                      i->due ? i->due->iso() : "—", days, required});
  }
  return t;
}

// The cut line and the slip a unit signs and sends back.
void add_receipt(std::vector<DocxBlock>& blocks, const Notice& n, const TaskViewContext& v,
                 const std::string& doc_number, const std::string& office) {
  const Lang lang = v.lang;
  DocxParagraph cut;
  cut.dashed_rule_above = true;
  cut.lines_before = 2;
  cut.align = DocxAlign::center;
  cut.keep_with_next = true;
  cut.runs.push_back({std::string(label("docx.receipt", lang)), Face::heiti});
  blocks.emplace_back(cut);
  DocxParagraph note;
  note.align = DocxAlign::center;
  note.keep_with_next = true;
  note.runs.push_back(
      {format_label("docx.receipt_note", lang, doc_number, long_date(n.reply_by, lang), office),
       Face::kaiti, TypeSize::si});
  blocks.emplace_back(note);
  DocxTable slip;
  slip.size = TypeSize::san;
  slip.widths = {2, 4, 2, 4};
  slip.rows = {{std::string(label("docx.receipt.unit", lang)), "",
                std::string(label("docx.receipt.signer", lang)), ""},
               {std::string(label("docx.receipt.date", lang)), "",
                std::string(label("docx.receipt.phone", lang)), ""}};
  blocks.emplace_back(slip);
}

}  // namespace

std::string document_number(const std::string& series, int year, int number) {
  return fmt::format("{}〔{}〕{}号", series, year, number);
}

std::string render_notice_docx(const Notice& n, const TaskViewContext& v,
                               const std::string& doc_number) {
  const Lang lang = v.lang;
  const std::string office = issuing_office_mark(v.config.office);
  DocxDocument doc;
  doc.title = std::string(label("notice.title", lang)) + " " + doc_number;
  doc.author = office;
  doc.date = n.list->as_of.iso();
  std::vector<DocxBlock>& b = doc.blocks;

  // 版头: the red mark, the number two lines below it over the red rule.
  DocxParagraph mark = office_mark_paragraph(office);
  mark.lines_before = 1;
  b.emplace_back(mark);
  DocxParagraph number;
  number.runs.push_back({doc_number});
  number.align = DocxAlign::center;
  number.lines_before = 2;
  number.red_rule_below = true;
  b.emplace_back(number);

  // 主体: title, 主送, text, items, reply and liaison, 落款 and 成文日期.
  DocxParagraph title;
  title.runs.push_back(
      {std::string(label("notice.title", lang)), Face::xiaobiaosong, TypeSize::er});
  title.align = DocxAlign::center;
  title.lines_before = 2;
  title.off_grid = true;
  title.keep_with_next = true;
  b.emplace_back(title);
  DocxParagraph to = text_paragraph(n.unit + std::string(label("punct.colon", lang)), 0);
  to.lines_before = 1;
  b.emplace_back(to);
  b.emplace_back(text_paragraph(notice_intro(n, lang)));
  b.emplace_back(items_table(n, v));
  b.emplace_back(text_paragraph(notice_closing(n, v)));
  if (std::string c = notice_contact(n, lang); !c.empty()) {
    b.emplace_back(text_paragraph(c));
  }
  for (DocxParagraph& p : signature_paragraphs(office, long_date(n.list->as_of, lang))) {
    b.emplace_back(std::move(p));
  }
  add_receipt(b, n, v, doc_number, office);
  return docx_package(doc);
}

}  // namespace duban
