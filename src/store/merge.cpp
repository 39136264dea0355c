#include "store/merge.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "store/codec.hpp"
#include "store/yaml_text.hpp"

namespace duban {

namespace {

constexpr std::string_view k_ours = "<<<<<<< ours";
constexpr std::string_view k_mid = "=======";
constexpr std::string_view k_theirs = ">>>>>>> theirs";

std::string date_text(const std::optional<Date>& d) {
  return d ? d->iso() : "";
}

// One scalar, three ways: a side that changed wins; both changed differently conflicts.
template <typename T, typename Show>
void merge_field(const char* name, const T* base, const T& ours, const T& theirs, T& out, Show show,
                 std::vector<FieldConflict>& conflicts) {
  if (ours == theirs) {
    out = ours;
  } else if (base && *base == ours) {
    out = theirs;
  } else if (base && *base == theirs) {
    out = ours;
  } else {
    out = ours;
    conflicts.push_back(FieldConflict{name, show(ours), show(theirs)});
  }
}

// Sets: what either side added stays, what either side removed goes.
std::vector<std::string> merge_set(const std::vector<std::string>* base,
                                   const std::vector<std::string>& ours,
                                   const std::vector<std::string>& theirs) {
  auto has = [](const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
  };
  std::vector<std::string> out;
  for (const std::string& s : ours) {
    bool removed_by_theirs = base && has(*base, s) && !has(theirs, s);
    if (!removed_by_theirs && !has(out, s)) {
      out.push_back(s);
    }
  }
  for (const std::string& s : theirs) {
    bool removed_by_ours = base && has(*base, s) && !has(ours, s);
    if (!removed_by_ours && !has(out, s)) {
      out.push_back(s);
    }
  }
  return out;
}

// The text of one log entry, to tell the same entry on both sides.
std::string entry_key(const LogEntry& e) {
  Task probe;
  probe.log.push_back(e);
  return emit_task(probe);
}

std::vector<LogEntry> merge_log(const Task* base, const Task& ours, const Task& theirs) {
  std::vector<LogEntry> out;
  std::map<std::string, int> seen;
  auto add_all = [&](const std::vector<LogEntry>& log) {
    std::map<std::string, int> here;
    for (const LogEntry& e : log) {
      std::string key = entry_key(e);
      // An entry counted n times on this side is kept n times, not more.
      if (++here[key] > seen[key]) {
        ++seen[key];
        out.push_back(e);
      }
    }
  };
  if (base) {
    add_all(base->log);
  }
  add_all(ours.log);
  add_all(theirs.log);
  std::stable_sort(out.begin(), out.end(),
                   [](const LogEntry& a, const LogEntry& b) { return a.date < b.date; });
  return out;
}

// The `milestones:` block of the file for `ms`, without the key line.
std::string milestones_text(const std::vector<Milestone>& ms) {
  Task probe;
  probe.milestones = ms;
  std::string text = emit_task(probe);
  size_t at = text.find("milestones:\n");
  if (at == std::string::npos) {
    return "[]";
  }
  std::string body = text.substr(at + 12);
  body = body.substr(
      0, body.find("\nlog:") == std::string::npos ? body.size() : body.find("\nlog:") + 1);
  // Lines are indented by two under the key; field_block indents them again.
  std::string out;
  size_t start = 0;
  while (start < body.size()) {
    size_t end = body.find('\n', start);
    if (end == std::string::npos) {
      end = body.size();
    }
    std::string line = body.substr(start, end - start);
    if (line.rfind("  ", 0) != 0) {
      break;
    }
    out += line.substr(2) + "\n";
    start = end + 1;
  }
  if (!out.empty()) {
    out.pop_back();
  }
  return out;
}

std::vector<Milestone> merge_milestones(const Task* base, const Task& ours, const Task& theirs,
                                        std::vector<FieldConflict>& conflicts) {
  auto find = [](const std::vector<Milestone>& v, const std::string& title) -> const Milestone* {
    for (const Milestone& m : v) {
      if (m.title == title) {
        return &m;
      }
    }
    return nullptr;
  };
  const std::vector<Milestone> none;
  const std::vector<Milestone>& base_ms = base ? base->milestones : none;
  std::vector<Milestone> out;
  std::vector<Milestone> theirs_choice;
  bool conflict = false;
  for (const Milestone& o : ours.milestones) {
    const Milestone* t = find(theirs.milestones, o.title);
    const Milestone* b = find(base_ms, o.title);
    if (!t) {
      if (!b) {
        out.push_back(o);  // added by ours
        theirs_choice.push_back(o);
      }
      continue;  // removed by theirs
    }
    Milestone m = o;
    Milestone alt = o;
    if (o.due != t->due) {
      if (b && b->due == o.due) {
        m.due = t->due;
        alt.due = t->due;
      } else if (!(b && b->due == t->due)) {
        conflict = true;
        alt.due = t->due;
      }
    }
    if (!m.done || (t->done && *t->done < *m.done)) {
      m.done = t->done;  // reached on either side: reached, on the earlier day
      alt.done = t->done;
    }
    out.push_back(m);
    theirs_choice.push_back(alt);
  }
  for (const Milestone& t : theirs.milestones) {
    if (!find(ours.milestones, t.title) && !find(base_ms, t.title)) {
      out.push_back(t);  // added by theirs
      theirs_choice.push_back(t);
    }
  }
  if (conflict) {
    conflicts.push_back(
        FieldConflict{"milestones", milestones_text(out), milestones_text(theirs_choice)});
  }
  return out;
}

std::vector<ExtraField> merge_extra(const Task* base, const Task& ours, const Task& theirs,
                                    std::vector<FieldConflict>& conflicts) {
  auto get = [](const std::vector<ExtraField>& v, const std::string& key) -> const std::string* {
    for (const ExtraField& f : v) {
      if (f.key == key) {
        return &f.yaml;
      }
    }
    return nullptr;
  };
  std::vector<ExtraField> out;
  std::vector<std::string> keys;
  for (const auto* side : {&ours.extra, &theirs.extra}) {
    for (const ExtraField& f : *side) {
      if (std::find(keys.begin(), keys.end(), f.key) == keys.end()) {
        keys.push_back(f.key);
      }
    }
  }
  for (const std::string& key : keys) {
    const std::string* b = base ? get(base->extra, key) : nullptr;
    const std::string* o = get(ours.extra, key);
    const std::string* t = get(theirs.extra, key);
    if (o && t && *o != *t && !(b && (*b == *o || *b == *t))) {
      conflicts.push_back(FieldConflict{key, *o, *t});
    }
    const std::string* pick = !o                ? (b ? nullptr : t)
                              : !t              ? (b ? nullptr : o)
                              : (b && *b == *o) ? t
                                                : o;
    if (pick) {
      out.push_back(ExtraField{key, *pick});
    }
  }
  return out;
}

// Before uids: two tasks with one id were told apart by title and creation date.
bool same_task(const Task& a, const Task& b) {
  return a.title == b.title && a.created == b.created;
}

bool same_identity(const Task& a, const Task& b) {
  return identity_of(a) == identity_of(b);
}

// `key: value`, or `key:` and the value's lines indented, as the file writes it.
std::string field_block(const std::string& key, const std::string& value) {
  if (value.find('\n') == std::string::npos && value.rfind("- ", 0) != 0 &&
      value.rfind("title: ", 0) != 0) {
    return key + ": " + value + "\n";
  }
  std::string out = key + ":\n";
  size_t start = 0;
  while (start < value.size()) {
    size_t end = value.find('\n', start);
    if (end == std::string::npos) {
      end = value.size();
    }
    out += "  " + value.substr(start, end - start) + "\n";
    start = end + 1;
  }
  return out;
}

// Replace the block of `key` (its line at column 0 and the indented lines
// under it) with a conflict block holding both sides.
std::string mark_field(const std::string& text, const FieldConflict& c) {
  const std::string block = fmt::format("{}\n{}{}\n{}{}\n", k_ours, field_block(c.field, c.ours),
                                        k_mid, field_block(c.field, c.theirs), k_theirs);
  const std::string prefix = c.field + ":";
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) {
      end = text.size();
    }
    if (text.compare(pos, prefix.size(), prefix) == 0) {
      size_t stop = end + 1;
      while (stop < text.size() && text[stop] == ' ') {
        stop = text.find('\n', stop);
        stop = stop == std::string::npos ? text.size() : stop + 1;
      }
      return text.substr(0, pos) + block + text.substr(std::min(stop, text.size()));
    }
    pos = end + 1;
  }
  return text + block;
}

}  // namespace

