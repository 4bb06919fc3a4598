"""Cramming: fresh instances of what is weakest, ahead of schedule, without moving the schedule.

A cram session is recorded in the history with mode "cram" (so stats count it), but it is never
rated into an FSRS card and study.memory leaves it out of the replayed memory: cramming the night
before cannot shorten or stretch any interval.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

import numpy as np

from mathquiz.record.memory import Knowledge
from mathquiz.study.plan import PRIOR

SEED_RANGE = 100_000


def cram_queue(known: Sequence[Knowledge], when: datetime, limit: int | None = None) -> list[str]:
    """Problem ids, weakest first: lowest first-try accuracy (never tried counts as PRIOR), then
    lowest predicted recall at `when`, then fewest instances."""
    def weakness(k: Knowledge) -> tuple:
        accuracy = PRIOR if k.accuracy is None else k.accuracy
        return (accuracy, k.recall(when), k.instances, k.id)

    ids = [k.id for k in sorted(known, key=weakness)]
    return ids if limit is None else ids[: max(limit, 0)]


def fresh_seed(seen: Iterable[int], rng: np.random.Generator) -> int:
    """A seed in 1..SEED_RANGE the student has not met for this problem (any seed once all are)."""
    used = set(seen)
    for _ in range(64):
        n = int(rng.integers(1, SEED_RANGE + 1))
        if n not in used:
            return n
    return next((n for n in range(1, SEED_RANGE + 1) if n not in used), 1)
