#!/usr/bin/env bash
# The check before an issue is resolved: the README's two commands in a fresh
# clone of HEAD, timed, with every test's time against its timeout.
#
#   scripts/busy-check.sh [idle|busy]
#
# idle: scripts/demo.sh, then scripts/test.sh, each in its own fresh clone.
# busy (default): scripts/test.sh in a fresh clone while a second build of
#   the project (make -j2, over and over, in another directory) keeps both
#   cores busy; BUSY_LOAD='COMMAND' runs that command instead (in a loop, in
#   its own process group, stopped when the tests end).
# Prints the total times and, for each ctest pass, the five slowest tests with
# their time, their timeout and the share of it; exits 1 when the test
# command fails or any test took more than 40 % of its timeout.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
mode="${1:-busy}"
work="$(mktemp -d "${TMPDIR:-/tmp}/duban-busy.XXXXXX")"
load_pid=""
cleanup() {
  if [[ -n "$load_pid" ]]; then kill -- -"$load_pid" 2>/dev/null; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

clone() {  # clone DIR: a fresh clone of HEAD
  git clone -q --no-local "$root" "$1" && git -C "$1" checkout -q "$(git -C "$root" rev-parse HEAD)"
}

seconds_since() { echo $(($(date +%s) - $1)); }

if [[ "$mode" == idle ]]; then
  clone "$work/demo" || exit 2
  t0=$(date +%s)
  (cd "$work/demo" && scripts/demo.sh >"$work/demo.log" 2>&1)
  demo_rc=$?
  echo "demo: exit $demo_rc in $(seconds_since "$t0") s (fresh clone, scripts/demo.sh)"
elif [[ "$mode" == busy ]]; then
  clone "$work/load" || exit 2
  # A second compile of the whole project, again and again, in its own
  # process group so that it can be stopped as a whole.
  load="${BUSY_LOAD:-rm -rf b; cmake -S . -B b >/dev/null 2>&1 && cmake --build b -j2 >/dev/null 2>&1}"
  (cd "$work/load" && exec setsid bash -c "while :; do $load; done") &
  load_pid=$!
  echo "busy: load running in a loop (pid $load_pid): $load"
else
  echo "usage: scripts/busy-check.sh [idle|busy]" >&2
  exit 2
fi

clone "$work/test" || exit 2
t0=$(date +%s)
(cd "$work/test" && scripts/test.sh >"$work/test.log" 2>&1)
test_rc=$?
echo "test: exit $test_rc in $(seconds_since "$t0") s (fresh clone, scripts/test.sh, $mode machine)"
cp "$work/test.log" "${TMPDIR:-/tmp}/duban-busy-$mode.log"
echo "log: ${TMPDIR:-/tmp}/duban-busy-$mode.log"

# Each pass's timeouts, as ctest knows them.
for b in build build-asan build-tsan; do
  if [[ -d "$work/test/$b" ]]; then
    (cd "$work/test/$b" && ctest --show-only=json-v1) >"$work/$b.json" 2>/dev/null
  fi
done

python3 - "$work" <<'PY'
import json, os, re, sys
work = sys.argv[1]
log = open(os.path.join(work, "test.log"), encoding="utf-8", errors="replace").read()
passes = re.split(r"^Test project (.*)$", log, flags=re.M)
worst = 0.0
for i in range(1, len(passes), 2):
    build = os.path.basename(passes[i].strip())
    body = passes[i + 1]
    timeouts = {}
    path = os.path.join(work, build + ".json")
    if os.path.exists(path):
        for t in json.load(open(path)).get("tests", []):
            for p in t.get("properties", []):
                if p["name"] == "TIMEOUT":
                    timeouts[t["name"]] = float(p["value"])
    times = [(float(m.group(3)), m.group(1), m.group(2)) for m in
             re.finditer(r"Test +#\d+: (\S+) \.+\**\s*(\w[\w ]*?)\s+([\d.]+) sec", body)]
    total = re.search(r"Total Test time \(real\) = +([\d.]+) sec", body)
    print(f"{build}: {len(times)} tests, {total.group(1) if total else '?'} s of tests")
    for secs, name, status in sorted(times, reverse=True)[:5]:
        limit = timeouts.get(name)
        share = secs / limit if limit else 0.0
        print(f"  {name:32} {secs:8.2f} s  timeout {limit or 0:6.0f} s  {share:5.1%}  {status}")
    for secs, name, _ in times:
        if timeouts.get(name):
            worst = max(worst, secs / timeouts[name])
print(f"largest share of a timeout: {worst:.1%}")
sys.exit(1 if worst > 0.4 else 0)
PY
share_rc=$?
if ((test_rc != 0 || share_rc != 0)); then exit 1; fi
if [[ "$mode" == idle && "${demo_rc:-0}" != 0 ]]; then exit 1; fi
exit 0
