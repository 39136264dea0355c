#!/usr/bin/env bash
# git as the sync engine (SPEC §12, §4): init --git, autocommit of exactly the
# changed files, the merge driver, sync between two clones of one origin,
# conflicts, id collisions and renumber, history. Real git, scratch directories.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/git_lib.sh"

export DUBAN_TODAY=2025-03-02
DUBAN_REAL="$(readlink -f "$DUBAN")"

T1=tasks/2025/2025-0001.yaml

# ================================================================ init --git
_new_dir office
OFFICE="$NEW_DIR"
run init --git "$OFFICE" --office 江北市人民政府督查室
expect_exit 0 "init --git"
cd "$OFFICE" || exit 2
check "init --git makes a git repository" test -d .git
expect_file_line .gitattributes "tasks/**/*.yaml merge=duban" ".gitattributes routes task files to the duban driver"
check "the driver is configured with the absolute path of the running duban" \
  test "$(git config merge.duban.driver)" = "'$DUBAN_REAL' merge-driver %O %A %B %P"
check "the driver has a name" test -n "$(git config merge.duban.name)"
expect_file_match duban.yaml '^ +autocommit: true$' "init --git sets autocommit: true"
check "init --git makes one first commit" test "$(commits)" = 1
check "the first commit holds the workspace files" test "$(last_files)" = \
  ".gitattributes .gitignore calendar/2024.yaml calendar/2025.yaml calendar/2026.yaml duban.yaml units.yaml"
expect_git_status "" "the work tree is clean after init --git"
check ".duban is ignored (a file, directory or link)" grep -qx '.duban' .gitignore

# git-setup again changes nothing (idempotent .gitattributes)
cp .gitattributes "$SCRATCH/attr"
run git-setup
expect_exit 0 "git-setup in a repository made by init --git"
expect_same_file "$SCRATCH/attr" .gitattributes "git-setup does not add the line twice"

# ================================================================ autocommit
before=$(commits)
run units add 市发改委 --alias 发改委
expect_exit 0 "units add"
expect_commit "units add commits units.yaml" "$before" "units add 市发改委" units.yaml
for u in 市财政局 市住建局 城东区; do "$DUBAN" -q units add "$u" >/dev/null; done

before=$(commits)
run add 推进城区热电联产项目建设 --kind instruction --lead 发改委 --owner 李明
expect_exit 0 "add"
expect_stdout_eq 2025-0001
expect_commit "add commits the new task file" "$before" "add 2025-0001: 推进城区热电联产项目建设" "$T1"
expect_git_status "" "nothing left uncommitted after add"

before=$(commits)
run add 修缮城东公交站台 --kind instruction --lead 市交通局 --add-units
expect_exit 0 "add --add-units"
expect_commit "add with a new unit commits the task and units.yaml" "$before" \
  "add 2025-0002: 修缮城东公交站台" tasks/2025/2025-0002.yaml units.yaml

# unrelated changes in the repository stay out of the commits
printf '会议记录\n' >notes.txt
git add notes.txt
printf '# local note\n' >>.gitignore
before=$(commits)
run progress 2025-0001 已完成可研批复 --date 2025-03-08
expect_exit 0 "progress"
expect_commit "progress commits only the task file" "$before" "progress 2025-0001" "$T1"
expect_git_status " M .gitignore
A  notes.txt" "a staged new file and a modified tracked file are left as they were"
check "the staged file is still not in HEAD" bash -c '! git cat-file -e HEAD:notes.txt 2>/dev/null'

# --dry-run commits nothing
before=$(commits)
snapshot
run progress 2025-0001 试一试 --date 2025-03-09 --dry-run
expect_exit 0 "progress --dry-run"
expect_no_commit "progress --dry-run makes no commit" "$before"
expect_unchanged "progress --dry-run writes nothing"
run add 试运行 --kind instruction --dry-run
expect_no_commit "add --dry-run makes no commit" "$before"
run units add 市水务局 --dry-run
expect_no_commit "units add --dry-run makes no commit" "$before"

# commands run from a subdirectory commit with paths of the repository
before=$(commits)
(cd tasks/2025 && "$DUBAN" -q progress 1 第二次反馈 --date 2025-03-10 >/dev/null)
expect_commit "progress from tasks/2025 commits the right file" "$before" "progress 2025-0001" "$T1"

before=$(commits)
run "done" 2025-0001 --date 2025-03-12 --result 已完成
expect_exit 0 "done"
expect_commit "done commits the task file" "$before" "done 2025-0001" "$T1"

