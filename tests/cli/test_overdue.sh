#!/usr/bin/env bash
# duban overdue (SPEC §8, §6, §11) on tests/fixtures/chase.
#
# Every id set, count and number below is worked out by hand from the task
# dates in tests/fixtures/make-chase.sh and the 2025 calendar (CALENDAR.md):
# National Day 10-01 … 10-08 off; Sunday 09-28 and Saturday 10-11 are working
# days. days_overdue = as-of − missed deadline; workdays_overdue = working days
# after the deadline up to and including the as-of day (SPEC §8). Feedback days
# on a rest day move to the next working day: Friday 10-03 and the 5th of
# October both to Thursday 10-09.
#
#   0001 市水务局 special, listed, co 市住建局     due Fri 09-26
#   0002 市住建局 work-report, due 12-31; milestone 完成设计 due Tue 09-30 unfinished
#   0003 市发改委 meeting                          due Mon 09-29
#   0004 城东区   hotline, listed                  due Wed 10-15
#   0005 市城管局 weekly, assigned 09-22, progress Fri 09-26, due 11-28
#   0006 市城管局 weekly, assigned Fri 10-10, no progress, due 11-28
#   0007 市住建局 monthly, registered 09-01, first assigned 10-06, no progress
#   0008 市发改委 monthly, assigned 08-01, progress 09-05, due 12-31
#   0009 suspended · 0010 cancelled · 0011 done (all due 09-19, weekly, silent)
#   0012 城东区   superior, listed, due Fri 08-29, escalation 3 (top)
#   0013 市水务局 instruction                      due Mon 10-20
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

use_fixture chase

# rows: "ID:LIGHT:DAYS/WORKDAYS" of every item, in output order.
ROWS='[i["id"] + ":" + i["light"] + ":" + str(i["days_overdue"]) + "/" + str(i["workdays_overdue"]) for i in d["items"]]'
SUMMARY='[d["summary"]["red"], d["summary"]["yellow"], d["summary"]["feedback_late"]]'
FB_IDS='sorted(i["id"] for i in d["items"] if i["feedback_late"])'
ESC_IDS='[i["id"] for i in d["items"] if i["escalation_due"]]'
IDS='[i["id"] for i in d["items"]]'

# overdue_json AS-OF [OPTION…]: run overdue --format json as of a date.
overdue_json() {
  local as_of="$1"
  shift
  run overdue --as-of "$as_of" --format json "$@"
}

# ---------------------------------------------------------------- lights, days and working days

overdue_json 2025-09-26
expect_exit 0 "overdue as of 2025-09-26 exits 0"
expect_stdout_json
expect_json 'd["as_of"]' "2025-09-26"
# 0001 due today: not overdue, yellow; 0003 due in 3 days: yellow; 0002's milestone in 4: green.
# 0012: 08-29 → 09-26 = 28 days; 20 weekdays of September up to the 26th.
expect_json "$ROWS" "2025-0012:red:28/20 2025-0001:yellow:0/0 2025-0003:yellow:0/0"
expect_json "$SUMMARY" "1 2 0"

overdue_json 2025-09-30
# 0001: 4 days, 09-28 (working Sunday), 09-29, 09-30; 0003: 1 day late on a working day, 1;
# 0002: milestone due today → yellow; 0012: 32 days, 22 weekdays + 09-28.
expect_json "$ROWS" "2025-0012:red:32/23 2025-0001:red:4/3 2025-0003:red:1/1 2025-0002:yellow:0/0"
expect_json "$SUMMARY" "3 1 0"

# 0002's milestone was due 09-30; 10-01 is a holiday: 1 day, no working day missed yet.
overdue_json 2025-10-01
expect_json '[(i["light"], i["days_overdue"], i["workdays_overdue"]) for i in d["items"] if i["id"] == "2025-0002"]' \
  "('red', 1, 0)"

