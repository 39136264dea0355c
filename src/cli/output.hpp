#pragma once

#include <string>
#include <string_view>

namespace duban::cli {

/// Rendered text: to `out` atomically, then its path printed; else to stdout
/// through print().
void write_output(const std::string& text, const std::string& out);

/// Refuse, before any work, to send the binary `format` (xlsx) to a terminal:
/// without `out` stdout must be a file or a pipe (usage error, exit 2).
void check_binary_destination(std::string_view format, const std::string& out);

/// The bytes of a binary format: to `out` atomically (a temporary file beside
/// it, renamed into place), then its path printed; else unchanged to stdout.
void write_binary_output(const std::string& bytes, const std::string& out);

}  // namespace duban::cli
