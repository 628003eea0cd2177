"""Prove that a change to the signal rules' *machinery* left every classification unchanged.

Runs ``classify`` over the labelled sets (tests/data/*.jsonl), the 2,500 items of the refresh
bench fixture (50 feeds × 50 items, parsed by ``parse_feed`` as bench/refresh.py does, with a
fixed anchor so the run is deterministic), a few thousand generated strings mixing rule terms,
numbers, percentages, dates and punctuation (fixed seed), and a slice of those under user
rules merged by ``load_rules``. Every field of every result is dumped as canonical JSON.

    python bench/signals_equivalence.py [--out /tmp/signals_before.json]   # record
    python bench/signals_equivalence.py --compare /tmp/signals_before.json \
        [--out /tmp/signals_after.json]                                     # check

Record with the old code (e.g. a checkout of it first on PYTHONPATH), check with the new:
``--compare`` writes the same canonical JSON and exits 1 unless it is byte-identical to the
recording (``cmp`` the two files to see for yourself); it prints the first differences and
items/s before and after. The recorded file also holds the *inputs*, and ``--compare``
classifies those, so a change to the feed parser made meanwhile cannot masquerade as a
classifier difference (it is reported separately). Speed is the best of N passes, after a
first pass (the machine is shared; lazily built regexes are not what is being timed).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from thawwatch.signals import Classification, Rules, classify, load_rules  # noqa: E402
from thawwatch.signals.rules import bundled_data  # noqa: E402

ANCHOR = datetime(2026, 1, 12, 9, 30, tzinfo=UTC)
DATA = ROOT / "tests" / "data"
Item = tuple[str, str, str | None]  # title, summary, published (ISO) — JSON-friendly

# User rules exercising the merge: new cue with a raw pattern, overlapping plain terms,
# a capitals-only (case-sensitive) term, extended products/sides/topics, changed numbers.
USER_RULES: dict[str, Any] = {
    "relevance": {"canada": ["Maple Nation", "CAN"], "china": ["Zhongguo", "Middle Kingdom"]},
    "topics": {"agriculture": {"keywords": ["durum", "canola meal exports", "soy*"]}},
    "measures": {"cn-peas": {"products": ["pulses", "pulse crops"]}},
    "direction": {
        "window": 7,
        "cues": {
            "boycott": {"terms": ["re:\\bboycott\\w*", "shun*"], "score": -5, "captures": 3},
            "visit": {"score": -3},
            "thaw": {"terms": ["thaw", "ice melts", "TW"], "score": 6, "weight": 0.5},
        },
        "modifiers": {"hedge": {"terms": ["perhaps", "maybe"], "factor": 0.3}},
        "verbs": {"suspend": {"terms": ["shelve*", "shelv*"]}},
    },
    "tariffs": {"actions": {"remove": ["axe*", "axing"]}, "hedges": ["reportedly"]},
}


# --------------------------------------------------------------------------- inputs


def labelled() -> dict[str, list[Item]]:
    out = {}
    for path in sorted(DATA.glob("*.jsonl")):
        rows = [json.loads(x) for x in path.read_text("utf-8").splitlines() if x.strip()]
        out[f"labelled:{path.stem}"] = [
            (r["title"], r.get("summary", ""), r.get("published") or None) for r in rows
        ]
    return out


def fixture(feeds: int = 50, items: int = 50) -> list[Item]:
    """The refresh bench's items, parsed as the CLI does (title, summary, published date)."""
    from feeds_fixture import build_feed

    from thawwatch.parse import parse_feed

    out: list[Item] = []
    for i in range(feeds):
        body = build_feed(i, items - 1, items, ANCHOR)
        url = f"http://127.0.0.{2 + i % 13}:8080/feed/{i}.xml"
        for it in parse_feed(body, url, ANCHOR).items:
            out.append((it.title, it.summary, it.published.date().isoformat()))
    return out


def _rule_terms() -> list[str]:
    """Every plain term of the bundled rules (raw patterns left out), as text."""
    terms: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            terms.extend(t for t in node if isinstance(t, str) and not t.startswith("re:"))

    walk(bundled_data())
    return sorted(set(terms))


