"""The plan to an exam date, from a history built here: coverage, budget, weak first, recall in range."""

from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta, timezone

import pytest

from mathquiz.record.memory import DEFAULT_MINUTES, Subject, knowledge
from mathquiz.record.store import AttemptRecord
from mathquiz.study.cram import cram_queue, fresh_seed
from mathquiz.study.plan import DUE, NEW, WEAK, PlanError, make_plan

TODAY = date(2027, 1, 10)
pytestmark = pytest.mark.usefixtures("zone")  # every test in every zone of conftest.ZONES


def at(day: date, hour: int = 12) -> datetime:
    return datetime.combine(day, time(hour)).astimezone(timezone.utc)


def attempt(pid: str, day: date, right: bool, minutes: float = 4.0, mode: str = "practice",
            seed: int = 1) -> AttemptRecord:
    return AttemptRecord(problem_id=pid, topic=pid.split("-")[0], seed=seed, part=0,
                         verdict="correct" if right else "incorrect", attempts=1, hints=0,
                         seconds=minutes * 60, answer="x", mode=mode, session=f"{pid}-{day}-{seed}",
                         at=at(day))


# Ten problems in three topics: two learnt well, two got wrong every time, six never seen.
SUBJECTS = [Subject(f"{t}-{i}", t, 1 + i % 3) for t, n in (("calc", 4), ("lin", 3), ("prob", 3)) for i in range(n)]
STRONG, WEAK_IDS = ["calc-0", "lin-0"], ["calc-1", "prob-0"]
HISTORY = [attempt(pid, TODAY - timedelta(days=d), pid in STRONG, seed=d)
           for pid in STRONG + WEAK_IDS for d in (9, 6, 3)]


def plan(days: int = 10, minutes: float = 30, history=HISTORY, subjects=SUBJECTS, **kw):
    return make_plan(knowledge(subjects, history), TODAY, TODAY + timedelta(days=days), minutes, **kw)


def sessions(p, pid: str) -> list[int]:
    """The day numbers (0 = today) a problem is planned on."""
    return [n for n, d in enumerate(p.days) for i in d.items if i.problem == pid]


@pytest.mark.parametrize("days", [2, 5, 14, 40])
def test_every_problem_is_met_and_unseen_ones_early_enough_to_meet_again(days):
    p = plan(days, minutes=60)
    assert [d.date for d in p.days] == [TODAY + timedelta(days=n) for n in range(days)]
    assert not p.unplanned
    for s in SUBJECTS:
        assert sessions(p, s.id), s.id
    unseen = [s.id for s in SUBJECTS if s.id not in STRONG + WEAK_IDS]
    for pid in unseen:
        first = sessions(p, pid)[0]
        assert p.days[first].items[[i.problem for i in p.days[first].items].index(pid)].reason == NEW
        assert first <= days - 2  # leaves a day to meet it again ...
        assert len(sessions(p, pid)) >= 2  # ... and it is met again


@pytest.mark.parametrize("days", [3, 10, 30])
@pytest.mark.parametrize("minutes", [5, 12, 30, 90])
def test_no_day_goes_over_the_budget(days, minutes):
    p = plan(days, minutes)
    assert all(d.minutes <= minutes + 1e-9 for d in p.days)
    assert all(d.minutes == pytest.approx(sum(i.minutes for i in d.items)) for d in p.days)
    assert all(len({i.problem for i in d.items}) == len(d.items) for d in p.days)  # once a day at most


def test_what_was_studied_today_counts_against_today_and_is_not_planned_again():
    history = [*HISTORY, attempt("lin-1", TODAY, True, minutes=8)]
    p = plan(5, 30, history=history, spent_today=25)
    assert p.days[0].minutes <= 5
    assert 0 not in sessions(p, "lin-1") and sessions(p, "lin-1")
    assert plan(5, 30, history=history).days[0].minutes > 5  # without what was spent: the full day


def test_weak_problems_come_first_and_more_often():
    p = plan(14, 30)
    first_day = [i.problem for i in p.days[0].items]
    assert first_day[: len(WEAK_IDS)] == sorted(WEAK_IDS)  # weakest first, before anything new or due
    assert all(i.reason == WEAK for i in p.days[0].items[:2])
    for weak in WEAK_IDS:
        for strong in STRONG:
            assert len(sessions(p, weak)) > len(sessions(p, strong))
            assert sessions(p, weak)[0] < sessions(p, strong)[0]


