#!/usr/bin/env bash
# The man-page lint: mandoc -Tlint at level warning over the given pages, or
# over every page in man/. Prints mandoc's "file:line:column: LEVEL: …"
# messages and exits 1 when there is any. Shared by scripts/lint.sh and
# tests/cli/test_docs.sh.
#
#   scripts/lint-man.sh [PAGE…]
set -euo pipefail

if ! command -v mandoc >/dev/null 2>&1; then
  echo "lint-man: mandoc is not installed (scripts/setup.sh installs it)" >&2
  exit 2
fi
if (($# == 0)); then
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  shopt -s nullglob
  set -- "$root"/man/*.[1-8]
  if (($# == 0)); then
    echo "lint-man: no pages in $root/man" >&2
    exit 1
  fi
fi

status=0
for page in "$@"; do
  # mandoc exits non-zero on errors but not on warnings: the output decides.
  out="$(mandoc -Tlint -W warning "$page" 2>&1)" || true
  if [[ -n "$out" ]]; then
    printf '%s\n' "$out"
    status=1
  fi
done
exit "$status"
