#!/usr/bin/env bash
# overdue as it stood on a date (SPEC §8, §9): a past --as-of rebuilds each task
# from its log like report does; feedback cycles end on feedback days moved off
# rest days; days and working days overdue count the days after the deadline up
# to and including the as-of day.
#
# Dates are worked out by hand from the shipped calendars (examples/calendar):
# 2026 National Day 10-01 … 10-07 off, Sunday 09-20 and Saturday 10-10 work;
# 2026-09-05 is a Saturday, 2026-10-02 a Friday.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# ids_where EXPR: the ids of the items of the last JSON output where EXPR holds (on `i`).
ids_where() { json_eval "sorted(i['id'] for i in d['items'] if $1)"; }

# add_task TITLE ARGS…: add a task, print its id.
add_task() { "$DUBAN" -q add "$@" 2>/dev/null; }

# d COMMAND…: a state change that must succeed.
d() {
  run "$@"
  expect_exit 0 "$*"
}

# ---------------------------------------------------------------- a past date, as it stood

new_workspace 甲局 乙局
# closed: due Tue 03-10, closed Fri 03-20.
closed=$(add_task 已于二十日办结 --kind special --due 2026-03-10 --lead 甲局 --date 2026-03-02)
# returned: closed Thu 03-05 (on time), handed back Wed 03-18 with a new deadline Thu 03-19.
returned=$(add_task 退回重办 --kind special --due 2026-03-10 --lead 甲局 --date 2026-03-02)
# moved: due 03-09, reported 03-05 and 03-20, escalated 03-12 and 03-19, transferred
# to 乙局 on 03-16, extended on 03-17 to 04-30.
moved=$(add_task 转办事项 --kind special --due 2026-03-09 --lead 甲局 --date 2026-03-02)
# late: registered on 03-16, after the date asked about, due 03-17.
late=$(add_task 后立项 --kind special --due 2026-03-17 --lead 甲局 --date 2026-03-16)
check "four tasks added" test -n "$closed" -a -n "$returned" -a -n "$moved" -a -n "$late"
d done "$returned" --result 已办结 --date 2026-03-05
d return "$returned" 材料不全 --due 2026-03-19 --date 2026-03-18
d progress "$moved" 第一次进展 --date 2026-03-05
d escalate "$moved" 超期未办结 --date 2026-03-12
d assign "$moved" --lead 乙局 --date 2026-03-16
d extend "$moved" --to 2026-04-30 --reason 需补充材料 --date 2026-03-17
d escalate "$moved" 仍未办结 --date 2026-03-19
d progress "$moved" 第二次进展 --date 2026-03-20
d done "$closed" --result 已办结 --date 2026-03-20

run overdue --as-of 2026-03-13 --format json
expect_exit 0
expect_json "sorted(i['id'] for i in d['items'])" "$closed $moved" \
  "as of 03-13: the task closed on 03-20 is listed, the one closed on 03-05 is not"
expect_json "[(i['light'], i['days_overdue'], i['workdays_overdue']) for i in d['items'] if i['id'] == '$closed'][0]" \
  "red 3 3"
expect_json "[(i['lead'], i['due'], i['escalation'], i['last_progress']) for i in d['items'] if i['id'] == '$moved'][0]" \
  "甲局 2026-03-09 1 2026-03-05"
run overdue --as-of 2026-03-13 --format csv
expect_csv_ids "$moved" "$closed"
expect_stdout_match "^$moved,转办事项,special,甲局,,,2026-03-09,red,4,4,1,false,2026-03-05,false,"
run overdue --as-of 2026-03-13 --unit 乙局 --format json
expect_json "[i['id'] for i in d['items']]" "" "--unit follows the lead unit of the day: 乙局 had nothing on 03-13"
run overdue --as-of 2026-03-13 --unit 甲局 --format json
expect_json "sorted(i['id'] for i in d['items'])" "$closed $moved"

# Never a feedback date after the as-of day, at any day of the month.
for day in 04 05 06 13 19 20 21; do
  run overdue --as-of "2026-03-$day" --within 60 --format json
  expect_json "[i['last_progress'] for i in d['items'] if i['last_progress'] and i['last_progress'] > d['as_of']]" "" \
    "as of 2026-03-$day: no last feedback after the day"
done

run overdue --as-of 2026-03-18 --format json
expect_json "sorted(i['id'] for i in d['items'])" "$closed $returned $late" \
  "as of 03-18: handed back on the day (yellow), registered on 03-16; the extended task is green"
