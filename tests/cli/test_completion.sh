#!/usr/bin/env bash
# Shell completion: scripts/completion/duban.bash (and _duban when zsh exists).
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

COMP_BASH="$DUBAN_SOURCE_DIR/scripts/completion/duban.bash"
COMP_ZSH="$DUBAN_SOURCE_DIR/scripts/completion/_duban"

# complete WORD…: the completions bash offers for the last WORD (may be ""),
# one per line, sorted; run in a fresh bash in the current directory.
complete_words() {
  LAST_CMD="complete: $*"
  bash --norc --noprofile -c '
    source "$1"; shift
    COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 ))
    COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
    _duban duban "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
    printf "%s\n" "${COMPREPLY[@]}"' _ "$COMP_BASH" "$@" 2>"$ERR_FILE" | LC_ALL=C sort -u
}

expect_completions() {  # DESC EXPECTED(space-separated, sorted) WORD…
  local desc="$1" want="$2" got
  shift 2
  got="$(complete_words "$@" | tr '\n' ' ')"
  got="${got% }"
  if [[ "$got" == "$want" ]]; then pass "$desc"; else
    fail "$desc" "expected: $want" "got:      $got"
  fi
}

check "bash script parses" bash -n "$COMP_BASH"

use_fixture office-small
ids="$(cd tasks && ls -- */*.yaml | sed 's|.*/||; s|\.yaml$||' | LC_ALL=C sort | tr '\n' ' ')"
ids="${ids% }"
check "fixture has tasks" test -n "$ids"

expect_completions "duban ov → overdue" "overdue" duban ov
expect_completions "duban re → receipt recheck remind renumber reopen report return" \
  "receipt recheck remind renumber reopen report return" duban re
expect_completions "duban extend --<TAB> offers --approve and --refuse" "--approve" duban extend --app
expect_completions "duban extend --ref → --refuse" "--refuse" duban extend --ref
expect_completions "duban receipt <TAB> → task ids" "$ids" duban receipt ""
expect_completions "duban receipt --u → --unit" "--unit" duban receipt --u
expect_completions "duban fe → feedback" "feedback" duban fe
touch 反馈表.xlsx
expect_completions "duban feedback <TAB> → files" "反馈表.xlsx" duban feedback 反
rm 反馈表.xlsx
expect_completions "duban show <TAB> → task ids" "$ids" duban show ""
(cd tasks && complete_words duban show "") >"$SCRATCH/sub.out"
check "ids from a subdirectory (nearest duban.yaml upward)" \
  test "$(tr '\n' ' ' <"$SCRATCH/sub.out" | sed 's/ $//')" == "$ids"

units="$("$PYTHON" - <<'PY'
import re
names = []
for line in open("units.yaml", encoding="utf-8"):
    m = re.match(r"^\s*-?\s*name:\s*(.+)$", line)
    if m:
        names.append(m.group(1).strip())
print("\n".join(names))
PY
)"
got="$(complete_words duban add --lead "")"
missing=""
while IFS= read -r u; do
  grep -Fxq -- "$u" <<<"$got" || missing+="$u "
done <<<"$units"
LAST_CMD="complete: duban add --lead ''"
if [[ -n "$units" && -z "$missing" ]]; then pass "duban add --lead <TAB> → every unit"; else
  fail "duban add --lead <TAB> → every unit" "missing: $missing" "got: $(tr '\n' ' ' <<<"$got")"
fi
alias1="$(grep -A1 -m1 'aliases:' units.yaml | tail -n 1 | sed 's/^[[:space:]]*-[[:space:]]*//')"
check "an alias is offered too ($alias1)" grep -Fxq -- "$alias1" <<<"$got"
first_unit="$(head -n 1 <<<"$units")"
prefix="${first_unit:0:1}"
got="$(complete_words duban list --unit "$prefix")"
check "unit completion filters by prefix" test -z "$(grep -v -- "^$prefix" <<<"$got")"

