#!/usr/bin/env bash
# Task identity across clones (SPEC §4 uid, §12): two clones of one bare
# origin replay issue 13's findings 6 and 7 and the killed renumber of 13;
# every task keeps exactly its own log, published ids never move, ids are
# never given twice.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/git_lib.sh"

export DUBAN_TODAY=2025-03-02
T1=tasks/2025/2025-0001.yaml
T2=tasks/2025/2025-0002.yaml
T3=tasks/2025/2025-0003.yaml
UID_RE='^uid: [0-9a-f]{32}$'

uid_of() { sed -n 's/^uid: //p' "$1"; }
# count_in FILE TEXT: how many lines of FILE hold TEXT.
count_in() { grep -Fc -- "$2" "$1" 2>/dev/null || true; }
expect_count() {  # expect_count FILE TEXT N [DESC]
  local n
  n="$(count_in "$1" "$2")"
  if [[ "$n" == "$3" ]]; then pass "${4:-$1 has '$2' $3 times}"; else
    fail "${4:-$1 has '$2' $3 times}" "found $n times" "$1:" "$( [[ -f "$1" ]] && sed 's/^/    | /' "$1" | head -n 40)"
  fi
}

# ================================================================ uid: written once
new_workspace 市发改委
run add 推进城区热电联产项目建设 --kind instruction --lead 市发改委
expect_exit 0 "add"
expect_file_match "$T1" "$UID_RE" "add writes a uid of 32 hex digits"
check "the uid comes right after the id" test "$(sed -n 2p "$T1")" = "uid: $(uid_of "$T1")"
first="$(uid_of "$T1")"
run progress 2025-0001 已完成可研批复 --date 2025-03-05
run assign 2025-0001 --owner 李明 --date 2025-03-06
check "later writes keep the uid" test "$(uid_of "$T1")" = "$first"
run add 第二件事 --kind instruction
check "each task gets its own uid" test "$(uid_of "$T2")" != "$first"
printf '事项名称,来源,牵头单位,办结时限\n导入的事项,领导批示,市发改委,2025-12-31\n' >"$SCRATCH/one.csv"
run import "$SCRATCH/one.csv"
expect_exit 0 "import"
expect_file_match "$T3" "$UID_RE" "import writes a uid"
# A file written before uids existed is valid, and gets one when next written.
sed -i '/^uid: /d' "$T2"
run check
expect_exit 0 "a file without a uid is valid"
run note 2025-0002 补记 --date 2025-03-07
expect_file_match "$T2" "$UID_RE" "the next write gives it a uid"
sed -i 's/^uid: .*/uid: 不是十六进制/' "$T2"
run check
expect_exit 3 "a malformed uid is a data error"
expect_stdout_match "^$T2:2: uid: expected 32 hexadecimal digits" "check names the file and line"

# ================================================================ ids are never given twice
_new_dir office
"$DUBAN" -q init --git "$NEW_DIR" >/dev/null && cd "$NEW_DIR" || exit 2
run add 一 --kind instruction
run add 二 --kind instruction
expect_stdout_eq 2025-0002
git rm -q "$T2" && git commit -qm "delete 2025-0002"
run add 三 --kind instruction
expect_stdout_eq 2025-0003 "a deleted committed task's id is not given again"
rm "$T3"   # deleted but not committed: HEAD still has it
run add 四 --kind instruction
expect_stdout_eq 2025-0004 "nor the id of a file deleted only from the work tree"
# Outside git too: .duban/ids keeps the highest id this clone gave.
new_workspace 市发改委
run add 一 --kind instruction
rm "$T1"
run add 二 --kind instruction
expect_stdout_eq 2025-0002 "outside git an id given once is not given again"
rm -rf .duban/ids "$T2"
run add 三 --kind instruction
expect_stdout_eq 2025-0001 "without .duban/ids and files the ids start again (nothing was published)"