before=$(commits)
run escalate 2025-0002 超期未反馈 --date 2025-03-20
expect_exit 0 "escalate"
expect_commit "escalate commits the task file" "$before" "escalate 2025-0002" tasks/2025/2025-0002.yaml

# import: one commit for all the new files; the source file is not committed
printf '事项名称,来源,牵头单位,办结时限\n整治老旧小区雨污混接,领导批示,市住建局,2025-12-31\n建设智慧停车平台,领导批示,市发改委,2025-12-31\n完善农贸市场设施,领导批示,城东区,2025-12-31\n' \
  >"$SCRATCH/x.csv"
before=$(commits)
run import "$SCRATCH/x.csv" --dry-run
expect_exit 0 "import --dry-run"
expect_no_commit "import --dry-run makes no commit" "$before"
run import "$SCRATCH/x.csv"
expect_exit 0 "import"
expect_commit "import commits the three new task files in one commit" "$before" "import 3 tasks from x.csv" \
  tasks/2025/2025-0003.yaml tasks/2025/2025-0004.yaml tasks/2025/2025-0005.yaml

# remind: only 2025-0002 is late on 2025-10-15 (the imported ones are due at the end of the year)
export DUBAN_TODAY=2025-10-15
before=$(commits)
run remind --dry-run
expect_exit 0 "remind --dry-run"
expect_no_commit "remind --dry-run makes no commit" "$before"
run remind
expect_exit 0 "remind"
check "remind makes one commit" test "$(commits)" = $((before + 1))
check "remind's commit message" bash -c '[[ "$(git log -1 --format=%s)" =~ ^remind\ 1\ tasks?\ of\ 1\ units?$ ]]'
check "remind commits the reminded task only" test "$(last_files)" = tasks/2025/2025-0002.yaml
expect_file_line tasks/2025/2025-0002.yaml "    type: remind"
before=$(commits)
run remind
expect_exit 0 "remind again the same day"
expect_no_commit "a second remind the same day logs nothing and commits nothing" "$before"
expect_git_status " M .gitignore
A  notes.txt" "after all these commands only the unrelated changes are uncommitted"

# edit commits "edit ID"
mkdir -p "$SCRATCH/ed"
cat >"$SCRATCH/ed/tag" <<'EOF'
#!/bin/sh
# add a tags list after the escalation line
sed -i 's/^escalation: \(.*\)$/escalation: \1\ntags:\n  - 重点/' "$1"
EOF
chmod +x "$SCRATCH/ed/tag"
before=$(commits)
run_env EDITOR="$SCRATCH/ed/tag" -- edit 2025-0003
expect_exit 0 "edit"
expect_commit "edit commits the task file" "$before" "edit 2025-0003" tasks/2025/2025-0003.yaml

# ---------------------------------------------------------------- history
run history 2025-0001
expect_exit 0 "history"
n_commits="$(git log --format=%h -- "$T1" | wc -l)"
check "history prints one line per commit touching the task (4)" test "$(wc -l <"$OUT_FILE")" -eq 4
check "history has as many lines as git log of the file" test "$(wc -l <"$OUT_FILE")" -eq "$n_commits"
check "history is newest first: done on top" bash -c "head -n 1 '$OUT_FILE' | grep -q 'done 2025-0001\$'"
check "history is newest first: add at the bottom" \
  bash -c "tail -n 1 '$OUT_FILE' | grep -q 'add 2025-0001: 推进城区热电联产项目建设\$'"
check "history lines: hash, date, author, message" \
  bash -c "grep -Evc '^[0-9a-f]{7,} [0-9]{4}-[0-9]{2}-[0-9]{2} 督查员 (add|progress|done) 2025-0001' '$OUT_FILE' | grep -qx 0"
check "history lines follow git log order" \
  test "$(cut -d' ' -f1 "$OUT_FILE" | tr '\n' ' ')" = "$(git log --format=%h -- "$T1" | tr '\n' ' ')"
run history 2025-0003
check "history of an imported-then-edited task: edit, import" \
  test "$(sed 's/^[^ ]* [^ ]* [^ ]* //' "$OUT_FILE" | tr '\n' '|')" = "edit 2025-0003|import 3 tasks from x.csv|"