expect_completions "duban add --kind <TAB> → kinds of duban.yaml" \
  "cppcc hotline instruction media meeting npc petition special superior work-report" duban add --kind ""
expect_completions "duban add --kind ho → hotline" "hotline" duban add --kind ho
expect_completions "duban overdue --re → --red-only" "--red-only" duban overdue --re
expect_completions "duban report --period <TAB>" "month quarter week year" duban report --period ""
expect_completions "duban units <TAB>" "add rename" duban units ""

# Kinds configured in duban.yaml replace the defaults.
"$PYTHON" - <<'PY'
import re
text = open("duban.yaml", encoding="utf-8").read()
text = re.sub(r"(?ms)^kinds:\n(?:[ #].*\n)*", "kinds:\n  instruction:\n    label: 领导批示\n    due: 15d\n  inspection:\n    label: 巡察整改\n    due: 30d\n", text)
open("duban.yaml", "w", encoding="utf-8").write(text)
PY
expect_completions "custom kinds from duban.yaml" "inspection instruction" duban add --kind ""

# --dir and DUBAN_DIR point at the workspace from elsewhere.
ws="$WS"
cd "$SCRATCH" || exit 2
expect_completions "no workspace: no ids" "" duban show ""
expect_completions "--dir: ids" "$ids" duban --dir "$ws" show ""
got="$(DUBAN_DIR="$ws" complete_words duban show "" | tr '\n' ' ')"
check "DUBAN_DIR: ids" test "${got% }" == "$ids"
expect_completions "no workspace: default kinds" \
  "cppcc hotline instruction media meeting npc petition special superior work-report" duban add --kind ""

# zsh: only when it is installed (the suite does not install it).
if command -v zsh >/dev/null 2>&1; then
  LAST_CMD="zsh -n _duban"
  check "zsh script parses" zsh -n "$COMP_ZSH"
  out="$(cd "$ws" && zsh -f -c '
    autoload -Uz compinit && compinit -u -D >/dev/null 2>&1
    source "$1" >/dev/null 2>&1 || true
    typeset -f _duban_kinds >/dev/null && echo defined' _ "$COMP_ZSH" 2>&1)"
  check "zsh script defines its helpers" test "$out" == defined
  # zsh_helper DIR FUNCTION: what the helper offers, with compadd stubbed to
  # print its candidates one per line, sorted (the file minus its last line,
  # which would run the completion).
  zsh_helper() {
    (cd "$1" && zsh -f -c '
      compadd() { if [[ $1 == -a ]]; then print -rl -- ${(P)2}; else print -rl -- "$@"; fi }
      source <(sed "\$d" "$1")
      _duban_dir=""
      $2' _ "$COMP_ZSH" "$2" 2>"$ERR_FILE" | LC_ALL=C sort -u | tr '\n' ' ')
  }
  got="$(zsh_helper "$ws" _duban_ids)"
  check "zsh: task ids of the workspace" test "${got% }" == "$ids"
  got="$(zsh_helper "$ws/tasks/2025" _duban_ids)"
  check "zsh: ids from a subdirectory (root found upward)" test "${got% }" == "$ids"
  got=" $(zsh_helper "$ws" _duban_units)"
  missing=""
  while IFS= read -r u; do
    [[ "$got" == *" $u "* ]] || missing+="$u "
  done <<<"$units"
  check "zsh: every unit name is offered (missing: $missing)" test -z "$missing"
  check "zsh: aliases are offered (发改委 for 市发改委)" test "${got/ 发改委 /}" != "$got"
  got="$(zsh_helper "$SCRATCH" _duban_kinds)"
  check "zsh: no workspace: default kinds" \
    test "${got% }" == "cppcc hotline instruction media meeting npc petition special superior work-report"
  got="$(zsh_helper "$SCRATCH" _duban_ids)"
  check "zsh: no workspace: no ids" test -z "${got% }"
else
  echo "test_completion: zsh not installed, zsh checks skipped" >&2
fi

finish