# Inside the National Day holiday.
overdue_json 2025-10-05
expect_exit 0 "overdue on a holiday exits 0"
# 0001: 9 days, 3 working days (09-28, 09-29, 09-30); 0003: 6 days, 1 (09-30);
# 0002: 5 days, 0 (10-01 … 10-04 are off); 0012: 37 days, 23.
# Nobody is late with feedback on a holiday: 0008's 5th and 0005's Friday 10-03 move to 10-09.
expect_json "$ROWS" \
  "2025-0012:red:37/23 2025-0001:red:9/3 2025-0003:red:6/1 2025-0002:red:5/0"
expect_json "$SUMMARY" "4 0 0"
expect_json "$FB_IDS" ""
expect_json "$ESC_IDS" ""

# The first working day after the holiday.
overdue_json 2025-10-09
# 0001: 13 days, 4 working days (10-01 … 10-08 off, 10-09 works); 0003: 10 days, 2; 0002: 9 days, 1.
# The moved feedback day: 0005 (nothing since 09-26), 0008 (nothing since 09-05) and 0007
# (assigned 10-06, its first cycle 10-07 … 10-09 without a report) are late.
expect_json "$ROWS" \
  "2025-0012:red:41/24 2025-0001:red:13/4 2025-0003:red:10/2 2025-0008:green:0/0 2025-0002:red:9/1 2025-0007:green:0/0 2025-0005:green:0/0"
expect_json "$SUMMARY" "4 0 3"
# more than 10 days red: 0001 (13); 0003 is at exactly 10; 0012 is at the top level.
expect_json "$ESC_IDS" "2025-0001"

overdue_json 2025-10-13
# 0001: 17 days; 09-28, 09-29, 09-30, 10-09, 10-10, 10-11 (working Saturday), 10-13 → 7.
# 0003: 14 days, 5; 0002: 13 days, 4 (10-09, 10-10, 10-11, 10-13); 0012: 45 days, 27.
# 0004 due 10-15, two days ahead: yellow.
expect_json "$ROWS" \
  "2025-0012:red:45/27 2025-0004:yellow:0/0 2025-0001:red:17/7 2025-0003:red:14/5 2025-0008:green:0/0 2025-0002:red:13/4 2025-0007:green:0/0 2025-0005:green:0/0"
expect_json "$SUMMARY" "4 1 3"
expect_json '[i["id"] for i in d["items"] if i["light"] == "red"]' "2025-0012 2025-0001 2025-0003 2025-0002"
expect_json '[i["id"] for i in d["items"] if i["light"] == "yellow"]' "2025-0004"
expect_json "$FB_IDS" "2025-0005 2025-0007 2025-0008"
expect_json "$ESC_IDS" "2025-0001 2025-0003 2025-0002"

# The hotline ticket: yellow on its deadline day, red (1 day, 1 working day) the day after.
overdue_json 2025-10-15 --kind hotline
expect_json "$ROWS" "2025-0004:yellow:0/0"
overdue_json 2025-10-16 --kind hotline
expect_json "$ROWS" "2025-0004:red:1/1"

# DUBAN_TODAY stands for --as-of.
overdue_json 2025-10-13
cp "$OUT_FILE" "$SCRATCH/as-of.json"
run_env DUBAN_TODAY=2025-10-13 -- overdue --format json
expect_same_file "$SCRATCH/as-of.json" "$OUT_FILE" "DUBAN_TODAY=2025-10-13 gives the same list as --as-of 2025-10-13"

# ---------------------------------------------------------------- a late milestone

overdue_json 2025-10-13
expect_json '[(i["light"], i["due"]) for i in d["items"] if i["id"] == "2025-0002"][0]' "red 2025-12-31"
run overdue --as-of 2025-10-13
expect_stdout_match '2025-0002 .*红.*阶段目标「完成设计」超期' "the text row of 0002 names the late milestone"
run overdue --as-of 2025-10-13 --format md
expect_stdout_match '^\|.*2025-0002.*阶段目标「完成设计」超期' "the Markdown row of 0002 names the late milestone"
run overdue --as-of 2025-10-13 --lang en
expect_stdout_match "2025-0002 .*milestone '完成设计' late" "in English too"
run overdue --as-of 2025-10-13
expect_stdout_not_contains "阶段目标「完成改造方案」" "a reached milestone is never mentioned"

