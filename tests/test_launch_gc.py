"""The console script keeps the garbage collector off through start-up only: every
command must have it back on by the time it does its work (a dashboard left open for days
without it would grow without bound)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = """
import atexit, gc, sys
import thawwatch.commands as commands, thawwatch.cli as cli
seen = []
for name in ("status", "refresh"):
    real = getattr(commands, name)
    def probe(args, real=real):
        code = real(args)
        seen.append(gc.isenabled())  # after the command's own work, before exit
        return code
    setattr(commands, name, probe)
atexit.register(lambda: print("collector on:", seen, gc.isenabled(), flush=True))
from thawwatch.launch import run
sys.argv = ["thawwatch", *sys.argv[1:]]
run()
"""


@pytest.mark.parametrize("argv", [("status",), ("refresh",)])
def test_the_collector_is_back_on(tmp_path: Path, argv: tuple[str, ...]) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text("", "utf-8")  # no feeds: refresh says so and ends
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path),
           "XDG_STATE_HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-c", PROBE, "--config", str(cfg), "--db", str(tmp_path / "t.db"),
         *argv], env=env, capture_output=True, text=True, timeout=60, check=False)
    assert out.returncode == 0, out.stderr
    line = out.stdout.strip().splitlines()[-1]
    assert line == "collector on: [True] True", out.stdout
