#!/usr/bin/env bash
# Deadlines when work is handed back or resumed, and fixed days (SPEC §6):
# return, recheck --problem and reopen set a new deadline (--due, --within, or
# rework_within from duban.yaml) logged as from/to; eom/eoq/eoy and typed dates
# are never moved, with a warning on a rest day; 0wd and 0d agree.
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# show_json ID AS-OF EXPR VALUE: `show ID --as-of AS-OF --format json`, then expect_json.
show_json() {
  run show "$1" --as-of "$2" --format json
  expect_exit 0 "show $1 as of $2"
  expect_json "(lambda d: ($3))(d[0])" "$4"
}

# expect_new_due DATE TYPE REASON FROM TO DESCRIPTION: $f has due TO and ends
# with the TYPE entry of DATE logging REASON, FROM and TO.
expect_new_due() {
  expect_file_line "$f" "due: $5" "$6: due is $5"
  expect_file_tail "$f" "  - date: $1
    type: $2
    reason: $3
    from: $4
    to: $5" "$6: the $2 entry logs from $4 and to $5"
}

# save_reports DIR: January 2026 and the first quarter in every format.
save_reports() {
  mkdir -p "$1"
  local f
  for f in text md csv json html; do
    "$DUBAN" report --as-of 2026-01-31 --period month --format "$f" >"$1/jan.$f" 2>&1
    "$DUBAN" report --from 2026-01-01 --to 2026-02-28 --format "$f" >"$1/janfeb.$f" 2>&1
  done
}

# expect_same_reports DIR-A DIR-B DESCRIPTION
expect_same_reports() {
  LAST_CMD="diff -r $1 $2"
  if diff -r "$1" "$2" >"$SCRATCH/reports.diff"; then pass "$3"; else
    fail "$3" "$(head -n 20 "$SCRATCH/reports.diff")"
  fi
}

# ---------------------------------------------------------------- return (finding 4)
new_workspace 甲局 乙局
run add 修复幸福路路面 --kind instruction --lead 甲局 --date 2026-01-05
id=$OUT
f=$(task_file "$id")
expect_file_line "$f" "due: 2026-01-20"
run "done" "$id" --result 已修复 --date 2026-01-15
expect_exit 0 "done in January, on time"
save_reports "$SCRATCH/jan-before"
check "the January report is not empty" test -s "$SCRATCH/jan-before/jan.csv"

# Handed back on 03-20: 15 days later is 04-04, in 清明节 (04-04 … 04-06): 04-07.
run return "$id" 验收不合格 --date 2026-03-20
expect_exit 0 "return without --due"
expect_new_due 2026-03-20 return 验收不合格 2026-01-20 2026-04-07 "return: the day + rework_within (15d), off 清明节"
show_json "$id" 2026-03-20 'd["light"], d["days_overdue"]' "green 0"
run show "$id" --as-of 2026-03-20
expect_stdout_match '退回  验收不合格  2026-01-20 → 2026-04-07$' "show: the return line shows the old and new deadline"
run overdue --as-of 2026-03-20 --red-only --format json
expect_json '[i["id"] for i in d["items"]]' ""
show_json "$id" 2026-04-07 'd["light"], d["days_overdue"]' "yellow 0"
show_json "$id" 2026-04-09 'd["light"], d["days_overdue"]' "red 2"
save_reports "$SCRATCH/jan-after-return"
expect_same_reports "$SCRATCH/jan-before" "$SCRATCH/jan-after-return" \
  "January's report is byte-identical after a return in March"
run report --as-of 2026-03-31 --period month --format json
expect_json 'd["totals"]["overdue"]' "0"

# --due and --within are honoured; the old deadline is the from of the next entry.
run "done" "$id" --result 已返工 --date 2026-03-30
run reopen "$id" 群众再次反映 --date 2026-04-10 --due 2026-04-30
expect_exit 0 "reopen --due"
expect_new_due 2026-04-10 reopen 群众再次反映 2026-04-07 2026-04-30 "reopen --due"
run "done" "$id" --date 2026-04-20
# Five working days from Friday 04-24 over 劳动节: 04-27 … 04-30 = 4,
# 05-01 … 05-05 off, 05-06 = 5.
run recheck "$id" --problem 路面再次破损 --within 5wd --date 2026-04-24
expect_exit 0 "recheck --problem --within 5wd"
expect_file_line "$f" "due: 2026-05-06" "recheck --within counts working days"
expect_file_tail "$f" "    problem: 路面再次破损
    from: 2026-04-30
    to: 2026-05-06" "recheck --problem logs from and to"
