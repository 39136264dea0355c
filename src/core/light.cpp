#include "core/light.hpp"

#include "core/history.hpp"
#include "core/lifecycle.hpp"

namespace duban {

std::string_view to_string(Light l) {
  switch (l) {
    case Light::none:
      return "none";
    case Light::green:
      return "green";
    case Light::yellow:
      return "yellow";
    case Light::red:
      return "red";
  }
  return "none";
}

Lateness assess_lateness(const Task& t, Date as_of, int yellow_days, const Calendar& cal) {
  // As the task stood on as_of, rebuilt from its log like `overdue` and `report`
  // do: a task closed after that day was still open on it.
  const TaskState s = state_at(t, as_of);
  if (!is_being_handled(s)) {
    return Lateness{};
  }
  return assess_deadlines(s.due, t.milestones, as_of, yellow_days, cal);
}

Lateness assess_deadlines(std::optional<Date> due, const std::vector<Milestone>& milestones,
                          Date as_of, int yellow_days, const Calendar& cal) {
  Lateness out;
  std::optional<Date> earliest = due;
  for (const Milestone& m : milestones) {
    if (!milestone_done_on(m, as_of) && (!earliest || m.due < *earliest)) {
      earliest = m.due;
      out.milestone = m.title;
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
    // Both counts cover the days after the deadline up to and including as_of
    // (SPEC §8): due Monday 03-17, as of Thursday 03-20 is 3 and 3.
    out.workdays_overdue = cal.workdays_between(*earliest, as_of);
  } else if (earliest->days() - as_of.days() <= yellow_days) {
    out.light = Light::yellow;
  }
  return out;
}

LitTask assess_task(const Task& t, Date as_of, int yellow_days, const Calendar& cal) {
  LitTask out{&t, assess_lateness(t, as_of, yellow_days, cal), {}};
  out.milestones_missed.reserve(t.milestones.size());
  for (const Milestone& m : t.milestones) {
    out.milestones_missed.push_back(milestone_missed(m, as_of));
  }
  out.extension_request = pending_extension(t, as_of);
  return out;
}

std::vector<LitTask> assess_tasks(const std::vector<const Task*>& tasks, Date as_of,
                                  int yellow_days, const Calendar& cal) {
  std::vector<LitTask> out;
  out.reserve(tasks.size());
  for (const Task* t : tasks) {
    out.push_back(assess_task(*t, as_of, yellow_days, cal));
  }
  return out;
}

}  // namespace duban
