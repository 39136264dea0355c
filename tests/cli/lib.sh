# shellcheck shell=bash
# Shared helpers for the end-to-end suites (tests/cli/test_*.sh).
#
# Sourced by every suite. The suite runs with
#   DUBAN=<path of the built binary>  DUBAN_SOURCE_DIR=<source tree>
# and ends with `finish`, which prints exactly one line "N passed, M failed"
# and exits non-zero when M > 0.
#
# Conventions:
#   run ARGS...            run "$DUBAN" ARGS in the current directory; sets
#                          RC, OUT, ERR (trailing newlines stripped) and the raw
#                          files $OUT_FILE / $ERR_FILE; LAST_CMD for messages.
#   run_env VAR=V... -- ARGS...   the same with extra environment.
#   expect_*               one assertion each; a failure prints the command,
#                          what was expected and what came out.
#   new_workspace [UNIT...]  `duban init` in a fresh scratch dir (cd into it,
#                          $WS is its path), then `duban units add` for each
#                          UNIT given as "NAME[:ALIAS[:ALIAS…]]".
#   use_fixture [NAME]     copy tests/fixtures/NAME (default office-small) to
#                          a fresh scratch dir, cd into it, set $WS.
#   snapshot / expect_unchanged   checksums of the whole workspace tree.

set -u

if [[ -z "${DUBAN:-}" ]]; then
  echo "lib.sh: set DUBAN to the built duban binary" >&2
  exit 2
