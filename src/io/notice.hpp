#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "core/overdue.hpp"
#include "io/task_view.hpp"

namespace duban {

/// One reminder notice (督查催办通知单): the unit it is addressed to and its
/// items to chase: those it leads, then (marked 配合) those it co-operates on.
/// Its date is the list's (`list->as_of`), which its items belong to.
struct Notice {
  const OverdueList* list = nullptr;
  std::string unit;
  const Unit* info = nullptr;  // from units.yaml, for the liaison
  std::vector<const OverdueItem*> items;
  std::vector<const OverdueItem*> co_items;
  Date reply_by;  // reply_by of the list's date
};

/// One notice per lead unit of `list`, in the list's order (tasks without a
/// lead unit get none); the reply is due
/// `reply_days` working days after the as-of date (reply_by).
std::vector<Notice> build_notices(const OverdueList& list, const Units& units, const Calendar& cal,
                                  int reply_days);

/// The one notice addressed to `unit` (a canonical name; SPEC §8): the items
/// of `list` it leads, then those where it is a co-unit; none when it has no
/// part in any item.
std::vector<Notice> build_unit_notice(const OverdueList& list, const std::string& unit,
                                      const Units& units, const Calendar& cal, int reply_days);

/// True when `unit` (canonical) is among the co-units of `t`, by any alias.
bool is_co_unit(const Task& t, const std::string& unit, const Units& units);

/// The parts of a notice each format shows (SPEC §8): what is wrong with an
/// item ("已超期 5 天（3 个工作日）"), the unit's liaison and phone ("" when
/// units.yaml has neither), the opening sentence, the closing one with the
/// reply date, the items (those led, then those co-operated on: true), and
/// the mark of a co-operated item.
std::string notice_item_state(const OverdueItem& i, Date as_of, const TaskViewContext& v);
std::string notice_contact(const Notice& n, Lang lang);
std::string notice_intro(const Notice& n, Lang lang);
std::string notice_closing(const Notice& n, const TaskViewContext& v);
std::vector<std::pair<const OverdueItem*, bool>> notice_items(const Notice& n);
std::string notice_co_mark(bool co, Lang lang);

std::string render_notice_text(const Notice& n, const TaskViewContext& v);
std::string render_notice_markdown(const Notice& n, const TaskViewContext& v);

/// File names for `notices`, one each, in order: `2025-11-28-市水务局.md`.
/// Made safe and short (SPEC §8): characters that are not allowed or not
/// harmless in a file name on common systems (path separators, controls,
/// bidirectional controls, invalid UTF-8) become `_`; a unit part longer than
/// k_notice_unit_bytes is cut on a character boundary and marked with a hash
/// of the whole name (`…~1a2b3c4d`); names that would clash (also when only
/// the ASCII case differs) get the hash too, so each notice has its own file.
std::vector<std::string> notice_file_names(const std::vector<Notice>& notices,
                                           const std::string& extension);

/// At most this many bytes of a unit name go into a notice file name.
inline constexpr std::size_t k_notice_unit_bytes = 96;

}  // namespace duban
