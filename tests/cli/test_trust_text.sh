#!/usr/bin/env bash
# Trust: dates and printed text (issue 13, findings 9 and 10; SPEC §6, §11).
# Dates outside 1900-01-01 … 2999-12-31 are refused on every input path, so
# duban never writes a task it cannot read back. Text from task files, units,
# duban.yaml and git reaches no output raw: no ESC, OSC, CSI, C1, BEL or bidi
# control in text, md, csv, json or html, on stdout, stderr or in notice files;
# JSON keeps the data exactly; Markdown never carries raw HTML.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# ================================================================ finding 9: dates

new_workspace 市财政局
id="$(run add t --kind meeting --lead 市财政局; echo "$OUT")"
T="$(task_file "$id")"

# refused NAME ARGS…: exit 2 with a message, nothing written anywhere.
refused() {
  local name="$1"
  shift
  snapshot
  run "$@"
  expect_exit 2 "$name: exit 2"
  expect_stderr_contains "duban: error: " "$name: says why"
  expect_unchanged "$name: nothing written"
}
refused_env() {
  local name="$1"
  shift
  snapshot
  run_env "$@"
  expect_exit 2 "$name: exit 2"
  expect_unchanged "$name: nothing written"
}

refused "--date +400000d progress" --date +400000d progress "$id" 进展
expect_stderr_contains "2999-12-31" "--date +400000d: the message names the range"
refused "--as-of +400000d list" --as-of +400000d list
refused "--date -999999d done" --date -999999d done "$id" --result 完成
refused "extend --to +99999m" extend "$id" --to +99999m --reason 等待
expect_stderr_contains "--to '+99999m'" "extend --to +99999m: names the option and the value"
refused "extend --to +999999w" extend "$id" --to +999999w --reason 等待
refused "extend --to +999999wd" extend "$id" --to +999999wd --reason 等待
refused "add --due +99999m" add x --kind meeting --lead 市财政局 --due +99999m
refused "add --due +400000d" add x --kind meeting --lead 市财政局 --due +400000d
refused "add --due 3000-01-01" add x --kind meeting --lead 市财政局 --due 3000-01-01
refused "add --due 1899-12-31" add x --kind meeting --lead 市财政局 --due 1899-12-31
refused "add --within 999999d" add x --kind meeting --lead 市财政局 --within 999999d
refused "add --milestone X@+400000d" add x --kind meeting --lead 市财政局 --milestone 'a@+400000d'
refused "add --due with a count past int" add x --kind meeting --lead 市财政局 --due +99999999999999999999d
refused "add --due +2147483648d" add x --kind meeting --lead 市财政局 --due +2147483648d
refused "list --due-before +400000d" list --due-before +400000d
refused_env "DUBAN_TODAY=2999-12-20 add (kind default 15d lands in 3000)" \
  DUBAN_TODAY=2999-12-20 -- add x --kind meeting --lead 市财政局
expect_stderr_contains "2999-12-31" "a default deadline past 2999: the message names the range"
refused_env "DUBAN_TODAY=2999-12-20 add --within 1m" DUBAN_TODAY=2999-12-20 -- add x --kind meeting --within 1m
refused_env "DUBAN_TODAY=2999-12-20 extend --to +1m" DUBAN_TODAY=2999-12-20 -- extend "$id" --to +1m --reason 等待
refused_env "DUBAN_TODAY=3000-01-01 list" DUBAN_TODAY=3000-01-01 -- list
refused_env "DUBAN_TODAY=1899-12-31 add" DUBAN_TODAY=1899-12-31 -- add x --kind meeting --due 1900-01-10

# the edges of the range are accepted, and what is written reads back
run_env DUBAN_TODAY=2999-12-01 -- add edge --kind meeting --lead 市财政局 --due 2999-12-31
expect_exit 0 "a deadline of 2999-12-31 is accepted"
edge="$OUT"
run show "$edge"
expect_exit 0 "the task due 2999-12-31 reads back"
run_env DUBAN_TODAY=1900-01-01 -- add early --kind meeting --due 1900-01-10
expect_exit 0 "a task registered on 1900-01-01 is accepted"