run history 2025-0099
check "history of a task that does not exist fails" test "$RC" -ne 0
# Only the commits that changed the task's own file: none of another task's,
# whatever git's rename or copy detection makes of two similar files.
for t in 2025-0002 2025-0004; do
  run history "$t"
  expect_exit 0 "history $t"
  check "history $t lists exactly the commits of its file" \
    test "$(cut -d' ' -f1 "$OUT_FILE" | tr '\n' ' ')" = "$(git log --no-renames --format=%h -- "tasks/2025/$t.yaml" | tr '\n' ' ')"
  check "history $t: every commit listed changed tasks/2025/$t.yaml" bash -c '
    while read -r h _; do git show --no-renames --name-only --format= "$h" | grep -qx "tasks/2025/$0.yaml" || exit 1; done <"$1"' "$t" "$OUT_FILE"
done
run history 2025-0002
expect_stdout_not_contains "2025-0001" "history 2025-0002 names no commit of 2025-0001"
# Two look-alike tasks added one after the other: git log --follow took the
# first one's file for the second's origin.
_new_dir twins
run -q init --git "$NEW_DIR"
cd "$NEW_DIR" || exit 2
run -q units add 甲局
run add 甲事项 --kind instruction --lead 甲局
run add 乙事项 --kind instruction --lead 甲局
run progress 2025-0002 已部署
run history 2025-0002
check "history of the second of two look-alike tasks: its own two commits" \
  test "$(sed 's/^[^ ]* [^ ]* [^ ]* //' "$OUT_FILE" | tr '\n' '|')" = "progress 2025-0002|add 2025-0002: 乙事项|"
cd "$OFFICE" || exit 2

# ---------------------------------------------------------------- git failing
# The index is locked: git add fails; the change stands, a warning, exit 0.
touch .git/index.lock
before=$(commits)
run progress 2025-0002 索引被锁 --date 2025-10-15
expect_exit 0 "progress while git cannot commit: exit 0"
expect_stderr_match '^duban: warning: .*not committed' "a warning says the change is not committed"
expect_file_line tasks/2025/2025-0002.yaml "    text: 索引被锁" "the change stands"
expect_no_commit "no commit while the index is locked" "$before"
rm -f .git/index.lock

# No repository at all any more (autocommit still on): warning, exit 0.
_new_dir nogit
cp -r "$OFFICE" "$NEW_DIR"
cd "$NEW_DIR" || exit 2
rm -rf .git
run progress 2025-0004 仓库不在了
expect_exit 0 "progress without a repository: exit 0"
expect_stderr_match '^duban: warning: .*not committed' "a warning without a repository"
expect_file_line tasks/2025/2025-0004.yaml "    text: 仓库不在了" "the change stands without a repository"
run add 无仓库的新事项 --kind instruction
expect_exit 0 "add without a repository: exit 0"
expect_file_exists tasks/2025/2025-0006.yaml
check "no repository was created" test ! -e .git

# autocommit off: a workspace made without --git inside a repository commits nothing
new_workspace 市发改委
git init -q .
git add -A && git commit -q -m base
before=$(commits)
run add 不自动提交 --kind instruction --lead 市发改委
expect_exit 0
expect_no_commit "without autocommit, add makes no commit" "$before"

# renumber outside a merge: the task moves, one commit holds the removal and the new file
cd "$OFFICE" || exit 2
before=$(commits)
run renumber 2025-0005 --to 2025-0009
expect_exit 0 "renumber a task"
expect_stdout_eq 2025-0009
expect_no_file tasks/2025/2025-0005.yaml
expect_file_line tasks/2025/2025-0009.yaml "id: 2025-0009"
expect_stderr_empty "renumber commits without a warning"
expect_commit "renumber commits the old and the new path" "$before" "renumber 2025-0005 to 2025-0009" \
  tasks/2025/2025-0005.yaml tasks/2025/2025-0009.yaml
check "renumber leaves nothing of the task staged or uncommitted" \
  test -z "$(git status --porcelain -- tasks/2025/2025-0005.yaml tasks/2025/2025-0009.yaml)"
run history 2025-0009
check "history of a renumbered task follows it to its old id: renumber, import" \
  test "$(sed 's/^[^ ]* [^ ]* [^ ]* //' "$OUT_FILE" | tr '\n' '|')" = "renumber 2025-0005 to 2025-0009|import 3 tasks from x.csv|"

# sync needs a remote and a repository
run sync
expect_usage_error "sync without a remote: usage error"
expect_stderr_contains "remote"
run -q init "$SCRATCH/plain"
cd "$SCRATCH/plain" || exit 2
run sync
expect_usage_error "sync outside a git repository: usage error"
run history 2025-0001
expect_usage_error "history outside a git repository: usage error"

# ================================================================ merge-driver by hand
_new_dir driver
D="$NEW_DIR"
mkdir -p "$D"
cd "$D" || exit 2
export DUBAN_TODAY=2025-03-20

