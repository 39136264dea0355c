#!/usr/bin/env bash
# Set up, build, and run every test (doctest unit tests and end-to-end suites).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/setup.sh"
cd "${DUBAN_BUILD_DIR:-$root/build}"
ctest --output-on-failure -j2
