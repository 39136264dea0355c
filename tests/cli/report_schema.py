#!/usr/bin/env python3
"""Validate the JSON of `duban report --format json` (SPEC §9).

    python3 report_schema.py FILE|-

Checks the documented shape
    {"from","to","as_of","by","totals":{…},"groups":[{"key",…}],"flagged":[…]}
plus the keys the renderer also emits (office, overdue, leaders, satisfaction,
scores; each metrics object also counts ratings: rated, satisfied,
basically_satisfied, dissatisfied, satisfaction_rate): every key present with the right type and no unknown key; counts are
whole numbers >= 0; rates are null or in [0, 1] and agree with their counts;
closed = closed_on_time + closed_late; total = closed + open; totals equal the sum over groups; the
overdue list matches totals.overdue; lists are in their documented order.
Prints "ok" and exits 0, or prints one line per problem and exits 1.
Plain python3 standard library.
"""

import json
import re
import sys

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ID = re.compile(r"^\d{4}-[A-Z]?\d{4}$")
COUNTS = ("total", "new", "closed", "closed_on_time", "closed_late", "open", "overdue")
RATES = ("completion_rate", "on_time_rate")
SATISFACTION_COUNTS = ("rated", "satisfied", "basically_satisfied", "dissatisfied")
SATISFACTION_KEYS = SATISFACTION_COUNTS + ("satisfaction_rate",)
METRIC_KEYS = COUNTS + RATES + SATISFACTION_KEYS
TOP_KEYS = ("from", "to", "as_of", "by", "office", "totals", "groups", "flagged", "overdue", "leaders",
            "satisfaction", "scores")
GROUP_BY = ("unit", "kind", "leader", "owner")

errors = []


def err(path, msg):
    errors.append(f"{path}: {msg}")


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def is_num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def keys_exactly(path, obj, keys):
    if not isinstance(obj, dict):
        err(path, f"expected an object, got {type(obj).__name__}")
        return False
    missing = [k for k in keys if k not in obj]
    extra = [k for k in obj if k not in keys]
    if missing:
        err(path, f"missing keys {missing}")
    if extra:
        err(path, f"unknown keys {extra}")
    return not missing


def date(path, v):
    if not isinstance(v, str) or not DATE.match(v):
        err(path, f"expected a YYYY-MM-DD date, got {v!r}")


def string(path, v):
    if not isinstance(v, str):
        err(path, f"expected a string, got {v!r}")


def count(path, v, minimum=0):
    if not is_int(v) or v < minimum:
        err(path, f"expected a whole number >= {minimum}, got {v!r}")
        return False
    return True


def rate_matches(path, rate, num, den):
    if den == 0:
        if rate is not None:
            err(path, f"denominator is 0, so the rate must be null; got {rate!r}")
        return
    if rate is None:
        err(path, f"denominator is {den}, so the rate must not be null")
        return
    if abs(rate - num / den) > 0.00006:  # rates are rounded to four decimals
        err(path, f"{rate} is not {num}/{den} = {num / den:.4f}")


def satisfaction(path, obj):
    """The rating counts and 满意率 of `obj` (SPEC §9); true when they are usable."""
    if not all(count(f"{path}.{k}", obj[k]) for k in SATISFACTION_COUNTS):
        return False
    if obj["rated"] != obj["satisfied"] + obj["basically_satisfied"] + obj["dissatisfied"]:
        err(path, f"rated {obj['rated']} is not satisfied + basically_satisfied + dissatisfied")
    rate = obj["satisfaction_rate"]
    if rate is not None and not is_num(rate):
        err(f"{path}.satisfaction_rate", f"expected a number or null, got {rate!r}")
        return False
    rate_matches(f"{path}.satisfaction_rate", rate, obj["satisfied"] + obj["basically_satisfied"], obj["rated"])
    return True