head_of() {  # head_of OWNER DUE STATUS
  cat <<EOF
id: 2025-0042
title: 推进城区热电联产项目建设
kind: instruction
listed: false
lead: 市发改委
co:
  - 市财政局
  - 市住建局
owner: $1
created: 2025-03-02
due: $2
status: $3
escalation: 0
log:
  - date: 2025-03-02
    type: assign
    to: 市发改委
EOF
}
P8='  - date: 2025-03-08
    type: progress
    by: 市财政局
    text: B的反馈'
P10='  - date: 2025-03-10
    type: progress
    by: 市发改委
    text: A的反馈'

# clean: ours adds progress on 03-10 and extends; theirs adds progress on 03-08 and changes the owner
head_of 李明 2025-03-17 assigned >base.yaml
{ head_of 李明 2025-04-30 active; printf '%s\n' "$P10"; } >ours.yaml
{ head_of 王五 2025-03-17 active; printf '%s\n' "$P8"; } >theirs.yaml
cp theirs.yaml theirs.orig
run merge-driver base.yaml ours.yaml theirs.yaml tasks/2025/2025-0042.yaml
expect_exit 0 "merge-driver, a clean merge: exit 0"
expect_file_eq ours.yaml "$(head_of 王五 2025-04-30 active)
$P8
$P10" "the merged file: both entries in date order, owner from theirs, due from ours"
expect_same_file theirs.orig theirs.yaml "theirs is not touched"

# the output is canonical even when a side is not
cat >base.yaml <<'EOF'
id: 2025-0042
title: 测试事项
kind: instruction
listed: false
created: 2025-03-02
status: registered
escalation: 0
EOF
cat >ours.yaml <<'EOF'
status: registered
title: "测试事项"
id: 2025-0042
created: 2025-03-02
kind: instruction
escalation: 0
tags: [重点, 民生]
EOF
cat >theirs.yaml <<'EOF'
id: 2025-0042
title: 测试事项
kind: instruction
listed: false
created: 2025-03-02
status: registered
escalation: 0
tags:
  - 营商环境
EOF
run merge-driver base.yaml ours.yaml theirs.yaml
expect_exit 0 "merge-driver with a hand-formatted side: exit 0"
expect_file_eq ours.yaml "id: 2025-0042
title: 测试事项
kind: instruction
listed: false
created: 2025-03-02
status: registered
escalation: 0
tags:
  - 重点
  - 民生
  - 营商环境" "the merge is written in canonical form, tags as a set"

# conflict: both change the owner
head_of 李明 2025-03-17 assigned >base.yaml
{ head_of 张三 2025-03-17 assigned; } >ours.yaml
{ head_of 李四 2025-03-17 assigned; } >theirs.yaml
run merge-driver base.yaml ours.yaml theirs.yaml tasks/2025/2025-0042.yaml
expect_exit 1 "merge-driver, the same field changed differently: exit 1"
expect_file_eq ours.yaml "$(head_of 张三 2025-03-17 assigned | sed 's/^owner: 张三$/<<<<<<< ours\nowner: 张三\n=======\nowner: 李四\n>>>>>>> theirs/')" \
  "conflict markers around the owner line, in its place"
expect_stderr_contains "tasks/2025/2025-0042.yaml" "the driver names the path git gave (%P)"
expect_stderr_contains "owner"

# the same change on both sides is no conflict
head_of 李明 2025-03-17 assigned >base.yaml
head_of 张三 2025-03-17 assigned >ours.yaml
head_of 张三 2025-03-17 assigned >theirs.yaml
run merge-driver base.yaml ours.yaml theirs.yaml
expect_exit 0 "the same change on both sides: exit 0"
expect_file_eq ours.yaml "$(head_of 张三 2025-03-17 assigned)"

# no base (both added the file), the same task: merged
: >empty.yaml
{ head_of 李明 2025-03-17 active; printf '%s\n' "$P10"; } >ours.yaml
{ head_of 李明 2025-03-17 active; printf '%s\n' "$P8"; } >theirs.yaml
run merge-driver empty.yaml ours.yaml theirs.yaml
expect_exit 0 "empty base, the same task on both sides: exit 0"
expect_file_eq ours.yaml "$(head_of 李明 2025-03-17 active)
$P8
$P10" "empty base: both logs merged"

