"""Days are the student's local days; every moment handed to FSRS is UTC. Checked in every zone of
conftest.ZONES, around midnight and across summer-time changes (CI itself runs in UTC)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import pytest

from mathquiz.record.memory import Subject, knowledge, minutes_on
from mathquiz.record.schedule import due, new, order_for_exam, review
from mathquiz.record.store import AttemptRecord
from mathquiz.study.plan import make_plan, noon

pytestmark = pytest.mark.usefixtures("zone")

# Summer time starts or ends on these days in Berlin and New York; Apia skipped 30 December 2011.
CHANGES = [date(2026, 3, 29), date(2026, 10, 25), date(2026, 3, 8), date(2026, 11, 1), date(2011, 12, 28)]


def local(day: date, hour: int, minute: int = 0) -> datetime:
    """A local wall-clock time as an aware UTC moment."""
    return datetime.combine(day, time(hour, minute)).astimezone(timezone.utc)


def part(day: date, hour: int, minute: int = 0, *, right: bool = True, seconds: float = 120.0,
         session: str | None = None) -> AttemptRecord:
    return AttemptRecord("calc-0", "calc", 1, 0, "correct" if right else "incorrect", 1, 0, seconds, "x",
                         session=session or f"{day}-{hour}", at=local(day, hour, minute))


@pytest.mark.parametrize("day", CHANGES + [date(2027, 1, 1), date(2028, 2, 29)])
def test_a_days_noon_is_utc_and_on_that_local_day(day: date) -> None:
    moment = noon(day)
    assert moment.tzinfo is timezone.utc
    assert moment.astimezone().date() == day and moment.astimezone().hour in (11, 12, 13)


@pytest.mark.parametrize("day", CHANGES)
def test_parts_either_side_of_local_midnight_fall_on_two_days(day: date) -> None:
    late, early = part(day, 23, 59, seconds=60), part(day + timedelta(days=1), 0, 1, seconds=180)
    assert minutes_on(day, [late, early]) == 1 and minutes_on(day + timedelta(days=1), [late, early]) == 3
    [k] = knowledge([Subject("calc-0", "calc")], [late, early])
    assert k.last_day == day + timedelta(days=1) and k.instances == 2
    assert k.card is not None and k.card.due.tzinfo is not None
    # both instances replayed, in the order they were answered (record.cards: every graded instance
    # moves the card, a second one on a day too, as review does after a lapse)
    assert k.card.last_review == early.at
    first, last = part(day, 0, 1), part(day, 23, 59)
    [same_day] = knowledge([Subject("calc-0", "calc")], [last, first])
    assert same_day.card.last_review == last.at


@pytest.mark.parametrize("today", CHANGES)
def test_a_plan_across_a_summer_time_change(today: date) -> None:
    history = [part(today - timedelta(days=d), 23, 30, right=d % 2 == 0) for d in (1, 4, 9)]
    known = knowledge([Subject("calc-0", "calc"), Subject("lin-0", "lin", 2)], history)
    p = make_plan(known, today, today + timedelta(days=4), 30)
    assert [d.date for d in p.days] == [today + timedelta(days=n) for n in range(4)]
    assert all(0 <= r <= 1 for r in [*p.recall_now.values(), *p.recall_planned.values()])
    assert {i.problem for d in p.days for i in d.items} == {"calc-0", "lin-0"}


def test_scheduling_takes_any_aware_moment_or_a_local_one(store) -> None:
    from fsrs import Rating

    berlin_evening = datetime(2026, 3, 28, 23, 30, tzinfo=timezone(timedelta(hours=1)))
    card = review(store, "calc-0", Rating.Good, berlin_evening)
    assert card.due.tzinfo is not None and card.last_review == berlin_evening
    naive_local = datetime(2026, 3, 30, 12)  # naive: taken as UTC
    assert due(store, ["calc-0", "lin-0"], naive_local) == ["calc-0"]  # lin-0 is new, not due
    assert new(store, ["calc-0", "lin-0"]) == ["lin-0"]
    assert order_for_exam(store, ["calc-0"], datetime.now().astimezone()) == ["calc-0"]
