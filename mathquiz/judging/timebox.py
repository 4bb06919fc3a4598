"""A hard time limit for CAS work that we cannot interrupt from inside (SymPy calls)."""

from __future__ import annotations

import signal
import threading
import time
from contextlib import contextmanager


class TimeUp(Exception):
    """The time box ran out."""


@contextmanager
def time_box(seconds: float, cpu: bool = False):
    """Raise TimeUp in the block after `seconds`; without a main-thread timer, raise at once.

    SIGALRM works only in the main thread of a Unix process; elsewhere we refuse the work rather
    than risk an unbounded computation. `cpu` counts the process's CPU time instead of the clock
    (SIGPROF), for work whose bound must not depend on how busy the machine is. Boxes nest: an
    inner box ends by the outer one's limit at the latest and gives the outer box back the time
    left to it (a comparison inside a draw, a simplify inside a derived value).
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        raise TimeUp("no timer available")

    def on_alarm(signum, frame):
        raise TimeUp(f"took longer than {seconds:g} s")

    which, sig = (signal.ITIMER_PROF, signal.SIGPROF) if cpu else (signal.ITIMER_REAL, signal.SIGALRM)
    now = time.process_time if cpu else time.monotonic
    outer_left = signal.getitimer(which)[0]  # 0: no box around this one
    previous = signal.signal(sig, on_alarm)
    start = now()
    signal.setitimer(which, min(seconds, outer_left) if outer_left > 0 else seconds)
    try:
        yield
    finally:
        signal.setitimer(which, 0)
        signal.signal(sig, previous)
        if outer_left > 0:  # the outer box goes on with what is left of it (at once, if nothing)
            signal.setitimer(which, max(outer_left - (now() - start), 1e-6))