# no base, different tasks with one id: both whole tasks between markers
cat >ours.yaml <<'EOF'
id: 2025-0001
title: 乙任务
kind: meeting
listed: false
created: 2025-03-02
status: registered
escalation: 0
EOF
cat >theirs.yaml <<'EOF'
id: 2025-0001
title: 甲任务
kind: instruction
listed: false
created: 2025-03-02
status: registered
escalation: 0
EOF
{ echo "<<<<<<< ours"; cat ours.yaml; echo "======="; cat theirs.yaml; echo ">>>>>>> theirs"; } >want.yaml
run merge-driver empty.yaml ours.yaml theirs.yaml tasks/2025/2025-0001.yaml
expect_exit 1 "different tasks with one id: exit 1"
expect_same_file want.yaml ours.yaml "both whole tasks between collision markers"
expect_stderr_contains "renumber" "the driver suggests renumber"

# a side that does not parse: left for the clerk, exit 1, ours untouched
head_of 李明 2025-03-17 assigned >base.yaml
printf 'id: 2025-0042\ntitle: [未闭合\n' >ours.yaml
cp ours.yaml ours.orig
head_of 李四 2025-03-17 assigned >theirs.yaml
run merge-driver base.yaml ours.yaml theirs.yaml
expect_exit 1 "a side that does not parse: exit 1"
expect_same_file ours.orig ours.yaml "ours is left as it was"
run merge-driver base.yaml ours.yaml
expect_usage_error "merge-driver needs three files"

# ================================================================ two clones: progress on both sides
export DUBAN_TODAY=2025-03-02
make_pair
cd "$A" || exit 2
run add 推进城区热电联产项目建设 --kind instruction --lead 市发改委 --co 市财政局、市住建局
expect_exit 0 "A adds a task"
run sync
expect_exit 0 "A syncs the new task"
cd "$B" || exit 2
run sync
expect_exit 0 "B pulls the new task"
expect_file_exists "$T1"

export DUBAN_TODAY=2025-03-12
cd "$A" || exit 2
run progress 2025-0001 A的反馈 --date 2025-03-10
expect_exit 0
cd "$B" || exit 2
run progress 2025-0001 B的反馈 --by 市财政局 --date 2025-03-08
expect_exit 0
cd "$A" || exit 2
run sync
expect_exit 0 "A syncs first"
cd "$B" || exit 2
run sync
expect_exit 0 "B syncs: the merge driver merges both entries, no conflict"
expect_git_status "" "B is clean after the sync"
expect_once "$T1" "    text: A的反馈" "A's entry is there once"
expect_once "$T1" "    text: B的反馈" "B's entry is there once"
check "the log is in date order" log_in_date_order "$T1"
check "no conflict markers" no_markers "$T1"
check "B's entry (03-08) comes before A's (03-10)" \
  test "$(grep -n 'text: B的反馈' "$T1" | cut -d: -f1)" -lt "$(grep -n 'text: A的反馈' "$T1" | cut -d: -f1)"
run check
expect_exit 0 "check passes after the merge"
cd "$A" || exit 2
run sync
expect_exit 0 "A syncs again"
expect_same_file "$B/$T1" "$A/$T1" "A has the same file as B"
check "A and B are at the same commit" test "$(git rev-parse HEAD)" = "$(git -C "$B" rev-parse HEAD)"

# ---------------------------------------------------------------- different fields: clean merges
# A extends the deadline, B changes the owner
cd "$A" || exit 2
run extend 2025-0001 --to 2025-04-30 --reason 用地审批尚未完成 --date 2025-03-14
expect_exit 0 "A extends"
run sync
cd "$B" || exit 2
run assign 2025-0001 --owner 王五 --date 2025-03-15
expect_exit 0 "B changes the owner"
run sync
expect_exit 0 "extend on A and owner on B merge cleanly"
expect_file_line "$T1" "due: 2025-04-30" "A's new deadline"
expect_file_line "$T1" "owner: 王五" "B's new owner"
expect_once "$T1" "    type: extend"
expect_once "$T1" "    owner: 王五"
check "no conflict markers" no_markers "$T1"

# A escalates while B records progress; co as sets: A adds 城东区, B drops 市住建局
cd "$A" || exit 2
run sync
run escalate 2025-0001 逾期未见实效 --date 2025-03-20
expect_exit 0 "A escalates"
run assign 2025-0001 --co 市财政局、市住建局、城东区 --date 2025-03-20
expect_exit 0 "A adds a co-unit"
run sync
cd "$B" || exit 2
run progress 2025-0001 已完成用地预审 --date 2025-03-19
expect_exit 0 "B records progress"
run assign 2025-0001 --co 市财政局 --date 2025-03-21
expect_exit 0 "B drops a co-unit"
run sync
expect_exit 0 "escalate on A, progress on B, co edits on both: clean"
expect_file_line "$T1" "escalation: 1" "A's escalation"
expect_once "$T1" "    text: 已完成用地预审"
expect_once "$T1" "    type: escalate"
check "co is the merged set: 市财政局 and 城东区" \
  test "$(sed -n '/^co:$/,/^[a-z]/p' "$T1" | grep '^  - ' | tr -d ' -' | tr '\n' ' ')" = "市财政局 城东区 "
