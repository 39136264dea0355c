#!/usr/bin/env bash
# Receipts (签收, SPEC §15): `receipt ID… --unit X` logs that X signed for the
# office's notice, all or nothing over the ids; `overdue` lists the notices not
# signed for whose reply day (reply_days working days after the reminder) has
# passed, as they stood on its as-of day.
#
# Reminded on Tuesday 2025-09-30: with the 2025 calendar (10-01 … 10-08 off,
# Saturday 10-11 a working day) the reply is due 2025-10-11, so the notice is
# late as of 10-13, not as of 10-11.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

new_workspace "${STD_UNITS[@]}"
export DUBAN_TODAY=2025-09-01
run add 推进城区热电联产项目建设 --kind instruction --lead 发改委 --co 财政局 --due 2025-09-26
A=$OUT
run add 老旧小区改造提升 --kind instruction --lead 住建局 --due 2025-09-26
B=$OUT
run add 背街小巷环境整治 --kind instruction --lead 东区 --due 2025-12-31
C=$OUT
run add 城中村改造 --kind instruction --lead 住建局 --due 2025-12-31
D=$OUT
check "four tasks" test "$A $B $C $D" = "2025-0001 2025-0002 2025-0003 2025-0004"
unset DUBAN_TODAY

run remind --as-of 2025-09-30
expect_exit 0 "remind the late units"
expect_file_tail "$(task_file "$A")" "  - date: 2025-09-30
    type: remind
    to: 市发改委"

# ---------------------------------------------------------------- overdue lists what is not signed for
run overdue --as-of 2025-10-11 --format json
expect_json '[d["unsigned"], d["summary"]["unsigned"]]' "[] 0" "on the reply day: not late yet"
run overdue --as-of 2025-10-13 --format json
expect_exit 0
expect_json 'd["summary"]["unsigned"]' 2
expect_json 'sorted((u["unit"], u["id"]) for u in d["unsigned"])' "('市住建局', '$B') ('市发改委', '$A')"
expect_json "[u for u in d['unsigned'] if u['id'] == '$A'][0] == {'unit': '市发改委', 'id': '$A', 'title': '推进城区热电联产项目建设', 'sent': '2025-09-30', 'reply_by': '2025-10-11'}" true
expect_json 'd["requests"]' ""
run overdue --as-of 2025-10-13 --format json --unit 发改委
expect_json '[u["id"] for u in d["unsigned"]]' "$A" "--unit: only the notices to that unit"
run overdue --as-of 2025-10-13 --format json --unit 财政局
expect_json 'd["unsigned"]' "" "--unit of a co-unit not reminded: none"

run overdue --as-of 2025-10-13
expect_stdout_line "逾期未签收通知"
expect_stdout_match "^市发改委 +${A} +推进城区热电联产项目建设 +2025-09-30 +2025-10-11$"
expect_stdout_match "^市住建局 +${B} +老旧小区改造提升 +2025-09-30 +2025-10-11$"
awk '$0 == "逾期未签收通知" { s = 1; getline; next } s && /^$/ { exit } s' "$OUT_FILE" >"$SCRATCH/section"
cp "$SCRATCH/section" "$OUT_FILE"
expect_aligned 催办日期 "2025-09-30  2025-10-11"
expect_aligned 事项 推进城区热电联产项目建设 老旧小区改造提升
run overdue --as-of 2025-10-13 --lang en
expect_stdout_line "Notices not signed for"
expect_stdout_match "^Unit +ID +Title +Sent +Reply by$"
run overdue --as-of 2025-10-13 --format md
expect_stdout_line "## 逾期未签收通知"

# ---------------------------------------------------------------- refused: nothing written
snapshot
run receipt "$B" --unit 不存在的单位 --date 2025-10-14
expect_data_error "unknown unit"
run receipt "$B" --unit 财政局 --date 2025-10-14
expect_data_error "$B" "a unit with no part in the task"
expect_stderr_contains "市财政局"
run receipt "$B" "$A" --unit 住建局 --date 2025-10-14
expect_data_error "$A" "one refused id: the whole run refused"
run receipt "$B" 2025-0099 --unit 住建局 --date 2025-10-14
expect_data_error "2025-0099" "an unknown id refuses the run"
run receipt "$A" --unit 发改委 --date 2025-09-29
expect_data_error "$A" "a date before the task's last entry"
run receipt "$A" --date 2025-10-14
expect_usage_error "--unit is required"
run receipt "$A" "$B" --unit 住建局 --date 2025-10-14 --dry-run
expect_exit 3 "--dry-run refuses the same"
run receipt "$B" "$D" --unit 住建局 --date 2025-10-14 --dry-run
expect_exit 0 "receipt --dry-run"
expect_stderr_contains "would change"
expect_stdout_eq "$B
$D"
expect_unchanged "refusals and --dry-run write nothing"

# ---------------------------------------------------------------- receipts
run receipt "$A" --unit 发改委 --date 2025-10-14
expect_exit 0 "receipt by an alias"
expect_stdout_eq "$A"
expect_file_tail "$(task_file "$A")" "  - date: 2025-10-14
    type: receipt
    by: 市发改委" "the unit by its name in units.yaml"
run overdue --as-of 2025-10-14 --format json
expect_json '[u["id"] for u in d["unsigned"]]' "$B" "signed for: no longer listed"
run overdue --as-of 2025-10-13 --format json
expect_json 'sorted(u["id"] for u in d["unsigned"])' "$A $B" "a past day: as it stood"

run receipt "$B" "$D" "$B" --unit 市住建局 --date 2025-10-14
expect_exit 0 "receipt on several tasks"
expect_stdout_eq "$B
$D" "each id once"
check "one receipt entry on $B" test "$(grep -c '^    type: receipt$' "$(task_file "$B")")" = 1
expect_file_tail "$(task_file "$D")" "  - date: 2025-10-14
    type: receipt
    by: 市住建局"
run overdue --as-of 2025-10-14 --format json
expect_json '[d["unsigned"], d["summary"]["unsigned"]]' "[] 0" "all signed for"
run overdue --as-of 2025-10-14
expect_stdout_not_contains "逾期未签收通知" "no section when every notice is signed for"

# A co-unit may sign too.
run receipt "$A" --unit 财政局 --date 2025-10-15
expect_exit 0 "a co-unit signs"

run show "$A" --as-of 2025-10-15
expect_stdout_match "^    2025-10-14  签收  市发改委$" "timeline: the receipt"
run check
expect_exit 0 "check: receipts by known units are valid"

# A later reminder needs a new receipt.
run remind --as-of 2025-10-20 --unit 发改委
expect_exit 0
run overdue --as-of 2025-10-24 --format json
expect_json '[(u["unit"], u["id"], u["sent"]) for u in d["unsigned"]]' "('市发改委', '$A', '2025-10-20')"

finish