save_reports "$SCRATCH/jan-after-all"
expect_same_reports "$SCRATCH/jan-before" "$SCRATCH/jan-after-all" \
  "January's report is byte-identical after return, reopen and recheck"
run report --as-of 2026-04-22 --period month --format json
expect_json 'd["totals"]["closed_on_time"], d["totals"]["closed_late"]' "1 0"

# Refusals leave the file as it was.
run "done" "$id" --date 2026-05-06
snapshot
run return "$id" x --due 2026-05-20 --within 10d --date 2026-05-07
expect_usage_error "both" "--due and --within together: exit 2"
run return "$id" x --within soon --date 2026-05-07
expect_usage_error "--within" "a rule that does not parse: exit 2"
run return "$id" x --due 2026-05-01 --date 2026-05-07
expect_data_error "before" "a new deadline before the day: exit 3"
run return "$id" x --date 2999-12-31
expect_usage_error "1900-01-01" "15 days from 2999-12-31 is out of range: exit 2, not the old deadline"
run reopen "$id" x --due +400000d --date 2026-05-07
expect_usage_error "" "--due out of range: exit 2"
run recheck "$id" 复查 --due 2026-05-20 --date 2026-05-07
expect_usage_error "--problem" "recheck --due without --problem: exit 2"
expect_unchanged

# rework_within from duban.yaml.
check "init writes rework_within: 15d" grep -qx 'rework_within: 15d' duban.yaml
sed -i 's/^rework_within: .*/rework_within: 10wd/' duban.yaml
run return "$id" 材料不全 --date 2026-05-07
expect_exit 0 "return with rework_within: 10wd"
# Thursday 05-07: 05-08, 05-09 (Saturday, 调休), 05-11 … 05-15, 05-18, 05-19, 05-20 = 10.
expect_file_line "$f" "due: 2026-05-20" "rework_within: 10wd counts working days"
sed -i 's/^rework_within: .*/rework_within: none/' duban.yaml
run list
expect_data_error "rework_within" "rework_within: none is a data error"
expect_stderr_contains "duban.yaml:"

# ---------------------------------------------------------------- reopening a suspended task (finding 9)
new_workspace 甲局
run add 整治河道 --kind instruction --lead 甲局 --due 2026-03-02 --date 2026-02-02
id=$OUT
f=$(task_file "$id")
save_reports "$SCRATCH/susp-before"
run suspend "$id" 待省级政策 --date 2026-03-10
run reopen "$id" 政策已出台 --date 2026-03-16
expect_exit 0 "reopen after 6 days suspended"
expect_new_due 2026-03-16 reopen 政策已出台 2026-03-02 2026-03-31 "resuming: 03-16 + 15d"
show_json "$id" 2026-03-16 'd["light"], d["days_overdue"]' "green 0"
show_json "$id" 2026-04-15 'd["light"], d["days_overdue"]' "red 15"
run overdue --as-of 2026-04-15 --format json
expect_json '[(i["id"], i["days_overdue"]) for i in d["items"]]' "('$id', 15)"
save_reports "$SCRATCH/susp-after"
expect_same_reports "$SCRATCH/susp-before" "$SCRATCH/susp-after" \
  "January/February reports are byte-identical after suspend and reopen"
run report --as-of 2026-02-28 --period month --format json
expect_json 'd["totals"]["overdue"]' "0"
run report --as-of 2026-03-09 --period month --format json
expect_json 'd["totals"]["overdue"]' "1"