def metrics(path, obj, extra_keys):
    """A metrics object with `extra_keys` first (e.g. key); returns it when usable."""
    if not keys_exactly(path, obj, tuple(extra_keys) + METRIC_KEYS):
        return None
    ok = all(count(f"{path}.{k}", obj[k]) for k in COUNTS) and satisfaction(path, obj)
    for k in RATES:
        v = obj[k]
        if v is None:
            continue
        if not is_num(v):
            err(f"{path}.{k}", f"expected a number or null, got {v!r}")
            ok = False
        elif not 0 <= v <= 1:
            err(f"{path}.{k}", f"{v} is not in [0, 1]")
    if not ok:
        return None
    if obj["closed"] != obj["closed_on_time"] + obj["closed_late"]:
        err(path, f"closed {obj['closed']} != closed_on_time {obj['closed_on_time']} + "
                  f"closed_late {obj['closed_late']}")
    # every task in total is either closed within the period or open at its end
    # (交办总数 = 办结 + 在办), which also keeps the completion rate within [0, 1]
    if obj["total"] != obj["closed"] + obj["open"]:
        err(path, f"total {obj['total']} != closed {obj['closed']} + open {obj['open']}")
    if obj["new"] > obj["total"]:
        err(path, f"new {obj['new']} > total {obj['total']}")
    if obj["rated"] > obj["closed"]:
        err(path, f"rated {obj['rated']} > closed {obj['closed']}")
    if obj["overdue"] > obj["open"]:
        err(path, f"overdue {obj['overdue']} > open {obj['open']}")
    if is_num(obj["completion_rate"]) or obj["completion_rate"] is None:
        rate_matches(f"{path}.completion_rate", obj["completion_rate"], obj["closed"], obj["total"])
    if is_num(obj["on_time_rate"]) or obj["on_time_rate"] is None:
        rate_matches(f"{path}.on_time_rate", obj["on_time_rate"], obj["closed_on_time"],
                     obj["closed"] + obj["overdue"])
    return obj


