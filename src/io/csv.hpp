#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace duban {

/// One CSV record, the 1-based line of the file it starts on and its row as a
/// spreadsheet shows it (a cell holding line breaks is still one row; a blank
/// line is a row of its own).
struct CsvRecord {
  int line = 0;
  int row = 0;
  std::vector<std::string> fields;
};

/// Parse RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line
/// breaks; CRLF and LF both end records; blank lines are skipped. Throws a data
/// Error "name:line: …" for an unterminated quote.
std::vector<CsvRecord> parse_csv(std::string_view text, const std::string& name);

/// Text encodings accepted for imports.
enum class Encoding { automatic, utf8, gbk };

/// `bytes` as UTF-8: a UTF-8 BOM is dropped; with `automatic`, valid UTF-8 is
/// kept and anything else is read as GBK (GB18030, as Excel on Chinese Windows
/// writes it). Throws a data Error naming `name` when the bytes are not valid
/// in the encoding.
std::string decode_to_utf8(std::string_view bytes, Encoding enc, const std::string& name);

}  // namespace duban
