#include "store/yaml_load.hpp"

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdint>
#include <sstream>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/error.hpp"

namespace duban {

namespace {

// Deeper flow collections ([ and {) than any file of duban needs: yaml-cpp
// recurses once per level, so 10,000 '[' must be refused before it parses.
constexpr int k_max_flow_depth = 64;

// Values that aliases may stand for in one file, in all: far more than any
// hand-written file uses, far fewer than a few nested anchors ("billion
// laughs") expand to.
constexpr uint64_t k_max_alias_values = 100000;
// Empty documents read after the first before the file counts as holding a
// second one (yaml-cpp may report empty ones without reading on).
constexpr int k_max_empty_documents = 16;

// What a cheap pass over the text finds (lines 1-based, 0 when absent). Not a
// parser (yaml-cpp is the judge of the syntax), but it tells quoted, plain and
// block scalars from comments and nesting: it must never count brackets or
// take a '#' inside a scalar, or a file duban wrote would be refused.
struct TextScan {
  int too_deep_line = 0;  // where a flow collection opens past k_max_flow_depth
  int comment_line = 0;
  int marker_line = 0;    // a `---` or `...` line after some content
  int document_line = 0;  // a `---` line after some content or after another `---`
  int tag_line = 0;       // an explicit tag other than !!str
  std::string tag;
};

// The one tag a file of duban may hold: a value that would read as a number
// or a word is a string (yaml-cpp and PyYAML agree on it).
constexpr std::string_view k_kept_tag = "!!str";
// How much of a tag a message quotes.
constexpr size_t k_max_tag_shown = 60;

class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  TextScan run() {
    if (text_.substr(0, 3) == "\xef\xbb\xbf") {
      i_ = 3;
      line_start_ = 3;
    }
    for (; i_ < text_.size() && out_.too_deep_line == 0; ++i_) {
      step(text_[i_]);
    }
    return out_;
  }

 private:
  bool token_ends(size_t j) const {
    return j >= text_.size() || text_[j] == ' ' || text_[j] == '\t' || text_[j] == '\r' ||
           text_[j] == '\n';
  }
  int column() const { return static_cast<int>(i_ - line_start_); }
  bool node_start() const {
    return prev_ == '\n' || prev_ == ':' || prev_ == '-' || prev_ == '?' || prev_ == ',' ||
           prev_ == '[' || prev_ == '{';
  }
  void skip_to_line_end() {
    while (i_ + 1 < text_.size() && text_[i_ + 1] != '\n') {
      ++i_;
    }
  }
  void new_line() {
    ++line_;
    prev_ = '\n';
    plain_ = false;
    key_col_ = -1;
    line_start_ = i_ + 1;
  }

  void step(char c) {
    if (c == '\n') {
      new_line();
    } else if (c == ' ' || c == '\t' || c == '\r') {
    } else if (c == '#' && (i_ == line_start_ || text_[i_ - 1] == ' ' || text_[i_ - 1] == '\t')) {
      if (out_.comment_line == 0) {
        out_.comment_line = line_;
      }
      skip_to_line_end();
    } else if (i_ == line_start_ && (c == '-' || c == '.') &&
               text_.substr(i_, 3) == std::string(3, c) && token_ends(i_ + 3)) {
      if (content_ && out_.marker_line == 0) {
        out_.marker_line = line_;
      }
      // Whatever follows it, even nothing or a null, is a second document.
      if (c == '-' && (content_ || starts_ > 0) && out_.document_line == 0) {
        out_.document_line = line_;
      }
      starts_ += c == '-' ? 1 : 0;
      i_ += 2;
      depth_ = 0;
      prev_ = '-';  // the document's node may follow on this line
      dash_col_ = -1;
    } else if (i_ == line_start_ && c == '%' && !content_) {
      skip_to_line_end();  // a directive
    } else {
      content_ = true;
      step_content(c);
    }
  }

