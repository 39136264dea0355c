#pragma once

namespace duban::cli {

/// The whole program: parse the command line, run the command, print errors as
/// `duban: error: …`; returns the process exit code (SPEC §11).
int run(int argc, char** argv);

}  // namespace duban::cli