fi
if [[ "$DUBAN" != /* ]]; then
  DUBAN="$(cd "$(dirname "$DUBAN")" && pwd)/$(basename "$DUBAN")"
fi
if [[ ! -x "$DUBAN" ]]; then
  echo "lib.sh: $DUBAN is not an executable" >&2
  exit 2
fi
: "${DUBAN_SOURCE_DIR:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
FIXTURES="$DUBAN_SOURCE_DIR/tests/fixtures"
SUITE_NAME="$(basename "${0%.sh}")"

SCRATCH="$(mktemp -d "${TMPDIR:-/tmp}/duban-e2e.XXXXXX")"
trap 'cd /; rm -rf "$SCRATCH"' EXIT
trap 'exit 130' HUP INT TERM PIPE
OUT_FILE="$SCRATCH/.stdout"
ERR_FILE="$SCRATCH/.stderr"

# A known environment: no workspace from outside, no colour preferences, no
# editor, the default lock timeout (lock tests set DUBAN_LOCK_TIMEOUT=0 per
# command), a fixed "today".
unset DUBAN_DIR NO_COLOR VISUAL EDITOR DUBAN_LOCK_TIMEOUT
export DUBAN_TODAY=2025-10-15
export TZ=UTC
export GIT_CONFIG_NOSYSTEM=1
# Imports record their staging tokens under $XDG_STATE_HOME/duban: a private
# one per suite, so that no suite touches the user's own.
export XDG_STATE_HOME="$SCRATCH/.state"

# python3 checks JSON and table columns; resolve it once (version-manager
# shims are slow to start).
PYTHON="$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null || echo python3)"

PASSED=0
FAILED=0
RC=0
OUT=""
ERR=""
LAST_CMD=""
_ws_counter=0

# ---------------------------------------------------------------- reporting

# has_python_module MODULE PACKAGE: whether /usr/bin/python3 imports MODULE;
# when not, says so (the Debian PACKAGE to install) and that only the files'
# presence is checked.
has_python_module() {
  /usr/bin/python3 -c "import $1" 2>/dev/null && return 0
  echo "SKIP: /usr/bin/python3 has no $1 (apt install $2); only the files' presence is checked"
  return 1
}

# yaml_is DESC FILE EXPR: EXPR (Python) holds for the task file's YAML `t`.
yaml_is() {
  local desc="$1" file="$2" expr="$3" msg
  if msg="$(/usr/bin/python3 -c '
import sys, yaml
t = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
log = t["log"]
ok = eval(sys.argv[2])
print(ok)
sys.exit(0 if ok is True else 1)
' "$file" "$expr" 2>&1)"; then pass "$desc"; else fail "$desc" "$msg"; fi
}

_q() {  # the arguments quoted for a message
  local out="" a
  for a in "$@"; do
    out+="$(printf '%q' "$a") "
  done
  printf '%s' "${out% }"
}

pass() { PASSED=$((PASSED + 1)); [[ -n "${VERBOSE:-}" ]] && echo "ok: $*"; return 0; }

# fail DESCRIPTION [DETAIL…]
fail() {
  FAILED=$((FAILED + 1))
  {
    echo "FAIL [$SUITE_NAME:${BASH_LINENO[1]:-?}]: $1"
    echo "  command: $LAST_CMD"
    shift
    local d
    for d in "$@"; do
      printf '%s\n' "$d" | sed 's/^/  /'
    done
    if [[ -s "$ERR_FILE" ]]; then
      echo "  stderr was:"
      head -n 8 "$ERR_FILE" | sed 's/^/    | /'
    fi
  } >&2
  return 1
}

# check DESCRIPTION COMMAND…: a generic assertion on a shell command.
check() {
  local desc="$1"
  shift
  if "$@"; then pass "$desc"; else fail "$desc" "check failed: $(_q "$@")"; fi
}

# reduced: true when this run takes reduced workloads (see workload).
reduced() { [[ -n "${DUBAN_SANITIZED:-}${DUBAN_REDUCED:-}" && "${DUBAN_REDUCED:-1}" != 0 ]]; }

# workload NAME FULL REDUCED: how much of a heavy workload to run. The
# sanitizer build (DUBAN_SANITIZED=1, several times slower) and
# DUBAN_REDUCED=1 take REDUCED, and the suite says so on stderr, so each
# test stays far from its timeout on a busy two-core machine; an explicit
# environment variable NAME wins over both.
workload() {
  local name="$1" full="$2" reduced="$3"
  if [[ -n "${!name:-}" ]]; then
    echo "${!name}"
  elif reduced; then
    echo "$SUITE_NAME: reduced workload: $name=$reduced (full run: $full)" >&2
    echo "$reduced"
  else
    echo "$full"
  fi
}

# A command that does not exist (a misspelt helper) fails the suite instead of
# passing in silence. Bash runs this in a subshell, so it leaves a mark on disk.
command_not_found_handle() {
  echo "FAIL [$SUITE_NAME:${BASH_LINENO[0]:-?}]: no such command: $1" >&2
  echo "$1" >>"$SCRATCH/.not-found"
  return 127
}

finish() {
  if [[ -s "$SCRATCH/.not-found" ]]; then
    FAILED=$((FAILED + $(wc -l <"$SCRATCH/.not-found")))
  fi
  echo "$PASSED passed, $FAILED failed"
  if ((FAILED > 0)); then
    exit 1
  fi
  exit 0
}

# ---------------------------------------------------------------- running

# _collect RC [MAX-BYTES]: RC, OUT and ERR of the command just run.
_collect() {
  RC=$1
  if [[ -n "${2:-}" ]]; then
    OUT="$(head -c "$2" "$OUT_FILE")"
    ERR="$(head -c "$2" "$ERR_FILE")"
  else
    OUT="$(cat "$OUT_FILE")"
    ERR="$(cat "$ERR_FILE")"
  fi
  return 0
}

run() {
  LAST_CMD="duban $(_q "$@")"
  "$DUBAN" "$@" >"$OUT_FILE" 2>"$ERR_FILE" </dev/null
  _collect $?
}

# run_limited SECONDS ARGS…: like run, killed after SECONDS (exit 124); OUT
# and ERR hold at most 100,000 bytes each.
run_limited() {
  local secs="$1"
  shift
  LAST_CMD="duban $(_q "$@")"
  timeout "$secs" "$DUBAN" "$@" >"$OUT_FILE" 2>"$ERR_FILE" </dev/null
  _collect $? 100000
}

# run_env VAR=VALUE… -- ARGS…
run_env() {
  local envs=()
  while (($#)) && [[ "$1" != "--" ]]; do
    envs+=("$1")
    shift
  done
  shift
  LAST_CMD="${envs[*]} duban $(_q "$@")"
  env "${envs[@]}" "$DUBAN" "$@" >"$OUT_FILE" 2>"$ERR_FILE" </dev/null
  _collect $?
}

# The first line of stdout / stderr, for messages.
_first() { head -n 3 "$1" | sed 's/^/    | /'; }

# ---------------------------------------------------------------- assertions

expect_exit() {
  local want="$1" desc="${2:-exit code $1}"
  if [[ "$RC" == "$want" ]]; then
    pass "$desc"
  else
    fail "$desc" "expected exit code $want, got $RC" "stdout:" "$(_first "$OUT_FILE")"
  fi
}

expect_stdout_eq() {
  local want="$1" desc="${2:-stdout equals}"
  if [[ "$OUT" == "$want" ]]; then
    pass "$desc"
  else
    fail "$desc" "expected stdout:" "$(printf '%s\n' "$want" | sed 's/^/    > /')" "got:" \
      "$(printf '%s\n' "$OUT" | head -n 20 | sed 's/^/    < /')"
  fi
}

expect_stderr_eq() {
  local want="$1" desc="${2:-stderr equals}"
  if [[ "$ERR" == "$want" ]]; then
    pass "$desc"
  else
    fail "$desc" "expected stderr:" "$(printf '%s\n' "$want" | sed 's/^/    > /')" "got:" \
      "$(printf '%s\n' "$ERR" | sed 's/^/    < /')"
  fi
}

expect_stdout_contains() {
  local want="$1" desc="${2:-stdout contains '$1'}"
  if [[ "$OUT" == *"$want"* ]]; then pass "$desc"; else
    fail "$desc" "stdout does not contain: $want" "stdout:" "$(head -n 20 "$OUT_FILE" | sed 's/^/    < /')"
  fi
}

expect_stdout_not_contains() {
  local bad="$1" desc="${2:-stdout does not contain '$1'}"
  if [[ "$OUT" != *"$bad"* ]]; then pass "$desc"; else
    fail "$desc" "stdout contains: $bad" "stdout:" "$(head -n 20 "$OUT_FILE" | sed 's/^/    < /')"
  fi
}

expect_stderr_contains() {
  local want="$1" desc="${2:-stderr contains '$1'}"
  if [[ "$ERR" == *"$want"* ]]; then pass "$desc"; else
    fail "$desc" "stderr does not contain: $want"
  fi
}

expect_stderr_not_contains() {
  local bad="$1" desc="${2:-stderr does not contain '$1'}"
  if [[ "$ERR" != *"$bad"* ]]; then pass "$desc"; else
    fail "$desc" "stderr contains: $bad"
  fi
}

expect_stderr_empty() {
  local desc="${1:-stderr is empty}"
  if [[ -z "$ERR" ]]; then pass "$desc"; else fail "$desc" "stderr is not empty"; fi
}

expect_stdout_empty() {
  local desc="${1:-stdout is empty}"
  if [[ -z "$OUT" ]]; then pass "$desc"; else
    fail "$desc" "stdout is not empty:" "$(head -n 5 "$OUT_FILE" | sed 's/^/    < /')"
  fi
}

# expect_stdout_line LINE: LINE is one whole line of stdout.
expect_stdout_line() {
  local want="$1" desc="${2:-stdout has the line '$1'}"
  if grep -Fxq -- "$want" "$OUT_FILE"; then pass "$desc"; else
    fail "$desc" "no stdout line equal to: $want" "stdout:" "$(head -n 25 "$OUT_FILE" | sed 's/^/    < /')"
  fi
}

# expect_stdout_match REGEX (grep -E, on some line)
expect_stdout_match() {
  local re="$1" desc="${2:-stdout matches /$1/}"
  if grep -Eq -- "$re" "$OUT_FILE"; then pass "$desc"; else
    fail "$desc" "no stdout line matches: $re" "stdout:" "$(head -n 25 "$OUT_FILE" | sed 's/^/    < /')"
  fi
}

expect_stderr_match() {
  local re="$1" desc="${2:-stderr matches /$1/}"
  if grep -Eq -- "$re" "$ERR_FILE"; then pass "$desc"; else
    fail "$desc" "no stderr line matches: $re"
  fi
}

# expect_usage_error: exit 2, "duban: error: …" and a "Usage:" line on stderr.
expect_usage_error() {
  local desc="${1:-usage error}"
  if [[ "$RC" == 2 ]] && grep -q '^duban: error: ' "$ERR_FILE" && grep -q '^Usage: ' "$ERR_FILE"; then
    pass "$desc"
  else
    fail "$desc" "expected exit 2 with 'duban: error:' and 'Usage:' on stderr; got exit $RC"
  fi
}

# expect_data_error [MESSAGE-PART]: exit 3 with "duban: error: …" on stderr.
expect_data_error() {
  local part="${1:-}" desc="${2:-data error (exit 3)${1:+ mentioning '$1'}}"
  if [[ "$RC" == 3 ]] && grep -q '^duban: error: ' "$ERR_FILE" && [[ "$ERR" == *"$part"* ]]; then
    pass "$desc"
  else
    fail "$desc" "expected exit 3 with 'duban: error: …${part}' on stderr; got exit $RC"
  fi
}

# expect_ids ID…: the first column of a --format csv output, in order.
expect_csv_ids() {
  local want="$*" got
  got="$(tail -n +2 "$OUT_FILE" | cut -d, -f1 | tr '\n' ' ')"
  got="${got% }"
  if [[ "$RC" == 0 && "$got" == "$want" ]]; then pass "ids: $want"; else
    fail "ids listed" "expected ids: $want" "got ids:      $got (exit $RC)"
  fi
}

# ---- files

expect_file_exists() {
  if [[ -f "$1" ]]; then pass "file $1 exists"; else fail "file $1 exists" "no such file: $1"; fi
}

expect_no_file() {
  if [[ ! -e "$1" ]]; then pass "no file $1"; else fail "no file $1" "exists: $1"; fi
}

# expect_file_line FILE LINE: LINE is one whole line of FILE.
expect_file_line() {
  local file="$1" want="$2" desc="${3:-$1 has the line '$2'}"
  if [[ -f "$file" ]] && grep -Fxq -- "$want" "$file"; then pass "$desc"; else
    fail "$desc" "no line equal to: $want" "$file:" "$( [[ -f "$file" ]] && sed 's/^/    | /' "$file" | head -n 40)"
  fi
}

expect_file_no_line() {
  local file="$1" bad="$2" desc="${3:-$1 has no line '$2'}"
  if [[ -f "$file" ]] && ! grep -Fxq -- "$bad" "$file"; then pass "$desc"; else
    fail "$desc" "line present (or file missing): $bad"
  fi
}

expect_file_match() {
  local file="$1" re="$2" desc="${3:-$1 matches /$2/}"
  if [[ -f "$file" ]] && grep -Eq -- "$re" "$file"; then pass "$desc"; else
    fail "$desc" "no line matches: $re" "$file:" "$( [[ -f "$file" ]] && sed 's/^/    | /' "$file" | head -n 40)"
  fi
}

expect_file_eq() {  # expect_file_eq FILE EXPECTED-TEXT (without the final newline)
  local file="$1" want="$2" desc="${3:-$1 has the expected content}"
  if [[ -f "$file" && "$(cat "$file")" == "$want" ]]; then pass "$desc"; else
    fail "$desc" "$(diff <(printf '%s\n' "$want") "$file" 2>&1 | head -n 30)"
  fi
}

# expect_file_tail FILE TEXT: FILE ends with the lines of TEXT.
expect_file_tail() {
  local file="$1" want="$2" desc="${3:-$1 ends with the expected lines}"
  local n
  n="$(printf '%s\n' "$want" | wc -l)"
  if [[ -f "$file" && "$(tail -n "$n" "$file")" == "$want" ]]; then pass "$desc"; else
    fail "$desc" "expected the last $n lines:" "$(printf '%s\n' "$want" | sed 's/^/    > /')" "got:" \
      "$( [[ -f "$file" ]] && tail -n "$n" "$file" | sed 's/^/    < /')"
  fi
}

expect_same_file() {
  local a="$1" b="$2" desc="${3:-$2 is byte-identical to $1}"
  if cmp -s "$a" "$b"; then pass "$desc"; else fail "$desc" "$(diff "$a" "$b" 2>&1 | head -n 20)"; fi
}

# ---- the workspace tree

# The checksum of every file and the list of every directory under DIR
# (default: the current one), except the local .duban/ (lock, cache).
tree_state() {
  local dir="${1:-.}"
  (
    cd "$dir" || exit 1
    find . -path ./.duban -prune -o -type d -print | LC_ALL=C sort
    find . -path ./.duban -prune -o -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum
  )
}

snapshot() { SNAPSHOT="$(tree_state "${1:-.}")"; }

expect_unchanged() {
  local desc="${1:-the workspace is unchanged}"
  local now
  now="$(tree_state "${2:-.}")"
  if [[ "$now" == "${SNAPSHOT:-}" ]]; then pass "$desc"; else
    fail "$desc" "the workspace changed:" "$(diff <(printf '%s\n' "$SNAPSHOT") <(printf '%s\n' "$now") | head -n 20)"
  fi
}
# The name the brief uses.
expect_file_unchanged() { expect_unchanged "$@"; }

# ---- JSON and tables (python3)

expect_stdout_json() {
  local desc="${1:-stdout is valid JSON}"
  if "$PYTHON" -c 'import json,sys; json.load(sys.stdin)' <"$OUT_FILE" 2>/dev/null; then pass "$desc"; else
    fail "$desc" "not valid JSON:" "$(head -n 10 "$OUT_FILE" | sed 's/^/    < /')"
  fi
}

# json_eval EXPR: evaluate a Python expression on the parsed stdout `d`; prints
# str() of the result (lists joined by spaces).
json_eval() {
  "$PYTHON" -c '
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
r = eval(sys.argv[2])
if isinstance(r, (list, tuple)):
    print(" ".join(str(x) for x in r))
elif r is None:
    print("null")
elif isinstance(r, bool):
    print("true" if r else "false")
else:
    print(r)
' "$OUT_FILE" "$1" 2>&1
}

# expect_json EXPR VALUE
expect_json() {
  local expr="$1" want="$2" got
  got="$(json_eval "$expr")"
  if [[ "$got" == "$want" ]]; then pass "json $expr == $want"; else
    fail "json $expr" "expected: $want" "got:      $got"
  fi
}

# expect_aligned HEADER VALUE…: in the text table on stdout, every VALUE starts
# at the same display column as HEADER in the header line (East Asian wide and
# fullwidth characters count as two columns).
expect_aligned() {
  local header="$1"
  shift
  local msg
  if msg="$("$PYTHON" - "$OUT_FILE" "$header" "$@" <<'PY'
import sys, unicodedata
path, header, values = sys.argv[1], sys.argv[2], sys.argv[3:]
lines = open(path, encoding="utf-8").read().split("\n")
def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
def col(line, s):
    i = line.find(s)
    return None if i < 0 else width(line[:i])
want = col(lines[0], header)
if want is None:
    print(f"header {header!r} not in the first line: {lines[0]!r}")
    sys.exit(1)
bad = []
for v in values:
    found = [(n, col(l, v)) for n, l in enumerate(lines[1:], 2) if v in l]
    if not found:
        bad.append(f"{v!r} is on no line")
    for n, c in found:
        if c != want:
            bad.append(f"line {n}: {v!r} at column {c}, header {header!r} at column {want}")
if bad:
    print("\n".join(bad))
    sys.exit(1)
PY
)"; then
    pass "column $header aligned"
  else
    fail "column $header aligned" "$msg" "stdout:" "$(head -n 15 "$OUT_FILE" | sed 's/^/    < /')"
  fi
}

expect_no_escape_bytes() {
  local desc="${1:-no escape bytes on stdout}"
  if ! LC_ALL=C grep -q $'\x1b' "$OUT_FILE"; then pass "$desc"; else
    fail "$desc" "stdout holds ESC bytes:" "$(LC_ALL=C grep -n $'\x1b' "$OUT_FILE" | head -n 3 | cat -v)"
  fi
}

# ---------------------------------------------------------------- workspaces

# _new_dir PREFIX: sets NEW_DIR to a fresh path in the scratch dir.
_new_dir() {
  _ws_counter=$((_ws_counter + 1))
  NEW_DIR="$SCRATCH/${1:-ws}-$_ws_counter"
}

# new_workspace [UNIT…] where UNIT is NAME or NAME:ALIAS[:ALIAS…]
new_workspace() {
  _new_dir ws
  WS="$NEW_DIR"
  if ! "$DUBAN" init "$WS" >/dev/null 2>"$ERR_FILE"; then
    echo "new_workspace: duban init failed: $(cat "$ERR_FILE")" >&2
    FAILED=$((FAILED + 1))
    return 1
  fi
  cd "$WS" || return 1
  local spec name args
  for spec in "$@"; do
    IFS=: read -r -a parts <<<"$spec"
    name="${parts[0]}"
    args=()
    local a
    for a in "${parts[@]:1}"; do
      args+=(--alias "$a")
    done
    if ! "$DUBAN" units add "$name" "${args[@]}" >/dev/null 2>"$ERR_FILE"; then
      echo "new_workspace: duban units add $name failed: $(cat "$ERR_FILE")" >&2
      FAILED=$((FAILED + 1))
      return 1
    fi
  done
}

# The units most suites use.
# shellcheck disable=SC2034  # used by the suites
STD_UNITS=(市发改委:发改委:市发展和改革委员会 市财政局:财政局 市住建局:住建局 城东区:东区)

# use_fixture [NAME]: a private copy of tests/fixtures/NAME.
use_fixture() {
  local name="${1:-office-small}"
  _new_dir "$name"
  WS="$NEW_DIR"
  cp -r "$FIXTURES/$name" "$WS" || { echo "use_fixture: no fixture $name" >&2; exit 2; }
  cd "$WS" || exit 2
}

# task_file ID: the path of a task's file in the current workspace.
task_file() { echo "tasks/${1:0:4}/$1.yaml"; }
