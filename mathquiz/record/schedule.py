"""Spaced repetition of problems with FSRS; card state lives in the Store."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime, timezone

from fsrs import Card, Rating, Scheduler

from mathquiz.record.store import Store, utc

# No fuzzing: one student with a small deck gains nothing from spreading due
# dates, and deterministic intervals keep schedules reproducible and testable.
DEFAULT_SCHEDULER = Scheduler(enable_fuzzing=False)

FAST_SECONDS = 30.0


def rating_for(
    verdict: str, attempts: int, hints: int, seconds: float, fast_seconds: float = FAST_SECONDS
) -> Rating:
    """FSRS rating for one answered problem.

    Anything but "correct" (wrong, invalid, skipped, undecided, ...) is Again;
    correct after a hint or a retry is Hard; correct faster than fast_seconds is
    Easy; otherwise Good.
    """
    if verdict != "correct":
        return Rating.Again
    if hints > 0 or attempts > 1:
        return Rating.Hard
    if seconds < fast_seconds:
        return Rating.Easy
    return Rating.Good


def card_id_for(problem_id: str) -> int:
    """A stable card id derived from the problem id (fits in a JS-safe integer)."""
    digest = hashlib.sha256(problem_id.encode()).digest()
    return int.from_bytes(digest[:6], "big")


def new_card(problem_id: str, now: datetime) -> Card:
    """A never-reviewed card, due at `now`."""
    # Passing card_id and due explicitly keeps fsrs from reading the clock.
    return Card(card_id=card_id_for(problem_id), due=utc(now))


def review(
    store: Store,
    problem_id: str,
    rating: Rating,
    now: datetime | None = None,
    *,
    seconds: float | None = None,
    scheduler: Scheduler = DEFAULT_SCHEDULER,
) -> Card:
    """Apply one review to a problem's card, save card and log, and return the card."""
    now = utc(now) if now is not None else datetime.now(timezone.utc)
    card = store.load_card(problem_id) or new_card(problem_id, now)
    duration = round(seconds * 1000) if seconds is not None else None
    card, log = scheduler.review_card(card, rating, review_datetime=now, review_duration=duration)
    store.save_card(problem_id, card, log)
    return card


def due(store: Store, problem_ids: Iterable[str], now: datetime | None = None) -> list[str]:
    """Problems due at `now`: reviewed ones most overdue first, then never-reviewed ones.

    Never-reviewed problems are new and always due; they come after the overdue
    reviews (in the given order) because something already learnt and now being
    forgotten is the more urgent of the two.
    """
    now = utc(now) if now is not None else datetime.now(timezone.utc)
    cards = store.cards()
    ids = list(dict.fromkeys(problem_ids))  # de-duplicate, keep order
    overdue = [p for p in ids if p in cards and cards[p].due <= now]
    overdue.sort(key=lambda p: cards[p].due)  # stable: ties keep the given order
    return overdue + [p for p in ids if p not in cards]


def order_for_exam(
    store: Store,
    problem_ids: Iterable[str],
    exam_date: datetime,
    now: datetime | None = None,
    *,
    scheduler: Scheduler = DEFAULT_SCHEDULER,
) -> list[str]:
    """All given problems, those least likely to be recalled on exam_date first.

    Never-reviewed problems come first (in the given order), then reviewed ones by
    predicted retrievability at the exam date, lowest first. An exam date already
    in the past is treated as `now`.
    """
    now = utc(now) if now is not None else datetime.now(timezone.utc)
    when = max(utc(exam_date), now)
    cards = store.cards()
    ids = list(dict.fromkeys(problem_ids))
    new = [p for p in ids if p not in cards]
    seen = [p for p in ids if p in cards]
    seen.sort(key=lambda p: (scheduler.get_card_retrievability(cards[p], when), cards[p].due))
    return new + seen
