"""Chinese, Japanese and Korean text in search: any part of a run of CJK characters finds it.

FTS5's unicode61 tokenizer keeps an unbroken run of ideographs as one token, so
"中国下调加拿大油菜籽关税" was found by neither 油菜籽 (canola) nor 关税 (tariff). The
index now holds each CJK character as a token of its own and a query's CJK run is a phrase
of its characters; the stored, shown and exported text is never changed. Databases of the
previous schema are migrated, and keep an exact index with older processes still writing.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import SAMPLE_ITEMS, seed_items

from thawwatch.cli import main
from thawwatch.items import all_items, search, search_terms
from thawwatch.retention import prune
from thawwatch.store import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION, Store, _statements

CANOLA = "中国下调加拿大油菜籽关税"  # China cuts tariffs on Canadian canola seed
CANOLA_SUMMARY = "商务部宣布，自3月1日起暂停对加拿大油菜籽加征关税。Canola growers welcome it."
CJK_ITEMS = [
    ("c1", "https://news.example/zh-canola", CANOLA, CANOLA_SUMMARY, "2026-03-01T08:00:00Z"),
    ("c2", "https://news.example/ja-lobster", "カナダ産ロブスターの関税を停止",
     "日本語の記事です。", "2026-03-02T08:00:00Z"),
    ("c3", "https://news.example/ko-pea", "중국, 캐나다산완두콩관세 유예", "",
     "2026-03-03T08:00:00Z"),
    ("c4", "https://news.example/mixed", "G7峰会: Carney与习近平会面", "", "2026-03-04T08:00:00Z"),
]

Cli = Callable[..., tuple[int, str, str]]


@pytest.fixture
def cjk_db(db_path: Path) -> Path:
    """The English sample headlines and the CJK ones, stored through the real ingest."""
    seed_items(db_path)
    seed_items(db_path, "http://127.0.0.1:9/zh.xml", CJK_ITEMS, name="中文")
    return db_path


@pytest.fixture
def cli(cjk_db: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    def run(*argv: str) -> tuple[int, str, str]:
        code = main(["--db", str(cjk_db), *argv])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def found(store: Store, query: str) -> list[str]:
    return [i.title for i in search(store, query)]


def fts_consistent(store: Store) -> None:
    """FTS5's own check of the index against its content (raises when they differ)."""
    store.conn.execute("INSERT INTO items_fts (items_fts, rank) VALUES ('integrity-check', 1)")


@pytest.mark.parametrize("query", ["油菜籽", "关税", "菜籽关", "中国", "加拿大", CANOLA,
                                   "加拿大 关税", "油菜籽 canola", "暂停", "商务部"])
def test_any_part_of_a_chinese_run_finds_the_headline(cjk_db: Path, query: str) -> None:
    with Store.open(cjk_db) as store:
        assert found(store, query) == [CANOLA]


@pytest.mark.parametrize("query", ["税关", "籽油", "关税税", "中国中国"])
def test_characters_out_of_order_find_nothing(cjk_db: Path, query: str) -> None:
    """A CJK run is a phrase: its characters must stand together and in order."""
    with Store.open(cjk_db) as store:
        assert found(store, query) == []


@pytest.mark.parametrize(("query", "title"), [
    ("ロブスター", CJK_ITEMS[1][2]), ("関税", CJK_ITEMS[1][2]), ("ブスタ", CJK_ITEMS[1][2]),
    ("완두콩", CJK_ITEMS[2][2]), ("캐나다", CJK_ITEMS[2][2]),
    ("峰会", CJK_ITEMS[3][2]), ("习近平", CJK_ITEMS[3][2]), ("g7", CJK_ITEMS[3][2]),
    ("carney", CJK_ITEMS[3][2]), ("G7峰", CJK_ITEMS[3][2]),
])
def test_japanese_korean_and_mixed_runs(cjk_db: Path, query: str, title: str) -> None:
    with Store.open(cjk_db) as store:
        assert found(store, query) == [title]