# import keeps its convention: file:row:column, exit 3, nothing imported
printf '事项名称,来源,牵头单位,立项日期,办结时限\n甲,会议决定事项,市财政局,2025-03-01,+400000d\n' >"$SCRATCH/far.csv"
snapshot
run import "$SCRATCH/far.csv"
expect_data_error "far.csv:2:5" "import of a due +400000d: exit 3 naming row and column"
expect_stderr_contains "2999-12-31" "import of a due +400000d: names the range"
expect_unchanged "import of a due +400000d: nothing imported"
printf '事项名称,来源,牵头单位\n乙,会议决定事项,市财政局\n' >"$SCRATCH/late.csv"
snapshot
run_env DUBAN_TODAY=2999-12-20 -- import "$SCRATCH/late.csv"
expect_data_error "late.csv:2" "import with the kind's default past 2999: exit 3 naming the row"
expect_unchanged "import with the kind's default past 2999: nothing imported"

run check
expect_exit 0 "after all refused dates, check is clean"
run show "$id"
expect_exit 0 "the task stays usable"
expect_file_match "$T" '^due: 2025-' "the task's deadline is untouched"

# ================================================================ finding 10: printed text

if ! command -v git >/dev/null 2>&1; then
  echo "test_trust_text: git is not installed; the text half is skipped"
  finish
fi
export HOME="$SCRATCH/home"
mkdir -p "$HOME"
export GIT_CONFIG_GLOBAL="$HOME/.gitconfig" GIT_CEILING_DIRECTORIES="$SCRATCH"
git config --global init.defaultBranch main
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE

# ESC CSI, OSC 52 (writes the clipboard), BEL, C1 CSI (U+009B), U+202E, U+2066,
# raw HTML and a table pipe.
ESC_CSI=$'\e[31m'
OSC52=$'\e]52;c;cHduZWQ=\a'
C1=$'\xc2\x9b2J'
RLO=$'\xe2\x80\xae'
LRI=$'\xe2\x81\xa6'
HOSTILE="${ESC_CSI}红${OSC52}标${C1}题${RLO}反${LRI}<script>alert(1)</script>|&"
export HOSTILE
export GIT_AUTHOR_NAME="${OSC52}督查员${RLO}" GIT_AUTHOR_EMAIL=clerk@example.org
export GIT_COMMITTER_NAME=督查员 GIT_COMMITTER_EMAIL=clerk@example.org

_new_dir text
run init --git "$NEW_DIR"
cd "$NEW_DIR" || exit 2
# The office name comes from duban.yaml, as another clone may have written it.
sed -i 's/^office: .*/office: "\\e]52;c;cHduZWQ=\\a\\e[31m督查室\\x9b2J\\u202E反\\u2066<b>室<\/b>|"/' duban.yaml
git commit -qam office
run units add 市财政局
run units add "市${RLO}住建${LRI}局<i>"
unit_ok=0
if [[ "$RC" == 0 ]]; then
  unit_ok=1
  pass "a unit name with bidi controls and HTML is accepted (its printing is checked below)"
else
  expect_data_error "" "a unit name with bidi controls and HTML is refused"
fi
lead=市财政局
((unit_ok)) && lead="市${RLO}住建${LRI}局<i>"
hid="$(run --date 2025-09-01 add "$HOSTILE" --kind meeting --lead "$lead" --owner "$HOSTILE" --due 2025-09-20 \
  --milestone "${RLO}阶段<u>@2025-09-10"; echo "$OUT")"
check "a hostile title is registered" test -n "$hid"
run --date 2025-09-05 progress "$hid" "$HOSTILE"
expect_exit 0 "progress with a hostile text"
run --date 2025-09-02 add 邻居 --kind meeting --lead 市财政局 --due 2025-10-16

