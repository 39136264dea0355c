#include "duban/light.hpp"

namespace duban {

std::string_view to_string(Light l) {
  switch (l) {
    case Light::none: return "none";
    case Light::green: return "green";
    case Light::yellow: return "yellow";
    case Light::red: return "red";
  }
  return "none";
}

Lateness assess_lateness(const Task& t, Date as_of, int yellow_days, const Calendar& cal) {
  Lateness out;
  if (t.status == Status::done || t.status == Status::cancelled || t.status == Status::suspended) {
    return out;
  }
  std::optional<Date> earliest = t.due;
  for (const Milestone& m : t.milestones) {
    if (!m.done && (!earliest || m.due < *earliest)) {
      earliest = m.due;
    }
  }
  out.light = Light::green;
  out.deadline = earliest;
  if (!earliest) {
    return out;
  }
  if (*earliest < as_of) {
    out.light = Light::red;
    out.days_overdue = as_of.days() - earliest->days();
    out.workdays_overdue = cal.workdays_between(*earliest, as_of.plus_days(-1));
  } else if (earliest->days() - as_of.days() <= yellow_days) {
    out.light = Light::yellow;
  }
  return out;
}

}  // namespace duban
