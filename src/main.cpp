#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "cli/cli.hpp"

// The process ends without running destructors: freeing a hundred thousand
// tasks one by one costs more than the work itself. Output is flushed first.
int main(int argc, char** argv) {
  int code = duban::cli::run(argc, argv);
  std::cout.flush();
  std::fflush(nullptr);
  std::_Exit(code);
}
