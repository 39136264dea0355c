#!/usr/bin/env bash
# duban import --on-duplicate update (SPEC §10): an updating re-import never
# rewrites history. A changed deadline is an `extend` entry, a changed lead a
# transfer (`assign` with `from`), a changed status the matching state change;
# a value the task already had (a stale spreadsheet) is not applied again, a
# closed task keeps its deadline, lead and status (a warning says so), and the
# report of a closed month is the same after the import as before it.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

TMPIN="$SCRATCH/in"
mkdir -p "$TMPIN"
HEADER="事项名称,来源,文号,牵头单位,立项日期,办结时限"

# sheet NAME ROW…: a CSV file in TMPIN with HEADER (or $SHEET_HEADER) and ROWs.
sheet() {
  local name="$1"
  shift
  printf '%s\n' "${SHEET_HEADER:-$HEADER}" "$@" >"$TMPIN/$name"
}

# january_report: the January 2026 report as JSON on stdout.
january_report() { run report --from 2026-01-01 --to 2026-01-31 --format json; }

new_workspace 甲局 乙局
export DUBAN_TODAY=2026-01-06
sheet jan.csv "X,领导批示,督〔2026〕1号,甲局,2026-01-05,2026-01-20"
run import "$TMPIN/jan.csv"
expect_exit 0 "the first import"
ID="$OUT"
F="$(task_file "$ID")"

# ---------------------------------------------------------------- a later deadline
export DUBAN_TODAY=2026-02-10
january_report
expect_exit 0 "January's report before the re-import"
JAN_BEFORE="$OUT"
expect_json "d['totals']['overdue']" 1
sheet later.csv "X,领导批示,督〔2026〕1号,甲局,2026-01-05,2026-06-30"
run import "$TMPIN/later.csv" --on-duplicate update
expect_exit 0 "re-import with a later deadline"
expect_file_line "$F" "due: 2026-06-30" "the new deadline is in force"
expect_file_tail "$F" "  - date: 2026-02-10
    type: extend
    from: 2026-01-20
    to: 2026-06-30
    reason: import from later.csv" "the change is an extend entry (from, to, reason naming the file)"
check "no note entry stands in for the extension" test "$(grep -c 'type: note' "$F")" = 0
january_report
check "January's report is the same after the re-import" test "$OUT" = "$JAN_BEFORE"
expect_json "d['totals']['overdue']" 1

run import "$TMPIN/later.csv" --on-duplicate update
expect_exit 0 "the same sheet again"
expect_stderr_contains "0 updated, 1 unchanged" "the same sheet again changes nothing"

# ---------------------------------------------------------------- the same sheet after extend + done
run extend "$ID" --to 2026-07-31 --reason 协调中
expect_exit 0 "extend in duban"
run done "$ID" --result 已完成
expect_exit 0 "done in duban"
snapshot
run import "$TMPIN/later.csv" --on-duplicate update
expect_exit 0 "re-import the older sheet after extend + done"
expect_unchanged "a deadline the task already had does not revert the closed task"
run import "$TMPIN/jan.csv" --on-duplicate update
expect_exit 0 "re-import the first sheet"
expect_unchanged "the original deadline does not come back either"

sheet new-due.csv "X,领导批示,督〔2026〕1号,甲局,2026-01-05,2026-09-30"
run import "$TMPIN/new-due.csv" --on-duplicate update
expect_exit 0 "a new deadline for a closed task is not an error"
expect_unchanged "a closed task's deadline is never changed by an import"
expect_stderr_match "later|new-due.csv:2: .*$ID.*(closed|办结).*2026-07-31.*2026-09-30" "a warning names the row, the task and both deadlines"

# ---------------------------------------------------------------- lead transfer and stale leads
new_workspace 甲局 乙局
export DUBAN_TODAY=2026-01-06
sheet jan.csv "Y,领导批示,督〔2026〕2号,甲局,2026-01-05,2026-01-20"
run import "$TMPIN/jan.csv"
ID="$OUT"
F="$(task_file "$ID")"
export DUBAN_TODAY=2026-02-10
# by_unit: January's counts per lead unit and in total (the overdue list names
# the task's lead unit of today, whatever changed it)
by_unit() {
  run report --from 2026-01-01 --to 2026-01-31 --by unit --format json
  json_eval "[d['totals'], d['groups'], [(t['id'], t['due'], t['days_overdue']) for t in d['overdue']]]"
}
JAN_BEFORE="$(by_unit)"
expect_json "d['groups'][0]['key']" 甲局
sheet to-yi.csv "Y,领导批示,督〔2026〕2号,乙局,2026-01-05,2026-01-20"
run import "$TMPIN/to-yi.csv" --on-duplicate update
expect_exit 0 "re-import with another lead unit"
expect_file_line "$F" "lead: 乙局"
expect_file_tail "$F" "  - date: 2026-02-10
    type: assign
    to: 乙局
    from: 甲局" "the change of lead is a transfer (assign from → to)"
check "January's report by unit is the same after the transfer" test "$(by_unit)" = "$JAN_BEFORE"
expect_json "d['groups'][0]['key']" 甲局
snapshot
run import "$TMPIN/jan.csv" --on-duplicate update
expect_exit 0 "re-import the first sheet (the old lead)"
expect_unchanged "a lead the task had before does not come back"

# ---------------------------------------------------------------- status changes
SHEET_HEADER="事项名称,来源,文号,牵头单位,立项日期,办结时限,状态,办结日期"
sheet done.csv "Y,领导批示,督〔2026〕2号,乙局,2026-01-05,2026-01-20,已办结,2026-01-25"
run import "$TMPIN/done.csv" --on-duplicate update
expect_exit 0 "re-import saying the task was closed in January"
expect_file_line "$F" "status: done"
expect_file_tail "$F" "  - date: 2026-02-10
    type: done" "the closing is a done entry dated the import day"
expect_stderr_match "done.csv:2: .*2026-01-25" "a warning says the closing date of a closed month is not back-dated"
check "January's report is the same after the closing" test "$(by_unit)" = "$JAN_BEFORE"
snapshot
sheet active.csv "Y,领导批示,督〔2026〕2号,乙局,2026-01-05,2026-01-20,办理中,"
run import "$TMPIN/active.csv" --on-duplicate update
expect_exit 0 "an older sheet saying 办理中"
expect_unchanged "an import does not reopen a closed task"
expect_stderr_match "active.csv:2: .*$ID" "a warning names the row and the task"

finish