  void step_content(char c) {
    if (plain_) {
      if (c == ':' && token_ends(i_ + 1)) {
        plain_ = false;  // that was a key; its value follows
        prev_ = ':';
        colon_col_ = column();
      }
    } else if ((c == '"' || c == '\'') && node_start()) {
      key_col_ = depth_ == 0 ? column() : key_col_;
      skip_quoted(c);
      prev_ = c;
    } else if ((c == '&' || c == '!') && node_start()) {
      // An anchor or a tag: the node it names follows.
      const size_t from = i_;
      while (!token_ends(i_ + 1) &&
             std::string_view(",[]{}").find(text_[i_ + 1]) == std::string_view::npos) {
        ++i_;
      }
      const std::string_view token = text_.substr(from, i_ + 1 - from);
      if (c == '!' && token != k_kept_tag && out_.tag_line == 0) {
        out_.tag_line = line_;
        out_.tag = std::string(token.substr(0, k_max_tag_shown));
      }
    } else if ((c == '[' || c == '{') && node_start()) {
      if (++depth_ > k_max_flow_depth) {
        out_.too_deep_line = line_;
      }
      prev_ = c;
    } else if ((c == ']' || c == '}') && depth_ > 0) {
      --depth_;
      prev_ = c;
    } else if ((c == '|' || c == '>') && depth_ == 0 && node_start()) {
      skip_block_scalar();
    } else if (depth_ == 0 && node_start() &&
               !((c == '-' || c == '?' || c == ':') && token_ends(i_ + 1))) {
      plain_ = true;  // a plain scalar (or key) begins: brackets in it open nothing
      key_col_ = column();
    } else {
      if (c == '-' && token_ends(i_ + 1)) {
        dash_col_ = column();
      } else if (c == ':' && token_ends(i_ + 1)) {
        colon_col_ = column();
      }
      // Inside a plain scalar of a flow collection ("[a{b]" is not nesting).
      prev_ = c == '[' || c == '{' ? 'x' : c;
    }
  }

  void skip_quoted(char q) {
    for (++i_; i_ < text_.size(); ++i_) {
      if (text_[i_] == '\n') {
        new_line();
      } else if (q == '"' && text_[i_] == '\\') {
        if (i_ + 1 < text_.size() && text_[i_ + 1] == '\n') {
          ++i_;
          new_line();
        } else {
          ++i_;
        }
      } else if (text_[i_] == q) {
        if (q == '\'' && i_ + 1 < text_.size() && text_[i_ + 1] == '\'') {
          ++i_;
        } else {
          return;
        }
      }
    }
  }

  // A literal (|) or folded (>) scalar: its header, then every line that is
  // blank or indented deeper than the node holding it. Stops on the line
  // break before the first line that is neither.
  void skip_block_scalar() {
    int parent = -1;
    if (prev_ == ':') {
      parent = key_col_ >= 0 ? key_col_ : colon_col_;
    } else if (prev_ == '-') {
      parent = dash_col_;
    }
    for (; i_ + 1 < text_.size() && text_[i_ + 1] != '\n'; ++i_) {
      if (text_[i_ + 1] == '#' && (text_[i_] == ' ' || text_[i_] == '\t')) {
        ++i_;
        step('#');  // a comment after the header
        break;
      }
    }
    int indent = -1;     // of the content, from its first non-blank line
    size_t at = i_ + 1;  // the line break before the next line
    while (at < text_.size()) {
      size_t k = at + 1;
      while (k < text_.size() && text_[k] == ' ') {
        ++k;
      }
      const int n = static_cast<int>(k - at - 1);
      size_t first = k;
      while (first < text_.size() &&
             (text_[first] == ' ' || text_[first] == '\t' || text_[first] == '\r')) {
        ++first;
      }
      const bool blank = first >= text_.size() || text_[first] == '\n';
      if (!blank) {
        if (indent < 0 && n > parent) {
          indent = n;
        }
        if (indent < 0 || n < indent) {
          break;
        }
      }
      ++line_;
      at = text_.find('\n', k);
      if (at == std::string_view::npos) {
        at = text_.size();
      }
    }
    // The main loop goes on at the line break before the line that ended it.
    i_ = at - 1;
    prev_ = 'x';
  }