def test_cjk_words_can_be_left_out_and_combined_with_english(cjk_db: Path) -> None:
    with Store.open(cjk_db) as store:
        assert found(store, "税 -油菜籽") == [CJK_ITEMS[1][2]]  # 关税 and 関税 share 税
        assert set(found(store, "canola -关税")) == {SAMPLE_ITEMS[0][2], SAMPLE_ITEMS[2][2]}
        assert set(found(store, "canola")) == {SAMPLE_ITEMS[0][2], SAMPLE_ITEMS[2][2], CANOLA}
        assert set(found(store, "峰会 OR 关税")) == {CJK_ITEMS[3][2], CANOLA}


def test_shown_and_exported_text_keeps_no_added_spaces(cjk_db: Path) -> None:
    """Only the index sees spaced characters: results and exports show the text as stored."""
    with Store.open(cjk_db) as store:
        (item,) = search(store, "油菜籽")
        assert (item.title, item.summary) == (CANOLA, CANOLA_SUMMARY)
        assert item.to_json()["title"] == CANOLA
        exported = {i.title: i.summary for i in all_items(store)}
        assert exported[CANOLA] == CANOLA_SUMMARY
        assert CJK_ITEMS[2][2] in exported  # Korean keeps its own spaces, and no more


def test_search_terms_make_a_cjk_run_a_phrase_of_its_characters() -> None:
    assert search_terms("油菜籽").match() == '("油 菜 籽"*)'
    assert search_terms("G7峰会 -关税 canola").match() == (
        '(("G7 峰 会" OR "G7 峰 會") AND "canola"*) NOT ("关 税" OR "關 稅")')


TRADITIONAL = "中國對加拿大油菜籽徵收關稅"  # China levies tariffs on Canadian canola seed


@pytest.mark.parametrize("query", ["关税", "關稅", "中国", "中國", "征收关税", "油菜籽 關稅"])
def test_simplified_and_traditional_find_each_other(cjk_db: Path, query: str) -> None:
    """Mainland outlets write 关税, Hong Kong and Taiwan ones 關稅: a search in either
    script finds both (it found only its own)."""
    seed_items(cjk_db, "http://127.0.0.1:9/hk.xml", [
        ("t1", "https://news.example/hk", TRADITIONAL, "", "2026-03-05T08:00:00Z")],
        name="香港")
    with Store.open(cjk_db) as store:
        titles = set(found(store, query))
        assert TRADITIONAL in titles, (query, titles)
        if "征" not in query:
            assert CANOLA in titles, (query, titles)
        assert set(found(store, "canola -關稅")) == {SAMPLE_ITEMS[0][2], SAMPLE_ITEMS[2][2]}


def test_cli_search_finds_chinese(cli: Cli) -> None:
    code, out, err = cli("search", "油菜籽")
    assert (code, err) == (0, "") and f"  {CANOLA}" in out and out.count("\n") == 1
    code, out, err = cli("search", "关税", "--format", "json")
    assert (code, err) == (0, "")
    assert [d["title"] for d in json.loads(out)] == [CANOLA]
    assert json.loads(out)[0]["summary"] == CANOLA_SUMMARY


def test_the_index_stays_exact_through_ingest_and_prune(cjk_db: Path) -> None:
    seed_items(cjk_db, "http://127.0.0.1:9/zh2.xml", CJK_ITEMS)  # the same stories again
    with Store.open(cjk_db) as store:
        fts_consistent(store)
        assert found(store, "油菜籽") == [CANOLA]  # one row per story
        assert found(store, "ロブスター") == ["カナダ産ロブスターの関税を停止"]
        assert prune(store, 1, datetime(2030, 1, 1, tzinfo=UTC)).deleted > 0
        fts_consistent(store)
        assert found(store, "ロブスター") == []
        # the canola cut is a tariff signal: its items are a pending decision's evidence,
        # which retention keeps
        assert found(store, "油菜籽") == [CANOLA]


def test_english_only_items_store_no_index_copy(cjk_db: Path) -> None:
    """The spaced copy kept for the index exists only where there is CJK text."""
    with Store.open(cjk_db) as store:
        rows = dict(store.conn.execute("SELECT title, fts_title FROM items"))
    assert all(rows[item[2]] is None for item in SAMPLE_ITEMS)
    assert rows[CANOLA].split() == list(CANOLA)


# --------------------------------------------------------------------------- migration