bool different_tasks(const Task* base, const Task& ours, const Task& theirs) {
  if (!ours.uid.empty() || !theirs.uid.empty()) {
    return !same_identity(ours, theirs);
  }
  const bool has_base = base && same_identity(*base, ours);
  return !has_base && !same_task(ours, theirs);
}

MergeResult merge_tasks(const std::optional<Task>& base, const Task& ours, const Task& theirs) {
  MergeResult r;
  const Task* b = base ? &*base : nullptr;
  if (different_tasks(b, ours, theirs)) {
    r.task = ours;
    r.different_tasks = true;
    return r;
  }
  if (b && !same_identity(*b, ours)) {
    b = nullptr;  // the file once held another task: none of its log belongs here
  }
  Task& m = r.task;
  m = ours;
  if (m.uid.empty()) {
    m.uid = theirs.uid;
  }
  if (m.unkept.empty()) {
    m.unkept = theirs.unkept;  // their comments would be dropped as well: emit_task refuses
  }
  auto show_text = [](const std::string& s) { return yaml_scalar(s); };
  auto show_bool = [](bool v) { return std::string(v ? "true" : "false"); };
  auto show_int = [](int v) { return std::to_string(v); };
  auto show_date = [](Date d) { return d.iso(); };
  auto show_opt = [](const std::optional<Date>& d) { return date_text(d); };
  auto show_status = [](Status s) { return std::string(to_string(s)); };
  merge_field("title", b ? &b->title : nullptr, ours.title, theirs.title, m.title, show_text,
              r.conflicts);
  merge_field("content", b ? &b->content : nullptr, ours.content, theirs.content, m.content,
              show_text, r.conflicts);
  merge_field("kind", b ? &b->kind : nullptr, ours.kind, theirs.kind, m.kind, show_text,
              r.conflicts);
  merge_field("ref", b ? &b->ref : nullptr, ours.ref, theirs.ref, m.ref, show_text, r.conflicts);
  merge_field("leader", b ? &b->leader : nullptr, ours.leader, theirs.leader, m.leader, show_text,
              r.conflicts);
  merge_field("listed", b ? &b->listed : nullptr, ours.listed, theirs.listed, m.listed, show_bool,
              r.conflicts);
  merge_field("lead", b ? &b->lead : nullptr, ours.lead, theirs.lead, m.lead, show_text,
              r.conflicts);
  merge_field("owner", b ? &b->owner : nullptr, ours.owner, theirs.owner, m.owner, show_text,
              r.conflicts);
  merge_field("created", b ? &b->created : nullptr, ours.created, theirs.created, m.created,
              show_date, r.conflicts);
  merge_field("due", b ? &b->due : nullptr, ours.due, theirs.due, m.due, show_opt, r.conflicts);
  merge_field("cadence", b ? &b->cadence : nullptr, ours.cadence, theirs.cadence, m.cadence,
              show_text, r.conflicts);
  merge_field("status", b ? &b->status : nullptr, ours.status, theirs.status, m.status, show_status,
              r.conflicts);
  merge_field("escalation", b ? &b->escalation : nullptr, ours.escalation, theirs.escalation,
              m.escalation, show_int, r.conflicts);
  m.co = merge_set(b ? &b->co : nullptr, ours.co, theirs.co);
  m.tags = merge_set(b ? &b->tags : nullptr, ours.tags, theirs.tags);
  m.milestones = merge_milestones(b, ours, theirs, r.conflicts);
  m.log = merge_log(b, ours, theirs);
  m.extra = merge_extra(b, ours, theirs, r.conflicts);
  return r;
}

