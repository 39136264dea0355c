#!/usr/bin/env bash
# The duban benchmark (SPEC §13): generates workspaces of 1k / 10k / 100k tasks,
# times the read and write commands against `git status` and Taskwarrior, and
# prints a table of medians and of the ratios the targets are stated in.
#
#   bench/run.sh [SIZE...]            default: $BENCH_SIZES or "1000 10000 100000"
#
# Environment:
#   BENCH_DIR      where workspaces, Taskwarrior data and results go (default /tmp/duban-bench);
#                  generated workspaces are kept there and reused while the generator is unchanged
#   DUBAN          the duban binary to time (default: a Release build in $BENCH_DIR/build)
#   BENCH_TODAY    DUBAN_TODAY for every run (default 2025-12-01, the generator's "today")
#   BENCH_RUNS     runs per measurement (default 5); BENCH_SLOW_RUNS for slow ones (default 3)
#   BENCH_RESULTS  append to this results file instead of a new one (to merge several runs)
#   BENCH_NO_TASKWARRIOR=1  skip Taskwarrior even when it is installed
#
# It never asserts a time: it prints. Cold = no .duban/cache (the OS page cache
# stays warm); warm = the cache is up to date. Each row also records CPU time
# and the load average: on a shared machine, read wall times next to them.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
BENCH_DIR="${BENCH_DIR:-/tmp/duban-bench}"
TODAY="${BENCH_TODAY:-2025-12-01}"
RUNS="${BENCH_RUNS:-5}"
SLOW="${BENCH_SLOW_RUNS:-3}"
read -r -a SIZES <<<"${*:-${BENCH_SIZES:-1000 10000 100000}}"
mkdir -p "$BENCH_DIR"
BENCH_DIR="$(cd "$BENCH_DIR" && pwd)"
RESULTS="${BENCH_RESULTS:-$BENCH_DIR/results-$(date +%Y%m%d-%H%M%S).jsonl}"
touch "$RESULTS"
PY="$(command -v python3)"
T="$PY $here/timeit.py"
log() { echo "bench: $*" >&2; }

if [[ -z "${DUBAN:-}" ]]; then
  log "building duban (Release) in $BENCH_DIR/build"
  cmake -S "$root" -B "$BENCH_DIR/build" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$BENCH_DIR/build" -j"$(nproc)" --target duban >/dev/null
  DUBAN="$BENCH_DIR/build/duban"
fi
DUBAN="$(cd "$(dirname "$DUBAN")" && pwd)/$(basename "$DUBAN")"