check "the log is in date order" log_in_date_order "$T1"
run check
expect_exit 0 "check passes"

# tags as sets, through duban edit on both sides
cat >"$SCRATCH/ed/tags-a" <<'EOF'
#!/bin/sh
sed -i 's/^escalation: \(.*\)$/escalation: \1\ntags:\n  - 重点\n  - 民生/' "$1"
EOF
cat >"$SCRATCH/ed/tags-b" <<'EOF'
#!/bin/sh
sed -i 's/^escalation: \(.*\)$/escalation: \1\ntags:\n  - 营商环境/' "$1"
EOF
chmod +x "$SCRATCH/ed/tags-a" "$SCRATCH/ed/tags-b"
cd "$A" || exit 2
run sync
run_env EDITOR="$SCRATCH/ed/tags-a" -- edit 2025-0001
expect_exit 0 "A tags the task"
run sync
cd "$B" || exit 2
run_env EDITOR="$SCRATCH/ed/tags-b" -- edit 2025-0001
expect_exit 0 "B tags the task"
run sync
expect_exit 0 "tags added on both sides merge"
check "tags are the union" \
  test "$(sed -n '/^tags:$/,/^[a-z]/p' "$T1" | grep '^  - ' | tr -d ' -' | LC_ALL=C sort | tr '\n' ' ')" = \
  "$(printf '民生\n营商环境\n重点\n' | LC_ALL=C sort | tr '\n' ' ')"
cd "$A" || exit 2
run sync
expect_same_file "$B/$T1" "$A/$T1" "A and B agree after the clean merges"

# a third clone that never ran git-setup: sync installs the driver itself
git clone -q "$PAIR/origin.git" "$PAIR/C"
cd "$PAIR/C" || exit 2
check "a fresh clone has no driver configured" test -z "$(git config merge.duban.driver)"
run note 2025-0001 C的备注 --date 2025-03-23
expect_exit 0
cd "$A" || exit 2
run progress 2025-0001 A的第二次反馈 --date 2025-03-22
run sync
expect_exit 0
cd "$PAIR/C" || exit 2
run sync
expect_exit 0 "sync in a clone without git-setup merges with the driver"
check "sync installed the driver" test -n "$(git config merge.duban.driver)"
expect_once "$T1" "    text: A的第二次反馈"
check "no conflict markers" no_markers "$T1"
cd "$A" || exit 2
run sync
expect_exit 0
cd "$B" || exit 2
run sync
expect_exit 0

# ---------------------------------------------------------------- the same field, differently: conflict
cd "$A" || exit 2
run assign 2025-0001 --owner 张三 --date 2025-03-25
expect_exit 0
run sync
expect_exit 0
cd "$B" || exit 2
run assign 2025-0001 --owner 李四 --date 2025-03-25
expect_exit 0
run sync
expect_exit 3 "sync stops on a conflict: exit 3"
expect_stderr_contains "$T1" "the message names the file"
expect_stderr_contains "duban check" "the message says what to do next"
expect_git_status "UU $T1" "git status shows the file unmerged"
expect_file_line "$T1" "<<<<<<< ours"
expect_file_line "$T1" "owner: 李四"
expect_file_line "$T1" "owner: 张三"
marker_line="$(grep -n '^<<<<<<< ours$' "$T1" | cut -d: -f1)"
run check
expect_exit 3 "check on the conflicted file: exit 3"
expect_output_match "^(duban: error: )?$T1:$marker_line: .*owner" "check names path:line and the field"
expect_output_match "owner.*李四.*张三" "check shows both values (ours first)"
run list
expect_exit 3 "list with a conflicted file: exit 3"
expect_stderr_contains "$T1:$marker_line" "list reports the file and line on stderr"
expect_stderr_contains "owner"

