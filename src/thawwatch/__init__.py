"""thawwatch: a terminal dashboard for the Canada–China trade thaw."""

__version__ = "0.1.0"
