# bash completion for duban(1)                               -*- shell-script -*-
# Installed as share/bash-completion/completions/duban. Completes subcommands,
# options, task ids (tasks/*/*.yaml of the workspace: --dir, $DUBAN_DIR or the
# nearest duban.yaml upward), unit names and aliases (units.yaml) and kinds
# (the kinds: keys of duban.yaml, or the default list).

_duban_commands="init units add assign progress done recheck extend receipt return escalate suspend cancel reopen note show list edit check overdue remind report import feedback export merge-driver git-setup sync history renumber"
_duban_global_opts="--help --version --dir --as-of --date --format --lang --color --quiet -q --jobs -j"
_duban_default_kinds="instruction meeting work-report npc cppcc hotline petition media superior special"

_duban_opts_for() {
  case "$1" in
    init) echo "--office --git" ;;
    units) echo "add rename" ;;
    units_add) echo "--alias --short --kind --liaison --phone --dry-run" ;;
    units_rename) echo "--dry-run" ;;
    add) echo "--kind -k --ref --leader --lead -l --co --owner --due --within --cadence --tag --listed --milestone --add-units --dry-run -n" ;;
    assign) echo "--lead -l --co --owner --add-units --dry-run -n" ;;
    progress) echo "--by --percent --attach --milestone --add-units --dry-run -n" ;;
    done) echo "--result --rating --dry-run -n" ;;
    recheck) echo "--problem --dry-run -n" ;;
    extend) echo "--to --reason --approve --refuse --dry-run -n" ;;
    receipt) echo "--unit --dry-run -n" ;;
    return | escalate | suspend | cancel | reopen | note) echo "--dry-run -n" ;;
    list) echo "--status --lead --unit --kind --leader --tag --listed --due-before --due-after --text --sort" ;;
    overdue) echo "--unit --kind --red-only --listed --within --exit-code" ;;
    remind) echo "--unit --kind --red-only --listed --within --out --dry-run -n" ;;
    report) echo "--period --previous --from --to --by --kind --unit --out --title --issue-no" ;;
    import) echo "--from --encoding --kind --on-duplicate --add-units --dry-run -n" ;;
    feedback) echo "--dry-run -n" ;;
    export) echo "--status --lead --unit --kind --leader --tag --listed --due-before --due-after --text --bom --out" ;;
    renumber) echo "--to" ;;
    *) echo "" ;;
  esac
}

# _duban_root [DIR]: the workspace directory, or nothing.
_duban_root() {
  local d="${1:-${DUBAN_DIR:-}}"
  if [[ -n "$d" ]]; then
    [[ -f "$d/duban.yaml" ]] && printf '%s\n' "$d"
    return
  fi
  d="$PWD"
  while :; do
    if [[ -f "$d/duban.yaml" ]]; then
      printf '%s\n' "$d"
      return
    fi
    [[ -z "$d" || "$d" == / ]] && return
    d="${d%/*}"
    [[ -z "$d" ]] && d=/
  done
}

_duban_ids() {
  local root="$1" f
  [[ -n "$root" && -d "$root/tasks" ]] || return
  for f in "$root"/tasks/*/*.yaml; do
    [[ -e "$f" ]] || continue
    f="${f##*/}"
    printf '%s\n' "${f%.yaml}"
  done
}

_duban_units() {
  local root="$1" line
  [[ -n "$root" && -f "$root/units.yaml" ]] || return
  local in_aliases=0
  while IFS= read -r line; do
    if [[ "$line" =~ ^[[:space:]]*-?[[:space:]]*name:[[:space:]]*(.+)$ ]]; then
      printf '%s\n' "${BASH_REMATCH[1]}"
      in_aliases=0
    elif [[ "$line" =~ ^[[:space:]]*aliases:[[:space:]]*$ ]]; then
      in_aliases=1
    elif ((in_aliases)) && [[ "$line" =~ ^[[:space:]]+-[[:space:]]+(.+)$ ]]; then
      printf '%s\n' "${BASH_REMATCH[1]}"
    else
      in_aliases=0
    fi
  done <"$root/units.yaml"
}

