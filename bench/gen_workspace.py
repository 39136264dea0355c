#!/usr/bin/env python3
"""Generate a realistic duban workspace of N tasks for the benchmark.

    python3 bench/gen_workspace.py OUT_DIR --tasks 100000 [--seed 42]
        [--today 2025-12-01] [--first-year 2005] [--tw-json FILE]

Python standard library only. The same arguments always give the same files.

The workspace imitates examples/office exactly: duban.yaml and calendar/ are
copied from it, units.yaml is its 27 units plus 3 more (30, with aliases,
liaison and phone), and every tasks/YYYY/YYYY-NNNN.yaml is written in duban's
canonical form (fixed key order, block-style lists, UTF-8, LF, final newline).

Tasks are spread evenly over the years first-year .. today's year (by default
about 4,800 a year, so 100k tasks cover 2005-2025), with a log of 2-8 entries
(assign, progress with percent, remind, extend with from/to, escalate with
level/name, done with result, return, recheck, cancel, suspend, note) and a
status that agrees with the log as of --today (what `duban check` verifies).

--tw-json also writes the same tasks as a Taskwarrior 2.6 import file
(description, status, entry, due, end, project = lead unit), with every date
shifted by --tw-shift-days so that Taskwarrior, which has no fixed "today",
sees the same overdue picture on the real date as duban does on --today.
"""

import argparse
import datetime as dt
import json
import os
import random
import re
import shutil
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLE = os.path.join(HERE, "..", "examples", "office")

# ---------------------------------------------------------------- YAML text

_RESERVED = {"true", "True", "TRUE", "false", "False", "FALSE", "yes", "Yes", "YES", "no", "No",
             "NO", "on", "On", "ON", "off", "Off", "OFF", "null", "Null", "NULL", "~",
             "y", "Y", "n", "N"}
