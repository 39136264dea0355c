#pragma once

// Running a program (git, LibreOffice): no shell, user text only as
// arguments, stdin closed, stdout and stderr captured, never printed.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace duban {

/// What a program said.
struct ProcessResult {
  int code = -1;  // -1: it could not be started
  bool timed_out = false;
  std::string out;
  std::string err;
  bool ok() const { return code == 0 && !timed_out; }
};

/// Run `argv` (argv[0] looked up on PATH) and wait for it. With a timeout
/// above 0 ms, a program still running then is killed with its whole process
/// group (LibreOffice starts helpers of its own) and `timed_out` is set.
ProcessResult run_process(const std::vector<std::string>& argv, int timeout_ms = 0);

/// The program `name` as PATH finds it (an executable regular file), or nullopt.
std::optional<std::filesystem::path> find_program(const std::string& name);

}  // namespace duban
