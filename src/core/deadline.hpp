#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/calendar.hpp"
#include "core/date.hpp"

namespace duban {

/// A default deadline rule of a source kind (`15d`, `5wd`, `2w`, `3m`, `eom`, `eoq`,
/// `eoy`) or `none` when the deadline must be given.
struct DueRule {
  enum class Unit {
    none,
    days,
    workdays,
    weeks,
    months,
    end_of_month,
    end_of_quarter,
    end_of_year
  };
  Unit unit = Unit::none;
  int count = 0;

  bool is_none() const { return unit == Unit::none; }
  /// `eom`, `eoq`, `eoy` name a fixed day (SPEC §6): like a typed date they are never moved.
  bool is_fixed_day() const {
    return unit == Unit::end_of_month || unit == Unit::end_of_quarter || unit == Unit::end_of_year;
  }
};

/// Parse a rule as written in duban.yaml or `--within`: `15d`, `10wd`, `2w`, `3m`,
/// `eom`, `eoq`, `eoy`, `none`.
std::optional<DueRule> parse_due_rule(std::string_view text);
std::string to_string(const DueRule& rule);

/// The deadline `rule` gives for a task registered on `start`: the start day is
/// not counted (Civil Code art. 201), months end on the same day or the month's
/// last day (art. 202), and a counted deadline (`15d`, `2w`, `3m`) that falls on
/// a rest day moves to the next working day (art. 203, SPEC §6) when
/// `move_off_rest_days`. Working-day rules always land on a working day (`0wd`
/// on a rest day is the next working day, like `0d`). `eom`, `eoq`, `eoy` are
/// fixed days and never move, whatever day of the week they are.
Date apply_due_rule(const DueRule& rule, Date start, const Calendar& cal, bool move_off_rest_days);

/// A new deadline, and whether it names a fixed day (a typed date, or `eom`,
/// `eoq`, `eoy`), which is kept even on a rest day (SPEC §6).
struct NewDeadline {
  Date due;
  bool fixed = false;
};

/// The deadline of work starting on `start` when no date is typed: by `within`
/// (--within) when given, else by `fallback` (a kind's default rule, or
/// rework_within for work handed back), which `fallback_owner` names in the
/// error. Usage error when that rule is `none` or the deadline lands outside
/// 1900-01-01 … 2999-12-31.
NewDeadline deadline_by_rule(const std::optional<DueRule>& within, const DueRule& fallback,
                             std::string_view fallback_owner, Date start, const Calendar& cal,
                             bool move_off_rest_days);

/// How a typed date will be used: a deadline moves off rest days, a plain date does not.
enum class DateUse { plain, deadline };

/// Parse a date as a user types it: absolute forms (`2025-03-02`, `2025/3/2`,
/// `2025.3.2`, `2025年3月2日`), `today`, relative `+15d` `-7d` `+10wd` `-3wd` `+2w` `+3m`,
/// and `eom` `eoq` `eoy`, relative to `today`. The result may lie outside
/// 1900…2999: callers refuse it with date_range_problem() (SPEC §6).
std::optional<Date> parse_date_input(std::string_view text, Date today, const Calendar& cal,
                                     DateUse use, bool move_off_rest_days = true);

/// True when `text` names a fixed day rather than a period: an absolute date,
/// `today`, `eom`, `eoq` or `eoy`. Such a deadline is kept even on a rest day.
bool names_fixed_day(std::string_view text);

/// The message for a date that did not parse, listing the accepted forms.
std::string date_forms_hint();

}  // namespace duban
