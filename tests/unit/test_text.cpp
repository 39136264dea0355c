#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "io/text.hpp"

using namespace duban;

TEST_CASE("display_width counts CJK as two columns") {
  CHECK(display_width("") == 0);
  CHECK(display_width("city") == 4);
  CHECK(display_width("推进city") == 8);
  CHECK(display_width("〔2024〕3号") == 2 + 4 + 2 + 1 + 2);
  CHECK(display_width("，。、：（）") == 12);
  CHECK(display_width("\u3000") == 2);            // ideographic space
  CHECK(display_width("\u201C督办\u201D") == 6);  // curly quotes are ambiguous -> 1
  CHECK(display_width("\uAC00") == 2);            // Hangul
  CHECK(display_width("\U0001F600") == 2);        // emoji
  CHECK(display_width("\U00020000") == 2);        // CJK extension B
  CHECK(display_width("…") == 1);
}

TEST_CASE("display_width: combining marks are zero, invalid bytes one each") {
  CHECK(display_width("e\u0301") == 1);
  CHECK(display_width("a\u200Bb") == 2);
  CHECK(display_width("\u4E2D\uFE0F") == 2);
  CHECK(display_width("\xff") == 1);
  CHECK(display_width("\xe4\xb8") == 2);    // truncated sequence: two bad bytes
  CHECK(display_width("a\xc0\xafz") == 4);  // overlong '/' is two bad bytes
}

TEST_CASE("is_valid_utf8 is strict") {
  CHECK(is_valid_utf8(""));
  CHECK(is_valid_utf8("plain ascii"));
  CHECK(is_valid_utf8("中文，督办"));
  CHECK(is_valid_utf8("\xf0\x9f\x98\x80"));
  CHECK_FALSE(is_valid_utf8("\xff"));
  CHECK_FALSE(is_valid_utf8("\xe4\xb8"));          // truncated
  CHECK_FALSE(is_valid_utf8("\xc0\xaf"));          // overlong
  CHECK_FALSE(is_valid_utf8("\xe0\x80\xaf"));      // overlong, 3 bytes
  CHECK_FALSE(is_valid_utf8("\xed\xa0\x80"));      // surrogate U+D800
  CHECK_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));  // above U+10FFFF
  CHECK_FALSE(is_valid_utf8("\x80"));              // lone continuation
  CHECK_FALSE(is_valid_utf8("\xe4\xb8\x41"));      // continuation missing
}

TEST_CASE("decode_utf8_at reports code and length") {
  const Utf8Char zhong = decode_utf8_at("a中", 1);
  CHECK(zhong.valid);
  CHECK(zhong.code == U'中');
  CHECK(zhong.length == 3);
  const Utf8Char bad = decode_utf8_at("\xe4\xb8", 0);
  CHECK_FALSE(bad.valid);
  CHECK(bad.length == 1);
}

TEST_CASE("sanitize_terminal neutralises control characters") {
  CHECK(sanitize_terminal("\x1b[31mred") == "^[[31mred");
  CHECK(sanitize_terminal("\x1b]0;title\x07") == "^[]0;title^G");
  CHECK(sanitize_terminal("a\nb\tc\rd") == "a b c d");
  CHECK(sanitize_terminal(std::string("a\0b", 3)) == "a^@b");
  CHECK(sanitize_terminal("\x7f") == "^?");
  CHECK(sanitize_terminal("x\xc2\x9by") == "x?y");  // C1 CSI
  CHECK(sanitize_terminal("a\xffz") == "a\uFFFDz");
  CHECK(sanitize_terminal("\xe4\xb8") == "\uFFFD\uFFFD");
  CHECK(sanitize_terminal("〔2024〕“督办”…") == "〔2024〕“督办”…");
  CHECK(sanitize_terminal("") == "");
}

TEST_CASE("sanitize_terminal_lines keeps the newlines of a message") {
  CHECK(sanitize_terminal_lines("a\x1b[2J\nb\tc\n") == "a^[[2J\nb c\n");
  CHECK(sanitize_terminal_lines("\n\n") == "\n\n");
  CHECK(sanitize_terminal_lines("one line\r") == "one line ");
  CHECK(sanitize_terminal_lines("") == "");
}

TEST_CASE("sanitize_terminal neutralises bidi controls and line separators") {
  // U+202E RLO, U+202A..U+202D, U+2066..U+2069 isolates, U+200E/U+200F/U+061C marks.
  CHECK(sanitize_terminal("a\u202Ecba") == "a?cba");
  for (const char* bidi : {"\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067",
                           "\u2068", "\u2069", "\u200E", "\u200F", "\u061C"}) {
    CAPTURE(bidi);
    CHECK(sanitize_terminal(std::string("x") + bidi + "y") == "x?y");
  }
  CHECK(sanitize_terminal("a\u2028b\u2029c") == "a b c");
  CHECK(sanitize_terminal("\xc2\x85\xc2\x9b\xc2\x9d"
                          "52;c;x\xc2\x9c") == "???52;c;x?");
  CHECK(sanitize_terminal("\u200B\u2065\u2070") == "\u200B\u2065\u2070");  // neighbours stay
  CHECK(is_bidi_control(U'\u202E'));
  CHECK_FALSE(is_bidi_control(U'\u2029'));
  CHECK(is_invisible_control(U'\u2029'));
  CHECK(is_invisible_control(0x9B));
  CHECK_FALSE(is_invisible_control(U'中'));
}