# ---------------------------------------------------------------- suspended, cancelled, done

for as_of in 2025-09-30 2025-10-05 2025-10-13 2025-11-05; do
  overdue_json "$as_of" --within 365
  expect_json '[i["id"] for i in d["items"] if i["id"] in ("2025-0009", "2025-0010", "2025-0011")]' ""
done
run overdue --as-of 2025-10-13 --unit 市水务局 --kind special --format csv
expect_csv_ids 2025-0001
run list --status all --as-of 2025-10-13 --format json
expect_json '[t.get("light") for t in d if t["id"] in ("2025-0009", "2025-0010", "2025-0011")]' "None None None"
# Reopening the suspended task brings it back with a new deadline (rework_within,
# 15 days: 10-28), so not red, and its weekly cycles start again the day after:
# not late on the day it is resumed, nor on Friday 10-17 with a report on 10-16,
# but late on Friday 10-24 when the week 10-18 … 10-24 has none.
run reopen 2025-0009 恢复办理 --date 2025-10-13
expect_exit 0 "reopen the suspended task"
overdue_json 2025-10-13 --unit 水务局
expect_json "$ROWS" "2025-0001:red:17/7"
expect_json "$FB_IDS" "" "resumed on 10-13: not feedback-late that day"
run progress 2025-0009 已恢复施工 --date 2025-10-16
overdue_json 2025-10-17 --unit 水务局
expect_json "$FB_IDS" "" "reported on 10-16 for the cycle ending 10-17"
overdue_json 2025-10-24 --unit 水务局
expect_json "$FB_IDS" "2025-0009" "no report in 10-18 … 10-24: late on 10-24"

# ---------------------------------------------------------------- an extension turns red into green

use_fixture chase
overdue_json 2025-10-09 --unit 发改委 --red-only
expect_json "$IDS" "2025-0003"
run extend 2025-0003 --to 2025-10-31 --reason 需省级部门会签 --date 2025-10-09
expect_exit 0 "extend 2025-0003"
overdue_json 2025-10-09
expect_json '[i["id"] for i in d["items"] if i["id"] == "2025-0003"]' "" "0003 is green after the extension"
expect_json "$SUMMARY" "3 0 3"
run show 2025-0003 --as-of 2025-10-09 --format json
expect_json 'd[0]["light"]' "green"
# 10-31 is 22 days ahead of 10-09: yellow only from 10-28 on.
overdue_json 2025-10-28 --kind meeting
expect_json "$ROWS" "2025-0003:yellow:0/0"
# Due Friday 10-31, as of Saturday 11-01: 1 day, but no working day missed yet.
overdue_json 2025-11-01 --kind meeting
expect_json "$ROWS" "2025-0003:red:1/0"
overdue_json 2025-11-03 --kind meeting
expect_json "$ROWS" "2025-0003:red:3/1"
# An extension to a date within the window: red becomes yellow.
run extend 2025-0001 --to 2025-10-10 --reason 汛后复查 --date 2025-10-09
overdue_json 2025-10-09 --unit 市水务局
expect_json "$ROWS" "2025-0001:yellow:0/0"

# ---------------------------------------------------------------- feedback late (报送超时)

