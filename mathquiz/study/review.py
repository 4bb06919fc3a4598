"""Spaced review of whole problems: what is due, what is new, in which order, how one is rated.

A problem is one FSRS card; its parts are rated together, because the student learns a
derivation, not each of its steps separately. Every mode moves the same card (record.cards), so
what `review` calls due is what practice, exams and the placement test left due.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from fsrs import Rating

from mathquiz.record import schedule
from mathquiz.record.store import Store
from mathquiz.study.session import PartResult

DEFAULT_NEW = 5  # new problems a review brings in at most (Anki's daily new-card limit, smaller)


@dataclass(frozen=True)
class Queue:
    """What a review asks: due problems (most overdue first), then some new ones."""

    due: tuple[str, ...]
    new: tuple[str, ...]  # every new problem of the selection, in prerequisite order
    todo: tuple[str, ...]  # what this review asks, in order

    def to_json(self) -> dict:
        return {"due": len(self.due), "new": len(self.new), "queue": list(self.todo)}


def queue(store: Store, problem_ids: Iterable[str], now: datetime,
          exam_date: datetime | None = None, limit: int | None = None,
          new_limit: int | None = None) -> list[str]:
    """Due problems, most overdue first, then new ones (at most new_limit); with an exam date, the
    due ones weakest on that day first."""
    return list(plan_queue(store, problem_ids, now, exam_date, limit, new_limit).todo)


def plan_queue(store: Store, problem_ids: Iterable[str], now: datetime,
               exam_date: datetime | None = None, limit: int | None = None,
               new_limit: int | None = None) -> Queue:
    """The review's Queue. `problem_ids` come in the order new ones are introduced (prerequisites
    first: study.graph); due ones are ordered by the cards."""
    ids = list(dict.fromkeys(problem_ids))
    due = schedule.due(store, ids, now)
    if exam_date is not None:
        # Only what is due: a card FSRS is still sure of can wait, even before an exam.
        due = schedule.order_for_exam(store, due, exam_date, now)
    new = schedule.new(store, ids)
    todo = due + new[: max(new_limit, 0) if new_limit is not None else len(new)]
    todo = todo if limit is None else todo[: max(limit, 0)]
    return Queue(tuple(due), tuple(new), tuple(todo))


def due_count(store: Store, problem_ids: Iterable[str], now: datetime) -> int:
    """How many of the problems are due (answered before, card due); new ones are not."""
    return len(schedule.due(store, problem_ids, now))


def rating_from(results: Sequence[PartResult],
                fast_seconds: float = schedule.FAST_SECONDS) -> Rating:
    """One FSRS rating for a whole problem from its parts' results (record.cards.rating).

    Raises ValueError when no part was answered: that is not evidence of anything.
    """
    grade = schedule.rating(results, fast_seconds)
    if grade is None:
        raise ValueError("a problem needs at least one answered part to be rated")
    return grade


def rate_and_schedule(store: Store, problem_id: str, results: Sequence[PartResult],
                      now: datetime) -> Rating:
    """Rate a finished problem, save the review to its card in the store, return the rating."""
    rating = rating_from(results)  # raises when nothing was answered
    schedule.learn(store, problem_id, results, "review", now)
    return rating
