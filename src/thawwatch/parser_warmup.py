"""Imported by the parser fork server only: compile the default signal rules there, once.

Every parser worker forks from the fork server, so each starts with the bundled rules
compiled and their regexes warm, instead of spending ~50 ms on them before its first
feed. Importing this module is that work, on purpose; nothing else imports it.

Last, everything the fork server holds is frozen out of garbage collection (as the gc
docs advise before forking): a worker's collections then skip the parser and the rules
instead of touching, and so copying, every page they live on.
"""

import contextlib
import gc
from datetime import UTC, date, datetime

from thawwatch.parse import parse_feed
from thawwatch.pool_process import preloaded
from thawwatch.signals import classify, load_rules

classify("China cuts its tariff on Canadian canola oil to 50% from November 15, 2026",
         "Ottawa said the 100% duty on peas would be suspended.", date(2026, 11, 1),
         load_rules())
# A first parse of each kind of feed imports and builds what parsing uses on first need
# (the expat bindings, feedparser's date handlers): ~10 ms each worker no longer spends.
_NOW = datetime(2026, 11, 1, tzinfo=UTC)
for _body in (
    b"<?xml version='1.0'?><rss version='2.0'><channel><title>t</title><item>"
    b"<title>Canola &amp; peas</title><link>https://example.org/a</link>"
    b"<guid>a</guid><pubDate>Sat, 01 Nov 2025 10:00:00 GMT</pubDate>"
    b"<description>&lt;p&gt;A &lt;b&gt;duty&lt;/b&gt; cut.&lt;/p&gt;</description>"
    b"</item></channel></rss>",
    b"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><title>t</title>"
    b"<entry><title type='html'>Canola</title><link href='https://example.org/b'/>"
    b"<id>b</id><updated>2025-11-01T10:00:00Z</updated><summary>A cut.</summary>"
    b"</entry></feed>",
):
    with contextlib.suppress(Exception):  # a warm-up: a parser bug shows in the workers
        parse_feed(_body, "https://example.org/feed", _NOW)
gc.freeze()
preloaded()  # the fork server is ready to fork: no thread of its own left running
