#include "io/xlsx_read.hpp"

#include <expat.h>
#include <fmt/format.h>
#include <zip.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <exception>
#include <filesystem>
#include <map>

#include "core/error.hpp"
#include "store/fsutil.hpp"

namespace duban::xlsx {

namespace {

// The most cells one sheet may hold: a ledger of 200,000 rows of 20 columns.
constexpr std::size_t k_max_cells = 4'000'000;

Error invalid(const std::string& file, const std::string& why) {
  return data_error(fmt::format("{}: not a valid .xlsx workbook: {}", file, why));
}

std::string_view local_name(std::string_view name) {
  const size_t colon = name.rfind(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

// The value of the attribute whose local name is `name`; `prefixed` asks for
// one with a namespace prefix (r:id), otherwise one without.
const char* attribute(const char** attrs, std::string_view name, bool prefixed = false) {
  for (size_t i = 0; attrs[i]; i += 2) {
    const std::string_view full(attrs[i]);
    const bool has_prefix = full.find(':') != std::string_view::npos;
    if (has_prefix == prefixed && local_name(full) == name) {
      return attrs[i + 1];
    }
  }
  return nullptr;
}

std::optional<long long> parse_int(std::string_view s) {
  if (s.empty() || s.size() > 18) {
    return std::nullopt;
  }
  long long v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
    v = v * 10 + (c - '0');
  }
  return v;
}

bool truthy(const char* v) {
  return v && (std::strcmp(v, "1") == 0 || std::strcmp(v, "true") == 0);
}

void append_utf8(std::string& out, unsigned cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// The code unit of `_xHHHH_` at `i` of `s`, if one is there.
std::optional<unsigned> escape_at(std::string_view s, size_t i) {
  if (i + 7 > s.size() || s[i] != '_' || s[i + 1] != 'x' || s[i + 6] != '_') {
    return std::nullopt;
  }
  unsigned v = 0;
  for (size_t k = i + 2; k < i + 6; ++k) {
    const char c = s[k];
    const int d = c >= '0' && c <= '9'   ? c - '0'
                  : c >= 'a' && c <= 'f' ? c - 'a' + 10
                  : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                         : -1;
    if (d < 0) {
      return std::nullopt;
    }
    v = v * 16 + static_cast<unsigned>(d);
  }
  return v;
}

// ---------------------------------------------------------------- XML

// What a part's XML holds, element by element (local names: x:c is c).
class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  virtual void start(std::string_view name, const char** attrs) = 0;
  virtual void end(std::string_view name) = 0;
  virtual void text(std::string_view) {}
};

struct ParseState {
  XmlHandler* handler;
  XML_Parser parser;
  std::exception_ptr failure;
  std::string refusal;
};

template <class F>
void guarded(void* data, F&& f) {
  auto* st = static_cast<ParseState*>(data);
  if (st->failure || !st->refusal.empty()) {
    return;
  }
  try {
    f(*st->handler);
  } catch (...) {
    st->failure = std::current_exception();
    XML_StopParser(st->parser, XML_FALSE);
  }
}

void on_start(void* data, const XML_Char* name, const XML_Char** attrs) {
  guarded(data, [&](XmlHandler& h) { h.start(local_name(name), attrs); });
}
void on_end(void* data, const XML_Char* name) {
  guarded(data, [&](XmlHandler& h) { h.end(local_name(name)); });
}
void on_text(void* data, const XML_Char* s, int len) {
  guarded(data, [&](XmlHandler& h) { h.text(std::string_view(s, static_cast<size_t>(len))); });
}
// No part of a workbook has a DTD; one could only declare entities.
void on_doctype(void* data, const XML_Char*, const XML_Char*, const XML_Char*, int) {
  auto* st = static_cast<ParseState*>(data);
  st->refusal = "it declares a DTD";
  XML_StopParser(st->parser, XML_FALSE);
}

// ---------------------------------------------------------------- parts

struct Relationship {
  std::string type;
  std::string target;  // the archive path
};

// The archive path of a relationship target: relative to `base` (xl/), or absolute.
std::string resolve_target(const std::string& base, std::string_view target) {
  std::string path =
      target.substr(0, 1) == "/" ? std::string(target.substr(1)) : base + std::string(target);
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string::npos) {
      slash = path.size();
    }
    const std::string part = path.substr(start, slash - start);
    if (part == "..") {
      if (!parts.empty()) {
        parts.pop_back();
      }
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    start = slash + 1;
  }
  std::string out;
  for (const std::string& p : parts) {
    out += (out.empty() ? "" : "/") + p;
  }
  return out;
}

class RelsHandler : public XmlHandler {
 public:
  explicit RelsHandler(std::map<std::string, Relationship>& out) : out_(out) {}
  void start(std::string_view name, const char** attrs) override {
    if (name != "Relationship") {
      return;
    }
    const char* id = attribute(attrs, "Id");
    const char* target = attribute(attrs, "Target");
    const char* type = attribute(attrs, "Type");
    const char* mode = attribute(attrs, "TargetMode");
    if (id && target && !(mode && std::strcmp(mode, "External") == 0)) {
      out_[id] = Relationship{type ? type : "", resolve_target("xl/", target)};
    }
  }
  void end(std::string_view) override {}