run overdue --as-of 2026-03-20 --within 60 --format json
expect_json "sorted(i['id'] for i in d['items'])" "$returned $moved $late"
expect_json "[(i['lead'], i['due'], i['light'], i['escalation'], i['last_progress']) for i in d['items'] if i['id'] == '$moved'][0]" \
  "乙局 2026-04-30 yellow 2 2026-03-20"

# list and show judge the light as the task stood that day, as overdue does.
run list --status all --as-of 2026-03-13 --format json
expect_json "sorted((t['id'], t['light'], t['days_overdue']) for t in d if t['id'] in ('$closed', '$moved', '$late'))" \
  "('$closed', 'red', 3) ('$moved', 'red', 4) ('$late', None, 0)" "list as of 03-13: the task closed on 03-20 was red; the one registered on 03-16 has no light"
run show "$closed" --as-of 2026-03-13 --format json
expect_json "d[0]['light'], d[0]['days_overdue']" "red 3" "show as of 03-13: red, 3 days"
run show "$closed" --as-of 2026-03-21 --format json
expect_json "d[0]['light']" "null" "show as of 03-21: closed, no light"

# Text and Markdown show the same day's deadline and level.
run overdue --as-of 2026-03-13
expect_stdout_match "$moved .*转办事项 .*2026-03-09 +4 +4 +1 " "the text row shows the deadline and the level of 03-13"
run overdue --as-of 2026-03-13 --format md
expect_stdout_match "\\| $moved +\\| .*\\| 2026-03-09 +\\| +4 \\| +4 \\| 1 " "the Markdown row too"

# report for the same day: its overdue tasks at period end are overdue's red by deadline.
same_day() {
  local day="$1" a b
  run overdue --as-of "$day" --red-only --format json
  a="$(json_eval "sorted(i['id'] for i in d['items'] if i['due'] and i['due'] < d['as_of'])")"
  run report --from "${day:0:8}01" --to "$day" --format json
  b="$(json_eval "sorted(o['id'] for o in d['overdue'])")"
  if [[ "$a" == "$b" ]]; then pass "$day: overdue and report agree (${a:-none})"; else
    fail "$day: overdue and report agree" "overdue: $a" "report:  $b"
  fi
}
for day in 2026-03-09 2026-03-10 2026-03-11 2026-03-13 2026-03-17 2026-03-18 2026-03-20 2026-05-01; do
  same_day "$day"
done

# A past list does not change when the log grows after it.
run overdue --as-of 2026-03-13 --format json
cp "$OUT_FILE" "$SCRATCH/before.json"
d escalate "$moved" 约谈 --date 2026-03-25
d progress "$moved" 第三次进展 --date 2026-03-25
d done "$moved" --result 已办结 --date 2026-03-26
d extend "$returned" --to 2026-06-30 --reason 重新办理 --date 2026-03-25
run overdue --as-of 2026-03-13 --format json
expect_same_file "$SCRATCH/before.json" "$OUT_FILE" "overdue for 03-13 is the same after later entries"

# ---------------------------------------------------------------- working days: after the deadline, through the as-of day

new_workspace 甲局
mon=$(add_task 周一到期 --kind special --due 2026-03-16 --lead 甲局 --date 2026-03-02)
fri=$(add_task 周五到期 --kind special --due 2026-03-20 --lead 甲局 --date 2026-03-02)
# days WHEN ID: "DAYS/WORKDAYS" of ID as of WHEN.
days() {
  run overdue --as-of "$1" --format json
  json_eval "[str(i['days_overdue']) + '/' + str(i['workdays_overdue']) for i in d['items'] if i['id'] == '$2']"
}
check "due Mon 03-16, as of Thu 03-19: 3 days, 3 working days" test "$(days 2026-03-19 "$mon")" = 3/3
check "due Mon 03-16, as of Tue 03-17: 1 day, 1 working day" test "$(days 2026-03-17 "$mon")" = 1/1
check "due Fri 03-20, as of Sat 03-21: 1 day, 0 working days" test "$(days 2026-03-21 "$fri")" = 1/0
check "due Fri 03-20, as of Sun 03-22: 2 days, 0 working days" test "$(days 2026-03-22 "$fri")" = 2/0
check "due Fri 03-20, as of Mon 03-23: 3 days, 1 working day" test "$(days 2026-03-23 "$fri")" = 3/1
run overdue --as-of 2026-03-17
expect_stdout_match "$mon .* 1 +1 +0( |$)" "the text table: 1 day, 1 working day"

