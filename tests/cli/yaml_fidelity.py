"""Hostile strings for tests/cli/test_yaml_fidelity.sh, and the check that other
YAML readers (PyYAML, ruamel.yaml) read every task file to the values
`duban show --format json` prints.

  yaml_fidelity.py strings                 the strings, as a JSON list
  yaml_fidelity.py yaml-quote              stdin (a JSON list) as YAML double-quoted scalars, one a line
  yaml_fidelity.py compare SHOW.json FILE… every FILE read by each reader against SHOW.json

Runs under /usr/bin/python3 (Debian's python3-yaml, python3-ruamel.yaml).
"""
import datetime
import json
import sys

# Values YAML 1.1 (PyYAML) or 1.2 (ruamel) resolve to something other than a string.
RESOLVED = (
    "y Y yes Yes YES n N no No NO true True TRUE false False FALSE on On ON off Off OFF "
    "~ null Null NULL << = "
    "0 1 -1 +1 007 08 09 0b101 -0b1 +0b1_0 0o17 0o8 0x10 0xFF -0x1f 0x_1 1_000 1__0 1_ 0_ _ __ "
    "1:20 1:20.5 -1:20 190:20:30 1:60 12:5 1.5 .5 1. 0. -.5 +.5 1e3 1E3 1e+3 1e-3 1.5e-3 1.5E+3 "
    ".e3 1_0.5 1.5_ .inf -.inf +.inf .Inf .INF .nan .NaN .NAN -.nan 00 -0 +0 0o 0x 1e e3 "
    "2025-10-15 2025-1-5 2025-10-15T10:00:00Z 2001-12-14t21:59:43.10-05:00 2025-10-15x 12:00:00"
).split() + ["", "2025-10-15 10:00:00", "2025-10-15 x"]

INDICATORS = "-?:,[]{}#&*!|>'\"%@`"

SPECIAL = [
    "---", "...", "--- a", "... a", "---a", "...a", "----", ".....", "a\n---\nb", "a\n...\nb",
    "{}", "[]", "{a: b}", "[a, b]", "{", "}", "[", "]", "a]", "a}", "[a", "{a",
    "&a", "*a", "!tag", "!!str", "!<x>", "&a b", "*a b", "!!int 3", "!!binary aGk=",
    "%YAML 1.2", "%TAG ! x", "%", "? ", "?", "? a: b", "|", ">", "|-", ">+", "| a", "|2", "> a",
    "a: b", "a:b", "a :b", "a:", "a :", ":a", "a #b", "a#b", "#a", "a #", " #", "a\t#b",
    "key: value # comment", "a, b", "a,b", "- a", "-a", "-", "a -", "a- b", "@a", "`a`",
    "'", "''", "'a'", '"', '""', '"a"', 'a"b', "a'b", "\\", "\\\\", "a\\nb", "\\x41", "\\u0041",
    "\\N", '\\"', "a\\", " a", "a ", "  ", " ", "\ta", "a\t", "a\tb", "\t",
    "a\nb", "a\r\nb", "a\rb", "\n", "a\n", "\na", "a\n\nb", "a\n  b", "a\n#b", "a\n- b", "\r",
    "\u0085", "a\u0085b", "a\u2028b", "\u2028", "\u2029", "a\u2029", "\u0080", "a\u009fb",
    "\x7f", "a\x7fb", "\x01", "a\x1bb", "\x1b[31mred\x1b[0m",
    "\ufeff", "\ufeffa", "a\ufeff", "\ufffe", "a\uffffb", "\ue000", "\U0010fffd", "\U0001f600",
    "\u202e", "a\u202eb", "\u2066x\u2069", "\u200f", "\u200b", "\u00a0", "a\u00a0", "\u3000", "\u3000a",
    "😀", "👨‍👩‍👧", "🇨🇳", "e\u0301", "督办事项", "＃全角", "：全角冒号", "「引号」", "～", "—— 破折号",
    "长" * 3000, "a" * 2000, "a " * 700 + "b", "督办 # 事项 : 进展: 50%",
    "<script>alert(1)</script>", "${HOME}", "$(id)", "`id`", "%s%n", "{{x}}", "a/../b", "C:\\x",
    "=a", "<<a", "a=", "==", "<", ">>", "~a", "a~", "null a", "true false", "yes!", "No.",
]


