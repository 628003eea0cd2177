"""`python -m thawwatch` runs the command line."""

from .launch import run

run()