# raw_controls FILE: true when FILE holds ESC, BEL, a C1 control or a bidi control.
raw_controls() {
  LC_ALL=C grep -aqP '\x1b|\x07|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae\x8e\x8f]|\xe2\x81[\xa6-\xa9]|\xd8\x9c' "$1"
}
clean() {  # clean DESC FILE…
  local desc="$1" f
  shift
  for f in "$@"; do
    if raw_controls "$f"; then
      fail "$desc" "$f holds raw control bytes:" "$(LC_ALL=C grep -naP '\x1b|\x07|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]' "$f" | head -n 3 | cat -v)"
      return
    fi
  done
  pass "$desc"
}
# JSON parses and holds the hostile string exactly.
json_holds_hostile() {
  local desc="$1" expr="$2"
  if "$PYTHON" -c '
import json, os, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
h = os.environ["HOSTILE"]
sys.exit(0 if eval(sys.argv[2]) else 1)' "$OUT_FILE" "$expr" 2>/dev/null; then pass "$desc"; else
    fail "$desc" "JSON does not parse or lost the string: $expr"
  fi
}
md_escapes_html() {
  if grep -q '&lt;script&gt;' "$OUT_FILE" && ! grep -q '<script>' "$OUT_FILE"; then pass "$1"; else
    fail "$1" "expected &lt;script&gt; and no <script>:" "$(grep -n 'script' "$OUT_FILE" | head -n 3 | cat -v)"
  fi
}

for cmd in list overdue "report --period year" "remind --dry-run"; do
  for fmt in text md csv json; do
    [[ "$cmd" == remind* && ( "$fmt" == csv || "$fmt" == json ) ]] && continue
    # shellcheck disable=SC2086  # the command's words
    run --format "$fmt" $cmd
    expect_exit 0 "$cmd --format $fmt: exit 0"
    clean "$cmd --format $fmt: no raw control on stdout or stderr" "$OUT_FILE" "$ERR_FILE"
    [[ "$fmt" == md ]] && md_escapes_html "$cmd --format md: HTML is escaped"
  done
done
run --format text list
expect_stdout_contains "^[[31m红^[]52;c;cHduZWQ=^G标?2J题?反?" "text: controls shown in caret notation, C1 and bidi as ?"
run --format json list
json_holds_hostile "list --format json: parses and keeps the title" "any(t['title'] == h for t in d)"
json_holds_hostile "list --format json: keeps the owner" "any(t['owner'] == h for t in d)"
run --format json overdue
json_holds_hostile "overdue --format json: keeps the title" "any(i['title'] == h for i in d['items'])"
run --format json report --period year
json_holds_hostile "report --format json: the office name is data, escaped" \
  "d['office'].startswith('\x1b]52;c;') and '\u202e' in d['office']"
if LC_ALL=C grep -q '\\u202e' "$OUT_FILE"; then pass "report --format json: U+202E as \\u202e"; else
  fail "report --format json: U+202E as \\u202e"
fi
run --format html report --period year
expect_exit 0 "report --format html"
clean "report --format html: no raw control" "$OUT_FILE" "$ERR_FILE"
md_escapes_html "report --format html: HTML is escaped"
run --format text report --period year
expect_stdout_contains "^[]52;c;cHduZWQ=^G^[[31m督查室?2J?反?<b>室</b>|" "report text: the office name is neutralised"
clean "report text: no raw control" "$OUT_FILE"
run --format md overdue
expect_stdout_contains '\|&amp;' "overdue md: a pipe in a cell is escaped, & as an entity"
run --format csv overdue
if "$PYTHON" -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
sys.exit(0 if all(len(r) == len(rows[0]) for r in rows) else 1)' "$OUT_FILE"; then
  pass "overdue csv: every row has the header's columns"
else fail "overdue csv: every row has the header's columns"; fi

run show "$hid"
expect_exit 0 "show a hostile task"
clean "show: no raw control" "$OUT_FILE" "$ERR_FILE"
run --format json show "$hid"
json_holds_hostile "show --format json: title, owner and log text round-trip" \
  "d[0]['title'] == h and d[0]['owner'] == h and any(e.get('text') == h for e in d[0]['log'])"
clean "show --format json: no raw control" "$OUT_FILE"

