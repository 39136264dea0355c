#!/usr/bin/env bash
# duban remind --format docx|pdf (SPEC §14, shared/GONGWEN.md) on tests/fixtures/chase:
# the 督查催办通知单 as a GB/T 9704 .docx, read back by an independent reader
# (Debian's python3-docx), its document numbers kept in numbers.yaml, and the
# PDF converted by LibreOffice when it is installed.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PY=/usr/bin/python3
OFFICE=江北市人民政府督查室

HAVE_DOCX=
if has_python_module docx python3-docx; then
  HAVE_DOCX=1
fi

# check_docx FILE NUMBER UNIT DATE: the layout facts of one notice, each a
# line "PASS what" or "FAIL what: detail" turned into one assertion.
check_docx() {
  local file="$1"
  if [[ -z "$HAVE_DOCX" ]]; then
    expect_file_exists "$file"
    return
  fi
  local line
  while IFS= read -r line; do
    case "$line" in
      PASS*) pass "${file##*/}: ${line#PASS }" ;;
      *) fail "${file##*/}: ${line#FAIL }" "$line" ;;
    esac
  done < <("$PY" - "$@" "$OFFICE" <<'PYEOF' 2>&1 || echo "FAIL the checker ran: exit $?"
import re, sys, zipfile
import docx
from docx.shared import Mm
from docx.oxml.ns import qn

path, number, unit, date, office = sys.argv[1:6]

def check(ok, what, detail=""):
    print(("PASS " if ok else "FAIL ") + what + ("" if ok else ": " + str(detail)))

with zipfile.ZipFile(path) as z:
    check(z.testzip() is None, "zipfile testzip passes")
d = docx.Document(path)
s = d.sections[0]
for name, got, want in [("page width", s.page_width, 210), ("page height", s.page_height, 297),
                        ("top margin", s.top_margin, 37), ("bottom margin", s.bottom_margin, 35),
                        ("left margin", s.left_margin, 28), ("right margin", s.right_margin, 26)]:
    check(abs(got.mm - want) <= 0.5, f"{name} {want} mm", f"{got.mm:.2f} mm")

paras = [p for p in d.paragraphs]
texts = [p.text for p in paras]
head = paras[0]
check(head.text == office, "the red header names the office", head.text)
colours = {str(r.font.color.rgb) for r in head.runs if r.font.color and r.font.color.rgb}
check(colours == {"FF0000"}, "the header is red", colours)
check(head.alignment is not None and head.alignment == 1, "the header is centred", head.alignment)
rf = head.runs[0]._r.rPr.rFonts
check(rf.get(qn("w:eastAsia")) == "方正小标宋简体", "the header is in 小标宋", rf.get(qn("w:eastAsia")))
num = [p for p in paras if re.fullmatch(r"督催〔\d{4}〕\d+号", p.text)]
check(len(num) == 1 and num[0].text == number, f"the document number is {number}",
      [p.text for p in num])
if num:
    bdr = num[0]._p.pPr.find(qn("w:pBdr"))
    bottom = bdr.find(qn("w:bottom")) if bdr is not None else None
    check(bottom is not None and bottom.get(qn("w:color")) == "FF0000",
          "a red rule is under the document number")
check("督查催办通知单" in texts, "the title is there")
title = paras[texts.index("督查催办通知单")] if "督查催办通知单" in texts else None
if title is not None:
    check(title.runs[0].font.size.pt == 22, "the title is 二号 (22 pt)", title.runs[0].font.size.pt)
check(unit + "：" in texts, f"主送 {unit} ends with a full-width colon", texts[:8])
body = [p for p in paras if p.text.startswith("截至")]
check(len(body) == 1, "the opening paragraph is there")
if body:
    r = body[0].runs[0]
    rf = r._r.rPr.rFonts
    check(rf.get(qn("w:eastAsia")).startswith("仿宋"), "body text is 仿宋 (eastAsia)",
          rf.get(qn("w:eastAsia")))
    check(rf.get(qn("w:ascii")).startswith("仿宋"), "body text is 仿宋 (ascii)", rf.get(qn("w:ascii")))
    check(r.font.size.pt == 16, "body text is 三号 (16 pt)", r.font.size.pt)
    check(body[0].paragraph_format.first_line_indent is not None and
          abs(body[0].paragraph_format.first_line_indent.pt - 32) < 0.5,
          "body text is indented two characters", body[0].paragraph_format.first_line_indent)
check(date in texts, f"the date reads {date}", [t for t in texts if "年" in t][-3:])
if date in texts:
    p = paras[len(texts) - 1 - texts[::-1].index(date)]
    check(p.alignment == 2 and abs(p.paragraph_format.right_indent.pt - 64) < 0.5,
          "the date is at the right with four characters' space")
check(re.fullmatch(r"\d{4}年[1-9]\d?月[1-9]\d?日", date) is not None, "no leading zeros", date)
cells = lambda t: [c.text for row in t.rows for c in row.cells]
receipt = [t for t in d.tables if {"单位", "签收人", "签收日期", "联系电话"} <= set(cells(t))]
check(len(receipt) == 1, "the 签收回执 table has its four labels")
check("签收回执" in texts, "the 签收回执 heading is there")
items = d.tables[0]
hdr = items.rows[0]._tr.trPr
check(hdr is not None and hdr.find(qn("w:tblHeader")) is not None, "the items' header row repeats")
for name, f in [("odd", s.footer), ("even", s.even_page_footer)]:
    xml = f._element.xml
    check(" PAGE " in xml and "fldChar" in xml, f"the {name} footer holds a PAGE field")
check(d.settings.odd_and_even_pages_header_footer, "odd and even pages have their own footers")
PYEOF
  )
}

