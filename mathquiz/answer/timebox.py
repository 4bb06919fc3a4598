"""A hard time limit for CAS work that we cannot interrupt from inside (SymPy calls)."""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager


class TimeUp(Exception):
    """The time box ran out."""


@contextmanager
def time_box(seconds: float):
    """Raise TimeUp in the block after `seconds`; without a main-thread timer, raise at once.

    SIGALRM works only in the main thread of a Unix process; elsewhere we refuse the work rather
    than risk an unbounded computation.
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        raise TimeUp("no timer available")

    def on_alarm(signum, frame):
        raise TimeUp(f"took longer than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