TEST_CASE("sanitize_terminal keeps the ASCII controls asked for") {
  CHECK(sanitize_terminal("a\nb\r\nc\td\x1b", "\n\r\t") == "a\nb\r\nc\td^[");
  CHECK(sanitize_terminal("a\nb", "\t") == "a b");
}

TEST_CASE("sanitize_output lets colour, line breaks, tabs and form feeds through, nothing else") {
  CHECK(sanitize_output("\x1b[1;31mred\x1b[0m\tx\n\f\r\n") == "\x1b[1;31mred\x1b[0m\tx\n\f\r\n");
  CHECK(sanitize_output("\x1b]52;c;cHduZWQ=\x07") ==
        "^[]52;c;cHduZWQ=^G");                               // OSC 52 clipboard write
  CHECK(sanitize_output("\x1b[2J\x1b[31") == "^[[2J^[[31");  // not colour: neutralised
  CHECK(sanitize_output("a\rb") == "a b");
  CHECK(sanitize_output("\xc2\x9b"
                        "31m\u202E") == "?31m?");
  CHECK(sanitize_output("推进\xff") == "推进\uFFFD");
  CHECK(sanitize_output("") == "");
}

TEST_CASE("markdown_text escapes HTML and table pipes after sanitising") {
  CHECK(markdown_text("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;");
  CHECK(markdown_text("A & B | C") == "A &amp; B \\| C");
  CHECK(markdown_text("\x1b[31m\u202E红") == "^\\[\\[31m?红");
  // Nor does Markdown syntax: no live link, emphasis or code span.
  CHECK(markdown_text("[U](javascript:x)") == "\\[U\\](javascript:x)");
  CHECK(markdown_text("*a* _b_ `c` \\d") == "\\*a\\* \\_b\\_ \\`c\\` \\\\d");
  CHECK(markdown_text("督办〔2025〕") == "督办〔2025〕");
}

TEST_CASE("truncate_to_width cuts at character boundaries") {
  CHECK(truncate_to_width("推进city", 8) == "推进city");
  CHECK(truncate_to_width("推进city", 100) == "推进city");
  CHECK(truncate_to_width("推进city", 7) == "推进ci…");
  CHECK(truncate_to_width("推进city", 5) == "推进…");
  // Only three columns before the ellipsis: the second wide char does not fit.
  CHECK(truncate_to_width("推进city", 4) == "推…");
  CHECK(truncate_to_width("ab推进", 4) == "ab…");
  CHECK(truncate_to_width("hello world", 8) == "hello w…");
  CHECK(truncate_to_width("hello", 1) == "…");
  CHECK(truncate_to_width("hello", 0) == "");
  CHECK(truncate_to_width("hello", -3) == "");
  CHECK(truncate_to_width("", 3) == "");
  for (int w = 1; w <= 10; ++w) {
    const std::string cut = truncate_to_width("推进老旧小区改造", w);
    CHECK(is_valid_utf8(cut));
    CHECK(display_width(cut) <= w);
  }
}

TEST_CASE("pad_right and pad_left pad by display width") {
  CHECK(pad_right("推进", 6) == "推进  ");
  CHECK(pad_left("推进", 6) == "  推进");
  CHECK(pad_right("ab", 3) == "ab ");
  CHECK(pad_left("7", 3) == "  7");
  CHECK(pad_right("推进city", 4) == "推进city");
  CHECK(pad_left("推进city", 4) == "推进city");
  CHECK(pad_right("", 2) == "  ");
}

TEST_CASE("trim removes ASCII and ideographic spaces") {
  CHECK(trim("  项目 ") == "项目");
  CHECK(trim("\u3000 项目\t\u3000\n") == "项目");
  CHECK(trim("a b") == "a b");
  CHECK(trim(" \u3000 ") == "");
  CHECK(trim("") == "");
  CHECK(trim("项\u3000目") == "项\u3000目");
}

TEST_CASE("split_list accepts Chinese and ASCII separators") {
  CHECK(split_list("市财政局、市住建局，市水务局; 市教育局") ==
        std::vector<std::string>{"市财政局", "市住建局", "市水务局", "市教育局"});
  CHECK(split_list("\u3000甲 ，，乙；丙 ;") == std::vector<std::string>{"甲", "乙", "丙"});
  CHECK(split_list("a,b , c") == std::vector<std::string>{"a", "b", "c"});
  CHECK(split_list("单独一项") == std::vector<std::string>{"单独一项"});
  CHECK(split_list("").empty());
  CHECK(split_list(" , 、 ").empty());
}