 private:
  std::map<std::string, Relationship>& out_;
};

struct SheetRef {
  std::string name;
  std::string rel_id;
};

class WorkbookHandler : public XmlHandler {
 public:
  void start(std::string_view name, const char** attrs) override {
    if (name == "sheet") {
      const char* n = attribute(attrs, "name");
      const char* id = attribute(attrs, "id", true);
      sheets.push_back(SheetRef{n ? n : "", id ? id : ""});
    } else if (name == "workbookPr") {
      date1904 = truthy(attribute(attrs, "date1904"));
    }
  }
  void end(std::string_view) override {}

  std::vector<SheetRef> sheets;
  bool date1904 = false;
};

class StylesHandler : public XmlHandler {
 public:
  void start(std::string_view name, const char** attrs) override {
    if (name == "numFmt") {
      const char* id = attribute(attrs, "numFmtId");
      const char* code = attribute(attrs, "formatCode");
      if (id && code) {
        if (auto v = parse_int(id)) {
          codes_[*v] = code;
        }
      }
    } else if (name == "cellXfs") {
      in_cell_xfs_ = true;
    } else if (name == "xf" && in_cell_xfs_) {
      const char* id = attribute(attrs, "numFmtId");
      xf_formats_.push_back(id ? parse_int(id).value_or(0) : 0);
    }
  }
  void end(std::string_view name) override {
    if (name == "cellXfs") {
      in_cell_xfs_ = false;
    }
  }
  // Whether each cell format (the s of a cell) shows a date.
  std::vector<bool> date_styles() const {
    std::vector<bool> out;
    for (long long id : xf_formats_) {
      auto code = codes_.find(id);
      out.push_back(is_date_format(static_cast<int>(std::min(id, 1LL << 30)),
                                   code == codes_.end() ? "" : code->second));
    }
    return out;
  }
  // Whether each cell format shows a number as a percent (0.8 as 80%).
  std::vector<bool> percent_styles() const {
    std::vector<bool> out;
    for (long long id : xf_formats_) {
      auto code = codes_.find(id);
      out.push_back(id == 9 || id == 10 ||
                    (code != codes_.end() && code->second.find('%') != std::string::npos));
    }
    return out;
  }

