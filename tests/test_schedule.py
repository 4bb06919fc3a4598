"""FSRS scheduling with a fake clock: ratings, reviews, due order, exam order."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from fsrs import Rating, State

from mathquiz.record import schedule
from mathquiz.record.schedule import due, order_for_exam, rating_for, review
from mathquiz.record.store import Store

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=timezone.utc)
MIN, DAY = timedelta(minutes=1), timedelta(days=1)


@pytest.mark.parametrize(
    ("verdict", "attempts", "hints", "seconds", "expected"),
    [
        ("wrong", 1, 0, 5.0, Rating.Again),
        ("incorrect", 1, 0, 5.0, Rating.Again),  # grading.py spells it so
        ("invalid", 1, 0, 5.0, Rating.Again),
        ("skipped", 1, 0, 5.0, Rating.Again),
        ("undecided", 1, 0, 5.0, Rating.Again),
        ("wrong", 3, 2, 300.0, Rating.Again),
        ("correct", 1, 1, 5.0, Rating.Hard),  # after a hint, however fast
        ("correct", 2, 0, 5.0, Rating.Hard),  # after a retry
        ("correct", 1, 0, 45.0, Rating.Good),
        ("correct", 1, 0, 30.0, Rating.Good),  # "faster than" is strict
        ("correct", 1, 0, 29.9, Rating.Easy),
    ],
)
def test_rating_for(verdict: str, attempts: int, hints: int, seconds: float,
                    expected: Rating) -> None:
    assert rating_for(verdict, attempts, hints, seconds) == expected


def test_rating_for_custom_fast_threshold() -> None:
    assert rating_for("correct", 1, 0, 50.0, fast_seconds=60) == Rating.Easy
    assert rating_for("correct", 1, 0, 50.0, fast_seconds=40) == Rating.Good


def test_review_creates_saves_and_updates_the_card(store: Store) -> None:
    card = review(store, "p", Rating.Good, T0, seconds=12.5)
    assert card.last_review == T0 and card.due > T0
    assert store.load_card("p") == card
    assert card.card_id == schedule.card_id_for("p")

    later = review(store, "p", Rating.Good, T0 + DAY)
    assert later.last_review == T0 + DAY
    assert later.stability is not None and card.stability is not None
    assert later.stability > card.stability
    assert store.load_card("p") == later

    logs = store.review_logs("p")
    assert [(log.rating, log.review_datetime) for log in logs] == [
        (Rating.Good, T0), (Rating.Good, T0 + DAY)]
    assert logs[0].review_duration == 12500


def test_easy_graduates_and_again_stays_in_learning(store: Store) -> None:
    assert review(store, "easy", Rating.Easy, T0).state == State.Review
    again = review(store, "again", Rating.Again, T0)
    assert again.state == State.Learning and again.due < T0 + DAY


def test_naive_now_is_taken_as_utc(store: Store) -> None:
    card = review(store, "p", Rating.Good, T0.replace(tzinfo=None))
    assert card.last_review == T0


def _three_ratings(store: Store) -> None:
    # Same moment, different ratings: due in ~1 min, ~10 min, ~8 days.
    for pid, rating in [("good", Rating.Good), ("again", Rating.Again), ("easy", Rating.Easy)]:
        review(store, pid, rating, T0)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (T0, []),
        (T0 + 5 * MIN, ["again"]),
        (T0 + 30 * MIN, ["again", "good"]),
        (T0 + 30 * DAY, ["again", "good", "easy"]),
    ],
)
def test_due_most_overdue_first_and_never_new(store: Store, now: datetime, expected: list[str]) -> None:
    _three_ratings(store)
    assert due(store, ["new", "easy", "good", "again"], now) == expected
    assert due(store, ["again", "good", "easy", "new"], now) == expected
    # a problem never answered is new, whatever the time: counted apart, never due
    assert schedule.new(store, ["new", "easy", "good", "again"]) == ["new"]


def test_due_orders_by_when_cards_were_reviewed(store: Store) -> None:
    review(store, "monday", Rating.Good, T0)
    review(store, "tuesday", Rating.Good, T0 + DAY)
    review(store, "not-asked", Rating.Good, T0)
    assert due(store, ["tuesday", "monday", "monday"], T0 + 2 * DAY) == ["monday", "tuesday"]
    assert due(store, ["tuesday", "monday"], T0 + DAY + 5 * MIN) == ["monday"]


def test_exam_order_weakest_memory_first_new_first(store: Store) -> None:
    _three_ratings(store)  # stability: again < good < easy
    exam = T0 + 7 * DAY
    order = order_for_exam(store, ["easy", "good", "new", "again"], exam, T0)
    assert order == ["new", "again", "good", "easy"]


def test_exam_order_older_review_is_weaker(store: Store) -> None:
    review(store, "old", Rating.Good, T0)
    review(store, "recent", Rating.Good, T0 + 6 * DAY)
    assert order_for_exam(store, ["recent", "old"], T0 + 7 * DAY, T0 + 6 * DAY) == [
        "old", "recent"]


def test_exam_order_depends_on_exam_date(store: Store) -> None:
    # "old" was learnt fairly well a month ago, "fresh" poorly just now: tomorrow
    # recency wins and "old" is the weaker memory; in a year stability wins.
    review(store, "old", Rating.Good, T0)
    review(store, "fresh", Rating.Again, T0 + 30 * DAY)
    now = T0 + 30 * DAY
    assert order_for_exam(store, ["fresh", "old"], now + DAY, now) == ["old", "fresh"]
    assert order_for_exam(store, ["old", "fresh"], now + 365 * DAY, now) == ["fresh", "old"]


def test_exam_date_in_the_past_is_treated_as_now(store: Store) -> None:
    # "x" is due first but "y" is remembered worse by now; a past exam date
    # (before both reviews) would make every card look perfectly remembered.
    review(store, "x", Rating.Good, T0)
    review(store, "y", Rating.Again, T0 + 60 * MIN)
    now = T0 + 3 * DAY
    assert order_for_exam(store, ["x", "y"], T0 - DAY, now) == ["y", "x"]
