#!/usr/bin/env bash
# Set up, build, and run the main job on the bundled example office: the open
# tasks of examples/office as of Friday 2025-11-28.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/setup.sh" duban  # the binary alone: the demo runs no test
duban="${DUBAN_BUILD_DIR:-$root/build}/duban"
export DUBAN_TODAY="${DUBAN_TODAY:-2025-11-28}"
cd "$root/examples/office"
echo "== duban list (as of $DUBAN_TODAY)"
"$duban" list
echo
echo "== duban overdue (as of $DUBAN_TODAY)"
"$duban" overdue
echo
echo "== duban report --period month (as of $DUBAN_TODAY)"
"$duban" report --period month
echo
echo "== duban show 2025-0005"
"$duban" show 2025-0005
echo
echo "== duban check"
"$duban" check
