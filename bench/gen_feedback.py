#!/usr/bin/env python3
"""Inputs of bench_feedback.sh: an office of UNITS units with TASKS open tasks each.

  gen_feedback.py units UNITS > units.yaml
  gen_feedback.py rows UNITS TASKS > rows.csv     (for `duban import`)
  gen_feedback.py fill FORM.xlsx...                (needs python3-openpyxl)

`units` writes units.yaml (市单位001 … with an alias each); `rows` writes TASKS
rows per unit, registered 2025-09-01, all due before 2025-10-15 (the benchmark's
today) so every task is red and on its unit's form; `fill` fills every task row
of each form the way a liaison would: progress text and percent on every row,
是 on every tenth, an extension request on every seventh. Same output for the
same arguments.
"""

import csv
import datetime
import sys


def unit_name(i):
    return f"市单位{i:03d}"


def units(n):
    out = ["units:"]
    for i in range(1, n + 1):
        out += [f"  - name: {unit_name(i)}", "    aliases:", f"      - 单位{i:03d}",
                "    kind: department"]
    print("\n".join(out))


def rows(n_units, n_tasks):
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(["事项名称", "来源", "牵头单位", "立项日期", "办结时限"])
    start = datetime.date(2025, 9, 1)
    for u in range(1, n_units + 1):
        for t in range(1, n_tasks + 1):
            due = start + datetime.timedelta(days=10 + (u * 7 + t) % 30)
            w.writerow([f"{unit_name(u)}第{t}项督办事项：推进重点项目建设", "领导批示",
                        unit_name(u), start.isoformat(), due.isoformat()])


def fill(paths):
    import openpyxl
    for path in paths:
        wb = openpyxl.load_workbook(path)
        ws = wb["反馈表"]
        n = 0
        for row in range(4, ws.max_row + 1):
            if not ws.cell(row, 1).value:
                continue
            n += 1
            ws.cell(row, 7).value = f"已召开专题会议研究推进，第{n}项完成主体工作。"
            ws.cell(row, 8).value = (n * 13) % 100
            if n % 10 == 0:
                ws.cell(row, 9).value = "是"
                ws.cell(row, 10).value = "已按要求完成。"
            elif n % 7 == 0:
                ws.cell(row, 11).value = datetime.datetime(2025, 12, 31)
                ws.cell(row, 12).value = "需等待省级部门批复。"
            ws.cell(row, 13).value = "王芳"
            ws.cell(row, 14).value = "0571-87001234"
        wb.save(path)


def main():
    what = sys.argv[1]
    if what == "units":
        units(int(sys.argv[2]))
    elif what == "rows":
        rows(int(sys.argv[2]), int(sys.argv[3]))
    elif what == "fill":
        fill(sys.argv[2:])
    else:
        sys.exit(f"gen_feedback.py: unknown command {what}")


if __name__ == "__main__":
    main()
