#include "io/json.hpp"

#include <cassert>
#include <cmath>

#include <fmt/format.h>

#include "io/text.hpp"

namespace duban {

namespace {

// The two-character escapes JSON defines; 0 when the byte has none.
char short_escape(unsigned char c) {
  switch (c) {
    case '"':
      return '"';
    case '\\':
      return '\\';
    case '\n':
      return 'n';
    case '\r':
      return 'r';
    case '\t':
      return 't';
    case '\b':
      return 'b';
    case '\f':
      return 'f';
    default:
      return 0;
  }
}

void append_ascii(std::string& out, unsigned char c) {
  if (const char e = short_escape(c); e != 0) {
    out += '\\';
    out += e;
  } else if (c < 0x20 || c == 0x7F) {
    out += fmt::format("\\u{:04x}", c);
  } else {
    out += static_cast<char>(c);
  }
}

}  // namespace

std::string json_quote(std::string_view s) {
  std::string out = "\"";
  out.reserve(s.size() + 2);
  for (std::size_t pos = 0; pos < s.size();) {
    // Runs of printable ASCII are copied at once; only the rest is decoded.
    std::size_t run = pos;
    while (run < s.size()) {
      const auto b = static_cast<unsigned char>(s[run]);
      if (b < 0x20 || b >= 0x7f || b == '"' || b == '\\') {
        break;
      }
      ++run;
    }
    if (run > pos) {
      out.append(s, pos, run - pos);
      pos = run;
      continue;
    }
    const Utf8Char ch = decode_utf8_at(s, pos);
    if (!ch.valid) {
      out += "\\ufffd";
    } else if (ch.code < 0x80) {
      append_ascii(out, static_cast<unsigned char>(ch.code));
    } else if (is_invisible_control(ch.code)) {
      // C1 and bidi controls, U+2028/U+2029: lossless, and never raw on a terminal.
      out += fmt::format("\\u{:04x}", static_cast<unsigned>(ch.code));
    } else {
      out += s.substr(pos, ch.length);
    }
    pos += ch.length;
  }
  return out + "\"";
}

JsonWriter::JsonWriter(int indent) : indent_(indent < 0 ? 0 : indent) {}

JsonWriter& JsonWriter::begin_object() {
  return open('{', true);
}

JsonWriter& JsonWriter::end_object() {
  return close('}', true);
}

JsonWriter& JsonWriter::begin_array() {
  return open('[', false);
}

JsonWriter& JsonWriter::end_array() {
  return close(']', false);
}

JsonWriter& JsonWriter::key(std::string_view k) {
  assert(!stack_.empty() && stack_.back().is_object && !stack_.back().has_key);
  Frame& frame = stack_.back();
  if (frame.count > 0) {
    out_ += ',';
  }
  new_line();
  out_ += json_quote(k);
  out_ += indent_ > 0 ? ": " : ":";
  ++frame.count;
  frame.has_key = true;
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view s) {
  return scalar(json_quote(s));
}

JsonWriter& JsonWriter::value(const char* s) {
  return value(std::string_view(s));
}

JsonWriter& JsonWriter::value(const std::string& s) {
  return value(std::string_view(s));
}

JsonWriter& JsonWriter::value(long long n) {
  return scalar(fmt::format("{}", n));
}

JsonWriter& JsonWriter::value(int n) {
  return value(static_cast<long long>(n));
}

JsonWriter& JsonWriter::value(bool b) {
  return scalar(b ? "true" : "false");
}

JsonWriter& JsonWriter::value(double d) {
  if (!std::isfinite(d)) {
    return null();
  }
  return scalar(fmt::format("{}", d));
}

JsonWriter& JsonWriter::null() {
  return scalar("null");
}

JsonWriter& JsonWriter::optional(std::string_view s) {
  return s.empty() ? null() : value(s);
}

std::string JsonWriter::str() const {
  assert(stack_.empty());
  if (indent_ > 0 && !out_.empty()) {
    return out_ + "\n";
  }
  return out_;
}

JsonWriter& JsonWriter::value_unsigned(unsigned long long n) {
  return scalar(fmt::format("{}", n));
}

JsonWriter& JsonWriter::scalar(std::string_view text) {
  before_value();
  out_ += text;
  return *this;
}

JsonWriter& JsonWriter::open(char bracket, bool is_object) {
  before_value();
  out_ += bracket;
  stack_.push_back(Frame{is_object, 0, false});
  return *this;
}

JsonWriter& JsonWriter::close(char bracket, [[maybe_unused]] bool is_object) {
  assert(!stack_.empty() && stack_.back().is_object == is_object && !stack_.back().has_key);
  const bool empty = stack_.back().count == 0;
  stack_.pop_back();
  if (!empty) {
    new_line();
  }
  out_ += bracket;
  return *this;
}

// Writes what separates the coming value from the previous one and marks it as written.
void JsonWriter::before_value() {
  if (stack_.empty()) {
    assert(out_.empty() && "a JSON document has one root value");
    return;
  }
  Frame& frame = stack_.back();
  if (frame.is_object) {
    assert(frame.has_key && "a value inside an object needs a key first");
    frame.has_key = false;
    return;
  }
  if (frame.count > 0) {
    out_ += ',';
  }
  new_line();
  ++frame.count;
}

void JsonWriter::new_line() {
  if (indent_ == 0) {
    return;
  }
  out_ += '\n';
  out_.append(stack_.size() * static_cast<std::size_t>(indent_), ' ');
}

}  // namespace duban