_NUMERIC = re.compile(
    r"[-+]?([0-9][0-9_]*|0x[0-9a-fA-F_]+|0o?[0-7_]+|([0-9][0-9_]*)?\.[0-9_]*([eE][-+]?[0-9]+)?|"
    r"[0-9][0-9_]*([eE][-+]?[0-9]+)|[0-9]+(:[0-5]?[0-9])+|\.(inf|Inf|INF|nan|NaN|NAN))|"
    r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?")
_BAD_FIRST = "-?:,[]{}#&*!|>'\"%@` \t"


def yq(s):
    """duban's yaml_scalar(): plain unless the text needs double quotes."""
    need = (not s or s in _RESERVED or _NUMERIC.fullmatch(s) or s[0] in _BAD_FIRST
            or s[-1] in " :" or ": " in s or " #" in s
            or any(ord(c) < 0x20 or ord(c) == 0x7F for c in s)
            or any(c in s for c in "\ufeff\u0085\u2028\u2029"))
    if not need:
        return s
    out = ['"']
    for c in s:
        if c == '"':
            out.append('\\"')
        elif c == "\\":
            out.append("\\\\")
        elif c == "\n":
            out.append("\\n")
        elif c == "\t":
            out.append("\\t")
        elif c == "\r":
            out.append("\\r")
        elif ord(c) < 0x20 or ord(c) == 0x7F:
            out.append("\\x%02x" % ord(c))
        else:
            out.append(c)
    out.append('"')
    return "".join(out)


# ---------------------------------------------------------------- phrase lists

EXTRA_UNITS = """\
  - name: 市司法局
    aliases:
      - 司法局
    kind: department
    liaison: 邓卫国
    phone: 0571-87021647
  - name: 市文化广电旅游局
    aliases:
      - 市文广旅局
      - 文旅局
    kind: department
    liaison: 程雅琴
    phone: 0571-87022758
  - name: 南湖街道
    aliases:
      - 城西区南湖街道办事处
      - 南湖街道办事处
    kind: street
    liaison: 钟志刚
    phone: 0571-86206671
"""

DEPARTMENTS = ["市发改委", "市财政局", "市住建局", "市生态环境局", "市城管局", "市交通运输局", "市教育局",
               "市卫健委", "市人社局", "市民政局", "市自然资源局", "市水务局", "市住房公积金管理中心",
               "市市场监管局", "市信访局", "市应急管理局", "市公安局", "市农业农村局", "市商务局",
               "市政务服务管理局", "市司法局", "市文化广电旅游局"]
COUNTIES = ["城东区", "城西区", "临江县", "青山县"]
STREETS = {"城东区": ["东门街道"], "城西区": ["南湖街道"]}
ENTERPRISES = ["江北热力公司", "江北水务集团"]
ALL_UNITS = DEPARTMENTS + COUNTIES + ["东门街道", "南湖街道"] + ENTERPRISES

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = ["建国", "明", "海峰", "志强", "晓东", "丽", "静", "伟", "敏", "军", "磊", "洋", "芳", "涛", "婷",
         "文华", "永刚", "国庆", "晓燕", "卫东", "俊", "帆", "志明", "梅", "成", "野", "文", "娜", "强",
         "红梅", "秀英", "国平", "德明", "雪", "凯", "倩", "浩", "慧", "平", "颖", "建华", "春生", "玉兰",
         "小军", "立新", "海燕", "子轩", "思远", "嘉怡", "宏伟"]
LEADERS = ["张市长", "王副市长", "刘秘书长", "李副市长", "陈副市长", "赵副市长", "周常务副市长"]

# (project noun phrase, lead units that would take it)
PROJECTS = [
    ("热电联产项目建设", ["市发改委"]),
    ("第二污水处理厂建设", ["市水务局", "江北水务集团"]),
    ("棚户区改造", ["市住建局", "城东区", "城西区"]),
    ("老旧小区改造和加装电梯", ["市住建局"]),
    ("雨污分流改造", ["市水务局"]),
    ("集中供热管网改造", ["市住建局", "江北热力公司"]),
    ("易涝积水点改造", ["市水务局", "市城管局"]),
    ("通乡道路提档升级", ["市交通运输局", "临江县", "青山县"]),
    ("社区卫生服务中心标准化建设", ["市卫健委"]),
    ("生活垃圾分类", ["市城管局"]),
    ("黑臭水体整治", ["市生态环境局", "市水务局"]),
    ("公共停车场建设", ["市城管局", "市公安局"]),
    ("中小学校扩容", ["市教育局"]),
    ("居家养老服务中心建设", ["市民政局"]),
    ("农贸市场提升改造", ["市商务局", "市市场监管局"]),
    ("智慧城管平台建设", ["市城管局"]),
    ("城市更新片区开发", ["市自然资源局", "市住建局"]),
    ("滨江绿道建设", ["市自然资源局", "城西区"]),
    ("住房公积金归集扩面", ["市住房公积金管理中心"]),
    ("便民热线整合", ["市政务服务管理局"]),
    ("工业园区标准厂房建设", ["市发改委", "临江县"]),
    ("农村饮水安全提升", ["市水务局", "市农业农村局"]),
    ("高标准农田建设", ["市农业农村局", "青山县"]),
    ("历史文化街区保护利用", ["市文化广电旅游局", "市自然资源局"]),
    ("燃气管道老化更新改造", ["市住建局", "市应急管理局"]),
    ("消防通道占用整治", ["市应急管理局", "市公安局"]),
    ("背街小巷环境整治", ["市城管局", "东门街道", "南湖街道"]),
    ("人才公寓建设", ["市人社局", "市住建局"]),
    ("“一网通办”政务服务改革", ["市政务服务管理局"]),
    ("根治欠薪专项行动", ["市人社局"]),
    ("食品安全城市创建", ["市市场监管局"]),
    ("安全生产大排查大整治", ["市应急管理局"]),
    ("法律援助便民服务", ["市司法局"]),
    ("体育公园建设", ["城东区", "市文化广电旅游局"]),
]
VERBS = ["推进", "加快", "扎实推进", "全力推进", "实施", "抓好", "落实", "完成"]
NPC_VERBS = ["加快", "推进", "完善", "支持", "加强", "破解", "优化"]

COMPOUNDS = ["锦江苑", "滨河", "翠竹园", "金桂花园", "阳光城", "书香门第", "幸福里", "和平新村", "江南名都",
             "枫林湾", "御景华庭", "春晖", "东湖花园", "新华里", "紫荆苑", "水岸名邸", "桃源居", "丽景湾",
             "梧桐苑", "兴业家园", "怡和花园", "望江府", "南苑新村", "城市之光"]
HOTLINE_PROBLEMS = [
    ("地下车库雨后积水", ["市水务局", "市住建局"]),
    ("二次供水水质浑浊", ["江北水务集团", "市水务局"]),
    ("电梯频繁故障困人", ["市市场监管局"]),
    ("周边工地夜间施工噪音扰民", ["市生态环境局", "市城管局"]),
    ("路灯长期不亮", ["市城管局"]),
    ("生活垃圾清运不及时", ["市城管局"]),
    ("冬季供暖温度不达标", ["江北热力公司", "市住建局"]),
    ("燃气管道存在漏气隐患", ["市住建局", "市应急管理局"]),
    ("物业违规收取停车费", ["市住建局", "市市场监管局"]),
    ("楼顶违章搭建", ["市城管局"]),
    ("下水道堵塞污水外溢", ["市水务局"]),
    ("门前道路破损严重", ["市交通运输局", "市城管局"]),
    ("消防通道被长期占用", ["市应急管理局"]),
]
CITIZEN_ISSUES = [
    ("住房公积金提取业务办理时间长", ["市住房公积金管理中心"]),
    ("公积金缴存基数核定有误", ["市住房公积金管理中心"]),
    ("社保卡补办流程繁琐", ["市人社局"]),
    ("公交线路调整后出行不便", ["市交通运输局"]),
    ("便民热线工单回访不及时", ["市政务服务管理局"]),
    ("医保报销进度慢", ["市人社局", "市卫健委"]),
    ("农民工工资被拖欠", ["市人社局"]),
    ("学校周边上下学交通拥堵", ["市公安局", "市教育局"]),
    ("餐馆油烟扰民", ["市生态环境局", "市城管局"]),
    ("不动产登记预约难", ["市自然资源局"]),
    ("幼儿园入园难", ["市教育局"]),
    ("网约车乱收费", ["市交通运输局"]),
]
PETITION_ISSUES = [
    ("回迁安置房不动产权证迟迟未办理", ["市自然资源局", "市住建局"]),
    ("房屋征收补偿款未足额发放", ["市住建局", "市财政局"]),
    ("开发商逾期交房", ["市住建局"]),
    ("配套幼儿园未按规划建设", ["市教育局", "市自然资源局"]),
    ("土地征收补偿标准存在争议", ["市自然资源局"]),
    ("安置房墙体开裂渗水", ["市住建局"]),
    ("物业维修资金使用不透明", ["市住建局"]),
]
MEDIA_SPOTS = ["东门农贸市场", "火车站广场", "滨江公园", "人民路", "建设北路", "城南客运站",
               "第一人民医院周边", "老城区背街小巷", "中山路夜市", "江北大桥桥下", "新城商业街"]
MEDIA_ISSUES = [
    ("污水横流环境脏乱", ["市城管局", "市市场监管局"]),
    ("占道经营问题突出", ["市城管局"]),
    ("共享单车乱停乱放", ["市城管局", "市交通运输局"]),
    ("井盖缺失存在安全隐患", ["市城管局", "市住建局"]),
    ("公厕长期关闭", ["市城管局"]),
    ("违规停车严重影响通行", ["市公安局"]),
    ("夜市油烟噪音扰民", ["市生态环境局"]),
    ("防汛排水设施堵塞", ["市水务局"]),
]

P_EARLY = [
    "已召开专题协调会，明确责任分工和时间节点。",
    "已完成现场踏勘，制定“一事一策”工作方案。",
    "已组织相关单位开展调查摸底，梳理问题清单{n}项。",
    "已成立工作专班，由分管负责同志牵头推进。",
    "已与诉求人当面沟通，详细了解诉求并做好解释工作。",
    "已将任务分解到{m}个责任科室，正在逐项落实。",
    "已完成前期手续办理，项目可研报告已报批。",
    "已联合{co}开展现场核查，初步查明问题原因。",
]
P_MID = [
    "{what}已完成{pct}%，累计完成投资{x}亿元。",
    "整改工作正在推进，已完成{n}处问题整改。",
    "实施方案已报市政府审定，正在组织招标。",
    "施工单位已进场，正在加紧施工。",
    "已落实资金{x}千万元，其余资金正在积极争取。",
    "{what}进度滞后，已约谈施工单位并督促增加作业班组。",
    "已完成{n}户入户调查和{m}处现场整改。",
    "已出台配套政策文件，正在组织宣传解读。",
]
P_LATE = [
    "主体工作已基本完成，正在组织验收。",
    "剩余问题正在集中攻坚，确保按期办结。",
    "{what}已完成{pct}%，剩余工作正在收尾。",
    "整改任务已全部完成，正在开展群众回访。",
    "答复意见已形成，正在会签。",
]
RESULT_PROJECT = [
    "{what}已按期完成，经验收合格并投入使用。",
    "{what}全面完成，累计完成投资{x}亿元，相关情况已报市政府。",
    "各项任务已全部落实到位，形成长效管理机制。",
    "工作方案确定的{n}项任务全部完成，经现场核查达到预期目标。",
]
RESULT_CITIZEN = [
    "已组织现场处置，问题已解决，来电人表示满意。",
    "已责成责任单位限期整改，经回访群众表示满意。",
    "问题已整改到位，并建立日常巡查机制，防止问题反弹。",
    "已向诉求人当面反馈办理结果，诉求人表示认可。",
]
RESULT_PROPOSAL = [
    "答复件已送达，建议涉及的{n}项工作已纳入年度计划，{who}表示满意。",
    "答复件已报送并当面沟通，相关政策文件已印发实施。",
    "已将建议内容吸收到专项规划中，{who}对办理结果表示认可。",
]
EXTEND_REASONS = [
    "涉及多部门协调，需履行市政府审批程序",
    "受雨季影响施工进度滞后，申请延期办结",
    "资金尚未全部到位，经分管领导同意延期",
    "需结合规划调整统筹实施",
    "涉及历史遗留问题，需补办相关手续",
    "经与诉求人沟通同意延期答复",
]
ESCALATE_REASONS = [
    "逾期未办结且未说明原因",
    "整改进度缓慢，未按要求报送进展",
    "多次催办仍未落实，群众反映强烈",
    "超过延期时限仍未办结",
]
CANCEL_REASONS = [
    "经市政府常务会议研究，该事项调整纳入城市更新片区统一实施，本督办事项撤销。",
    "诉求人撤回诉求，经核实后撤销。",
    "与其他督办事项重复交办，合并办理。",
    "因上级政策调整，该事项不再实施。",
]
SUSPEND_REASONS = [
    "当事人已提起诉讼，待司法程序终结后再行办理",
    "因片区规划调整，经市政府同意暂缓实施",
    "项目资金未落实，经批准暂缓办理",
]
NOTES = [
    "已将交办单及办理要求函告承办单位，承办单位已签收。",
    "已电话提醒承办单位按期报送进展。",
    "已将会议纪要和任务分解表送达牵头单位和配合单位。",
]
REGISTERED_NOTES = [
    "已登记，涉及多个部门职责，待确定承办单位。",
    "已提请室领导会商确定承办单位。",
    "已就牵头单位征求相关部门意见。",
]
RECHECK_TEXTS = [
    "回头看显示整改成效得到巩固，未发现问题反弹。",
    "经回访核实，整改措施落实到位，群众满意。",
]
TAGS = ["重点", "民生", "民生实事", "重点项目", "防汛", "安全生产", "营商环境", "乡村振兴", "优化营商环境"]
MILESTONE_NAMES = ["完成前期手续", "完成项目招标", "主体工程开工", "完成主体工程", "完成设备安装",
                   "完成年度投资目标", "完成竣工验收"]

KINDS = [("hotline", 30), ("instruction", 15), ("meeting", 10), ("petition", 9), ("npc", 8),
         ("cppcc", 7), ("superior", 7), ("work-report", 5), ("media", 5), ("special", 4)]
ESC_NAMES = ["整改通知", "黄牌警告", "问责"]
RATINGS = ["满意"] * 6 + ["基本满意"] * 3 + ["不满意"]

D = dt.timedelta


def workday(d):
    while d.weekday() >= 5:
        d += D(days=1)
    return d


def add_months(d, m):
    y, mo = divmod(d.month - 1 + m, 12)
    y += d.year
    mo += 1
    last = (dt.date(y + (mo == 12), mo % 12 + 1, 1) - D(days=1)).day
    return dt.date(y, mo, min(d.day, last))


def add_workdays(d, n):
    while n > 0:
        d += D(days=1)
        if d.weekday() < 5:
            n -= 1
    return d


# ---------------------------------------------------------------- one task

class Gen:
    def __init__(self, seed, today):
        self.r = random.Random(seed)
        self.today = today
        r = self.r
        self.owners = {u: ["%s%s" % (r.choice(SURNAMES), r.choice(GIVEN)) for _ in range(3)] for u in ALL_UNITS}
        self.kinds = [k for k, w in KINDS for _ in range(w)]
        self.counters = {}

    def seq(self, key):
        self.counters[key] = self.counters.get(key, 0) + 1
        return self.counters[key]

    def topic(self, kind, year):
        """title, lead candidates, short subject used in texts"""
        r = self.r
        if kind in ("hotline",):
            if r.random() < 0.6:
                prob, leads = r.choice(HOTLINE_PROBLEMS)
                place = r.choice(COUNTIES)
                leads = leads + [place]
                return "%s%s小区%s" % (place, r.choice(COMPOUNDS), prob), leads, "相关问题"
            issue, leads = r.choice(CITIZEN_ISSUES)
            return "市民反映%s" % issue, leads, "相关问题"
        if kind == "petition":
            issue, leads = r.choice(PETITION_ISSUES)
            place = r.choice(COUNTIES)
            return "%s%s小区业主反映%s" % (place, r.choice(COMPOUNDS), issue), leads + [place], "信访事项"
        if kind == "media":
            issue, leads = r.choice(MEDIA_ISSUES)
            place = r.choice(COUNTIES[:2])
            return "%s%s%s" % (place, r.choice(MEDIA_SPOTS), issue), leads + [place], "整改工作"
        proj, leads = r.choice(PROJECTS)
        if kind == "npc":
            return "关于%s%s的建议" % (r.choice(NPC_VERBS), proj), leads, proj
        if kind == "cppcc":
            return "关于%s%s的提案" % (r.choice(NPC_VERBS), proj), leads, proj
        place = r.choice(COUNTIES) + "" if r.random() < 0.3 else ""
        verb = r.choice(VERBS)
        suffix = "工作" if verb in ("抓好", "落实") else ""
        return "%s%s%s%s" % (verb, place, proj, suffix), leads, proj

    def ref(self, kind, created):
        r, y = self.r, created.year
        if kind == "instruction":
            return "江北政批〔%d〕%d号" % (y, self.seq(("i", y)))
        if kind == "meeting":
            return "市政府第%d次常务会议" % (1 + (created.timetuple().tm_yday - 1) // 7)
        if kind == "work-report":
            return "江北政发〔%d〕3号" % y
        if kind == "npc":
            if created.month <= 3 and r.random() < 0.7:
                return "市人大%d次会议第%04d号建议" % (y - 2000, self.seq(("n", y)))
            return "市人大常委会闭会期间第%d号建议" % self.seq(("nc", y))
        if kind == "cppcc":
            if created.month <= 3 and r.random() < 0.7:
                return "市政协%d次会议第%04d号提案" % (y - 2000, self.seq(("c", y)))
            return "市政协闭会期间第%04d号提案" % self.seq(("cc", y))
        if kind == "hotline":
            return "12345-%s-%04d" % (created.strftime("%Y%m%d"), r.randint(1, 600))
        if kind == "petition":
            return "江信转〔%d〕%d号" % (y, self.seq(("p", y)))
        if kind == "media":
            if r.random() < 0.5:
                return "《江北日报》%d年%d月%d日民生直通车栏目" % (y, created.month, created.day)
            return "《问政江北》%d年第%d期" % (y, 1 + (created.timetuple().tm_yday - 1) // 14)
        if kind == "superior":
            return "省督办〔%d〕%d号" % (y, self.seq(("s", y)))
        return "江北政督〔%d〕%d号" % (y, self.seq(("sp", y)))

    def default_due(self, kind, c):
        r = self.r
        if kind in ("instruction", "meeting", "media"):
            return workday(c + D(days=15))
        if kind == "work-report":
            return dt.date(c.year, 12, 31)
        if kind in ("npc", "cppcc"):
            return workday(add_months(c, 3))
        if kind == "hotline":
            return add_workdays(c, 5)
        if kind == "petition":
            return workday(c + D(days=60))
        return workday(c + D(days=r.choice([15, 20, 30, 45, 60, 90, 120, 180])))

    def text(self, templates, what, co):
        r = self.r
        return r.choice(templates).format(n=r.randint(3, 60), m=r.randint(2, 12), pct=r.randint(20, 95),
                                          x=r.randint(1, 30) / 10 if r.random() < 0.5 else r.randint(2, 15),
                                          what=what, co=co or "相关部门", who="代表")

    def task(self, tid, kind, c):
        r, today = self.r, self.today
        title, leads, what = self.topic(kind, c.year)
        lead = r.choice(leads)
        # Co-units: the other units of the topic, the finance bureau, a county, any department.
        pool = [u for u in leads if u != lead] + ["市财政局", r.choice(COUNTIES), r.choice(DEPARTMENTS)]
        pool = list(dict.fromkeys(u for u in pool if u != lead))
        co = r.sample(pool, min(len(pool), r.choice([0, 0, 1, 1, 2, 2, 3]))) if kind != "hotline" or r.random() < 0.2 else []
        owner = r.choice(self.owners[lead]) if r.random() < 0.85 else ""
        leader = r.choice(LEADERS) if kind == "instruction" or (kind == "meeting" and r.random() < 0.3) else ""
        listed = r.random() < (0.3 if kind == "work-report" else 0.05)
        cadence = ""
        if kind == "work-report" and r.random() < 0.6:
            cadence = "monthly"
        elif r.random() < 0.08:
            cadence = r.choice(["weekly", "monthly"])
        tags = r.sample(TAGS, r.choice([1, 1, 2])) if r.random() < 0.4 else []
        due0 = self.default_due(kind, c)
        ref = self.ref(kind, c)

        t = {"id": tid, "title": title, "kind": kind, "ref": ref, "leader": leader, "listed": listed,
             "lead": lead, "co": co, "owner": owner, "created": c, "due": due0, "cadence": cadence,
             "status": "", "escalation": 0, "tags": tags, "milestones": [], "log": []}
        log = []  # (date, order, type, fields)

        # Not yet assigned: registered in the last days before today.
        if (today - c).days <= 6 and r.random() < 0.3:
            t.update(lead="", co=[], owner="", status="registered", cadence="")
            log.append((c, 0, "note", [("text", r.choice(REGISTERED_NOTES))]))
            log.append((min(today, c + D(days=r.randint(0, 2))), 1, "note", [("text", r.choice(REGISTERED_NOTES))]))
            t["log"] = log
            t["end"] = None
            return t

        a = min(today, c + D(days=r.choice([0, 0, 0, 0, 1, 2])))
        f_assign = [("to", lead)]
        if co:
            f_assign.append(("co", co))
        if owner:
            f_assign.append(("owner", owner))
        log.append((a, 0, "assign", f_assign))

        due = due0
        if kind not in ("hotline",) and r.random() < 0.10 and (due0 - a).days >= 4:
            ed = a + D(days=r.randint(1, (due0 - a).days - 1))
            if ed <= today:
                due = workday(due0 + D(days=r.choice([15, 30, 30, 45, 60, 90])))
                log.append((ed, 2, "extend", [("from", due0.isoformat()), ("to", due.isoformat()),
                                              ("reason", r.choice(EXTEND_REASONS))]))
        t["due"] = due

        span = max(1, (due - a).days)
        late = r.random() < (0.08 if kind == "hotline" else 0.18)
        if r.random() < 0.006:
            finish = None  # stuck: never closed
        elif late:
            finish = due + D(days=r.choice([1, 2, 3, 5, 8, 13, 21, 34, 60, 120]))
        else:
            finish = a + D(days=max(0, int(span * r.uniform(0.45, 1.0))))
        fate = r.random()
        fate = "cancel" if fate < 0.02 else "suspend" if fate < 0.035 else "normal"
        horizon = today if finish is None or finish > today else finish  # last day with events
        if fate != "normal":
            stop = a + D(days=r.randint(1, max(1, (horizon - a).days + 5)))
            if stop > today:
                fate = "normal"
            else:
                horizon = stop

        # Milestones (long projects only) and their progress entries.
        ms = []
        if kind in ("work-report", "superior", "special") and (due - c).days >= 120 and r.random() < 0.6:
            qs = []
            q = dt.date(c.year, ((c.month - 1) // 3 + 1) * 3, 1)
            q = add_months(q, 1) - D(days=1)  # end of this quarter
            while q < due and len(qs) < 3:
                if (q - c).days >= 20:
                    qs.append(q)
                q = add_months(q + D(days=1), 3) - D(days=1)
            qs.append(due)
            names = r.sample(MILESTONE_NAMES, len(qs))
            for i, (q, nm) in enumerate(zip(qs, names)):
                m = {"title": nm, "due": q, "done": None}
                dd = q - D(days=r.randint(0, 10)) if not late or r.random() < 0.7 else q + D(days=r.randint(1, 20))
                dd = max(dd, a)
                if dd <= horizon and fate == "normal" or dd < horizon:
                    m["done"] = dd
                ms.append(m)
        t["milestones"] = ms

        progress_days = []
        for m in ms:
            if m["done"]:
                progress_days.append((m["done"], m["title"]))
        n_prog = r.choice([0, 1, 1, 2, 2, 3]) if kind == "hotline" else r.choice([1, 1, 2, 2, 3, 4])
        last = (horizon - a).days
        for _ in range(n_prog):
            if last >= 1:
                progress_days.append((a + D(days=r.randint(1, last)), None))
        progress_days.sort(key=lambda x: x[0])
        # Keep at most 4 progress entries, preferring milestone ones.
        while len(progress_days) > 4:
            for i, (_, m) in enumerate(progress_days):
                if m is None:
                    del progress_days[i]
                    break
            else:
                del progress_days[-1]
        npg = len(progress_days)
        pct = 0
        for i, (d, m) in enumerate(progress_days):
            pct = min(95, max(pct + 5, int(100 * (i + 1) / (npg + 1)) + r.randint(-5, 5)))
            stage = P_EARLY if i == 0 else P_LATE if i == npg - 1 and npg > 2 else P_MID
            fields = [("by", lead), ("text", self.text(stage, what, co[0] if co else "")), ("percent", pct)]
            if m:
                fields.append(("milestone", m))
            log.append((d, 3, "progress", fields))

        # Chasing a late unit: remind, then escalate.
        esc = 0
        if due < horizon:
            rd = due + D(days=r.randint(1, 4))
            if rd <= horizon and r.random() < 0.8:
                log.append((rd, 4, "remind", [("to", lead)]))
            ed = due + D(days=r.randint(10, 20))
            for level in (1, 2, 3):
                if ed > horizon or r.random() > (0.6 if level == 1 else 0.35):
                    break
                esc = level
                log.append((ed, 5, "escalate", [("level", level), ("name", ESC_NAMES[level - 1]),
                                                ("reason", r.choice(ESCALATE_REASONS))]))
                ed += D(days=r.randint(14, 40))
        t["escalation"] = esc

        end = None
        if fate == "cancel":
            log.append((horizon, 9, "cancel", [("reason", r.choice(CANCEL_REASONS))]))
            t["status"] = "cancelled"
            end = horizon
        elif fate == "suspend":
            log.append((horizon, 9, "suspend", [("reason", r.choice(SUSPEND_REASONS))]))
            t["status"] = "suspended"
        elif finish is not None and finish <= today:
            if kind in ("hotline", "petition", "media"):
                res = self.text(RESULT_CITIZEN, what, "")
            elif kind in ("npc", "cppcc"):
                res = self.text(RESULT_PROPOSAL, what, "").replace("代表", "代表" if kind == "npc" else "提案人")
            else:
                res = self.text(RESULT_PROJECT, what, "")
            fields = [("result", res)]
            if kind in ("npc", "cppcc"):
                fields.append(("rating", r.choice(RATINGS)))
            # Rarely: the first result is rejected (退回重办) and the unit closes again.
            if kind in ("hotline", "petition") and r.random() < 0.03 and finish - D(days=3) >= a:
                first = finish - D(days=3)
                log.append((first, 6, "done", [("result", self.text(RESULT_CITIZEN, what, ""))]))
                log.append((first + D(days=1), 7, "return", [("reason", "回访中群众反映问题未从根本上解决")]))
            log.append((finish, 9, "done", fields))
            if r.random() < 0.03 and finish + D(days=40) <= today:
                log.append((finish + D(days=40), 10, "recheck", [("text", r.choice(RECHECK_TEXTS))]))
            t["status"] = "done"
            end = finish
        else:
            t["status"] = "active" if progress_days else "assigned"

        log.sort(key=lambda e: (e[0], e[1]))
        # 2..8 entries: drop surplus chasing/progress entries from the middle, pad with a note.
        while len(log) > 8:
            for i in range(len(log) - 2, 0, -1):
                if log[i][2] in ("progress", "remind") and not any(k == "milestone" for k, _ in log[i][3]):
                    del log[i]
                    break
            else:
                del log[1]
        if len(log) < 2:
            nd = min(today, a + D(days=1))
            log.append((nd, 1, "note", [("text", r.choice(NOTES))]))
            log.sort(key=lambda e: (e[0], e[1]))
        if t["status"] == "active" and not any(e[2] == "progress" for e in log):
            t["status"] = "assigned"
        t["log"] = log
        t["end"] = end
        return t


def emit(t):
    out = ["id: %s\n" % t["id"], "title: %s\n" % yq(t["title"]), "kind: %s\n" % t["kind"]]
    if t["ref"]:
        out.append("ref: %s\n" % yq(t["ref"]))
    if t["leader"]:
        out.append("leader: %s\n" % yq(t["leader"]))
    out.append("listed: %s\n" % ("true" if t["listed"] else "false"))
    if t["lead"]:
        out.append("lead: %s\n" % yq(t["lead"]))
    if t["co"]:
        out.append("co:\n")
        out.extend("  - %s\n" % yq(u) for u in t["co"])
    if t["owner"]:
        out.append("owner: %s\n" % yq(t["owner"]))
    out.append("created: %s\n" % t["created"].isoformat())
    out.append("due: %s\n" % t["due"].isoformat())
    if t["cadence"]:
        out.append("cadence: %s\n" % t["cadence"])
    out.append("status: %s\n" % t["status"])
    out.append("escalation: %d\n" % t["escalation"])
    if t["tags"]:
        out.append("tags:\n")
        out.extend("  - %s\n" % yq(x) for x in t["tags"])
    if t["milestones"]:
        out.append("milestones:\n")
        for m in t["milestones"]:
            out.append("  - title: %s\n    due: %s\n" % (yq(m["title"]), m["due"].isoformat()))
            if m["done"]:
                out.append("    done: %s\n" % m["done"].isoformat())
    out.append("log:\n")
    for d, _, typ, fields in t["log"]:
        out.append("  - date: %s\n    type: %s\n" % (d.isoformat(), typ))
        for k, v in fields:
            if isinstance(v, list):
                out.append("    %s:\n" % k)
                out.extend("      - %s\n" % yq(x) for x in v)
            elif isinstance(v, int):
                out.append("    %s: %d\n" % (k, v))
            else:
                out.append("    %s: %s\n" % (k, yq(v)))
    return "".join(out)


def tw_record(t, shift):
    def stamp(d):
        return (d + D(days=shift)).strftime("%Y%m%dT000000Z")
    status = {"done": "completed", "cancelled": "deleted"}.get(t["status"], "pending")
    rec = {"description": t["title"], "status": status, "entry": stamp(t["created"]), "due": stamp(t["due"])}
    if t["lead"]:
        rec["project"] = t["lead"]
    if status != "pending":
        rec["end"] = stamp(t["end"] or t["due"])
    return rec


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out")
    ap.add_argument("--tasks", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--today", default="2025-12-01", help="the date the workspace is as of (DUBAN_TODAY)")
    ap.add_argument("--first-year", type=int, help="default: about 4,800 tasks a year, at least 2 years")
    ap.add_argument("--tw-json", help="also write the tasks as a Taskwarrior import file")
    ap.add_argument("--tw-shift-days", type=int, default=0)
    ap.add_argument("--force", action="store_true", help="replace OUT if it exists")
    a = ap.parse_args()

    t0 = time.time()
    today = dt.date.fromisoformat(a.today)
    years = max(2, min(60, -(-a.tasks // 4800)))
    first = a.first_year or today.year - years + 1
    year_list = list(range(first, today.year + 1))

    if os.path.exists(a.out):
        if not a.force:
            sys.exit("gen_workspace: %s exists (use --force)" % a.out)
        shutil.rmtree(a.out)
    os.makedirs(os.path.join(a.out, "tasks"))
    shutil.copy(os.path.join(EXAMPLE, "duban.yaml"), a.out)
    shutil.copytree(os.path.join(EXAMPLE, "calendar"), os.path.join(a.out, "calendar"))
    with open(os.path.join(EXAMPLE, "units.yaml"), encoding="utf-8") as f:
        units = f.read()
    with open(os.path.join(a.out, "units.yaml"), "w", encoding="utf-8", newline="\n") as f:
        f.write(units + EXTRA_UNITS)
    with open(os.path.join(a.out, ".gitignore"), "w") as f:
        f.write("# local cache and lock of duban\n.duban/\n")

    g = Gen(a.seed, today)
    r = g.r
    per_year = [a.tasks // len(year_list)] * len(year_list)
    for i in range(a.tasks - sum(per_year)):
        per_year[-1 - i] += 1
    tw = [] if a.tw_json else None
    counts = {}
    for y, n in zip(year_list, per_year):
        start = dt.date(y, 1, 2)
        end = min(dt.date(y, 12, 30), today)
        days = (end - start).days
        created = sorted(start + D(days=r.randint(0, days)) for _ in range(n))
        ydir = os.path.join(a.out, "tasks", str(y))
        os.makedirs(ydir)
        for i, c in enumerate(created, 1):
            tid = "%d-%04d" % (y, i)
            t = g.task(tid, r.choice(g.kinds), c)
            counts[t["status"]] = counts.get(t["status"], 0) + 1
            with open(os.path.join(ydir, tid + ".yaml"), "w", encoding="utf-8", newline="\n") as f:
                f.write(emit(t))
            if tw is not None:
                tw.append(tw_record(t, a.tw_shift_days))
    if tw is not None:
        with open(a.tw_json, "w", encoding="utf-8") as f:
            json.dump(tw, f, ensure_ascii=False)
    print("gen_workspace: %d tasks in %s (%d-%d) in %.1fs; %s" % (
        a.tasks, a.out, first, today.year, time.time() - t0,
        ", ".join("%s %d" % kv for kv in sorted(counts.items()))), file=sys.stderr)


if __name__ == "__main__":
    main()