# ================================================================ finding 6: the documented flow
# A adds and pushes; B adds, syncs, renumbers, pushes; A records progress on
# its task and syncs: A's feedback stays on A's task, B's task never gets it.
make_pair
cd "$A" || exit 2
run add 甲任务 --kind instruction --lead 市发改委
expect_stdout_eq 2025-0001
run sync
expect_exit 0 "A pushes 2025-0001"
cd "$B" || exit 2
run add 乙任务 --kind meeting --lead 市财政局
expect_stdout_eq 2025-0001 "B mints 2025-0001 for another task"
b_uid="$(uid_of "$T1")"
run sync
expect_exit 0 "B syncs: the collision is resolved before the merge"
expect_stderr_contains "2025-0001" "the message names the published id"
expect_stderr_contains "is now 2025-0002" "and the new id of B's task"
run renumber 2025-0001
expect_exit 3 "B's renumber of A's published task is refused"
expect_stderr_contains "published" "renumber says why"
run sync
expect_exit 0 "B pushes"
check "B's task is 2025-0002, same uid" test "$(uid_of "$T2")" = "$b_uid"
expect_file_line "$T2" "title: 乙任务"
cd "$A" || exit 2
export DUBAN_TODAY=2025-03-10
run progress 2025-0001 A的反馈
expect_exit 0 "A records progress on its task"
run sync
expect_exit 0 "A syncs"
for side in "$A" "$B"; do
  [[ "$side" == "$B" ]] && { cd "$B" && run sync; }
  expect_file_line "$side/$T1" "title: 甲任务" "2025-0001 is still A's task ($(basename "$side"))"
  expect_count "$side/$T1" "text: A的反馈" 1 "A's feedback is on A's task once ($(basename "$side"))"
  expect_count "$side/$T2" "text: A的反馈" 0 "B's task does not get A's feedback ($(basename "$side"))"
  expect_count "$side/$T2" "type: renumber" 1 "B's task logs its renumber once ($(basename "$side"))"
done
cd "$A" && run check
expect_exit 0 "check is clean, and truthfully so"

# The same flow through a plain 'git pull' (what the finding did): the
# collision is left in the file and renumber moves B's own task, never A's.
make_pair
export DUBAN_TODAY=2025-03-02
cd "$A" || exit 2
run add 甲任务 --kind instruction --lead 市发改委
run sync
cd "$B" || exit 2
run add 乙任务 --kind meeting --lead 市财政局
git pull -q --no-rebase --no-edit >/dev/null 2>&1
run renumber 2025-0001
expect_exit 0 "renumber of the collision"
expect_stdout_eq 2025-0002
expect_file_line "$T1" "title: 甲任务" "finding 7: the published task keeps its id"
expect_file_line "$T2" "title: 乙任务" "the task never pushed moves"
expect_file_tail "$T2" "    type: renumber
    from: 2025-0001" "with a renumber entry from the old id"
git commit -q --no-edit
run sync
expect_exit 0 "B pushes"
cd "$A" || exit 2
export DUBAN_TODAY=2025-03-10
run progress 2025-0001 A的反馈
run sync
expect_exit 0 "A syncs after B's renumber"
expect_count "$T1" "text: A的反馈" 1 "A's feedback stays on A's task"
expect_file_line "$T1" "title: 甲任务"
expect_count "$T2" "text: A的反馈" 0 "B's task does not get it"

# ================================================================ finding 7: renumber never moves a published id
cd "$A" || exit 2
snapshot
run renumber 2025-0001
expect_exit 3 "renumber of a published task: exit 3"
expect_stderr_contains "2025-0001 is published" "the message says it is published"
expect_unchanged "nothing moved"
run renumber 2025-0001 --to 2025-0100
expect_exit 3 "not with --to either"
run add 未推送的任务 --kind instruction
expect_stdout_eq 2025-0003
run renumber 2025-0003
expect_exit 0 "a task never pushed may be renumbered"
expect_stdout_eq 2025-0004
expect_no_file "$T3"

