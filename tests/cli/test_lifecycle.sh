#!/usr/bin/env bash
# State changes: assign, progress, done, return, recheck, extend, escalate,
# suspend, cancel, reopen, note (SPEC §4, §7, §11).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

new_workspace "${STD_UNITS[@]}"
export DUBAN_TODAY=2025-03-02
run add 推进城区热电联产项目建设 --kind instruction --leader 张市长
id=$OUT
f=$(task_file "$id")
check "registered task has id 2025-0001" test "$id" = 2025-0001
expect_file_line "$f" "status: registered"
expect_file_line "$f" "due: 2025-03-17"

# ---------------------------------------------------------------- assign
run assign "$id" --lead 发改委 --co 财政局、住建局 --owner 李明
expect_exit 0 "assign"
expect_stdout_eq "$id" "assign prints the id"
expect_file_line "$f" "status: assigned"
expect_file_line "$f" "lead: 市发改委"
expect_file_line "$f" "owner: 李明"
expect_file_tail "$f" "log:
  - date: 2025-03-02
    type: assign
    to: 市发改委
    co:
      - 市财政局
      - 市住建局
    owner: 李明" "assign log entry"

# 转办: re-hand to another unit, the history stays
run assign "$id" --lead 住建局 --date 2025-03-04
expect_exit 0 "re-assign (转办)"
expect_file_line "$f" "lead: 市住建局"
expect_file_line "$f" "co:" "co-units kept when --co is not given"
expect_file_tail "$f" "  - date: 2025-03-04
    type: assign
    to: 市住建局
    from: 市发改委" "re-assign logs from and to"
check "the first assign entry is still there" test "$(grep -c 'type: assign' "$f")" -eq 2
run assign "$id"
expect_usage_error "assign without --lead/--co/--owner: exit 2"
snapshot
run assign "$id" --lead 不存在的局
expect_data_error "unknown unit" "assign to an unknown unit: exit 3"
expect_unchanged
run assign "$id" --lead 发改委 --date 2025-03-01
expect_data_error "before the task was registered" "a date before the registration: exit 3"
expect_unchanged

# ---------------------------------------------------------------- progress
run progress "$id" 已完成可研批复，正在推进用地审批。 --percent 30 --date 2025-03-08
expect_exit 0 "progress"
expect_stdout_eq "$id"
expect_file_line "$f" "status: active" "first feedback makes the task active"
expect_file_tail "$f" "  - date: 2025-03-08
    type: progress
    by: 市住建局
    text: 已完成可研批复，正在推进用地审批。
    percent: 30" "progress log entry (by defaults to the lead)"
run progress "$id" 财政资金已到位 --by 财政局 --date 2025-03-09
expect_file_tail "$f" "  - date: 2025-03-09
    type: progress
    by: 市财政局
    text: 财政资金已到位" "--by alias stored canonical"
snapshot
run progress "$id" ''
expect_usage_error "empty feedback: exit 2"
run progress "$id" 超过 --percent 120
expect_usage_error "--percent 120: exit 2"
expect_unchanged

# ---------------------------------------------------------------- extend
run extend "$id" --to 2025-04-15 --reason 用地审批尚未完成 --date 2025-03-15
expect_exit 0 "extend"
expect_file_line "$f" "due: 2025-04-15" "extend rewrites due"
expect_file_match "$f" '^    from: "?2025-03-17"?$' "extend logs the old deadline"
expect_file_match "$f" '^    to: "?2025-04-15"?$' "extend logs the new deadline"
expect_file_line "$f" "    reason: 用地审批尚未完成"
check "extend entry is the last one" test "$(tail -n 5 "$f" | head -n 2 | tr '\n' '|')" = "  - date: 2025-03-15|    type: extend|"
snapshot
cp "$f" "$SCRATCH/before"
run extend "$id" --to 2025-04-01 --reason 提前
expect_data_error "not after the current one" "extend to an earlier date: exit 3"
expect_same_file "$SCRATCH/before" "$f" "refused extend leaves the file byte-identical"
run extend "$id" --to 2025-04-15 --reason 同一天
expect_data_error "" "extend to the same date: exit 3"
run extend "$id" --to 2025-05-01
expect_usage_error "extend without --reason: exit 2"
run extend "$id" --to 2025-13-01 --reason x
expect_usage_error "extend to a bad date: exit 2"
expect_unchanged

