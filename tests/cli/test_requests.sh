#!/usr/bin/env bash
# Extension requests (SPEC §15): a unit's extend-request entry is pending until
# `extend ID --approve` or `--refuse`; overdue, list and show show it as of
# their day; a report for a period before the answer stays as it was.
#
# A request comes from a unit's feedback form; here it is written into the
# task file as that form would leave it (an entry appended to the log).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

new_workspace "${STD_UNITS[@]}"
export DUBAN_TODAY=2025-03-03
run add 推进城区热电联产项目建设 --kind instruction --lead 发改委 --co 财政局 --due 2025-04-15
A=$OUT
run add 老旧小区改造提升 --kind instruction --lead 住建局 --due 2025-04-15
B=$OUT
run add 背街小巷环境整治 --kind instruction --lead 东区 --due 2025-04-30
C=$OUT
check "three tasks" test "$A $B $C" = "2025-0001 2025-0002 2025-0003"
unset DUBAN_TODAY

# request ID DATE UNIT TO REASON: the unit's request, appended to the log
# (the last key of a task file).
request() {
  "$PYTHON" - "$(task_file "$1")" "$2" "$3" "$4" "$5" <<'PY'
import sys
path, date, by, to, reason = sys.argv[1:]
text = open(path, encoding="utf-8").read()
assert text.endswith("\n") and text.split("\n")[-2].startswith("    "), "log is not last"
text += f"  - date: {date}\n    type: extend-request\n    by: {by}\n    to: {to}\n    reason: {reason}\n"
open(path, "w", encoding="utf-8").write(text)
PY
}

request "$A" 2025-04-08 市发改委 2025-05-15 用地审批尚未完成
request "$B" 2025-04-09 市住建局 2025-05-31 资金尚未到位
run check
expect_exit 0 "check: a request by a known unit is valid"

# ---------------------------------------------------------------- overdue
A_REQ='{"id": "2025-0001", "title": "推进城区热电联产项目建设", "lead": "市发改委", "by": "市发改委", "date": "2025-04-08", "to": "2025-05-15", "reason": "用地审批尚未完成"}'
run overdue --as-of 2025-04-10 --format json
expect_exit 0 "overdue --format json"
cp "$OUT_FILE" "$SCRATCH/overdue-cold.json"
expect_json 'd["summary"]["pending_requests"]' 2
expect_json '[r["id"] for r in d["requests"]]' "$A $B"
expect_json "d['requests'][0] == $A_REQ" true
expect_json '[d["requests"][1][k] for k in ("by", "date", "to", "reason")]' "市住建局 2025-04-09 2025-05-31 资金尚未到位"
expect_json 'd["unsigned"]' ""
expect_json 'd["summary"]["unsigned"]' 0
# The second run reads the cache's summaries, which keep no reasons.
run overdue --as-of 2025-04-10 --format json
expect_same_file "$SCRATCH/overdue-cold.json" "$OUT_FILE" "overdue from the cache: the same requests, reasons too"
# The list itself does not change: the requests are beside it (due in 5 days: no light yet).
expect_json 'd["items"]' ""
run overdue --as-of 2025-04-10 --format json --unit 东区
expect_json '[d["requests"], d["summary"]["pending_requests"]]' "[] 0"
run overdue --as-of 2025-04-10 --format json --unit 财政局
expect_json '[r["id"] for r in d["requests"]]' "$A" "--unit: a co-unit's task's request"

# Before the request was made: none (a past day as it stood).
run overdue --as-of 2025-04-07 --format json
expect_json '[d["requests"], d["summary"]["pending_requests"]]' "[] 0" "as of the day before: no request"
run overdue --as-of 2025-04-07
expect_stdout_not_contains "待审批延期申请" "no section when there is no request"

# section TITLE: the lines of the text section under TITLE (header first) into OUT_FILE.
section() {
  awk -v t="$1" '$0 == t { s = 1; getline; next } s && /^$/ { exit } s' "$OUT_FILE" >"$SCRATCH/section"
  cp "$SCRATCH/section" "$OUT_FILE"
}

run overdue --as-of 2025-04-10
expect_exit 0 "overdue text"
expect_stdout_line "待审批延期申请"
expect_stdout_match "^${A} +推进城区热电联产项目建设 +市发改委 +市发改委 +2025-05-15 +2025-04-08 +用地审批尚未完成$"
section 待审批延期申请
expect_aligned 申请延期至 2025-05-15 2025-05-31
expect_aligned 申请日期 2025-04-08 2025-04-09
expect_aligned 延期理由 用地审批尚未完成 资金尚未到位
run overdue --as-of 2025-04-10 --lang en
expect_stdout_line "Pending extension requests"
expect_stdout_match "^ID +Title +Lead +Requested by +Extend to +Requested on +Reason$"
run overdue --as-of 2025-04-10 --format md
expect_stdout_line "## 待审批延期申请"
expect_stdout_match "^\| ${A} \| 推进城区热电联产项目建设 \| 市发改委 \| 市发改委 \| 2025-05-15 \| 2025-04-08 \| 用地审批尚未完成 \|$"
run overdue --as-of 2025-04-10 --format csv
expect_exit 0 "overdue csv"
expect_stdout_not_contains "用地审批尚未完成" "csv keeps its columns: the list alone"