 private:
  bool in_cell_xfs_ = false;
  std::map<long long, std::string> codes_;
  std::vector<long long> xf_formats_;
};

// The text of a string item (<si>, <is>): its <t>s, also those of rich-text
// runs (<r><t>), without the phonetic guide (<rPh>).
class StringItem {
 public:
  void start(std::string_view name) {
    if (name == "rPh") {
      ++in_phonetic_;
    } else if (name == "t" && in_phonetic_ == 0) {
      in_t_ = true;
    }
  }
  void end(std::string_view name) {
    if (name == "rPh" && in_phonetic_ > 0) {
      --in_phonetic_;
    } else if (name == "t") {
      in_t_ = false;
    }
  }
  void text(std::string_view s) {
    if (in_t_) {
      text_ += s;
    }
  }
  std::string take() {
    std::string out = unescape(text_);
    text_.clear();
    in_t_ = false;
    in_phonetic_ = 0;
    return out;
  }

 private:
  std::string text_;
  bool in_t_ = false;
  int in_phonetic_ = 0;
};

class SharedStringsHandler : public XmlHandler {
 public:
  explicit SharedStringsHandler(std::vector<std::string>& out) : out_(out) {}
  void start(std::string_view name, const char**) override {
    if (name == "si") {
      in_si_ = true;
    } else if (in_si_) {
      item_.start(name);
    }
  }
  void end(std::string_view name) override {
    if (name == "si") {
      out_.push_back(item_.take());
      in_si_ = false;
    } else if (in_si_) {
      item_.end(name);
    }
  }
  void text(std::string_view s) override {
    if (in_si_) {
      item_.text(s);
    }
  }

 private:
  std::vector<std::string>& out_;
  StringItem item_;
  bool in_si_ = false;
};

// "AB12" → column 28, row 12 (row 0 when the reference has no digits).
bool parse_ref(std::string_view ref, int* row, int* column) {
  size_t i = 0;
  long long col = 0;
  while (i < ref.size() && ((ref[i] >= 'A' && ref[i] <= 'Z') || (ref[i] >= 'a' && ref[i] <= 'z'))) {
    col = col * 26 + ((ref[i] | 0x20) - 'a' + 1);
    if (col > k_max_columns) {
      return false;
    }
    ++i;
  }
  const std::optional<long long> r =
      i == ref.size() ? std::optional<long long>(0) : parse_int(ref.substr(i));
  if (col == 0 || !r || *r > k_max_rows) {
    return false;
  }
  *column = static_cast<int>(col);
  *row = static_cast<int>(*r);
  return true;
}

}  // namespace

// ---------------------------------------------------------------- the archive

struct Workbook::Impl {
  std::string file;   // the name messages begin with
  std::string bytes;  // the archive, which libzip reads in place
  zip_t* zip = nullptr;
  mutable std::size_t read_total = 0;
  std::vector<std::string> names;
  std::vector<std::string> paths;  // each sheet's part
  bool date1904 = false;
  std::vector<std::string> shared;
  std::vector<bool> date_styles;
  std::vector<bool> percent_styles;

  ~Impl() {
    if (zip) {
      zip_discard(zip);
    }
  }

  bool has(const std::string& path) const {
    return zip_name_locate(zip, path.c_str(), ZIP_FL_NOCASE) >= 0;
  }

