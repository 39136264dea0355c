"""Check a 反馈表 that `duban remind --format xlsx` wrote, independently of
duban (openpyxl), against the layout of duban-remind(1), FORMS.

  form_check.py FILE UNIT NUMBER AS_OF REPLY_BY CO OVERDUE_JSON EXPORT_JSON

OVERDUE_JSON is `duban overdue --as-of AS_OF --format json` (the items, their
deadline in force, light and lateness), EXPORT_JSON `duban export --format
json` (uid, title, log). CO is 1 when the notice went to UNIT with --unit (its
co-operated tasks follow those it leads), else 0. Prints one line per fact:
"PASS what" or "FAIL what: detail".
"""

import datetime
import json
import re
import sys
import unicodedata
import zipfile

import openpyxl

HEADERS = ["编号", "事项", "办结时限", "最近反馈", "反馈日期", "亮灯", "进展情况",
           "完成比例", "是否办结", "办结情况", "申请延期至", "延期理由", "填报人", "联系电话"]
LIGHTS = {"red": "红灯", "yellow": "黄灯", "green": "绿灯"}
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def check(ok, what, detail=""):
    print(("PASS " if ok else "FAIL ") + what + ("" if ok else ": " + str(detail)))


def east_width(text):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def cell_text(text):
    """What a cell holds of user text (as duban's other spreadsheets): CRLF as a
    line break; other C0 controls and DEL in caret notation (BEL as ^G, ESC as
    ^[), C1 and bidirectional controls as ?, U+2028 and U+2029 as a space."""
    if text is None:
        return None
    out = []
    for ch in text.replace("\r\n", "\n"):
        c = ord(ch)
        if ch in "\n\t":
            out.append(ch)
        elif c < 0x20 or c == 0x7F:
            out.append("^" + chr(c ^ 0x40))
        elif 0x80 <= c < 0xA0 or 0x202A <= c <= 0x202E or 0x2066 <= c <= 0x2069:
            out.append("?")
        elif c in (0x2028, 0x2029):
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def day(cell):
    v = cell.value
    return v.date().isoformat() if isinstance(v, datetime.datetime) else None


def expected_rows(unit, overdue, export, co, as_of):
    tasks = {t["id"]: t for t in export}
    items = overdue["items"]
    rows = [(i, False) for i in items if i["lead"] == unit]
    if co:
        rows += [(i, True) for i in items if i["lead"] != unit and unit in i["co"]]
    out = []
    for item, is_co in rows:
        t = tasks[item["id"]]
        progress = [e for e in t["log"] if e["type"] == "progress" and e["date"] <= as_of]
        last = progress[-1] if progress else None
        light = LIGHTS.get(item["light"], "")
        if item["feedback_late"]:
            light = light + "；报送超时" if light else "报送超时"
        out.append({"id": t["id"], "uid": t["uid"], "title": cell_text(t["title"]), "co": is_co,
                    "due": item["due"], "progress": cell_text(last["text"]) if last else None,
                    "progress_on": last["date"] if last else None, "light": light})
    return out