# fix with duban edit (a scripted editor keeps theirs), then git add / commit
cat >"$SCRATCH/ed/keep-theirs" <<'EOF'
#!/bin/sh
sed -i -e '/^<<<<<<< ours$/,/^=======$/d' -e '/^>>>>>>> theirs$/d' "$1"
EOF
chmod +x "$SCRATCH/ed/keep-theirs"
run_env EDITOR="$SCRATCH/ed/keep-theirs" -- edit 2025-0001
expect_exit 0 "duban edit resolves the conflict"
expect_file_line "$T1" "owner: 张三" "theirs kept"
expect_file_no_line "$T1" "owner: 李四"
check "no markers after the edit" no_markers "$T1"
git add "$T1"
git commit -q --no-edit
check "the merge is committed" test -z "$(git status --porcelain --untracked-files=no)"
run check
expect_exit 0 "check passes after the fix"
run sync
expect_exit 0 "B syncs the resolution"
cd "$A" || exit 2
run sync
expect_exit 0
expect_same_file "$B/$T1" "$A/$T1" "A gets the resolution"
expect_once "$T1" "    owner: 张三"
expect_once "$T1" "    owner: 李四"

# a second conflict (the lead), fixed by writing the file by hand
cd "$A" || exit 2
run assign 2025-0001 --lead 市财政局 --date 2025-03-28
run sync
cd "$B" || exit 2
run assign 2025-0001 --lead 市住建局 --date 2025-03-28
run sync
expect_exit 3 "a conflict on lead: exit 3"
run check
expect_exit 3
expect_output_match "$T1:[0-9]+: .*lead.*市住建局.*市财政局" "check names lead and both values"
sed -i -e '/^<<<<<<< ours$/d' -e '/^=======$/,/^>>>>>>> theirs$/d' "$T1"   # keep ours
run check
expect_exit 0 "check passes once the file is fixed by hand"
git add "$T1"
git commit -q --no-edit
run sync
expect_exit 0 "sync after the hand fix"
expect_file_line "$T1" "lead: 市住建局"

# ================================================================ concurrent add: id_prefix
make_pair
export DUBAN_TODAY=2025-04-01
mkdir -p "$A/.duban" && printf 'id_prefix: A\n' >"$A/.duban/local.yaml"
mkdir -p "$B/.duban" && printf 'id_prefix: B\n' >"$B/.duban/local.yaml"
cd "$A" || exit 2
run add 甲单位的任务 --kind instruction --lead 市发改委
expect_stdout_eq 2025-A0001 "A mints 2025-A0001"
cd "$B" || exit 2
run add 乙单位的任务 --kind meeting --lead 市财政局
expect_stdout_eq 2025-B0001 "B mints 2025-B0001"
cd "$A" || exit 2
run sync
expect_exit 0
cd "$B" || exit 2
run sync
expect_exit 0 "prefixed ids never collide"
cd "$A" || exit 2
run sync
expect_exit 0
for side in "$A" "$B"; do
  expect_file_exists "$side/tasks/2025/2025-A0001.yaml"
  expect_file_exists "$side/tasks/2025/2025-B0001.yaml"
done
run check
expect_exit 0 "check passes with both prefixed tasks"
run list --format csv
expect_csv_ids 2025-A0001 2025-B0001

# units.yaml edited on both sides: the driver keeps the units of both
cd "$A" || exit 2
run units add 市水务局
run sync
expect_exit 0
cd "$B" || exit 2
run units add 市教育局
run sync
expect_exit 0 "units added on both sides merge"
check "B has both new units" grep -q "name: 市水务局" units.yaml
check "B keeps its own unit" grep -q "name: 市教育局" units.yaml
run check
expect_exit 0 "check passes after the units merge"
# A hand-made conflict in units.yaml is explained, not a YAML error
cp units.yaml "$SCRATCH/units.keep"
printf '<<<<<<< ours\nunits: []\n=======\nunits: []\n>>>>>>> theirs\n' > units.yaml
run check
expect_exit 3
expect_output_match "^(duban: error: )?units\.yaml:[0-9]+: .*conflict" "check says units.yaml holds merge conflict markers"
cp "$SCRATCH/units.keep" units.yaml

# ================================================================ concurrent add: collision and renumber
# (SPEC §12) A pushed 2025-0001 first; B minted 2025-0001 for another task and
# never pushed it: sync gives B's task the next free id, A's keeps its id.
make_pair
cd "$A" || exit 2
run add 甲任务 --kind instruction --lead 市发改委
expect_stdout_eq 2025-0001 "A mints 2025-0001"
run sync
expect_exit 0
cd "$B" || exit 2
run add 乙任务 --kind meeting
expect_stdout_eq 2025-0001 "B mints 2025-0001 too"
run sync
expect_exit 0 "sync resolves the id collision itself"
expect_stderr_contains "2025-0001" "the message names the id taken upstream"
expect_stderr_contains "2025-0002" "and the new id of B's task"
expect_file_line "$T1" "title: 甲任务" "the published task keeps 2025-0001"
expect_file_line tasks/2025/2025-0002.yaml "title: 乙任务" "B's never-pushed task moves to 2025-0002"
expect_file_tail tasks/2025/2025-0002.yaml "  - date: $DUBAN_TODAY
    type: renumber
    from: 2025-0001" "its log says where it came from"
