#!/usr/bin/env bash
# shellcheck disable=SC2317 # the check_* functions are called as "check_$c"
# The guardrails the test command runs (scripts/test.sh, after the build):
#
#   format    every tracked C++ file of src/, tests/unit and tests/fuzz is as
#             the committed .clang-format says (clang-format --dry-run
#             --Werror; the reference is Debian 12's clang-format 14)
#   includes  every #include in src/<layer>/ is allowed by the "may include"
#             column of the layer table in ARCHITECTURE.md ("## Layers")
#   man       the man pages lint clean (scripts/lint-man.sh)
#
#   scripts/lint.sh [--root DIR] [CHECK…]     CHECK: format, includes, man
#                                              (default: all three)
#
# DIR (default: the source tree, or $DUBAN_LINT_ROOT) is the tree to check; its
# files are those git tracks there, or all files when DIR is not a git tree.
# Every problem is printed as "file:line: …"; the exit code is 1 when there
# is any, 2 when a tool is missing or the layer table cannot be read.
set -euo pipefail

scripts="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="${DUBAN_LINT_ROOT:-$(dirname "$scripts")}"
checks=()
while (($#)); do
  case "$1" in
    --root) root="$2"; shift 2 ;;
    format | includes | man) checks+=("$1"); shift ;;
    -h | --help) sed -n '3,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "lint: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
