#!/usr/bin/env bash
# duban feedback (SPEC §15): 反馈表 written by `remind --format xlsx`, filled in
# with openpyxl (tests/cli/fill_form.py) as a liaison would, read back: the
# progress, done and extend-request entries; the same form again adds
# nothing; two units' forms in one run; every problem of a refused run with
# FILE:ROW:COL and nothing written; --dry-run; the form saved as CSV; a file
# that is no form.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PY=/usr/bin/python3
FILL="$DUBAN_SOURCE_DIR/tests/cli/fill_form.py"
if ! has_python_module openpyxl python3-openpyxl || ! has_python_module yaml python3-yaml; then
  finish
fi

fill() { "$PY" "$FILL" "$@" || fail "fill_form.py $*"; }

# row_of FILE ID: the row of task ID on the form.
row_of() {
  "$PY" -c '
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
print(next(r for r in range(4, ws.max_row + 1) if ws.cell(r, 1).value == sys.argv[2]))
' "$1" "$2"
}

# yaml_true DESC ID EXPR: EXPR (Python) holds for t, task ID's file as read by PyYAML,
# with log(type) the entries of that type.
yaml_true() {
  local desc="$1" id="$2" expr="$3" msg
  if msg="$("$PY" -c '
import sys, yaml
t = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
log = lambda kind: [e for e in t.get("log", []) if e.get("type") == kind]
ok = eval(sys.argv[2])
print(ok)
sys.exit(0 if ok is True else 1)
' "$(task_file "$id")" "$expr" 2>&1)"; then pass "$desc"; else fail "$desc" "$msg"; fi
}

# forms: the 反馈表 of 市住建局 (with its co-operated task) and of 市水务局 on 2025-10-13.
make_forms() {
  use_fixture chase
  run remind --as-of 2025-10-13 --format xlsx --out forms --unit 住建局
  expect_exit 0 "remind writes the form of 市住建局"
  run remind --as-of 2025-10-13 --format xlsx --out forms --unit 市水务局 --within 10
  expect_exit 0 "remind writes the form of 市水务局"
  HOUSING=forms/2025-10-13-市住建局.xlsx
  WATER=forms/2025-10-13-市水务局.xlsx
  R2="$(row_of "$HOUSING" 2025-0002)"
  R7="$(row_of "$HOUSING" 2025-0007)"
  R1="$(row_of "$HOUSING" 2025-0001)"
  W1="$(row_of "$WATER" 2025-0001)"
  W13="$(row_of "$WATER" 2025-0013)"
  HOUSING_NO="$("$PY" -c 'import sys,openpyxl; print(openpyxl.load_workbook(sys.argv[1])["duban"]["B3"].value)' "$HOUSING")"
}

# The 市住建局 form filled in: 0002 done, 0007 progress and a request, 0001 (co) progress.
fill_housing() {
  fill "$1" "G$R2=改造完成" "H$R2=pct:1" "I$R2=是" "J$R2=已全部完工" "M$R2=刘洋" "N$R2=0571-87003458"
  fill "$1" "G$R7=管道招标中" "H$R7=60%" "K$R7=date:2026-03-31" "L$R7=冬季停工"
  fill "$1" "G$R1=配合完成排查" "H$R1=num:50"
}

# ---------------------------------------------------------------- a valid run, then again

make_forms
fill_housing "$HOUSING"
fill "$WATER" "G$W13=主体施工" "H$W13=30" "K$W1=date:2025-12-31" "L$W1=汛期影响"
run feedback "$HOUSING" "$WATER" --date 2025-10-15
expect_exit 0 "two units' forms in one run"
expect_stderr_contains "2 forms: 5 rows recorded, 0 already recorded; 4 tasks changed"
expect_stdout_line 2025-0002
yaml_true "是 closes the task with 办结情况" 2025-0002 \
  't["status"] == "done" and log("done")[-1]["result"] == "已全部完工" and str(log("done")[-1]["date"]) == "2025-10-15"'
