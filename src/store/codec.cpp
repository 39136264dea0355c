#include "store/codec.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <regex>
#include <unordered_set>

#include "core/error.hpp"
#include "core/utf8.hpp"
#include "store/merge.hpp"
#include "store/yaml_load.hpp"
#include "store/yaml_text.hpp"

namespace duban {

namespace {

// A located failure inside one file.
[[noreturn]] void fail(const std::string& path, const YAML::Node& node, const std::string& what) {
  throw data_error(fmt::format("{}:{}: {}", path, node.Mark().line + 1, what));
}

// Far more than decades of feedback on one task: a larger file is refused
// before the parser spends minutes on it.
constexpr size_t k_max_task_bytes = size_t{32} << 20;

std::string scalar(const std::string& path, const YAML::Node& node, std::string_view key) {
  if (!node.IsScalar()) {
    fail(path, node, fmt::format("{}: expected text", key));
  }
  return node.Scalar();
}

Date date_of(const std::string& path, const YAML::Node& node, std::string_view key) {
  std::string text = scalar(path, node, key);
  auto d = parse_iso_date(text);
  if (!d) {
    fail(path, node, fmt::format("{}: expected a date YYYY-MM-DD, got '{}'", key, text));
  }
  return *d;
}

std::vector<std::string> string_list(const std::string& path, const YAML::Node& node,
                                     std::string_view key) {
  std::vector<std::string> out;
  if (node.IsNull()) {
    return out;
  }
  if (node.IsScalar()) {
    out.push_back(node.Scalar());
    return out;
  }
  if (!node.IsSequence()) {
    fail(path, node, fmt::format("{}: expected a list", key));
  }
  for (const auto& item : node) {
    out.push_back(scalar(path, item, key));
  }
  return out;
}

// The longest key that can be written back as a plain `key: value` line:
// YAML allows 1024 characters for an implicit key, quotes and escapes included.
constexpr size_t k_max_key_bytes = 1000;

// YAML forbids a key twice in one map; yaml-cpp does not check, and a badly
// resolved merge leaves exactly that. Throws naming the second occurrence, or
// a key too long to be written back.
void check_keys(const std::string& path, const YAML::Node& map, std::string_view what) {
  std::unordered_set<std::string> seen;
  for (const auto& kv : map) {
    const std::string& key = kv.first.Scalar();
    if (yaml_scalar(key).size() > k_max_key_bytes) {
      fail(path, kv.first,
           fmt::format("{}a field name is longer than {} bytes", what, k_max_key_bytes));
    }
    if (!seen.insert(key).second) {
      fail(path, kv.first, fmt::format("{}'{}' is given twice", what, key));
    }
  }
}

// The tag of `node` as written before its value: "!!str " or "". Any other
// tag is never written: load_yaml reports it (YamlLeftovers::tag_line), so a
// file holding one is not rewritten at all.
std::string tag_text(const YAML::Node& node) {
  return node.Tag() == "tag:yaml.org,2002:str" ? "!!str " : "";
}

// A scalar, null or empty collection on one line. A value that was plain in
// the file stays plain when it reads back so (`30` stays a number for other
// tools); any other is quoted when it must be (`"true"` stays text).
std::string leaf_text(const YAML::Node& node) {
  std::string tag = tag_text(node);
  if (node.IsNull()) {
    return tag + "~";
  }
  if (node.IsSequence() || node.IsMap()) {
    return tag + (node.IsSequence() ? "[]" : "{}");
  }
  const std::string& s = node.Scalar();
  const bool plain = node.Tag() == "?" && !s.empty() && plain_text_reads_back(s);
  return tag + (plain ? s : yaml_scalar(s));
}

bool is_block(const YAML::Node& node) {
  return (node.IsSequence() || node.IsMap()) && node.size() > 0;
}

// `node` as block lines indented by `indent`, each ending in a line break.
// Tags, anchors and styles aside, it reads back the same in yaml-cpp, PyYAML
// and ruamel: scalars are written by the rules of yaml_scalar, aliases expanded.
void render_block(const std::string& path, const YAML::Node& node, int indent, std::string& out) {
  const std::string pad(static_cast<size_t>(indent), ' ');
  // `head` ("- ", "key:") then the value: on the same line, or block lines below.
  auto entry = [&](const std::string& head, const YAML::Node& value, bool compact) {
    if (!is_block(value)) {
      out += pad + head + (head == "- " ? "" : " ") + leaf_text(value) + "\n";
      return;
    }
    const std::string tag = tag_text(value);
    if (compact && tag.empty()) {
      // "- - a" / "- k: v": the first line goes after the dash.
      const size_t at = out.size();
      render_block(path, value, indent + 2, out);
      out.replace(at, static_cast<size_t>(indent) + 2, pad + head);
      return;
    }
    std::string line = pad + head + (head == "- " ? "" : " ") + tag;
    while (!line.empty() && line.back() == ' ') {
      line.pop_back();
    }
    out += line + "\n";
    render_block(path, value, indent + 2, out);
  };
  if (node.IsSequence()) {
    for (const auto& item : node) {
      entry("- ", item, true);
    }
    return;
  }
  for (const auto& kv : node) {
    if (is_block(kv.first)) {
      fail(path, kv.first, "a list or map as a key cannot be written back");
    }
    const std::string key = leaf_text(kv.first);
    if (key.size() > k_max_key_bytes) {
      fail(path, kv.first, fmt::format("a field name is longer than {} bytes", k_max_key_bytes));
    }
    entry(key + ":", kv.second, false);
  }
}

std::string render_node(const std::string& path, const YAML::Node& node) {
  if (!is_block(node)) {
    return leaf_text(node);
  }
  std::string out;
  if (std::string tag = tag_text(node); !tag.empty()) {
    tag.back() = '\n';
    out = tag;
  }
  render_block(path, node, 0, out);
  out.pop_back();
  return out;
}

// The value of a field the program does not know, as YAML text.
std::string render_yaml(const std::string& path, const YAML::Node& node, std::string_view key) {
  std::string text = render_node(path, node);
  // A safety net: what cannot be read back to the same is refused rather
  // than written to a file that would read differently or no longer parse.
  bool same = false;
  try {
    same = text == render_node(path, YAML::Load(text));
  } catch (const YAML::Exception&) {
  } catch (const Error&) {
  }
  if (!same) {
    fail(path, node, fmt::format("{}: a value duban cannot write back unchanged", key));
  }
  return text;
}

bool is_scalar_list(const YAML::Node& node) {
  if (!node.IsSequence()) {
    return false;
  }
  for (const auto& item : node) {
    if (!item.IsScalar()) {
      return false;
    }
  }
  return true;
}

LogEntry parse_log_entry(const std::string& path, const YAML::Node& node) {
  if (!node.IsMap()) {
    fail(path, node, "log: expected an entry with date and type");
  }
  check_keys(path, node, "log entry: ");
  LogEntry e;
  bool has_date = false;
  for (const auto& kv : node) {
    const std::string key = kv.first.Scalar();
    const YAML::Node& v = kv.second;
    if (key == "date") {
      e.date = date_of(path, v, "log date");
      has_date = true;
    } else if (key == "type") {
      e.type = scalar(path, v, "log type");
    } else if (v.IsScalar()) {
      bool plain = v.Tag() == "?" && !v.Scalar().empty();
      e.fields.push_back(LogField{key, v.Scalar(), {}, false, plain});
    } else if (is_scalar_list(v)) {
      e.fields.push_back(LogField{key, {}, string_list(path, v, key), true, false});
    } else {
      e.extra.push_back(ExtraField{key, render_yaml(path, v, key)});
    }
  }
  if (!has_date) {
    fail(path, node, "log entry: missing date");
  }
  if (e.type.empty()) {
    fail(path, node, "log entry: missing type");
  }
  return e;
}

Milestone parse_milestone(const std::string& path, const YAML::Node& node) {
  if (!node.IsMap()) {
    fail(path, node, "milestones: expected an entry with title and due");
  }
  check_keys(path, node, "milestone: ");
  Milestone m;
  bool has_due = false;
  for (const auto& kv : node) {
    const std::string key = kv.first.Scalar();
    if (key == "title") {
      m.title = scalar(path, kv.second, "milestone title");
    } else if (key == "due") {
      m.due = date_of(path, kv.second, "milestone due");
      has_due = true;
    } else if (key == "done") {
      if (!kv.second.IsNull()) {
        m.done = date_of(path, kv.second, "milestone done");
      }
    } else {
      m.extra.push_back(ExtraField{key, render_yaml(path, kv.second, key)});
    }
  }
  if (m.title.empty() || !has_due) {
    fail(path, node, "milestones: each needs a title and a due date");
  }
  return m;
}

int small_int(const std::string& path, const YAML::Node& node, std::string_view key) {
  std::string text = scalar(path, node, key);
  if (text.empty() || text.size() > 2 ||
      text.find_first_not_of("0123456789") != std::string::npos) {
    fail(path, node, fmt::format("{}: expected a whole number 0-99, got '{}'", key, text));
  }
  return std::stoi(text);
}

bool boolean(const std::string& path, const YAML::Node& node, std::string_view key) {
  std::string text = scalar(path, node, key);
  if (text == "true") {
    return true;
  }
  if (text == "false") {
    return false;
  }
  fail(path, node, fmt::format("{}: expected true or false, got '{}'", key, text));
}

void parse_field(Task& t, const std::string& path, const std::string& key, const YAML::Node& v) {
  if (key == "id") {
    t.id = scalar(path, v, key);
  } else if (key == "uid") {
    t.uid = scalar(path, v, key);
    if (!is_valid_uid(t.uid)) {
      fail(path, v, fmt::format("uid: expected 32 hexadecimal digits, got '{}'", t.uid));
    }
    std::transform(t.uid.begin(), t.uid.end(), t.uid.begin(), [](char c) {
      return c >= 'A' && c <= 'F' ? static_cast<char>(c - 'A' + 'a') : c;
    });
  } else if (key == "title") {
    t.title = scalar(path, v, key);
  } else if (key == "content") {
    t.content = scalar(path, v, key);
  } else if (key == "kind") {
    t.kind = scalar(path, v, key);
  } else if (key == "ref") {
    t.ref = scalar(path, v, key);
  } else if (key == "leader") {
    t.leader = scalar(path, v, key);
  } else if (key == "listed") {
    t.listed = boolean(path, v, key);
  } else if (key == "lead") {
    t.lead = scalar(path, v, key);
  } else if (key == "co") {
    t.co = string_list(path, v, key);
  } else if (key == "owner") {
    t.owner = scalar(path, v, key);
  } else if (key == "created") {
    t.created = date_of(path, v, key);
  } else if (key == "due") {
    if (!v.IsNull()) {
      t.due = date_of(path, v, key);
    }
  } else if (key == "cadence") {
    t.cadence = scalar(path, v, key);
  } else if (key == "status") {
    std::string s = scalar(path, v, key);
    auto st = parse_status(s);
    if (!st) {
      fail(path, v,
           fmt::format("status: expected registered, assigned, active, done, suspended or "
                       "cancelled, got '{}'",
                       s));
    }
    t.status = *st;
  } else if (key == "escalation") {
    t.escalation = small_int(path, v, key);
  } else if (key == "tags") {
    t.tags = string_list(path, v, key);
  } else if (key == "milestones") {
    if (!v.IsNull() && !v.IsSequence()) {
      fail(path, v, "milestones: expected a list");
    }
    for (const auto& m : v) {
      t.milestones.push_back(parse_milestone(path, m));
    }
  } else if (key == "log") {
    if (!v.IsNull() && !v.IsSequence()) {
      fail(path, v, "log: expected a list");
    }
    for (const auto& e : v) {
      t.log.push_back(parse_log_entry(path, e));
    }
  } else {
    t.extra.push_back(ExtraField{key, render_yaml(path, v, key)});
  }
}

void append_list(std::string& out, int indent, std::string_view key,
                 const std::vector<std::string>& items) {
  if (items.empty()) {
    return;
  }
  out.append(static_cast<size_t>(indent), ' ');
  out += key;
  out += ":\n";
  for (const std::string& item : items) {
    out.append(static_cast<size_t>(indent + 2), ' ');
    out += "- ";
    out += yaml_scalar(item);
    out += '\n';
  }
}

// Multi-line text as a literal block (`content: |`), as a clerk reads it in
// the file; text a block would not hold exactly (controls, line separators,
// indented or blank-padded lines, several final newlines) stays double-quoted.
std::string text_block_or_scalar(std::string_view s) {
  const bool final_newline = !s.empty() && s.back() == '\n';
  std::string_view body = final_newline ? s.substr(0, s.size() - 1) : s;
  const bool fits = body.find('\n') != std::string_view::npos && !has_control_character(s, "\n") &&
                    s.find("\xc2\x85") == std::string_view::npos &&
                    s.find("\xe2\x80\xa8") == std::string_view::npos &&
                    s.find("\xe2\x80\xa9") == std::string_view::npos &&
                    s.find("\xef\xbb\xbf") == std::string_view::npos && is_valid_utf8(s) &&
                    !body.empty() && body.front() != '\n' && body.back() != '\n';
  if (!fits) {
    return yaml_scalar(s);
  }
  std::string out = final_newline ? "|" : "|-";
  size_t start = 0;
  while (start <= body.size()) {
    const size_t end = std::min(body.find('\n', start), body.size());
    const std::string_view line = body.substr(start, end - start);
    if (!line.empty() && (line.front() == ' ' || line.front() == '\t' || line.back() == ' ' ||
                          line.back() == '\t')) {
      return yaml_scalar(s);
    }
    out += line.empty() ? "\n" : "\n  " + std::string(line);
    start = end + 1;
  }
  return out;
}

void append_if(std::string& out, std::string_view key, const std::string& value) {
  if (!value.empty()) {
    append_yaml_field(out, 0, key, yaml_scalar(value));
  }
}

// Whether `yaml` (starting with a quote) is one quoted scalar, not a map
// whose first key is quoted (`"a b": ~`).
bool is_one_quoted_scalar(std::string_view yaml) {
  const char q = yaml[0];
  for (size_t i = 1; i < yaml.size(); ++i) {
    if (q == '"' && yaml[i] == '\\') {
      ++i;
    } else if (yaml[i] == q) {
      if (q == '\'' && i + 1 < yaml.size() && yaml[i + 1] == '\'') {
        ++i;
      } else {
        return i + 1 == yaml.size();
      }
    }
  }
  return false;
}

// Unknown fields keep the text yaml-cpp rendered; blocks go on the next lines.
void append_extra(std::string& out, int indent, const std::vector<ExtraField>& extra) {
  for (const ExtraField& f : extra) {
    out.append(static_cast<size_t>(indent), ' ');
    out += yaml_scalar(f.key);
    bool block =
        f.yaml.find('\n') != std::string::npos ||
        ((f.yaml[0] == '"' || f.yaml[0] == '\'') && !is_one_quoted_scalar(f.yaml)) ||
        (f.yaml.size() > 1 && (f.yaml.rfind("- ", 0) == 0 || f.yaml.rfind("? ", 0) == 0 ||
                               (f.yaml.find(": ") != std::string::npos && f.yaml[0] != '"' &&
                                f.yaml[0] != '\'' && f.yaml[0] != '{' && f.yaml[0] != '[')));
    if (!block) {
      out += ": ";
      out += f.yaml;
      out += '\n';
      continue;
    }
    out += ":\n";
    size_t start = 0;
    while (start < f.yaml.size()) {
      size_t end = f.yaml.find('\n', start);
      if (end == std::string::npos) {
        end = f.yaml.size();
      }
      out.append(static_cast<size_t>(indent + 2), ' ');
      out.append(f.yaml, start, end - start);
      out += '\n';
      start = end + 1;
    }
  }
}

// Why rewriting the file would drop part of it, or "" when nothing would be.
std::string unkept_text(const std::string& path, const std::string& id,
                        const YamlLeftovers& leftovers) {
  if (leftovers.comment_line > 0) {
    return fmt::format(
        "{}:{}: a comment, which duban would drop if it rewrote the file, so it will not; "
        "delete the comment (duban edit {}) and keep the remark as a note (duban note)",
        path, leftovers.comment_line, id);
  }
  if (leftovers.document_line > 0) {
    return fmt::format(
        "{}:{}: a second YAML document, which duban would drop if it rewrote the file, so it "
        "will not; move what it holds into the task or elsewhere (duban edit {})",
        path, leftovers.document_line, id);
  }
  if (leftovers.tag_line > 0) {
    return fmt::format(
        "{}:{}: a YAML tag ({}), which duban does not keep, so it will not rewrite the file; "
        "remove it (duban edit {})",
        path, leftovers.tag_line, leftovers.tag, id);
  }
  return "";
}

}  // namespace

bool is_valid_task_id(std::string_view id) {
  static const std::regex k_id("[12][0-9]{3}-[A-Z]{0,8}[0-9]{4,6}");
  return std::regex_match(id.begin(), id.end(), k_id);
}

Task parse_task(std::string_view text, const std::string& path) {
  if (const std::optional<ConflictMarkers> conflict = explain_conflict(text)) {
    throw data_error(fmt::format("{}:{}: {}", path, conflict->line, conflict->message));
  }
  if (text.size() > k_max_task_bytes) {
    throw data_error(fmt::format("{}:1: the file holds {} MB; a task file may hold at most {} MB",
                                 path, text.size() >> 20, k_max_task_bytes >> 20));
  }
  YamlLeftovers leftovers;
  YAML::Node root = load_yaml(text, path, &leftovers);
  if (!root.IsMap()) {
    throw data_error(fmt::format("{}:1: expected a task (a map of fields)", path));
  }
  check_keys(path, root, "");
  Task t;
  bool has_created = false;
  bool has_status = false;
  for (const auto& kv : root) {
    if (!kv.first.IsScalar()) {
      fail(path, kv.first, "expected a field name");
    }
    const std::string key = kv.first.Scalar();
    has_created |= key == "created";
    has_status |= key == "status";
    parse_field(t, path, key, kv.second);
  }
  if (t.id.empty()) {
    throw data_error(fmt::format("{}:1: missing field 'id'", path));
  }
  if (t.title.empty()) {
    throw data_error(fmt::format("{}:1: missing field 'title'", path));
  }
  if (!has_created) {
    throw data_error(fmt::format("{}:1: missing field 'created'", path));
  }
  if (!has_status) {
    throw data_error(fmt::format("{}:1: missing field 'status'", path));
  }
  t.unkept = unkept_text(path, t.id, leftovers);
  return t;
}

std::string emit_task(const Task& t) {
  if (!t.unkept.empty()) {
    throw data_error(t.unkept);
  }
  std::string out;
  out.reserve(1024);
  append_yaml_field(out, 0, "id", yaml_scalar(t.id));
  append_if(out, "uid", t.uid);
  append_yaml_field(out, 0, "title", yaml_scalar(t.title));
  if (!t.content.empty()) {
    append_yaml_field(out, 0, "content", text_block_or_scalar(t.content));
  }
  append_if(out, "kind", t.kind);
  append_if(out, "ref", t.ref);
  append_if(out, "leader", t.leader);
  append_yaml_field(out, 0, "listed", t.listed ? "true" : "false");
  append_if(out, "lead", t.lead);
  append_list(out, 0, "co", t.co);
  append_if(out, "owner", t.owner);
  append_yaml_field(out, 0, "created", t.created.iso());
  if (t.due) {
    append_yaml_field(out, 0, "due", t.due->iso());
  }
  append_if(out, "cadence", t.cadence);
  append_yaml_field(out, 0, "status", to_string(t.status));
  append_yaml_field(out, 0, "escalation", std::to_string(t.escalation));
  append_list(out, 0, "tags", t.tags);
  if (!t.milestones.empty()) {
    out += "milestones:\n";
    for (const Milestone& m : t.milestones) {
      out += "  - title: " + yaml_scalar(m.title) + "\n";
      append_yaml_field(out, 4, "due", m.due.iso());
      if (m.done) {
        append_yaml_field(out, 4, "done", m.done->iso());
      }
      append_extra(out, 4, m.extra);
    }
  }
  if (!t.log.empty()) {
    out += "log:\n";
    for (const LogEntry& e : t.log) {
      out += "  - date: " + e.date.iso() + "\n";
      append_yaml_field(out, 4, "type", yaml_scalar(e.type));
      for (const LogField& f : e.fields) {
        if (f.is_list) {
          append_list(out, 4, yaml_scalar(f.key), f.items);
        } else {
          // A plain value is written as it was read (`percent: 30` stays a
          // number), unless it no longer reads back plain on one line (a
          // newline or control character, a leading '-', ': ' inside).
          const bool raw = f.plain && plain_text_reads_back(f.value);
          append_yaml_field(out, 4, yaml_scalar(f.key), raw ? f.value : yaml_scalar(f.value));
        }
      }
      append_extra(out, 4, e.extra);
    }
  }
  append_extra(out, 0, t.extra);
  return out;
}

}  // namespace duban