use_fixture chase
# fb_at AS-OF IDS: the feedback-late ids as of a date.
fb_at() {
  overdue_json "$1"
  local got
  got="$(json_eval "$FB_IDS")"
  if [[ "$got" == "$2" ]]; then pass "feedback late as of $1: ${2:-none}"; else
    fail "feedback late as of $1" "expected: ${2:-none}" "got:      $got"
  fi
}
fb_at 2025-09-26 ""                              # 0005 reported on Friday 09-26 itself
fb_at 2025-10-02 ""                              # last Friday still 09-26; 0008's last 5th is 09-05
fb_at 2025-10-03 ""                              # Friday 10-03 is a holiday: its cycle ends on 10-09
fb_at 2025-10-05 ""                              # the 5th is a holiday too: 0008 answered September
fb_at 2025-10-08 ""                              # the last day off
fb_at 2025-10-09 "2025-0005 2025-0007 2025-0008" # both moved feedback days; 0007's first cycle 10-07 … 10-09
fb_at 2025-10-12 "2025-0005 2025-0007 2025-0008" # 0006 assigned on Friday 10-10 itself: not yet owed
fb_at 2025-10-16 "2025-0005 2025-0007 2025-0008"
fb_at 2025-10-17 "2025-0005 2025-0006 2025-0007 2025-0008" # 0006's first Friday
fb_at 2025-11-05 "2025-0005 2025-0006 2025-0007 2025-0008"

overdue_json 2025-10-17 --unit 城管局
expect_json "[(i['id'], i['light'], i['feedback_late'], i['last_progress']) for i in d['items']]" \
  "('2025-0005', 'green', True, '2025-09-26') ('2025-0006', 'green', True, None)"
run overdue --as-of 2025-10-17 --unit 城管局
expect_stdout_match '2025-0006 .*报送超时' "the text row says 报送超时"
run progress 2025-0006 已启动整治 --date 2025-10-17
overdue_json 2025-10-17 --unit 城管局
expect_json "$FB_IDS" "2025-0005" "a report on the Friday itself clears it"
expect_json "$SUMMARY" "0 0 1"
# The latest feedback is the most recent one: 0005 reports on Friday 10-10, then a
# paper report of 09-24 is entered. Whether `progress` refuses that out-of-order
# date (`check` calls such a log invalid) or takes it, 0005 reported on 10-10 and
# is not late as of 10-13, and its last feedback is 10-10.
run progress 2025-0005 第二周进展 --date 2025-10-10
run progress 2025-0005 补录9月24日书面报告 --date 2025-09-24
overdue_json 2025-10-13 --unit 城管局
expect_json "$FB_IDS" ""
overdue_json 2025-10-13 --unit 城管局 --within 365
expect_json '[i["last_progress"] for i in d["items"] if i["id"] == "2025-0005"]' "2025-10-10"

# ---------------------------------------------------------------- escalation due

use_fixture chase
overdue_json 2025-10-09
expect_json "$ESC_IDS" "2025-0001"
run overdue --as-of 2025-10-09
expect_stdout_match '2025-0001 .*应升级为整改通知' "the text row says which level is due"
run escalate 2025-0001 超期未办结 --date 2025-10-09
expect_exit 0 "escalate 2025-0001"
overdue_json 2025-10-09
expect_json "$ESC_IDS" "" "escalated today: no longer due"
expect_json '[i["escalation"] for i in d["items"] if i["id"] == "2025-0001"]' "1"
run overdue --as-of 2025-10-09
expect_stdout_match '2025-0001 .*1 整改通知' "the text row shows the level reached"
expect_stdout_not_contains "应升级为"
T1_ESC='[i["escalation_due"] for i in d["items"] if i["id"] == "2025-0001"]'
overdue_json 2025-10-13
expect_json "$ESC_IDS" "2025-0003 2025-0002" "0001 escalated four days ago"
overdue_json 2025-10-19
expect_json "$T1_ESC" "False" "exactly 10 days after the escalation: not yet"
overdue_json 2025-10-20
expect_json "$T1_ESC" "True" "11 days after the escalation: due again"
# The top level is never due again (0012: 52 days red, level 3).
expect_json '[i["escalation_due"] for i in d["items"] if i["id"] == "2025-0012"]' "False"
run overdue --as-of 2025-10-20 --unit 水务局
expect_stdout_match '2025-0001 .*应升级为黄牌警告' "the next level is named"

# ---------------------------------------------------------------- formats

