#!/usr/bin/env bash
# A round of feedback end to end (SPEC §15), on the chase office: forms out
# with `remind --format xlsx`, receipts, forms filled in with openpyxl as the
# units' liaisons would (a wrong unit's row, an edited protected cell, a
# malformed date), a refused run that writes nothing, the corrected run,
# progress, closing and requests visible, an approval and a refusal, the same
# forms fed twice, and reports of the days before all of it unchanged.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PY=/usr/bin/python3
LIAISON="$DUBAN_SOURCE_DIR/tests/cli/liaison.py"
if ! has_python_module openpyxl python3-openpyxl; then
  echo "SKIP: the forms cannot be filled in without openpyxl"
  finish
fi

export DUBAN_TODAY=2025-10-20  # the day the reports are made; entries carry their own dates
use_fixture chase
# The reports of the first half of October, before any of what follows.
run report --from 2025-10-01 --to 2025-10-14 --format json
expect_exit 0
HALF_BEFORE="$(cat "$OUT_FILE")"
run report --from 2025-10-01 --to 2025-10-16 --format json
LATER_BEFORE="$(cat "$OUT_FILE")"

# ---------------------------------------------------------------- forms out, receipts

run remind --as-of 2025-10-13 --format xlsx --out forms
expect_exit 0 "the Friday round writes the forms"
F=forms/2025-10-13
for u in 市水务局 市住建局 市发改委 城东区 市城管局; do
  expect_file_exists "$F-$u.xlsx"
done

run receipt 2025-0001 --unit 水务局 --date 2025-10-14
expect_exit 0 "市水务局 signs for its notice"
run overdue --as-of 2025-10-17 --format json
expect_exit 0
expect_json 'sorted({n["unit"] for n in d["unsigned"]})' "城东区 市住建局 市发改委 市城管局"
expect_json 'd["summary"]["unsigned"]' 7  # one a task: 市住建局, 市发改委 and 城东区 have two each
run overdue --as-of 2025-10-16 --format json
expect_json 'len(d["unsigned"])' 0  # reply_days 3: the 16th is the last day to sign

# ---------------------------------------------------------------- a refused run

mkdir bad
"$PY" "$LIAISON" "$F-城东区.xlsx" --copy "$F-市水务局.xlsx" 2025-0001 2025-0001 G=已修复 \
  --out bad/城东区.xlsx
"$PY" "$LIAISON" "$F-市发改委.xlsx" 2025-0003 G=已印发会议纪要 C=date:2025-12-31 --out bad/市发改委.xlsx
"$PY" "$LIAISON" "$F-市住建局.xlsx" 2025-0002 G=方案设计调整中 K=2025-13-45 L=设计变更 \
  --out bad/市住建局.xlsx
