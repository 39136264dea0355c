#!/usr/bin/env bash
# Two clones of one bare origin, random interleavings of add / progress /
# sync / renumber / delete-and-add (SPEC §4, §12). After every step, in both
# clones: every task the clone should hold is there exactly once, under one
# id, with its own uid and exactly its own log entries (counted), nothing of
# another task, no conflict markers; an id the origin has published never
# changes; every id change is a renumber entry naming the old id; an id once
# committed is never given to another task. Reproducible: the seed is printed,
# SYNC_SEED=N replays it.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/git_lib.sh"

STEPS="$(workload SYNC_STEPS 200 30)"
SCENARIOS=4
# A fixed seed, so that a run is the same everywhere; SYNC_SEED=N tries others.
SEED="${SYNC_SEED:-20261201}"
echo "test_sync_random: seed $SEED (replay with SYNC_SEED=$SEED), $STEPS steps in $SCENARIOS scenarios"

started=$SECONDS
for ((s = 1; s <= SCENARIOS; s++)); do
  make_pair || continue
  export DUBAN_TODAY="2025-0$((s + 1))-03"
  result="$("$PYTHON" - "$A" "$B" "$PAIR/origin.git" "$((SEED * 10 + s))" "$((STEPS / SCENARIOS))" "$DUBAN" <<'PY'
import os, random, re, subprocess, sys

A, B, ORIGIN, seed, steps, DUBAN = sys.argv[1:7]
rng = random.Random(int(seed))
steps = int(steps)
CLONES = {"A": A, "B": B}
failures = []
checks = 0
trace = []

def sh(args, cwd):
    p = subprocess.run(args, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True)
    return p.returncode, p.stdout, p.stderr

def duban(c, *args):
    return sh([DUBAN, *args], CLONES[c])

def expect(ok, what):
    global checks
    checks += 1
    if not ok:
        failures.append(f"step {len(trace)} ({trace[-1] if trace else 'start'}): {what}")
    return ok

# ---- what the files say
FIELD = re.compile(r"^(id|uid): (\S+)$", re.M)

def read_tasks(root_files):
    """{path: {"id","uid","labels","texts","renumber_from","markers"}} for task files given as {path: text}."""
    out = {}
    for path, text in root_files.items():
        f = dict(FIELD.findall(text))
        tags = re.search(r"^tags:\n((?:  - .*\n)+)", text, re.M)
        labels = re.findall(r"^  - (\S+)$", tags.group(1), re.M) if tags else []
        out[path] = {
            "id": f.get("id"), "uid": f.get("uid"), "labels": labels,
            "texts": re.findall(r"^    text: (.*)$", text, re.M),
            "renumber_from": re.findall(r"^    type: renumber\n    from: (\S+)$", text, re.M),
            "markers": bool(re.search(r"^(<<<<<<<|=======|>>>>>>>)", text, re.M)),
        }
    return out

def clone_files(c):
    files = {}
    base = os.path.join(CLONES[c], "tasks")
    for dirpath, _, names in os.walk(base):
        for n in names:
            if n.endswith(".yaml"):
                p = os.path.join(dirpath, n)
                files[os.path.relpath(p, CLONES[c])] = open(p, encoding="utf-8").read()
    return files

def origin_files():
    _, out, _ = sh(["git", "--git-dir", ORIGIN, "ls-tree", "-r", "--name-only", "HEAD", "--", "tasks/"], ORIGIN)
    paths = out.split()
    p = subprocess.run(["git", "--git-dir", ORIGIN, "cat-file", "--batch"], input="".join(f"HEAD:{x}\n" for x in paths),
                       stdout=subprocess.PIPE, text=True, encoding="utf-8")
    files, rest = {}, p.stdout.encode("utf-8")
    for path in paths:
        head, rest = rest.split(b"\n", 1)
        size = int(head.split()[2])
        files[path], rest = rest[:size].decode("utf-8"), rest[size + 1:]
    return files

# ---- the model: what each clone and the origin should hold
# know[x] = {label: set of progress texts} for x in A, B, origin; deleted labels are gone everywhere they are known.
know = {"A": {}, "B": {}, "origin": {}}
deleted = set()           # labels deleted (by someone)
gone = {"A": set(), "B": set(), "origin": set()}   # deletions each side knows of
uid_of = {}               # label -> uid (from the file at creation)
texts_of = {}             # label -> every progress text ever written for it (global)
ids_of = {}               # label -> list of ids it had, in order (as observed)
published = {}            # label -> the id the origin first showed it under
ever_ids = {"A": set(), "B": set()}   # ids a clone ever had a file for
made = {"A": 0, "B": 0}
texts_made = 0

