#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

#include "io/labels.hpp"
#include "io/table.hpp"
#include "io/text.hpp"

using namespace duban;

namespace {

Table sample_table() {
  Table t;
  t.headers = {"编号", "标题", "责任单位"};
  t.align = {Align::right};  // the other columns default to left
  t.rows = {
      {"1", "推进老旧小区改造", "市住建局"},
      {"12", "city plan", "市财政局、市水务局"},
      {"3", "短", ""},
  };
  return t;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t nl = text.find('\n'); nl != std::string::npos; nl = text.find('\n', start)) {
    lines.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  REQUIRE(start == text.size());  // every line ends with '\n'
  return lines;
}

// Display column at which `cell` starts in `line`.
int column_of(const std::string& line, std::string_view cell) {
  const std::size_t pos = line.find(cell);
  REQUIRE(pos != std::string::npos);
  return display_width(std::string_view(line).substr(0, pos));
}

std::string strip_sgr(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\x1b') {
      i = s.find('m', i);
      REQUIRE(i != std::string_view::npos);
      continue;
    }
    out += s[i];
  }
  return out;
}

}  // namespace

TEST_CASE("text table lines up Chinese cells") {
  const std::string out = render_table_text(sample_table(), {});
  CHECK(out ==
        "编号  标题              责任单位\n"
        "   1  推进老旧小区改造  市住建局\n"
        "  12  city plan         市财政局、市水务局\n"
        "   3  短\n");
  const auto lines = lines_of(out);
  REQUIRE(lines.size() == 4);
  const std::vector<std::string> second = {"标题", "推进老旧小区改造", "city plan", "短"};
  const std::vector<std::string> third = {"责任单位", "市住建局", "市财政局、市水务局"};
  for (std::size_t i = 0; i < lines.size(); ++i) {
    CHECK(column_of(lines[i], second[i]) == 6);
  }
  for (std::size_t i = 0; i < third.size(); ++i) {
    CHECK(column_of(lines[i], third[i]) == 24);
  }
}

TEST_CASE("text table has no trailing whitespace") {
  Table t = sample_table();
  t.rows.push_back({"", "", ""});
  t.rows.push_back({"4", "  ", " "});
  t.align = {Align::left, Align::right, Align::left};
  for (bool color : {false, true}) {
    for (const auto& line : lines_of(render_table_text(t, {color, 0}))) {
      const std::string visible = strip_sgr(line);
      CHECK((visible.empty() || visible.back() != ' '));
    }
  }
}

TEST_CASE("text table colour") {
  Table t = sample_table();
  t.styles = {{"", "31", ""}, {"1;33", "", "32"}};
  const std::string plain = render_table_text(t, {false, 0});
  CHECK(plain.find('\x1b') == std::string::npos);
  CHECK(plain == render_table_text(sample_table(), {}));

  const std::string colored = render_table_text(t, {true, 0});
  CHECK(colored ==
        "\x1b[1m编号\x1b[0m  \x1b[1m标题            \x1b[0m  \x1b[1m责任单位\x1b[0m\n"
        "   1  \x1b[31m推进老旧小区改造\x1b[0m  市住建局\n"
        "\x1b[1;33m  12\x1b[0m  city plan         \x1b[32m市财政局、市水务局\x1b[0m\n"
        "   3  短\n");
  CHECK(strip_sgr(colored) == plain);
}

TEST_CASE("text table only emits well-formed SGR parameters") {
  Table t;
  t.headers = {"a"};
  t.rows = {{"x"}};
  t.styles = {{"31m\x1b]0;pwned"}};
  CHECK(render_table_text(t, {true, 0}) == "\x1b[1ma\x1b[0m\nx\n");
}

TEST_CASE("text table sanitises cells") {
  Table t;
  t.headers = {"id", "title"};
  t.rows = {{"1", "\x1b[31mred\nnext\x1b[0m"}};
  const std::string out = render_table_text(t, {true, 0});
  CHECK(out.find("^[[31mred next^[[0m") != std::string::npos);
  CHECK(render_table_text(t, {}).find('\x1b') == std::string::npos);
}