def v2_database(path: Path, items: list[tuple[str, str, str]]) -> None:
    """A database as thawwatch made it at schema v2 (its two migrations, which are kept
    verbatim), with ``(id, title, summary)`` items stored and indexed as its ingest did:
    the text itself in the index."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    for script in MIGRATIONS[:2]:
        assert isinstance(script, str)
        for statement in _statements(script):
            conn.execute(statement)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 2")
    for iid, title, summary in items:
        rowid = conn.execute(
            "INSERT INTO items (id, feed_url, title, title_key, summary, published,"
            " first_seen, story) VALUES (?, 'http://127.0.0.1:9/f', ?, ?, ?,"
            " '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', ?)",
            (iid, title, iid, summary, iid)).lastrowid
        conn.execute("INSERT INTO items_fts (rowid, title, summary) VALUES (?, ?, ?)",
                     (rowid, title, summary))
    conn.close()


V2_ITEMS = [("zh", CANOLA, CANOLA_SUMMARY), ("en", "Quahog exports resume", "Halifax port"),
            ("ja", "カナダ産ロブスターの関税を停止", "")]


def test_a_v2_database_is_migrated_and_its_cjk_items_found_by_any_part(db_path: Path) -> None:
    v2_database(db_path, V2_ITEMS)
    with Store.open(db_path, readonly=True) as store:  # read-only: v2 as it is, found as
        assert [i.id for i in search(store, "quahog")] == ["en"]  # before (whole runs)
        assert [i.id for i in search(store, CANOLA)] == ["zh"]
    with Store.open(db_path) as store:
        assert store.schema_version() == SCHEMA_VERSION == 5
        fts_consistent(store)
        for query, iid in (("油菜籽", "zh"), ("关税", "zh"), ("暂停", "zh"), ("quahog", "en"),
                           ("halifax", "en"), ("ロブスター", "ja"), ("canola", "zh")):
            assert [i.id for i in search(store, query)] == [iid], query
        zh = search(store, "油菜籽")[0]
        assert (zh.title, zh.summary) == (CANOLA, CANOLA_SUMMARY)
    seed_items(db_path, "http://127.0.0.1:9/zh.xml", CJK_ITEMS)  # new items after it
    with Store.open(db_path) as store:
        assert {i.id for i in search(store, "关税")} >= {"zh"} and len(search(store, "关税")) == 2
        fts_consistent(store)
        assert prune(store, 1, datetime(2030, 1, 1, tzinfo=UTC)).deleted == 6
        fts_consistent(store)
        # the new canola item carries a tariff signal, kept as a pending decision's evidence
        kept = search(store, "关税")
        assert [(i.title, i.id != "zh") for i in kept] == [(CANOLA, True)]
        assert store.conn.execute("SELECT count(*) FROM items_fts_docsize").fetchone()[0] == 1
        assert search(store, "ロブスター") == [] and search(store, "quahog") == []


def test_a_v2_process_still_running_after_the_upgrade_keeps_the_index_exact(
    db_path: Path,
) -> None:
    """A v2 dashboard left open over the upgrade stores items (and indexes their text as it
    is) without the new columns: the index still matches its content, so deleting them
    later is exact (their CJK runs stay whole tokens, as v2 had them). The items a v1
    process stored unindexed are indexed at the next open, with CJK tokens."""
    seed_items(db_path)
    with Store.open(db_path) as store, store.transaction() as conn:
        rowid = conn.execute(  # what v2's ingest does, now on a v3 database
            "INSERT INTO items (id, feed_url, title, title_key, summary, published,"
            " first_seen, story) VALUES ('v2', 'http://127.0.0.1:9/f', ?, 'x', '',"
            " '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 'v2')", (CANOLA,)).lastrowid
        conn.execute("INSERT INTO items_fts (rowid, title, summary) VALUES (?, ?, '')",
                     (rowid, CANOLA))
        conn.execute(  # what v1's ingest does: it trusted a trigger v2 dropped
            "INSERT INTO items (id, feed_url, title, title_key, summary, published,"
            " first_seen, story) VALUES ('v1', 'http://127.0.0.1:9/f', ?, 'y', '',"
            " '2026-01-02T00:00:00Z', '2026-01-02T00:00:00Z', 'v1')", (CJK_ITEMS[1][2],))
    with Store.open(db_path) as store:
        fts_consistent(store)
        assert [i.id for i in search(store, "ロブスター")] == ["v1"]  # indexed at this open
        assert prune(store, 1, datetime(2030, 1, 1, tzinfo=UTC)).deleted > 0
        fts_consistent(store)


# --------------------------------------------------------------------------- ligatures

LIGATURE_ITEMS = [
    ("l1", "https://news.example/fr-travail", "Pénurie de main-d'œuvre dans les usines de canola",
     "Les producteurs mettent en œuvre un plan.", "2026-03-05T08:00:00Z"),
    ("l2", "https://news.example/fr-oeuvre", "ŒUVRES D'ART ET DOUANES", "", "2026-03-06T08:00:00Z"),
    ("l3", "https://news.example/ja-oeuvre", "カナダのœuvre展", "", "2026-03-07T08:00:00Z"),
]


@pytest.mark.parametrize(("query", "ids"), [
    ("oeuvre", {"l1", "l2", "l3"}), ("œuvre", {"l1", "l2", "l3"}), ("Œuvre", {"l1", "l2", "l3"}),
    ("main-d'oeuvre", {"l1"}), ("mettent en oeuvre", {"l1"}), ("oeuvres", {"l2"}),
    ("oeuv", {"l1", "l2", "l3"}), ("canola -oeuvre", set()), ("カナダ oeuvre", {"l3"}),
])
def test_a_ligature_is_found_written_out(db_path: Path, query: str, ids: set[str]) -> None:
    """From a user audit: "oeuvre" (French typed on an English keyboard, where accents are
    folded already) did not find "main-d'œuvre": unicode61 keeps œ as a letter of its own.
    The index holds ligatures written out, and a query's are written out too."""
    seed_items(db_path, "http://127.0.0.1:9/fr.xml", LIGATURE_ITEMS)
    titles = {guid: title for guid, _, title, *_ in LIGATURE_ITEMS}
    with Store.open(db_path) as store:
        assert set(found(store, query)) == {titles[i] for i in ids}, query
        fts_consistent(store)
        assert titles["l1"] in found(store, "oeuvre")  # shown as stored, œ and all


