#pragma once

#include <string>
#include <string_view>

namespace duban::cli {

class Context;

/// Rendered text: to `out` atomically, then its path printed; else to stdout
/// through print().
void write_output(const std::string& text, const std::string& out);

/// Refuse, before any work, an `out` (a file or, for `remind`, a folder)
/// inside the workspace's own files and folders — duban.yaml, units.yaml,
/// numbers.yaml, calendar/, tasks/, .duban/, .git — however it is spelt
/// (../, symbolic links): a report must never overwrite what reports are
/// computed from (usage error, exit 2).
void refuse_workspace_out(Context& ctx, const std::string& out);

/// Refuse (I/O error, exit 4) a path no file can be written to — a folder,
/// a device, a pipe, or (`in_existing_folder`) a path whose folder does not
/// exist — before anything is numbered or written. A symbolic link passes:
/// the file replaces it.
void check_destination(const std::string& path, bool in_existing_folder);

/// Refuse, before any work, to send the binary `format` (xlsx) to a terminal:
/// without `out` stdout must be a file or a pipe (usage error, exit 2).
void check_binary_destination(std::string_view format, const std::string& out);

/// The bytes of a binary format: to `out` atomically (a temporary file beside
/// it, renamed into place), then its path printed; else unchanged to stdout.
void write_binary_output(const std::string& bytes, const std::string& out);

}  // namespace duban::cli