std::string emit_merge(const MergeResult& r, const Task& theirs) {
  if (r.different_tasks) {
    return fmt::format("{}\n{}{}\n{}{}\n", k_ours, emit_task(r.task), k_mid, emit_task(theirs),
                       k_theirs);
  }
  std::string text = emit_task(r.task);
  for (const FieldConflict& c : r.conflicts) {
    text = mark_field(text, c);
  }
  return text;
}

std::optional<std::pair<std::string, std::string>> split_collision(std::string_view text) {
  const std::string head = std::string(k_ours) + "\n";
  if (text.substr(0, head.size()) != head) {
    return std::nullopt;
  }
  size_t mid = text.find("\n" + std::string(k_mid) + "\n");
  size_t end = text.rfind(std::string(k_theirs));
  if (mid == std::string_view::npos || end == std::string_view::npos || end < mid) {
    return std::nullopt;
  }
  std::string ours(text.substr(head.size(), mid + 1 - head.size()));
  std::string theirs(text.substr(mid + k_mid.size() + 2, end - (mid + k_mid.size() + 2)));
  if (ours.rfind("id:", 0) != 0 || theirs.rfind("id:", 0) != 0) {
    return std::nullopt;
  }
  return std::make_pair(ours, theirs);
}

namespace {

// The message for the conflict markers of `text`, the first of them at offset `at`.
std::string describe_conflict(std::string_view text, size_t at) {
  if (auto both = split_collision(text)) {
    auto title = [](const std::string& t) {
      size_t p = t.find("\ntitle: ");
      return p == std::string::npos ? std::string("?")
                                    : t.substr(p + 8, t.find('\n', p + 1) - p - 8);
    };
    std::string id = both->first.substr(4, both->first.find('\n') - 4);
    return fmt::format(
        "two different tasks got the id {} in a merge (ours: {}; theirs: {}); run 'duban renumber "
        "{}' "
        "to give the one never pushed a new id",
        id, title(both->first), title(both->second), id);
  }
  size_t ours_start = at + k_ours.size() + 1;
  size_t mid = text.find("\n" + std::string(k_mid) + "\n", ours_start);
  size_t end =
      mid == std::string_view::npos ? mid : text.find("\n" + std::string(k_theirs), mid + 1);
  if (mid == std::string_view::npos || end == std::string_view::npos) {
    return "unresolved merge conflict markers";
  }
  std::string_view ours = text.substr(ours_start, mid - ours_start);
  std::string_view theirs = text.substr(mid + k_mid.size() + 2, end - (mid + k_mid.size() + 2));
  std::string_view field = ours.substr(0, ours.find(':'));
  auto value = [](std::string_view l) {
    size_t c = l.find(": ");
    return c == std::string_view::npos ? std::string(l) : std::string(l.substr(c + 2));
  };
  return fmt::format(
      "merge conflict in '{}': ours {}, theirs {}; keep one (duban edit), then git add", field,
      value(ours), value(theirs));
}

}  // namespace

std::optional<ConflictMarkers> explain_conflict(std::string_view text) {
  size_t at = text.rfind(std::string(k_ours), 0) == 0 ? 0 : text.find("\n" + std::string(k_ours));
  if (at == std::string_view::npos) {
    return std::nullopt;
  }
  if (at > 0) {
    ++at;
  }
  const int line =
      1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
  return ConflictMarkers{line, describe_conflict(text, at)};
}

}  // namespace duban
