#!/usr/bin/env bash
# Build with AddressSanitizer and UndefinedBehaviorSanitizer (Debug) and run
# the whole test suite (unit + end-to-end) under them.
#
#   scripts/test-sanitize.sh [CTEST-ARGS…]
#
# Environment: BUILD_DIR (default build-asan/ in the source tree), JOBS (default 2).
# Leak checking is off: the binary ends with _Exit on purpose.
set -u
SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$SRC/build-asan}"
JOBS="${JOBS:-2}"

cmake -S "$SRC" -B "$BUILD_DIR" -DDUBAN_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug -DDUBAN_TESTS=ON >/dev/null || exit 2
cmake --build "$BUILD_DIR" -j "$JOBS" || exit 2

export ASAN_OPTIONS="detect_leaks=0:abort_on_error=0:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:${UBSAN_OPTIONS:-}"
export DUBAN_SANITIZED=1  # suites that limit memory with ulimit -v use ASan's limit instead
cd "$BUILD_DIR" && ctest --output-on-failure -j "$JOBS" "$@"
