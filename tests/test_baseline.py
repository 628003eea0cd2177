"""The seed-article baseline: bundled data, its ties to the ledger, changes since, and bad files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from thawwatch.baseline import changes_since, load_baseline
from thawwatch.errors import DataError
from thawwatch.ledger import MEASURE_IDS, TOPICS
from thawwatch.ledger_file import load_ledger

D = date.fromisoformat
BASELINE = load_baseline()
LEDGER = load_ledger()


def test_bundled_baseline_cites_the_article() -> None:
    art = BASELINE.article
    assert art.title == "After Years of Hostility, Carney Opens the Door to Beijing"
    assert (art.outlet, art.author, art.date) == ("Coastal Front", "Reid Small", D("2025-11-03"))
    assert "no date" in art.date_note and "within days" in art.date_note
    assert BASELINE.baseline_date == D("2025-11-03")


@pytest.mark.parametrize("topic", TOPICS)
def test_every_topic_has_claims(topic: str) -> None:
    claims = BASELINE.claims_for(topic)
    assert claims and all(c.topic == topic for c in claims)


def test_claims_are_unique_and_tied_to_real_measures() -> None:
    ids = [c.id for c in BASELINE.claims]
    assert len(ids) == len(set(ids))
    tied = {c.measure for c in BASELINE.claims if c.measure}
    assert tied <= set(LEDGER.measures)
    expected = {m for m in MEASURE_IDS if m != "cn-canola-meal"}  # the article names "canola"
    assert tied == expected
    assert BASELINE.claims_for("nope") == []


def test_claim_rates_agree_with_the_ledger_on_the_baseline_date() -> None:
    rated = {c.measure: c.rate for c in BASELINE.claims if c.rate is not None}
    assert rated == {"ca-ev-surtax": 100, "ca-steel-aluminum-surtax": 25, "cn-canola-seed-ad": 75.8}
    for mid, rate in rated.items():
        assert LEDGER.state(mid, BASELINE.baseline_date).rate == rate


def test_key_claims_carry_their_dates() -> None:
    by_id = {c.id: c for c in BASELINE.claims}
    assert by_id["carney-xi-meeting"].date == D("2025-10-31")
    assert "Gyeongju" in by_id["carney-xi-meeting"].summary
    assert by_id["tourism-ads-restored"].date == D("2025-11-03")
    assert by_id["tourism-ads-restored"].measure == "cn-tourism-ads"
    assert "2023" in by_id["tourism-ads-restored"].summary
    assert "75%" in by_id["cn-canola-seed"].summary and "75.8%" in by_id["cn-canola-seed"].summary
    assert by_id["reset-harper"].date is None


def test_changes_since_lists_exactly_what_changed() -> None:
    changes = changes_since(LEDGER, BASELINE, D("2026-11-28"))
    got = {old.measure.id: (old.rate, old.status, new.rate, new.status) for old, new in changes}
    assert got == {
        "ca-ev-surtax": (100, "in_force", 0, "removed"),
        "cn-canola-seed-ad": (75.8, "in_force", 5.9, "in_force"),
        "cn-canola-meal": (100, "in_force", 0, "suspended"),
        "cn-peas": (100, "in_force", 0, "suspended"),
        "cn-seafood": (25, "in_force", 0, "suspended"),
    }
    assert [old.measure.id for old, _ in changes] == [m for m in MEASURE_IDS if m in got]
    assert all(old.since and old.since <= BASELINE.baseline_date for old, _ in changes)


def test_changes_since_baseline_day_is_empty_and_suspensions_lapse() -> None:
    assert changes_since(LEDGER, BASELINE, BASELINE.baseline_date) == []
    after = changes_since(LEDGER, BASELINE, D("2027-01-01"))
    assert [old.measure.id for old, _ in after] == ["ca-ev-surtax", "cn-canola-seed-ad"]


# ------------------------------------------------------------------------------------- bad files

_GOOD = """
baseline_date = 2025-11-03

[article]
title = "T"
outlet = "O"
author = "A"
date = 2025-11-03
date_note = "n"

[[claims]]
id = "c1"
topic = "ev"
measure = "ca-ev-surtax"
rate = 100
summary = "s"
"""

_ARTICLE = (
    '[article]\ntitle = "T"\noutlet = "O"\nauthor = "A"\ndate = 2025-11-03\ndate_note = "n"\n'
)
_DUP = '[[claims]]\nid = "c1"\ntopic = "ev"\nsummary = "x"\n\n[[claims]]'
BAD = [
    ("bad topic", ('topic = "ev"', 'topic = "cars"'), "claim c1: unknown topic 'cars'"),
    ("bad measure", ('"ca-ev-surtax"', '"ca-ev"'), "claim c1: unknown measure 'ca-ev'"),
    ("no summary", ('summary = "s"', ""), "claim c1: missing or empty 'summary'"),
    ("bad rate", ("rate = 100", 'rate = "100%"'), "claim c1: rate must be"),
    ("bad claim date", ("rate = 100", 'rate = 100\ndate = "soon"'), "claim c1: bad or missing"),
    ("claim key", ("rate = 100", "rate = 100\nsource = 1"), "claim c1: unknown key 'source'"),
    ("no author", ('author = "A"\n', ""), "article: missing or empty 'author'"),
    ("article date", ("date = 2025-11-03\ndate_note", 'date = "x"\ndate_note'), "article: bad"),
    ("no baseline date", ("baseline_date = 2025-11-03", ""), "bad or missing baseline_date"),
    ("unknown table", ("[article]", "[other]"), "unknown top-level key 'other'"),
    ("no article", (_ARTICLE, ""), "missing [article] table"),
    ("duplicate claim", ("[[claims]]", _DUP), "claim c1: duplicate claim id"),
    ("invalid toml", ("[article]", "[article"), "invalid TOML"),
]


@pytest.mark.parametrize(("old_new", "problem"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_baseline_raises_data_error_naming_file(
    tmp_path: Path, old_new: tuple[str, str], problem: str
) -> None:
    old, new = old_new
    assert old in _GOOD
    path = tmp_path / "baseline.toml"
    path.write_text(_GOOD.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_baseline(path)
    msg = str(info.value)
    assert msg.startswith(f"{path}: ") and problem in msg and "\n" not in msg


def test_minimal_baseline_loads_and_missing_file_fails(tmp_path: Path) -> None:
    path = tmp_path / "baseline.toml"
    path.write_text(_GOOD, encoding="utf-8")
    base = load_baseline(path)
    assert base.claims[0].rate == 100.0 and base.claims[0].date is None
    with pytest.raises(DataError, match="cannot read"):
        load_baseline(tmp_path / "missing.toml")