use_fixture chase
# JSON: exactly the keys of SPEC §8 (plus escalation_due), summary matching the items;
# requests pending and notices not signed for (SPEC §15) always there, here none.
overdue_json 2025-10-13
expect_json 'list(d)' "as_of summary items requests unsigned"
expect_json 'list(d["summary"])' "red yellow feedback_late pending_requests unsigned"
expect_json '[d["summary"]["pending_requests"], d["summary"]["unsigned"], d["requests"], d["unsigned"]]' "0 0 [] []"
expect_json 'sorted(set(tuple(i) for i in d["items"]))' \
  "('id', 'title', 'kind', 'lead', 'co', 'owner', 'due', 'light', 'days_overdue', 'workdays_overdue', 'escalation', 'feedback_late', 'last_progress', 'listed', 'escalation_due')"
expect_json '[d["summary"]["red"] == sum(i["light"] == "red" for i in d["items"]), d["summary"]["yellow"] == sum(i["light"] == "yellow" for i in d["items"]), d["summary"]["feedback_late"] == sum(i["feedback_late"] for i in d["items"])]' \
  "True True True"
expect_json '[i for i in d["items"] if i["id"] == "2025-0001"][0] == {"id": "2025-0001", "title": "汛后水毁设施修复", "kind": "special", "lead": "市水务局", "co": ["市住建局"], "owner": "张伟", "due": "2025-09-26", "light": "red", "days_overdue": 17, "workdays_overdue": 7, "escalation": 0, "feedback_late": False, "last_progress": None, "listed": True, "escalation_due": True}' \
  "true"
expect_json '[i for i in d["items"] if i["id"] == "2025-0008"][0] == {"id": "2025-0008", "title": "关于优化营商环境的建议", "kind": "npc", "lead": "市发改委", "co": [], "owner": None, "due": "2025-12-31", "light": "green", "days_overdue": 0, "workdays_overdue": 0, "escalation": 0, "feedback_late": True, "last_progress": "2025-09-05", "listed": False, "escalation_due": False}' \
  "true"

# CSV
run overdue --as-of 2025-10-13 --format csv
expect_exit 0
check "csv header" test "$(head -n 1 "$OUT_FILE")" = \
  "id,title,kind,lead,co,owner,due,light,days_overdue,workdays_overdue,escalation,feedback_late,last_progress,listed,escalation_due"
expect_csv_ids 2025-0012 2025-0004 2025-0001 2025-0003 2025-0008 2025-0002 2025-0007 2025-0005
expect_stdout_line "2025-0001,汛后水毁设施修复,special,市水务局,市住建局,张伟,2025-09-26,red,17,7,0,false,,true,true"
expect_stdout_line "2025-0012,省督查反馈问题整改,superior,城东区,,钱伟,2025-08-29,red,45,27,3,false,,true,false"

# Markdown
run overdue --as-of 2025-10-13 --format md
expect_exit 0
expect_stdout_match '^# .*超期督办清单' "a Markdown heading"
expect_stdout_match '^\| *牵头单位 *\| *编号 *\|' "a Markdown table header"
expect_stdout_match '^\|( *:?-+:? *\|)+$' "a Markdown separator row"
check "one table row per item" test "$(grep -cE '^\| .*\| 2025-[0-9]{4} +\|' "$OUT_FILE")" = 8
expect_stdout_line "红灯 4 项，黄灯 1 项，报送超时 3 项"

# Text: grouped by lead unit, the unit with the most overdue task first, the unit
# named once per group.
run overdue --as-of 2025-10-13
expect_exit 0
expect_stdout_line "江北市人民政府督查室 超期督办清单（截至 2025-10-13）"
check "text lists the ids in order" test "$(grep -oE '2025-[0-9]{4}' "$OUT_FILE" | tr '\n' ' ')" = \
  "2025-0012 2025-0004 2025-0001 2025-0003 2025-0008 2025-0002 2025-0007 2025-0005 "
