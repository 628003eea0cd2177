"""Preloaded into a test's parser fork server, after its other modules: records whether
its interpreter was torn down at exit (a module global's ``__del__`` runs then; objects
frozen by ``parser_warmup`` are left alone) into $THAWWATCH_TEARDOWN_PROBE."""

import os

_PATH = os.environ.get("THAWWATCH_TEARDOWN_PROBE", "")
_LINE = f"{os.getpid()} torn down\n".encode()


class _Probe:
    # Everything bound now, and no codec lookup: late in a teardown modules are gone
    def __del__(self, _open=os.open, _write=os.write, _close=os.close,
                _flags=os.O_WRONLY | os.O_APPEND | os.O_CREAT, _path=_PATH,
                _line=_LINE) -> None:
        if _path:
            fd = _open(_path, _flags, 0o600)
            _write(fd, _line)
            _close(fd)


PROBE = _Probe()
if _PATH:
    with open(_PATH, "a", encoding="utf-8") as out:
        out.write(f"{os.getpid()} up\n")
