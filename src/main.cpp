#include "duban/cli.hpp"

int main(int argc, char** argv) { return duban::cli::run(argc, argv); }
