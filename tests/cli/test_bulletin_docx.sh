#!/usr/bin/env bash
# duban report --format docx|pdf: the 督查通报 as an official document
# (SPEC §9, §14; shared layout facts in GONGWEN.md) on tests/fixtures/report.
# Every figure is read back from the .docx with python-docx and compared with
# what `report --format json` and `overdue --format json` say for the same
# period, so nothing here is a hand-worked number.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

READER="$DUBAN_SOURCE_DIR/tests/cli/bulletin_docx.py"
OFFICE=江北市人民政府督查室
use_fixture report
export DUBAN_TODAY=2025-07-03

HAVE_DOCX=1
if ! /usr/bin/python3 -c 'import docx' 2>/dev/null; then
  echo "SKIP: /usr/bin/python3 has no python-docx: the documents are not read back"
  HAVE_DOCX=
fi

# doc CHECK DOCX ARGS…: bulletin_docx.py CHECK holds for DOCX.
doc() {
  local name="$1" file="$2" msg
  shift 2
  if [[ -z "$HAVE_DOCX" ]]; then
    pass "$name $file (SKIP)"
    return
  fi
  if msg="$(/usr/bin/python3 "$READER" "$name" "$file" "$@" 2>&1)"; then
    pass "$file: $name $*"
  else
    fail "$file: $name $*" "$msg"
  fi
}

# written FORMAT FILE ARGS…: report --format FORMAT --out FILE ARGS, expect
# exit 0 and the path on stdout.
written() {
  local format="$1" file="$2"
  shift 2
  run report --format "$format" --out "$file" "$@"
  expect_exit 0 "report --format $format --out $file $*: exit 0"
  expect_stdout_eq "$file" "report --format $format prints the path it wrote"
}
bulletin() { written docx "$@"; }
facts() { written json "$@"; }  # the same report as JSON

# ---------------------------------------------------------------- June 2025, all checks
bulletin june.docx --period month --previous
facts june.json --period month --previous
run --as-of 2025-06-30 overdue --format json
expect_exit 0 "overdue as of the period end"
cp "$OUT_FILE" od-june.json
check "a .docx is a zip archive" test "$(head -c 2 june.docx)" = "PK"
doc opens june.docx
doc page june.docx
doc issue june.docx 1
doc period june.docx june.json
doc totals june.docx june.json
doc units june.docx june.json
doc overdue june.docx june.json od-june.json
doc chart june.docx june.json
doc date june.docx 2025-07-03 "$OFFICE"

# ---------------------------------------------------------------- 第N期: per year, only on a write
bulletin june-2.docx --period month --previous
doc issue june-2.docx 2
run report --format docx --period month --previous --out "$SCRATCH/no-such-dir/x.docx"
check "a failed write exits non-zero" test "$RC" != 0
check "a failed write leaves no file" test ! -e "$SCRATCH/no-such-dir/x.docx"
bulletin june-3.docx --period month --previous
doc issue june-3.docx 3
bulletin june-12.docx --period month --previous --issue-no 12
doc issue june-12.docx 12
bulletin june-13.docx --period month --previous
doc issue june-13.docx 13
check "the numbers are kept in the workspace's numbers.yaml" grep -q '督查通报' numbers.yaml
run_env DUBAN_TODAY=2026-01-05 -- report --format docx --period month --previous --out dec.docx
expect_exit 0 "a bulletin in the new year"
doc issue dec.docx 1

# ---------------------------------------------------------------- other periods
bulletin q2.docx --period quarter --previous
facts q2.json --period quarter --previous
doc period q2.docx q2.json
doc totals q2.docx q2.json
doc units q2.docx q2.json
doc chart q2.docx q2.json
bulletin part.docx --from 2025-06-01 --to 2025-06-18 --issue-no 1
facts part.json --from 2025-06-01 --to 2025-06-18
doc period part.docx part.json
doc totals part.docx part.json
run --as-of 2025-06-18 overdue --format json
cp "$OUT_FILE" od-part.json
doc overdue part.docx part.json od-part.json
bulletin year.docx --from 2025-01-01 --to 2025-12-31 --issue-no 1
facts year.json --from 2025-01-01 --to 2025-12-31
doc period year.docx year.json
doc units year.docx year.json

# ---------------------------------------------------------------- refusals
run report --format docx --period month
expect_usage_error "--format docx without --out"
run report --format pdf --period month
expect_usage_error "--format pdf without --out"

run report --format docx --period month --out x.docx --issue-no 0
expect_usage_error "--issue-no 0 is refused"
expect_stderr_contains "--issue-no" "the refusal of --issue-no 0 names the option"
expect_stderr_contains "999999" "the refusal of --issue-no 0 gives the range"
run report --format docx --period month --out x.docx --issue-no 1000000
expect_usage_error "--issue-no 1000000 is refused"
expect_stderr_contains "--issue-no" "the refusal of --issue-no 1000000 names the option"
# --out never overwrites a file the workspace keeps.
for f in numbers.yaml units.yaml duban.yaml "$(ls tasks/2025/*.yaml | head -1)" calendar/2025.yaml; do
  [[ -e "$f" ]] || continue
  cp "$f" "$SCRATCH/kept"
  run report --format docx --period month --previous --out "$f"
  expect_usage_error "report --out $f is refused"
  check "$f is unchanged" cmp -s "$f" "$SCRATCH/kept"
  run report --format docx --period month --previous --out "./tasks/../$f"
  expect_usage_error "report --out ./tasks/../$f is refused"
done
run report --format xlsx --period month --previous --out units.yaml
expect_usage_error "report --format xlsx --out units.yaml is refused"
run overdue --format xlsx --out duban.yaml
expect_usage_error "overdue --out duban.yaml is refused"
run list --format csv --out units.yaml
expect_usage_error "list --out units.yaml is refused"
run export --format json --out numbers.yaml
expect_usage_error "export --out numbers.yaml is refused"
# A hostile path is printed without its control characters.
run report --format docx --period month --previous --out "$(printf 'b\033[31mred.docx')"
expect_exit 0 "a file name with an escape is written"
expect_no_escape_bytes

# ---------------------------------------------------------------- PDF through LibreOffice
run_env PATH=/nonexistent -- report --format pdf --period month --previous --out none.pdf
expect_exit 4 "--format pdf without LibreOffice: exit 4"
expect_stderr_match "LibreOffice" "--format pdf without LibreOffice says so"
check "--format pdf without LibreOffice writes nothing" test ! -e none.pdf
if command -v soffice >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1; then
  run report --format pdf --period month --previous --issue-no 1 --out june.pdf
  expect_exit 0 "report --format pdf: exit 0"
  expect_stdout_eq june.pdf "report --format pdf prints the path it wrote"
  check "the PDF starts with %PDF" test "$(head -c 4 june.pdf)" = "%PDF"
  check "pdftoppm renders its first page" pdftoppm -r 40 -png -f 1 -l 1 june.pdf page
  check "the rendering is an image" test -s "$(ls page*.png 2>/dev/null | head -1)"
else
  pass "report --format pdf (SKIP: soffice or pdftoppm missing)"
fi

finish
