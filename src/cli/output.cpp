#include "cli/output.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>

#include "cli/context.hpp"
#include "core/error.hpp"
#include "io/text.hpp"
#include "store/fsutil.hpp"

namespace fs = std::filesystem;

namespace duban::cli {

namespace {

// `p` absolute, with every link of its existing part followed.
fs::path resolved(const fs::path& p) {
  std::error_code ec;
  fs::path abs = fs::absolute(p, ec);
  if (ec) {
    return p.lexically_normal();
  }
  fs::path real = fs::weakly_canonical(abs, ec);
  return ec ? abs.lexically_normal() : real;
}

// What the workspace keeps at its top (SPEC §3) and git beside it.
constexpr const char* k_kept[] = {"duban.yaml", "units.yaml", "numbers.yaml", "calendar",
                                  "tasks",      ".duban",     ".git",         ".gitattributes"};

}  // namespace

void refuse_workspace_out(Context& ctx, const std::string& out) {
  if (out.empty()) {
    return;
  }
  const fs::path rel = resolved(out).lexically_relative(resolved(ctx.workspace().root()));
  if (rel.empty() || *rel.begin() == "..") {
    return;
  }
  const std::string top = rel.begin()->string();
  for (const char* kept : k_kept) {
    if (top == kept) {
      throw usage_error(
          fmt::format("--out {}: the workspace keeps {} there; write the file somewhere else",
                      sanitize_terminal(out), kept));
    }
  }
}

void check_destination(const std::string& path, bool in_existing_folder) {
  const fs::path p(path);
  std::error_code ec;
  const fs::file_status st = fs::symlink_status(p, ec);
  if (fs::exists(st) && !fs::is_regular_file(st) && !fs::is_symlink(st)) {
    throw io_error(fmt::format("cannot write {}: it is {}", sanitize_terminal(path), file_kind(p)));
  }
  const fs::path folder = p.parent_path().empty() ? fs::path(".") : p.parent_path();
  if (in_existing_folder && !fs::is_directory(folder, ec)) {
    throw io_error(fmt::format("cannot write {}: there is no folder {}", sanitize_terminal(path),
                               sanitize_terminal(folder.string())));
  }
}

void write_output(const std::string& text, const std::string& out) {
  if (out.empty()) {
    print(text);
    return;
  }
  write_file_atomic(out, text);
  print(sanitize_terminal(out) + "\n");
}

void check_binary_destination(std::string_view format, const std::string& out) {
  if (out.empty() && isatty(STDOUT_FILENO) != 0) {
    throw usage_error(fmt::format(
        "--format {0} writes a binary file: give --out FILE.{0} or redirect the output", format));
  }
}

void write_binary_output(const std::string& bytes, const std::string& out) {
  if (!out.empty()) {
    write_output(bytes, out);
    return;
  }
  std::cout.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  std::cout.flush();
  if (!std::cout) {
    throw io_error("cannot write to stdout");
  }
}

}  // namespace duban::cli