# ================================================================ finding 6: one hotline ticket, two clerks, one day
make_pair
export DUBAN_TODAY=2025-06-12
for side in "$A" "$B"; do
  cd "$side" || exit 2
  run add '12345 反映幸福小区噪声扰民' --kind hotline --ref 12345-20250612-0087 --lead 城东区
  expect_stdout_eq 2025-0001 "$(basename "$side") registers the ticket as 2025-0001"
  run progress 2025-0001 "$(basename "$side")接件后的反馈"
done
cd "$A" && run sync
expect_exit 0
cd "$B" && run sync
expect_exit 0 "B syncs the same title, same day: two tasks, not one"
cd "$A" && run sync
for side in "$A" "$B"; do
  expect_count "$side/$T1" "text: A接件后的反馈" 1 "A's ticket keeps A's entry ($(basename "$side"))"
  expect_count "$side/$T1" "text: B接件后的反馈" 0 "and only A's ($(basename "$side"))"
  expect_count "$side/$T2" "text: B接件后的反馈" 1 "B's ticket is 2025-0002 with B's entry ($(basename "$side"))"
  expect_count "$side/$T2" "text: A接件后的反馈" 0 "and only B's ($(basename "$side"))"
done
check "the two tickets have two uids" test "$(uid_of "$A/$T1")" != "$(uid_of "$A/$T2")"

# ================================================================ finding 6: delete the last task, add a new one
make_pair
export DUBAN_TODAY=2025-03-02
cd "$A" || exit 2
run add 旧任务 --kind instruction --lead 市发改委
run sync
cd "$B" && run sync
expect_file_exists "$B/$T1"
cd "$A" || exit 2
git rm -q "$T1" && git commit -qm "delete 2025-0001"
run add 新任务 --kind instruction --lead 市发改委
expect_stdout_eq 2025-0002 "the deleted, published id is not given again"
run sync
expect_exit 0
cd "$B" && run sync
expect_exit 0 "B takes the deletion and the new task"
expect_no_file "$T1"
expect_file_line "$T2" "title: 新任务"

# Even when an id does come back (an older duban, a file copied by hand), the
# merge never grafts the old task's log onto the new one: a collision, no merge.
make_pair
cd "$A" || exit 2
run add 旧任务 --kind instruction --lead 市发改委
run sync
cd "$B" && run sync
run progress 2025-0001 B对旧任务的反馈 --date 2025-03-05
cd "$A" || exit 2
git rm -q "$T1" && git commit -qm "delete 2025-0001"
run add 新任务 --kind instruction --lead 市发改委
git mv -f "$T2" "$T1" && sed -i 's/^id: 2025-0002$/id: 2025-0001/' "$T1" && git commit -qam "reuse 2025-0001"
git push -q 2>/dev/null
cd "$B" || exit 2
run sync
expect_exit 3 "sync stops on the collision"
expect_stderr_contains "$T1"
expect_count "$T1" "<<<<<<< ours" 1 "both whole tasks are left in the file"
run check
expect_exit 3
expect_output_contains "two different tasks" "check reports the collision"
run renumber 2025-0001
expect_exit 3 "both tasks are published: renumber asks which one moves"
expect_stderr_contains "--move"
run renumber 2025-0001 --move ours
expect_exit 0 "--move ours"
moved="$(task_file "$OUT")"
check "ours gets a new id" test "$OUT" != 2025-0001
expect_file_line "$T1" "title: 新任务"
expect_count "$T1" "text: B对旧任务的反馈" 0 "the new task never gets the old task's log"
expect_file_line "$moved" "title: 旧任务"
expect_count "$moved" "text: B对旧任务的反馈" 1 "the old task keeps its own entry"
git commit -q --no-edit
run check
expect_exit 0