((${#checks[@]})) || checks=(format includes man)
cd "$root"

# files PATTERN…: the files matching the git pathspecs (where * also matches
# "/"), relative to root.
files() {
  if [[ "$(git rev-parse --show-toplevel 2>/dev/null)" == "$(pwd -P)" ]]; then
    git ls-files -- "$@"
    return
  fi
  local f spec
  while IFS= read -r f; do
    f="${f#./}"
    for spec in "$@"; do
      # shellcheck disable=SC2053 # spec is a pattern
      if [[ "$f" == $spec ]]; then
        echo "$f"
        break
      fi
    done
  done < <(find . -path ./.git -prune -o -type f -print | LC_ALL=C sort)
}

failed=()

check_format() {
  local clang_format="${CLANG_FORMAT:-clang-format}"
  if ! command -v "$clang_format" >/dev/null 2>&1; then
    echo "lint: $clang_format is not installed (scripts/setup.sh installs it)" >&2
    return 2
  fi
  local version
  version="$("$clang_format" --version | grep -oE '[0-9]+\.[0-9]+\.[0-9]+' | head -n 1)"
  [[ "${version%%.*}" == 14 ]] ||
    echo "lint: note: clang-format $version; the committed formatting is clang-format 14's" >&2
  local -a sources
  mapfile -t sources < <(files 'src/*.cpp' 'src/*.hpp' 'tests/unit/*.cpp' 'tests/unit/*.hpp' \
    'tests/fuzz/*.cpp' 'tests/fuzz/*.hpp')
  ((${#sources[@]})) || return 0
  local out
  if out="$("$clang_format" --style=file --dry-run --Werror "${sources[@]}" 2>&1)"; then
    return 0
  fi
  # One line per file: its first unformatted line and how many there are.
  local report
  report="$(awk -F: '/: (error|warning): code should be clang-formatted/ {
      if (!($1 in n)) { order[++k] = $1; first[$1] = $2 }
      n[$1]++
    }
    END {
      for (i = 1; i <= k; i++)
        printf "%s:%s: not formatted as .clang-format says (%d place%s)\n",
          order[i], first[order[i]], n[order[i]], (n[order[i]] > 1 ? "s" : "")
    }' <<<"$out")"
  if [[ -z "$report" ]]; then
    printf '%s\n' "$out" >&2 # clang-format failed for another reason
    return 2
  fi
  printf '%s\n' "$report"
  echo "lint: format: $(wc -l <<<"$report") files differ; clang-format -i FILE… fixes them"
  return 1
}

# The layer table: one line per row "LAYER ALLOWED…", from the rows of
# "## Layers" whose first cell is `src/LAYER/`; the allowed layers and
# libraries are the backticked words of the last cell.
layer_table() {
  awk '
    /^## / { in_layers = ($0 ~ /^## Layers[[:space:]]*$/); next }
    !in_layers || !/^[[:space:]]*\|/ { next }
    {
      n = split($0, cell, "|")
      first = cell[2]; gsub(/^[[:space:]]+|[[:space:]]+$/, "", first)
      if (first !~ /^`src\/[A-Za-z0-9_-]+\/`$/) next
      layer = first; gsub(/^`src\/|\/`$/, "", layer)
      last = cell[n - 1]; allowed = ""
      while (match(last, /`[^`]+`/)) {
        allowed = allowed " " substr(last, RSTART + 1, RLENGTH - 2)
        last = substr(last, RSTART + RLENGTH)
      }
      print layer allowed
    }' ARCHITECTURE.md
}

check_includes() {
  if [[ ! -f ARCHITECTURE.md ]]; then
    echo "lint: $root/ARCHITECTURE.md not found" >&2
    return 2
  fi
  local table
  table="$(layer_table)"
  if [[ -z "$table" ]]; then
    echo "ARCHITECTURE.md:1: no layer table: the \"## Layers\" section needs rows" \
      "| \`src/LAYER/\` | … | \`core\`, … |" >&2
    return 2
  fi
  local -a sources
  # Files directly in src/ (main.cpp, the entry point) belong to no layer.
  mapfile -t sources < <(files 'src/*/*' | grep -E '\.(c|cc|cpp|h|hpp|ipp|inc)$' || true)
  ((${#sources[@]})) || return 0
  # Third-party libraries by the folder of their headers.
  awk -v libs="yaml-cpp=yaml-cpp CLI=CLI11 fmt=fmt doctest=doctest xlsxwriter=libxlsxwriter xlsxwriter.h=libxlsxwriter zip.h=libzip expat.h=expat" '
    BEGIN { split(libs, pairs, " "); for (i in pairs) { split(pairs[i], kv, "="); lib[kv[1]] = kv[2] } }
    FNR == NR {
      layer[$1] = 1; layers = layers (layers ? ", " : "") $1
      for (i = 2; i <= NF; i++) allow[$1, $i] = 1
      list[$1] = $2; for (i = 3; i <= NF; i++) list[$1] = list[$1] ", " $i
      next
    }
    FNR == 1 {
      own = FILENAME; sub(/^src\//, "", own); sub(/\/.*/, "", own)
      if (!(own in layer)) {
        printf "%s:1: src/%s/ is not a layer of the table in ARCHITECTURE.md (layers: %s)\n",
          FILENAME, own, layers
        bad++
        nextfile
      }
    }
    /^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]/ {
      line = $0
      sub(/^[[:space:]]*#[[:space:]]*include[[:space:]]*/, "", line)
      quoted = substr(line, 1, 1) == "\""
      header = substr(line, 2); sub(/[">].*/, "", header)
      top = header; if (!sub(/\/.*/, "", top) && !(header in lib)) top = ""
      if (top in layer) {
        if (!allow[own, top]) {
          printf "%s:%d: includes \"%s\": src/%s/ may include %s (ARCHITECTURE.md, Layers)\n",
            FILENAME, FNR, header, own, list[own]
          bad++
        }
      } else if (top in lib) {
        if (!allow[own, lib[top]]) {
          printf "%s:%d: includes <%s> (%s): src/%s/ may include %s (ARCHITECTURE.md, Layers)\n",
            FILENAME, FNR, header, lib[top], own, list[own]
          bad++
        }
      } else if (quoted) {
        printf "%s:%d: includes \"%s\", which names no layer: include headers as \"LAYER/x.hpp\"\n",
          FILENAME, FNR, header
        bad++
      }
    }
    END { exit bad > 0 }' <(printf '%s\n' "$table") "${sources[@]}"
}

check_man() {
  local -a pages
  mapfile -t pages < <(files 'man/*.[1-8]')
  if ((${#pages[@]} == 0)); then
    echo "lint: no man pages in $root/man" >&2
    return 1
  fi
  "$scripts/lint-man.sh" "${pages[@]}"
}

status=0
for c in "${checks[@]}"; do
  rc=0
  "check_$c" || rc=$?
  if ((rc)); then
    failed+=("$c")
    ((rc > status)) && status=$rc
  fi
done
if ((${#failed[@]})); then
  echo "lint: FAILED: ${failed[*]}" >&2
else
  echo "lint: ok (${checks[*]})" >&2
fi
exit "$status"
