"""Ctrl-C, SIGTERM and SIGHUP end a command the same way: a message, what was answered kept (the
history commits each part as it is answered), and exit 128 + the signal (130, 143, 129).

Each signal raises KeyboardInterrupt in the main thread, so the one clean-up path (summaries,
closing the history) serves them all. A signal can also surface as a SystemError or another
exception when it lands inside C code that calls back into Python (NumPy object arrays, mpmath);
`received()` tells the entry point that such an error was an interruption, not a bug.

Imports only the standard library: it is installed before anything heavy is imported.
"""

from __future__ import annotations

import signal
import sys

_NAMES = {signal.SIGINT: "interrupted"}
for _name, _said in (("SIGTERM", "terminated"), ("SIGHUP", "hung up")):
    if hasattr(signal, _name):
        _NAMES[getattr(signal, _name)] = _said

_received: list[int] = []
_stopping: list[bool] = []


def _on_signal(signum, frame) -> None:
    _received.append(signum)
    if not _stopping:
        raise KeyboardInterrupt


def stopping() -> None:
    """mathquiz is on its way out (saying why, flushing, exiting): a signal from now on is only
    recorded, so that it cannot interrupt the clean-up with a traceback."""
    _stopping.append(True)


def _unraisable(info) -> None:
    """A signal that lands where Python ignores exceptions (a weakref callback of the import
    machinery, a `__del__`) would print "Exception ignored in …" with a traceback and be lost.
    It is recorded already: say nothing here; the entry point asks `received()` once the modules
    are loaded."""
    if info.exc_type is not None and issubclass(info.exc_type, KeyboardInterrupt) and _received:
        return
    _previous_hook(info)


_previous_hook = sys.unraisablehook


def install() -> None:
    """Route SIGINT, SIGTERM and SIGHUP through KeyboardInterrupt (main thread only)."""
    sys.unraisablehook = _unraisable
    for signum in _NAMES:
        try:
            if signum != signal.SIGINT and signal.getsignal(signum) == signal.SIG_IGN:
                continue  # started under nohup: keep ignoring the hang-up
            signal.signal(signum, _on_signal)
        except (ValueError, OSError):  # not the main thread, or a platform without it
            pass


def received() -> int | None:
    """The first signal that arrived, if any."""
    return _received[0] if _received else None


def exit_code() -> int:
    """128 + the signal that stopped us: 130 for Ctrl-C (also when none was recorded), 143, 129."""
    return 128 + (received() or signal.SIGINT)


_told: list[bool] = []


def message() -> str:
    """What stopped us ("interrupted", "terminated", "hung up"), for the one line that says so."""
    _told.append(True)
    return _NAMES.get(received() or signal.SIGINT, "interrupted")


def told() -> bool:
    """Whether the line saying what stopped us was asked for already."""
    return bool(_told)