# ---------------------------------------------------------------- list and show
run list --as-of 2025-04-10
expect_stdout_match "^${A} .*2025-04-15  申请延期至 2025-05-15$" "list: the request after the deadline"
expect_stdout_not_contains "申请延期至 2025-04-30"
run list --as-of 2025-04-10 --lang en
expect_stdout_match "^${A} .*2025-04-15  extension requested to 2025-05-15$"
run list --as-of 2025-04-10 --format json
expect_json "[t['extension_request'] for t in d if t['id'] == '$A'][0] == {'by': '市发改委', 'date': '2025-04-08', 'to': '2025-05-15', 'reason': '用地审批尚未完成'}" true
expect_json "[t['extension_request'] for t in d if t['id'] == '$C'][0]" null
run list --as-of 2025-04-07 --format json
expect_json "[t['extension_request'] for t in d]" "None None None" "list as of the day before: none pending"
run show "$A" --as-of 2025-04-10
expect_stdout_match "^  延期申请 +市发改委 于 2025-04-08 申请延期至 2025-05-15  用地审批尚未完成$"
expect_stdout_match "^    2025-04-08  申请延期  市发改委：→ 2025-05-15  用地审批尚未完成$" "timeline: the request"
run show "$A" --as-of 2025-04-10 --format json
expect_json "d[0]['extension_request']['to']" 2025-05-15

# The report of April, before any answer.
run report --from 2025-04-01 --to 2025-04-30 --format json
expect_exit 0 "report for April"
cp "$OUT_FILE" "$SCRATCH/april.json"

# ---------------------------------------------------------------- usage and data errors
snapshot
run extend "$A" --approve --refuse --reason x --date 2025-05-06
expect_usage_error "--approve and --refuse together"
run extend "$A" --refuse --date 2025-05-06
expect_usage_error "--refuse without --reason"
run extend "$A" --refuse --to 2025-05-20 --reason x --date 2025-05-06
expect_usage_error "--refuse with --to"
run extend "$A" --reason x --date 2025-05-06
expect_usage_error "plain extend without --to"
run extend "$A" --to 2025-05-20 --date 2025-05-06
expect_usage_error "plain extend without --reason"
run extend "$C" --approve --date 2025-05-06
expect_data_error "$C" "approve without a pending request names the task"
run extend "$C" --refuse --reason x --date 2025-05-06
expect_data_error "$C" "refuse without a pending request names the task"
run extend "$A" --approve --to 2025-04-10 --date 2025-05-06
expect_data_error "$A" "approve to a deadline not after the one in force"
run extend "$A" --approve --date 2025-05-06 --dry-run
expect_exit 0 "approve --dry-run"
expect_stdout_eq "$A"
expect_stderr_contains "would change"
expect_stderr_contains "type: extend"
expect_unchanged "errors and --dry-run write nothing"

# ---------------------------------------------------------------- approve
run extend "$A" --approve --date 2025-05-06
expect_exit 0 "approve"
expect_stdout_eq "$A"
fa=$(task_file "$A")
expect_file_line "$fa" "due: 2025-05-15" "the deadline asked for"
expect_file_tail "$fa" "  - date: 2025-05-06
    type: extend
    from: 2025-04-15
    to: 2025-05-15
    reason: 用地审批尚未完成
    request: 2025-04-08" "an extend entry with the request's reason and date"
run extend "$A" --approve --date 2025-05-06
expect_data_error "$A" "no second approval"
run overdue --as-of 2025-05-06 --format json
expect_json '[r["id"] for r in d["requests"]]' "$B" "approved: no longer pending"
run overdue --as-of 2025-04-10 --format json
expect_json '[r["id"] for r in d["requests"]]' "$A $B" "a past day still shows it pending"
run list --as-of 2025-05-06 --format json
expect_json "[t['extension_request'] for t in d if t['id'] == '$A'][0]" null
run report --from 2025-04-01 --to 2025-04-30 --format json
expect_same_file "$SCRATCH/april.json" "$OUT_FILE" "the April report is unchanged by the approval"

# ---------------------------------------------------------------- refuse
run extend "$B" --refuse --reason 时限不可调整，请加快推进 --date 2025-05-06
expect_exit 0 "refuse"
fb=$(task_file "$B")
expect_file_line "$fb" "due: 2025-04-15" "refused: the deadline stays"
expect_file_tail "$fb" "  - date: 2025-05-06
    type: extend-refuse
    to: 2025-05-31
    request: 2025-04-09
    reason: 时限不可调整，请加快推进" "an extend-refuse entry"
run overdue --as-of 2025-05-06 --format json
expect_json 'd["requests"]' "" "refused: no longer pending"
run show "$B" --as-of 2025-05-06
expect_stdout_match "^    2025-05-06  不予延期  → 2025-05-31  时限不可调整，请加快推进$" "timeline: the refusal"
expect_stdout_not_contains "延期申请 " "show: nothing pending"

# ---------------------------------------------------------------- approve to another date
request "$C" 2025-05-07 城东区 2025-06-30 拆迁协调需要时间
run extend "$C" --approve --to 2025-06-10 --reason 同意延期至6月10日 --date 2025-05-08
expect_exit 0 "approve --to --reason"
fc=$(task_file "$C")
expect_file_line "$fc" "due: 2025-06-10"
expect_file_tail "$fc" "  - date: 2025-05-08
    type: extend
    from: 2025-04-30
    to: 2025-06-10
    reason: 同意延期至6月10日
    request: 2025-05-07"
# A plain extension still works as before.
run extend "$C" --to 2025-06-20 --reason 再次延期 --date 2025-05-09
expect_exit 0 "plain extend"
expect_file_line "$fc" "due: 2025-06-20"
run check
expect_exit 0 "check after approvals and refusals"

# validate: an extend entry without `to` is still flagged.
sed -i '/^    to: 2025-06-20$/d' "$fc"
run check
expect_exit 3 "check: extend without to"
expect_stdout_contains "extend entry needs 'to'"

finish
