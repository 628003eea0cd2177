"""Logging to a rotating file in the platform state dir, and to stderr with --verbose.

Set up once by the entry point (never at import). A log file that cannot be created
(read-only home, full disk) costs the log, never the command.
"""

from __future__ import annotations

import logging
import sys
from logging.handlers import RotatingFileHandler

from .locations import log_file

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def setup_logging(*, verbose: bool = False, to_stderr: bool = True) -> None:
    """Log INFO and up to the file; with ``verbose``, DEBUG to stderr as well."""
    root = logging.getLogger("thawwatch")
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    root.propagate = False
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()
    path = log_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=3, encoding="utf-8", delay=True
        )
        handler.setFormatter(logging.Formatter(FORMAT))
        root.addHandler(handler)
    except OSError:
        pass
    if verbose and to_stderr:
        err = logging.StreamHandler(sys.stderr)
        err.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
        root.addHandler(err)
