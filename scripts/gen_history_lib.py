# Independent re-derivation of `git vep log` events from a repository, used by `gen-history --verify`.
"""
A small reference reader of the documents gen-history writes (not a general VEP parser): it reads
git objects only, follows the first-parent chain of a ref, compares each commit with its first
parent and derives the events of the contract in gen-history's header. Used to check that the
generated documents really say what the generator tracked.
"""

import json
import re
import subprocess

STAGES = ("alpha", "beta", "ga")
RELEASE = re.compile(r"^[vV]?(\d+)\.(\d+)(?:\.\d*)?(?![0-9A-Za-z])")
# `# VEP #97.1: …` claims no number (as git-vep reads it).
HEADING_NUMBER = re.compile(r"^#\s+VEP\b\s*(?:#|-)?\s*(\d+)(?!\d|\.\d)", re.IGNORECASE)
# A title heading, with or without a number: `# VEP: Title`, `# VEP #…`, `# VEP-42 …`, `# VEP 42 …`.
HEADING_TITLE = re.compile(r"^#\s+VEP\s*(?:#|-|:|\d)", re.IGNORECASE)
TARGET = re.compile(r"^\s*This VEP target(?:s|ed)\s+(\S+)\s+for(?:\s+version)?\s*:\s*(.*)$", re.IGNORECASE)
SHIP = re.compile(r"^\s*Ship target version\s*:\s*(.*)$", re.IGNORECASE)
PR_END = re.compile(r"\(#(\d+)\)$")
PR_MERGE = re.compile(r"^Merge pull request #(\d+) from ")
TEMPLATE = "veps/NNNN-vep-template/"


def release(text):
    text = text.strip().strip("\"'").strip()
    m = RELEASE.match(text)
    return f"v{int(m.group(1))}.{int(m.group(2))}" if m else None


def parse(text):
    """(number or None, status, stage, {stage: release}, reads as a VEP) of one document."""
    lines = text.split("\n")
    number = status = stage = None
    ms = {s: None for s in STAGES}
    body_start = 0
    fm = False
    reads_as_vep = False
    if lines and lines[0] == "---":
        end = lines.index("---", 1)
        fm = True
        body_start = end + 1
        in_ms = False
        for line in lines[1:end]:
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            indented = line.startswith(" ")
            key, _, value = line.strip().partition(":")
            if '"' not in value and "'" not in value:
                value = value.split(" #")[0]
            value = value.strip()
            if not indented:
                in_ms = key == "milestone"
                if key in ("status", "stage", "milestone", "authors"):
                    reads_as_vep = True
                if key == "vep-number":
                    number = int(value)
                elif key == "status":
                    status = value or None
                elif key == "stage":
                    stage = value or None
            elif in_ms and key in STAGES:
                ms[key] = release(value)
    fence = None
    comment = False
    section = ""
    heading_seen = False
    legacy = {s: None for s in STAGES}
    for line in lines[body_start:]:
        stripped = line.strip()
        if comment:
            if "-->" in line:
                comment = False
            continue
        if fence:
            if stripped.startswith(fence):
                fence = None
            continue
        if stripped.startswith("```") or stripped.startswith("~~~"):
            fence = stripped[:3]
            continue
        if stripped.startswith("<!--"):
            comment = "-->" not in stripped
            continue
        if line.startswith("#"):
            if not heading_seen:
                heading_seen = True
                m = HEADING_NUMBER.match(line)
                if m and number is None:
                    number = int(m.group(1))
                if HEADING_TITLE.match(line):
                    reads_as_vep = True
            section = line.lstrip("#").strip().lower()
            continue
        if not fm and ("target release" in section or "status metadata" in section) and stripped.startswith("- "):
            item = stripped[2:]
            struck = item.startswith("~") and item.endswith("~") and len(item) > 1
            m = TARGET.match(item)
            if m:
                st = {"alpha": "alpha", "beta": "beta", "ga": "ga"}.get(m.group(1).lower())
                if st:
                    reads_as_vep = True
                if st and not struck:
                    legacy[st] = legacy[st] or release(m.group(2))
            m = SHIP.match(item)
            if m:
                reads_as_vep = True
            if m and not struck:
                legacy["ga"] = legacy["ga"] or release(m.group(1))
    if not fm:
        ms = legacy
    return number, status, stage, ms, reads_as_vep


