"""What each subcommand does: load config, open the store, call the core, print.

Output written here is plain text or JSON; every feed-derived string has been stripped
of control characters at ingest, and nothing here hands such a string to a shell.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import feeds as feedstore
from . import items as itemstore
from .config import Config, clean_name, feed_key, load_config, url_problem
from .errors import UsageError
from .launch import collect_from_here
from .locations import (
    DB_ENV,
    bundled_config,
    resolve_config,
    resolve_db,
    user_config_file,
)
from .store import Store
from .text import shown_url
from .wording import change_words, counted, fit_cells

if TYPE_CHECKING:
    from .decisions import Decision


def today() -> date:
    """The local calendar date (a user's "today")."""
    return date.today()


def _looking_back(as_of: date) -> date | None:
    """``as_of`` when it is a day before today: a look back lists the pending changes of
    the headlines it had then (the thaw index and the ledger's next change already keep
    to it); else None, all of them (a headline dated a little ahead is still today's)."""
    return as_of if as_of < today() else None


def _config(args: argparse.Namespace) -> Config:
    """The config, loaded (and validated) once per command."""
    if getattr(args, "loaded_config", None) is None:
        args.loaded_config = load_config(args.config)
    return args.loaded_config


# Commands that never write: they can read a database they cannot write (a copy on a
# read-only mount, a directory shared by another user); every other command refuses it.
_READERS = frozenset({("status", None), ("export", None), ("search", None),
                      ("ledger", "pending"), ("ledger", "list"), ("ledger", "show"),
                      ("feeds", "list"),
                      ("feeds", "export")})


def _store(args: argparse.Namespace) -> Store:
    """The database chosen by --db / $THAWWATCH_DB (a Store is its own context manager),
    opened read-only when a reading command finds it cannot be written."""
    path = resolve_db(args.db)
    sub = getattr(args, "ledger_command", None) or getattr(args, "feeds_command", None)
    if (getattr(args, "command", None), sub) in _READERS:
        if not _missing(path):
            return Store.open_for_reading(path)
        # A typo in a cron line's --db read as "no news", silently, exit 0; and it must
        # not leave a database (and directories for it) behind either.
        link = f" (it links to {os.readlink(path)})" if path.is_symlink() else ""
        print(f"thawwatch: note: {path} does not exist{link}: read as an empty database"
              " (nothing was created)", file=sys.stderr)
        return Store.empty(path)
    if (args.db is not None or os.environ.get(DB_ENV)) and _missing(path.parent):
        # A typo in a cron line's directory ("--db ~/thawwach/db") made a second
        # database there, silently: each refresh then stored into the wrong one.
        store = Store.open(path)
        print(f"thawwatch: note: {path.parent} did not exist: created it and a new database"
              f" {path.name} in it", file=sys.stderr)
        return store
    return Store.open(path)


def _missing(path: Path) -> bool:
    """Whether nothing is at ``path``, or at the end of the link there (SQLite follows it,
    and would make the database at a link's missing target: a drive not mounted). A name
    too long, or a file where a directory should be, is not missing: opening it says what
    is wrong, as for any command."""
    try:
        os.stat(path)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return False


def refresh(args: argparse.Namespace) -> int:
    """`thawwatch refresh`: fetch every feed once; exit 1 when every feed failed."""
    try:
        return _refresh(args)
    finally:
        collect_from_here()  # if no request got out


def _refresh(args: argparse.Namespace) -> int:
    config = _config(args)  # a mistake in the user's [signals] rules stops us here
    from .parsers import parse_pool

    with _store(args) as store:
        feedstore.sync_config(store, config.feeds, itemstore.now_utc())
        active = feedstore.active_feeds(store, config)
        if not active and not config.feeds:
            print("no feeds configured: add one with `thawwatch feeds add URL`")
            return 0
        if not active:  # every feed the config lists was turned off with `feeds remove`
            n = len(config.feeds)
            print(f"no feeds: {'the feed' if n == 1 else f'the {n} feeds'} in {config.source}"
                  f" {'was' if n == 1 else 'were'} removed with `thawwatch feeds remove`"
                  " (`thawwatch feeds add URL` turns one back on)")
            return 0
        fetched = {feed_key(f.url) for f in active}
        if (off := [f for f in config.feeds if feed_key(f.url) not in fetched]) and (
                not args.quiet):  # (a choice the user made: --quiet for cron leaves it out)
            # said each time: cron's log must not read as "every configured feed fetched"
            print(f"note: {counted(len(off), 'feed')} of {config.source} not fetched, turned"
                  " off with `thawwatch feeds remove` (`thawwatch feeds add URL` turns one"
                  f" back on): {', '.join(shown_url(f.url) for f in off[:3])}"
                  f"{', …' if len(off) > 3 else ''}")
        with parse_pool() as pool:
            if any(feed.unfetched for feed in active):
                pool.prestart()  # its ~0.3 s start overlaps our imports and the requests
            from .progress import ProgressPrinter
            from .refresh import run_refresh

            printer = ProgressPrinter(sys.stdout, sys.stderr, quiet=args.quiet)
            if not args.due:  # (with --due, how many are due is known in run_refresh)
                printer.begin(len(active))
            def progress(outcome: Any, done: int, total: int) -> None:
                if not outcome.skipped:  # the "requests are out" hint may never come (a
                    collect_from_here()  # request stuck connecting): by the first stored
                printer.update(outcome, done, total)

            report = run_refresh(store, config, force=args.force, only_due=args.due,
                                 progress=progress,
                                 executor=pool, active=active, meanwhile=_ready_for_alerts)
        printer.finish()
        if not args.quiet:
            print(report.summary())
        from .alerts import alerts_after_refresh  # after the requests: not on their path

        # (on a terminal every time; else, as from cron, an "ending soon" line once a day)
        if lines := alerts_after_refresh(store, report, today(), config.ui.alert_days,
                                         daily=not sys.stdout.isatty()):
            print("\n".join(lines))  # one write: a cold refresh can raise hundreds
    if report.all_failed:  # stdout may go to /dev/null in cron: the failure must not
        print(f"thawwatch: refresh failed: {report.summary()}", file=sys.stderr)
        return 1
    return 0


def _ready_for_alerts() -> None:
    """Import the alerts and read the bundled ledger (~10 ms) while the requests are out,
    instead of after the last answer; and the garbage collector back on (see launch)."""
    collect_from_here()
    from .alerts import alerts_after_refresh  # noqa: F401
    from .ledger_file import load_ledger

    load_ledger()


def status(args: argparse.Namespace) -> int:
    """`thawwatch status`: the ledger as of today (or --as-of), offline."""
    from .baseline import load_baseline
    from .decisions import current_ledger, news_ids, pending_changes
    from .status import build_status, render_text
    from .thaw import thaw_summary

    as_of = args.as_of or today()
    known_by = _looking_back(as_of)
    _config(args)
    with _store(args) as store:
        ledger = current_ledger(store)
        baseline = load_baseline()
        thaw = thaw_summary(store, as_of)  # once, for both the JSON and the text
        doc = build_status(store, as_of, ledger=ledger, baseline=baseline, thaw=thaw,
                           known_by=known_by)
        if args.format == "json":
            print(json.dumps(doc, indent=2, ensure_ascii=False))
        else:
            news = news_ids(ledger, pending_changes(store, ledger, known_by))
            print(render_text(doc, ledger, baseline, thaw, news))
    return 0


def export(args: argparse.Namespace) -> int:
    """`thawwatch export`: every stored item with its signals."""
    from .decisions import decision_states
    from .export import write_export

    _config(args)
    with _store(args) as store:
        items = itemstore.all_items(store, args.since, stored_since=args.stored_since)
        write_export(items, args.format, sys.stdout, decision_states(store))
    return 0


def search(args: argparse.Namespace) -> int:
    """`thawwatch search QUERY`: full-text search over stored items."""
    query = " ".join(args.query)
    if why := itemstore.search_terms(query).nothing_to_find():
        raise UsageError(f"search {itemstore.shown_query(query)}: {why}")
    _config(args)
    with _store(args) as store:
        # one more than shown, to say that more match (as the dashboard's note does)
        found = itemstore.search(store, query, limit=args.limit + 1)
        more, found = len(found) > args.limit, found[:args.limit]
        if args.format == "json":  # the objects `export` writes, each signal's state too
            from .decisions import decision_states
            from .export import item_doc

            states = decision_states(store)
            print(json.dumps([item_doc(i, states) for i in found], indent=2,
                             ensure_ascii=False))
            return 0
    for item in found:
        # the local date, as the dashboard gives it (a story at 03:00 UTC is the evening
        # before on the Prairies)
        # its link last, to cite it (a user review: the text form gave none), on the
        # item's one line, as `feeds list` gives a feed's
        link = f"  <{item.link}>" if item.link else ""
        print(f"{item.published.astimezone():%Y-%m-%d}  {fit_cells(item.feed_name, 24)}"
              f"  {item.title}{link}")
    if not found:
        print(f"no stored item matches {itemstore.shown_query(query)}", file=sys.stderr)
    _note_more(more, args.limit)
    return 0


def _note_more(more: bool, limit: int) -> None:
    """Say on stderr that the best ``limit`` stories were shown and more match: a silent
    cut at 50 read as "50 headlines name canola". Not to a reader that has gone (`| head`
    wanted fewer), nor in JSON, whose scripts give the --limit they need."""
    sys.stdout.flush()
    if more and not getattr(sys.stdout, "broken", False):
        print(f"thawwatch: note: the best {limit} shown; more match (--limit N shows more)",
              file=sys.stderr)


def feeds(args: argparse.Namespace) -> int:
    """`thawwatch feeds list|add|remove|import|export`."""
    from .opml import feed_scheme, read_opml, write_opml

    config = _config(args)
    now = itemstore.now_utc()
    with _store(args) as store:
        action = args.feeds_command
        if not store.readonly and action not in ("list", "export"):
            # (not to list or export: those only read; under another --config, a sync
            # forgot a feed's `feeds remove`, and the next refresh fetched it again.
            # A read-only copy lists what it holds, and the config.)
            feedstore.sync_config(store, config.feeds, now)
        configured = {f.url for f in config.feeds}
        listed = {feed_key(u) for u in configured}  # any spelling of a configured feed
        if action == "list":
            return _feeds_list(feedstore.active_feeds(store, config), args.format)
        # a URL pasted with the line's spaces, or a site's feed:// link, as OPML gives it
        url = feed_scheme(args.url.strip()) if action in ("add", "remove") else ""
        if action == "add":
            problem = url_problem(url)
            if problem:
                raise UsageError(f"{args.url!r}: {problem}")
            stored, added = feedstore.add_feed(store, url, args.name, now, configured)
            in_config = feed_key(stored) in listed
            name = clean_name(args.name)
            named = f" (now named {name!r})" if name and not added and not in_config else ""
            shown = shown_url(stored)
            print(f"added {shown}" if added else f"already subscribed: {shown}{named}")
            if name and in_config:
                print(f"thawwatch: {shown} is in the config file {config.source}: its name"
                      f" is set there (name = \"…\"), not with --name", file=sys.stderr)
            return 0
        if action == "remove":
            removed = feedstore.remove_feed(store, _unmasked(url, store, config), configured)
            if removed is None:
                raise UsageError(f"{args.url!r}: not a subscribed feed (see `feeds list`)")
            print(f"removed {shown_url(removed)} (its stored items are kept)")
            if feed_key(removed) in listed:
                print(f"thawwatch: note: the config file {config.source} lists"
                      f" {shown_url(removed)}: it"
                      " stays off while the config lists it (`thawwatch feeds add URL` turns"
                      " it back on)", file=sys.stderr)
            return 0
        if action == "import":
            result = read_opml(Path(args.file))
            before = feedstore.active_feeds(store, config)
            outcome = feedstore.add_feeds(store, result.feeds, now, configured, rename=False)
            added = sum(new for _, new in outcome)
            for url, why in result.refused:
                print(f"refused {shown_url(url)}: {why}", file=sys.stderr)
            if over := result.past_cap:
                cap = len(result.feeds)
                print(f"refused {counted(len(over), 'more feed')}: the file holds more than"
                      f" {cap}; only the first {cap} are read"
                      f" ({', '.join(shown_url(url) for url in over[:3])}"
                      f"{', …' if len(over) > 3 else ''})", file=sys.stderr)
            _note_other_scheme([url for url, new in outcome if new], before)
            refused = len(result.refused) + len(result.past_cap)
            source = "standard input" if args.file == "-" else args.file
            print(f"{source}: {counted(added, 'feed')} added,"
                  f" {len(result.feeds) - added} already there, {refused} refused")
            if not result.feeds:  # nothing in it to follow: bad input, as the page says
                print(f"thawwatch: {source}: no feed to import"
                      f"{' (each was refused, as said above)' if refused else ''}",
                      file=sys.stderr)
                return 2
            return 0
        active = feedstore.active_feeds(store, config)
        sys.stdout.write(write_opml([(f.url, f.name, f.title) for f in active]))
    return 0


def _unmasked(url: str, store: Store, config: Config) -> str:
    """``url``, or the subscribed feed's whole URL when ``url`` is the one `feeds list`
    shows (``https://***@host/feed``: its user name and password hidden)."""
    if shown_url(url) != url or "***@" not in url:
        return url
    shown = feed_key(url)
    same = [f.url for f in feedstore.active_feeds(store, config)
            if feed_key(shown_url(f.url)) == shown]
    if len(same) > 1:
        raise UsageError(f"{url!r}: {len(same)} subscribed feeds are shown so: give the whole"
                         " URL, with its user name (`thawwatch feeds list --format json` has"
                         " them)")
    return same[0] if same else url


def _note_other_scheme(added: list[str], before: list[feedstore.Feed]) -> None:
    """A note for each feed just added that the user follows already under the other
    scheme (http:// for https://): both would be fetched, every story twice."""
    def bare(url: str) -> str:
        return feed_key(url).split("://", 1)[-1]

    had = {bare(f.url): f.url for f in before}
    for url in added:  # (the file may hold both spellings)
        if (same := had.setdefault(bare(url), url)) != url and feed_key(same) != feed_key(url):
            print(f"note: {shown_url(url)} is also followed as {shown_url(same)}: remove one"
                  " with `thawwatch feeds remove URL`", file=sys.stderr)


def _feeds_list(active: list[feedstore.Feed], fmt: str) -> int:
    if fmt == "json":
        print(json.dumps([f.to_json() for f in active], indent=2, ensure_ascii=False))
        return 0
    now = itemstore.now_utc()
    if active:  # which "never" is the status, which the last success, what the number counts
        print(f"{'status':<6} {'items':>5}  {'last success':<20}  feed  <url>")
    for f in active:  # UTC, said: `status` dates are the user's local day
        last = f"{f.last_ok:%Y-%m-%d %H:%M} UTC" if f.last_ok else "never"
        line = (f"{f.status:<6} {f.items:>5}  {last:<20}  {f.display_name}"
                f"  <{shown_url(f.url)}>")
        if f.last_error:
            line += f"\n       error: {f.last_error}"
        if f.gone_since:
            line += (f"\n       not fetched since {f.gone_since:%Y-%m-%d}: gone for good, its"
                     " server says (`thawwatch refresh --force` asks again)")
        if f.moved_to:
            line += (f"\n       moved permanently to <{shown_url(f.moved_to)}>: give the feed"
                     " that URL")
        if f.waiting(now) and f.next_attempt is not None:  # as `refresh` says it
            line += (f"\n       the server asks to wait until"
                     f" {feedstore.utc_clock(f.next_attempt, now)}: not asked before then"
                     " (`thawwatch refresh --force` asks now)")
        print(line)
    return 0


def config(args: argparse.Namespace) -> int:
    """`thawwatch config path|init`."""
    chosen = resolve_config(args.config)
    target = chosen or user_config_file()
    if args.config_command == "path":
        print(target)  # the path alone: `$EDITOR "$(thawwatch config path)"` must work
        if chosen is None:  # the note for people, where a script's $(...) does not take it
            print("thawwatch: not created yet: the bundled default is in use;"
                  " `thawwatch config init` writes it there", file=sys.stderr)
        return 0
    if target.is_dir():
        raise UsageError(f"{target}: is a directory, not a config file")
    if target.exists() and not args.force:
        raise UsageError(f"{target}: already exists (use --force to overwrite)")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(bundled_config().read_text("utf-8"), "utf-8")
    except OSError as exc:
        raise UsageError(f"{target}: cannot write: {exc.strerror or exc}") from None
    print(f"wrote {target}")
    return 0


def _measure_id(measures: dict[str, Any], given: str) -> str:
    """The measure ``given`` names: its id, or its label as `status` shows it, in any case
    ("peas", "Group tours (ADS)"); `ledger show peas` was refused, "Peas" being what
    status calls it."""
    if given in measures:
        return given
    folded = " ".join(given.split()).casefold()
    for mid, measure in measures.items():
        if folded in (mid.casefold(), measure.label.casefold()):
            return mid
    raise UsageError(f"unknown measure {given!r} (one of: {', '.join(measures)};"
                     " or its name as status gives it)")


def ledger(args: argparse.Namespace) -> int:
    """`thawwatch ledger pending|list|show|accept|dismiss|undo`."""
    from . import decisions as decisions_mod  # the ledger's modules: only these commands

    now = itemstore.now_utc()
    _config(args)
    with _store(args) as store:
        if args.ledger_command == "pending":
            held = decisions_mod.current_ledger(store)
            pending = decisions_mod.pending_changes(store, held)
            news = decisions_mod.news_ids(held, pending)
            if args.format == "json":  # in_ledger: what the text marks "has this already"
                print(json.dumps([{**d.to_json(), "in_ledger": d.id not in news}
                                  for d in pending], indent=2, ensure_ascii=False))
                return 0
            for d in pending:
                # a duty back when its relief ends: on the day after the end the ledger
                # has; an extension by a year: to a year past that end
                change = decisions_mod.change_text(d, held)
                known = ("" if d.id in news or held is None
                         else f"  ({decisions_mod.not_news_words(held, d)})")
                more = (f"  (+{counted(len(d.also), 'more headline')} saying it: deciding"
                        " this one decides them too)" if d.also else "")
                print(f"{d.id}  {d.measure:<24} {change}  — {d.title}{known}{more}")
                for twin in d.also:
                    print(f"    also {twin.id}  — {twin.title}")
            if not pending:
                print("no pending changes")
            return 0
        if args.ledger_command == "list":
            return _decision_list(decisions_mod.decided(store, args.state), args)
        if args.ledger_command == "show":
            return _show_measure(store, args)
        if args.ledger_command == "accept":
            chosen = decisions_mod.get(store, args.id)
            if chosen.state != "pending":  # (before the second look: it would add the
                # event the ledger has already, "event …: duplicate event id")
                return _decided_already(args.id, chosen.state, "accepted")
            held = decisions_mod.current_ledger(store)
            look = decisions_mod.second_look(decisions_mod.with_twins(store, chosen, held),
                                             held, done=True)
            event = decisions_mod.accept(store, args.id, now)
            also = decisions_mod.settled_words(store, args.id)
            if event is None:
                print(f"accepted: {chosen.measure} {decisions_mod.change_text(chosen)}{also}"
                      f" — {decisions_mod.ALREADY}: nothing in it changed")
                return 0
            change = change_words(event.action, event.rate, event.date, event.until,
                                  chosen.scope)  # as `ledger pending` worded it
            overruled = decisions_mod.overruled_words(store, event)
            print(f"accepted: {event.measure} {change}{also}{overruled}")
            if look:
                print(f"thawwatch: note: {look} (`thawwatch ledger undo {args.id}` takes it"
                      " back)", file=sys.stderr)
        elif args.ledger_command == "undo":
            decisions_mod.get(store, args.id, decided=True)  # (an unknown id: said so)
            twins = decisions_mod.settled_words(store, args.id)
            undone = decisions_mod.undo(store, args.id)
            print(f"undone: {args.id} is pending again{twins} (it was {undone.state})")
        else:
            if (state := decisions_mod.get(store, args.id).state) != "pending":
                return _decided_already(args.id, state, "dismissed")
            decisions_mod.dismiss(store, args.id, now)
            also = decisions_mod.settled_words(store, args.id)
            print(f"dismissed {args.id}{also}")
    return 0


def _decided_already(decision_id: str, state: str, wanted: str) -> int:
    """A change decided before: done already when it was decided as asked (a script that
    runs its `ledger accept` again must not fail), else bad usage (undo it first)."""
    if state != wanted:
        raise UsageError(f"change {decision_id!r} was already {state}"
                         f" (`thawwatch ledger undo {decision_id}` makes it pending again)")
    print(f"thawwatch: note: change {decision_id} was already {state}: nothing to do",
          file=sys.stderr)
    return 0


def _show_measure(store: Store, args: argparse.Namespace) -> int:
    """`ledger show MEASURE`: the measure's state as `status` gives it, and its timeline."""
    from .baseline import load_baseline
    from .decisions import current_ledger
    from .items import outlets_by_id
    from .ledger_show import measure_doc, render_measure
    from .status import measures_json
    from .wording import (
        next_words,
        renews,
        since_words,
        state_marks,
        state_words,
        then_words,
    )

    ledger = current_ledger(store)
    args.measure = _measure_id(ledger.measures, args.measure)
    as_of = args.as_of or today()
    (entry,) = measures_json(store, as_of, ledger, load_baseline(), only=args.measure,
                             known_by=_looking_back(as_of))
    accepted = [ev.item_id for ev in ledger.events_for(args.measure) if ev.item_id]
    doc = measure_doc(ledger, entry, as_of, outlets_by_id(store, accepted))
    if args.format == "json":
        print(json.dumps(doc, indent=2, ensure_ascii=False))
        return 0
    now = ledger.state(args.measure, as_of)
    head = f"as of {as_of.isoformat()}: {state_words(now)}{state_marks(now)}" \
           f" since {since_words(now)}"
    upcoming = ledger.next_change(args.measure, as_of)
    if now.until:
        head += f" until {now.until.isoformat()} ({now.days_left(as_of)} d)"
    if upcoming is not None and renews(now, upcoming):  # an extension accepted, as `status`
        head += (f", renewed until {upcoming.until.isoformat()}"
                 f" ({(upcoming.until - as_of).days} d)" if upcoming.until else
                 ", renewed with no end")
    elif upcoming is not None:
        head += f", {next_words(upcoming, as_of, arrow=False)}"
    elif (then := ledger.after_end(args.measure, as_of)) is not None:
        head += f", {then_words(then)}"
    print(render_measure(doc, head))
    return 0


def _decision_list(found: list[Decision], args: argparse.Namespace) -> int:
    """`ledger list`: one line per decision (its state, when it was decided in local time,
    the measure, the change, the headline), or the JSON records."""
    from .decisions import change_text

    if args.format == "json":
        print(json.dumps([d.to_json() for d in found], indent=2, ensure_ascii=False))
        return 0
    if found:  # the columns named: a pending change's time is its want of one
        print(f"{'id':<22}  {'state':<9}  {'decided (local)':<16}  {'measure':<24} change"
              "  — headline")
    for d in found:
        when = f"{d.decided_at.astimezone():%Y-%m-%d %H:%M}" if d.decided_at else "—"
        change = change_text(d)
        print(f"{d.id:<22}  {d.state:<9}  {when:<16}  {d.measure:<24} {change}  — {d.title}")
    if not found:
        print("no decided changes" if args.state == "decided" else f"no {args.state} changes")
    elif args.state in ("decided", "accepted", "dismissed"):
        print("(`thawwatch ledger undo ID` makes one pending again)", file=sys.stderr)
    return 0


def db(args: argparse.Namespace) -> int:
    """`thawwatch db check|backup`."""
    from .dbtools import backup, check

    path = resolve_db(args.db)
    if args.db_command == "check":
        ok, lines = check(path)
        print("\n".join(lines))
        if not ok:
            usual = (f"{path}: schema v", "integrity: ok", "rows: ", "restore a backup")
            problem = ([line for line in lines if not line.startswith(usual)] or lines)[0]
            problem = " ".join(problem.removeprefix(f"{path}: ").split())  # SQLite's has \n
            print(f"thawwatch: {path}: check failed: {problem[:200]}", file=sys.stderr)
        return 0 if ok else 1
    backup(path, Path(args.file))
    print(f"backed up {path} to {args.file}")
    return 0