# The demo ledger: 2025-0066 (due Thu 11-27) is one day and one working day late on Fri 11-28.
_new_dir office
cp -r "$DUBAN_SOURCE_DIR/examples/office" "$NEW_DIR" && cd "$NEW_DIR" || exit 2
run overdue --as-of 2025-11-28 --format json
expect_json "[(i['days_overdue'], i['workdays_overdue']) for i in d['items'] if i['id'] == '2025-0066']" "(1, 1)"
run overdue --as-of 2025-11-28 --format json
expect_json "[i['id'] for i in d['items'] if i['light'] == 'red' and i['workdays_overdue'] == 0 and i['days_overdue'] == 1]" "" \
  "on a working day nobody is 1 day and 0 working days late"
# Every Friday of 2025: report and overdue agree on the overdue tasks.
fridays=$("$PYTHON" -c '
import datetime
d = datetime.date(2025, 1, 3)
while d.year == 2025:
    print(d.isoformat())
    d += datetime.timedelta(days=7)
')
n_fridays=0
for day in $fridays; do
  same_day "$day"
  n_fridays=$((n_fridays + 1))
done
check "52 Fridays of 2025" test "$n_fridays" = 52

# ---------------------------------------------------------------- feedback cycles

new_workspace 甲局
month=$(add_task 月报事项 --kind work-report --due 2026-12-31 --lead 甲局 --cadence monthly --date 2026-09-01)
week=$(add_task 周报事项 --kind work-report --due 2026-12-31 --lead 甲局 --cadence weekly --date 2026-09-21)
d progress "$month" 九月进展 --date 2026-09-04
d progress "$week" 第一周 --date 2026-09-25
# fb DAY: the feedback-late ids as of DAY.
fb() {
  run overdue --as-of "$1" --format json
  ids_where "i['feedback_late']"
}
# Monthly: 09-05 (a Saturday) moves to Monday 09-07; the report of 09-04 answers it.
# October's 5th is a holiday and moves to Thursday 10-08. Weekly: Friday 10-02 moves to 10-08.
for day in 2026-09-05 2026-09-07 2026-09-30 2026-10-01 2026-10-02 2026-10-05 2026-10-07; do
  check "$day: nobody is feedback-late" test -z "$(fb "$day")"
done
check "10-08: both moved feedback days have passed unanswered" test "$(fb 2026-10-08)" = "$(printf '%s\n' "$month" "$week" | sort | tr '\n' ' ' | sed 's/ $//')"
run overdue --as-of 2026-10-08
expect_stdout_match "$month .*报送超时" "the text row says 报送超时 on 10-08"
d progress "$month" 十月进展 --date 2026-10-08
d progress "$week" 节后第一报 --date 2026-10-08
check "reported on the moved day itself: not late on 10-08" test -z "$(fb 2026-10-08)"
check "Friday 10-09 ends the next weekly cycle" test "$(fb 2026-10-09)" = "$week"
check "the monthly report of 10-08 holds until November's 5th" test "$(fb 2026-11-04)" = "$week"
run overdue --as-of 2026-10-08 --within 365 --format json
expect_json "[i['last_progress'] for i in d['items'] if i['id'] == '$month']" "2026-10-08"
run overdue --as-of 2026-10-07 --within 365 --format json
expect_json "[i['last_progress'] for i in d['items'] if i['id'] == '$month']" "2026-09-04" \
  "as of 10-07 the report of 10-08 did not exist yet"

# Cycles count from the day the work was last handed to a unit: a transfer to
# another unit, and reopened work, start them again (the new unit is not late for
# a week it did not have the task).
new_workspace 甲局 乙局
moved=$(add_task 转办周报 --kind work-report --due 2026-12-31 --lead 甲局 --cadence weekly --date 2026-09-07)
check "09-11: 甲局 missed its first week" test "$(fb 2026-09-11)" = "$moved"
d assign "$moved" --lead 乙局 --date 2026-09-14
check "09-14: handed to 乙局 that day, not late" test -z "$(fb 2026-09-14)"
check "as of 09-11 the list still shows 甲局's missed week" test "$(fb 2026-09-11)" = "$moved"
check "09-18: 乙局's first week ends unanswered" test "$(fb 2026-09-18)" = "$moved"
d assign "$moved" --owner 张三 --date 2026-09-21
check "a new owner is no handover: still late on 09-21" test "$(fb 2026-09-21)" = "$moved"
d suspend "$moved" 暂缓 --date 2026-09-22
d reopen "$moved" 恢复 --date 2026-10-12
check "resumed on 10-12: not late that day" test -z "$(fb 2026-10-12)"
d progress "$moved" 恢复后首报 --date 2026-10-15
check "reported on 10-15 for the week ending 10-16" test -z "$(fb 2026-10-16)"

finish
