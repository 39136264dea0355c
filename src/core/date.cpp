#include "core/date.hpp"

#include <fmt/format.h>

#include <charconv>

namespace duban {

namespace {

// Howard Hinnant's civil-date algorithms.
int days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

struct Ymd {
  int y, m, d;
};

Ymd civil_from_days(int z) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {y + (m <= 2), m, d};
}

bool is_leap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

// Reads an unsigned decimal number of 1..max_digits digits at `pos`.
std::optional<int> read_number(std::string_view s, size_t& pos, size_t max_digits) {
  size_t start = pos;
  while (pos < s.size() && pos - start < max_digits && s[pos] >= '0' && s[pos] <= '9') {
    ++pos;
  }
  if (pos == start) {
    return std::nullopt;
  }
  int value = 0;
  std::from_chars(s.data() + start, s.data() + pos, value);
  return value;
}

bool consume(std::string_view s, size_t& pos, std::string_view token) {
  if (s.substr(pos, token.size()) == token) {
    pos += token.size();
    return true;
  }
  return false;
}

std::optional<Date> make_date(int y, int m, int d) {
  if (y < k_first_year || y > k_last_year || !is_valid_ymd(y, m, d)) {
    return std::nullopt;
  }
  return Date::from_ymd(y, m, d);
}

}  // namespace

Date Date::from_ymd(int y, int m, int d) {
  return Date(days_from_civil(y, m, d));
}

int Date::year() const {
  return civil_from_days(days_).y;
}
int Date::month() const {
  return civil_from_days(days_).m;
}
int Date::day() const {
  return civil_from_days(days_).d;
}

int Date::weekday() const {
  // 1970-01-01 was a Thursday (ISO 4).
  int w = (days_ + 3) % 7;
  if (w < 0) {
    w += 7;
  }
  return w + 1;
}

Date Date::plus_months(int n) const {
  Ymd c = civil_from_days(days_);
  int months = c.y * 12 + (c.m - 1) + n;
  int y = months >= 0 ? months / 12 : (months - 11) / 12;  // floor: years before 0 too
  int m = months - y * 12 + 1;
  int d = std::min(c.d, days_in_month(y, m));
  return from_ymd(y, m, d);
}

std::string Date::iso() const {
  Ymd c = civil_from_days(days_);
  return fmt::format("{:04d}-{:02d}-{:02d}", c.y, c.m, c.d);
}

bool in_date_range(Date d) {
  static const Date k_first = Date::from_ymd(k_first_year, 1, 1);
  static const Date k_last = Date::from_ymd(k_last_year, 12, 31);
  return d >= k_first && d <= k_last;
}

std::string date_range_problem(Date d) {
  if (in_date_range(d)) {
    return "";
  }
  return fmt::format("{} is outside {:04d}-01-01 … {:04d}-12-31, the dates a task file holds",
                     d.iso(), k_first_year, k_last_year);
}

int days_in_month(int y, int m) {
  static constexpr int k_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && is_leap(y)) {
    return 29;
  }
  return k_days[m - 1];
}

bool is_valid_ymd(int y, int m, int d) {
  return m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

std::optional<Date> parse_iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return std::nullopt;
  }
  size_t pos = 0;
  auto y = read_number(text, pos, 4);
  if (!y || pos != 4) {
    return std::nullopt;
  }
  pos = 5;
  auto m = read_number(text, pos, 2);
  if (!m || pos != 7) {
    return std::nullopt;
  }
  pos = 8;
  auto d = read_number(text, pos, 2);
  if (!d || pos != 10) {
    return std::nullopt;
  }
  return make_date(*y, *m, *d);
}

std::optional<Date> parse_absolute_date(std::string_view text) {
  size_t pos = 0;
  auto y = read_number(text, pos, 4);
  if (!y || pos != 4) {
    return std::nullopt;
  }
  bool chinese = consume(text, pos, "年");
  if (!chinese && !consume(text, pos, "-") && !consume(text, pos, "/") &&
      !consume(text, pos, ".")) {
    return std::nullopt;
  }
  const char sep = chinese ? 0 : text[pos - 1];
  auto m = read_number(text, pos, 2);
  if (!m) {
    return std::nullopt;
  }
  if (chinese ? !consume(text, pos, "月") : !(pos < text.size() && text[pos++] == sep)) {
    return std::nullopt;
  }
  auto d = read_number(text, pos, 2);
  if (!d) {
    return std::nullopt;
  }
  if (chinese) {
    if (!consume(text, pos, "日")) {
      consume(text, pos, "号");
    }
  }
  if (pos != text.size()) {
    return std::nullopt;
  }
  return make_date(*y, *m, *d);
}

Date end_of_month(Date d) {
  return Date::from_ymd(d.year(), d.month(), days_in_month(d.year(), d.month()));
}

Date end_of_quarter(Date d) {
  int last_month = ((d.month() - 1) / 3 + 1) * 3;
  return Date::from_ymd(d.year(), last_month, days_in_month(d.year(), last_month));
}

Date end_of_year(Date d) {
  return Date::from_ymd(d.year(), 12, 31);
}

}  // namespace duban
