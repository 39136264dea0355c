#!/usr/bin/python3
"""Reads a bulletin .docx (report --format docx) with python-docx, as Word
would, and checks one thing against duban's JSON.

    bulletin_docx.py CHECK DOCX [JSON...]

Exit 0 when the check holds, 1 with a message when not, 3 when python-docx
is missing (the suite prints SKIP).
"""
import json
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

try:
    import docx
    from docx.shared import Mm
    from docx.enum.text import WD_ALIGN_PARAGRAPH
except ImportError:
    sys.exit(3)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
ZH_NUMBERS = "一二三四"
METRICS = {"交办总数": "total", "新增": "new", "办结": "closed", "按时办结": "closed_on_time",
           "超时办结": "closed_late", "在办": "open", "超期未办结": "overdue",
           "办结率": "completion_rate", "按时办结率": "on_time_rate"}


def fail(msg):
    print(msg)
    sys.exit(1)


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def texts(d):
    return [p.text for p in d.paragraphs]


def rate(r):
    return "—" if r is None else f"{r * 100:.1f}%"


def cell(m, key):
    return rate(m[key]) if key.endswith("_rate") else str(m[key])


def table_starting(d, first):
    for t in d.tables:
        if t.rows and t.rows[0].cells[0].text == first:
            return [[c.text for c in row.cells] for row in t.rows]
    fail(f"no table whose first header is {first}; tables: "
         f"{[t.rows[0].cells[0].text for t in d.tables if t.rows]}")


def long_date(iso):
    y, m, dd = (int(x) for x in iso.split("-"))
    return f"{y}年{m}月{dd}日"


def period_name(frm, to):
    """The period as the bulletin names it, worked out here on its own."""
    import calendar
    fy, fm, fd = (int(x) for x in frm.split("-"))
    ty, tm, td = (int(x) for x in to.split("-"))
    month_end = calendar.monthrange(ty, tm)[1]
    whole_to = td == month_end
    if fd == 1 and whole_to and fy == ty:
        if fm == 1 and tm == 12:
            return f"{fy}年"
        if fm % 3 == 1 and tm == fm + 2:
            return f"{fy}年第{ZH_NUMBERS[(fm - 1) // 3]}季度"
        if fm == tm:
            return f"{fy}年{fm}月"
    if frm == to:
        return long_date(frm)
    if fy != ty:
        end = long_date(to)
    elif fm != tm:
        end = f"{tm}月{td}日"
    else:
        end = f"{td}日"
    return f"{long_date(frm)}至{end}"


def check_opens(d, _):
    if not d.paragraphs:
        fail("no paragraphs")


def check_page(d, _):
    s = d.sections[0]
    want = {"page_width": 210, "page_height": 297, "top_margin": 37, "bottom_margin": 35,
            "left_margin": 28, "right_margin": 26}
    for attr, mm in want.items():
        got = getattr(s, attr)
        if got is None or abs(got - Mm(mm)) > Mm(0.5):
            fail(f"{attr}: want {mm} mm, got {None if got is None else got.mm:.1f} mm")


def check_issue(d, args):
    want = f"第{args[0]}期"
    found = [t.strip() for t in texts(d) if re.fullmatch(r"\s*第\d+期\s*", t)]
    if found != [want]:
        fail(f"issue line: want [{want}], got {found}")


def check_period(d, args):
    r = load(args[0])
    p = period_name(r["from"], r["to"])
    ps = texts(d)
    title = f"关于{p}督查事项办理情况的通报"
    if title not in [t.strip() for t in ps]:
        fail(f"no title paragraph {title}")
    if not any(f"现将{p}督查事项办理情况通报如下" in t for t in ps):
        fail(f"no opening naming {p}")


def check_totals(d, args):
    m = load(args[0])["totals"]
    rows = table_starting(d, "交办总数")
    header, values = rows[0], rows[1]
    got = {METRICS[h]: v for h, v in zip(header, values)}
    want = {k: cell(m, k) for k in METRICS.values()}
    if got != want:
        fail(f"totals table: want {want}, got {got}")
    prose = next((t for t in texts(d) if "纳入统计的督查事项共" in t), "")
    pat = (r"共(\d+)项，其中本期新增(\d+)项；本期办结(\d+)项，其中按时办结(\d+)项、超时办结(\d+)项；"
           r"在办(\d+)项，其中超期未办结(\d+)项。办结率([\d.]+%|—)，按时办结率([\d.]+%|—)")
    hit = re.search(pat, prose)
    if not hit:
        fail(f"no totals sentence: {prose!r}")
    keys = ["total", "new", "closed", "closed_on_time", "closed_late", "open", "overdue",
            "completion_rate", "on_time_rate"]
    said = dict(zip(keys, hit.groups()))
    if said != want:
        fail(f"totals sentence: want {want}, got {said}")