_EXTRA = [
    "Canada", "China", "Beijing", "Ottawa", "Canadian", "Chinese", "US", "U.S.", "us", "EU",
    "not", "could", "may", "May 5", "Jennifer May", "the", "a", "its", "and", "or", "on",
    "of", "from", "to", "with", "for", "by", "until", "through", "since", "effective", "as of",
    "but", "while", "which", "who", "is", "was", "were", "been", "the end of the year",
    "next month", "for five years", "for good", "in a row", "de-escalation", "set to",
    "hit with", "end of the tariffs", "end of", "Mr.", "Dec.", "No.", "St.", "Inc.",
    "free", "freed", "tariff-free", "duty-free", "post-cut", "non-EV", "US$", "Indo-China",
    "Canadian Press", "Bank of Canada", "South China Morning Post", "can't", "won't",
    "don’t", "Canada’s", "China's", "ADS", "ads", "EVs", "evs", "canola oil, meal and seed",
    "rapeseed oil and meal", "canola meal or cake",
    # non-ASCII: accents, characters re folds onto ASCII letters, CJK, typographic marks
    "Montréal", "Québec", "Île", "Zhōngguó", "中国", "加拿大", "\u212aelvin", "\u017fuspends",
    "İstanbul", "ıt", "«tariffs»", "€5", "naïve", "ÉV", "Canadá", "Chinä",
]
_PUNCT = [",", ";", ":", ".", "!", "?", " - ", " – ", " — ", "(", ")", '"', "'", "“", "”",
          "‘", "’", "-", "/", "…", "\u00a0", "\t", "  "]
_MONTHS = ["Jan.", "January", "Feb", "March", "Apr", "June", "July", "Aug.", "Sept.",
           "October", "Nov", "December"]


def _number(rng: random.Random) -> str:
    n = rng.choice([0, 1, 2, 5, 5.9, 6.1, 15, 25, 50, 75.8, 100, 2026, 2027, 1999])
    return rng.choice([
        f"{n}", f"{n}%", f"{n} %", f"{n} per cent", f"{n} percent", f"{n}pct",
        f"from {n}% to {rng.choice([0, 5.9, 15, 25])}%", f"{n}% -> 6%", f"{n}% → 0%",
        f"about {n}%", "to zero", "nil", f"${n} billion",
    ])


def _date(rng: random.Random) -> str:
    m, d = rng.choice(_MONTHS), rng.randint(1, 31)
    return rng.choice([
        f"{m} {d}", f"{m} {d}, {rng.randint(2024, 2028)}", f"{d} {m} {rng.randint(2024, 2028)}",
        f"{rng.randint(2024, 2028)}-{rng.randint(1, 12):02d}-{d:02d}", f"until {m} {d}",
        f"through {rng.randint(2025, 2028)}", f"from {m} {d} to {m} {d}", "year-end",
        f"effective {m} {d}", f"since {m} {d}", f"expires on {m} {d}",
    ])


def _word(rng: random.Random, terms: list[str]) -> str:
    roll = rng.random()
    if roll < 0.55:
        t = rng.choice(terms).replace("*", rng.choice(["", "s", "ed", "ing", "ion", "al"]))
        style = rng.random()
        if style < 0.1:
            t = t.upper()
        elif style < 0.2:
            t = t.lower()
        elif style < 0.27:
            t = t.replace(" ", "-")
        elif style < 0.3:
            t = t.replace("-", "")
        elif style < 0.33:
            t = "-" + t
        elif style < 0.36:
            t = t + rng.choice(["-", "'s", "s", "x", "_1"])
        return t
    if roll < 0.75:
        return rng.choice(_EXTRA)
    if roll < 0.85:
        return _number(rng)
    if roll < 0.93:
        return _date(rng)
    return rng.choice(_PUNCT)


def _text(rng: random.Random, terms: list[str], lo: int, hi: int) -> str:
    out = []
    for _ in range(rng.randint(lo, hi)):
        w = _word(rng, terms)
        sep = rng.choice([" ", " ", " ", " ", ", ", ". ", "; ", "-", " - ", ""])
        out.append(w + sep)
    return "".join(out).strip()


def generated(n: int = 4000, seed: int = 20260112) -> list[Item]:
    rng = random.Random(seed)
    terms = _rule_terms()
    out: list[Item] = []
    for i in range(n):
        title = _text(rng, terms, 0 if i % 50 == 0 else 3, 16)
        summary = ""
        if rng.random() < 0.8:
            summary = " ".join(
                _text(rng, terms, 2, 25) + rng.choice([".", ".", "!", "?", ""])
                for _ in range(rng.randint(1, 5))
            )
        if rng.random() < 0.5:  # force both sides in, so the expensive stages run
            title = f"{rng.choice(['Canada', 'Ottawa', 'Carney'])} {title} "
            title += rng.choice(["China", "Beijing", "Chinese"])
        published = None
        if rng.random() < 0.85:
            published = date(2024 + rng.randint(0, 3), rng.randint(1, 12), rng.randint(1, 28))
        out.append((title, summary, published.isoformat() if published else None))
    return out