# ================================================================ files written before uids, on two clones
make_pair
cd "$A" || exit 2
run add 老任务 --kind instruction --lead 市发改委
sed -i '/^uid: /d' "$T1" && git commit -qam "a file from before uids"
run sync
cd "$B" && run sync
run progress 2025-0001 B的反馈 --date 2025-03-05
cd "$A" && run progress 2025-0001 A的反馈 --date 2025-03-06
run sync
cd "$B" && run sync
expect_exit 0 "both clones gave the old file a uid: it is still one task and merges"
expect_count "$T1" "text: A的反馈" 1
expect_count "$T1" "text: B的反馈" 1
check "both clones derived the same uid" test "$(uid_of "$T1")" = "$(uid_of "$A/$T1")"
expect_count "$T1" "uid: " 1 "one uid line"

# ================================================================ finding 13: a killed renumber
new_workspace 市发改委
run add 要改号的任务 --kind instruction --lead 市发改委
run progress 2025-0001 反馈 --date 2025-03-05
cp "$T1" "$SCRATCH/saved.yaml"
run renumber 2025-0001
expect_stdout_eq 2025-0002
# The kill came after the new file was written and before the old one was removed.
cp "$SCRATCH/saved.yaml" "$T1"
run check
expect_exit 3 "check reports one task under two ids"
expect_stdout_match "^$T2:2: uid [0-9a-f]{32} is also the uid of $T1: one task under two ids" "naming both files"
run renumber 2025-0001
expect_exit 0 "renumber again finishes the interrupted one"
expect_stdout_eq 2025-0002 "it keeps the id already given"
expect_stderr_contains "interrupted"
expect_no_file "$T1"
expect_count "$T2" "type: renumber" 1 "one renumber entry"
run check
expect_exit 0 "check is clean again"
# A file from before uids: its derived uid tells the two copies apart too.
run add 老文件 --kind instruction --lead 市发改委
sed -i '/^uid: /d' "$T3"
cp "$T3" "$SCRATCH/saved.yaml"
run renumber 2025-0003
expect_stdout_eq 2025-0004
cp "$SCRATCH/saved.yaml" "$T3"
run check
expect_exit 3 "a renumbered file from before uids, killed: reported too"
expect_stdout_match "is also the uid of $T3" "naming the old file"
run renumber 2025-0003
expect_stdout_eq 2025-0004
expect_no_file "$T3"

# ================================================================ a force-push upstream never moves a published id
# A publishes 2025-0001; B force-pushes its own 2025-0001 over it. A's task
# was published all the same (origin/main's reflog held it): sync moves
# neither task and leaves the choice to the clerk.
make_pair
export DUBAN_TODAY=2025-03-02
cd "$A" || exit 2
run add 甲已发布 --kind meeting --lead 市发改委
git push -q 2>/dev/null
a_uid="$(uid_of "$T1")"
cd "$B" || exit 2
run add 乙伪 --kind meeting --lead 市财政局
git push -q -f origin HEAD:main 2>/dev/null
cd "$A" || exit 2
run progress 2025-0001 反馈 --by 市发改委
run sync
expect_exit 3 "sync stops on two published tasks with one id"
expect_stderr_contains "two published tasks have the id 2025-0001" "and says both are published"
check "sync does not call A's published task never pushed" test "${ERR/never pushed/}" = "$ERR"
expect_no_file "$T2" "A's published task is not moved to 2025-0002"
run renumber 2025-0001
expect_exit 3 "renumber without --move refuses to choose between two published tasks"
expect_stderr_contains "both tasks with the id 2025-0001 are published"
git merge --abort 2>/dev/null
check "A's task keeps 2025-0001" test "$(uid_of "$T1")" = "$a_uid"
# A task never pushed still moves when the ref's reflog holds another task there.
cd "$B" || exit 2
run add 乙未发布 --kind meeting --lead 市财政局
expect_stdout_eq 2025-0002
cd "$A" || exit 2
run add 甲第二件 --kind meeting --lead 市发改委
git push -q -f origin HEAD:main 2>/dev/null
cd "$B" || exit 2
run sync
expect_stderr_contains "never pushed, is now" "B's task never pushed moves as before"

finish