def hostile_strings():
    base = list(RESOLVED) + [c for c in INDICATORS] + [c + "a" for c in INDICATORS] + SPECIAL
    out = []
    for s in base:
        out.append(s)
    # The same tokens inside a text: "x <s>" and "<s> x".
    for s in RESOLVED + list(INDICATORS):
        out.append("x " + s)
        out.append(s + " x")
    seen = set()
    unique = []
    for s in out:
        if s not in seen:
            seen.add(s)
            unique.append(s)
    return unique


def yaml_quote(s):
    """A YAML double-quoted scalar for s that every reader reads back as s."""
    out = ['"']
    for ch in s:
        o = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif o < 0x20 or o == 0x7F or 0x80 <= o <= 0x9F or o in (0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF):
            out.append("\\u%04x" % o)
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def normal(v):
    """A value as JSON holds it: dates as ISO text."""
    if isinstance(v, (datetime.date, datetime.datetime)):
        return v.isoformat()
    if isinstance(v, dict):
        return {normal(k): normal(x) for k, x in v.items()}
    if isinstance(v, list):
        return [normal(x) for x in v]
    return v


# What `show --format json` adds that is not in the file, and keys it prints
# empty when the file does not have them.
COMPUTED = {"light", "days_overdue", "effective_due", "pending_extension", "closed", "last_progress"}


def without_nulls(v):
    """duban's JSON value without the keys it prints as null inside lists and maps."""
    if isinstance(v, dict):
        return {k: without_nulls(x) for k, x in v.items() if x is not None}
    if isinstance(v, list):
        return [without_nulls(x) for x in v]
    return v


def differences(name, read, shown):
    problems = []
    for key, value in read.items():
        if key not in shown:
            problems.append(f"{name}: key {key!r} is not in duban's JSON")
        elif normal(value) != shown[key] and normal(value) != without_nulls(shown[key]):
            problems.append(f"{name}: {key!r}: the reader has {normal(value)!r}, duban {shown[key]!r}")
    for key, value in shown.items():
        if key not in read and key not in COMPUTED and value not in (None, [], {}):
            problems.append(f"{name}: {key!r} = {value!r} in duban's JSON is not in the file")
    return problems


def readers():
    import yaml

    out = [("PyYAML", lambda text: yaml.safe_load(text))]
    try:
        from ruamel.yaml import YAML

        def ruamel_load(text):
            return YAML(typ="safe", pure=True).load(text)

        out.append(("ruamel", ruamel_load))
    except ImportError:
        print("yaml_fidelity: ruamel.yaml is not installed: checked with PyYAML only", file=sys.stderr)
    return out


def compare(show_path, files):
    shown = json.load(open(show_path, encoding="utf-8"))
    if isinstance(shown, dict):
        shown = [shown]
    by_id = {t["id"]: t for t in shown}
    problems = []
    checked = 0
    for reader, load in readers():
        for path in files:
            text = open(path, encoding="utf-8").read()
            try:
                read = load(text)
            except Exception as e:  # any reader error is a finding
                problems.append(f"{reader}: {path}: does not parse: {str(e).splitlines()[0]}")
                continue
            if not isinstance(read, dict) or read.get("id") not in by_id:
                problems.append(f"{reader}: {path}: no task duban shows")
                continue
            problems += differences(f"{reader}: {path}", read, by_id[read["id"]])
            checked += 1
    for p in problems[:40]:
        print(p)
    if len(problems) > 40:
        print(f"… and {len(problems) - 40} more")
    print(f"checked {checked} file readings, {len(problems)} differences")
    return 1 if problems else 0


def main():
    if sys.argv[1] == "strings":
        json.dump(hostile_strings(), sys.stdout, ensure_ascii=False)
    elif sys.argv[1] == "yaml-quote":
        for s in json.load(sys.stdin):
            print(yaml_quote(s))
    elif sys.argv[1] == "compare":
        sys.exit(compare(sys.argv[2], sys.argv[3:]))


if __name__ == "__main__":
    main()