# ---------------------------------------------------------------- escalate
for level in 1 2 3; do
  run escalate "$id" 超期未反馈 --date 2025-03-20
  expect_exit 0 "escalate to level $level"
  expect_file_line "$f" "escalation: $level"
done
expect_stderr_contains "问责"
expect_file_tail "$f" "  - date: 2025-03-20
    type: escalate
    level: 3
    name: 问责
    reason: 超期未反馈" "escalate log entry names the level"
check "three escalate entries: 整改通知, 黄牌警告, 问责" \
  test "$(grep -A1 '    level: ' "$f" | grep '    name: ' | tr -d ' ' | tr '\n' ',')" = "name:整改通知,name:黄牌警告,name:问责,"
cp "$f" "$SCRATCH/before"
run escalate "$id" 再次
expect_data_error "highest escalation level" "escalate past level 3: exit 3"
expect_same_file "$SCRATCH/before" "$f" "refused escalate leaves the file byte-identical"

# ---------------------------------------------------------------- done / return / recheck
run "done" "$id" --result 项目已开工建设 --date 2025-04-10
expect_exit 0 "done"
expect_file_line "$f" "status: done"
expect_file_tail "$f" "  - date: 2025-04-10
    type: done
    result: 项目已开工建设"
cp "$f" "$SCRATCH/before"
snapshot
run "done" "$id"
expect_data_error "is done" "done twice: exit 3"
expect_same_file "$SCRATCH/before" "$f" "done twice leaves the file byte-identical"
run progress "$id" 补充
expect_data_error "is done" "progress on a done task: exit 3"
run escalate "$id"
expect_data_error "" "escalate a done task: exit 3"
run extend "$id" --to 2025-06-01 --reason x
expect_data_error "" "extend a done task: exit 3"
run "done" "$id" --rating 很好
expect_usage_error "--rating outside 满意/基本满意/不满意: exit 2"
expect_unchanged

run return "$id" 未提供验收材料 --date 2025-04-12
expect_exit 0 "return"
expect_file_line "$f" "status: active" "return reopens (with feedback: active)"
# A new deadline, rework_within (15d) from the day: 04-27, a Sunday that is a
# swapped working day (调休), so it stays.
expect_file_tail "$f" "  - date: 2025-04-12
    type: return
    reason: 未提供验收材料
    from: 2025-04-15
    to: 2025-04-27"
cp "$f" "$SCRATCH/before"
run return "$id" 再退一次
expect_data_error "is not done" "return of an open task: exit 3"
expect_same_file "$SCRATCH/before" "$f" "refused return leaves the file byte-identical"
run return "$id"
expect_usage_error "return without a reason: exit 2"
run recheck "$id" 现场核查
expect_data_error "is not done" "recheck of an open task: exit 3"
expect_same_file "$SCRATCH/before" "$f"

run "done" "$id" --result 已补充验收材料 --date 2025-04-14
expect_file_line "$f" "status: done"
run recheck "$id" 现场核查，整改到位 --date 2025-05-10
expect_exit 0 "recheck"
expect_file_line "$f" "status: done" "recheck without --problem keeps it done"
expect_file_tail "$f" "  - date: 2025-05-10
    type: recheck
    text: 现场核查，整改到位"
run recheck "$id" --problem 路面再次破损，需返工 --date 2025-06-01
expect_exit 0 "recheck --problem"
expect_file_line "$f" "status: active" "recheck --problem reopens the task"
expect_file_tail "$f" "  - date: 2025-06-01
    type: recheck
    problem: 路面再次破损，需返工
    from: 2025-04-27
    to: 2025-06-16"

# ---------------------------------------------------------------- suspend / cancel / reopen / note
run suspend "$id" 待省级政策出台 --date 2025-06-02
expect_exit 0 "suspend"
expect_file_line "$f" "status: suspended"
expect_file_tail "$f" "  - date: 2025-06-02
    type: suspend
    reason: 待省级政策出台"
