#include "store/docno.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "core/error.hpp"
#include "core/utf8.hpp"
#include "store/fsutil.hpp"
#include "store/yaml_load.hpp"
#include "store/yaml_text.hpp"

namespace fs = std::filesystem;

namespace duban {

namespace {

// numbers.yaml is small: a few series of a few years.
constexpr std::size_t k_max_numbers_bytes = std::size_t{1} << 20;
constexpr std::size_t k_max_series_bytes = 64;

int line_of(const YAML::Node& n) {
  return n.Mark().line + 1;
}

// A whole number written in decimal digits: "010" (octal to YAML 1.1) and
// "0x1f" are refused rather than read as 8 and 31.
bool decimal_digits(const std::string& s) {
  return !s.empty() && s.size() <= 9 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
         (s == "0" || s[0] != '0');
}

int bounded_int(const YAML::Node& n, const std::string& path, int lo, int hi, const char* what) {
  const std::optional<int> v =
      n.IsScalar() && decimal_digits(n.Scalar()) ? scalar_as<int>(n) : std::nullopt;
  if (!v || *v < lo || *v > hi) {
    throw data_error(fmt::format("{}:{}: {}: expected a whole number from {} to {}", path,
                                 line_of(n), what, lo, hi));
  }
  return *v;
}

bool good_series_name(const std::string& name) {
  return !name.empty() && name.size() <= k_max_series_bytes && is_valid_utf8(name) &&
         !has_control_character(name);
}

void check_series_name(const std::string& name, const std::string& path, int line) {
  if (!good_series_name(name)) {
    throw data_error(fmt::format(
        "{}:{}: a series name must be 1 to {} bytes of UTF-8 text without control characters", path,
        line, k_max_series_bytes));
  }
}

DocNumbers read_numbers(const fs::path& root) {
  const fs::path p = root / k_doc_numbers_file;
  refuse_unless_missing_or(p, k_doc_numbers_file, false);
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(p, ec))) {
    return {};
  }
  return parse_doc_numbers(read_regular_file(p, k_doc_numbers_file, k_max_numbers_bytes),
                           k_doc_numbers_file);
}

}  // namespace

DocNumbers parse_doc_numbers(const std::string& text, const std::string& path) {
  const YAML::Node root = load_yaml(text, path);
  DocNumbers out;
  if (root.IsNull()) {
    return out;
  }
  if (!root.IsMap()) {
    throw data_error(
        fmt::format("{}:{}: expected a map of series (督催: {{2026: 7}})", path, line_of(root)));
  }
  for (const auto& series : root) {
    if (!series.first.IsScalar()) {
      throw data_error(
          fmt::format("{}:{}: a series name must be text", path, line_of(series.first)));
    }
    const std::string name = series.first.Scalar();
    check_series_name(name, path, line_of(series.first));
    if (out.count(name) != 0) {
      throw data_error(
          fmt::format("{}:{}: series {} given twice", path, line_of(series.first), name));
    }
    std::map<int, int>& years = out[name];
    if (series.second.IsNull()) {
      continue;
    }
    if (!series.second.IsMap()) {
      throw data_error(fmt::format("{}:{}: {}: expected a map of year: last number", path,
                                   line_of(series.second), name));
    }
    for (const auto& y : series.second) {
      const int year = bounded_int(y.first, path, k_doc_year_min, k_doc_year_max, "year");
      const int last = bounded_int(y.second, path, 0, k_doc_number_max, "last number");
      if (!years.emplace(year, last).second) {
        throw data_error(
            fmt::format("{}:{}: {}: year {} given twice", path, line_of(y.first), name, year));
      }
    }
  }
  return out;
}

std::string emit_doc_numbers(const DocNumbers& numbers) {
  std::string out =
      "# Document numbers (发文字号): the last number given, by series and year.\n"
      "# Written by duban under its lock; merge by keeping the larger number.\n";
  if (numbers.empty()) {
    return out + "{}\n";
  }
  for (const auto& [series, years] : numbers) {
    out += yaml_scalar(series) + ":" + (years.empty() ? " {}\n" : "\n");
    for (const auto& [year, last] : years) {
      out += fmt::format("  {}: {}\n", year, last);
    }
  }
  return out;
}

int next_doc_number(const DocNumbers& numbers, const std::string& series, int year, int count,
                    std::optional<int> first) {
  if (first && (*first < 1 || *first > k_doc_number_max)) {
    throw usage_error(fmt::format("document number {} {}: it must be from 1 to {}", series, *first,
                                  k_doc_number_max));
  }
  int last = 0;
  if (auto s = numbers.find(series); s != numbers.end()) {
    if (auto y = s->second.find(year); y != s->second.end()) {
      last = y->second;
    }
  }
  const int start = first.value_or(last + 1);
  if (count > 0 && start > k_doc_number_max - (count - 1)) {
    throw data_error(fmt::format("{}: {} {}: the numbers would pass {}", k_doc_numbers_file, series,
                                 year, k_doc_number_max));
  }
  return start;
}

int reserve_doc_numbers(const fs::path& root, const WriteLock& lock, const std::string& series,
                        int year, int count, std::optional<int> first) {
  (void)lock;  // the proof that the caller holds it
  if (!good_series_name(series)) {
    throw usage_error(fmt::format("not a document number series: {}", series));
  }
  DocNumbers numbers = read_numbers(root);
  const int start = next_doc_number(numbers, series, year, count, first);
  if (count <= 0) {
    return start;
  }
  int& last = numbers[series][year];
  last = std::max(last, start + count - 1);
  const fs::path tmp = root / ".duban" / "tmp";
  ensure_real_directory(tmp, ".duban/tmp");
  write_file_atomic(root / k_doc_numbers_file, emit_doc_numbers(numbers), tmp);
  return start;
}

int peek_doc_number(const fs::path& root, const std::string& series, int year, int count,
                    std::optional<int> first) {
  return next_doc_number(read_numbers(root), series, year, count, first);
}

}  // namespace duban
