# The measuring of bench_import.sh and bench_feedback.sh (sourced). Needs
# DUBAN, RUNS, PYTHON and work (a scratch directory) set.
#
# measure NAME SETUP-FUNCTION ARGS…: run `duban --dir "$WS" ARGS` RUNS times
# (after `SETUP i` each time, which sets WS); records the median wall time and
# the highest peak RSS (when /usr/bin/time -v is available). It never asserts
# a time; it exits 1 when a command fails. print_results prints the table.

TIME_V=""
if [[ -x /usr/bin/time ]] && /usr/bin/time -v true >/dev/null 2>&1; then
  TIME_V=/usr/bin/time
fi

declare -a RESULTS=()
measure() {
  local name="$1" setup="$2"
  shift 2
  local times=() rss_max=0 i t0 t1 rss
  for ((i = 1; i <= RUNS; i++)); do
    "$setup" "$i"
    t0=$EPOCHREALTIME
    if [[ -n "$TIME_V" ]]; then
      if ! "$TIME_V" -v -o "$work/time.txt" "$DUBAN" --dir "$WS" "$@" >"$work/out.txt" 2>"$work/err.txt"; then
        echo "$(basename "$0"): '$name' failed:" >&2
        head -n 20 "$work/err.txt" >&2
        exit 1
      fi
    elif ! "$DUBAN" --dir "$WS" "$@" >"$work/out.txt" 2>"$work/err.txt"; then
      echo "$(basename "$0"): '$name' failed:" >&2
      head -n 20 "$work/err.txt" >&2
      exit 1
    fi
    t1=$EPOCHREALTIME
    times+=("$("$PYTHON" -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.3f}')" "$t0" "$t1")")
    if [[ -n "$TIME_V" ]]; then
      rss="$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")"
      ((rss > rss_max)) && rss_max=$rss
    fi
  done
  local median
  median="$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}')"
  local rss_text="n/a"
  if [[ -n "$TIME_V" ]]; then
    rss_text="$(awk -v k="$rss_max" 'BEGIN {printf "%.1f MB", k / 1024}')"
  fi
  RESULTS+=("$(printf '%-34s %10s s %12s   %s' "$name" "$median" "$rss_text" "${times[*]}")")
}

print_results() {
  printf '%-34s %12s %12s   %s\n' "command" "median" "peak RSS" "runs (s)"
  local r
  for r in "${RESULTS[@]}"; do
    echo "$r"
  done
}