check "text: units in order, each named once" test \
  "$(grep -oE '^(城东区|市水务局|市发改委|市住建局|市城管局)' "$OUT_FILE" | tr '\n' ' ')" = "城东区 市水务局 市发改委 市住建局 市城管局 "
expect_stdout_match '^城东区 +2025-0012 +红' "城东区 heads its group with 0012"
expect_stdout_match '^ +2025-0004 +黄' "0004 sits under 城东区 without repeating it"
expect_stdout_match '^市发改委 +2025-0003 +红'
expect_stdout_match '^ +2025-0008 +绿灯 .*报送超时'
expect_stdout_match '2025-0012 .* 45 +27 +3 问责' "0012: 45 days, 27 working days, level 3"
expect_stdout_match '2025-0001 .* 17 +7 +0 ' "0001: 17 days, 7 working days"
check "the summary is the last line" test "$(tail -n 1 "$OUT_FILE")" = "红灯 4 项，黄灯 1 项，报送超时 3 项"
tail -n +3 "$OUT_FILE" >"$SCRATCH/table.txt" && cp "$SCRATCH/table.txt" "$OUT_FILE"  # from the header line on
expect_aligned 编号 2025-0012 2025-0004 2025-0001 2025-0003 2025-0008 2025-0002 2025-0007 2025-0005
run overdue --as-of 2025-09-26
check "the summary counts (09-26)" test "$(tail -n 1 "$OUT_FILE")" = "红灯 1 项，黄灯 2 项，报送超时 0 项"
run overdue --as-of 2025-08-01
expect_exit 0
expect_stdout_line "红灯 0 项，黄灯 0 项，报送超时 0 项"
expect_stdout_not_contains "2025-00" "nothing to list on 2025-08-01"
run overdue --as-of 2025-10-13 --format yaml
expect_usage_error "--format yaml is refused"

# ---------------------------------------------------------------- filters

overdue_json 2025-10-13 --unit 市住建局
expect_json "$IDS" "2025-0001 2025-0002 2025-0007" "--unit: lead or co-operating unit (0001 by co), grouped by lead"
expect_json "$SUMMARY" "2 0 1"
overdue_json 2025-10-13 --unit 住建局
expect_json "$IDS" "2025-0001 2025-0002 2025-0007" "--unit by alias"
overdue_json 2025-10-13 --unit 城管局
expect_json "$IDS" "2025-0005"
expect_json "$SUMMARY" "0 0 1"
run overdue --as-of 2025-10-13 --unit 市水利局
expect_data_error "市水务局" "an unknown unit is an error suggesting the close one"
overdue_json 2025-10-13 --kind special
expect_json "$IDS" "2025-0001"
overdue_json 2025-10-13 --kind 会议决定事项
expect_json "$IDS" "2025-0003" "--kind by label (the done meeting 0011 is not listed)"
overdue_json 2025-10-13 --kind hotline
expect_json "$ROWS" "2025-0004:yellow:0/0"
overdue_json 2025-10-13 --red-only
expect_json "$IDS" "2025-0012 2025-0001 2025-0003 2025-0002"
expect_json "$SUMMARY" "4 0 0"
overdue_json 2025-10-13 --listed
expect_json "$IDS" "2025-0012 2025-0004 2025-0001"
overdue_json 2025-10-13 --listed --red-only
expect_json "$IDS" "2025-0012 2025-0001"
# --within: 0013 is due 10-20, 7 days after 10-13; 0004 is 2 days ahead.
overdue_json 2025-10-13 --within 7
expect_json "$IDS" "2025-0012 2025-0004 2025-0001 2025-0013 2025-0003 2025-0008 2025-0002 2025-0007 2025-0005"
expect_json "$SUMMARY" "4 2 3"
overdue_json 2025-10-13 --within 6
expect_json "$IDS" "2025-0012 2025-0004 2025-0001 2025-0003 2025-0008 2025-0002 2025-0007 2025-0005"
overdue_json 2025-10-13 --within 1
expect_json "$SUMMARY" "4 0 3" "--within 1: 0004 (2 days ahead) is green"
overdue_json 2025-10-13 --unit 水务局 --within 7
expect_json "$ROWS" "2025-0001:red:17/7 2025-0013:yellow:0/0"
run overdue --within -1
expect_usage_error "--within -1 is refused"

