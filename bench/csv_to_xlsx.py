#!/usr/bin/python3
"""Turn a ledger CSV (gen_import_csv.py) into the .xlsx an office would keep:
a merged title row above the header, dates as date cells, the rest as text.

  csv_to_xlsx.py rows.csv rows.xlsx

Needs python3-openpyxl (Debian).
"""

import csv
import datetime
import re
import sys

import openpyxl

DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def cell_value(text):
    m = DATE.match(text)
    if m:
        return datetime.date(int(m[1]), int(m[2]), int(m[3]))
    return text


def main():
    src, out = sys.argv[1], sys.argv[2]
    with open(src, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    wb = openpyxl.Workbook(write_only=False)
    ws = wb.active
    ws.title = "台账"
    ws.append(["江北市人民政府督查室 督查事项台账"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(rows[0]))
    ws.append(rows[0])
    for row in rows[1:]:
        ws.append([cell_value(c) for c in row])
    for r in ws.iter_rows(min_row=3):
        for c in r:
            if isinstance(c.value, datetime.date):
                c.number_format = "yyyy-mm-dd"
    wb.save(out)


if __name__ == "__main__":
    main()