# docx_text FILE: every paragraph and cell of FILE (python-docx), one line.
docx_text() { "$PY" -c 'import docx,sys; d=docx.Document(sys.argv[1]); print("\n".join([p.text for p in d.paragraphs]+[c.text for t in d.tables for r in t.rows for c in r.cells]))' "$1"; }

# same DESC WANT GOT
same() {
  if [[ "$2" == "$3" ]]; then pass "$1"; else fail "$1" "expected: $2" "got:      $3"; fi
}

number_of() { docx_text "$1" | grep -Eo '^督催〔[0-9]+〕[0-9]+号$'; }

# ---------------------------------------------------------------- a first run

use_fixture chase
run remind --as-of 2025-10-13 --format docx --out notices
expect_exit 0 "remind --format docx exits 0"
expect_stdout_line "notices/2025-10-13-城东区.docx"
expect_stdout_line "notices/2025-10-13-市城管局.docx"
expect_file_exists notices/2025-10-13-市水务局.docx
if unzip -tq notices/2025-10-13-市水务局.docx >/dev/null 2>&1; then pass "unzip -t passes"; else
  fail "unzip -t passes" "$(unzip -t notices/2025-10-13-市水务局.docx 2>&1 | tail -3)"
fi
expect_file_line numbers.yaml "督催:"
expect_file_line numbers.yaml "  2025: 5"
check_docx notices/2025-10-13-城东区.docx "督催〔2025〕1号" 城东区 2025年10月13日
check_docx notices/2025-10-13-市城管局.docx "督催〔2025〕5号" 市城管局 2025年10月13日
if [[ -n "$HAVE_DOCX" ]]; then
  # One number a notice, in the order of the notices.
  got=""
  for u in 城东区 市水务局 市发改委 市住建局 市城管局; do
    got+="$(number_of "notices/2025-10-13-$u.docx") "
  done
  same "the numbers go up one a notice" "督催〔2025〕1号 督催〔2025〕2号 督催〔2025〕3号 督催〔2025〕4号 督催〔2025〕5号 " "$got"
fi

# ---------------------------------------------------------------- dry run, next run, --doc-no, next year

snapshot
run remind --as-of 2025-10-14 --format docx --out later --dry-run
expect_exit 0 "remind --format docx --dry-run exits 0"
expect_stderr_contains "督催〔2025〕6号"
expect_unchanged "a dry run takes no number and writes nothing"

run remind --as-of 2025-10-14 --format docx --out later --unit 市城管局
expect_exit 0
[[ -n "$HAVE_DOCX" ]] && same "the next run goes on from the last number" "督催〔2025〕6号" "$(number_of later/2025-10-14-市城管局.docx)"
expect_file_line numbers.yaml "  2025: 6"

run remind --as-of 2025-10-15 --format docx --out again --unit 市城管局 --doc-no 20
expect_exit 0
[[ -n "$HAVE_DOCX" ]] && same "--doc-no sets the number" "督催〔2025〕20号" "$(number_of again/2025-10-15-市城管局.docx)"
expect_file_line numbers.yaml "  2025: 20" "the counter moves past --doc-no"
run remind --as-of 2026-01-05 --format docx --out next-year --unit 市城管局
expect_exit 0
[[ -n "$HAVE_DOCX" ]] && same "a new year starts at 1" "督催〔2026〕1号" "$(number_of next-year/2026-01-05-市城管局.docx)"
check_docx next-year/2026-01-05-市城管局.docx "督催〔2026〕1号" 市城管局 2026年1月5日
expect_file_line numbers.yaml "  2026: 1"
expect_file_line numbers.yaml "  2025: 20" "other years keep their counter"

run remind --as-of 2025-10-13 --doc-no 3
expect_usage_error "--doc-no without --format docx|pdf is refused"
run remind --as-of 2025-10-13 --format docx
expect_usage_error "--format docx needs --out"
run remind --as-of 2025-10-13 --format docx --out x --doc-no 0
expect_usage_error "--doc-no 0 is refused"

# ---------------------------------------------------------------- numbers.yaml is untrusted

