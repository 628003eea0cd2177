"""Preloaded into a test's parser fork server before ``parser_warmup``: sleeps for
$THAWWATCH_SLOW_PRELOAD seconds, as a fork server on a slow disk imports for long."""

import os
import time

time.sleep(float(os.environ.get("THAWWATCH_SLOW_PRELOAD", "0")))