def build_inputs() -> dict[str, list[Item]]:
    sets = labelled()
    sets["fixture"] = fixture()
    sets["generated"] = generated()
    sets["user-rules"] = sets["generated"][:1500] + sets["labelled:headlines"]
    return sets


# --------------------------------------------------------------------------- outputs


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)  # exact: 6.0 and 6 must not look alike
    return value


def canonical(c: Classification) -> Any:
    return _plain(c)


def rules_for(name: str) -> Rules:
    return load_rules(USER_RULES) if name == "user-rules" else load_rules(None)


def run(items: list[Item], rules: Rules) -> list[Classification]:
    return [
        classify(t, s, date.fromisoformat(p) if p else None, rules) for t, s, p in items
    ]


def best_of(fn: Callable[[], Any], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def speeds(sets: dict[str, list[Item]], repeat: int) -> dict[str, float]:
    out = {}
    for name, items in sets.items():
        rules = rules_for(name)
        run(items, rules)  # a first pass builds what is built lazily
        secs = best_of(lambda items=items, rules=rules: run(items, rules), repeat)
        out[name] = len(items) / secs
    return out


def results(sets: dict[str, list[Item]]) -> dict[str, list[Any]]:
    return {name: [canonical(c) for c in run(items, rules_for(name))] for name, items in
            sets.items()}


def dump(doc: Any) -> str:
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, indent=0)


def _diffs(name: str, items: list[Item], old: list[Any], new: list[Any]) -> Iterator[str]:
    for i, (item, a, b) in enumerate(zip(items, old, new, strict=True)):
        if a != b:
            yield f"{name}[{i}] {item!r}\n  before {dump(a)}\n  after  {dump(b)}"


def _speed_path(out: Path) -> Path:
    return out.with_name(out.stem + ".speed.json")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=None, help="where to write the canonical JSON")
    ap.add_argument("--compare", type=Path, help="a recorded file to check against")
    ap.add_argument("--repeat", type=int, default=5, help="timing passes (min is kept)")
    args = ap.parse_args()
    out: Path = args.out or Path(
        "/tmp/signals_after.json" if args.compare else "/tmp/signals_before.json"
    )
    old_speed: dict[str, float] = {}
    if args.compare:
        before = json.loads(args.compare.read_text("utf-8"))
        sets = {k: [tuple(x) for x in v] for k, v in before["inputs"].items()}
        for name, items in build_inputs().items():
            if [list(x) for x in items] != [list(x) for x in sets.get(name, [])]:
                print(f"note: inputs of {name!r} differ from the recording (parser change?);"
                      " comparing on the recorded inputs")
        speed_file = _speed_path(args.compare)
        old_speed = json.loads(speed_file.read_text("utf-8")) if speed_file.exists() else {}
    else:
        sets = build_inputs()
    now = results(sets)
    text = dump({"inputs": sets, "results": now}) + "\n"
    out.write_text(text, "utf-8")
    speed = speeds(sets, args.repeat)
    _speed_path(out).write_text(json.dumps(speed, indent=1) + "\n", "utf-8")
    print(f"{'set':<24} {'items':>6} {'relevant':>8} {'before/s':>9} {'after/s':>9} {'×':>6}")
    for name, items in sets.items():
        old = old_speed.get(name, float("nan"))
        relevant = sum(r["relevant"] for r in now[name])
        print(f"{name:<24} {len(items):>6} {relevant:>8} {old:>9.0f} {speed[name]:>9.0f}"
              f" {speed[name] / old:>6.2f}")
    print(f"wrote {out} (and {_speed_path(out).name})")
    if not args.compare:
        return
    same = text == args.compare.read_text("utf-8")
    if not same:
        for name in sets:
            for line in list(_diffs(name, sets[name], before["results"][name], now[name]))[:5]:
                print(line)
    total = sum(len(v) for v in sets.values())
    print(f"{'IDENTICAL' if same else 'DIFFERENT'}: {total} classifications;"
          f" byte-identical JSON: {same}")
    sys.exit(0 if same else 1)


if __name__ == "__main__":
    main()
