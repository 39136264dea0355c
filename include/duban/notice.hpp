#pragma once

#include <string>
#include <vector>

#include "duban/overdue.hpp"
#include "duban/task_view.hpp"

namespace duban {

/// One reminder notice (督查催办通知单): a lead unit and its items to chase.
struct Notice {
  std::string unit;
  const Unit* info = nullptr;  // from units.yaml, for the liaison
  std::vector<const OverdueItem*> items;
  Date as_of;
  Date reply_by;
};

/// One notice per lead unit of `list`, in the list's order (tasks without a
/// lead unit get none); the reply is due
/// `reply_days` working days after the as-of date.
std::vector<Notice> build_notices(const OverdueList& list, const Units& units, const Calendar& cal, int reply_days);

std::string render_notice_text(const Notice& n, const TaskViewContext& v);
std::string render_notice_markdown(const Notice& n, const TaskViewContext& v);

/// A file name for a notice: `2025-11-28-市水务局.md`, with path separators replaced.
std::string notice_file_name(const Notice& n, const std::string& extension);

}  // namespace duban
