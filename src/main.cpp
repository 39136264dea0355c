#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <new>

#include "cli/cli.hpp"
#include "core/error.hpp"
#include "io/text.hpp"

// The process ends without running destructors: freeing a hundred thousand
// tasks one by one costs more than the work itself. Output is flushed first.
// Running out of memory is the one failure expected not to be a duban::Error
// (which cli::run reports): it is reported here, with exit 4. Any other
// exception reaching here is a defect (every layer throws only Error); it is
// still reported as an error, its text made safe for a terminal, rather than
// ending the process with std::terminate's raw message.
int main(int argc, char** argv) {
  int code = duban::k_exit_io;
  try {
    code = duban::cli::run(argc, argv);
  } catch (const std::bad_alloc&) {
    std::cerr << "duban: error: out of memory\n";
  } catch (const std::exception& e) {
    std::cerr << "duban: error: internal error: " << duban::sanitize_terminal_lines(e.what())
              << '\n';
  }
  std::cout.flush();
  std::fflush(nullptr);
  std::_Exit(code);
}