  // Streams the part at `path` through `handler`, capped, inflating as it goes.
  void parse(const std::string& path, XmlHandler& handler) const {
    const zip_int64_t index = zip_name_locate(zip, path.c_str(), ZIP_FL_NOCASE);
    if (index < 0) {
      throw invalid(file, fmt::format("{} is missing", path));
    }
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(zip, static_cast<zip_uint64_t>(index), 0, &st) == 0 &&
        (st.valid & ZIP_STAT_SIZE) && st.size > k_max_entry_bytes) {
      throw invalid(file, fmt::format("{} would inflate to {} bytes, more than the {} MiB allowed",
                                      path, st.size, k_max_entry_bytes >> 20));
    }
    zip_file_t* zf = zip_fopen_index(zip, static_cast<zip_uint64_t>(index), 0);
    if (!zf) {
      const bool locked = zip_error_code_zip(zip_get_error(zip)) == ZIP_ER_NOPASSWD;
      throw invalid(file, fmt::format("cannot open {}: {}", path,
                                      locked ? "it is encrypted" : zip_strerror(zip)));
    }
    XML_Parser parser = XML_ParserCreate("UTF-8");
    ParseState state{&handler, parser, nullptr, ""};
    XML_SetUserData(parser, &state);
    XML_SetElementHandler(parser, on_start, on_end);
    XML_SetCharacterDataHandler(parser, on_text);
    XML_SetStartDoctypeDeclHandler(parser, on_doctype);
    std::string why;
    std::size_t size = 0;
    std::vector<char> buf(std::size_t{1} << 16);
    for (;;) {
      const zip_int64_t n = zip_fread(zf, buf.data(), buf.size());
      if (n < 0) {
        why = fmt::format("{}: {}", path, zip_file_strerror(zf));
        break;
      }
      size += static_cast<std::size_t>(n);
      read_total += static_cast<std::size_t>(n);
      if (size > k_max_entry_bytes || read_total > k_max_total_bytes) {
        why = fmt::format("{} inflates to more than the {} MiB allowed", path,
                          (size > k_max_entry_bytes ? k_max_entry_bytes : k_max_total_bytes) >> 20);
        break;
      }
      if (XML_Parse(parser, buf.data(), static_cast<int>(n), n == 0) == XML_STATUS_ERROR) {
        if (!state.failure) {
          why = state.refusal.empty()
                    ? fmt::format("{}: line {}: {}", path, XML_GetCurrentLineNumber(parser),
                                  XML_ErrorString(XML_GetErrorCode(parser)))
                    : fmt::format("{}: {}", path, state.refusal);
        }
        break;
      }
      if (n == 0) {
        break;
      }
    }
    XML_ParserFree(parser);
    zip_fclose(zf);
    if (state.failure) {
      std::rethrow_exception(state.failure);
    }
    if (!why.empty()) {
      throw invalid(file, why);
    }
  }
};

Workbook::Workbook(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Workbook::Workbook(Workbook&&) noexcept = default;
Workbook& Workbook::operator=(Workbook&&) noexcept = default;
Workbook::~Workbook() = default;

FileKind sniff(std::string_view bytes) {
  if (bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4)) {
    return FileKind::xlsx_zip;
  }
  if (bytes.substr(0, 8) == "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
    return FileKind::legacy_xls;
  }
  return FileKind::other;
}

Workbook Workbook::from_bytes(std::string bytes, const std::string& name) {
  if (sniff(bytes) == FileKind::legacy_xls) {
    throw data_error(fmt::format(
        "{}: a legacy Excel 97-2003 workbook (.xls) or a password-protected one, which duban "
        "cannot read: open it in Excel or WPS (remove any password) and save it as .xlsx (or CSV)",
        name));
  }
  if (sniff(bytes) != FileKind::xlsx_zip) {
    throw invalid(name, "not a zip archive");
  }
  auto impl = std::make_unique<Impl>();
  impl->file = name;
  impl->bytes = std::move(bytes);
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(impl->bytes.data(), impl->bytes.size(), 0, &err);
  if (src) {
    impl->zip = zip_open_from_source(src, ZIP_RDONLY, &err);
    if (!impl->zip) {
      zip_source_free(src);
    }
  }
  if (!impl->zip) {
    const std::string why = zip_error_strerror(&err);
    zip_error_fini(&err);
    throw invalid(name, "a broken zip archive (" + why + ")");
  }
  zip_error_fini(&err);
  if (!impl->has("xl/workbook.xml")) {
    throw invalid(name, "a zip archive without xl/workbook.xml, so no Excel workbook");
  }
  WorkbookHandler wb;
  impl->parse("xl/workbook.xml", wb);
  impl->date1904 = wb.date1904;
  std::map<std::string, Relationship> rels;
  if (impl->has("xl/_rels/workbook.xml.rels")) {
    RelsHandler rh(rels);
    impl->parse("xl/_rels/workbook.xml.rels", rh);
  }
  auto part_of_type = [&](std::string_view type, const std::string& fallback) {
    for (const auto& [id, r] : rels) {
      if (r.type.size() >= type.size() &&
          r.type.compare(r.type.size() - type.size(), type.size(), type) == 0) {
        return r.target;
      }
    }
    return fallback;
  };
  for (const SheetRef& s : wb.sheets) {
    auto r = rels.find(s.rel_id);
    if (r == rels.end()) {
      throw invalid(name, fmt::format("sheet '{}' names no part of the archive", s.name));
    }
    impl->names.push_back(s.name);
    impl->paths.push_back(r->second.target);
  }
  if (impl->names.empty()) {
    throw invalid(name, "the workbook lists no sheet");
  }
  if (const std::string styles = part_of_type("/styles", "xl/styles.xml"); impl->has(styles)) {
    StylesHandler sh;
    impl->parse(styles, sh);
    impl->date_styles = sh.date_styles();
    impl->percent_styles = sh.percent_styles();
  }
  if (const std::string strings = part_of_type("/sharedStrings", "xl/sharedStrings.xml");
      impl->has(strings)) {
    SharedStringsHandler sh(impl->shared);
    impl->parse(strings, sh);
  }
  return Workbook(std::move(impl));
}

