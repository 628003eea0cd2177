"""Headlines an audit found misread: each case is the wrong result it used to give."""

from __future__ import annotations

from datetime import date

import pytest

from thawwatch.signals import classify

FEB27 = date(2026, 2, 27)


def triples(title: str, summary: str = "", published: date | None = FEB27) -> set[tuple]:
    return {(s.measure, s.action, s.rate) for s in classify(title, summary, published).signals}


@pytest.mark.parametrize(
    "title, summary",
    [
        (
            "Letters to the editor: Lift the tariff on Chinese EVs now",
            "Readers respond to our coverage of the surtax.",
        ),
        ("Chronique | Ottawa a eu raison de lever la surtaxe sur les VÉ chinois", ""),
        ("Éditorial : Ottawa a eu raison de lever la surtaxe sur les VÉ chinois", ""),
        ("Opinion : la Chine a levé ses droits sur les pois canadiens", ""),
        ("Analyse : la Chine lève ses droits sur les pois canadiens", ""),
        ("Point de vue : Ottawa lève la surtaxe sur les VÉ chinois", ""),
        ("Lettres : Ottawa a levé la surtaxe sur les VÉ chinois", ""),
    ],
)
def test_opinion_pieces_make_no_signal(title: str, summary: str) -> None:
    assert classify(title, summary, FEB27).relevant
    assert triples(title, summary) == set()


def test_news_with_the_same_wording_still_signals() -> None:
    assert triples("Ottawa lève la surtaxe sur les VÉ chinois") == {("ca-ev-surtax", "remove", 0)}