cp "$f" "$SCRATCH/before"
run suspend "$id"
expect_data_error "already suspended" "suspend twice: exit 3"
expect_same_file "$SCRATCH/before" "$f"
run reopen "$id" 政策已出台 --date 2025-06-20
expect_exit 0 "reopen a suspended task"
expect_file_line "$f" "status: active" "reopen returns to the working status"
cp "$f" "$SCRATCH/before"
run reopen "$id"
expect_data_error "" "reopen of an open task: exit 3"
expect_same_file "$SCRATCH/before" "$f"
run cancel "$id" 已由上级统一部署 --date 2025-06-21
expect_exit 0 "cancel"
expect_file_line "$f" "status: cancelled"
cp "$f" "$SCRATCH/before"
run cancel "$id"
expect_data_error "is cancelled" "cancel twice: exit 3"
run "done" "$id"
expect_data_error "is cancelled" "done of a cancelled task: exit 3"
expect_same_file "$SCRATCH/before" "$f"
run note "$id" 已电话联系联络员 --date 2025-06-22
expect_exit 0 "note works on any status"
expect_file_line "$f" "status: cancelled" "note does not change the status"
expect_file_tail "$f" "  - date: 2025-06-22
    type: note
    text: 已电话联系联络员"
run note "$id"
expect_usage_error "note without text: exit 2"
run reopen "$id" 群众再次反映 --date 2025-06-23
expect_exit 0 "reopen a cancelled task"
expect_file_line "$f" "status: active"

# an assigned task without feedback reopens as assigned
run add 另一件事 --kind meeting --lead 城东区
g=$(task_file "$OUT")
run cancel "$OUT" 重复
run reopen 2025-0002 误撤销
expect_file_line "$g" "status: assigned" "reopen without feedback: assigned"

# log is append-only: every earlier line is still there, in order
check "all 18 log entries of 2025-0001 are kept" test "$(grep -c '^  - date: ' "$f")" -eq 18
check "log entry types in order" test "$(grep '^    type: ' "$f" | cut -d: -f2 | tr -d ' \n')" = \
  "assignassignprogressprogressextendescalateescalateescalatedonereturndonerecheckrechecksuspendreopencancelnotereopen"
check "the file passes check" "$DUBAN" check -q
check "no temporary files left next to the task files" \
  test -z "$(find tasks/2025 -mindepth 1 ! -name '2025-[0-9][0-9][0-9][0-9].yaml')"

# ---------------------------------------------------------------- ids
snapshot
run show 2025-0099
expect_data_error "no task 2025-0099" "unknown id: exit 3"
run progress 2025-0099 text
expect_data_error "no task 2025-0099" "progress on an unknown id: exit 3"
expect_unchanged "unknown id creates nothing"
for bad in ../../etc/passwd 2025-0001/../../x '2025-0001;rm' 2025-1 2025-00001x /tmp/2025-0001 '' ' '; do
  run note "$bad" 注入
  expect_exit 3 "malformed id '$bad': exit 3"
done
expect_stderr_contains "is not a task id"
expect_unchanged "malformed ids create nothing"
check "nothing created outside the workspace" test ! -e "$SCRATCH/etc" -a ! -e "$SCRATCH/x"

# `42` is this year's 2025-0042
sed 's/^id: 2025-0002$/id: 2025-0042/' "$g" >tasks/2025/2025-0042.yaml
run note 42 简写编号 --date 2025-07-01
expect_exit 0 "'42' resolves"
expect_stdout_eq "2025-0042" "'42' is 2025-0042"
expect_file_tail tasks/2025/2025-0042.yaml "  - date: 2025-07-01
    type: note
    text: 简写编号"
run show 0042 --format json
expect_json "d[0]['id']" 2025-0042
run_env DUBAN_TODAY=2026-02-01 -- show 42
expect_data_error "no task 2026-0042" "'42' in 2026 is 2026-0042"

# ---------------------------------------------------------------- --dry-run
# 2025-0042's last entry is dated 2025-07-01, and the log stays in date order.
export DUBAN_TODAY=2025-07-01
snapshot
for cmd in "progress 2025-0042 试运行" "done 2025-0042" "escalate 2025-0042" "suspend 2025-0042" \
  "cancel 2025-0042" "note 2025-0042 试运行" "assign 2025-0042 --lead 财政局" \
  "extend 2025-0042 --to 2025-12-31 --reason 试运行"; do
  # shellcheck disable=SC2086
  run $cmd --dry-run
  expect_exit 0 "$cmd --dry-run exits 0"
  expect_stdout_eq 2025-0042 "$cmd --dry-run prints the id"