@pytest.mark.parametrize("days, minutes", [(0, 30), (1, 30), (7, 10), (30, 30), (366, 60)])
def test_recall_is_a_probability_for_every_problem(days, minutes):
    p = plan(days, minutes)
    data = p.to_json()
    assert set(data) == {"exam_date", "today", "minutes_per_day", "days", "exam_day_recall", "topics"}
    assert set(data["exam_day_recall"]) == {s.id for s in SUBJECTS}
    assert all(0.0 <= r <= 1.0 and not math.isnan(r) for r in data["exam_day_recall"].values())
    assert set(data["topics"]) == {"calc", "lin", "prob"}
    for topic in data["topics"].values():
        assert set(topic) == {"now", "planned"}
        assert 0.0 <= topic["now"] <= topic["planned"] + 1e-9 <= 1.0 + 1e-9
    for d in data["days"]:
        assert set(d) == {"date", "minutes", "items"}
        assert all(set(i) == {"problem", "reason", "minutes"} and i["reason"] in (NEW, WEAK, DUE)
                   for i in d["items"])


def test_never_practised_problems_have_recall_zero_now_and_more_with_the_plan():
    p = plan(10, 60)
    for s in SUBJECTS:
        if s.id not in STRONG + WEAK_IDS:
            assert p.recall_now[s.id] == 0.0
            assert p.recall_planned[s.id] > 0.5
    assert p.recall_now["calc-0"] > p.recall_now["calc-1"]  # learnt beats always wrong


def test_the_plan_raises_exam_day_recall_for_what_it_schedules():
    p = plan(10, 60)
    assert all(p.recall_planned[pid] >= p.recall_now[pid] for pid in p.recall_now)
    assert sum(p.recall_planned.values()) > sum(p.recall_now.values()) + 3


def test_measured_minutes_are_used_and_defaults_by_difficulty_otherwise():
    known = {k.id: k for k in knowledge(SUBJECTS, HISTORY)}
    assert known["calc-0"].minutes == 4.0 and known["calc-0"].measured
    for s in SUBJECTS:
        if s.id not in STRONG + WEAK_IDS:
            assert known[s.id].minutes == DEFAULT_MINUTES[s.difficulty] and not known[s.id].measured
    p = plan(5, 60)
    assert all(i.minutes == known[i.problem].minutes for d in p.days for i in d.items)


def test_a_budget_too_small_says_what_does_not_fit():
    p = plan(2, 5)
    assert p.unplanned  # two days of five minutes cannot meet ten problems
    assert all(d.minutes <= 5 for d in p.days)
    assert any("do not fit" in n and p.unplanned[0] in n for n in p.notes)
    too_long = plan(3, 2.5)  # every problem takes longer than the whole day
    assert not any(d.items for d in too_long.days)
    assert any("take longer than 2.5 minutes, the whole day" in n for n in too_long.notes)


def test_an_empty_history_gives_a_plan_with_estimates():
    p = plan(7, 30, history=[])
    assert all(sessions(p, s.id) for s in SUBJECTS)
    assert any("no history yet" in n for n in p.notes)
    assert all(r == 0.0 for r in p.recall_now.values())


def test_the_exam_today_plans_no_days_and_says_so():
    p = plan(0)
    assert p.days == () and any("exam is today" in n for n in p.notes)
    assert p.recall_planned == p.recall_now


@pytest.mark.parametrize("days, minutes, message", [
    (-1, 30, "in the past"), (367, 30, "more than 366 days"), (5, 0, "positive"), (5, -3, "positive"),
    (5, float("nan"), "positive"), (5, float("inf"), "positive"),
])
def test_dates_and_budgets_no_plan_can_be_made_for(days, minutes, message):
    with pytest.raises(PlanError, match=message):
        plan(days, minutes)


def test_the_same_history_gives_the_same_plan():
    assert plan(12, 20).to_json() == plan(12, 20).to_json()


def test_cramming_leaves_the_replayed_memory_as_it_was():
    crammed = [*HISTORY, *(attempt(pid, TODAY, False, mode="cram", seed=99) for pid in STRONG)]
    before = {k.id: k.card for k in knowledge(SUBJECTS, HISTORY)}
    after = {k.id: k for k in knowledge(SUBJECTS, crammed)}
    for pid in STRONG:
        assert after[pid].card.to_dict() == before[pid].to_dict()
        assert after[pid].instances == 4 and 99 in after[pid].seeds  # still recorded and counted


def test_cramming_takes_the_weakest_first():
    known = knowledge(SUBJECTS, HISTORY)
    order = cram_queue(known, at(TODAY))
    assert order[:2] == sorted(WEAK_IDS)  # always wrong
    assert order.index("calc-0") > order.index("calc-2")  # learnt comes after never tried
    assert cram_queue(known, at(TODAY), limit=3) == order[:3]


@pytest.mark.parametrize("seen", [set(), {1, 2, 3}, set(range(1, 100_000))])
def test_a_crammed_instance_is_fresh(seen):
    import numpy as np

    assert fresh_seed(seen, np.random.default_rng(5)) not in seen