def v4_database(path: Path, items: list[tuple[str, str, str]]) -> None:
    """A database as thawwatch made it at schema v4, ``(id, title, summary)`` indexed as
    its ingest did (CJK characters apart, ligatures as they are)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    for step in MIGRATIONS[:4]:
        if callable(step):
            step(conn)
        else:
            for statement in _statements(step):
                conn.execute(statement)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 4")
    for iid, title, summary in items:
        spaced = "".join(f" {c} " if "\u3040" <= c <= "\u9fff" else c for c in title)
        fts_title = spaced if spaced != title else None
        rowid = conn.execute(
            "INSERT INTO items (id, feed_url, title, title_key, summary, published,"
            " first_seen, story, fts_title) VALUES (?, 'http://127.0.0.1:9/f', ?, ?, ?,"
            " '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', ?, ?)",
            (iid, title, iid, summary, iid, fts_title)).lastrowid
        conn.execute("INSERT INTO items_fts (rowid, title, summary) VALUES (?, ?, ?)",
                     (rowid, fts_title or title, summary))
    conn.close()


def test_a_v4_database_is_indexed_again_where_it_holds_a_ligature(db_path: Path) -> None:
    items = [(i, t, s) for i, _, t, s, _ in LIGATURE_ITEMS] + [
        ("en", "Quahog exports resume", "Halifax port"), ("zh", CANOLA, CANOLA_SUMMARY)]
    v4_database(db_path, items)
    with Store.open(db_path, readonly=True) as store:  # read-only: v4 as it is, found as
        assert store.schema_version() == 4              # its index holds it
        assert {i.id for i in search(store, "œuvre")} == {"l1", "l2", "l3"}
        assert search(store, "oeuvre") == []
    with Store.open(db_path) as store:
        assert store.schema_version() == SCHEMA_VERSION == 5
        fts_consistent(store)
        for query, ids in (("oeuvre", {"l1", "l2", "l3"}), ("œuvre", {"l1", "l2", "l3"}),
                           ("quahog", {"en"}), ("油菜籽", {"zh"}), ("展", {"l3"})):
            assert {i.id for i in search(store, query)} == ids, query
        assert prune(store, 1, datetime(2030, 1, 1, tzinfo=UTC)).deleted == 5
        fts_consistent(store)
