"""The labelled headline sets must meet the issue's targets (main set and holdout)."""

from __future__ import annotations

from pathlib import Path

import pytest

from thawwatch.signals import ACTIONS, DIRECTIONS, MEASURES, TOPICS
from thawwatch.signals.evaluate import Report, evaluate, load

DATA = Path(__file__).parent / "data"
SETS = ["headlines.jsonl", "headlines_holdout.jsonl"]


@pytest.fixture(scope="module", params=SETS)
def report(request: pytest.FixtureRequest) -> Report:
    return evaluate(load(DATA / request.param))


def test_relevance_f1(report: Report) -> None:
    assert report.relevance.f1 >= 0.95, report.errors


def test_topic_micro_f1(report: Report) -> None:
    assert report.topic_micro.f1 >= 0.9, report.errors


def test_direction_accuracy(report: Report) -> None:
    assert report.direction_accuracy >= 0.85, report.errors


def test_signal_precision_and_recall(report: Report) -> None:
    assert report.signals.precision >= 0.95, report.errors
    assert report.signals.recall >= 0.85, report.errors


def test_main_set_covers_the_issue() -> None:
    items = load(DATA / "headlines.jsonl")
    assert len(items) >= 100
    assert sum(not i["relevant"] for i in items) >= 30
    assert {t for i in items for t in i["topics"]} == set(TOPICS)
    assert {i["direction"] for i in items if i["relevant"]} == set(DIRECTIONS)
    assert {s["action"] for i in items for s in i["signals"]} == set(ACTIONS)
    assert {s["measure"] for i in items for s in i["signals"]} == set(MEASURES)
    for item in items:
        assert set(item) == {
            "title",
            "summary",
            "published",
            "relevant",
            "topics",
            "direction",
            "signals",
        }
        assert item["relevant"] or (not item["topics"] and not item["signals"])
    holdout = load(DATA / "headlines_holdout.jsonl")
    assert len(holdout) >= 20
    assert not {i["title"] for i in holdout} & {i["title"] for i in items}


def test_french_and_chinese_headlines() -> None:
    """165 French and Chinese headlines (Radio-Canada, La Presse …; Xinhua, MOFCOM, Hong
    Kong papers) written by two reviewers, labelled for relevance and direction only.
    Before these rules were tuned on them, 84 had a wrong direction and 43 a wrong
    relevance; this keeps what was won."""
    import json
    from datetime import date

    from thawwatch.signals import classify

    rows = [json.loads(line) for line in
            (DATA / "headlines_fr_zh.jsonl").read_text("utf-8").splitlines() if line]
    assert len(rows) == 165 and {r["lang"] for r in rows} == {"fr", "zh"}
    wrong_relevance, wrong_direction = [], []
    for r in rows:
        got = classify(r["title"], r["summary"], date(2026, 11, 20))
        if got.relevant != r["relevant"]:
            wrong_relevance.append(r["title"])
        if got.direction != r["direction"]:
            wrong_direction.append((r["title"], got.direction, r["direction"]))
    assert len(wrong_relevance) <= 8, wrong_relevance  # 7 now
    assert len(wrong_direction) <= 21, wrong_direction  # 17 now


@pytest.mark.parametrize(("name", "limits"), [
    # file, and the most wrong, the most missed and the fewest exact readings kept
    ("headlines_zh_signals.jsonl", (1, 2, 42)),  # now 0, 1, 44; first reading 9, 15, 26
    ("headlines_fr_signals.jsonl", (1, 6, 37)),  # now 0, 5, 40; first reading 2, 14, 27
])
def test_chinese_and_french_tariff_signals(name: str, limits: tuple[int, int, int]) -> None:
    """45 Chinese headlines (MOFCOM, the tariff commission, Xinhua, Hong Kong papers) and
    45 French ones (Radio-Canada, La Presse, Le Devoir, Acadie Nouvelle …), each labelled
    with its tariff signals by a reviewer who never saw the rules: 25 changes and 20
    look-alikes (denials, refusals, hedges, inquiries, import bans, other countries'
    goods, anniversaries, rights). An extension's rate is not compared: the labels leave
    it empty, the rules give the relief's 0 or the duty's rate, as they do in English.
    The French misses are headlines that name no Canadian side ("Homard et crabe : la
    Chine suspend …"), which English rules do not read as Canada's either."""
    wrong, missed, exact = _score_signals(DATA / name)
    most_wrong, most_missed, least_exact = limits
    assert len(wrong) <= most_wrong, wrong
    assert len(missed) <= most_missed, missed
    assert exact >= least_exact, exact


def _score_signals(path: Path) -> tuple[list[str], list[str], int]:
    import json
    from datetime import date

    from thawwatch.signals import classify

    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]
    assert len(rows) == 45

    def key(s: dict) -> tuple:
        rate = None if s["action"] == "extend" or s["rate"] is None else float(s["rate"])
        return (s["measure"], s["action"], rate, s["effective"], s["until"], s["scope"])

    wrong, missed, exact = [], [], 0
    for r in rows:
        got = {key({"measure": s.measure, "action": s.action, "rate": s.rate,
                    "effective": s.effective and s.effective.isoformat(),
                    "until": s.until and s.until.isoformat(), "scope": s.scope})
               for s in classify(r["title"], r["summary"],
                                 date.fromisoformat(r["published"])).signals}
        want = {key(s) for s in r["signals"]}
        if {g[:2] for g in got} - {w[:2] for w in want}:
            wrong.append(r["title"])
        if {w[:2] for w in want} - {g[:2] for g in got}:
            missed.append(r["title"])
        exact += got == want
    return wrong, missed, exact
