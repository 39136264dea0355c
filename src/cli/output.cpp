#include "cli/output.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "cli/context.hpp"
#include "core/error.hpp"
#include "store/fsutil.hpp"

namespace duban::cli {

void write_output(const std::string& text, const std::string& out) {
  if (out.empty()) {
    print(text);
    return;
  }
  write_file_atomic(out, text);
  print(out + "\n");
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
