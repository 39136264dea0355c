#include "io/notice.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>

#include "io/text.hpp"

namespace duban {

// What is wrong with one item as of `as_of`, in a sentence fragment.
std::string notice_item_state(const OverdueItem& i, Date as_of, const TaskViewContext& v) {
  const Lang lang = v.lang;
  std::vector<std::string> parts;
  const Lateness& l = i.lateness;
  // A milestone's deadline, when it is the one that counts, is named first.
  const std::string what =
      l.milestone.empty() ? "" : format_label("notice.milestone", lang, l.milestone);
  if (l.light == Light::red) {
    parts.push_back(format_label("notice.overdue", lang, what, l.days_overdue, l.workdays_overdue));
  } else if (l.light == Light::yellow && l.deadline) {
    if (*l.deadline == as_of) {
      parts.push_back(format_label("notice.due_today", lang, what));
    } else {
      parts.push_back(format_label("notice.due_on", lang, what, l.deadline->iso()));
    }
  }
  if (i.feedback_late) {
    parts.emplace_back(label("notice.feedback_missing", lang));
  }
  return join(parts, label("notice.state_separator", lang));
}

namespace {

// The second line of an item; a co-operated item names its lead unit first.
std::string item_details(const OverdueItem& i, Date as_of, const TaskViewContext& v, bool co) {
  const Lang lang = v.lang;
  const Task& t = *i.task;
  const std::string lead = !co ? "" : format_label("notice.lead", lang, i.lead);
  // The deadline and level in force on the as-of day, as the overdue list has them.
  std::string due = i.due ? i.due->iso() : "—";
  std::string none(label("word.none", lang));
  std::string last = i.last_progress ? i.last_progress->iso() : none;
  std::string level = i.escalation == 0 ? none
                                        : fmt::format("{} {}", i.escalation,
                                                      v.config.escalation_name(i.escalation));
  return format_label("notice.details", lang, lead, kind_label(t.kind, v), due,
                      notice_item_state(i, as_of, v), level, last);
}

}  // namespace

// The liaison and the phone, each only when units.yaml has it.
std::string notice_contact(const Notice& n, Lang lang) {
  if (!n.info) {
    return "";
  }
  std::vector<std::string> parts;
  if (!n.info->liaison.empty()) {
    parts.push_back(format_label("notice.liaison", lang, n.info->liaison));
  }
  if (!n.info->phone.empty()) {
    parts.push_back(format_label("notice.phone", lang, n.info->phone));
  }
  return join(parts, label("notice.contact_separator", lang));
}

std::string notice_intro(const Notice& n, Lang lang) {
  const bool co = !n.co_items.empty();
  const char* role = !co               ? "notice.leads"
                     : n.items.empty() ? "notice.co_operates"
                                       : "notice.leads_or_co_operates";
  return format_label("notice.intro", lang, long_date(n.list->as_of, lang), label(role, lang),
                      co ? label("notice.co_hint", lang) : "");
}

std::vector<std::pair<const OverdueItem*, bool>> notice_items(const Notice& n) {
  std::vector<std::pair<const OverdueItem*, bool>> out;
  for (const OverdueItem* i : n.items) {
    out.emplace_back(i, false);
  }
  for (const OverdueItem* i : n.co_items) {
    out.emplace_back(i, true);
  }
  return out;
}

std::string notice_co_mark(bool co, Lang lang) {
  return !co ? "" : std::string(label("notice.co_mark", lang));
}

std::string notice_closing(const Notice& n, const TaskViewContext& v) {
  return format_label("notice.closing", v.lang, long_date(n.reply_by, v.lang), v.config.office);
}

namespace {

Notice notice_to(const std::string& unit, const OverdueList& list, const Units& units,
                 const Calendar& cal, int reply_days) {
  Notice n;
  n.list = &list;
  n.unit = unit;
  n.info = units.find(unit);
  n.reply_by = reply_by(list.as_of, cal, reply_days);
  return n;
}

}  // namespace

bool is_co_unit(const Task& t, const std::string& unit, const Units& units) {
  return std::any_of(t.co.begin(), t.co.end(),
                     [&](const std::string& c) { return units.canonical(c).value_or(c) == unit; });
}

std::vector<Notice> build_notices(const OverdueList& list, const Units& units, const Calendar& cal,
                                  int reply_days) {
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

std::vector<Notice> build_unit_notice(const OverdueList& list, const std::string& unit,
                                      const Units& units, const Calendar& cal, int reply_days) {
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
  std::string out = std::string(label("notice.title", lang)) + "\n\n";
  out += sanitize_terminal(n.unit) + std::string(label("punct.colon", lang)) + "\n\n";
  out += notice_intro(n, lang) + "\n\n";
  const auto items = notice_items(n);
  for (size_t k = 0; k < items.size(); ++k) {
    const auto [i, co] = items[k];
    out += fmt::format("  {}. {} {}{}\n     {}\n", k + 1, i->task->id,
                       sanitize_terminal(i->task->title), notice_co_mark(co, lang),
                       sanitize_terminal(item_details(*i, n.list->as_of, v, co)));
  }
  out += "\n" + sanitize_terminal(notice_closing(n, v)) + "\n";
  if (std::string c = notice_contact(n, lang); !c.empty()) {
    out += sanitize_terminal(c) + "\n";
  }
  out +=
      fmt::format("\n{}\n{}\n", sanitize_terminal(v.config.office), long_date(n.list->as_of, lang));
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
  std::string out = "# " + std::string(label("notice.title", lang)) + "\n\n";
  out += "**" + md(n.unit) + "**" + std::string(label("punct.colon", lang)) + "\n\n";
  out += notice_intro(n, lang) + "\n\n";
  const auto items = notice_items(n);
  for (size_t k = 0; k < items.size(); ++k) {
    const auto [i, co] = items[k];
    out += fmt::format("{}. **{}** {}{}  \n   {}\n", k + 1, i->task->id, md(i->task->title),
                       notice_co_mark(co, lang), md(item_details(*i, n.list->as_of, v, co)));
  }
  out += "\n" + md(notice_closing(n, v)) + "\n";
  if (std::string c = notice_contact(n, lang); !c.empty()) {
    out += "\n" + md(c) + "\n";
  }
  out += fmt::format("\n{}  \n{}\n", md(v.config.office), long_date(n.list->as_of, lang));
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
         (c.code >= 0x202a && c.code <= 0x202e) || (c.code >= 0x2066 && c.code <= 0x2069) ||
         c.code == 0x200e || c.code == 0x200f || c.code == 0x061c || c.code == 0xfeff;
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
    safe += unsafe_in_file_name(c)
                ? std::string("_")
                : std::string(unit.substr(i, static_cast<std::size_t>(c.length)));
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

std::vector<std::string> notice_file_names(const std::vector<Notice>& notices,
                                           const std::string& extension) {
  auto name = [&](const Notice& n, bool with_hash) {
    return fmt::format("{}-{}.{}", n.list->as_of.iso(), safe_unit_part(n.unit, with_hash),
                       extension);
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
      f = fmt::format("{}-{}-{}.{}", n.list->as_of.iso(), safe_unit_part(n.unit, true), k,
                      extension);
    }
    taken.insert(ascii_lower(f));
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace duban