yaml_true "the progress entry: by, text, percent (a percent cell 100%), contact, form" 2025-0002 \
  "log('progress')[-1] == {'date': log('progress')[-1]['date'], 'type': 'progress', 'by': '市住建局', 'text': '改造完成', 'percent': 100, 'contact': '刘洋 0571-87003458', 'form': '$HOUSING_NO'}"
yaml_true "a request for a later deadline, the deadline unchanged" 2025-0007 \
  "log('extend-request')[-1]['to'].isoformat() == '2026-03-31' and log('extend-request')[-1]['reason'] == '冬季停工' and log('extend-request')[-1]['by'] == '市住建局' and t['due'].isoformat() == '2025-12-31' and log('progress')[-1]['percent'] == 60"
yaml_true "a co-unit's row gives its progress" 2025-0001 \
  "[(e['by'], e['percent']) for e in log('progress')][-1] == ('市住建局', 50)"
yaml_true "a row with only 申请延期至 gives only the request" 2025-0001 \
  "log('extend-request')[-1]['by'] == '市水务局' and all(e['by'] != '市水务局' for e in log('progress'))"
yaml_true "the other unit's progress" 2025-0013 "log('progress')[-1]['text'] == '主体施工'"
run check
expect_exit 0 "the workspace checks clean after feedback"

snapshot
run feedback "$HOUSING" "$WATER" --date 2025-10-16
expect_exit 0 "the same forms again"
expect_stderr_contains "0 rows recorded, 5 already recorded; 0 tasks changed"
expect_stdout_empty
expect_unchanged "the same forms again add nothing"

# ---------------------------------------------------------------- --dry-run

make_forms
fill_housing "$HOUSING"
snapshot
run feedback "$HOUSING" --dry-run --date 2025-10-15
expect_exit 0 "--dry-run"
expect_stdout_line "2025-0002 done result=已全部完工 form=$HOUSING_NO"
expect_stdout_contains "2025-0007 extend-request by=市住建局 to=2026-03-31 reason=冬季停工"
expect_stdout_contains "2025-0002 progress by=市住建局 text=改造完成 percent=100 contact=刘洋 0571-87003458"
expect_stderr_contains "dry run: 1 form: 3 rows recorded"
expect_unchanged "--dry-run writes nothing"

# Hostile text from a CSV form: shown neutralised, in entries and in errors.
fill "$HOUSING" --csv hostile.csv
"$PY" -c '
import sys
rows = open(sys.argv[1], encoding="utf-8").read().split("\n")
cells = rows[int(sys.argv[2]) - 1].split(",")
cells[6] = "改造\x1b[31m完成"
rows[int(sys.argv[2]) - 1] = ",".join(cells)
cells = rows[int(sys.argv[3]) - 1].split(",")
cells[7] = "6\x1b]0;x\x070"
rows[int(sys.argv[3]) - 1] = ",".join(cells)
open(sys.argv[1], "w", encoding="utf-8").write("\n".join(rows))
' hostile.csv "$R2" "$R7"
snapshot
run feedback hostile.csv --dry-run --date 2025-10-15
expect_data_error "hostile.csv:$R7:H: 完成比例"
if LC_ALL=C grep -q $'\x1b' "$ERR_FILE"; then fail "errors quote no raw control characters" "$(cat -v "$ERR_FILE")"; else
  pass "errors quote no raw control characters"
fi
"$PY" -c '
import sys
rows = open(sys.argv[1], encoding="utf-8").read().split("\n")
cells = rows[int(sys.argv[2]) - 1].split(",")
cells[7] = "60"
rows[int(sys.argv[2]) - 1] = ",".join(cells)
open(sys.argv[1], "w", encoding="utf-8").write("\n".join(rows))
' hostile.csv "$R7"
snapshot
run feedback hostile.csv --dry-run --date 2025-10-15
expect_exit 0 "a CSV form with control characters in a text cell"
expect_stdout_contains "2025-0002 progress by=市住建局 text=改造"
expect_no_escape_bytes "untrusted text is shown neutralised"
expect_unchanged "--dry-run writes nothing"