Workbook Workbook::from_file(const std::string& path) {
  return from_bytes(read_file(path), std::filesystem::path(path).filename().string());
}

const std::vector<std::string>& Workbook::sheet_names() const {
  return impl_->names;
}

bool Workbook::date1904() const {
  return impl_->date1904;
}

namespace {

// One sheet's cells, row by row.
class SheetHandler : public XmlHandler {
 public:
  SheetHandler(const std::string& file, const std::vector<std::string>& shared,
               const std::vector<bool>& date_styles, const std::vector<bool>& percent_styles,
               bool date1904, Sheet& out)
      : file_(file),
        shared_(shared),
        date_styles_(date_styles),
        percent_styles_(percent_styles),
        date1904_(date1904),
        out_(out) {}

  void start(std::string_view name, const char** attrs) override {
    if (in_cell_) {
      if (name == "v") {
        in_v_ = true;
        has_v_ = true;
      } else if (name == "f") {
        has_f_ = true;
      } else if (name == "is") {
        in_is_ = true;
      } else if (in_is_) {
        inline_.start(name);
      }
    } else if (name == "row") {
      const char* r = attribute(attrs, "r");
      const std::optional<long long> n = r ? parse_int(r) : std::optional(last_row_ + 1LL);
      if (!n || *n < 1 || *n > k_max_rows) {
        throw invalid(file_, fmt::format("row number '{}' outside 1 … {}", r ? r : "", k_max_rows));
      }
      row_ = static_cast<int>(*n);
      last_row_ = row_;
      last_column_ = 0;
    } else if (name == "c") {
      start_cell(attrs);
    }
  }

  void end(std::string_view name) override {
    if (!in_cell_) {
      return;
    }
    if (name == "c") {
      finish_cell();
    } else if (name == "v") {
      in_v_ = false;
    } else if (name == "is") {
      in_is_ = false;
    } else if (in_is_) {
      inline_.end(name);
    }
  }

  void text(std::string_view s) override {
    if (in_v_) {
      v_ += s;
    } else if (in_is_) {
      inline_.text(s);
    }
  }