cp numbers.yaml numbers.good
printf '督催:\n  2025: many\n' > numbers.yaml
snapshot
run remind --as-of 2025-10-16 --format docx --out bad --unit 市城管局
expect_exit 3 "junk in numbers.yaml is invalid data"
expect_stderr_contains "numbers.yaml:2:"
expect_unchanged "nothing is written when numbers.yaml is junk"
printf 'a: &a [*a]\n' > numbers.yaml
run remind --as-of 2025-10-16 --format docx --out bad --unit 市城管局
expect_exit 3 "an alias cycle in numbers.yaml is refused"
cp numbers.good numbers.yaml

# A leading zero is not a number people write: 010 must not be read as octal 8.
printf '督催:\n  2025: 010\n' > numbers.yaml
run remind --as-of 2025-10-16 --format docx --out bad --unit 市城管局
expect_data_error "numbers.yaml:2:" "a number with a leading zero is refused"
cp numbers.good numbers.yaml

# ---------------------------------------------------------------- a notice that cannot be written

# One notice's path is taken by a directory: the run fails before any notice
# is written or any number taken, so no two documents ever share a number.
mkdir -p blocked/2025-10-16-市住建局.docx
snapshot
run remind --as-of 2025-10-16 --format docx --out blocked
expect_exit 4 "a notice path that is a directory is an I/O error"
expect_stderr_contains "blocked/2025-10-16-市住建局.docx"
expect_unchanged "no notice is written and no number taken when one cannot be written"
rmdir blocked/2025-10-16-市住建局.docx
run remind --as-of 2025-10-16 --format docx --out blocked
expect_exit 0 "the same run goes through once the path is free"
[[ -n "$HAVE_DOCX" ]] && same "the numbers go on from the last one given" "督催〔2025〕21号" "$(number_of blocked/2025-10-16-城东区.docx)"

# --out never names the workspace's own files or folders.
for out in tasks tasks/2025 .duban .git calendar; do
  run remind --as-of 2025-10-16 --format docx --out "$out" --unit 市城管局
  expect_usage_error "remind --out $out is refused"
done
expect_no_file tasks/2025-10-16-市城管局.docx

# ---------------------------------------------------------------- escapes

# A title with markup characters and control characters XML 1.0 forbids.
"$PY" - "$(task_file 2025-0005)" <<'PYEOF'
import sys
p = sys.argv[1]
lines = open(p, encoding="utf-8").read().split("\n")
lines = [('title: "井盖 <b>&amp; \\"x\\" \\x01\\x07\\x1f 完"' if l.startswith("title:") else l) for l in lines]
open(p, "w", encoding="utf-8").write("\n".join(lines))
PYEOF
run remind --as-of 2025-10-16 --format docx --out esc --unit 市城管局
expect_exit 0 "a title with < > & and controls is written"
if [[ -n "$HAVE_DOCX" ]]; then
  if docx_text esc/2025-10-16-市城管局.docx | grep -F '井盖 <b>&amp; "x"  完' >/dev/null; then
    pass "the title reads back as typed, controls dropped"
  else
    fail "the title reads back as typed, controls dropped" "$(docx_text esc/2025-10-16-市城管局.docx | grep 井盖)"
  fi
fi
if "$PY" -c '
import sys, zipfile, xml.dom.minidom
z = zipfile.ZipFile(sys.argv[1])
for n in z.namelist():
    if n.endswith(".xml") or n.endswith(".rels"):
        xml.dom.minidom.parseString(z.read(n))
' esc/2025-10-16-市城管局.docx; then pass "every part is well-formed XML"; else fail "every part is well-formed XML"; fi

# ---------------------------------------------------------------- PDF

if command -v soffice >/dev/null; then
  run remind --as-of 2025-10-17 --format pdf --out pdf --unit 市城管局
  expect_exit 0 "remind --format pdf exits 0"
  pdf=pdf/2025-10-17-市城管局.pdf
  if [[ "$(head -c 4 "$pdf" 2>/dev/null)" == "%PDF" ]]; then pass "the PDF starts with %PDF"; else fail "the PDF starts with %PDF"; fi
  expect_no_file pdf/2025-10-17-市城管局.docx
  if command -v pdftoppm >/dev/null; then
    if pdftoppm -png -r 50 -f 1 -l 1 "$pdf" page && [[ -s page-1.png ]]; then pass "pdftoppm renders page 1"; else fail "pdftoppm renders page 1"; fi
  else
    echo "SKIP: no pdftoppm (apt install poppler-utils)"
  fi
else
  echo "SKIP: soffice is not installed; only the error without it is checked"
fi
# Without soffice on PATH: a clear error naming the package, exit 4, nothing written.
mkdir -p nobin
ln -sf "$(command -v git)" nobin/git
snapshot
run_env PATH="$PWD/nobin" -- remind --as-of 2025-10-18 --format pdf --out pdf2 --unit 市城管局
expect_exit 4 "--format pdf without LibreOffice is exit 4"
expect_stderr_contains "sudo apt install libreoffice-writer-nogui"
expect_unchanged "nothing is written or numbered without LibreOffice"

finish
