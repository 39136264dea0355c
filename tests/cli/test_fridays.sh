#!/usr/bin/env bash
# The Friday overdue list of every week of 2025 on examples/office, as it stood
# on that Friday (SPEC §8: `overdue --as-of D` rebuilds status, deadline in
# force, milestones, last feedback, escalation and lead from the log), against
# tests/fixtures/fridays/D.json, which tests/fixtures/make-fridays.py computes
# from the task files by the SPEC's rules without running duban. Also: the
# tasks red by their deadline on D are exactly the overdue tasks of
# `report --from D --to D` (§9), and the fixtures are what the generator makes
# of today's examples/office (so neither drifts from the other).
source "$(dirname "$0")/lib.sh"

FRIDAYS="$FIXTURES/fridays"
GEN="$FIXTURES/make-fridays.py"

# The copy of the example office that duban reads (its cache goes there).
_new_dir office
WS="$NEW_DIR"
cp -r "$DUBAN_SOURCE_DIR/examples/office" "$WS"
OUTS="$SCRATCH/outs"
mkdir -p "$OUTS"

# The fixtures are the generator's output for the example office as it is now.
if [[ -x /usr/bin/python3 ]] && /usr/bin/python3 -c 'import yaml' 2>/dev/null; then
  LAST_CMD="/usr/bin/python3 tests/fixtures/make-fridays.py"
  if /usr/bin/python3 "$GEN" "$DUBAN_SOURCE_DIR/examples/office" "$SCRATCH/regen" 2025 2>"$ERR_FILE" &&
    diff -r "$FRIDAYS" "$SCRATCH/regen" >"$OUT_FILE" 2>&1; then
    pass "fixtures are make-fridays.py's output for examples/office"
  else
    fail "fixtures are make-fridays.py's output for examples/office (rerun it and commit)" "$(head -n 20 "$OUT_FILE")"
  fi
else
  echo "test_fridays: /usr/bin/python3 with python3-yaml missing; fixtures not regenerated" >&2
fi

n=0
for fixture in "$FRIDAYS"/2025-*.json; do
  d="$(basename "$fixture" .json)"
  n=$((n + 1))
  # "Today" after the year, so that the report's period is never cut short.
  run_env DUBAN_TODAY=2026-01-15 -- --dir "$WS" overdue --as-of "$d" --format json
  cp "$OUT_FILE" "$OUTS/$d.overdue.json"
  echo "$RC" >"$OUTS/$d.overdue.rc"
  run_env DUBAN_TODAY=2026-01-15 -- --dir "$WS" report --from "$d" --to "$d" --format json
  cp "$OUT_FILE" "$OUTS/$d.report.json"
  echo "$RC" >"$OUTS/$d.report.rc"
done
check "52 Fridays in the fixtures" test "$n" -eq 52

# One python3 run compares them all; it prints "ok|FAIL<TAB>description<TAB>detail".
LAST_CMD="duban overdue --as-of D --format json / duban report --from D --to D --format json"
while IFS=$'\t' read -r verdict desc detail; do
  if [[ "$verdict" == ok ]]; then
    pass "$desc"
  else
    fail "$desc" "$(printf '%b' "$detail")"
  fi
done < <("$PYTHON" - "$FRIDAYS" "$OUTS" <<'PY'
import glob, json, os, sys

fixtures, outs = sys.argv[1], sys.argv[2]
FIELDS = ("light", "due", "days_overdue", "workdays_overdue", "feedback_late",
          "last_progress", "escalation", "lead")

def say(ok, desc, detail=""):
    print("ok" if ok else "FAIL", desc, detail.replace("\t", " ").replace("\n", "\\n"), sep="\t")

def load(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        return e

def norm(v):
    return None if v == "" else v  # an empty lead or progress date is none

for fx in sorted(glob.glob(os.path.join(fixtures, "2025-*.json"))):
    d = os.path.basename(fx)[:-5]
    want = load(fx)
    for what in ("overdue", "report"):
        rc = open(os.path.join(outs, f"{d}.{what}.rc")).read().strip()
        say(rc == "0", f"{d}: {what} exits 0", f"exit {rc}")
    got = load(os.path.join(outs, f"{d}.overdue.json"))
    rep = load(os.path.join(outs, f"{d}.report.json"))
    if isinstance(got, Exception) or not isinstance(got, dict):
        say(False, f"{d}: overdue prints JSON", str(got))
        continue
    # The counts the generator models (red, yellow, feedback_late); requests
    # and receipts are test_requests.sh's and test_receipt.sh's.
    summary = {k: (got.get("summary") or {}).get(k) for k in want["summary"]}
    say(summary == want["summary"], f"{d}: overdue summary",
        f"expected {want['summary']}\ngot      {got.get('summary')}")
    gi = {i["id"]: i for i in got.get("items", [])}
    wi = {i["id"]: i for i in want["items"]}
    missing = sorted(set(wi) - set(gi))
    extra = sorted(set(gi) - set(wi))
    say(not missing and not extra, f"{d}: overdue lists the expected tasks",
        f"missing {missing}, not expected {extra}")
    for tid in sorted(set(wi) & set(gi)):
        diffs = [f"{k}: expected {wi[tid][k]!r}, got {norm(gi[tid].get(k))!r}"
                 for k in FIELDS if norm(gi[tid].get(k)) != wi[tid][k]]
        say(not diffs, f"{d}: {tid} as expected", "\n".join(diffs))
    red = sorted(i["id"] for i in got.get("items", [])
                 if i.get("light") == "red" and i.get("due") and i["due"] < d)
    want_red = sorted(i["id"] for i in want["items"] if i["red_by_deadline"])
    if isinstance(rep, Exception) or not isinstance(rep, dict):
        say(False, f"{d}: report prints JSON", str(rep))
        continue
    listed = sorted(t["id"] for t in rep.get("overdue", []))
    say(listed == red, f"{d}: report's overdue tasks are overdue's red-by-deadline ones",
        f"report {listed}\noverdue {red}")
    say(listed == want_red, f"{d}: report's overdue tasks are the expected ones",
        f"report   {listed}\nexpected {want_red}")
PY
)

finish