# ---------------------------------------------------------------- fixed days (finding 8)
new_workspace 甲局
# 2026-01-31 is a Saturday: eom stays in January, with a warning.
run add 一月任务 --kind instruction --lead 甲局 --due eom --date 2026-01-15
expect_exit 0 "add --due eom"
expect_file_line "$(task_file "$OUT")" "due: 2026-01-31" "eom on 2026-01-15 is 2026-01-31, not 02-02"
expect_stderr_contains "休息日" "a fixed deadline on a rest day warns (zh)"
expect_stderr_contains "2026-01-31"
run --lang en add 一月任务 --kind instruction --lead 甲局 --due eom --date 2026-01-15
expect_stderr_contains "rest day" "…and in English with --lang en"
# 2025-05-31 is in 端午节 (05-31 … 06-02).
run add 五月任务 --kind instruction --lead 甲局 --due eom --date 2025-05-22
expect_file_line "$(task_file "$OUT")" "due: 2025-05-31" "eom on 2025-05-22 is 2025-05-31, not 06-03"
expect_stderr_contains "2025-05-31"
run add 五月任务 --kind instruction --lead 甲局 --within eom --date 2025-05-22
expect_file_line "$(task_file "$OUT")" "due: 2025-05-31" "--within eom is fixed too"
# 2024-03-31 is a Sunday.
run add 一季度任务 --kind instruction --lead 甲局 --due eoq --date 2024-02-01
expect_file_line "$(task_file "$OUT")" "due: 2024-03-31" "eoq is not moved into the next quarter"
expect_stderr_contains "2024-03-31"
# 2023-12-31 is a Sunday (no calendar for 2023: weekends only); 2024-01-01 is 元旦.
run add 年度任务 --kind instruction --lead 甲局 --due eoy --date 2023-06-01
expect_file_line "$(task_file "$OUT")" "due: 2023-12-31" "eoy is not moved into the next year"
run add 年度工作报告任务 --kind work-report --lead 甲局 --date 2023-06-01
expect_file_line "$(task_file "$OUT")" "due: 2023-12-31" "a kind whose default is eoy is fixed too"
expect_stderr_contains "2023-12-31" "…and warns on the rest day"
# An explicit date on a holiday is kept with a warning; a counted one moves, silently.
run add 国庆任务 --kind instruction --lead 甲局 --due 2026-10-03 --date 2026-09-01
expect_file_line "$(task_file "$OUT")" "due: 2026-10-03" "an explicit date on a holiday is kept"
expect_stderr_contains "休息日"
run add 十五日任务 --kind instruction --lead 甲局 --due +15d --date 2026-09-20
expect_file_line "$(task_file "$OUT")" "due: 2026-10-08" "+15d from 09-20 moves off National Day (CALENDAR.md)"
expect_stderr_empty "a counted deadline moved off a holiday gives no warning"
run add 平日任务 --kind instruction --lead 甲局 --due eom --date 2026-03-02
expect_stderr_empty "eom on a working day gives no warning"
# A milestone's date is a typed deadline too.
run add 阶段任务 --kind instruction --lead 甲局 --due 2026-03-31 --milestone '完成方案@2026-03-14' --date 2026-03-02
expect_stderr_contains "2026-03-14" "a milestone on a Saturday warns"
expect_file_line "$(task_file "$OUT")" "    due: 2026-03-14" "…and is kept"
run add 阶段任务 --kind instruction --lead 甲局 --due 2026-03-31 --milestone '完成方案@2026-03-13' --date 2026-03-02
expect_stderr_empty "a milestone on a working day gives no warning"
# 0d and 0wd on a holiday agree: the next working day.
run add 当日任务 --kind instruction --lead 甲局 --within 0d --date 2026-10-01
expect_file_line "$(task_file "$OUT")" "due: 2026-10-08" "--within 0d on National Day"
run add 当日任务 --kind instruction --lead 甲局 --within 0wd --date 2026-10-01
expect_file_line "$(task_file "$OUT")" "due: 2026-10-08" "--within 0wd on National Day agrees with 0d"
run add 当日任务 --kind instruction --lead 甲局 --within 0wd --date 2026-10-09
expect_file_line "$(task_file "$OUT")" "due: 2026-10-09" "--within 0wd on a working day is that day"
# extend --to eom: fixed as well.
run add 延期任务 --kind instruction --lead 甲局 --due 2026-01-20 --date 2026-01-05
id=$OUT
run extend "$id" --to eom --reason 等待批复 --date 2026-01-15
expect_exit 0 "extend --to eom"
expect_file_line "$(task_file "$id")" "due: 2026-01-31" "extend --to eom is not moved into February"
expect_stderr_contains "休息日"
# A handed-back task's --due eom is fixed too.
run "done" "$id" --date 2026-01-20
run return "$id" 退回 --due eom --date 2026-01-21
expect_file_line "$(task_file "$id")" "due: 2026-01-31" "return --due eom is fixed"
expect_stderr_contains "休息日"

finish
