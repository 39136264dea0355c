#!/usr/bin/python3
"""Fill in a 反馈表 (duban remind --format xlsx) as a unit's liaison would.

fill_form.py FILE [--edit-protected] [--csv OUT] CELL=VALUE ...

CELL is a cell of the visible sheet, e.g. G4. VALUE is text, or
  date:YYYY-MM-DD  a date cell,
  num:N            a number cell,
  pct:N            a number cell formatted as a percent (0.8 shows 80%).
Cells A to F are protected: editing one needs --edit-protected, which also
lifts the sheet's protection. --csv OUT then writes the visible sheet as CSV,
as a spreadsheet saves it (dates YYYY-MM-DD, percent cells as 80%).
"""
import csv
import datetime
import sys

import openpyxl


def value_of(text):
    if text.startswith("date:"):
        return datetime.datetime.strptime(text[5:], "%Y-%m-%d"), "yyyy-mm-dd"
    if text.startswith("num:"):
        return float(text[4:]), None
    if text.startswith("pct:"):
        return float(text[4:]), "0%"
    return text, None


def shown(cell):
    v = cell.value
    if v is None:
        return ""
    if isinstance(v, (datetime.datetime, datetime.date)):
        return v.strftime("%Y-%m-%d")
    number = isinstance(v, (int, float)) and not isinstance(v, bool)
    if number and "%" in (cell.number_format or ""):
        return f"{round(v * 100)}%"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def main(argv):
    path, args = argv[1], argv[2:]
    edit_protected = "--edit-protected" in args
    csv_out = None
    if "--csv" in args:
        i = args.index("--csv")
        csv_out = args[i + 1]
        del args[i : i + 2]
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    for a in args:
        if a == "--edit-protected":
            continue
        cell, _, text = a.partition("=")
        if cell[0] in "ABCDEF" and not edit_protected:
            sys.exit(f"fill_form.py: {cell} is protected; give --edit-protected")
        value, fmt = value_of(text)
        ws[cell].value = value
        if fmt:
            ws[cell].number_format = fmt
    if edit_protected:
        ws.protection.sheet = False
    wb.save(path)
    if csv_out:
        with open(csv_out, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            for row in ws.iter_rows(min_row=1, max_row=ws.max_row, max_col=14):
                w.writerow([shown(c) for c in row])


if __name__ == "__main__":
    main(sys.argv)