TEST_CASE("text table shrinks the shrink column to max_width") {
  Table t;
  t.headers = {"编号", "标题", "单位"};
  t.rows = {{"1", "推进老旧小区改造工作方案", "市住建局"}};
  t.shrink_column = 1;
  CHECK(render_table_text(t, {false, 0}) ==
        "编号  标题                      单位\n"
        "1     推进老旧小区改造工作方案  市住建局\n");
  CHECK(render_table_text(t, {false, 40}) == render_table_text(t, {false, 0}));

  const std::string fitted = render_table_text(t, {false, 30});
  CHECK(fitted ==
        "编号  标题           单位\n"
        "1     推进老旧小区…  市住建局\n");
  for (const auto& line : lines_of(fitted)) {
    CHECK(display_width(line) <= 30);
  }
  // Never below 10 columns, even if the table then stays wider than asked.
  CHECK(render_table_text(t, {false, 20}) ==
        "编号  标题       单位\n"
        "1     推进老旧…  市住建局\n");

  t.shrink_column = -1;
  CHECK(render_table_text(t, {false, 20}) == render_table_text(t, {false, 0}));
}

TEST_CASE("text table without rows prints the header") {
  Table t;
  t.headers = {"编号", "标题"};
  CHECK(render_table_text(t, {}) == "编号  标题\n");
  CHECK(render_table_text(Table{}, {}) == "");
}

TEST_CASE("markdown table escapes pipes and newlines and aligns source") {
  Table t;
  t.headers = {"名称", "数量"};
  t.align = {Align::left, Align::right};
  t.rows = {{"a|b", "5"}, {"第一行\n第二行", "12"}};
  CHECK(render_table_markdown(t) ==
        "| 名称             | 数量 |\n"
        "| ---------------- | ---: |\n"
        "| a\\|b             |    5 |\n"
        "| 第一行<br>第二行 |   12 |\n");
}

TEST_CASE("markdown table minimal separator and sanitising") {
  Table t;
  t.headers = {"a", "b"};
  t.align = {Align::left, Align::right};
  CHECK(render_table_markdown(t) == "| a   |    b |\n| --- | ---: |\n");
  t.rows = {{"\x1b[31mx\ty", "1\r\n2"}};
  CHECK(render_table_markdown(t) ==
        "| a           |      b |\n"
        "| ----------- | -----: |\n"
        "| ^\\[\\[31mx y | 1<br>2 |\n");
}

TEST_CASE("csv_field quotes only when needed") {
  CHECK(csv_field("plain") == "plain");
  CHECK(csv_field("") == "");
  CHECK(csv_field("市住建局") == "市住建局");
  CHECK(csv_field("a,b") == "\"a,b\"");
  CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_field("line1\nline2") == "\"line1\nline2\"");
  CHECK(csv_field("cr\r") == "\"cr\r\"");
  CHECK(csv_field(" lead") == "\" lead\"");
  CHECK(csv_field("trail ") == "\"trail \"");
  CHECK(csv_field("in side") == "in side");
}

TEST_CASE("csv table keeps data, but no terminal control characters") {
  Table t;
  t.headers = {"标题", "单位", "备注"};
  t.rows = {
      {"推进, 改造", "市住建局", "他说\"好\""}, {"多行\n文本", " 前导", "\x1b[31m"}, {"only"}};
  CHECK(render_table_csv(t) ==
        "标题,单位,备注\n"
        "\"推进, 改造\",市住建局,\"他说\"\"好\"\"\"\n"
        "\"多行\n文本\",\" 前导\",^[[31m\n"
        "only,,\n");
}

TEST_CASE("field_label: machine keys stay English unless Chinese names are asked for") {
  CHECK(field_label("days_overdue", Lang::en) == "days_overdue");
  CHECK(field_label("days_overdue", Lang::zh) == "超期天数");
  CHECK(field_label("workdays_overdue", Lang::zh) == "超期工作日");
  CHECK(field_label("light", Lang::zh) == "亮灯");
  CHECK(field_label("escalation", Lang::zh) == "升级督办");
  CHECK(field_label("id", Lang::zh) == "编号");
  CHECK(field_label("no_such_key", Lang::zh) == "no_such_key");
}

TEST_CASE("the words of text tables: 亮灯 with 红灯/黄灯/绿灯, 升级督办") {
  CHECK(label("col.light", Lang::zh) == "亮灯");
  CHECK(light_label(Light::red, Lang::zh) == "红灯");
  CHECK(light_label(Light::yellow, Lang::zh) == "黄灯");
  CHECK(light_label(Light::green, Lang::zh) == "绿灯");
  CHECK(light_label(Light::none, Lang::zh) == "");
  CHECK(label("col.escalation", Lang::zh) == "升级督办");
  CHECK(light_label(Light::red, Lang::en) == "red");
}
