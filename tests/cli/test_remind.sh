#!/usr/bin/env bash
# duban remind (SPEC §8, §4, §6, §11) on tests/fixtures/chase.
#
# The selection is the one of `overdue` (see test_overdue.sh for the fixture
# and the hand-worked numbers). One notice per lead unit, most overdue first:
#   as of 2025-09-30: 城东区 (0012) · 市水务局 (0001) · 市发改委 (0003) · 市住建局 (0002, yellow)
#   as of 2025-10-13: 城东区 (0012, 0004) · 市水务局 (0001) · 市发改委 (0003, 0008)
#                     · 市住建局 (0002, 0007 feedback-late) · 市城管局 (0005)
# Reply by = 3 working days after the as-of date (the as-of day not counted),
# with the 2025 calendar: 10-01 … 10-08 off, Sunday 09-28 and Saturday 10-11 work.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

OFFICE=江北市人民政府督查室
NAMED=(2025-0012:城东区 2025-0004:城东区 2025-0001:市水务局 2025-0003:市发改委 2025-0008:市发改委
  2025-0002:市住建局 2025-0007:市住建局 2025-0005:市城管局)
UNNAMED=(2025-0006 2025-0009 2025-0010 2025-0011 2025-0013)

# notice UNIT: the notice for UNIT in stdout (text or Markdown), from its
# addressee line to the next notice.
notice() {
  awk -v u="$1" '
    /^(# )?督查催办通知单$/ { p = 0 }
    $0 == u "：" || $0 == "**" u "**：" { p = 1 }
    p' "$OUT_FILE"
}

# expect_notice UNIT PATTERN [DESC]: a line of UNIT's notice matches PATTERN (grep -E).
expect_notice() {
  local unit="$1" re="$2" desc="${3:-the notice to $1 matches /$2/}"
  if notice "$unit" | grep -Eq -- "$re"; then pass "$desc"; else
    fail "$desc" "no line of the notice to $unit matches: $re" "notice:" "$(notice "$unit" | sed 's/^/    < /')"
  fi
}

expect_notice_not() {
  local unit="$1" re="$2" desc="${3:-the notice to $1 does not match /$2/}"
  if ! notice "$unit" | grep -Eq -- "$re"; then pass "$desc"; else
    fail "$desc" "a line of the notice to $unit matches: $re"
  fi
}

# addressees: the units the notices on stdout are addressed to, in order.
addressees() { grep -E '^(\*\*)?[^ ，：*]+(\*\*)?：$' "$OUT_FILE" | sed -e 's/\*\*//g' -e 's/：$//' | tr '\n' ' '; }

remind_count() { grep -c '^    type: remind$' "$(task_file "$1")"; }

# ---------------------------------------------------------------- text notices, dry run

use_fixture chase
snapshot
run remind --as-of 2025-09-30 --dry-run
expect_exit 0 "remind --dry-run exits 0"
check "one notice per lead unit, most overdue first (09-30)" test "$(addressees)" = "城东区 市水务局 市发改委 市住建局 "
check "four notices" test "$(grep -c '^督查催办通知单$' "$OUT_FILE")" = 4
check "each notice has the as-of date" test "$(grep -c '^截至2025年9月30日' "$OUT_FILE")" = 4
# 09-30 is a Tuesday: 10-01 … 10-08 are off, 10-09, 10-10 and Saturday 10-11 work.
check "reply by 2025-10-11 in every notice" test \
  "$(grep -c "^请于2025年10月11日前将办理情况及下一步措施书面报送${OFFICE}。$" "$OUT_FILE")" = 4
expect_notice 城东区 '^  1\. 2025-0012 省督查反馈问题整改$'
expect_notice 城东区 '办结时限：2025-08-29；已超期 32 天（23 个工作日）；升级督办：3 问责'
expect_notice 城东区 '^联络员：钱伟.*联系电话：0571-86001111$'
expect_notice 市水务局 '^  1\. 2025-0001 汛后水毁设施修复$'
expect_notice 市水务局 '办结时限：2025-09-26；已超期 4 天（3 个工作日）'
expect_notice 市水务局 '^联络员：孙丽.*联系电话：0571-87006688$'
expect_notice_not 市水务局 '2025-00(12|03|02)' "the notice to 市水务局 names only its own item"
expect_notice 市发改委 '办结时限：2025-09-29；已超期 1 天（1 个工作日）'
expect_notice 市发改委 '^联络员：王芳.*联系电话：0571-87001234$'
expect_notice 市住建局 '^  1\. 2025-0002 老旧小区改造提升$'
expect_notice 市住建局 '阶段目标「完成设计」今日到期' "the milestone due today is named, due today"
expect_notice 市住建局 '^联络员：刘洋.*联系电话：0571-87003458$'
expect_notice 市住建局 "^${OFFICE}$"
expect_notice 市住建局 '^2025年9月30日$'
expect_no_escape_bytes
expect_unchanged "remind --dry-run writes nothing"

# Reply-by dates around the holiday.
run remind --as-of 2025-09-26 --dry-run --kind special
expect_stdout_contains "请于2025年9月30日前" "from Friday 09-26: 09-28 (working Sunday), 09-29, 09-30"
run remind --as-of 2025-10-05 --dry-run --kind special
expect_stdout_contains "请于2025年10月11日前" "from 10-05 (a holiday): 10-09, 10-10, 10-11"
run remind --as-of 2025-10-09 --dry-run --kind special
expect_stdout_contains "请于2025年10月13日前" "from 10-09: 10-10, 10-11, 10-13"
run remind --as-of 2025-10-13 --dry-run --kind special
expect_stdout_contains "请于2025年10月16日前" "from Monday 10-13: 10-14, 10-15, 10-16"
expect_unchanged "still nothing written"

# ---------------------------------------------------------------- selection and options

run remind --as-of 2025-10-13 --dry-run
check "five notices as of 10-13" test "$(addressees)" = "城东区 市水务局 市发改委 市住建局 市城管局 "
expect_notice 城东区 '^  1\. 2025-0012 '
expect_notice 城东区 '^  2\. 2025-0004 12345 反映路灯不亮$'
expect_notice 城东区 '将于 2025-10-15 到期' "the yellow item says when it falls due"
expect_notice 市发改委 '^  1\. 2025-0003 '
expect_notice 市发改委 '^  2\. 2025-0008 '
expect_notice 市发改委 '未按要求报送进展' "the feedback-late item says so"
expect_notice 市发改委 '已超期 14 天（5 个工作日）'
expect_notice 市住建局 '阶段目标「完成设计」.*13 天（4 个工作日）' "the late milestone is named"
expect_notice 市城管局 '最近反馈：2025-09-26'
expect_notice 市城管局 '^联络员：赵磊.*联系电话：0571-87005263$'
expect_stdout_not_contains "2025-0009"
expect_stdout_not_contains "2025-0010"
expect_stdout_not_contains "2025-0011"
expect_stdout_not_contains "2025-0013"

run remind --as-of 2025-10-13 --dry-run --red-only
check "--red-only: four notices" test "$(addressees)" = "城东区 市水务局 市发改委 市住建局 "
expect_notice 城东区 '^  1\. 2025-0012 '
expect_notice 市发改委 '^  1\. 2025-0003 '
expect_notice_not 城东区 '2025-0004' "--red-only leaves the yellow item out"
expect_notice_not 市发改委 '2025-0008' "--red-only leaves the feedback-late item out"

# --unit X: one notice, addressed to X (SPEC §8): the tasks X leads, then,
# marked 配合, those where X is a co-unit (0001's lead is 市水务局).
run remind --as-of 2025-10-13 --dry-run --unit 住建局
check "--unit 住建局: one notice, to 市住建局 only" test "$(addressees)" = "市住建局 "
expect_notice 市住建局 '^  1\. 2025-0002 老旧小区改造提升$' "the task 市住建局 leads comes first"
expect_notice 市住建局 '^  2\. 2025-0007 ' "then the other task it leads (feedback-late)"
expect_notice 市住建局 '^  3\. 2025-0001 汛后水毁设施修复（配合）$' "the co-unit task is marked 配合, after its own"
expect_notice 市住建局 '^     牵头单位：市水务局；来源：' "the co-unit task names its lead unit"
expect_notice 市住建局 '你单位牵头或配合办理的下列督办事项' "the intro says lead or co-operate"
expect_notice 市住建局 '^联络员：刘洋　联系电话：0571-87003458$' "the contact line is 市住建局's own"
expect_stdout_not_contains "孙丽" "nothing of 市水务局's liaison"
run remind --as-of 2025-10-13 --dry-run --unit 住建局 --lang en
expect_stdout_contains "2025-0001 汛后水毁设施修复 (co-unit)"
expect_stdout_contains "lead: 市水务局; kind:"

run remind --as-of 2025-10-13 --dry-run --kind 便民热线
check "--kind by label" test "$(addressees)" = "城东区 "
expect_notice 城东区 '^  1\. 2025-0004 '
expect_notice_not 城东区 '2025-0012'

run remind --as-of 2025-10-13 --dry-run --listed
check "--listed" test "$(addressees)" = "城东区 市水务局 "

run remind --as-of 2025-10-13 --dry-run --within 7 --unit 水务局
expect_notice 市水务局 '^  2\. 2025-0013 全民健身中心配套建设$' "--within 7 adds 0013 (due 10-20)"

run remind --as-of 2025-10-13 --dry-run --unit 水务局 --lang en
expect_stdout_contains "Liaison: 孙丽  Phone: 0571-87006688"
expect_stdout_contains "17 days overdue (7 working days)"
expect_stdout_contains "2025-10-16"

run remind --as-of 2025-10-09 --kind hotline
expect_exit 0 "nothing to chase: exit 0"
expect_stdout_empty "nothing to chase: no notice"

run remind --as-of 2025-10-13 --format csv
expect_usage_error "remind --format csv is refused"
run remind --as-of 2025-10-13 --format json
expect_usage_error "remind --format json is refused"
expect_unchanged "none of the above wrote anything"

# Markdown to stdout.
run remind --as-of 2025-10-13 --dry-run --format md --unit 水务局
expect_stdout_line "# 督查催办通知单"
expect_stdout_line "**市水务局**："
expect_stdout_match '^1\. \*\*2025-0001\*\* 汛后水毁设施修复'
expect_stdout_match '已超期 17 天（7 个工作日）'
expect_stdout_line "请于2025年10月16日前将办理情况及下一步措施书面报送${OFFICE}。"
expect_stdout_match '^联络员：孙丽.*联系电话：0571-87006688$'

# --dry-run with --out: no directory, no file, no log entry.
run remind --as-of 2025-10-13 -n --out notices --format md
expect_exit 0
expect_no_file notices
expect_stderr_contains "would write notices/2025-10-13-市水务局.md" "--dry-run --out names the file it would write"
expect_stdout_contains "督查催办通知单" "--dry-run --out prints the notices"
expect_unchanged "remind --dry-run --out writes nothing"

# ---------------------------------------------------------------- one file per unit, logged once

run remind --date 2025-10-13 --format md --out notices
expect_exit 0 "remind --out exits 0"
expect_stdout_eq "notices/2025-10-13-城东区.md
notices/2025-10-13-市水务局.md
notices/2025-10-13-市发改委.md
notices/2025-10-13-市住建局.md
notices/2025-10-13-市城管局.md" "remind --out prints the paths it wrote"
check "exactly five files written" test "$(find notices -type f | wc -l)" = 5
f=notices/2025-10-13-市水务局.md
expect_file_line "$f" "# 督查催办通知单"
expect_file_line "$f" "**市水务局**："
expect_file_match "$f" '^截至2025年10月13日'
expect_file_match "$f" '^1\. \*\*2025-0001\*\* 汛后水毁设施修复'
expect_file_match "$f" '办结时限：2025-09-26；已超期 17 天（7 个工作日）'
expect_file_line "$f" "请于2025年10月16日前将办理情况及下一步措施书面报送${OFFICE}。"
expect_file_match "$f" '^联络员：孙丽.*联系电话：0571-87006688$'
check "$f names no other unit's item" bash -c "! grep -Eq '2025-00(12|04|03|08|02|05)' '$f'"
f=notices/2025-10-13-城东区.md
expect_file_match "$f" '^1\. \*\*2025-0012\*\* '
expect_file_match "$f" '已超期 45 天（27 个工作日）；升级督办：3 问责'
expect_file_match "$f" '^2\. \*\*2025-0004\*\* '
expect_file_match "$f" '^联络员：钱伟.*联系电话：0571-86001111$'
f=notices/2025-10-13-市发改委.md
expect_file_match "$f" '^1\. \*\*2025-0003\*\* '
expect_file_match "$f" '^2\. \*\*2025-0008\*\* '
expect_file_match "$f" '未按要求报送进展'
expect_file_match notices/2025-10-13-市住建局.md '阶段目标「完成设计」.*13 天（4 个工作日）'
expect_file_match notices/2025-10-13-市城管局.md '^1\. \*\*2025-0005\*\* '

for spec in "${NAMED[@]}"; do
  id="${spec%%:*}" unit="${spec#*:}"
  expect_file_tail "$(task_file "$id")" "  - date: 2025-10-13
    type: remind
    to: $unit" "$id: a remind entry to $unit at the end of the log"
  check "$id: exactly one remind entry" test "$(remind_count "$id")" = 1
done
for id in "${UNNAMED[@]}"; do
  expect_same_file "$FIXTURES/chase/$(task_file "$id")" "$(task_file "$id")" "$id is not named: untouched"
done
run check
expect_exit 0 "the workspace is valid after remind"

# The same day again: notices, but no second entry.
snapshot
run remind --date 2025-10-13
expect_exit 0
check "the notices are printed again" test "$(addressees)" = "城东区 市水务局 市发改委 市住建局 市城管局 "
expect_unchanged "reminding twice on one day logs nothing new"
run remind --date 2025-10-13 --format md --out notices
expect_unchanged "rewriting the same notices changes nothing"

# A text notice file is .txt.
run remind --date 2025-10-13 --out texts --unit 城管局
expect_stdout_eq "texts/2025-10-13-市城管局.txt"
expect_file_line texts/2025-10-13-市城管局.txt "督查催办通知单"
expect_file_line texts/2025-10-13-市城管局.txt "市城管局："
check "2025-0005 still has one remind entry" test "$(remind_count 2025-0005)" = 1

# Another day: logged again.
run remind --date 2025-10-14
expect_exit 0
expect_stdout_contains "请于2025年10月17日前" "from Tuesday 10-14: 10-15, 10-16, 10-17"
for spec in "${NAMED[@]}"; do
  id="${spec%%:*}" unit="${spec#*:}"
  expect_file_tail "$(task_file "$id")" "  - date: 2025-10-13
    type: remind
    to: $unit
  - date: 2025-10-14
    type: remind
    to: $unit" "$id: a second remind entry, the next day"
done
for id in "${UNNAMED[@]}"; do
  expect_same_file "$FIXTURES/chase/$(task_file "$id")" "$(task_file "$id")" "$id still untouched"
done

# ---------------------------------------------------------------- the remind entry names the unit chased

# --unit 市住建局 writes 市住建局's notice only and logs what happened: on the
# task it leads `to: 市住建局`; on 0001, where it is a co-unit, `to: 市住建局`
# with `role: co` — never a remind of the lead 市水务局, which got no notice.
use_fixture chase
run remind --date 2025-10-13 --red-only --unit 市住建局 --out n
expect_exit 0
expect_stdout_eq "n/2025-10-13-市住建局.txt" "one notice file, to 市住建局"
expect_no_file n/2025-10-13-市水务局.txt
expect_file_tail "$(task_file 2025-0001)" "  - date: 2025-10-13
    type: remind
    to: 市住建局
    role: co" "0001, where 市住建局 co-operates: the entry names 市住建局 as co-unit"
check "0001 reminded once" test "$(remind_count 2025-0001)" = 1
expect_file_tail "$(task_file 2025-0002)" "  - date: 2025-10-13
    type: remind
    to: 市住建局" "0002, led by 市住建局"
check "0002 reminded once" test "$(remind_count 2025-0002)" = 1
for id in 2025-0003 2025-0004 2025-0005 2025-0008 2025-0012; do
  expect_same_file "$FIXTURES/chase/$(task_file "$id")" "$(task_file "$id")" "$id is outside --unit 市住建局: untouched"
done
run show 2025-0001
expect_stdout_match '2025-10-13  催办 +市住建局  （配合）$' "show: the remind went to the co-unit"
run check
expect_exit 0 "check accepts a remind entry with role: co"
# The lead's own notice the same day is a separate entry; a rerun for the co-unit adds none.
run remind --date 2025-10-13 --red-only --unit 市水务局
check "0001: reminded to its lead as well" test "$(remind_count 2025-0001)" = 2
run remind --date 2025-10-13 --red-only --unit 住建局
check "0001: the co-unit is not logged twice a day" test "$(remind_count 2025-0001)" = 2

# ---------------------------------------------------------------- a task with no lead unit yet

# Registered, never assigned, overdue: red in `overdue`, but there is no unit to
# send a notice to — no notice addressed to nobody, no remind entry without `to`.
use_fixture chase
id=$("$DUBAN" add 尚未交办的事项 --kind special --due 2025-10-01 --date 2025-09-20 2>/dev/null)
check "added an unassigned task" test "$id" = 2025-0014
cp "$(task_file 2025-0014)" "$SCRATCH/0014.yaml"
run overdue --as-of 2025-10-13 --red-only --format json
expect_json '[i["light"] for i in d["items"] if i["id"] == "2025-0014"]' "red"
run remind --date 2025-10-13 --red-only --out n
expect_exit 0
expect_stdout_eq "n/2025-10-13-城东区.txt
n/2025-10-13-市水务局.txt
n/2025-10-13-市发改委.txt
n/2025-10-13-市住建局.txt" "notices only to units"
check "no notice file for an empty unit" test -z "$(find n -name '*-_.txt')"
expect_same_file "$SCRATCH/0014.yaml" "$(task_file 2025-0014)" "the unassigned task gets no remind entry"
run remind --as-of 2025-10-13 --red-only --dry-run
check "no notice addressed to nobody" bash -c "! grep -qx '：' '$OUT_FILE'"

# ---------------------------------------------------------------- a unit without a liaison

use_fixture chase
"$DUBAN" -q units add 市统计局 >/dev/null 2>&1
id=$("$DUBAN" add 统计数据核查 --kind special --due 2025-10-10 --lead 市统计局 --date 2025-10-01 2>/dev/null)
check "added a task for 市统计局" test "$id" = 2025-0014
run remind --as-of 2025-10-13 --dry-run --unit 市统计局
check "one notice to 市统计局" test "$(addressees)" = "市统计局 "
expect_stdout_contains "已超期 3 天（2 个工作日）" "due Friday 10-10, as of Monday 10-13: 3 days; 10-11 works, 10-12 is a Sunday, 10-13 works"
expect_stdout_not_contains "联络员" "no liaison line for a unit without one"
expect_stdout_not_contains "联系电话" "no phone field for a unit without one"

# A liaison without a phone: the line names the liaison, no empty 联系电话：.
"$DUBAN" -q units add 市审计局 --liaison 郑敏 >/dev/null 2>&1
"$DUBAN" -q add 审计整改 --kind special --due 2025-10-10 --lead 市审计局 --date 2025-10-01 >/dev/null 2>&1
run remind --as-of 2025-10-13 --dry-run --unit 市审计局
expect_notice 市审计局 '^联络员：郑敏$' "the liaison alone, nothing empty after it"
expect_stdout_not_contains "联系电话" "no empty phone field"
run remind --as-of 2025-10-13 --dry-run --unit 市审计局 --lang en
expect_stdout_line "Liaison: 郑敏" "en: the liaison alone"

# ---------------------------------------------------------------- due on the as-of day

# 0004 (hotline, 城东区) falls due on 10-15: "今日到期" that day, not "将于 2025-10-15 到期".
use_fixture chase
run remind --as-of 2025-10-15 --dry-run --kind hotline
expect_notice 城东区 '^     来源：.*；办结时限：2025-10-15；今日到期；' "due on the as-of day reads 今日到期"
expect_stdout_not_contains "将于 2025-10-15 到期"
run remind --as-of 2025-10-15 --dry-run --kind hotline --lang en
expect_stdout_contains "due: 2025-10-15; due today;"
run remind --as-of 2025-10-14 --dry-run --kind hotline
expect_notice 城东区 '将于 2025-10-15 到期' "the day before: 将于 … 到期"

# ---------------------------------------------------------------- a past date: that day's deadline and level

# A rerun for 10-13 after the task was escalated (10-14) and extended (10-20) shows
# the deadline and the level in force on 10-13, as `overdue --as-of` does.
"$DUBAN" -q units add 市统计局 >/dev/null 2>&1
"$DUBAN" -q add 台账补录 --kind special --due 2025-10-10 --lead 市统计局 --date 2025-10-01 >/dev/null 2>&1
past=$("$DUBAN" list --text 台账补录 --format json 2>/dev/null | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
"$DUBAN" -q escalate "$past" 超期未办结 --date 2025-10-14 >/dev/null 2>&1
"$DUBAN" -q extend "$past" --to 2025-11-28 --reason 数据复核 --date 2025-10-20 >/dev/null 2>&1
run remind --as-of 2025-10-13 --dry-run --unit 市统计局
expect_stdout_match "^     来源：.*；办结时限：2025-10-10；已超期 3 天（2 个工作日）；升级督办：无；" \
  "the notice for 10-13 has the deadline and the level of 10-13"
expect_stdout_not_contains "2025-11-28" "not the deadline set later"

# ---------------------------------------------------------------- the log stays in date order
# A remind for a day before a task's last entry (a rerun for a past Friday) still
# writes the notice, but logs nothing on that task: the log stays in date order,
# and a warning names the task.
"$DUBAN" -q units add 市档案局 >/dev/null 2>&1
"$DUBAN" -q add 档案整理 --kind special --due 2025-10-06 --lead 市档案局 --date 2025-10-01 >/dev/null 2>&1
late_id=$("$DUBAN" list --text 档案整理 --format json 2>/dev/null | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
"$DUBAN" -q progress "$late_id" 已整理一半 --date 2025-10-15 >/dev/null 2>&1
snapshot
run remind --date 2025-10-13 --unit 市档案局 --out "$SCRATCH/order-notices"
expect_exit 0 "remind for a day before the last entry of a task it names"
expect_stderr_contains "$late_id: no remind entry: its log already has an entry after 2025-10-13"
expect_unchanged "nothing logged out of order"
check "the notice is written" test -n "$(ls "$SCRATCH/order-notices" 2>/dev/null)"
check "the log is still in date order" test "$(grep -c 'type: remind' "tasks/2025/$late_id.yaml")" = 0
run remind --date 2025-10-16 --unit 市档案局
expect_exit 0 "a later date logs"
check "one remind entry, after the progress" test "$(tail -n 3 "tasks/2025/$late_id.yaml" | head -n 1)" = "  - date: 2025-10-16"

finish
