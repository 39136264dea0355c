"""Read an .xlsx that duban wrote, independently of duban (openpyxl).

  xlsx_table.py same FILE CSV [--unguard] [--drop HEADER]...
      The first sheet's header row and rows hold what the CSV holds: dates as
      yyyy-mm-dd, whole numbers as digits, percent cells as the fraction with 4
      decimals, blanks as "". --unguard drops the ' the CSV export puts before
      = + - @; --drop leaves a column of the sheet out of the comparison.
  xlsx_table.py eval FILE EXPR
      EXPR (Python) is true of the workbook; names: wb, ws (the first sheet),
      header_row (1-based: the row above the frozen pane), titles, header,
      column(NAME) (cells below the header), width(NAME), formulas (cells of
      every sheet holding a formula), east_width(TEXT) (CJK counts 2).
Exit 1 with a message when not.
"""

import csv
import datetime
import sys
import unicodedata
import zipfile

import openpyxl
from openpyxl.utils import get_column_letter


def load(path):
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    pane = ws.freeze_panes
    header_row = (ws[pane].row - 1) if pane else 1
    return wb, ws, header_row


def as_text(cell):
    v = cell.value
    if v is None:
        return ""
    if isinstance(v, datetime.datetime):
        return v.date().isoformat()
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        if "%" in cell.number_format:
            return f"{v:.4f}"
        if float(v).is_integer():
            return str(int(v))
        return repr(v)
    return v


def east_width(text):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def same(path, csv_path, unguard, drop):
    _, ws, header_row = load(path)
    rows = [[as_text(c) for c in r] for r in ws.iter_rows(min_row=header_row)]
    keep = [i for i, h in enumerate(rows[0]) if h not in drop]
    sheet = [[r[i] for i in keep] for r in rows]
    with open(csv_path, newline="", encoding="utf-8-sig") as f:
        want = list(csv.reader(f))
    if unguard:
        want = [want[0]] + [[c[1:] if c[:2] in ("'=", "'+", "'-", "'@") else c for c in r]
                            for r in want[1:]]
    if sheet != want:
        for i, (a, b) in enumerate(zip(sheet, want)):
            if a != b:
                print(f"row {i + header_row}: sheet {a}\n      csv   {b}")
                break
        else:
            print(f"{len(sheet)} rows in the sheet, {len(want)} in the CSV")
        sys.exit(1)


def evaluate(path, expr):
    wb, ws, header_row = load(path)
    header = [c.value for c in ws[header_row]]
    titles = [ws.cell(row=r, column=1).value for r in range(1, header_row)]

    def index(name):
        return header.index(name) + 1

    def column(name):
        i = index(name)
        return [ws.cell(row=r, column=i) for r in range(header_row + 1, ws.max_row + 1)]

    def width(name):
        dim = ws.column_dimensions.get(get_column_letter(index(name)))
        return dim.width if dim is not None and dim.customWidth else None

    formulas = [c.coordinate for s in wb.worksheets for r in s.iter_rows() for c in r
                if c.data_type == "f"]
    with zipfile.ZipFile(path) as z:  # and no <f> element in any sheet's XML
        formulas += [n for n in z.namelist()
                     if n.startswith("xl/worksheets/")
                     and (b"<f>" in z.read(n) or b"<f " in z.read(n))]
    names = dict(wb=wb, ws=ws, header_row=header_row, titles=titles, header=header,
                 column=column, width=width, formulas=formulas, east_width=east_width,
                 datetime=datetime)
    value = eval(expr, names)  # noqa: S307 - the test's own expression
    if not value:
        print(f"false: {expr}")
        sys.exit(1)


def main(argv):
    if argv[1] == "same":
        drop = [argv[i + 1] for i, a in enumerate(argv) if a == "--drop"]
        same(argv[2], argv[3], "--unguard" in argv, drop)
    elif argv[1] == "eval":
        evaluate(argv[2], argv[3])
    else:
        sys.exit(f"unknown command {argv[1]}")


if __name__ == "__main__":
    main(sys.argv)
