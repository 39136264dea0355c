#include "core/deadline.hpp"

#include <fmt/format.h>

#include <charconv>

#include "core/error.hpp"

namespace duban {

namespace {

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return out;
}

// Splits "15d" into 15 and "d"; the count must be 0..100000.
std::optional<std::pair<int, std::string>> split_count(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
    ++i;
  }
  if (i == 0 || i > 6) {
    return std::nullopt;
  }
  int n = 0;
  std::from_chars(s.data(), s.data() + i, n);
  return std::make_pair(n, lower_ascii(s.substr(i)));
}

}  // namespace

std::optional<DueRule> parse_due_rule(std::string_view text) {
  const std::string t = lower_ascii(text);
  using U = DueRule::Unit;
  if (t == "none") {
    return DueRule{U::none, 0};
  }
  if (t == "eom") {
    return DueRule{U::end_of_month, 0};
  }
  if (t == "eoq") {
    return DueRule{U::end_of_quarter, 0};
  }
  if (t == "eoy") {
    return DueRule{U::end_of_year, 0};
  }
  auto parts = split_count(t);
  if (!parts) {
    return std::nullopt;
  }
  auto [n, unit] = *parts;
  if (unit == "d") {
    return DueRule{U::days, n};
  }
  if (unit == "wd") {
    return DueRule{U::workdays, n};
  }
  if (unit == "w") {
    return DueRule{U::weeks, n};
  }
  if (unit == "m") {
    return DueRule{U::months, n};
  }
  return std::nullopt;
}

std::string to_string(const DueRule& rule) {
  using U = DueRule::Unit;
  switch (rule.unit) {
    case U::none:
      return "none";
    case U::days:
      return fmt::format("{}d", rule.count);
    case U::workdays:
      return fmt::format("{}wd", rule.count);
    case U::weeks:
      return fmt::format("{}w", rule.count);
    case U::months:
      return fmt::format("{}m", rule.count);
    case U::end_of_month:
      return "eom";
    case U::end_of_quarter:
      return "eoq";
    case U::end_of_year:
      return "eoy";
  }
  return "none";
}

Date apply_due_rule(const DueRule& rule, Date start, const Calendar& cal, bool move_off_rest_days) {
  using U = DueRule::Unit;
  Date due = start;
  switch (rule.unit) {
    case U::none:
      return start;
    case U::days:
      due = start.plus_days(rule.count);
      break;
    case U::weeks:
      due = start.plus_days(7 * rule.count);
      break;
    case U::months:
      due = start.plus_months(rule.count);
      break;
    case U::workdays:
      return cal.next_workday_on_or_after(cal.add_workdays(start, rule.count));
    case U::end_of_month:
      return end_of_month(start);
    case U::end_of_quarter:
      return end_of_quarter(start);
    case U::end_of_year:
      return end_of_year(start);
  }
  if (move_off_rest_days) {
    due = cal.next_workday_on_or_after(due);
  }
  return due;
}

NewDeadline deadline_by_rule(const std::optional<DueRule>& within, const DueRule& fallback,
                             std::string_view fallback_owner, Date start, const Calendar& cal,
                             bool move_off_rest_days) {
  const DueRule& rule = within ? *within : fallback;
  if (rule.is_none()) {
    throw usage_error(
        fmt::format("{} has no default deadline: give --due DATE or --within 15d", fallback_owner));
  }
  const Date due = apply_due_rule(rule, start, cal, move_off_rest_days);
  if (std::string problem = date_range_problem(due); !problem.empty()) {
    throw usage_error(
        fmt::format("the deadline {} from {}: {}", to_string(rule), start.iso(), problem));
  }
  return NewDeadline{due, rule.is_fixed_day()};
}

std::optional<Date> parse_date_input(std::string_view text, Date today, const Calendar& cal,
                                     DateUse use, bool move_off_rest_days) {
  if (auto d = parse_absolute_date(text)) {
    return d;
  }
  const std::string t = lower_ascii(text);
  if (t == "today") {
    return today;
  }
  const bool move = use == DateUse::deadline && move_off_rest_days;
  if (t == "eom" || t == "eoq" || t == "eoy") {
    return apply_due_rule(*parse_due_rule(t), today, cal, move);
  }
  if (t.size() < 3 || (t[0] != '+' && t[0] != '-')) {
    return std::nullopt;
  }
  auto rule = parse_due_rule(std::string_view(t).substr(1));
  if (!rule || rule->is_none() || rule->unit == DueRule::Unit::end_of_month ||
      rule->unit == DueRule::Unit::end_of_quarter || rule->unit == DueRule::Unit::end_of_year) {
    return std::nullopt;
  }
  if (t[0] == '-') {
    using U = DueRule::Unit;
    switch (rule->unit) {
      case U::days:
        return today.plus_days(-rule->count);
      case U::weeks:
        return today.plus_days(-7 * rule->count);
      case U::months:
        return today.plus_months(-rule->count);
      case U::workdays:
        return cal.subtract_workdays(today, rule->count);
      default:
        return std::nullopt;
    }
  }
  return apply_due_rule(*rule, today, cal, move);
}

bool names_fixed_day(std::string_view text) {
  if (parse_absolute_date(text)) {
    return true;
  }
  const std::string t = lower_ascii(text);
  return t == "today" || t == "eom" || t == "eoq" || t == "eoy";
}

std::string date_forms_hint() {
  return "expected a date like 2025-03-02, 2025/3/2, 2025年3月2日, today, +15d, +10wd, +2w, "
         "+3m, eom, eoq or eoy";
}

}  // namespace duban