done
expect_stderr_contains "dry run"
expect_unchanged "--dry-run changes nothing"
run "done" 2025-0042 -n
expect_stderr_contains "+    type: done" "--dry-run shows the change"
run "done" 2025-0001 -n
expect_exit 0 "dry run of done on an active task"

# ---------------------------------------------------------------- git: append-only diff
new_workspace "${STD_UNITS[@]}"
export DUBAN_TODAY=2025-10-13
run add 统筹推进城市更新项目前期工作 --kind instruction --lead 财政局 --co 发改委 --owner 周敏
run progress 2025-0001 已召开协调会 --date 2025-10-14
run add 另一件 --kind meeting --lead 城东区
if command -v git >/dev/null; then
  git init -q . && git add -A &&
    git -c user.name=e2e -c user.email=e2e@example.invalid commit -q -m init
  run progress 2025-0001 已形成初步方案 --percent 50 --date 2025-10-15
  expect_exit 0 "progress on an active task"
  diff_text="$(git diff)"
  check "git diff touches exactly one file" test "$(git diff --name-only)" = "tasks/2025/2025-0001.yaml"
  check "git status: nothing else changed (.duban/ ignored)" \
    test "$(git status --porcelain)" = " M tasks/2025/2025-0001.yaml"
  check "git diff has no removed lines" \
    test "$(printf '%s\n' "$diff_text" | grep '^-' | grep -vc '^--- ')" -eq 0
  check "git diff adds the 5 lines of the entry" \
    test "$(printf '%s\n' "$diff_text" | grep '^+' | grep -vc '^+++ ')" -eq 5
  check "the added lines are the progress entry" test "$(printf '%s\n' "$diff_text" | grep '^+' | grep -v '^+++ ')" = \
"+  - date: 2025-10-15
+    type: progress
+    by: 市财政局
+    text: 已形成初步方案
+    percent: 50"
  git -c user.name=e2e -c user.email=e2e@example.invalid commit -qam progress
  run note 2025-0001 已电话联系
  check "note: only added lines" test "$(git diff | grep '^-' | grep -vc '^--- ')" -eq 0
  git checkout -q -- .
  run escalate 2025-0001 超期 --date 2025-10-15
  check "escalate changes the escalation line and appends" \
    test "$(git diff | grep '^[-+]' | grep -v '^--- \|^+++ ' | head -n 2 | tr '\n' '|')" = "-escalation: 0|+escalation: 1|"
else
  fail "git is needed for the append-only diff test"
fi

# ---------------------------------------------------------------- milestones, unknown keys
new_workspace "${STD_UNITS[@]}"
export DUBAN_TODAY=2025-02-10
run add 整治老旧小区雨污混接问题 --kind work-report --lead 住建局 --milestone '完成排查@2025-06-30' --milestone '完成改造@2025-11-30'
f=$(task_file "$OUT")
run progress 2025-0001 已完成全部小区排查 --milestone 1 --date 2025-05-06
expect_exit 0 "progress --milestone 1"
expect_file_tail "$f" "  - date: 2025-05-06
    type: progress
    by: 市住建局
    text: 已完成全部小区排查
    milestone: 完成排查" "the progress entry names the milestone"
expect_file_match "$f" '^    done: 2025-05-06$' "the milestone gets its done date"
check "only the first milestone is done" test "$(grep -c '^    done: ' "$f")" -eq 1
run progress 2025-0001 完成改造 --milestone 完成改造 --date 2025-11-20
expect_exit 0 "progress --milestone by title"
check "both milestones done" test "$(grep -c '^    done: ' "$f")" -eq 2
snapshot
run progress 2025-0001 x --milestone 3
expect_data_error "no milestone" "an unknown milestone: exit 3"
expect_unchanged

# keys the program does not know are kept when it rewrites a file (SPEC §4)
printf 'x_source: OA系统导入\nx_extra:\n  batch: 7\n' >>"$f"
run note 2025-0001 保留未知字段 --date 2025-11-21
expect_exit 0 "note on a file with unknown keys"
expect_file_line "$f" "x_source: OA系统导入" "unknown scalar key kept"
expect_file_line "$f" "x_extra:" "unknown map key kept"
expect_file_match "$f" '^  batch: 7$' "unknown nested value kept"
expect_file_line "$f" "    text: 保留未知字段"
run check
expect_exit 0 "unknown keys are not a check problem"

finish
