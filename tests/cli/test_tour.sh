#!/usr/bin/env bash
# The READMEs, followed literally by a new user (so they cannot drift from the
# tool): every command of every ```sh block of README.md and README.zh-CN.md,
# in order, in one bash per README, each command's exit code checked; then the
# cron recipes (```cron blocks and examples/cron/duban.crontab) run as cron
# would run them.
#
# The new user: a fresh HOME and working directory holding build/ (the built
# duban, so `export PATH="$PWD/build:$PATH"` works), a fixed DUBAN_TODAY, git
# with a name, and a `mail` that only records what it was given.
#
# Rules (the README's side of the contract):
# - A command is one line, or several joined by a trailing backslash; comment
#   lines are not commands. Its exit code must be 0, unless the line ends with
#   a comment `# exit N`, which expects N.
# - Skipped, since they need root, the network or a full build: commands that
#   start with sudo, apt, apt-get or cmake, and the scripts/ of the source tree
#   (scripts/demo.sh, scripts/test.sh, scripts/setup.sh, scripts/package-deb.sh).
# - The office's git server `server:` is a local directory holding an empty
#   bare repository office.git (git's url.<base>.insteadOf), as an admin would
#   have made it.
# - A command naming an absolute path (other than /dev/null) fails without
#   being run: the tour writes nowhere but in its own home (~/…).
# - Cron lines: the five time fields and VAR=value lines are dropped, `\%` is
#   cron's escape of `%`, and the workspace /srv/office is the tour's
#   ~/office. Each must exit 0.
source "$(dirname "$0")/lib.sh"

if ! command -v git >/dev/null 2>&1; then
  echo "test_tour: git is not installed; skipped"
  finish
fi

DUBAN_DIR_OF_BINARY="$(dirname "$DUBAN")"

# extract README: the commands of its ```sh blocks, one per line as
# "LINE<TAB>EXPECTED-EXIT<TAB>SKIP(0|1)<TAB>COMMAND" (newlines in a joined
# command kept as \n escapes).
extract() {
  "$PYTHON" - "$1" <<'PY'
import re, sys
path = sys.argv[1]
lines = open(path, encoding="utf-8").read().split("\n")
in_sh = False
cmd, start = [], 0
SKIP = re.compile(r"^(sudo|apt|apt-get|cmake)(\s|$)|^scripts/")
OUTSIDE = re.compile(r"(?<![\w.~}/-])/(?!dev/null)[A-Za-z]")
for n, line in enumerate(lines, 1):
    if not in_sh:
        in_sh = line.strip() == "```sh"
        continue
    if line.strip() == "```":
        in_sh = False
        continue
    if not cmd:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        start = n
    cmd.append(line)
    if line.endswith("\\"):
        continue
    text = "\n".join(cmd)
    m = re.search(r"#\s*exit\s+(\d+)\s*$", cmd[-1])
    skip = 1 if SKIP.search(text.lstrip()) else 0
    if not skip and OUTSIDE.search(text):
        skip = 2  # would write outside the new user's home: fails, not run
    print(start, m.group(1) if m else 0, skip, text.replace("\\", "\\\\").replace("\n", "\\n"), sep="\t")
    cmd = []
if in_sh or cmd:
    sys.exit(f"{path}: an unterminated ```sh block or command")
PY
}

# cron_lines FILE…: the commands of crontab lines (```cron blocks of a
# Markdown file, or a whole crontab), one per line, `\%` unescaped.
cron_lines() {
  "$PYTHON" - "$@" <<'PY'
import re, sys
for path in sys.argv[1:]:
    lines = open(path, encoding="utf-8").read().split("\n")
    md = path.endswith(".md")
    inside = not md
    for n, line in enumerate(lines, 1):
        if md and line.strip() in ("```cron", "```"):
            inside = line.strip() == "```cron"
            continue
        if not inside or not line.strip() or line.lstrip().startswith("#"):
            continue
        if re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", line):
            continue
        fields = line.split(None, 5)
        print(f"{path.rsplit('/', 1)[-1]}:{n}", fields[5].replace("\\%", "%"), sep="\t")
PY
}