# dry runs show the task file on stderr: neutralised too
snapshot
run add "$HOSTILE" --kind meeting --lead 市财政局 --owner "$HOSTILE" --dry-run
expect_exit 0 "add --dry-run of a hostile title"
clean "add --dry-run: the file shown on stderr holds no raw control" "$OUT_FILE" "$ERR_FILE"
run extend "$hid" --to 2025-12-31 --reason "$HOSTILE" --dry-run
clean "extend --dry-run: the change shown on stderr holds no raw control" "$OUT_FILE" "$ERR_FILE"
expect_unchanged "the dry runs wrote nothing"

# notices on stdout and in files
for fmt in text md; do
  rm -rf notices
  run --format "$fmt" remind --out notices
  expect_exit 0 "remind --out --format $fmt"
  n=$(find notices -type f | wc -l)
  check "remind --out --format $fmt wrote notices" test "$n" -ge 1
  mapfile -t files < <(find notices -type f)
  clean "remind --out --format $fmt: no raw control in the notice files" "${files[@]}" "$OUT_FILE" "$ERR_FILE"
  if [[ "$fmt" == md ]]; then
    if grep -q '&lt;script&gt;' "${files[@]}" && ! grep -q '<script>' "${files[@]}"; then
      pass "remind md notices: HTML is escaped"
    else fail "remind md notices: HTML is escaped"; fi
  fi
done

# git: commit subjects (the title) and author names reach history neutralised
run history "$hid"
expect_exit 0 "history of the hostile task"
check "history lists its commits" test "$(wc -l <"$OUT_FILE")" -ge 2
clean "history: no raw control from git's output" "$OUT_FILE" "$ERR_FILE"
expect_stdout_contains "督查员" "history keeps the readable part of the author"

# check quotes what a file holds
bad="tasks/2025/2025-0900.yaml"
printf 'id: 2025-0900\ntitle: 坏\nkind: meeting\ncreated: 2025-03-01\nstatus: "\\e]52;c;eA==\\a\\u202Edone\\x9b"\n' >"$bad"
run check
check "check reports the bad file" test "$RC" -ne 0
clean "check: no raw control on stdout or stderr" "$OUT_FILE" "$ERR_FILE"
run list
clean "list next to a bad file: no raw control on stderr" "$ERR_FILE"
rm -f "$bad"

# merge-driver messages
mkdir -p "$SCRATCH/driver"
cd "$SCRATCH/driver" || exit 2
side() {  # side OWNER
  printf 'id: 2025-0042\ntitle: 事项\nkind: meeting\nlisted: false\nlead: 市财政局\nowner: "%s"\ncreated: 2025-03-02\ndue: 2025-03-17\nstatus: assigned\nescalation: 0\n' "$1"
}
side 李明 >base.yaml
side '\e]52;c;eA==\a张三\u202E' >ours.yaml
side '\x9b2J李四\u2066<script>' >theirs.yaml
run merge-driver base.yaml ours.yaml theirs.yaml "tasks/2025/${OSC52}2025-0042.yaml"
expect_exit 1 "merge-driver: a conflict with hostile values: exit 1"
expect_stderr_contains "owner" "merge-driver: names the field"
clean "merge-driver conflict message: no raw control" "$ERR_FILE"
printf 'x: [\n' >broken.yaml
run merge-driver base.yaml broken.yaml theirs.yaml "tasks/2025/${OSC52}${RLO}x.yaml"
expect_exit 1 "merge-driver: a side that does not parse: exit 1"
clean "merge-driver parse message with a hostile path: no raw control" "$ERR_FILE"
side 王五 >ours.yaml
sed 's/^title: 事项$/title: 别的事项/; s/^created: .*/created: 2025-03-05/' ours.yaml >theirs.yaml
printf 'uid: 0a1b2c3d\n' >>ours.yaml
printf 'uid: 9f8e7d6c\n' >>theirs.yaml
: >empty.yaml
run merge-driver empty.yaml ours.yaml theirs.yaml "tasks/2025/${OSC52}${RLO}y.yaml"
clean "merge-driver collision message with a hostile path: no raw control" "$ERR_FILE"

finish
