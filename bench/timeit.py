#!/usr/bin/env python3
"""Timing helper of the duban benchmark (python3 standard library only).

    timeit.py run --out R.jsonl --name NAME --size N [--runs 5] [--warmup 1]
                  [--pre SHELL] [--post SHELL] [--cwd DIR] [--ok 0,1] -- CMD ARG...
    timeit.py pair --out R.jsonl --name-a A --name-b B --size N [--runs 3] [--pre SHELL] -- CMD-A :: CMD-B
    timeit.py note --out R.jsonl --name NAME --size N --value V [--unit s]
    timeit.py table R.jsonl [--today DATE] [--machine TEXT]

`run` executes CMD (directly, not through a shell) `runs` times with stdout and
stderr sent to /dev/null, after `warmup` untimed runs. `--pre` / `--post` are
shell commands run before / after every run (warm-ups included) and not timed,
e.g. `rm -f .duban/cache` for a cold run or `git clean` to undo an `add`.
Wall time is measured around fork+exec+wait; peak RSS comes from the child's
rusage (os.wait4). One JSON line is appended to --out with the median, min,
max, every sample, the largest peak RSS and the exit codes.

`note` appends a single value measured elsewhere (generation time, cache size).
`table` prints the Markdown tables of the README from a results file.
Nothing here asserts a time: the machine is small and noisy.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time


def run_shell(cmd, cwd):
    if cmd:
        subprocess.run(cmd, shell=True, cwd=cwd, check=True, stdout=subprocess.DEVNULL)


def once(argv, cwd):
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    elapsed = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    # ru_maxrss is in KiB on Linux; user+system CPU time is the child's own
    return elapsed, ru.ru_maxrss, p.returncode, ru.ru_utime + ru.ru_stime


def cmd_run(a):
    argv = a.argv[1:] if a.argv and a.argv[0] == "--" else a.argv
    if not argv:
        sys.exit("timeit: no command")
    ok = {int(x) for x in a.ok.split(",")}
    for _ in range(a.warmup):
        run_shell(a.pre, a.cwd)
        once(argv, a.cwd)
        run_shell(a.post, a.cwd)
    samples, rss, codes, cpu = [], [], [], []
    load0 = os.getloadavg()[0]
    for _ in range(a.runs):
        run_shell(a.pre, a.cwd)
        t, m, c, u = once(argv, a.cwd)
        run_shell(a.post, a.cwd)
        samples.append(t)
        rss.append(m)
        codes.append(c)
        cpu.append(u)
    load1 = os.getloadavg()[0]
    # Linux keeps the forking process's high-water mark across exec, so the
    # wait4 figure is at least this Python process's size. One more untimed run
    # under GNU time (a small process) gives the command's own peak RSS.
    rss_source = "wait4"
    peak = max(rss)
    if os.path.exists("/usr/bin/time"):
        with tempfile.NamedTemporaryFile("r") as tf:
            run_shell(a.pre, a.cwd)
            subprocess.run(["/usr/bin/time", "-f", "%M", "-o", tf.name] + argv, cwd=a.cwd,
                           stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            run_shell(a.post, a.cwd)
            try:
                peak = int(tf.read().strip().splitlines()[-1])
                rss_source = "gnu-time"
            except (ValueError, IndexError):
                pass
    rec = {"name": a.name, "size": a.size, "median": statistics.median(samples), "min": min(samples),
           "max": max(samples), "samples": [round(s, 4) for s in samples], "rss_kib": peak,
           "rss_wait4_kib": max(rss), "rss_source": rss_source, "cpu_median": statistics.median(cpu),
           "load": [round(load0, 2), round(load1, 2)],
           "codes": sorted(set(codes)), "cmd": " ".join(argv)}
    bad = [c for c in codes if c not in ok]
    if bad:
        rec["error"] = "exit codes %s" % sorted(set(bad))
    with open(a.out, "a") as f:
        f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print("  %-22s %7s  median %8.3fs  (min %.3f max %.3f, n=%d)  cpu %7.3fs  peak RSS %6.1f MiB  load %.1f%s" % (
        a.name, a.size, rec["median"], rec["min"], rec["max"], len(samples), rec["cpu_median"],
        rec["rss_kib"] / 1024, max(load0, load1),
        "  [%s]" % rec["error"] if bad else ""), file=sys.stderr)


def cmd_pair(a):
    """Two commands run alternately (A B A B …), so that drift in the machine's
    load hits both alike; one record for each."""
    argv = a.argv[1:] if a.argv and a.argv[0] == "--" else a.argv
    if "::" not in argv:
        sys.exit("timeit pair: give CMD-A :: CMD-B")
    i = argv.index("::")
    cmds = [(a.name_a, argv[:i]), (a.name_b, argv[i + 1:])]
    samples = {n: [] for n, _ in cmds}
    rss = {n: [] for n, _ in cmds}
    codes = {n: [] for n, _ in cmds}
    cpu = {n: [] for n, _ in cmds}
    load0 = os.getloadavg()[0]
    for k in range(a.runs):
        for n, c in (cmds if k % 2 == 0 else cmds[::-1]):
            run_shell(a.pre, a.cwd)
            t, m, code, u = once(c, a.cwd)
            samples[n].append(t)
            rss[n].append(m)
            codes[n].append(code)
            cpu[n].append(u)
    load1 = os.getloadavg()[0]
    with open(a.out, "a") as f:
        for n, c in cmds:
            rec = {"name": n, "size": a.size, "median": statistics.median(samples[n]), "min": min(samples[n]),
                   "max": max(samples[n]), "samples": [round(s, 4) for s in samples[n]],
                   "rss_kib": max(rss[n]), "rss_source": "wait4", "codes": sorted(set(codes[n])),
                   "cmd": " ".join(c), "interleaved": True, "cpu_median": statistics.median(cpu[n]),
                   "load": [round(load0, 2), round(load1, 2)]}
            if any(x != 0 for x in codes[n]):
                rec["error"] = "exit codes %s" % sorted(set(codes[n]))
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
            print("  %-22s %7s  median %8.3fs  (min %.3f max %.3f, n=%d, interleaved)  cpu %7.3fs  load %.1f" % (
                n, a.size, rec["median"], rec["min"], rec["max"], len(samples[n]), rec["cpu_median"],
                max(load0, load1)), file=sys.stderr)


def cmd_note(a):
    rec = {"name": a.name, "size": a.size, "value": a.value, "unit": a.unit}
    with open(a.out, "a") as f:
        f.write(json.dumps(rec, ensure_ascii=False) + "\n")


# name -> (label in the table, what it measures)
ROWS = [
    ("gen", "generate workspace (python)", "once"),
    ("git_status", "`git status --porcelain`", ""),
    ("overdue_warm", "`overdue --format json`, warm cache", ""),
    ("overdue_first", "`overdue`, first run on a fresh clone (parses, writes the cache)", "once"),
    ("overdue_cold", "`overdue --format json`, cold (no .duban/cache), default jobs", ""),
    ("overdue_cold_j1", "… cold, `--jobs 1`", ""),
    ("overdue_cold_j2", "… cold, `--jobs 2`", ""),
    ("overdue_touched", "`overdue`, warm, 1 file just modified", ""),
    ("report_year_warm", "`report --period year`, warm", ""),
    ("list_warm", "`list`, warm", ""),
    ("list_json", "`list --format json` (full parse, no cache)", ""),
    ("check", "`check`", ""),
    ("add", "`add` (one task)", ""),
    ("import_10k", "`import` 10,000 CSV rows into an empty workspace", ""),
    ("tw_import", "Taskwarrior `task import` (all tasks)", "once"),
    ("task_overdue", "Taskwarrior `task overdue`", ""),
    ("task_summary", "Taskwarrior `task summary`", ""),
]


def fmt_s(v):
    if v is None:
        return "—"
    if v < 1:
        return "%.0f ms" % (v * 1000)
    return "%.2f s" % v


def cmd_table(a):
    recs = {}
    sizes = []
    with open(a.results) as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            r = json.loads(line)
            recs[(r["name"], r["size"])] = r  # a later run of the same row wins
            if r["size"] != "-" and r["size"] not in sizes:
                sizes.append(r["size"])
    sizes.sort(key=int)

    def med(name, size):
        r = recs.get((name, size))
        if not r:
            return None
        return r.get("median", r.get("value"))

    def label(n):
        n = int(n)
        return "%dk" % (n // 1000) if n % 1000 == 0 and n >= 1000 else str(n)

    out = []
    if a.machine or a.today:
        out.append("Measured %s on %s; DUBAN_TODAY=%s. Medians of %s.\n" % (
            a.date or time.strftime("%Y-%m-%d"), a.machine or "this machine", a.today or "?",
            "5 runs (3 for cold runs, check, import and list --format json)"))
    out.append("| measure | " + " | ".join(label(s) for s in sizes) + " |")
    out.append("|---|" + "---:|" * len(sizes))
    for name, text, _ in ROWS:
        cells = []
        any_val = False
        for s in sizes:
            r = recs.get((name, s)) or (recs.get((name, "-")) if s == sizes[0] else None)
            if r is None:
                cells.append("—")
                continue
            any_val = True
            v = r.get("median", r.get("value"))
            cell = fmt_s(v)
            if r.get("error"):
                cell += " (%s)" % r["error"]
            cells.append(cell)
        if any_val:
            out.append("| %s | %s |" % (text, " | ".join(cells)))
    rss = [recs.get(("overdue_warm", s)) for s in sizes]
    out.append("| peak RSS, warm `overdue` | " + " | ".join(
        "%.1f MiB" % (r["rss_kib"] / 1024) if r else "—" for r in rss) + " |")
    rssc = [recs.get(("overdue_cold", s)) for s in sizes]
    out.append("| peak RSS, cold `overdue` | " + " | ".join(
        "%.1f MiB" % (r["rss_kib"] / 1024) if r else "—" for r in rssc) + " |")
    cache = [recs.get(("cache_bytes", s)) for s in sizes]
    if any(cache):
        out.append("| size of .duban/cache | " + " | ".join(
            "%.1f MiB" % (float(r["value"]) / 2**20) if r else "—" for r in cache) + " |")
    pend = [recs.get(("tw_pending", s)) for s in sizes]
    if any(pend):
        out.append("| Taskwarrior pending tasks | " + " | ".join(
            "%d" % int(float(r["value"])) if r else "—" for r in pend) + " |")

    # The same commands' CPU time (user + system) and the load around them: on a
    # shared machine the wall times above move with the neighbours, these less.
    if any("cpu_median" in r for r in recs.values()):
        out.append("")
        out.append("| CPU time (user+sys), median | " + " | ".join(label(s) for s in sizes) + " |")
        out.append("|---|" + "---:|" * len(sizes))
        for name, text, _ in ROWS:
            cells = []
            for s in sizes:
                r = recs.get((name, s))
                cells.append(fmt_s(r["cpu_median"]) if r and "cpu_median" in r else "—")
            if any(c != "—" for c in cells):
                out.append("| %s | %s |" % (text, " | ".join(cells)))
        loads = []
        for s in sizes:
            ls = [x for r in recs.values() if r.get("size") == s for x in r.get("load", [])]
            loads.append("%.1f–%.1f" % (min(ls), max(ls)) if ls else "—")
        out.append("| load average (1 min) during the runs | " + " | ".join(loads) + " |")

    def ratio(n1, s1, n2, s2):
        x, y = med(n1, s1), med(n2, s2)
        return None if x is None or y is None or y == 0 else x / y

    out.append("")
    out.append("| ratio | target | " + " | ".join(label(s) for s in sizes) + " |")
    out.append("|---|---|" + "---:|" * len(sizes))

    def row(text, target, fn, fmt="%.2f"):
        vals = [fn(s) for s in sizes]
        out.append("| %s | %s | %s |" % (text, target, " | ".join("—" if v is None else fmt % v for v in vals)))

    row("warm overdue / git status", "≤ 3", lambda s: ratio("overdue_warm", s, "git_status", s))
    row("warm overdue / task overdue", "≤ 0.5", lambda s: ratio("overdue_warm", s, "task_overdue", s))
    row("warm report year / git status", "—", lambda s: ratio("report_year_warm", s, "git_status", s))
    row("cold jobs 2 / jobs 1", "≤ 0.6", lambda s: ratio("overdue_cold_j2", s, "overdue_cold_j1", s))
    row("warm / cold overdue", "—", lambda s: ratio("overdue_warm", s, "overdue_cold", s))
    small = sizes[0]
    row("add at this size / add at %s" % label(small), "≤ 1.5 (100k)", lambda s: ratio("add", s, "add", small))
    row("peak RSS warm overdue (MiB)", "≤ 150 (100k)",
        lambda s: recs[("overdue_warm", s)]["rss_kib"] / 1024 if ("overdue_warm", s) in recs else None, "%.1f")
    print("\n".join(out))


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("--out", required=True)
    r.add_argument("--name", required=True)
    r.add_argument("--size", default="-")
    r.add_argument("--runs", type=int, default=5)
    r.add_argument("--warmup", type=int, default=1)
    r.add_argument("--pre")
    r.add_argument("--post")
    r.add_argument("--cwd")
    r.add_argument("--ok", default="0")
    r.add_argument("argv", nargs=argparse.REMAINDER)
    p = sub.add_parser("pair")
    p.add_argument("--out", required=True)
    p.add_argument("--name-a", required=True)
    p.add_argument("--name-b", required=True)
    p.add_argument("--size", default="-")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--pre")
    p.add_argument("--cwd")
    p.add_argument("argv", nargs=argparse.REMAINDER)
    n = sub.add_parser("note")
    n.add_argument("--out", required=True)
    n.add_argument("--name", required=True)
    n.add_argument("--size", default="-")
    n.add_argument("--value", required=True)
    n.add_argument("--unit", default="s")
    t = sub.add_parser("table")
    t.add_argument("results")
    t.add_argument("--today")
    t.add_argument("--machine")
    t.add_argument("--date")
    a = ap.parse_args()
    if a.cmd == "note":
        a.value = float(a.value)
    {"run": cmd_run, "pair": cmd_pair, "note": cmd_note, "table": cmd_table}[a.cmd](a)


if __name__ == "__main__":
    main()
