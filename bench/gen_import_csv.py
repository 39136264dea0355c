#!/usr/bin/env python3
"""Write N realistic ledger rows as a CSV that `duban import` reads (SPEC §10).

The headers are the Chinese ones a supervision office's spreadsheet uses:
  事项名称,来源,文号,批示领导,牵头单位,配合单位,责任人,立项日期,办结时限,状态,办结日期,备注

Every row is valid for a workspace that knows the units: titles are unique (no
row is a duplicate of another), deadlines are never before registration, closed
rows carry their 办结日期, and kinds without a default deadline get one. The
output is the same for the same arguments (fixed seed).

  gen_import_csv.py 10000 --units office/units.yaml -o rows.csv
  gen_import_csv.py 200 --encoding gbk > ledger-gbk.csv

python3 standard library only.
"""

import argparse
import csv
import datetime
import io
import random
import re
import sys

HEADERS = ["事项名称", "来源", "文号", "批示领导", "牵头单位", "配合单位", "责任人",
           "立项日期", "办结时限", "状态", "办结日期", "备注"]

BUILTIN_UNITS = [
    "市发改委", "市财政局", "市住建局", "市城管局", "市水务局", "市教育局", "市卫健委",
    "市交通运输局", "市自然资源和规划局", "市生态环境局", "市商务局", "市农业农村局",
    "市市场监管局", "市应急管理局", "市人社局", "市民政局", "市文广旅局", "市公安局",
    "市数据局", "城东区", "城西区", "江北新区", "高新区管委会", "经开区管委会",
]

# (label, weight, needs a deadline, ref pattern)
KINDS = [
    ("领导批示", 30, False, "市政府批示〔{y}〕{n}号"),
    ("会议决定事项", 15, False, "市政府常务会议纪要〔{y}〕{n}号"),
    ("政府工作报告", 10, False, "{y}年政府工作报告任务分解第{n}项"),
    ("人大代表建议", 8, False, "人大建议第{n}号"),
    ("政协提案", 8, False, "政协提案第{n}号"),
    ("便民热线", 15, False, "12345-{y}{md}-{n:04d}"),
    ("信访", 5, False, "信访件〔{y}〕{n}号"),
    ("媒体反映", 3, False, ""),
    ("上级交办", 4, True, "省督查室交办〔{y}〕{n}号"),
    ("专项督查", 2, True, "专项督查通知〔{y}〕{n}号"),
]