_duban_kinds() {
  local root="$1" line in_kinds=0 found=0
  if [[ -n "$root" && -f "$root/duban.yaml" ]]; then
    while IFS= read -r line; do
      if [[ "$line" =~ ^kinds:[[:space:]]*$ ]]; then
        in_kinds=1
      elif ((in_kinds)) && [[ "$line" =~ ^\ \ ([A-Za-z0-9_-]+):[[:space:]]*$ ]]; then
        printf '%s\n' "${BASH_REMATCH[1]}"
        found=1
      elif ((in_kinds)) && [[ "$line" =~ ^[^[:space:]#] ]]; then
        in_kinds=0
      fi
    done <"$root/duban.yaml"
  fi
  ((found)) || printf '%s\n' $_duban_default_kinds
}

# _duban_add_words WORDS…: add the words matching $cur to COMPREPLY (words may
# hold spaces or CJK; one per line).
_duban_add_lines() {
  local w
  while IFS= read -r w; do
    [[ -n "$w" && "$w" == "$cur"* ]] && COMPREPLY+=("$w")
  done
}

_duban() {
  local cur prev words cword
  COMPREPLY=()
  words=("${COMP_WORDS[@]}")
  cword=$COMP_CWORD
  cur="${words[cword]}"
  prev=""
  ((cword > 0)) && prev="${words[cword - 1]}"

  # Find the command, the subcommand of units and --dir.
  local cmd="" sub="" dir="" i w
  for ((i = 1; i < cword; i++)); do
    w="${words[i]}"
    case "$w" in
      --dir) dir="${words[i + 1]:-}"; ((i++)); continue ;;
      --dir=*) dir="${w#--dir=}"; continue ;;
      --as-of | --date | --format | --lang | --color | --jobs | -j) ((i++)); continue ;;
      -*) continue ;;
    esac
    if [[ -z "$cmd" ]]; then
      cmd="$w"
    elif [[ "$cmd" == units && -z "$sub" ]]; then
      sub="$w"
    fi
  done
  local root
  root="$(_duban_root "$dir")"

  case "$prev" in
    --dir | --out | --attach) COMPREPLY=($(compgen -d -- "$cur")); [[ "$prev" != --dir ]] && COMPREPLY+=($(compgen -f -- "$cur")); return ;;
    --format) COMPREPLY=($(compgen -W "text md csv json yaml html" -- "$cur")); return ;;
    --lang) COMPREPLY=($(compgen -W "zh en" -- "$cur")); return ;;
    --color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
    --kind | -k)
      if [[ "$cmd" == units ]]; then
        COMPREPLY=($(compgen -W "department county street enterprise" -- "$cur"))
      else
        _duban_add_lines < <(_duban_kinds "$root")
      fi
      return ;;
    --lead | -l | --co | --unit) _duban_add_lines < <(_duban_units "$root"); return ;;
    --cadence) COMPREPLY=($(compgen -W "weekly monthly" -- "$cur")); return ;;
    --status) COMPREPLY=($(compgen -W "open all registered assigned active done suspended cancelled" -- "$cur")); return ;;
    --sort) COMPREPLY=($(compgen -W "due id created lead" -- "$cur")); return ;;
    --period) COMPREPLY=($(compgen -W "week month quarter year" -- "$cur")); return ;;
    --by)
      if [[ "$cmd" == report ]]; then
        COMPREPLY=($(compgen -W "unit kind leader owner" -- "$cur"))
      else
        _duban_add_lines < <(_duban_units "$root")
      fi
      return ;;
    --rating) COMPREPLY=($(compgen -W "满意 基本满意 不满意" -- "$cur")); return ;;
    --encoding) COMPREPLY=($(compgen -W "auto utf-8 gbk gb18030" -- "$cur")); return ;;
    --on-duplicate) COMPREPLY=($(compgen -W "skip update error" -- "$cur")); return ;;
    --from)
      if [[ "$cmd" == import ]]; then COMPREPLY=($(compgen -W "csv yaml json" -- "$cur")); fi
      return ;;
    --as-of | --date | --due | --to | --due-before | --due-after | --within | --office | --ref | --leader \
      | --owner | --tag | --milestone | --result | --problem | --reason | --percent | --text | --title \
      | --issue-no | --alias | --short | --liaison | --phone | --jobs | -j)
      if [[ "$cmd" == renumber && "$prev" == --to ]]; then _duban_add_lines < <(_duban_ids "$root"); fi
      return ;;
  esac

  if [[ -z "$cmd" ]]; then
    if [[ "$cur" == -* ]]; then
      COMPREPLY=($(compgen -W "$_duban_global_opts" -- "$cur"))
    else
      COMPREPLY=($(compgen -W "$_duban_commands" -- "$cur"))
    fi
    return
  fi

  local key="${cmd//-/_}"
  [[ "$cmd" == units && -n "$sub" ]] && key="units_$sub"
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$(_duban_opts_for "$key") --help $_duban_global_opts" -- "$cur"))
    return
  fi
  case "$cmd" in
    units)
      if [[ -z "$sub" ]]; then
        COMPREPLY=($(compgen -W "add rename" -- "$cur"))
      elif [[ "$sub" == rename ]]; then
        _duban_add_lines < <(_duban_units "$root")
      fi ;;
    assign | progress | done | recheck | extend | receipt | return | escalate | suspend | cancel \
      | reopen | note | show | edit | history | renumber)
      _duban_add_lines < <(_duban_ids "$root") ;;
    init) COMPREPLY=($(compgen -d -- "$cur")) ;;
    import | feedback | merge-driver) COMPREPLY=($(compgen -f -- "$cur")) ;;
  esac
}

complete -F _duban duban