expect_git_status "" "everything is committed"
run check
expect_exit 0 "check passes after sync"
cd "$A" || exit 2
run sync
expect_exit 0 "A pulls B's task"
expect_file_line "$T1" "title: 甲任务" "A's task is still 2025-0001"
run list --format csv
expect_csv_ids 2025-0001 2025-0002
# history follows B's task across its renumbering, and never mixes up the two
# tasks that had the id 2025-0001 (told apart by uid)
for clone in "$B" "$A"; do
  cd "$clone" || exit 2
  run history 2025-0002
  expect_exit 0 "history of the renumbered task in ${clone##*/}"
  check "history 2025-0002 in ${clone##*/}: renumber and B's add, nothing of 甲任务" \
    test "$(sed 's/^[^ ]* [^ ]* [^ ]* //' "$OUT_FILE" | tr '\n' '|')" = \
    "renumber 2025-0001 to 2025-0002: 2025-0001 is taken upstream|add 2025-0001: 乙任务|"
  run history 2025-0001
  check "history 2025-0001 in ${clone##*/}: A's add only, nothing of 乙任务" \
    test "$(sed 's/^[^ ]* [^ ]* [^ ]* //' "$OUT_FILE" | tr '\n' '|')" = "add 2025-0001: 甲任务|"
done

# A plain 'git pull' (not duban sync) leaves the collision in the file: check
# says so, and renumber moves the task this clone never pushed (ours).
cd "$A" || exit 2
run add 丙任务 --kind instruction
expect_stdout_eq 2025-0003
run sync
expect_exit 0
cd "$B" || exit 2
run add 丁任务 --kind meeting
expect_stdout_eq 2025-0003 "B mints 2025-0003 too"
git pull -q --no-rebase --no-edit >/dev/null 2>&1
check "git status shows the file unmerged" bash -c "git status --porcelain | grep -q '^AA tasks/2025/2025-0003.yaml\$'"
run check
expect_exit 3 "check on the collision: exit 3"
expect_output_contains "two different tasks" "check says two different tasks got the id"
expect_output_contains "duban renumber 2025-0003" "check suggests renumber"
run list
expect_exit 3 "list with the collision: exit 3"
run renumber 2025-0003
expect_exit 0 "renumber the collision"
expect_stdout_eq 2025-0004 "the task never pushed gets the next free id"
expect_file_line tasks/2025/2025-0003.yaml "title: 丙任务" "the published task keeps 2025-0003"
expect_file_line tasks/2025/2025-0004.yaml "title: 丁任务" "B's own task moves to 2025-0004"
expect_file_line tasks/2025/2025-0004.yaml "id: 2025-0004"
check "no markers left" no_markers tasks/2025/2025-0003.yaml
git commit -q --no-edit
expect_git_status "" "everything is committed"
run check
expect_exit 0 "check passes after renumber and commit"
run sync
expect_exit 0 "B syncs the renumbered task"
cd "$A" || exit 2
run sync
expect_exit 0 "A pulls"
expect_file_line tasks/2025/2025-0003.yaml "title: 丙任务" "A's task is still 2025-0003"
run list --format csv
expect_csv_ids 2025-0001 2025-0002 2025-0003 2025-0004
run check
expect_exit 0 "check passes in A"
# renumbered inside a merge commit: history shows the merge and B's add
for clone in "$A" "$B"; do
  cd "$clone" || exit 2
  run history 2025-0004
  expect_exit 0 "history of the task renumbered in a merge (${clone##*/})"
  check "history 2025-0004 in ${clone##*/}: the merge that renumbered it, then B's add" bash -c '
    [[ "$(wc -l <"$1")" == 2 ]] && sed -n 2p "$1" | grep -q " add 2025-0003: 丁任务\$" && ! grep -q 丙任务 "$1"' _ "$OUT_FILE"
  run history 2025-0003
  check "history 2025-0003 in ${clone##*/}: 丙任务 only" \
    test "$(sed 's/^[^ ]* [^ ]* [^ ]* //' "$OUT_FILE" | tr '\n' '|')" = "add 2025-0003: 丙任务|"
done

finish