tour() {
  local readme="$1" name
  name="$(basename "$readme")"
  _new_dir tour
  local T="$NEW_DIR"
  mkdir -p "$T/home" "$T/src" "$T/stubs" "$T/server" "$T/out"
  ln -s "$DUBAN_DIR_OF_BINARY" "$T/src/build"
  cat >"$T/stubs/mail" <<'EOF'
#!/bin/sh
# mail stub: records the arguments and the message
{ echo "mail $*"; cat; } >>"$HOME/mail.log"
EOF
  chmod +x "$T/stubs/mail"
  (
    export HOME="$T/home" GIT_CONFIG_NOSYSTEM=1
    git config --global user.name 督查员
    git config --global user.email clerk@example.org
    git config --global init.defaultBranch main
    git config --global url."$T/server/".insteadOf server:
    git init -q --bare "$T/server/office.git"
  )

  local script="$T/tour.sh" results="$T/results" n=0 skipped=0
  {
    echo 'tour_check() { echo "$1	$2	$3" >>"$TOUR_RESULTS"; }'
    echo "cd '$T/src' || exit 2"
  } >"$script"
  local line want skip cmd
  declare -A cmds=()
  while IFS=$'\t' read -r line want skip cmd; do
    cmd="$(printf '%b' "$cmd")"
    if [[ "$skip" == 2 ]]; then
      LAST_CMD="$cmd"
      fail "$name:$line names an absolute path: the tour runs in a new user's home (use ~/…)"
      continue
    fi
    if [[ "$skip" == 1 ]]; then
      skipped=$((skipped + 1))
      [[ -n "${VERBOSE:-}" ]] && echo "skipped $name:$line: $cmd"
      continue
    fi
    n=$((n + 1))
    cmds["$name:$line"]="$cmd"
    printf '{\n%s\n} >%q 2>&1\ntour_check %q %q "$?"\n' "$cmd" "$T/out/$name:$line" "$name:$line" "$want" >>"$script"
  done < <(extract "$readme")
  check "$name has commands to run ($n, $skipped skipped)" test "$n" -gt 10

  # The cron recipes, run in the tour's workspace after the tour.
  local sources=("$readme")
  [[ "$name" == README.md ]] && sources+=("$DUBAN_SOURCE_DIR/examples/cron/duban.crontab")
  local where job
  while IFS=$'\t' read -r where job; do
    job="${job//\/srv\/office/\$HOME/office}"
    cmds["$where (cron)"]="$job"
    printf 'bash -c %q >%q 2>&1\ntour_check %q 0 "$?"\n' "$job" "$T/out/$where (cron)" "$where (cron)" >>"$script"
  done < <(cron_lines "${sources[@]}")

  : >"$results"
  LAST_CMD="bash $script  # the commands of $name"
  env -i HOME="$T/home" PATH="$T/stubs:/usr/local/bin:/usr/bin:/bin" LANG=C.UTF-8 TZ=UTC \
    DUBAN_TODAY=2025-06-16 GIT_CONFIG_NOSYSTEM=1 GIT_CEILING_DIRECTORIES="$T" TOUR_RESULTS="$results" \
    XDG_STATE_HOME="$T/state" bash "$script" >"$T/out/tour" 2>&1 </dev/null
  local where got
  while IFS=$'\t' read -r where want got; do
    if [[ "$got" == "$want" ]]; then
      pass "$where exits $want"
    else
      fail "$where: exit $got, the README expects $want" "command: ${cmds[$where]:-?}" \
        "its output:" "$(head -n 8 "$T/out/$where" | sed 's/^/    | /')"
    fi
  done <"$results"
  check "$name: every command ran ($n + cron)" test "$(grep -vc '(cron)' "$results")" -eq "$n"
}

tour "$DUBAN_SOURCE_DIR/README.md"
tour "$DUBAN_SOURCE_DIR/README.zh-CN.md"

finish
