"""Imported by the parser fork server only: compile the default signal rules there, once.

Every parser worker forks from the fork server, so each starts with the bundled rules
compiled and their regexes warm, instead of spending ~50 ms on them before its first
feed. Importing this module is that work, on purpose; nothing else imports it.

Last, everything the fork server holds is frozen out of garbage collection (as the gc
docs advise before forking): a worker's collections then skip the parser and the rules
instead of touching, and so copying, every page they live on.
"""

import gc
from datetime import date

from thawwatch.signals import classify, load_rules

classify("China cuts its tariff on Canadian canola oil to 50% from November 15, 2026",
         "Ottawa said the 100% duty on peas would be suspended.", date(2026, 11, 1),
         load_rules())
gc.freeze()