# Taskwarrior 2.6 from Debian, like scripts/setup.sh installs packages; optional.
HAVE_TW=0
if [[ -z "${BENCH_NO_TASKWARRIOR:-}" ]]; then
  if ! command -v task >/dev/null && [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
    log "installing taskwarrior"
    { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends taskwarrior; } \
      >"$BENCH_DIR/apt.log" 2>&1 || log "could not install taskwarrior (see $BENCH_DIR/apt.log); skipping it"
  fi
  command -v task >/dev/null && HAVE_TW=1
  ((HAVE_TW)) || log "no taskwarrior: its rows stay empty"
fi

export DUBAN_TODAY="$TODAY" NO_COLOR=1 TZ=UTC LC_ALL=C.UTF-8
unset DUBAN_DIR
GIT=(git -c user.name=bench -c user.email=bench@localhost -c commit.gpgsign=false)
gen_sum="$(cat "$here/gen_workspace.py" | sha1sum | cut -c1-12)"
# Taskwarrior has no fixed "today": shift its dates so that the real date plays BENCH_TODAY.
shift_days=$(( ($(date -u +%s) - $(date -u -d "$TODAY" +%s)) / 86400 ))

# ------------------------------------------------------------------ one size
bench_size() {
  local n="$1" ws="$BENCH_DIR/ws-$n" stamp="$BENCH_DIR/ws-$n.stamp"
  local want="gen=$gen_sum n=$n today=$TODAY"
  if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" || ! -d "$ws/.git" ]]; then
    log "generating $n tasks in $ws"
    rm -f "$stamp"
    local t0=$EPOCHREALTIME
    "$PY" "$here/gen_workspace.py" "$ws" --tasks "$n" --today "$TODAY" --force --tw-json "$BENCH_DIR/tw-$n.json"
    local t1=$EPOCHREALTIME
    $T note --out "$RESULTS" --name gen --size "$n" --value "$("$PY" -c "print($t1 - $t0)")"
    log "git commit of $n files"
    (cd "$ws" && git init -q && "${GIT[@]}" add -A && "${GIT[@]}" commit -q -m "bench: $n tasks")
    echo "$want" >"$stamp"
  fi
  cd "$ws"
  # A clean tree: undo whatever an interrupted earlier run left.
  git checkout -q -- . && git clean -fdq -- tasks units.yaml
  if [[ -n "$(git status --porcelain)" ]]; then
    log "ws-$n: git status is not clean"; git status --porcelain | head >&2
  fi
  rm -rf .duban
  sleep 2.1  # files modified in the last 2 s are never trusted to the cache

  local fast=(--out "$RESULTS" --size "$n" --runs "$RUNS")
  local slow=(--out "$RESULTS" --size "$n" --runs "$SLOW" --warmup 0)
  local cold=(--pre "rm -f .duban/cache")

  log "ws-$n: timing"
  $T run "${fast[@]}" --name git_status -- git status --porcelain
  # Warm: the first (warm-up) run writes the cache; the timed runs must not rewrite it.
  $T run "${fast[@]}" --warmup 0 --runs 1 --pre "rm -rf .duban" --name overdue_first -- "$DUBAN" overdue --format json
  local m0 m1
  m0="$(stat -c %Y.%y .duban/cache 2>/dev/null || echo none)"
  $T run "${fast[@]}" --name overdue_warm -- "$DUBAN" overdue --format json
  m1="$(stat -c %Y.%y .duban/cache 2>/dev/null || echo none)"
  if [[ "$m0" != "$m1" || "$m0" == none ]]; then
    log "ws-$n: WARNING: warm overdue rewrote (or did not write) .duban/cache ($m0 -> $m1)"
    $T note --out "$RESULTS" --name cache_rewritten_warm --size "$n" --value 1
  fi
  $T note --out "$RESULTS" --name cache_bytes --size "$n" --value "$(stat -c %s .duban/cache 2>/dev/null || echo 0)"
  $T run "${slow[@]}" "${cold[@]}" --name overdue_cold -- "$DUBAN" overdue --format json
  # --jobs 1 and --jobs 2 alternate, so that the noise of a shared machine hits both alike.
  $T pair --out "$RESULTS" --size "$n" --runs "$SLOW" "${cold[@]}" --name-a overdue_cold_j1 --name-b overdue_cold_j2 -- \
    "$DUBAN" --jobs 1 overdue --format json :: "$DUBAN" --jobs 2 overdue --format json
  # One task file just edited (here: touched): re-parsed, and the cache rewritten.
  local files=(tasks/"${TODAY:0:4}"/*.yaml)
  $T run "${fast[@]}" --warmup 0 --pre "touch ${files[0]}" --name overdue_touched -- "$DUBAN" overdue --format json
  sleep 2.1
  "$DUBAN" overdue >/dev/null
  $T run "${fast[@]}" --name report_year_warm -- "$DUBAN" report --period year
  $T run "${fast[@]}" --name list_warm -- "$DUBAN" list
  $T run "${slow[@]}" --name list_json -- "$DUBAN" list --format json
  $T run "${slow[@]}" --name check -- "$DUBAN" check
  $T run "${fast[@]}" --post "git clean -fdq -- tasks && git checkout -q -- ." --name add -- \
    "$DUBAN" add 推进城区热电联产项目二期建设 --kind instruction --ref "江北政批〔2025〕99号" --leader 张市长 \
    --lead 市发改委 --co 市财政局、市住建局 --owner 李明 --due 2025-12-20
  if [[ -n "$(git status --porcelain)" ]]; then
    log "ws-$n: WARNING: git status not clean after the add runs"
  fi

  if ((HAVE_TW)); then
    bench_taskwarrior "$n"
  fi
  cd "$BENCH_DIR"
}

# ------------------------------------------------------------------ Taskwarrior
bench_taskwarrior() {
  local n="$1" dir="$BENCH_DIR/tw-$n"
  local want="gen=$gen_sum n=$n shift=$shift_days"
  export TASKRC="$dir/taskrc"
  if [[ ! -f "$dir/stamp" || "$(cat "$dir/stamp")" != "$want" ]]; then
    log "importing $n tasks into Taskwarrior ($dir)"
    rm -rf "$dir" && mkdir -p "$dir/data"
    printf 'data.location=%s\nconfirmation=off\nhooks=off\nverbose=nothing\nnews.version=2.6.2\n' "$dir/data" >"$TASKRC"
    "$PY" - "$BENCH_DIR/tw-$n.json" "$dir/import.json" "$shift_days" <<'EOF'
import datetime as dt, json, sys
src, dst, shift = sys.argv[1], sys.argv[2], int(sys.argv[3])
def sh(s):
    d = dt.datetime.strptime(s, "%Y%m%dT%H%M%SZ") + dt.timedelta(days=shift)
    return d.strftime("%Y%m%dT%H%M%SZ")
tasks = json.load(open(src, encoding="utf-8"))
for t in tasks:
    for k in ("entry", "due", "end"):
        if k in t:
            t[k] = sh(t[k])
json.dump(tasks, open(dst, "w", encoding="utf-8"), ensure_ascii=False)
EOF
    local t0=$EPOCHREALTIME
    task rc.confirmation=off rc.verbose=nothing import "$dir/import.json" >"$dir/import.log" 2>&1
    local t1=$EPOCHREALTIME
    $T note --out "$RESULTS" --name tw_import --size "$n" --value "$("$PY" -c "print($t1 - $t0)")"
    echo "$want" >"$dir/stamp"
  fi
  $T note --out "$RESULTS" --name tw_pending --size "$n" --value "$(wc -l <"$dir/data/pending.data")"
  local tw=(task rc.confirmation=off rc.verbose=nothing rc.gc=off)
  $T run --out "$RESULTS" --size "$n" --runs "$RUNS" --name task_overdue --ok 0,1 -- "${tw[@]}" overdue
  $T run --out "$RESULTS" --size "$n" --runs "$RUNS" --name task_summary --ok 0,1 -- "${tw[@]}" summary
  unset TASKRC
}

# ------------------------------------------------------------------ import of 10,000 rows
bench_import() {
  local src="$1" dir="$BENCH_DIR/import" csv="$BENCH_DIR/import-10000.csv"
  rm -rf "$dir" && mkdir -p "$dir/tasks"
  cp -r "$src/duban.yaml" "$src/units.yaml" "$src/calendar" "$src/.gitignore" "$dir/"
  if [[ -f "$here/gen_import_csv.py" ]]; then
    "$PY" "$here/gen_import_csv.py" 10000 --units "$src/units.yaml" --today "$TODAY" -o "$csv"
  else
    log "no bench/gen_import_csv.py: cannot make the import CSV; skipping import"
    return
  fi
  log "timing import of 10,000 rows"
  $T run --out "$RESULTS" --size "$2" --runs "$SLOW" --warmup 0 --cwd "$dir" \
    --pre "rm -rf tasks .duban && mkdir tasks" --name import_10k -- "$DUBAN" import "$csv"
  local count
  count="$(find "$dir/tasks" -name '*.yaml' | wc -l)"
  [[ "$count" == 10000 ]] || log "WARNING: import created $count files, not 10000"
}

log "duban $DUBAN; sizes ${SIZES[*]}; results in $RESULTS"
for n in "${SIZES[@]}"; do
  bench_size "$n"
done
if [[ -z "${BENCH_NO_IMPORT:-}" ]]; then
  bench_import "$BENCH_DIR/ws-${SIZES[0]}" "${SIZES[0]}"
fi

echo
$T table "$RESULTS" --today "$TODAY" --machine "$(nproc) cores, $(uname -sr)"
echo
echo "results: $RESULTS"