class Reader:
    def __init__(self, git_dir):
        self.proc = subprocess.Popen(["git", "--git-dir", git_dir, "cat-file", "--batch"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.cache = {}

    def parsed(self, oid):
        if oid not in self.cache:
            self.proc.stdin.write(oid.encode() + b"\n")
            self.proc.stdin.flush()
            header = self.proc.stdout.readline().split()
            size = int(header[2])
            data = self.proc.stdout.read(size + 1)[:size]
            self.cache[oid] = parse(data.decode("utf-8"))
        return self.cache[oid]


def location_of(path):
    """veps/<g>/<dir> for files inside a VEP folder, veps/<g>/<file>.md for loose files, else None."""
    if not path.startswith("veps/") or path.startswith(TEMPLATE):
        return None
    parts = path.split("/")
    if len(parts) == 3:
        return path if path.endswith(".md") else None
    if len(parts) >= 4:
        return "/".join(parts[:3])
    return None


def derive(git_dir, ref="main"):
    """Expected events, derived from the repository alone."""
    reader = Reader(git_dir)
    log = subprocess.run(["git", "--git-dir", git_dir, "log", "--first-parent", "--reverse", "--root",
                          "--diff-merges=first-parent", "--raw", "--no-abbrev", "--no-renames",
                          "--format=%x01%H%x00%an%x00%ae%x00%cI%x00%s", ref],
                         check=True, capture_output=True).stdout.decode("utf-8")
    blobs = {}      # path under veps/ -> oid
    folders = {}    # location -> set of paths
    entries = {}    # location -> (number, snapshot)
    events = []
    for record in log.split("\x01")[1:]:
        head, _, raw = record.partition("\n")
        sha, name, email, date, subject = head.split("\x00")
        touched = []
        for line in raw.split("\n"):
            if not line.startswith(":"):
                continue
            meta, path = line.split("\t", 1)
            loc = location_of(path)
            if loc is None:
                continue
            fields = meta.split()
            oid, status = fields[3], fields[4]
            if status == "D":
                blobs.pop(path, None)
                folders[loc].discard(path)
            else:
                blobs[path] = oid
                folders.setdefault(loc, set()).add(path)
            touched.append(loc)
        if not touched:
            continue
        before, after = {}, {}
        for loc in dict.fromkeys(touched):
            old = entries.pop(loc, None)
            if old:
                before[old[0]] = old[1]
            doc = loc if loc.endswith(".md") and loc.count("/") == 2 else loc + "/vep.md"
            folder_number = None
            if doc == loc + "/vep.md":
                m = re.match(r"(\d+)-", loc.split("/")[2])
                folder_number = int(m.group(1)) if m else None
                if doc not in blobs:
                    # No vep.md: the folder's one Markdown document that carries a number, else (in a numbered
                    # folder) the one that reads as a VEP.
                    children = sorted(p for p in folders.get(loc, ()) if p.count("/") == 3 and p.lower().endswith(".md"))
                    parsed = [(p, reader.parsed(blobs[p])) for p in children]
                    numbered = [p for p, d in parsed if d[0] is not None]
                    if not numbered and folder_number is not None:
                        numbered = [p for p, d in parsed if d[4]]
                    if len(numbered) == 1:
                        doc = numbered[0]
            if doc in blobs:
                number, status, stage, ms, _ = reader.parsed(blobs[doc])
                if number is None:
                    number = folder_number
                if number is not None:
                    entries[loc] = (number, (doc, status, stage, ms["alpha"], ms["beta"], ms["ga"]))
                    after[number] = entries[loc][1]
        # A number may move between touched and untouched locations only if both were touched.
        m = PR_END.search(subject) or PR_MERGE.match(subject)
        pr = int(m.group(1)) if m else None
        common = {"commit": sha, "date": date, "author": {"name": name, "email": email}, "pr": pr}
        for n in sorted(set(before) | set(after)):
            old, new = before.get(n), after.get(n)
            evs = []
            if old == new:
                continue
            if old is None:
                evs.append(("created", None, None, new[0]))
                for i, kind in ((1, "status"), (2, "stage")):
                    if new[i] is not None:
                        evs.append((kind, None, None, new[i]))
                for i, s in enumerate(STAGES):
                    if new[3 + i] is not None:
                        evs.append(("milestone", s, None, new[3 + i]))
            elif new is None:
                evs.append(("deleted", None, old[0], None))
            else:
                if old[0] != new[0]:
                    evs.append(("moved", None, old[0], new[0]))
                for i, kind in ((1, "status"), (2, "stage")):
                    if old[i] != new[i]:
                        evs.append((kind, None, old[i], new[i]))
                for i, s in enumerate(STAGES):
                    if old[3 + i] != new[3 + i]:
                        evs.append(("milestone", s, old[3 + i], new[3 + i]))
            for kind, field, frm, to in evs:
                e = {"vep": n}
                e.update(common)
                e.update({"kind": kind, "field": field, "from": frm, "to": to})
                events.append(e)
    reader.proc.stdin.close()
    reader.proc.wait()
    return events


def verify(git_dir, events_path):
    """Compares the derived events with the file; returns a list of problems (empty when equal)."""
    derived = derive(git_dir)
    with open(events_path, encoding="utf-8") as f:
        expected = [json.loads(line) for line in f]
    problems = []
    for i, (a, b) in enumerate(zip(expected, derived)):
        if a != b:
            problems.append(f"event {i}: expected {json.dumps(a, ensure_ascii=False)}\n"
                            f"          derived  {json.dumps(b, ensure_ascii=False)}")
            if len(problems) >= 10:
                break
    if len(expected) != len(derived):
        problems.append(f"{len(expected)} expected events, {len(derived)} derived")
    return problems