# ---------------------------------------------------------------- a refused run

make_forms
cp "$HOUSING" bad.xlsx
fill bad.xlsx --edit-protected "B$R2=改过的事项" "G$R2=进展" "G$R7=y" "K$R7=2026/13/01" "L$R7=理由" \
  "G$R1=z" "H$R1=150" "I$R1=是"
# The form saved as CSV with a row of 市水务局's form pasted in.
cp "$HOUSING" copied.xlsx
fill copied.xlsx "G$R2=好" --csv copied.csv
"$PY" -c '
import sys, csv, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
row = [ws.cell(int(sys.argv[2]), c).value or "" for c in range(1, 7)]
row[2] = row[2].strftime("%Y-%m-%d")
with open(sys.argv[3], "a", newline="", encoding="utf-8") as f:
    csv.writer(f).writerow(row + ["抄来的进展", "10", "", "", "", "", "", ""])
' "$WATER" "$W13" copied.csv
CSV_ROW=$(($(wc -l <copied.csv)))
snapshot
run feedback bad.xlsx copied.csv --date 2025-10-15
expect_data_error "4 problems" "a refused run exits 3 counting the problems"
expect_stderr_contains "bad.xlsx:$R2:B: 事项: a protected cell was edited"
expect_stderr_contains "bad.xlsx:$R7:K: 申请延期至: '2026/13/01' is not a date"
expect_stderr_contains "bad.xlsx:$R1:H: 完成比例: 150 is out of range"
expect_stderr_contains "copied.csv:$CSV_ROW:A: 市住建局 neither leads nor co-operates on 2025-0013"
expect_stderr_contains "nothing was recorded"
expect_unchanged "a refused run writes nothing"
# The co-unit's 是, once its percent is right.
fill bad.xlsx "H$R1=50"
snapshot
run feedback bad.xlsx --date 2025-10-15
expect_stderr_contains "bad.xlsx:$R1:I: 市住建局 only co-operates on 2025-0001"
expect_unchanged "a co-unit may not close the task"

# The same task twice with other values.
cp "$HOUSING" one.xlsx
cp "$HOUSING" two.xlsx
fill one.xlsx "G$R2=一"
fill two.xlsx "G$R2=二"
snapshot
run feedback one.xlsx two.xlsx --date 2025-10-15
expect_data_error "two.xlsx:$R2:A: 2025-0002 of 市住建局 is also on one.xlsx:$R2 with other values"
expect_unchanged "a conflicting repeat writes nothing"

# ---------------------------------------------------------------- the CSV form

fill_housing "$HOUSING"
fill "$HOUSING" --csv good.csv
run feedback good.csv --date 2025-10-15
expect_exit 0 "the form saved as CSV"
expect_stderr_contains "1 form: 3 rows recorded"
yaml_true "the CSV form's request" 2025-0007 "log('extend-request')[-1]['to'].isoformat() == '2026-03-31' and log('progress')[-1]['form'] == '$HOUSING_NO'"
snapshot
run feedback "$HOUSING" --date 2025-10-16
expect_exit 0 "the .xlsx of the same form after its CSV"
expect_stderr_contains "0 rows recorded, 3 already recorded"
expect_unchanged "the same rows from the .xlsx add nothing"

# ---------------------------------------------------------------- not a form

"$PY" -c 'import openpyxl; wb = openpyxl.Workbook(); wb.active["A1"] = "台账"; wb.save("other.xlsx")'
printf '编号,标题\n1,2\n' >other.csv
snapshot
run feedback other.xlsx other.csv
expect_data_error "other.xlsx: not a feedback form"
expect_stderr_contains "other.csv: not a feedback form"
expect_unchanged "no form, nothing written"
run feedback
expect_usage_error "no file is a usage error"
run feedback missing.xlsx
expect_exit 4 "a missing file is an I/O error"

finish
