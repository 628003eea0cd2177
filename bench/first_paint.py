"""First paint: thawwatch's dashboard against a bare Textual app, measured the same way.

Each program runs in a real pseudo-terminal (120×40); the clock runs from spawning the
process to the first screen output that contains the program's marker text. Both start
as fresh Python processes, so imports count for both. Prints a table of medians.

    python bench/first_paint.py [--runs 7]
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from feeds_fixture import as_installed

BARE_APP = """
from textual.app import App
from textual.widgets import Footer, Static

class Bare(App):
    def compose(self):
        yield Static("bare textual app")
        yield Footer()

Bare().run()
"""


def first_paint(cmd: list[str], marker: bytes, env: dict[str, str], timeout: float = 20) -> float:
    """Seconds from spawn until ``marker`` appears on the pty."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave, env=env,
                            start_new_session=True)
    os.close(slave)
    seen = b""
    try:
        while time.perf_counter() - start < timeout:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    break
                seen += chunk
                if marker in seen:
                    return time.perf_counter() - start
        raise RuntimeError(f"marker {marker!r} not seen; output tail: {seen[-300:]!r}")
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        os.close(master)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp())
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40",
           "XDG_CONFIG_HOME": str(tmp / "c"), "XDG_DATA_HOME": str(tmp / "d"),
           "XDG_STATE_HOME": str(tmp / "s"), "THAWWATCH_DB": str(tmp / "bench.db")}
    bare = tmp / "bare.py"
    bare.write_text(BARE_APP)
    env = as_installed(env)
    exe = str(Path(sys.executable).with_name("thawwatch"))
    subprocess.run([exe, "status"], env=env, capture_output=True, check=True)  # create the db
    programs = {
        "bare Textual app": ([sys.executable, str(bare)], b"bare textual app"),
        "thawwatch dashboard": ([exe], b"Irritants"),
    }
    results: dict[str, list[float]] = {name: [] for name in programs}
    for _ in range(args.runs):
        for name, (cmd, marker) in programs.items():
            results[name].append(first_paint(cmd, marker, env))
    base = statistics.median(results["bare Textual app"])
    print(f"{'program':<22} {'median s':>9} {'min s':>7} {'max s':>7} {'× bare':>7}")
    for name, times in results.items():
        med = statistics.median(times)
        print(f"{name:<22} {med:>9.3f} {min(times):>7.3f} {max(times):>7.3f} {med / base:>7.2f}")


if __name__ == "__main__":
    main()
