#!/usr/bin/env bash
# Benchmark of `duban import` (SPEC §10: "10,000 rows import in seconds") and of
# the commands around it, on generated ledger rows.
#
#   DUBAN=/path/to/duban bench/bench_import.sh [ROWS] [RUNS]
#
# ROWS (default 10000) rows are generated once by bench/gen_import_csv.py for a
# workspace holding the units; each measurement runs RUNS times (default 5),
# every import into a fresh copy of that workspace. Prints the median wall time
# and the peak RSS (when /usr/bin/time -v is available) per command. It never
# asserts a time; it fails only when a command fails.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
: "${DUBAN:=$root/build/duban}"
ROWS="${1:-10000}"
RUNS="${2:-5}"
if [[ ! -x "$DUBAN" ]]; then
  echo "bench_import.sh: set DUBAN to a built duban binary (not found: $DUBAN)" >&2
  exit 2
fi
PYTHON="$(command -v python3)"

work="$(mktemp -d "${TMPDIR:-/tmp}/duban-bench-import.XXXXXX")"
trap 'rm -rf "$work"' EXIT
unset DUBAN_DIR NO_COLOR
export DUBAN_TODAY=2025-10-15 TZ=UTC

# ---------------------------------------------------------------- the template workspace
tmpl="$work/template"
"$DUBAN" init "$tmpl" --office 江北市人民政府督查室 >/dev/null
units=(
  市发改委:发改委 市财政局:财政局 市住建局:住建局 市城管局:城管局 市水务局:水务局
  市教育局:教育局 市卫健委:卫健委 市交通运输局:交通局 市自然资源和规划局:自然资源局
  市生态环境局:环保局 市商务局:商务局 市农业农村局:农业农村局 市市场监管局:市场监管局
  市应急管理局:应急局 市人社局:人社局 市民政局:民政局 市文广旅局:文广旅局 市公安局:公安局
  市数据局:数据局 城东区:东区 城西区:西区 江北新区:新区 高新区管委会:高新区 经开区管委会:经开区
)
for spec in "${units[@]}"; do
  "$DUBAN" --dir "$tmpl" -q units add "${spec%%:*}" --alias "${spec#*:}" >/dev/null
done
rows_csv="$work/rows.csv"
"$PYTHON" "$here/gen_import_csv.py" "$ROWS" --units "$tmpl/units.yaml" -o "$rows_csv"

# ---------------------------------------------------------------- measuring
source "$here/measure.sh"

# A fresh copy of the template for each import.
fresh() { WS="$work/ws-$1"; rm -rf "$WS"; cp -r "$tmpl" "$WS"; }
# The workspace the first import filled, as it is.
filled() { WS="$work/filled"; }

measure "import ($ROWS rows)" fresh import "$rows_csv"
count="$(find "$work/ws-1/tasks" -name '*.yaml' | wc -l)"
if [[ "$count" != "$ROWS" ]]; then
  echo "bench_import.sh: the import created $count task files, not $ROWS" >&2
  exit 1
fi
"$DUBAN" --dir "$work/ws-1" check >/dev/null
cp -r "$work/ws-1" "$work/filled"

measure "import --dry-run" fresh import --dry-run "$rows_csv"
measure "re-import (all skipped)" filled import "$rows_csv"
measure "export csv" filled export --out "$work/export.csv"
measure "export json" filled export --format json --out "$work/export.json"

# The same rows as an office keeps them in Excel (SPEC §10): a title row, date
# cells. Needs Debian's python3-openpyxl to write the file.
rows_xlsx=""
if /usr/bin/python3 -c 'import openpyxl' 2>/dev/null; then
  rows_xlsx="$work/rows.xlsx"
  /usr/bin/python3 "$here/csv_to_xlsx.py" "$rows_csv" "$rows_xlsx"
  measure "import .xlsx ($ROWS rows)" fresh import "$rows_xlsx"
  count="$(find "$work/ws-1/tasks" -name '*.yaml' | wc -l)"
  if [[ "$count" != "$ROWS" ]]; then
    echo "bench_import.sh: the .xlsx import created $count task files, not $ROWS" >&2
    exit 1
  fi
  measure "export xlsx" filled export --format xlsx --out "$work/export.xlsx"
  measure "import the .xlsx export" fresh import "$work/export.xlsx"
else
  echo "bench_import.sh: python3-openpyxl is missing: no .xlsx rows" >&2
fi

# ---------------------------------------------------------------- the table
echo "duban import benchmark: $ROWS rows ($(du -h "$rows_csv" | cut -f1) CSV${rows_xlsx:+, $(du -h "$rows_xlsx" | cut -f1) .xlsx}), $RUNS runs each, $(basename "$DUBAN") at $DUBAN"
print_results
