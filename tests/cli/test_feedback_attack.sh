#!/usr/bin/env bash
# duban feedback against forms a careless or hostile liaison sends back
# (SPEC §11, §15): a settled extension request is never re-opened by the
# same form fed again, whatever else in the row changed; and the like.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PY=/usr/bin/python3
has_python_module openpyxl python3-openpyxl || finish  # no forms filled in without it
LIAISON="$DUBAN_SOURCE_DIR/tests/cli/liaison.py"

export DUBAN_TODAY=2025-10-20
use_fixture chase
run remind --as-of 2025-10-13 --format xlsx --out forms
expect_exit 0 "the forms go out"
F=forms/2025-10-13-市住建局.xlsx

# ---------------------------------------------------------------- settled requests stay settled

"$PY" "$LIAISON" "$F" 2025-0002 G=方案调整中 K=date:2026-03-31 L=冬季停工 M=刘洋 \
  2025-0007 K=date:2026-02-28 L=管材紧缺 M=王丽 --out sent.xlsx
run feedback --date 2025-10-15 sent.xlsx
expect_exit 0 "two requests from 市住建局"
run extend 2025-0002 --approve --date 2025-10-16
expect_exit 0 "the office approves one"
run extend 2025-0007 --refuse --reason 时限不可调整 --date 2025-10-16
expect_exit 0 "and refuses the other"

snapshot
run feedback --date 2025-10-17 sent.xlsx
expect_exit 0 "the same form once more"
expect_unchanged "adds nothing"

# The liaison corrects 进展情况 and feeds the form again: the progress is new,
# the request the office approved is not asked again.
"$PY" "$LIAISON" sent.xlsx 2025-0002 G=方案调整中，已报审 --out corrected.xlsx
run feedback --date 2025-10-17 corrected.xlsx
expect_exit 0 "a corrected progress next to an approved request"
yaml_is "the corrected progress is recorded" "$(task_file 2025-0002)" \
  'log[-1]["type"] == "progress" and log[-1]["text"] == "方案调整中，已报审"'
yaml_is "no second request" "$(task_file 2025-0002)" \
  'sum(e["type"] == "extend-request" for e in log) == 1'

# Another liaison signs the refused request's row: it is the same request.
"$PY" "$LIAISON" sent.xlsx 2025-0007 M=李强 --out resigned.xlsx
snapshot
run feedback --date 2025-10-17 resigned.xlsx
expect_exit 0 "the refused request signed by someone else"
expect_unchanged "is not asked again"
run overdue --as-of 2025-10-17 --format json
expect_json 'd["summary"]["pending_requests"]' 0

# Reworded, the refused request of the same form is refused: it was answered.
"$PY" "$LIAISON" sent.xlsx 2025-0007 L=管材紧缺，厂家停产 --out reworded.xlsx
snapshot
run feedback --date 2025-10-17 reworded.xlsx
expect_data_error "reworded.xlsx:5:K: the request of 督催〔2025〕4号 for 2025-0007 was refused on 2025-10-16"
expect_unchanged "a refused request is not re-opened by its form"

# ---------------------------------------------------------------- dates out of range

# date_cell FORM OUT CELL VALUE: CELL of the visible sheet a number in a date format.
date_cell() {
  "$PY" -c '
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["反馈表"]
ws[sys.argv[3]].value = float(sys.argv[4])
ws[sys.argv[3]].number_format = "yyyy-mm-dd"
wb.save(sys.argv[2])
' "$@"
}
E=forms/2025-10-13-城东区.xlsx
date_cell "$E" late.xlsx K5 1130000  # 4993-10-30: Excel shows it, a task file holds no such date
"$PY" "$LIAISON" late.xlsx 2025-0004 L=材料未到
snapshot
run feedback --date 2025-10-17 late.xlsx
expect_data_error "late.xlsx:5:K: 申请延期至: 4993-10-30 is outside 1900-01-01 … 2999-12-31"
expect_unchanged "nothing is written"
date_cell "$E" beyond.xlsx K5 2958466  # past 9999-12-31: an error cell
"$PY" "$LIAISON" beyond.xlsx 2025-0004 L=材料未到
run feedback --date 2025-10-17 beyond.xlsx
expect_data_error "beyond.xlsx:5:K: 申请延期至:"
expect_stderr_not_contains "is empty"

# ---------------------------------------------------------------- a forged hidden sheet

# 城东区 copies 市水务局's row of 2025-0001, hidden originals and all, over
# one of its own and names 市水务局 in the hidden sheet, to close a task it
# has no part in; the form's visible caption still says whose it is.
"$PY" -c '
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
theirs = openpyxl.load_workbook(sys.argv[2])
for c in "ABCDEF":
    wb["duban"][c + "8"].value = theirs["duban"][c + "8"].value
    wb["反馈表"][c + "4"].value = theirs["反馈表"][c + "4"].value
wb["duban"]["B2"].value = "市水务局"
wb["反馈表"]["I4"].value = "是"
wb["反馈表"]["J4"].value = "已修复"
wb.save(sys.argv[3])
' "$E" forms/2025-10-13-市水务局.xlsx forged.xlsx
snapshot
run feedback --date 2025-10-17 forged.xlsx
expect_data_error "forged.xlsx:2:A: 填报单位：城东区, but the form's hidden sheet names 市水务局"
expect_unchanged "a form whose unit was edited records nothing"

# ---------------------------------------------------------------- files that are no files

mkfifo fifo.xlsx
mkdir dir.xlsx
run_limited 20 feedback fifo.xlsx
expect_exit 4 "a FIFO is refused, not waited on"
expect_stderr_contains "cannot read fifo.xlsx: not a regular file"
run_limited 20 feedback dir.xlsx
expect_exit 4 "a directory is refused"
expect_stderr_contains "cannot read dir.xlsx: not a regular file"
run_limited 20 feedback missing.xlsx
expect_stderr_contains "cannot read missing.xlsx: no such file"

finish