def where(c):
    """label -> (path, info) for the task files of clone c, checking each file on the way."""
    found = {}
    for path, t in read_tasks(clone_files(c)).items():
        expect(not t["markers"], f"{c}: {path} holds conflict markers")
        expect(os.path.basename(path) == f"{t['id']}.yaml", f"{c}: {path} states id {t['id']}")
        expect(len(t["labels"]) == 1, f"{c}: {path} holds one task, has labels {t['labels']}")
        for label in t["labels"]:
            expect(label not in found, f"{c}: task {label} is under two ids: {path} and {found.get(label, ('',))[0]}")
            found[label] = (path, t)
    return found

def check_clone(c):
    found = where(c)
    want = {l for l in know[c] if l not in gone[c]}
    expect(set(found) == want, f"{c}: holds {sorted(found)}, should hold {sorted(want)}")
    for label, (path, t) in found.items():
        if label not in want:
            continue
        expect(t["uid"] == uid_of[label], f"{c}: {label} has uid {t['uid']}, created with {uid_of[label]}")
        own = sorted(know[c][label])
        got = sorted(t["texts"])
        expect(got == own, f"{c}: {label} ({t['id']}) has entries {got}, should have exactly {own}")
        # Every id change is a renumber entry naming the id before, in order.
        hist = ids_of.setdefault(label, [t["id"]])
        if hist[-1] != t["id"]:
            hist.append(t["id"])
        expect(t["renumber_from"] == hist[:-1], f"{c}: {label} has renumber entries from {t['renumber_from']}, "
               f"had the ids {hist}")
        if label in published:
            expect(t["id"] == published[label], f"{c}: published {label} is {t['id']}, was published as {published[label]}")
        ever_ids[c].add(t["id"])

def check_origin():
    found = {}
    for path, t in read_tasks(origin_files()).items():
        for label in t["labels"]:
            expect(label not in found, f"origin: {label} under two ids")
            found[label] = t
    want = {l for l in know["origin"] if l not in gone["origin"]}
    expect(set(found) == want, f"origin holds {sorted(found)}, should hold {sorted(want)}")
    for label, t in found.items():
        if label in published:
            expect(t["id"] == published[label], f"origin: published {label} moved {published[label]} -> {t['id']}")
        else:
            published[label] = t["id"]
        expect(sorted(t["texts"]) == sorted(know["origin"].get(label, ())), f"origin: {label} entries {t['texts']}")

def current(c):
    return {label: t for label, (path, t) in where(c).items()}

# ---- the operations
def op_add(c):
    global texts_made
    made[c] += 1
    label = f"{c}{made[c]}"
    shared = rng.random() < 0.3  # one hotline ticket, registered by both clerks the same day
    title = "12345 反映幸福小区噪声扰民" if shared else f"督办事项{label}"
    kind = ["--kind", "hotline", "--ref", "12345-0087"] if shared else ["--kind", "instruction"]
    rc, out, err = duban(c, "add", title, *kind, "--lead", "城东区", "--tag", label)
    if not expect(rc == 0, f"{c}: add {label}: exit {rc}: {err.strip()}"):
        return
    new_id = out.strip()
    expect(new_id not in ever_ids[c], f"{c}: add gave {label} the id {new_id}, which this clone used before")
    text = open(os.path.join(CLONES[c], "tasks", new_id[:4], new_id + ".yaml"), encoding="utf-8").read()
    uid_of[label] = dict(FIELD.findall(text)).get("uid")
    ids_of[label] = [new_id]
    know[c][label] = set()
    texts_of[label] = set()
    trace[-1] += f" -> {label}={new_id}"

def live(c):
    return [l for l in know[c] if l not in gone[c] and l not in deleted]

def op_progress(c):
    global texts_made
    labels = live(c)
    if not labels:
        return op_add(c)
    label = rng.choice(sorted(labels))
    task_id = current(c)[label]["id"]
    texts_made += 1
    text = f"p-{label}-{texts_made}"
    rc, _, err = duban(c, "progress", task_id, text)
    if expect(rc == 0, f"{c}: progress {task_id} ({label}): exit {rc}: {err.strip()}"):
        know[c][label].add(text)
        texts_of[label].add(text)
    trace[-1] += f" {label}@{task_id}"