"$PY" "$LIAISON" "$F-市水务局.xlsx" 2025-0001 G=已修复八成 H=int:80 --out bad/市水务局.xlsx
snapshot
run feedback --date 2025-10-15 bad/*.xlsx
expect_data_error "3 problems; nothing was recorded"
expect_stderr_contains "bad/城东区.xlsx:6:A: 2025-0001 is not on 城东区's form"
expect_stderr_contains "bad/市发改委.xlsx:4:C"
expect_stderr_contains "bad/市住建局.xlsx:4:K"
expect_unchanged "a refused run writes nothing, not even the good form's rows"

# ---------------------------------------------------------------- the corrected run

"$PY" "$LIAISON" "$F-市水务局.xlsx" 2025-0001 G=水毁设施已修复八成 H=int:80 K=date:2025-11-30 \
  L=材料采购延迟 M=孙丽 N=0571-87006688
"$PY" "$LIAISON" "$F-市发改委.xlsx" 2025-0003 G=会议纪要待印发 H=int:60 K=date:2025-11-15 \
  L=等待会议纪要印发 2025-0008 G=已走访50家重点企业 H=int:40
"$PY" "$LIAISON" "$F-市住建局.xlsx" 2025-0007 G=燃气管道更新已完工 H=int:100 I=是 \
  J=燃气管道更新改造已完工验收 2025-0002 G=改造方案设计调整中
snapshot

run feedback --date 2025-10-15 --dry-run "$F-市水务局.xlsx" "$F-市发改委.xlsx" "$F-市住建局.xlsx"
expect_exit 0 "--dry-run"
expect_stdout_contains "2025-0007"
expect_unchanged "--dry-run writes nothing"

run feedback --date 2025-10-15 "$F-市水务局.xlsx" "$F-市发改委.xlsx" "$F-市住建局.xlsx"
expect_exit 0 "three units' forms in one run"
yaml_is "progress by the unit, with its percent" "$(task_file 2025-0001)" \
  'any(e["type"] == "progress" and e["by"] == "市水务局" and e["text"] == "水毁设施已修复八成" and e["percent"] == 80 and str(e["date"]) == "2025-10-15" for e in log)'
yaml_is "a request, and the deadline unchanged" "$(task_file 2025-0001)" \
  'log[-1]["type"] == "extend-request" and str(log[-1]["to"]) == "2025-11-30" and log[-1]["reason"] == "材料采购延迟" and str(t["due"]) == "2025-09-26"'
yaml_is "是 closes the task with 办结情况 as the result" "$(task_file 2025-0007)" \
  't["status"] == "done" and log[-1]["type"] == "done" and log[-1]["result"] == "燃气管道更新改造已完工验收"'
yaml_is "a row with only 进展情况 is progress without percent" "$(task_file 2025-0002)" \
  'log[-1]["type"] == "progress" and log[-1]["text"] == "改造方案设计调整中" and "percent" not in log[-1]'
yaml_is "the other row of the same form" "$(task_file 2025-0008)" \
  'log[-1]["type"] == "progress" and log[-1]["percent"] == 40'
run check
expect_exit 0 "the ledger checks clean after the feedback"

snapshot
run feedback --date 2025-10-15 "$F-市水务局.xlsx" "$F-市发改委.xlsx" "$F-市住建局.xlsx"
expect_exit 0 "the same forms again"
expect_unchanged "the same forms fed twice add nothing"
run feedback --date 2025-10-16 "$F-市发改委.xlsx"
expect_exit 0 "the same form on a later day"
expect_unchanged "adds nothing either"

# ---------------------------------------------------------------- requests visible

run overdue --as-of 2025-10-15 --format json
expect_json 'd["summary"]["pending_requests"]' 2
expect_json 'sorted((r["id"], r["to"], r["by"]) for r in d["requests"])' \
  "('2025-0001', '2025-11-30', '市水务局') ('2025-0003', '2025-11-15', '市发改委')"
run overdue --as-of 2025-10-15
expect_stdout_contains "2025-11-15"
run overdue --as-of 2025-10-14 --format json
expect_json 'len(d["requests"])' 0  # as it stood before the forms came back
run show 2025-0003
expect_stdout_contains "申请延期"
run list --format json
expect_json '[t["id"] for t in d if t.get("extension_request")]' "2025-0001 2025-0003"

# ---------------------------------------------------------------- approval and refusal

run extend 2025-0003 --approve --date 2025-10-16
expect_exit 0 "the office approves 市发改委's request"
yaml_is "the approval is an extend entry to the requested date" "$(task_file 2025-0003)" \
  'log[-1]["type"] == "extend" and str(log[-1]["to"]) == "2025-11-15" and str(log[-1]["from"]) == "2025-09-29" and str(t["due"]) == "2025-11-15"'
run extend 2025-0001 --refuse --reason 理由不充分，请加快进度 --date 2025-10-16
expect_exit 0 "the office refuses 市水务局's request"
yaml_is "the refusal is logged; the deadline stays" "$(task_file 2025-0001)" \
  'log[-1]["type"] == "extend-refuse" and log[-1]["reason"] == "理由不充分，请加快进度" and str(t["due"]) == "2025-09-26"'
run extend 2025-0001 --approve --date 2025-10-16
expect_data_error "2025-0001 has no pending extension request to approve"
run overdue --as-of 2025-10-16 --format json
expect_json 'd["summary"]["pending_requests"]' 0
expect_json '[i["id"] for i in d["items"] if i["id"] == "2025-0003"]' ""  # no longer red
run overdue --as-of 2025-10-15 --format json
expect_json 'd["summary"]["pending_requests"]' 2  # a past day's list is that day's

# ---------------------------------------------------------------- a title changed since

# The office rewords 2025-0008 after its form went out: the unit's row may
# no longer be about the task as it now reads, so it is refused.
printf '#!/bin/sh\nsed -i "s/^title: 关于优化营商环境的建议$/title: 关于进一步优化营商环境的建议/" "$1"\n' >"$SCRATCH/reword"
chmod +x "$SCRATCH/reword"
run_env VISUAL="$SCRATCH/reword" -- edit 2025-0008
expect_exit 0 "the office rewords a task"
"$PY" "$LIAISON" "$F-市发改委.xlsx" 2025-0008 G=已走访80家重点企业 H=int:70 --out reworded.xlsx
snapshot tasks
run feedback --date 2025-10-17 reworded.xlsx
expect_data_error "reworded.xlsx:5:B: 事项: 2025-0008 is now titled 关于进一步优化营商环境的建议"
expect_unchanged "a row about a task reworded since is not recorded" tasks

# ---------------------------------------------------------------- reports

run report --from 2025-10-01 --to 2025-10-14 --format json
if [[ "$(cat "$OUT_FILE")" == "$HALF_BEFORE" ]]; then
  pass "the report of 10-01 … 10-14 is the same after the round"
else
  fail "the report of 10-01 … 10-14 is the same after the round" "$(diff <(echo "$HALF_BEFORE") "$OUT_FILE" | head)"
fi
run report --from 2025-10-01 --to 2025-10-16 --format json
if [[ "$(cat "$OUT_FILE")" != "$LATER_BEFORE" ]]; then
  pass "the report up to 10-16 counts what the forms brought"
else
  fail "the report up to 10-16 counts what the forms brought" "unchanged"
fi
expect_json 'd["totals"]["closed"]' 1

finish
