"""httpx, imported without its command-line tool.

httpx imports its CLI (click, rich, pygments) whenever those happen to be installed, as
they are next to Textual: about 40 ms of a headless refresh's start-up, for code thawwatch
never calls. A ``None`` entry in ``sys.modules`` makes that optional import fail, which
httpx handles (it then defines a stub ``httpx.main``). Import httpx from here.
"""

import sys

sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]

import httpx  # noqa: E402

__all__ = ["httpx"]