def validate(d):
    if not keys_exactly("$", d, TOP_KEYS):
        return
    for k in ("from", "to", "as_of"):
        date(f"$.{k}", d[k])
    if isinstance(d["from"], str) and isinstance(d["to"], str) and d["from"] > d["to"]:
        err("$", f"from {d['from']} is after to {d['to']}")
    if d["by"] not in GROUP_BY:
        err("$.by", f"expected one of {GROUP_BY}, got {d['by']!r}")
    string("$.office", d["office"])

    totals = metrics("$.totals", d["totals"], ())

    groups = d["groups"]
    if not isinstance(groups, list):
        err("$.groups", "expected a list")
        groups = []
    good = []
    seen = set()
    for i, g in enumerate(groups):
        p = f"$.groups[{i}]"
        m = metrics(p, g, ("key",))
        if m is None:
            continue
        if not isinstance(g["key"], str):
            err(f"{p}.key", f"expected a string, got {g['key']!r}")
            continue
        if g["key"] in seen:
            err(f"{p}.key", f"duplicate group {g['key']!r}")
        seen.add(g["key"])
        good.append(m)
    if totals is not None and len(good) == len(groups):
        for k in COUNTS + SATISFACTION_COUNTS:
            s = sum(g[k] for g in good)
            if s != totals[k]:
                err(f"$.totals.{k}", f"{totals[k]} is not the sum over groups ({s})")
    # groups are ordered by on-time rate, best first; groups without a rate last
    rates = [g["on_time_rate"] for g in good]
    with_rate = [r for r in rates if r is not None]
    if rates[: len(with_rate)] != with_rate:
        err("$.groups", "groups without an on-time rate must come last")
    elif with_rate != sorted(with_rate, reverse=True):
        err("$.groups", f"groups are not ordered by on-time rate, best first: {with_rate}")

    flagged = d["flagged"]
    if not isinstance(flagged, list):
        err("$.flagged", "expected a list")
        flagged = []
    last = None
    for i, f in enumerate(flagged):
        p = f"$.flagged[{i}]"
        if not keys_exactly(p, f, ("unit", "late_closures")):
            continue
        string(f"{p}.unit", f["unit"])
        if isinstance(f["unit"], str) and not f["unit"]:
            err(f"{p}.unit", "empty unit")
        if count(f"{p}.late_closures", f["late_closures"], 1):
            if last is not None and f["late_closures"] > last:
                err(p, "flagged units are not ordered by late closures, most first")
            last = f["late_closures"]

    overdue = d["overdue"]
    if not isinstance(overdue, list):
        err("$.overdue", "expected a list")
        overdue = []
    last = None
    for i, o in enumerate(overdue):
        p = f"$.overdue[{i}]"
        if not keys_exactly(p, o, ("id", "title", "lead", "due", "days_overdue")):
            continue
        if not isinstance(o["id"], str) or not ID.match(o["id"]):
            err(f"{p}.id", f"expected a task id, got {o['id']!r}")
        string(f"{p}.title", o["title"])
        string(f"{p}.lead", o["lead"])
        date(f"{p}.due", o["due"])
        if count(f"{p}.days_overdue", o["days_overdue"], 1):
            if isinstance(d["to"], str) and isinstance(o["due"], str) and not o["due"] < d["to"]:
                err(f"{p}.due", f"{o['due']} is not before to {d['to']}")
            if last is not None and o["days_overdue"] > last:
                err(p, "the overdue list is not ordered most overdue first")
            last = o["days_overdue"]
    if totals is not None and len(overdue) != totals["overdue"]:
        err("$.overdue", f"{len(overdue)} items, but totals.overdue is {totals['overdue']}")

    leaders = d["leaders"]
    if not isinstance(leaders, list):
        err("$.leaders", "expected a list")
        leaders = []
    for i, l in enumerate(leaders):
        p = f"$.leaders[{i}]"
        if metrics(p, l, ("leader",)) is not None:
            string(f"{p}.leader", l["leader"])
            if isinstance(l["leader"], str) and not l["leader"]:
                err(f"{p}.leader", "empty leader")

    sat = d["satisfaction"]
    if keys_exactly("$.satisfaction", sat, SATISFACTION_KEYS + ("kinds",)) and satisfaction("$.satisfaction", sat):
        if totals is not None:
            for k in SATISFACTION_COUNTS:
                if sat[k] != totals[k]:
                    err(f"$.satisfaction.{k}", f"{sat[k]} is not totals.{k} ({totals[k]})")
        kinds = sat["kinds"]
        if not isinstance(kinds, list):
            err("$.satisfaction.kinds", "expected a list")
            kinds = []
        usable = []
        for i, k in enumerate(kinds):
            p = f"$.satisfaction.kinds[{i}]"
            if keys_exactly(p, k, ("kind",) + SATISFACTION_KEYS) and satisfaction(p, k):
                string(f"{p}.kind", k["kind"])
                if k["rated"] < 1:
                    err(f"{p}.rated", "a kind is listed only with ratings")
                usable.append(k)
        if len(usable) == len(kinds):
            for c in SATISFACTION_COUNTS:
                s = sum(k[c] for k in usable)
                if s != sat[c]:
                    err(f"$.satisfaction.{c}", f"{sat[c]} is not the sum over kinds ({s})")

    scores = d["scores"]
    if not isinstance(scores, list):
        err("$.scores", "expected a list")
        scores = []
    last = None
    for i, s in enumerate(scores):
        p = f"$.scores[{i}]"
        if not keys_exactly(p, s, ("unit", "score", "late_closures", "overdue", "escalation_levels")):
            continue
        string(f"{p}.unit", s["unit"])
        for k in ("late_closures", "overdue", "escalation_levels"):
            count(f"{p}.{k}", s[k])
        if not is_num(s["score"]):
            err(f"{p}.score", f"expected a number, got {s['score']!r}")
        else:
            if last is not None and s["score"] > last:
                err(p, "scores are not ordered best first")
            last = s["score"]


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    path = sys.argv[1]
    try:
        text = sys.stdin.read() if path == "-" else open(path, encoding="utf-8").read()
        d = json.loads(text)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        print(f"not readable JSON: {e}")
        return 1
    validate(d)
    if errors:
        print("\n".join(errors))
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
