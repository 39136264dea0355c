#!/usr/bin/env bash
# Set up, build, and run every test (doctest unit tests and end-to-end suites).
# With DUBAN_SANITIZE_TESTS=1 the whole suite then runs again under
# AddressSanitizer and UndefinedBehaviorSanitizer (scripts/test-sanitize.sh).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/setup.sh"
cd "${DUBAN_BUILD_DIR:-$root/build}"
ctest --output-on-failure -j2
if [[ "${DUBAN_SANITIZE_TESTS:-0}" == 1 ]]; then
  "$root/scripts/test-sanitize.sh"
fi