 private:
  void start_cell(const char** attrs) {
    in_cell_ = true;
    has_v_ = has_f_ = in_v_ = in_is_ = false;
    v_.clear();
    cell_ = Cell{};
    const char* ref = attribute(attrs, "r");
    int row = row_;
    int column = last_column_ + 1;
    if (ref && !parse_ref(ref, &row, &column)) {
      throw invalid(file_, fmt::format("'{}' is no cell within Excel's {} rows and {} columns", ref,
                                       k_max_rows, k_max_columns));
    }
    if (row == 0) {
      row = row_ == 0 ? last_row_ + 1 : row_;
    }
    if (column > k_max_columns || row > k_max_rows) {
      throw invalid(file_, fmt::format("a cell beyond Excel's {} columns", k_max_columns));
    }
    cell_.row = row;
    cell_.column = column;
    last_column_ = column;
    const char* t = attribute(attrs, "t");
    type_ = t ? t : "n";
    const char* s = attribute(attrs, "s");
    const std::optional<long long> style = s ? parse_int(s) : std::nullopt;
    date_style_ = style && static_cast<size_t>(*style) < date_styles_.size() &&
                  date_styles_[static_cast<size_t>(*style)];
    percent_style_ = style && static_cast<size_t>(*style) < percent_styles_.size() &&
                     percent_styles_[static_cast<size_t>(*style)];
  }

  void set_error(std::string why) {
    cell_.type = CellType::error;
    cell_.text = std::move(why);
  }

  void finish_cell() {
    in_cell_ = false;
    if (type_ == "inlineStr") {
      cell_.type = CellType::text;
      cell_.text = inline_.take();
    } else if (!has_v_ || (v_.empty() && type_ != "str")) {
      if (has_f_) {
        set_error(
            "a formula without a saved result: open the file in Excel or WPS and save it, or "
            "paste the values");
      }
    } else if (type_ == "s") {
      const std::optional<long long> i = parse_int(v_);
      if (!i || static_cast<size_t>(*i) >= shared_.size()) {
        throw invalid(file_, fmt::format("{}: shared string '{}' does not exist",
                                         cell_name(cell_.row, cell_.column), v_));
      }
      cell_.type = CellType::text;
      cell_.text = shared_[static_cast<size_t>(*i)];
    } else if (type_ == "str") {
      cell_.type = CellType::text;
      cell_.text = unescape(v_);
    } else if (type_ == "b") {
      cell_.type = CellType::boolean;
      cell_.text = v_ == "1" || v_ == "true" ? "TRUE" : "FALSE";
    } else if (type_ == "e") {
      set_error(fmt::format("the cell holds the error {}", v_));
    } else if (type_ == "d") {
      if (auto d = parse_iso_date(std::string_view(v_).substr(0, 10))) {
        cell_.type = CellType::date;
        cell_.date = *d;
      } else {
        set_error(fmt::format("'{}' is not a date", v_));
      }
    } else {
      number();
    }
    if (cell_.type == CellType::text && cell_.text.empty()) {
      cell_.type = CellType::empty;
    }
    if (cell_.type != CellType::empty) {
      add_cell();
    }
  }

  void number() {
    const std::string digits = number_text(v_);
    char* end = nullptr;
    const double value = std::strtod(digits.c_str(), &end);
    if (digits.empty() || end != digits.c_str() + digits.size()) {
      set_error(fmt::format("'{}' is not a number", v_));
      return;
    }
    // A date cell: except a time of day alone (the 1900 system's serial 0).
    if (date_style_ && !(value >= 0 && value < 1 && !date1904_)) {
      std::string why;
      if (auto d = serial_to_date(value, date1904_, &why)) {
        cell_.type = CellType::date;
        cell_.date = *d;
      } else {
        set_error(why);
      }
      return;
    }
    cell_.type = CellType::number;
    cell_.text = digits;
    cell_.percent = percent_style_;
  }

  void add_cell() {
    if (++cells_ > k_max_cells) {
      throw invalid(file_, fmt::format("more than {} cells in one sheet", k_max_cells));
    }
    if (out_.rows.empty() || out_.rows.back().row != cell_.row) {
      out_.rows.push_back(Row{cell_.row, {}});
    }
    out_.rows.back().cells.push_back(std::move(cell_));
  }

