"""Spaced review with a fake clock: due order, exam-date order, limits, rating whole problems."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from fsrs import Rating

from mathquiz.record.schedule import review
from mathquiz.record.store import Store
from mathquiz.study.review import due_count, plan_queue, queue, rate_and_schedule, rating_from
from mathquiz.study.session import PartResult

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=timezone.utc)
MIN, DAY = timedelta(minutes=1), timedelta(days=1)


def part(verdict: str = "correct", attempts: int = 1, hints: int = 0,
         seconds: float = 40.0) -> PartResult:
    return PartResult(part=1, verdict=verdict, attempts=attempts, hints=hints, seconds=seconds)


def test_reviewed_at_different_times_come_back_in_order(store: Store) -> None:
    review(store, "early", Rating.Good, T0)
    review(store, "late", Rating.Good, T0 + 5 * MIN)
    first, second = store.load_card("early").due, store.load_card("late").due
    assert first < second  # same rating, reviewed later: due later
    ids = ["new", "late", "early"]
    assert queue(store, ids, T0 + MIN) == ["new"]  # nothing learnt is due yet
    assert queue(store, ids, first) == ["early", "new"]
    assert queue(store, ids, second) == ["early", "late", "new"]  # most overdue first, new last
    # new problems are not due: counted apart, and at most new_limit of them join a review
    assert due_count(store, ids, T0 + MIN) == 0 and due_count(store, ids, second) == 2
    assert queue(store, ids, second, new_limit=0) == ["early", "late"]
    q = plan_queue(store, ids + ["new2", "new3"], second, new_limit=1)
    assert (q.due, q.new, q.todo) == (("early", "late"), ("new", "new2", "new3"), ("early", "late", "new"))


def test_exam_date_puts_the_least_retained_first(store: Store) -> None:
    # "solid" is learnt well early on; "shaky" is failed much later, so without an exam date
    # "solid" (due earlier) comes first, but on the exam day "shaky" is the likelier to be lost.
    review(store, "solid", Rating.Easy, T0)
    review(store, "shaky", Rating.Again, T0 + 30 * DAY)
    assert store.load_card("solid").due < store.load_card("shaky").due
    now, exam = T0 + 60 * DAY, T0 + 61 * DAY
    ids = ["solid", "shaky", "new"]
    assert queue(store, ids, now) == ["solid", "shaky", "new"]
    assert queue(store, ids, now, exam_date=exam) == ["shaky", "solid", "new"]


def test_exam_date_only_orders_what_is_due(store: Store) -> None:
    review(store, "fresh", Rating.Easy, T0)  # due days from now
    review(store, "lapsed", Rating.Again, T0)  # due in minutes
    now = T0 + timedelta(hours=1)
    assert queue(store, ["fresh", "lapsed"], now, exam_date=now + DAY) == ["lapsed"]


def test_limit(store: Store) -> None:
    ids = [f"p{i}" for i in range(5)]
    assert queue(store, ids, T0, limit=2) == ["p0", "p1"]
    assert queue(store, ids, T0, exam_date=T0 + DAY, limit=3) == ["p0", "p1", "p2"]
    assert queue(store, ids, T0, limit=0) == []
    assert len(queue(store, ids, T0, limit=10)) == 5


@pytest.mark.parametrize(
    ("results", "expected"),
    [
        ([part(), part("incorrect")], Rating.Again),  # any wrong part fails the problem
        ([part(), part("skipped", attempts=0)], Rating.Again),
        ([part("invalid")], Rating.Again),
        ([part(), part(hints=1, seconds=5)], Rating.Hard),  # a hint, however fast
        ([part(), part(attempts=2, seconds=5)], Rating.Hard),  # a retry
        ([part(seconds=40), part(seconds=40)], Rating.Good),
        ([part(seconds=50), part(seconds=5)], Rating.Easy),  # 27.5 s per part on average
        ([part(seconds=50), part(seconds=10)], Rating.Good),  # 30 s: "fast" is strict
    ],
)
def test_rating_from_results(results: list[PartResult], expected: Rating) -> None:
    assert rating_from(results) == expected


def test_rating_needs_results() -> None:
    with pytest.raises(ValueError):
        rating_from([])


def test_rate_and_schedule_saves_the_card(store: Store) -> None:
    assert rate_and_schedule(store, "ok", [part(seconds=10), part(seconds=12)], T0) == Rating.Easy
    assert rate_and_schedule(store, "bad", [part(), part("incorrect")], T0) == Rating.Again
    logs = {log.rating for log in store.review_logs()}
    assert logs == {Rating.Easy, Rating.Again}
    assert store.review_logs("ok")[0].review_duration == 22_000  # total seconds, in ms
    ok, bad = store.load_card("ok"), store.load_card("bad")
    assert ok.last_review == bad.last_review == T0
    assert bad.due < ok.due  # the failed problem comes back sooner
    assert queue(store, ["ok", "bad"], T0 + timedelta(hours=1)) == ["bad"]