# ---------------------------------------------------------------- --exit-code

run overdue --as-of 2025-10-13 --exit-code
expect_exit 1 "--exit-code: red items → 1"
expect_stdout_line "红灯 4 项，黄灯 1 项，报送超时 3 项"
run overdue --as-of 2025-10-13
expect_exit 0 "without --exit-code → 0"
run overdue --as-of 2025-10-13 --exit-code --unit 城管局
expect_exit 0 "--exit-code: only feedback late → 0"
run overdue --as-of 2025-10-13 --exit-code --kind hotline
expect_exit 0 "--exit-code: only yellow → 0"
run overdue --as-of 2025-10-16 --exit-code --kind hotline --format json
expect_exit 1 "--exit-code: the hotline ticket red on 10-16 → 1"
run overdue --as-of 2025-09-26 --exit-code --kind special
expect_exit 0 "--exit-code: due today is not red → 0"
run overdue --as-of 2025-09-27 --exit-code --kind special
expect_exit 1 "--exit-code: the day after the deadline → 1"
run overdue --as-of 2025-10-13 --exit-code --red-only --quiet
expect_exit 1 "--exit-code with --red-only --quiet → 1"

# ---------------------------------------------------------------- stable, plain, writes nothing

for fmt in text md csv json; do
  run overdue --as-of 2025-10-13 --format "$fmt" --within 7
  cp "$OUT_FILE" "$SCRATCH/first.$fmt"
  run overdue --as-of 2025-10-13 --format "$fmt" --within 7
  expect_same_file "$SCRATCH/first.$fmt" "$OUT_FILE" "two runs give byte-identical $fmt"
  expect_no_escape_bytes "no escape bytes in $fmt when piped"
done
run overdue --as-of 2025-10-13 --color auto
expect_no_escape_bytes "--color auto: no escape bytes when piped"
run_env TERM=xterm-256color -- overdue --as-of 2025-10-13
expect_no_escape_bytes "no escape bytes when piped, whatever TERM says"
run overdue --as-of 2025-10-13 --color always
check "--color always does colour the lights" grep -q $'\x1b\\[' "$OUT_FILE"

use_fixture chase
snapshot
for fmt in text md csv json; do
  run overdue --as-of 2025-10-13 --format "$fmt" --exit-code
  run overdue --as-of 2025-10-05 --format "$fmt" --within 30 --unit 住建局
done
run overdue --red-only --listed
expect_unchanged "overdue changes no file in the workspace"

# In a git repository: nothing to commit after overdue.
_new_dir git
cp -r "$FIXTURES/chase" "$NEW_DIR"
cd "$NEW_DIR" || exit 2
git init -q . && git add -A && git -c user.name=test -c user.email=test@example.invalid commit -qm fixture
for fmt in text md csv json; do
  run overdue --as-of 2025-10-13 --format "$fmt"
done
run overdue --as-of 2025-10-13 --exit-code
check "git status --porcelain is empty after overdue" test -z "$(git status --porcelain)"

# ---------------------------------------------------------------- a broken file does not stop the list

use_fixture chase
printf 'id: 2025-0099\ntitle: [unclosed\n' >tasks/2025/2025-0099.yaml
run overdue --as-of 2025-10-13 --format csv
expect_exit 3 "a broken task file: exit 3"
expect_stderr_match '^duban: error: .*2025-0099\.yaml' "stderr names the broken file"
expect_csv_ids_any() { check "$1" test "$(tail -n +2 "$OUT_FILE" | cut -d, -f1 | tr '\n' ' ')" = "$2"; }
expect_csv_ids_any "the other tasks are still listed" \
  "2025-0012 2025-0004 2025-0001 2025-0003 2025-0008 2025-0002 2025-0007 2025-0005 "

finish