  std::string_view text_;
  TextScan out_;
  size_t i_ = 0;
  size_t line_start_ = 0;
  int line_ = 1;
  int depth_ = 0;
  char prev_ = '\n';      // the last character that was not a space on this line
  bool plain_ = false;    // in a plain scalar of block context: until ": " or the line's end
  bool content_ = false;  // anything but comments and directives seen
  int starts_ = 0;        // `---` lines seen
  int key_col_ = -1;      // where the last scalar of block context on this line began
  int dash_col_ = -1;     // the last `- ` entry indicator
  int colon_col_ = -1;    // the last `: ` value indicator
};

[[noreturn]] void refuse(const std::string& path, int line, const std::string& what) {
  throw data_error(fmt::format("{}:{}: not valid YAML: {}", path, line, what));
}

// `parse()`, with yaml-cpp's exceptions turned into the data Error
// "path:line: not valid YAML: …" where they arise.
template <class Parse>
auto parse_or_refuse(const std::string& path, Parse parse) {
  try {
    return parse();
  } catch (const YAML::Exception& e) {
    const bool deep = dynamic_cast<const YAML::DeepRecursion*>(&e) != nullptr;
    refuse(path, e.mark.line + 1, deep ? "nested too deeply" : e.msg);
  }
}

// Walks the parser's events without building nodes: refuses an alias inside
// the node its anchor names (yaml-cpp would build a cyclic tree that every
// walk over it follows forever) and aliases that stand for more than
// k_max_alias_values values in all; notes a second document that holds anything.
class AliasGuard final : public YAML::EventHandler {
 public:
  explicit AliasGuard(const std::string& path) : path_(path) {}

  int document_line = 0;

  void OnDocumentStart(const YAML::Mark& mark) override {
    ++documents_;
    start_line_ = mark.line + 1;
    sizes_.clear();
    names_.clear();
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t anchor) override { leaf(anchor, false); }
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t anchor,
                const std::string&) override {
    leaf(anchor, true);
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    if (open_anchors_.count(anchor) != 0) {
      refuse(path_, mark.line + 1,
             fmt::format("the alias *{} stands inside the node that &{} names (a cycle)",
                         names_[anchor], names_[anchor]));
    }
    const auto it = sizes_.find(anchor);
    const uint64_t n = it == sizes_.end() ? 1 : it->second;
    expanded_ = std::min(expanded_ + n, k_max_alias_values + 1);
    if (expanded_ > k_max_alias_values) {
      refuse(path_, mark.line + 1,
             fmt::format("aliases stand for more than {} values (an alias bomb?)",
                         k_max_alias_values));
    }
    add(n, true);
  }
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(anchor);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(anchor);
  }
  void OnMapEnd() override { close(); }
  void OnAnchor(const YAML::Mark&, const std::string& name) override { pending_name_ = name; }

 private:
  struct Open {
    YAML::anchor_t anchor;
    uint64_t values;
  };

  void name(YAML::anchor_t anchor) {
    if (anchor != YAML::NullAnchor) {
      names_[anchor] = pending_name_;
    }
  }
  void add(uint64_t n, bool content) {
    if (!open_.empty()) {
      open_.back().values = std::min(open_.back().values + n, k_max_alias_values + 1);
    }
    if (content && documents_ > 1 && document_line == 0) {
      document_line = start_line_;
    }
  }
  void leaf(YAML::anchor_t anchor, bool content) {
    name(anchor);
    if (anchor != YAML::NullAnchor) {
      sizes_[anchor] = 1;
    }
    add(1, content);
  }
  void open(YAML::anchor_t anchor) {
    name(anchor);
    open_.push_back(Open{anchor, 1});
    if (anchor != YAML::NullAnchor) {
      open_anchors_.insert(anchor);
    }
    add(0, true);
  }
  void close() {
    const Open o = open_.back();
    open_.pop_back();
    if (o.anchor != YAML::NullAnchor) {
      open_anchors_.erase(o.anchor);
      sizes_[o.anchor] = o.values;
    }
    add(o.values, true);
  }

  const std::string& path_;
  int documents_ = 0;
  int start_line_ = 0;
  uint64_t expanded_ = 0;
  std::vector<Open> open_;
  std::unordered_set<YAML::anchor_t> open_anchors_;
  std::unordered_map<YAML::anchor_t, uint64_t> sizes_;
  std::unordered_map<YAML::anchor_t, std::string> names_;
  std::string pending_name_;
};