def main():
    path, unit, number, as_of, reply_by, co, overdue_path, export_path = sys.argv[1:9]
    overdue = json.load(open(overdue_path, encoding="utf-8"))
    export = json.load(open(export_path, encoding="utf-8"))
    want = expected_rows(unit, overdue, export, co == "1", as_of)
    n = len(want)
    last = 3 + n

    with zipfile.ZipFile(path) as z:
        check(z.testzip() is None, "zipfile testzip passes")
        sheets_xml = [z.read(name).decode("utf-8") for name in z.namelist()
                      if name.startswith("xl/worksheets/")]
    check(not any("<f>" in x or "<f " in x for x in sheets_xml), "no <f> element in any sheet's XML")

    wb = openpyxl.load_workbook(path)
    check(wb.sheetnames == ["反馈表", "duban"], "two sheets, 反馈表 then duban", wb.sheetnames)
    ws, data = wb.worksheets[0], wb.worksheets[1]
    check(ws.sheet_state == "visible" and data.sheet_state == "hidden",
          "反馈表 is visible, duban hidden", (ws.sheet_state, data.sheet_state))
    check(wb.active.title == "反馈表", "the active sheet is 反馈表", wb.active.title)
    formulas = [c.coordinate for s in wb.worksheets for r in s.iter_rows() for c in r
                if c.data_type == "f"]
    check(formulas == [], "no cell holds a formula", formulas)
    controls = [c.coordinate for s in wb.worksheets for r in s.iter_rows() for c in r
                if isinstance(c.value, str) and CONTROL.search(c.value)]
    check(controls == [], "no cell holds a control character", controls)

    # Title rows.
    check(ws["A1"].value == "督查事项反馈表" and ws["A1"].font.b, "A1 is the bold title",
          ws["A1"].value)
    check(ws["A1"].font.sz is not None and ws["A1"].font.sz > 11, "the title is larger",
          ws["A1"].font.sz)
    merged = sorted(str(r) for r in ws.merged_cells.ranges)
    check(merged == sorted(["A1:N1", "A2:D2", "E2:G2", "H2:J2", "K2:N2"]),
          "merged A1:N1, A2:D2, E2:G2, H2:J2, K2:N2", merged)
    row2 = [ws["A2"].value, ws["E2"].value, ws["H2"].value, ws["K2"].value]
    check(row2 == ["填报单位：" + cell_text(unit), "通知号：" + number, "截至：" + as_of,
                   "报送期限：" + reply_by], "row 2 names unit, number, as-of and reply-by", row2)
    check(all(ws[c].data_type == "s" for c in ("A2", "E2", "H2", "K2")), "row 2 is text")
    header = [c.value for c in ws[3]]
    check(header == HEADERS, "row 3 holds the 14 headers", header)

    # Task rows.
    check(ws.max_row == last, f"one row per task: rows 4..{last}", ws.max_row)
    got_ids = [ws.cell(row=r, column=1).value for r in range(4, last + 1)]
    check(got_ids == [w["id"] for w in want], "the notice's tasks, led first, then co-operated",
          (got_ids, [w["id"] for w in want]))
    for k, w in enumerate(want):
        r = 4 + k
        a, b, c, d, e, f = (ws.cell(row=r, column=i) for i in range(1, 7))
        tag = f"row {r} ({w['id']})"
        check(a.data_type == "s" and a.value == w["id"], f"{tag}: the id is text", a.data_type)
        check(b.data_type == "s" and b.value == w["title"] + ("（配合）" if w["co"] else ""),
              f"{tag}: the title{' marked （配合）' if w['co'] else ''}", b.value)
        check(day(c) == w["due"] and c.number_format == "yyyy-mm-dd",
              f"{tag}: the deadline in force is a date cell", (c.value, c.number_format))
        check(d.value == w["progress"], f"{tag}: the latest progress text", (d.value, w["progress"]))
        check(day(e) == w["progress_on"] and (e.value is None or e.number_format == "yyyy-mm-dd"),
              f"{tag}: its date is a date cell or empty", e.value)
        check(f.value == w["light"], f"{tag}: the light", (f.value, w["light"]))
        empty = [ws.cell(row=r, column=i).value for i in range(7, 15)]
        check(empty == [None] * 8, f"{tag}: G..N are empty", empty)
        locked = [ws.cell(row=r, column=i).protection.locked for i in range(1, 15)]
        check(locked == [True] * 6 + [False] * 8, f"{tag}: A..F locked, G..N unlocked", locked)
        wraps = [ws.cell(row=r, column=i).alignment.wrap_text for i in (2, 4, 7, 10, 12)]
        check(all(wraps), f"{tag}: B, D, G, J, L wrap", wraps)
    check(all(c.protection.locked for c in ws[3]), "the header row is locked")
    below = [ws.cell(row=last + 1, column=i).protection.locked for i in range(7, 15)]
    check(all(below), "no unlocked cell below the task rows", below)

    # Sheet settings.
    check(ws.freeze_panes == "C4", "frozen below row 3 and right of column B", ws.freeze_panes)
    p = ws.protection
    check(p.sheet and not p.password, "the sheet is protected, without a password",
          (p.sheet, p.password))
    check(not p.formatColumns and not p.formatRows, "columns and rows may be resized",
          (p.formatColumns, p.formatRows))
    check(not p.selectLockedCells and not p.selectUnlockedCells, "every cell may be selected")
    widths = {k: v.width for k, v in ws.column_dimensions.items()}
    titles = [w["title"] + ("（配合）" if w["co"] else "") for w in want]
    check(widths.get("B", 0) >= min(50, max([east_width(t) for t in titles] + [4]) + 2),
          "column B fits the titles (CJK counts 2), up to 50", widths.get("B"))
    check(all(widths.get(col, 0) >= 10 for col in "CE"), "date columns show yyyy-mm-dd", widths)
    check(all(widths.get(col, 0) >= east_width(h) + 2 for col, h in zip("ABCDEFGHIJKLMN", HEADERS)),
          "every column shows its header", widths)

    # Data validation.
    dvs = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    rng = lambda col: f"{col}4:{col}{last}" if n > 1 else f"{col}4"
    check(sorted(dvs) == sorted([rng("H"), rng("I"), rng("K")]),
          "validations on H, I and K of the task rows", sorted(dvs))
    h, i, k = dvs.get(rng("H")), dvs.get(rng("I")), dvs.get(rng("K"))
    check(h is not None and h.type == "whole" and h.operator in (None, "between")
          and h.formula1 == "0" and h.formula2 == "100", "H: a whole number 0-100")
    check(i is not None and i.type == "list" and i.formula1 == '"是,否"', "I: the list 是,否",
          i.formula1 if i else None)
    serial = (datetime.date.fromisoformat(as_of) - datetime.date(1899, 12, 30)).days
    check(k is not None and k.type == "date" and k.operator == "greaterThanOrEqual"
          and k.formula1 == str(serial), f"K: a date on or after {as_of}",
          (k.type, k.operator, k.formula1) if k else None)
    check(k is not None and k.prompt == "日期格式 YYYY-MM-DD" and k.showInputMessage,
          "K: the input message 日期格式 YYYY-MM-DD", k.prompt if k else None)
    check(all(v.showErrorMessage and v.errorStyle in (None, "stop") for v in dvs.values()),
          "anything else is refused with an error")

    # The hidden originals.
    cells = [[c.value for c in r] for r in data.iter_rows()]
    head = [r[:2] for r in cells[:5]]
    check(head == [["duban-feedback-form", "1"], ["unit", cell_text(unit)], ["notice", number],
                   ["as_of", as_of], ["reply_by", reply_by]], "duban: mark, version, unit, "
          "notice, dates", head)
    check(cells[6][:6] == ["row", "id", "uid", "title", "due", "co"], "duban: row 7 names columns",
          cells[6] if len(cells) > 6 else None)
    rows = [r[:6] for r in cells[7:]]
    originals = [[str(4 + k), w["id"], w["uid"], w["title"], w["due"], "1" if w["co"] else "0"]
                 for k, w in enumerate(want)]
    check(rows == originals, "duban: one row per task row, matching the tasks",
          (rows, originals))
    check(all(c.data_type == "s" for r in data.iter_rows() for c in r if c.value is not None),
          "duban: every cell is text")


if __name__ == "__main__":
    main()
