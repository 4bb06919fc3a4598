"""Spaced repetition of problems with FSRS; card state lives in the Store (the model: record.cards)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timezone

from fsrs import Card, Rating, Scheduler

from mathquiz.record.cards import (  # noqa: F401  (rating_for, card_id_for: part of this API)
    DEFAULT_SCHEDULER,
    FAST_SECONDS,
    UNRATED_MODES,
    card_id_for,
    new_card,
    rating,
    rating_for,
)
from mathquiz.record.store import Store, utc


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


def learn(store: Store, problem_id: str, parts: Sequence, mode: str,
          now: datetime | None = None) -> tuple[Rating, Card] | None:
    """A finished (or abandoned) instance of a problem moves its card: the one memory model's update,
    in every mode but cramming. None when nothing moved (no part answered, or cramming)."""
    grade = rating(parts)
    if grade is None or mode in UNRATED_MODES:
        return None
    seconds = sum(max(p.seconds, 0.0) for p in parts)
    return grade, review(store, problem_id, grade, now, seconds=seconds)


def due(store: Store, problem_ids: Iterable[str], now: datetime | None = None) -> list[str]:
    """Problems answered before whose card is due at `now`, most overdue first (ties: given order).
    Problems never answered are new, not due (see `new`)."""
    now = utc(now) if now is not None else datetime.now(timezone.utc)
    cards = store.cards()
    ids = list(dict.fromkeys(problem_ids))  # de-duplicate, keep order
    overdue = [p for p in ids if p in cards and cards[p].due <= now]
    overdue.sort(key=lambda p: cards[p].due)  # stable: ties keep the given order
    return overdue


def new(store: Store, problem_ids: Iterable[str]) -> list[str]:
    """Problems never answered (no card), in the given order."""
    cards = store.cards()
    return [p for p in dict.fromkeys(problem_ids) if p not in cards]


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