def merge_into(dst, src):
    for label, texts in know[src].items():
        know[dst].setdefault(label, set()).update(texts)
    gone[dst] |= gone[src]

def op_sync(c):
    rc, _, err = duban(c, "sync")
    if not expect(rc == 0, f"{c}: sync: exit {rc}: {err.strip()}"):
        return False
    merge_into(c, "origin")
    merge_into("origin", c)
    rc, out, _ = duban(c, "check")
    expect(rc == 0, f"{c}: check after sync: exit {rc}: {out.strip()}")
    check_origin()
    return True

def op_renumber(c):
    labels = live(c)
    if not labels:
        return op_add(c)
    label = rng.choice(sorted(labels))
    before = current(c)[label]["id"]
    rc, out, err = duban(c, "renumber", before)
    if label in published:
        expect(rc == 3 and "published" in err, f"{c}: renumber of published {label} ({before}): exit {rc}")
    else:
        expect(rc == 0, f"{c}: renumber of {label} ({before}), never pushed: exit {rc}: {err.strip()}")
        expect(out.strip() not in ever_ids[c], f"{c}: renumber gave {label} the used id {out.strip()}")
    trace[-1] += f" {label}@{before} -> {out.strip() or rc}"

def op_delete_and_add(c):
    # The clone's last task, if nobody ever recorded progress on it (so no
    # other clone can hold a change to it that the deletion would meet).
    tasks = current(c)
    candidates = [(t["id"], l) for l, t in tasks.items() if not texts_of.get(l) and l not in deleted]
    if candidates:
        task_id, label = max(candidates)
        path = os.path.join("tasks", task_id[:4], task_id + ".yaml")
        sh(["git", "rm", "-q", path], CLONES[c])
        sh(["git", "commit", "-q", "-m", f"delete {task_id}"], CLONES[c])
        deleted.add(label)
        gone[c].add(label)
        trace[-1] += f" deleted {label}={task_id};"
    op_add(c)

OPS = [(op_add, 3), (op_progress, 4), (op_sync, 3), (op_renumber, 1), (op_delete_and_add, 1)]
for step in range(steps):
    c = rng.choice("AB")
    op = rng.choices([o for o, _ in OPS], weights=[w for _, w in OPS])[0]
    trace.append(f"{c} {op.__name__[3:]}")
    op(c)
    check_clone("A")
    check_clone("B")
    if failures:
        break
# Converge: A, B, A sync; then both clones and the origin hold every task not deleted.
for c in "ABA":
    if failures:
        break
    trace.append(f"{c} final sync")
    op_sync(c)
    check_clone("A")
    check_clone("B")
if not failures:
    everything = {l for l in uid_of if l not in deleted}
    for c in "AB":
        expect(set(current(c)) == everything, f"{c} after the final syncs holds {sorted(current(c))}")
        for label, t in current(c).items():
            expect(sorted(t["texts"]) == sorted(texts_of[label]), f"{c}: {label} lost or gained entries")
print(f"checks={checks} failures={len(failures)} tasks={len(uid_of)} deleted={len(deleted)} "
      f"published={len(published)} renumbered={sum(len(v) - 1 for v in ids_of.values())}")
for f in failures[:5]:
    print("FAILURE " + f)
if failures:
    print("TRACE " + " | ".join(trace[-12:]))
PY
)"
  summary="$(head -n 1 <<<"$result")"
  echo "test_sync_random: scenario $s: $summary"
  n_checks="$(sed -n 's/^checks=\([0-9]*\) .*/\1/p' <<<"$summary")"
  n_fail="$(sed -n 's/.* failures=\([0-9]*\) .*/\1/p' <<<"$summary")"
  if [[ -z "$n_checks" ]]; then
    fail "scenario $s ran" "$result"
    continue
  fi
  PASSED=$((PASSED + n_checks - n_fail))
  if ((n_fail > 0)); then
    fail "scenario $s (seed $SEED): $n_fail failed checks" "$(tail -n +2 <<<"$result")"
    FAILED=$((FAILED + n_fail - 1))
  fi
done
echo "test_sync_random: $((SECONDS - started)) s"
finish
