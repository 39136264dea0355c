#!/usr/bin/env bash
# Build with ThreadSanitizer (DUBAN_SANITIZE=thread, -O1 -g) and run the
# tests that take the threaded paths under it: the unit tests (parallel_for
# in test_parallel.cpp, the parallel workspace load and the cache in
# test_cache.cpp and test_workspace.cpp) and the end-to-end suites of the
# cache and of concurrent writers. A data race fails the test that hit it
# (halt_on_error: the binary ends with _Exit, so a report at exit would not
# change its exit code).
#
#   scripts/test-tsan.sh [CTEST-ARGS…]
#
# Environment: BUILD_DIR (default build-tsan/ in the source tree), JOBS
# (default 2), DUBAN_TSAN_TESTS (the ctest -R regex of the tests to run),
# DUBAN_CMAKE_ARGS (extra arguments to cmake, as for scripts/setup.sh).
# No suppressions: the tests run clean without any.
set -u
SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$SRC/build-tsan}"
JOBS="${JOBS:-2}"
TESTS="${DUBAN_TSAN_TESTS:-^unit|^cli\.test_(cache|concurrency)$}"

# shellcheck disable=SC2086 # DUBAN_CMAKE_ARGS is a list of arguments
cmake -S "$SRC" -B "$BUILD_DIR" -DDUBAN_SANITIZE=thread -DCMAKE_BUILD_TYPE=Debug -DDUBAN_TESTS=ON \
  ${DUBAN_CMAKE_ARGS:-} >/dev/null || exit 2
cmake --build "$BUILD_DIR" -j "$JOBS" || exit 2

export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:${TSAN_OPTIONS:-}"
export DUBAN_SANITIZED=1
cd "$BUILD_DIR" && ctest --output-on-failure --no-tests=error -j "$JOBS" -R "$TESTS" "$@"
