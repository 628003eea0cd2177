"""The `thawwatch` console script's entry: nothing but the interrupt guard before the CLI.

Importing the CLI takes ~50 ms; a Ctrl-C landing in it would print a traceback. Here it
prints the CLI's one line and exits 130.
"""

import sys


def run() -> None:
    """Import the CLI and run it."""
    try:
        from .cli import run as run_cli
    except KeyboardInterrupt:
        print("thawwatch: interrupted", file=sys.stderr)
        sys.exit(130)
    run_cli()
