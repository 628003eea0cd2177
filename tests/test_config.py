"""Config loading: defaults, precedence, and a one-line error for each bad case."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from feedserver import FeedServer, rss

from thawwatch.cli import main
from thawwatch.config import load_config, parse_config
from thawwatch.errors import ConfigError
from thawwatch.locations import user_config_file


def test_bundled_default_has_real_feeds_and_defaults() -> None:
    config = load_config()
    assert config.source == "<bundled default>"
    assert len(config.feeds) >= 8
    assert all(f.url.startswith("https://") for f in config.feeds)
    assert config.refresh.concurrency == 16 and config.refresh.per_host == 4
    assert config.refresh.max_bytes == 10_000_000


def test_env_var_then_cli_flag_take_precedence(tmp_path: Path, monkeypatch) -> None:
    env = tmp_path / "env.toml"
    env.write_text('[[feeds]]\nurl = "https://env.example/rss"\n')
    cli = tmp_path / "cli.toml"
    cli.write_text('[[feeds]]\nurl = "https://cli.example/rss"\n')
    monkeypatch.setenv("THAWWATCH_CONFIG", str(env))
    assert load_config().feeds[0].url == "https://env.example/rss"
    assert load_config(str(cli)).feeds[0].url == "https://cli.example/rss"


def test_user_file_is_used_when_present() -> None:
    path = user_config_file()
    path.parent.mkdir(parents=True)
    path.write_text('[refresh]\nconcurrency = 3\n')
    config = load_config()
    assert config.refresh.concurrency == 3
    assert config.source == str(path)


def test_full_example_parses() -> None:
    config = parse_config(
        """
        [[feeds]]
        url = "https://example.org/rss.xml"
        name = "Example"
        interval_minutes = 30
        [refresh]
        interval_minutes = 30
        concurrency = 16
        per_host = 4
        timeout_seconds = 20
        max_bytes = 10_000_000
        [ui]
        theme = "nord"
        """,
        "x.toml",
    )
    assert config.feeds[0].name == "Example" and config.feeds[0].interval_minutes == 30
    assert config.ui.theme == "nord"


BAD = [
    ("[[feeds]\nurl = 1", "x.toml: TOML syntax error", "line 1"),
    ('colour = "red"', "x.toml: unknown key 'colour'", None),
    ('[refresh]\nconcurency = 4', "x.toml: refresh: unknown key 'concurency'", None),
    ('[[feeds]]\nurl = "https://a.example/"\nnmae = "A"', "feeds[0]: unknown key 'nmae'", None),
    ('[refresh]\nconcurrency = "many"', "refresh.concurrency: expected an integer, got a string",
     None),
    ("[refresh]\nconcurrency = true", "refresh.concurrency: expected an integer", None),
    ("[refresh]\nconcurrency = 0", "refresh.concurrency: must be positive", None),
    ("[refresh]\ninterval_minutes = -5", "refresh.interval_minutes: must be 0 or more", None),
    ('[ui]\nbell = "yes"', "ui.bell: expected true or false", None),
    ('[[feeds]]\nurl = "ftp://example.org/feed"', "feeds[0].url: only http and https", None),
    ('[[feeds]]\nurl = "file:///etc/passwd"', "feeds[0].url: only http and https", None),
    ('[[feeds]]\nurl = "https://"', "feeds[0].url: URL has no host", None),
    ('[[feeds]]\nurl = "https://exa mple.org/"', "feeds[0].url: contains spaces", None),
    # hosts no server can have: accepted, they failed on every refresh
    ('[[feeds]]\nurl = "http://256.1.1.1/feed"', "feeds[0].url: not a valid IPv4 address", None),
    ('[[feeds]]\nurl = "http://a..b/"', "feeds[0].url: host name has an empty part", None),
    (f'[[feeds]]\nurl = "http://{"a" * 64}.example/"', "feeds[0].url: host name too long", None),
    ('[[feeds]]\nname = "No URL"', "feeds[0].url is missing", None),
    ('[[feeds]]\nurl = 5', "feeds[0].url: expected a string", None),
    ('feeds = "https://example.org"', "'feeds' must be an array of tables", None),
    ('[[feeds]]\nurl = "https://a.example/"\n[[feeds]]\nurl = "https://a.example/"',
     "feeds[1].url: duplicate of feeds[0]", None),
    ("refresh = 3", "'refresh' must be a table", None),
    ('[[feeds]]\nurl = "https://a.example/"\n[[feeds]]\nurl = "HTTPS://A.example:443/#top"',
     "feeds[1].url: duplicate of feeds[0]", None),
    ("[refresh]\ntimeout_seconds = inf", "refresh.timeout_seconds: must be a finite number", None),
    ("[refresh]\ntimeout_seconds = nan", "refresh.timeout_seconds: must be a finite number", None),
    ("[refresh]\ntimeout_seconds = 1e300", "refresh.timeout_seconds: must be at most 3_600", None),
    ("[retention]\ndays = 99999999999", "retention.days: must be at most 36_500", None),
    ("[retention]\ndays = " + "9" * 400, "retention.days: must be at most 36_500", None),
    ("[refresh]\nconcurrency = 1_000_000", "refresh.concurrency: must be at most 1_000", None),
    ("[ui]\nalert_days = 99999999999", "ui.alert_days: must be at most 3_650", None),
    ('[[feeds]]\nurl = "https://a.example/"\ninterval_minutes = 10_000_000',
     "feeds[0].interval_minutes: must be at most 525_600", None),
    ('[[feeds]]\nurl = "https://a.example/rss"\n[[feeds]]\nurl = "https://A.example./rss"',
     "feeds[1].url: duplicate of feeds[0]", None),
]


@pytest.mark.parametrize(("text", "expected", "also"), BAD)
def test_bad_config_names_file_and_key(text: str, expected: str, also: str | None) -> None:
    with pytest.raises(ConfigError) as info:
        parse_config(text, "x.toml")
    message = str(info.value)
    assert expected in message
    assert message.startswith("x.toml: ")
    assert "\n" not in message
    if also:
        assert also in message


@pytest.mark.parametrize(("text", "expected", "_also"), BAD[:6])
def test_cli_reports_bad_config_in_one_line_exit_2(
    config_file, capsys, text: str, expected: str, _also: str | None
) -> None:
    path = config_file(text)
    code = main(["status"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1
    assert str(path) in err and expected.split(": ", 1)[-1] in err
    assert "Traceback" not in err


def test_missing_and_non_utf8_config(tmp_path: Path, capsys) -> None:
    assert main(["--config", str(tmp_path / "nope.toml"), "status"]) == 2
    assert "nope.toml: config file does not exist" in capsys.readouterr().err
    bad = tmp_path / "latin1.toml"
    bad.write_bytes(b'[ui]\ntheme = "caf\xe9"\n')
    assert main(["--config", str(bad), "status"]) == 2
    assert "latin1.toml: not valid UTF-8" in capsys.readouterr().err


def test_real_process_bad_config_has_no_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[refresh]\ntimeout_seconds = 'soon'\n")
    proc = subprocess.run(
        [sys.executable, "-m", "thawwatch", "--config", str(bad), "--db",
         str(tmp_path / "t.db"), "refresh"],
        capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0
    assert "bad.toml: refresh.timeout_seconds: expected a number, got a string" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_config_path_and_init(capsys) -> None:
    """`config path` prints the path alone on stdout, created or not (a script's
    `$EDITOR "$(thawwatch config path)"` took the note for part of the path); the note
    that it does not exist yet goes to stderr."""
    assert main(["config", "path"]) == 0
    captured = capsys.readouterr()
    assert captured.out == f"{user_config_file()}\n"
    assert "not created yet" in captured.err
    assert main(["config", "init"]) == 0
    assert user_config_file().is_file()
    assert load_config().source == str(user_config_file())
    capsys.readouterr()
    assert main(["config", "init"]) == 2
    assert "already exists" in capsys.readouterr().err
    assert main(["config", "path"]) == 0
    assert capsys.readouterr().out.strip() == str(user_config_file())


def test_every_number_in_the_config_has_an_upper_bound() -> None:
    """A number past any sensible value overflows a timer, a timeout or a date later on
    (``timeout_seconds = 1e300`` crashed refresh); each one is bounded up front."""
    from dataclasses import fields

    from thawwatch.config import _MOST, _SECTIONS, FeedConfig

    numeric = {f.name for cls in (*_SECTIONS.values(), FeedConfig) for f in fields(cls)
               if str(f.type).startswith(("int", "float"))}
    assert numeric and numeric <= set(_MOST)


def test_largest_allowed_values_do_not_break_refresh(config_file, db_path, capsys,
                                                     feed_server: FeedServer) -> None:
    """At the upper bounds, a refresh fetches, stores, prunes and alerts as usual."""
    feed_server.route("/f", rss([{"guid": "1", "title": "Canada China canola tariff talks"}]))
    config_file(f'[[feeds]]\nurl = "{feed_server.url("/f")}"\ninterval_minutes = 525_600\n'
                "[refresh]\ninterval_minutes = 525_600\nconcurrency = 1_000\nper_host = 1_000\n"
                "timeout_seconds = 3_600\nmax_bytes = 1_000_000_000\n"
                "[ui]\nalert_days = 3_650\n[retention]\ndays = 36_500\n")
    assert main(["--db", str(db_path), "refresh"]) == 0
    out, err = capsys.readouterr()
    assert "1 new" in out and err == ""
    assert main(["--db", str(db_path), "status"]) == 0
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("argv", [
    ["status"], ["status", "--format", "json"], ["export"], ["search", "canola"],
    ["feeds", "list"], ["ledger", "pending"], ["refresh"],
])
def test_every_command_reports_a_mistake_in_the_signals_rules(config_file, db_path, capsys,
                                                              argv: list[str]) -> None:
    """Not only the commands that classify: `status` with a typo in [signals] must not
    run as if the rule were there."""
    path = config_file('[signals.direction.cues.boycott]\nterms = ["boycott"]\nscore = 50\n')
    assert main(["--db", str(db_path), *argv]) == 2
    err = capsys.readouterr().err
    assert err == (f"thawwatch: {path}: signals.direction.cues.boycott.score: expected a number"
                   " from -10 to 10, got 50\n")


def test_feed_names_in_the_config_lose_control_characters(config_file, db_path,
                                                          capsys) -> None:
    """A name is printed by `feeds list` and written to OPML: an escape sequence in it
    would act on the terminal, a newline split its line."""
    config = parse_config('[[feeds]]\nurl = "https://a.example/"\n'
                          'name = "\\u001b[31mred\\u0007 \\n newline\\u202e"\n'
                          '[[feeds]]\nurl = "https://b.example/"\nname = "\\u001b[2J \\t"\n',
                          "x.toml")
    assert [f.name for f in config.feeds] == ["red newline", None]
    config_file('[[feeds]]\nurl = "https://a.example/"\nname = "\\u001b]0;pwned\\u0007Red"\n')
    assert main(["--db", str(db_path), "feeds", "list"]) == 0
    out = capsys.readouterr().out
    assert out.endswith("  Red  <https://a.example/>\n") and "\x1b" not in out


@pytest.mark.parametrize("text", [
    "a = " + "[" * 100_000 + "]" * 100_000,
    "[signals]\nx = " + "{a=" * 5_000 + "1" + "}" * 5_000,
    '[[feeds]]\nurl = "https://a.example/"\nname = ' + "[" * 5_000 + "]" * 5_000,
], ids=["arrays", "signals-inline-tables", "feed-name"])
def test_deeply_nested_config_is_one_line_exit_2(config_file, db_path, capsys,
                                                 text: str) -> None:
    """tomllib parses nesting recursively: this was "unexpected error: RecursionError",
    exit 1, without the file's name."""
    with pytest.raises(ConfigError, match=r"^x\.toml: nested too deeply"):
        parse_config(text, "x.toml")
    path = config_file(text)
    assert main(["--db", str(db_path), "feeds", "list"]) == 2
    assert capsys.readouterr().err == (
        f"thawwatch: {path}: nested too deeply (arrays or tables inside one another)\n")


def test_a_config_saved_with_a_byte_order_mark_loads(tmp_path: Path) -> None:
    """Notepad and other Windows editors save UTF-8 with a BOM, which TOML itself refuses
    ("Invalid statement at line 1, column 1")."""
    path = tmp_path / "config.toml"
    path.write_bytes(b"\xef\xbb\xbf" + '[[feeds]]\nurl = "https://example.org/rss"\n'
                     'name = "Ex\u00e9mple"\n'.encode())
    config = load_config(path)
    assert [(f.url, f.name) for f in config.feeds] == [("https://example.org/rss", "Ex\u00e9mple")]