  const std::string& file_;
  const std::vector<std::string>& shared_;
  const std::vector<bool>& date_styles_;
  const std::vector<bool>& percent_styles_;
  bool date1904_;
  Sheet& out_;
  int row_ = 0;
  int last_row_ = 0;
  int last_column_ = 0;
  std::size_t cells_ = 0;
  bool in_cell_ = false;
  bool in_v_ = false;
  bool in_is_ = false;
  bool has_v_ = false;
  bool has_f_ = false;
  bool date_style_ = false;
  bool percent_style_ = false;
  std::string type_;
  std::string v_;
  StringItem inline_;
  Cell cell_;
};

// Rows in order, each once, cells in column order: writers that list them
// otherwise are read as Excel shows them (the later of two equal cells wins).
void put_in_order(Sheet& sheet) {
  auto by_row = [](const Row& a, const Row& b) { return a.row < b.row; };
  auto by_column = [](const Cell& a, const Cell& b) { return a.column < b.column; };
  if (!std::is_sorted(sheet.rows.begin(), sheet.rows.end(),
                      [](const Row& a, const Row& b) { return a.row <= b.row; })) {
    std::stable_sort(sheet.rows.begin(), sheet.rows.end(), by_row);
    std::vector<Row> merged;
    for (Row& r : sheet.rows) {
      if (!merged.empty() && merged.back().row == r.row) {
        std::move(r.cells.begin(), r.cells.end(), std::back_inserter(merged.back().cells));
      } else {
        merged.push_back(std::move(r));
      }
    }
    sheet.rows = std::move(merged);
  }
  for (Row& r : sheet.rows) {
    std::stable_sort(r.cells.begin(), r.cells.end(), by_column);
    std::vector<Cell> unique;
    for (Cell& c : r.cells) {
      if (!unique.empty() && unique.back().column == c.column) {
        unique.back() = std::move(c);
      } else {
        unique.push_back(std::move(c));
      }
    }
    r.cells = std::move(unique);
  }
}

}  // namespace

Sheet Workbook::read_sheet(const std::string& name) const {
  size_t index = 0;
  if (!name.empty()) {
    auto it = std::find(impl_->names.begin(), impl_->names.end(), name);
    if (it == impl_->names.end()) {
      std::string names;
      for (const std::string& n : impl_->names) {
        names += (names.empty() ? "" : ", ") + n;
      }
      throw data_error(fmt::format("{}: no sheet named '{}'; the workbook's sheets: {}",
                                   impl_->file, name, names));
    }
    index = static_cast<size_t>(it - impl_->names.begin());
  }
  Sheet sheet;
  sheet.name = impl_->names[index];
  SheetHandler handler(impl_->file, impl_->shared, impl_->date_styles, impl_->percent_styles,
                       impl_->date1904, sheet);
  impl_->parse(impl_->paths[index], handler);
  put_in_order(sheet);
  return sheet;
}

// ---------------------------------------------------------------- conversions

std::string Cell::value() const {
  switch (type) {
    case CellType::date:
      return date.iso();
    case CellType::error:
    case CellType::empty:
      return "";
    default:
      return text;
  }
}

std::optional<Date> serial_to_date(double serial, bool date1904, std::string* why) {
  const double whole = std::floor(serial);
  const double last = date1904 ? 2957003 : 2958465;  // 9999-12-31
  if (!std::isfinite(serial) || whole < (date1904 ? 0 : 1) || whole > last) {
    *why = fmt::format("{} is no date Excel can show (the serial numbers of dates run {} … {})",
                       number_text(fmt::format("{}", serial)), date1904 ? 0 : 1, last);
    return std::nullopt;
  }
  const int days = static_cast<int>(whole);
  if (date1904) {
    return Date::from_ymd(1904, 1, 1).plus_days(days);
  }
  if (days == 60) {
    *why =
        "serial 60 is 1900-02-29, a day that never was (Excel's 1900 leap-year bug): type the "
        "date again";
    return std::nullopt;
  }
  return Date::from_ymd(1899, 12, days < 60 ? 31 : 30).plus_days(days);
}

