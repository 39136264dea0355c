#include "io/notice.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>

#include "io/text.hpp"

namespace duban {

namespace {

std::string chinese_date(Date d) { return fmt::format("{}年{}月{}日", d.year(), d.month(), d.day()); }

std::string long_date(Date d, Lang lang) { return lang == Lang::zh ? chinese_date(d) : d.iso(); }

// What is wrong with one item, in a sentence fragment.
std::string item_state(const OverdueItem& i, const TaskViewContext& v) {
  const bool zh = v.lang == Lang::zh;
  std::vector<std::string> parts;
  const Lateness& l = i.lateness;
  if (l.light == Light::red) {
    std::string what = i.late_milestone.empty()
                           ? ""
                           : fmt::format(fmt::runtime(zh ? "阶段目标「{}」" : "milestone '{}' "), i.late_milestone);
    parts.push_back(zh ? fmt::format("{}已超期 {} 天（{} 个工作日）", what, l.days_overdue, l.workdays_overdue)
                       : fmt::format("{}{} days overdue ({} working days)", what, l.days_overdue, l.workdays_overdue));
  } else if (l.light == Light::yellow && l.deadline) {
    std::string what;
    if (!i.due || *i.due != *l.deadline) {
      for (const Milestone& m : i.task->milestones) {
        if ((!m.done || *m.done > v.as_of) && m.due == *l.deadline) {
          what = fmt::format(fmt::runtime(zh ? "阶段目标「{}」" : "milestone '{}' "), m.title);
        }
      }
    }
    if (*l.deadline == v.as_of) {
      parts.push_back(zh ? what + "今日到期" : what + "due today");
    } else {
      parts.push_back(zh ? fmt::format("{}将于 {} 到期", what, l.deadline->iso())
                         : fmt::format("{}due on {}", what, l.deadline->iso()));
    }
  }
  if (i.feedback_late) {
    parts.push_back(zh ? "未按要求报送进展" : "progress report missing");
  }
  std::string out;
  for (const std::string& p : parts) {
    out += (out.empty() ? "" : zh ? "，" : ", ") + p;
  }
  return out;
}

// The second line of an item; a co-operated item names its lead unit first.
std::string item_details(const OverdueItem& i, const TaskViewContext& v, bool co) {
  const bool zh = v.lang == Lang::zh;
  const Task& t = *i.task;
  const std::string lead = !co ? "" : zh ? fmt::format("牵头单位：{}；", i.lead) : fmt::format("lead: {}; ", i.lead);
  // The deadline and level in force on the as-of day, as the overdue list has them.
  std::string due = i.due ? i.due->iso() : "—";
  std::string last = i.last_progress ? i.last_progress->iso() : (zh ? "无" : "none");
  std::string level = i.escalation == 0 ? (zh ? "无" : "none")
                                        : fmt::format("{} {}", i.escalation, v.config.escalation_name(i.escalation));
  return zh ? fmt::format("{}来源：{}；办结时限：{}；{}；升级督办：{}；最近反馈：{}", lead, kind_label(t.kind, v), due,
                          item_state(i, v), level, last)
            : fmt::format("{}kind: {}; due: {}; {}; escalation: {}; last feedback: {}", lead, kind_label(t.kind, v),
                          due, item_state(i, v), level, last);
}

// The liaison and the phone, each only when units.yaml has it.
std::string contact_line(const Notice& n, Lang lang) {
  if (!n.info) {
    return "";
  }
  std::vector<std::string> parts;
  if (!n.info->liaison.empty()) {
    parts.push_back((lang == Lang::zh ? "联络员：" : "Liaison: ") + n.info->liaison);
  }
  if (!n.info->phone.empty()) {
    parts.push_back((lang == Lang::zh ? "联系电话：" : "Phone: ") + n.info->phone);
  }
  return join(parts, lang == Lang::zh ? "　" : "  ");
}

std::string intro(const Notice& n, Lang lang) {
  const bool co = !n.co_items.empty();
  return lang == Lang::zh
             ? fmt::format("截至{}，你单位{}的下列督办事项已超过办结时限、临近办结时限或未按要求报送进展，现予催办{}：",
                           chinese_date(n.as_of), co ? (n.items.empty() ? "配合办理" : "牵头或配合办理") : "牵头办理",
                           co ? "；标注“配合”的事项，请配合牵头单位抓紧办理" : "")
             : fmt::format("As of {}, the following supervised items {} your unit are overdue, due soon, or "
                           "missing a progress report{}:",
                           n.as_of.iso(),
                           co ? (n.items.empty() ? "with" : "led by or with") : "led by",
                           co ? "; on those marked (co-unit), please support the lead unit" : "");
}

// The items of `n` in order, each with whether the unit only co-operates on it.
std::vector<std::pair<const OverdueItem*, bool>> items_of(const Notice& n) {
  std::vector<std::pair<const OverdueItem*, bool>> out;
  for (const OverdueItem* i : n.items) {
    out.emplace_back(i, false);
  }
  for (const OverdueItem* i : n.co_items) {
    out.emplace_back(i, true);
  }
  return out;
}

std::string co_mark(bool co, Lang lang) { return !co ? "" : lang == Lang::zh ? "（配合）" : " (co-unit)"; }

std::string closing(const Notice& n, const TaskViewContext& v) {
  return v.lang == Lang::zh
             ? fmt::format("请于{}前将办理情况及下一步措施书面报送{}。", chinese_date(n.reply_by), v.config.office)
             : fmt::format("Please report the state of each item and the next steps to {} by {}.", v.config.office,
                           n.reply_by.iso());
}

}  // namespace

namespace {

Notice notice_to(const std::string& unit, const OverdueList& list, const Units& units, const Calendar& cal,
                 int reply_days) {
  Notice n;
  n.unit = unit;
  n.info = units.find(unit);
  n.as_of = list.as_of;
  n.reply_by = cal.add_workdays(list.as_of, reply_days);
  return n;
}

}  // namespace

bool is_co_unit(const Task& t, const std::string& unit, const Units& units) {
  return std::any_of(t.co.begin(), t.co.end(),
                     [&](const std::string& c) { return units.canonical(c).value_or(c) == unit; });
}

std::vector<Notice> build_notices(const OverdueList& list, const Units& units, const Calendar& cal, int reply_days) {
  std::vector<Notice> out;
  for (const OverdueItem& i : list.items) {
    if (i.lead.empty()) {
      continue;  // not handed to a unit yet: nobody to chase
    }
    if (out.empty() || out.back().unit != i.lead) {
      out.push_back(notice_to(i.lead, list, units, cal, reply_days));
    }
    out.back().items.push_back(&i);
  }
  return out;
}

std::vector<Notice> build_unit_notice(const OverdueList& list, const std::string& unit, const Units& units,
                                      const Calendar& cal, int reply_days) {
  Notice n = notice_to(unit, list, units, cal, reply_days);
  for (const OverdueItem& i : list.items) {
    if (i.lead == unit) {
      n.items.push_back(&i);
    } else if (is_co_unit(*i.task, unit, units)) {
      n.co_items.push_back(&i);
    }
  }
  if (n.items.empty() && n.co_items.empty()) {
    return {};
  }
  return {std::move(n)};
}

std::string render_notice_text(const Notice& n, const TaskViewContext& v) {
  const Lang lang = v.lang;
  std::string out = lang == Lang::zh ? "督查催办通知单\n\n" : "Reminder notice\n\n";
  out += sanitize_terminal(n.unit) + (lang == Lang::zh ? "：\n\n" : ":\n\n");
  out += intro(n, lang) + "\n\n";
  const auto items = items_of(n);
  for (size_t k = 0; k < items.size(); ++k) {
    const auto [i, co] = items[k];
    out += fmt::format("  {}. {} {}{}\n     {}\n", k + 1, i->task->id, sanitize_terminal(i->task->title),
                       co_mark(co, lang), sanitize_terminal(item_details(*i, v, co)));
  }
  out += "\n" + sanitize_terminal(closing(n, v)) + "\n";
  if (std::string c = contact_line(n, lang); !c.empty()) {
    out += sanitize_terminal(c) + "\n";
  }
  out += fmt::format("\n{}\n{}\n", sanitize_terminal(v.config.office), long_date(n.as_of, lang));
  return out;
}

std::string render_notice_markdown(const Notice& n, const TaskViewContext& v) {
  const Lang lang = v.lang;
  auto md = [](const std::string& s) {
    std::string out;
    for (char c : markdown_text(s)) {
      if (c == '#') {  // markdown_text escapes the rest of Markdown's syntax
        out += '\\';
      }
      out += c;
    }
    return out;
  };
  std::string out = lang == Lang::zh ? "# 督查催办通知单\n\n" : "# Reminder notice\n\n";
  out += "**" + md(n.unit) + (lang == Lang::zh ? "**：\n\n" : "**:\n\n");
  out += intro(n, lang) + "\n\n";
  const auto items = items_of(n);
  for (size_t k = 0; k < items.size(); ++k) {
    const auto [i, co] = items[k];
    out += fmt::format("{}. **{}** {}{}  \n   {}\n", k + 1, i->task->id, md(i->task->title), co_mark(co, lang),
                       md(item_details(*i, v, co)));
  }
  out += "\n" + md(closing(n, v)) + "\n";
  if (std::string c = contact_line(n, lang); !c.empty()) {
    out += "\n" + md(c) + "\n";
  }
  out += fmt::format("\n{}  \n{}\n", md(v.config.office), long_date(n.as_of, lang));
  return out;
}

namespace {

// FNV-1a: a stable short fingerprint of a unit name for file names.
std::string name_hash(std::string_view s) {
  std::uint32_t h = 2166136261u;
  for (char c : s) {
    h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  }
  return fmt::format("{:08x}", h);
}

bool unsafe_in_file_name(const Utf8Char& c) {
  constexpr std::string_view k_reserved = "/\\:*?\"<>|";
  return !c.valid || c.code < 0x20 || (c.code >= 0x7f && c.code < 0xa0) ||
         (c.code < 0x80 && k_reserved.find(static_cast<char>(c.code)) != std::string_view::npos) ||
         (c.code >= 0x202a && c.code <= 0x202e) || (c.code >= 0x2066 && c.code <= 0x2069) || c.code == 0x200e ||
         c.code == 0x200f || c.code == 0x061c || c.code == 0xfeff;
}

// The unit part of a notice file name: safe characters, at most
// k_notice_unit_bytes bytes; a longer one (or any when `with_hash`) is cut on
// a character boundary and ends with "~" and the hash of the whole name.
std::string safe_unit_part(std::string_view unit, bool with_hash) {
  std::string safe;
  std::vector<std::size_t> boundaries;  // where each character of `safe` starts
  if (unit.empty() || unit[0] == '.') {
    safe = "_";  // never a hidden or empty name
    boundaries.push_back(0);
  }
  for (std::size_t i = 0; i < unit.size();) {
    Utf8Char c = decode_utf8_at(unit, i);
    boundaries.push_back(safe.size());
    safe += unsafe_in_file_name(c) ? std::string("_") : std::string(unit.substr(i, static_cast<std::size_t>(c.length)));
    i += static_cast<std::size_t>(c.length);
  }
  if (!with_hash && safe.size() <= k_notice_unit_bytes) {
    return safe;
  }
  const std::size_t room = k_notice_unit_bytes - 9;  // "~" and 8 hex digits
  std::size_t end = safe.size();
  for (auto it = boundaries.rbegin(); end > room && it != boundaries.rend(); ++it) {
    end = *it;
  }
  return safe.substr(0, end) + "~" + name_hash(unit);
}

std::string ascii_lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return s;
}

}  // namespace

std::vector<std::string> notice_file_names(const std::vector<Notice>& notices, const std::string& extension) {
  auto name = [&](const Notice& n, bool with_hash) {
    return fmt::format("{}-{}.{}", n.as_of.iso(), safe_unit_part(n.unit, with_hash), extension);
  };
  std::vector<std::string> out;
  std::map<std::string, int> seen;  // lower-cased plain names: how many notices want each
  for (const Notice& n : notices) {
    ++seen[ascii_lower(name(n, false))];
  }
  std::set<std::string> taken;
  for (const Notice& n : notices) {
    std::string f = name(n, seen[ascii_lower(name(n, false))] > 1);
    // Two different names with one hash: extremely unlikely, still never one file.
    for (int k = 2; taken.count(ascii_lower(f)); ++k) {
      f = fmt::format("{}-{}-{}.{}", n.as_of.iso(), safe_unit_part(n.unit, true), k, extension);
    }
    taken.insert(ascii_lower(f));
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace duban