// The events of every document of `text` through the guard; the line of a
// second document with something in it, else 0. `marker_line` is where the
// text scan saw a document marker after content.
int guard_aliases(std::string_view text, const std::string& path, int marker_line) {
  std::istringstream in{std::string(text)};
  YAML::Parser parser(in);
  AliasGuard guard(path);
  if (!parse_or_refuse(path, [&] { return parser.HandleNextDocument(guard); })) {
    return 0;
  }
  // Whatever follows is dropped by YAML::Load; it is only to be reported
  // (even when it does not parse), and its aliases guarded all the same.
  try {
    // yaml-cpp can report an empty document forever without reading on
    // (",\n..." did): a few empty ones are all a real file has.
    for (int empty = 0; guard.document_line == 0 && parser.HandleNextDocument(guard); ++empty) {
      if (empty == k_max_empty_documents) {
        return marker_line > 0 ? marker_line : 1;
      }
    }
  } catch (const YAML::Exception& e) {
    return guard.document_line > 0 ? guard.document_line : e.mark.line + 1;
  }
  return guard.document_line;
}

}  // namespace

YAML::Node load_yaml(std::string_view text, const std::string& path, YamlLeftovers* leftovers) {
  if (size_t nul = text.find('\0'); nul != std::string_view::npos) {
    // yaml-cpp reads a NUL as part of a UTF-16 code unit and garbles the text around it.
    const auto line =
        1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(nul), '\n');
    throw data_error(fmt::format("{}:{}: a NUL byte: the file must be text", path, line));
  }
  const TextScan scan = Scanner(text).run();
  if (scan.too_deep_line > 0) {
    refuse(path, scan.too_deep_line,
           fmt::format("lists or maps nested more than {} levels deep", k_max_flow_depth));
  }
  int document_line = 0;
  // Without a '*' there is no alias, and without a marker line no second
  // document: most files need no second pass.
  if (text.find('*') != std::string_view::npos || scan.marker_line > 0) {
    document_line = guard_aliases(text, path, scan.marker_line);
  }
  if (scan.document_line > 0) {
    document_line = scan.document_line;
  }
  if (scan.tag_line > 0 && leftovers == nullptr) {
    throw data_error(fmt::format("{}:{}: a YAML tag ({}), which duban does not read; remove it",
                                 path, scan.tag_line, scan.tag));
  }
  YAML::Node root = parse_or_refuse(path, [&] { return YAML::Load(std::string(text)); });
  if (leftovers != nullptr) {
    leftovers->comment_line = scan.comment_line;
    leftovers->document_line = document_line;
    leftovers->tag_line = scan.tag_line;
    leftovers->tag = scan.tag;
  }
  return root;
}

template <class T>
std::optional<T> scalar_as(const YAML::Node& node) {
  T value{};
  if (node.IsDefined() && YAML::convert<T>::decode(node, value)) {
    return value;
  }
  return std::nullopt;
}

template std::optional<int> scalar_as<int>(const YAML::Node&);
template std::optional<double> scalar_as<double>(const YAML::Node&);
template std::optional<bool> scalar_as<bool>(const YAML::Node&);

}  // namespace duban