std::string number_text(std::string_view v) {
  size_t i = 0;
  bool negative = false;
  if (i < v.size() && (v[i] == '+' || v[i] == '-')) {
    negative = v[i] == '-';
    ++i;
  }
  std::string digits;
  long long point = -1;  // digits before the decimal point
  for (; i < v.size() && ((v[i] >= '0' && v[i] <= '9') || v[i] == '.'); ++i) {
    if (v[i] == '.') {
      if (point >= 0) {
        return std::string(v);
      }
      point = static_cast<long long>(digits.size());
    } else {
      digits += v[i];
    }
  }
  if (digits.empty()) {
    return std::string(v);
  }
  if (point < 0) {
    point = static_cast<long long>(digits.size());
  }
  long long exponent = 0;
  if (i < v.size() && (v[i] == 'e' || v[i] == 'E')) {
    ++i;
    bool minus = false;
    if (i < v.size() && (v[i] == '+' || v[i] == '-')) {
      minus = v[i] == '-';
      ++i;
    }
    const std::optional<long long> e = parse_int(v.substr(i));
    if (!e || *e > 400) {
      return std::string(v);
    }
    exponent = minus ? -*e : *e;
    i = v.size();
  }
  if (i != v.size()) {
    return std::string(v);
  }
  point += exponent;
  std::string whole;
  std::string fraction;
  if (point <= 0) {
    whole = "0";
    fraction = std::string(static_cast<size_t>(-point), '0') + digits;
  } else if (point >= static_cast<long long>(digits.size())) {
    whole = digits + std::string(static_cast<size_t>(point) - digits.size(), '0');
  } else {
    whole = digits.substr(0, static_cast<size_t>(point));
    fraction = digits.substr(static_cast<size_t>(point));
  }
  whole.erase(0, std::min(whole.find_first_not_of('0'), whole.size() - 1));
  fraction.erase(fraction.find_last_not_of('0') + 1);
  std::string out = fraction.empty() ? whole : whole + "." + fraction;
  return negative && out != "0" ? "-" + out : out;
}

std::string unescape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    std::optional<unsigned> cp = escape_at(s, i);
    if (!cp || *cp == 0) {
      out += s[i++];
      continue;
    }
    if (*cp >= 0xD800 && *cp < 0xDC00) {
      // A character beyond the BMP: a high and a low surrogate.
      const std::optional<unsigned> low = escape_at(s, i + 7);
      if (low && *low >= 0xDC00 && *low < 0xE000) {
        append_utf8(out, 0x10000 + ((*cp - 0xD800) << 10) + (*low - 0xDC00));
        i += 14;
        continue;
      }
      out += s[i++];
      continue;
    }
    if (*cp >= 0xDC00 && *cp < 0xE000) {
      out += s[i++];
      continue;
    }
    append_utf8(out, *cp);
    i += 7;
  }
  return out;
}

bool is_date_format(int id, std::string_view code) {
  if ((id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
      (id >= 50 && id <= 58)) {
    return true;
  }
  for (size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (c == '"') {
      const size_t close = code.find('"', i + 1);
      i = close == std::string_view::npos ? code.size() : close;
    } else if (c == '[') {
      const size_t close = code.find(']', i + 1);
      i = close == std::string_view::npos ? code.size() : close;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;  // an escaped character, or the one a space or fill stands for
    } else if (c == 'y' || c == 'Y' || c == 'm' || c == 'M' || c == 'd' || c == 'D') {
      return true;
    }
  }
  return false;
}

std::string cell_name(int row, int column) {
  std::string letters;
  for (int c = column; c > 0; c = (c - 1) / 26) {
    letters.insert(letters.begin(), static_cast<char>('A' + (c - 1) % 26));
  }
  return letters + std::to_string(row);
}

}  // namespace duban::xlsx