LEADERS = ["张市长", "王书记", "李副市长", "赵副市长", "陈秘书长", "刘副市长"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红鹏辉建国志文斌"
AREAS = ["城东片区", "城西片区", "江北新区", "高新区", "老城区", "滨江路沿线", "火车站周边",
         "开发区", "南湖街道", "北苑社区", "中山路", "解放路", "人民公园周边", "工业园区"]
ACTIONS = ["推进", "加快", "做好", "抓好", "落实", "完善", "整治", "规范", "优化", "开展"]
OBJECTS = ["老旧小区改造", "雨污分流管网建设", "停车难问题治理", "背街小巷环境整治", "农贸市场提升改造",
           "学校周边交通秩序", "垃圾分类设施建设", "安全生产隐患排查", "营商环境优化", "政务服务一网通办",
           "防汛排涝设施建设", "公交线路调整", "夜间施工噪音管控", "餐饮油烟治理", "燃气管道更新改造",
           "充电桩布局建设", "养老服务设施建设", "历史文化街区保护", "河道清淤整治", "违法建设查处"]
NOTES = ["", "", "", "", "列入民生实事", "已纳入年度重点工作", "群众反映强烈，需加快办理",
         "需会同相关部门联合办理", "按\"一事一策\"推进", "已回访，群众满意", "分两个阶段实施，年底前完成"]
# (label, weight)
STATUSES = [("已交办", 35), ("办理中", 35), ("已办结", 25), ("暂缓", 3), ("撤销", 2)]


def read_units(path):
    """Unit names from a units.yaml (`units:` list of `- name: …`), without a YAML library."""
    names = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^\s*-\s+name:\s*(.+?)\s*$", line)
            if m:
                names.append(m.group(1).strip("'\""))
    if not names:
        sys.exit(f"{path}: no units found (expected '- name: …' lines)")
    return names


def date_text(rng, d):
    """A date in one of the forms clerks type (SPEC §6)."""
    form = rng.random()
    if form < 0.6:
        return d.isoformat()
    if form < 0.8:
        return f"{d.year}/{d.month}/{d.day}"
    if form < 0.9:
        return f"{d.year}年{d.month}月{d.day}日"
    return f"{d.year}.{d.month}.{d.day}"


def weighted(rng, items):
    return rng.choices(items, weights=[w for _, w, *rest in items])[0]


def rows(n, units, seed, year, today):
    rng = random.Random(seed)
    seen = set()
    start = datetime.date(year, 1, 2)
    span = max(1, (today - start).days - 30)
    ref_counter = {}
    for i in range(n):
        label, _, needs_due, ref_pattern = weighted(rng, KINDS)
        created = start + datetime.timedelta(days=rng.randrange(span))
        if label == "便民热线":
            title = f"12345热线：{rng.choice(AREAS)}{rng.choice(OBJECTS)}问题"
        elif label in ("人大代表建议", "政协提案"):
            title = f"关于{rng.choice(ACTIONS)}{rng.choice(AREAS)}{rng.choice(OBJECTS)}的建议"
        else:
            title = f"{rng.choice(ACTIONS)}{rng.choice(AREAS)}{rng.choice(OBJECTS)}"
        ref = ""
        if ref_pattern and rng.random() < 0.85:
            # several tasks often come from one document
            k = ref_counter.get(label, 0) + (1 if rng.random() < 0.4 else 0)
            ref_counter[label] = k
            ref = ref_pattern.format(y=year, n=k + 1, md=created.strftime("%m%d"))
        lead = rng.choice(units)
        if (ref, title) in seen or (not ref and (title, lead) in seen):
            title = f"{title}（第{i + 1}项）"
        seen.add((ref, title))
        seen.add((title, lead))
        others = [u for u in units if u != lead]
        co = rng.sample(others, k=min(len(others), rng.choice([0, 0, 1, 1, 2, 3])))
        sep = rng.choice(["、", "、", "，", "；"])
        leader = rng.choice(LEADERS) if label in ("领导批示", "会议决定事项") else ""
        owner = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2])))
        due = ""
        due_date = None
        if needs_due or rng.random() < 0.4:
            due_date = created + datetime.timedelta(days=rng.choice([7, 10, 15, 20, 30, 45, 60, 90]))
            due = date_text(rng, due_date)
        status = weighted(rng, STATUSES)[0]
        closed = ""
        if status in ("已办结", "撤销"):
            latest = min(today, created + datetime.timedelta(days=120))
            closed_date = created + datetime.timedelta(days=rng.randrange(max(1, (latest - created).days + 1)))
            closed = date_text(rng, closed_date)
            if status == "撤销" and rng.random() < 0.5:
                closed = ""
        yield [title, label, ref, leader, lead, sep.join(co), owner, date_text(rng, created), due,
               status, closed, rng.choice(NOTES)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, nargs="?", default=10000, help="number of rows (default 10000)")
    ap.add_argument("--units", help="units.yaml of the target workspace (default: a built-in list)")
    ap.add_argument("--seed", type=int, default=20250315, help="random seed (default 20250315)")
    ap.add_argument("--year", type=int, default=2025, help="year of registration (default 2025)")
    ap.add_argument("--today", default="2025-10-15", help="no date after this one (default 2025-10-15)")
    ap.add_argument("--encoding", choices=["utf-8", "gbk"], default="utf-8",
                    help="utf-8 (default) or gbk (written as GB18030, like Excel on Chinese Windows)")
    ap.add_argument("--bom", action="store_true", help="start a UTF-8 file with a byte-order mark")
    ap.add_argument("-o", "--out", help="output file (default stdout)")
    args = ap.parse_args()

    units = read_units(args.units) if args.units else BUILTIN_UNITS
    today = datetime.date.fromisoformat(args.today)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(HEADERS)
    for row in rows(args.n, units, args.seed, args.year, today):
        w.writerow(row)
    text = buf.getvalue()
    data = text.encode("gb18030") if args.encoding == "gbk" else text.encode("utf-8")
    if args.bom and args.encoding == "utf-8":
        data = b"\xef\xbb\xbf" + data
    if args.out:
        with open(args.out, "wb") as f:
            f.write(data)
    else:
        sys.stdout.buffer.write(data)


if __name__ == "__main__":
    main()
