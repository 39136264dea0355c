#!/usr/bin/env python3
"""Fill in a 反馈表 (feedback form) the way a unit's liaison does, with openpyxl.

  liaison.py FORM [ID COL=VALUE...]... [--copy FROM-FORM ID] [--out COPY]

Each ID names the row whose column A holds that task id; COL=VALUE sets the
cell of column COL (a letter) on it: `int:80` a number, `date:2025-12-31` a
date cell, anything else text. --copy appends to FORM the row of task ID
from another unit's form, as a liaison pasting the wrong row would. The
form is saved in place, or as COPY with --out. Protection is not lifted:
openpyxl writes locked cells as any program whose user unprotected the
sheet would.
"""

import datetime
import sys

import openpyxl


def value_of(text):
    if text.startswith("int:"):
        return int(text[4:])
    if text.startswith("date:"):
        return datetime.datetime.strptime(text[5:], "%Y-%m-%d")
    return text


def row_of(ws, task_id):
    for row in range(4, ws.max_row + 1):
        if ws.cell(row, 1).value == task_id:
            return row
    sys.exit(f"liaison.py: no row for {task_id}")


def main(argv):
    path, out = argv[0], argv[0]
    wb = openpyxl.load_workbook(path)
    ws = wb["反馈表"]
    args = argv[1:]
    row = None
    while args:
        a = args.pop(0)
        if a == "--out":
            out = args.pop(0)
        elif a == "--copy":
            other = openpyxl.load_workbook(args.pop(0))["反馈表"]
            source = row_of(other, args.pop(0))
            target = ws.max_row + 1
            for col in range(1, 15):
                ws.cell(target, col).value = other.cell(source, col).value
        elif "=" in a and row is not None:
            col, _, text = a.partition("=")
            ws[f"{col}{row}"].value = value_of(text)
        else:
            row = row_of(ws, a)
    wb.save(out)


if __name__ == "__main__":
    main(sys.argv[1:])
