"""Spaced review of whole problems: what is due, in which order, how a finished one is rated.

A problem is one FSRS card; its parts are rated together, because the student learns a
derivation, not each of its steps separately.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from fsrs import Rating

from mathquiz.judging.equivalence import CORRECT
from mathquiz.record import schedule
from mathquiz.record.store import Store
from mathquiz.study.session import PartResult


def queue(store: Store, problem_ids: Iterable[str], now: datetime,
          exam_date: datetime | None = None, limit: int | None = None) -> list[str]:
    """Due problems, most overdue first, then new; with an exam date, weakest on that day first."""
    ids = schedule.due(store, problem_ids, now)
    if exam_date is not None:
        # Only what is due or new: a card FSRS is still sure of can wait, even before an exam.
        ids = schedule.order_for_exam(store, ids, exam_date, now)
    return ids if limit is None else ids[: max(limit, 0)]


def due_count(store: Store, problem_ids: Iterable[str], now: datetime) -> int:
    """How many of the problems are due (never-reviewed ones included)."""
    return len(schedule.due(store, problem_ids, now))


def rating_from(results: Sequence[PartResult],
                fast_seconds: float = schedule.FAST_SECONDS) -> Rating:
    """One FSRS rating for a whole problem from its parts' results.

    Any part not correct (wrong, invalid, skipped, unanswered, ...) makes it Again; all correct
    but some after a hint or a retry is Hard; all correct at first try is Easy when the parts
    took under `fast_seconds` each on average, Good otherwise.
    """
    if not results:
        raise ValueError("a problem needs at least one part result to be rated")
    verdict = CORRECT if all(r.verdict == CORRECT for r in results) else "incorrect"
    attempts = max(max(r.attempts for r in results), 1)
    hints = sum(r.hints for r in results)
    average = sum(r.seconds for r in results) / len(results)
    return schedule.rating_for(verdict, attempts, hints, average, fast_seconds)


def rate_and_schedule(store: Store, problem_id: str, results: Sequence[PartResult],
                      now: datetime) -> Rating:
    """Rate a finished problem, save the review to its card in the store, return the rating."""
    rating = rating_from(results)
    schedule.review(store, problem_id, rating, now, seconds=sum(r.seconds for r in results))
    return rating