def check_units(d, args):
    r = load(args[0])
    rows = table_starting(d, "单位")
    header = rows[0]
    keys = [METRICS[h] for h in header[1:]]
    want = [[g["key"] or "（未指定）"] + [cell(g, k) for k in keys] for g in r["groups"]]
    want.append(["合计"] + [cell(r["totals"], k) for k in keys])
    if rows[1:] != want:
        fail(f"unit table: want {want}, got {rows[1:]}")


def check_overdue(d, args):
    r, od = load(args[0]), load(args[1])
    rows = table_starting(d, "编号")[1:]
    mine = [(row[0], row[1], row[2], row[3], int(row[4])) for row in rows]
    want = [(o["id"], o["title"], o["lead"] or "", o["due"], o["days_overdue"])
            for o in r["overdue"]]
    if mine != want:
        fail(f"overdue table vs report JSON: want {want}, got {mine}")
    listed = sorted((i["id"], i["due"], i["days_overdue"]) for i in od["items"]
                    if i["light"] == "red" and i["due"] and i["due"] < r["to"])
    if sorted((m[0], m[3], m[4]) for m in mine) != listed:
        fail(f"overdue table vs overdue --as-of {od['as_of']}: want {listed}, got {mine}")


def check_chart(path, args):
    r = load(args[0])
    with zipfile.ZipFile(path) as z:
        if "word/charts/chart1.xml" not in z.namelist():
            fail(f"no word/charts/chart1.xml in {z.namelist()}")
        root = ET.fromstring(z.read("word/charts/chart1.xml"))
    series = root.findall(f".//{C}ser")
    if not series:
        fail("no series in the chart")
    want_cats = [g["key"] or "（未指定）" for g in r["groups"]]
    values = {}
    for s in series:
        cats = [v.text for v in s.findall(f"{C}cat//{C}pt/{C}v")]
        if cats != want_cats:
            fail(f"chart categories: want {want_cats}, got {cats}")
        name = "".join(v.text or "" for v in s.findall(f"{C}tx//{C}v"))
        values[name] = [float(v.text) for v in s.findall(f"{C}val//{C}pt/{C}v")]
    for name, key in (("办结", "closed"), ("超期未办结", "overdue")):
        want = [float(g[key]) for g in r["groups"]]
        if values.get(name) != want:
            fail(f"chart series {name}: want {want}, got {values.get(name)}")


def right_chars(p):
    ind = p._p.find(f"{W}pPr/{W}ind")
    if ind is None:
        return 0
    if ind.get(f"{W}rightChars") is not None:
        return int(ind.get(f"{W}rightChars")) / 100
    right = ind.get(f"{W}right") or ind.get(f"{W}end")
    return int(right) / 320 if right else 0  # twentieths of a point, 16 pt a character


def check_date(d, args):
    want = long_date(args[0])
    if not re.fullmatch(r"\d{4}年[1-9]\d?月[1-9]\d?日", want):
        fail(f"bad expected date {want}")
    body = [p for p in d.paragraphs if p.text.strip()]
    last, office = body[-1], body[-2]
    if last.text.strip() != want:
        fail(f"last paragraph: want {want}, got {last.text!r}")
    if last.alignment != WD_ALIGN_PARAGRAPH.RIGHT:
        fail(f"the date is not right-aligned: {last.alignment}")
    if abs(right_chars(last) - 4) > 0.1:
        fail(f"the date's right indent: want 4 characters, got {right_chars(last)}")
    if office.text.strip() != args[1]:
        fail(f"the signature: want {args[1]}, got {office.text!r}")


def main():
    name, path, args = sys.argv[1], sys.argv[2], sys.argv[3:]
    if name == "chart":
        check_chart(path, args)
        return
    d = docx.Document(path)
    globals()["check_" + name](d, args)


main()
