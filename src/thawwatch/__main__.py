"""`python -m thawwatch` runs the command line."""

from .cli import run

run()
