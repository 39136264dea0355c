#include "io/csv.hpp"

#include <errno.h>
#include <fmt/format.h>
#include <iconv.h>

#include "core/error.hpp"
#include "io/text.hpp"

namespace duban {

namespace {

constexpr std::string_view k_bom = "\xef\xbb\xbf";

bool blank(const std::vector<std::string>& fields) {
  for (const std::string& f : fields) {
    if (!trim(f).empty()) {
      return false;
    }
  }
  return true;
}

// GB18030 is a superset of GBK and GB2312; glibc's iconv converts it.
std::string gbk_to_utf8(std::string_view bytes, const std::string& name) {
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    throw io_error("this system's iconv cannot convert GBK (GB18030)");
  }
  std::string out(bytes.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(bytes.data());
  size_t in_left = bytes.size();
  char* dst = out.data();
  size_t dst_left = out.size();
  while (in_left > 0) {
    if (iconv(cd, &in, &in_left, &dst, &dst_left) == static_cast<size_t>(-1)) {
      if (errno == E2BIG) {
        size_t used = static_cast<size_t>(dst - out.data());
        out.resize(out.size() * 2);
        dst = out.data() + used;
        dst_left = out.size() - used;
        continue;
      }
      size_t offset = bytes.size() - in_left;
      iconv_close(cd);
      throw data_error(fmt::format("{}: byte {} is not valid UTF-8 or GBK text (try --encoding)",
                                   name, offset + 1));
    }
  }
  iconv_close(cd);
  out.resize(static_cast<size_t>(dst - out.data()));
  return out;
}

}  // namespace

std::vector<CsvRecord> parse_csv(std::string_view text, const std::string& name) {
  std::vector<CsvRecord> records;
  CsvRecord current;
  std::string field;
  bool quoted = false;
  bool field_started = false;
  int line = 1;
  int row = 1;
  int quote_line = 0;
  int quote_row = 0;
  current.line = 1;
  current.row = 1;
  auto end_field = [&] {
    current.fields.push_back(std::move(field));
    field.clear();
    field_started = false;
  };
  auto end_record = [&] {
    end_field();
    if (!blank(current.fields)) {
      records.push_back(std::move(current));
    }
    current = CsvRecord{};
    current.line = line;
    current.row = ++row;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') {
          ++line;
        }
        field += c;
      }
      continue;
    }
    if (c == '"' && !field_started) {
      quoted = true;
      field_started = true;
      quote_line = line;
      quote_row = current.row;
    } else if (c == ',') {
      end_field();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
        ++i;
      }
      ++line;
      end_record();
    } else {
      field += c;
      field_started = true;
    }
  }
  if (quoted) {
    throw data_error(fmt::format("{}:{}: a quoted field (opened on line {}) is never closed", name,
                                 quote_row, quote_line));
  }
  if (field_started || !field.empty() || !current.fields.empty()) {
    end_record();
  }
  return records;
}

std::string decode_to_utf8(std::string_view bytes, Encoding enc, const std::string& name) {
  if (bytes.substr(0, k_bom.size()) == k_bom) {
    bytes.remove_prefix(k_bom.size());
    if (enc == Encoding::automatic) {
      enc = Encoding::utf8;
    }
  }
  if (enc == Encoding::gbk || (enc == Encoding::automatic && !is_valid_utf8(bytes))) {
    return gbk_to_utf8(bytes, name);
  }
  if (!is_valid_utf8(bytes)) {
    throw data_error(fmt::format("{}: not valid UTF-8 (for GBK files use --encoding gbk)", name));
  }
  return std::string(bytes);
}

}  // namespace duban
