#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <new>

#include "cli/cli.hpp"
#include "core/error.hpp"

// The process ends without running destructors: freeing a hundred thousand
// tasks one by one costs more than the work itself. Output is flushed first.
// Running out of memory is the one failure that is not a duban::Error (which
// cli::run reports): it is reported here, with exit 4.
int main(int argc, char** argv) {
  int code = duban::k_exit_io;
  try {
    code = duban::cli::run(argc, argv);
  } catch (const std::bad_alloc&) {
    std::cerr << "duban: error: out of memory\n";
  }
  std::cout.flush();
  std::fflush(nullptr);
  std::_Exit(code);
}
