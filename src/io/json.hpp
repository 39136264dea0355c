#pragma once

#include <concepts>
#include <string>
#include <string_view>
#include <vector>

namespace duban {

/// `s` as a JSON string literal; invalid UTF-8 bytes become \ufffd, controls (C0, C1,
/// bidi, U+2028/U+2029) \uXXXX escapes, other non-ASCII passes through.
std::string json_quote(std::string_view s);

/// Streaming writer of one JSON document; indent > 0 matches Python's json.dumps(indent=n).
class JsonWriter {
 public:
  /// `indent` spaces per level; 0 = compact on one line, no spaces.
  explicit JsonWriter(int indent = 2);

  /// Open / close containers.
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();

  /// The key of the next member; only inside an object.
  JsonWriter& key(std::string_view k);

  /// Scalars; doubles are written shortest round-trip, NaN and infinities as null.
  JsonWriter& value(std::string_view s);
  JsonWriter& value(const char* s);
  JsonWriter& value(const std::string& s);
  JsonWriter& value(long long n);
  JsonWriter& value(int n);
  JsonWriter& value(bool b);
  JsonWriter& value(double d);
  JsonWriter& null();
  /// An optional text field: null when `s` is empty (absent), else the string.
  JsonWriter& optional(std::string_view s);

  /// Any other integer type (long, std::size_t, std::int64_t, ...), without ambiguity.
  template <std::integral T>
  requires(!std::same_as<T, bool>) JsonWriter& value(T n) {
    if constexpr (std::signed_integral<T>) {
      return value(static_cast<long long>(n));
    } else {
      return value_unsigned(static_cast<unsigned long long>(n));
    }
  }

  /// The document so far; call after the last end_*; ends with "\n" when indent > 0.
  std::string str() const;

 private:
  struct Frame {
    bool is_object = false;
    int count = 0;
    bool has_key = false;
  };

  JsonWriter& value_unsigned(unsigned long long n);
  JsonWriter& scalar(std::string_view text);
  JsonWriter& open(char bracket, bool is_object);
  JsonWriter& close(char bracket, bool is_object);
  void before_value();
  void new_line();

  int indent_;
  std::string out_;
  std::vector<Frame> stack_;
};

}  // namespace duban
