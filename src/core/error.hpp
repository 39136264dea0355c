#pragma once

// Errors: a failure that ends the command is thrown as duban::Error (a message
// and its exit code, SPEC §11) and caught once, in cli::run. Nothing else leaves
// store: yaml-cpp's and std::filesystem's exceptions are converted into Error
// where they arise (load_yaml; the std::error_code overloads and the wrappers in
// store/fsutil.hpp). Low-level I/O whose caller recovers reports a failure as a
// value, as ninja does: `bool f(…, std::string* err)` returns false and sets
// *err to the message (read_regular_file, write_file_atomic, commit_paths); the
// throwing form of the same function serves callers that give up. A catch is
// written only where the caller really recovers (or cleans up and goes on).

#include <stdexcept>
#include <string>

namespace duban {

/// Process exit codes (SPEC §11).
enum ExitCode : int {
  k_exit_ok = 0,
  k_exit_red = 1,    // overdue --exit-code found red items
  k_exit_usage = 2,  // bad command line
  k_exit_data = 3,   // invalid data: input file, task file, validation
  k_exit_io = 4,     // locked workspace or I/O failure
};

/// The one error type that reaches the user: a message and the exit code it maps to.
class Error : public std::runtime_error {
 public:
  Error(ExitCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  ExitCode code() const { return code_; }

 private:
  ExitCode code_;
};

/// Shorthands for the three kinds of failure.
inline Error usage_error(const std::string& m) {
  return Error(k_exit_usage, m);
}
inline Error data_error(const std::string& m) {
  return Error(k_exit_data, m);
}
inline Error io_error(const std::string& m) {
  return Error(k_exit_io, m);
}

}  // namespace duban
