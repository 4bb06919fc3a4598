"""A day-by-day plan to an exam date within a daily time budget (the method: docs/planning.md).

Plain logic: what the history says about each problem (study.memory) in, a Plan out. The plan
is built one day at a time, simulating each planned session with FSRS:
1. problems the student gets wrong (first-try accuracy below WEAK_BELOW) come first, every day until
   the simulated accuracy recovers;
2. problems never practised come next, prerequisites first, spread evenly so that the last first
   meeting leaves at least one day to meet it again;
3. then what FSRS says is due, its due date brought forward to the day before the exam whenever
   recall on exam day would otherwise fall below TARGET;
4. minutes still left go to more new problems, met early rather than late;
each in that order while the day's minutes last. What does not fit waits for the next day, and
a problem the days left out goes where minutes remain (every problem is met at least once).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from fsrs import Card, Rating, Scheduler

from mathquiz.record.memory import Knowledge
from mathquiz.record.schedule import DEFAULT_SCHEDULER, new_card

NEW, WEAK, DUE = "new", "weak", "due"
WEAK_BELOW = 0.7  # first-try accuracy below this makes a problem weak
TARGET = 0.9  # the exam-day recall a due date is brought forward for (FSRS's own default retention)
PRIOR = 0.6  # assumed first-try accuracy of a problem never tried
MAX_DAYS = 366
DEFAULT_MINUTES_PER_DAY = 30


class PlanError(ValueError):
    """An exam date or budget no plan can be made for."""


@dataclass(frozen=True)
class Item:
    problem: str
    reason: str  # NEW, WEAK or DUE
    minutes: float


@dataclass(frozen=True)
class Day:
    date: date
    items: tuple[Item, ...]

    @property
    def minutes(self) -> float:
        return round(sum(i.minutes for i in self.items), 1)


@dataclass(frozen=True)
class Plan:
    exam_date: date
    today: date
    minutes_per_day: float
    days: tuple[Day, ...]
    recall_now: dict[str, float]  # problem id -> exam-day recall without more study
    recall_planned: dict[str, float]  # ... after following the plan
    topics: dict[str, tuple[float, float]]  # topic -> (now, planned), the mean over its problems
    unplanned: tuple[str, ...] = ()  # problems the budget leaves out entirely
    notes: tuple[str, ...] = ()  # what a student should know: what does not fit, estimates

    def day(self, when: date) -> Day | None:
        return next((d for d in self.days if d.date == when), None)

    def to_json(self) -> dict:
        """The `plan --json` contract."""
        return {
            "exam_date": self.exam_date.isoformat(),
            "today": self.today.isoformat(),
            "minutes_per_day": self.minutes_per_day,
            "days": [{"date": d.date.isoformat(), "minutes": d.minutes,
                      "items": [{"problem": i.problem, "reason": i.reason, "minutes": i.minutes}
                                for i in d.items]} for d in self.days],
            "exam_day_recall": {p: round(r, 4) for p, r in self.recall_planned.items()},
            "topics": {t: {"now": round(a, 4), "planned": round(b, 4)} for t, (a, b) in self.topics.items()},
        }


def noon(day: date) -> datetime:
    """The moment a day's study (and the exam) is taken to happen: the student's local noon, in UTC
    (the form FSRS requires; days are the student's, every moment handed to FSRS is UTC)."""
    return datetime.combine(day, time(12)).astimezone().astimezone(timezone.utc)


@dataclass
class _Sim:
    """One problem's simulated state while the plan is laid out."""

    k: Knowledge
    card: Card | None
    accuracy: float | None
    met: bool = False  # practised before or met in the plan
    sessions: int = 0
    days: list[date] = field(default_factory=list)

    @property
    def weak(self) -> bool:
        return self.accuracy is not None and self.accuracy < WEAK_BELOW

    def study(self, day: date, scheduler: Scheduler) -> None:
        """One planned session: rated as the student is expected to do, who then improves."""
        p = PRIOR if self.accuracy is None else self.accuracy
        rating = Rating.Again if p < 0.5 else Rating.Hard if p < 0.8 else Rating.Good
        when = noon(day)
        self.card, _ = scheduler.review_card(self.card or new_card(self.k.id, when), rating,
                                             review_datetime=when)
        self.accuracy = p + (1 - p) / 2  # each session halves the gap to always right
        self.met, self.sessions = True, self.sessions + 1
        self.days.append(day)

    def recall(self, when: datetime, scheduler: Scheduler) -> float:
        return 0.0 if self.card is None else float(scheduler.get_card_retrievability(self.card, when))


def make_plan(known: Sequence[Knowledge], today: date, exam_date: date,
              minutes_per_day: float = DEFAULT_MINUTES_PER_DAY, *, spent_today: float = 0.0,
              scheduler: Scheduler = DEFAULT_SCHEDULER) -> Plan:
    """The plan from `today` to the day before `exam_date`.

    `spent_today` is what the student already studied today (those problems are not planned again
    today). Raises PlanError for an exam date in the past or too far ahead, or a budget <= 0.
    """
    if exam_date < today:
        raise PlanError(f"the exam date {exam_date.isoformat()} is in the past (today is {today.isoformat()})")
    if (exam_date - today).days > MAX_DAYS:
        raise PlanError(f"the exam date {exam_date.isoformat()} is more than {MAX_DAYS} days away")
    if not minutes_per_day > 0 or math.isinf(minutes_per_day):
        raise PlanError("minutes per day must be a positive number")
    exam = noon(exam_date)
    sims = {k.id: _Sim(k, k.card, k.accuracy, met=k.card is not None or k.instances > 0) for k in known}
    for s in sims.values():
        if s.k.last_day == today:
            s.days.append(today)  # done today already: not planned again today
    dates = [today + timedelta(days=n) for n in range((exam_date - today).days)]
    last_first = max(len(dates) - 2, 0)  # new problems met by then can be met again
    planned_items, left = [], []
    for n, day in enumerate(dates):
        budget = minutes_per_day - (spent_today if n == 0 else 0.0)
        items, rest = _one_day(sims, day, exam, budget, n, last_first, scheduler)
        planned_items.append(items)
        left.append(rest)
    _fit_the_rest(sims, dates, planned_items, left, exam, scheduler)
    days = [Day(day, tuple(items)) for day, items in zip(dates, planned_items, strict=True)]
    never = tuple(p for p, s in sims.items() if not s.sessions)
    topics: dict[str, list[tuple[float, float]]] = {}
    now, planned = {}, {}
    for pid, s in sims.items():
        now[pid] = s.k.recall(exam, scheduler)
        planned[pid] = s.recall(exam, scheduler) if s.sessions else now[pid]
        topics.setdefault(s.k.subject.topic, []).append((now[pid], planned[pid]))
    return Plan(
        exam_date=exam_date, today=today, minutes_per_day=minutes_per_day, days=tuple(days),
        recall_now=now, recall_planned=planned,
        topics={t: (sum(a for a, _ in v) / len(v), sum(b for _, b in v) / len(v))
                for t, v in sorted(topics.items())},
        unplanned=never, notes=tuple(_notes(known, sims, dates, minutes_per_day, never)),
    )


def _one_day(sims: dict[str, _Sim], day: date, exam: datetime, budget: float, n: int,
             last_first: int, scheduler: Scheduler) -> tuple[list[Item], float]:
    """One day's items (weak, then new, then due, while the budget lasts) and the minutes left."""
    items: list[Item] = []
    free = [s for s in sims.values() if day not in s.days]
    end_of_day = noon(day) + timedelta(hours=12)

    def take(s: _Sim, reason: str) -> None:
        nonlocal budget
        if s.k.minutes <= budget + 1e-9 and day not in s.days:
            items.append(Item(s.k.id, reason, s.k.minutes))
            budget -= s.k.minutes
            s.study(day, scheduler)

    weak = sorted((s for s in free if s.met and s.weak), key=lambda s: (s.accuracy, s.k.id))
    for s in weak:
        take(s, WEAK)
    new = [s for s in free if not s.met]
    new.sort(key=lambda s: (s.k.subject.rank, s.k.subject.difficulty, s.k.subject.topic, s.k.id))
    quota = len(new) if n >= last_first else math.ceil(len(new) / (last_first - n + 1))
    for s in new[:quota]:
        take(s, NEW)
    due = [s for s in free if s.met and s.card is not None and _due(s, exam, scheduler) <= end_of_day]
    due.sort(key=lambda s: (s.recall(exam, scheduler), s.k.id))
    for s in due:
        take(s, DUE)
    for s in new[quota:]:  # minutes left over: meet more new problems early rather than late
        take(s, NEW)
    return items, budget


def _fit_the_rest(sims: dict[str, _Sim], dates: list[date], items: list[list[Item]], left: list[float],
                  exam: datetime, scheduler: Scheduler) -> None:
    """Every problem at least once: one still not planned goes where minutes are left, a new one
    on the earliest such day, one already learnt on the latest (a last review before the exam)."""
    rest = sorted((s for s in sims.values() if not s.sessions), key=lambda s: (s.recall(exam, scheduler), s.k.id))
    for s in rest:
        order = range(len(dates)) if not s.met else range(len(dates) - 1, -1, -1)
        n = next((n for n in order if s.k.minutes <= left[n] + 1e-9 and dates[n] not in s.days), None)
        if n is not None:
            items[n].append(Item(s.k.id, DUE if s.met else NEW, s.k.minutes))
            left[n] -= s.k.minutes
            s.study(dates[n], scheduler)


def _due(s: _Sim, exam: datetime, scheduler: Scheduler) -> datetime:
    """FSRS's due date, brought forward to the day before the exam if recall would drop below TARGET."""
    assert s.card is not None
    if s.card.due >= exam and s.recall(exam, scheduler) < TARGET:
        return exam - timedelta(days=1)
    return s.card.due


def _count(ids: Sequence[str], one: str, many: str) -> str:
    """'3 problems take …: a, b, c' with at most five names."""
    names = ", ".join(ids[:5]) + (" …" if len(ids) > 5 else "")
    return f"{len(ids)} problem{'s' * (len(ids) != 1)} {one if len(ids) == 1 else many}: {names}"


def _notes(known: Sequence[Knowledge], sims: dict[str, _Sim], dates: list[date], budget: float,
           never: tuple[str, ...]) -> list[str]:
    notes = []
    if not dates:
        notes.append("the exam is today: there are no days left to plan; "
                     "cram what is weakest with: mathquiz review --cram")
    if known and not any(k.instances for k in known):
        notes.append("no history yet: the minutes per problem are estimates by difficulty")
    too_long = [k.id for k in known if k.minutes > budget]
    if too_long:
        notes.append(_count(too_long, f"takes longer than {budget:g} minutes, the whole day",
                            f"take longer than {budget:g} minutes, the whole day"))
    if never and dates:
        need = sum(sims[p].k.minutes for p in never)
        notes.append(_count(never, "does not fit", "do not fit") + f" ({need:g} minutes more); give more "
                     "minutes a day (--minutes-per-day) or fewer topics")
    late = [s.k.id for s in sims.values() if s.sessions == 1 and not s.k.instances and len(dates) > 1
            and s.days[-1] == dates[-1]]
    if late:
        notes.append(_count(late, "is new and met only on the last day", "are new and met only on the last day"))
    return notes



def plan_from_history(records: Sequence, subjects: Sequence, today: date, exam_date: date,
                      minutes_per_day: float = DEFAULT_MINUTES_PER_DAY,
                      cards: dict | None = None) -> tuple[Plan, list[Knowledge]]:
    """The plan for these subjects from the history records and the store's cards (None: replayed
    from the records), and what the history says of each."""
    from mathquiz.record.memory import knowledge, minutes_on

    known = knowledge(subjects, records, cards)
    return make_plan(known, today, exam_date, minutes_per_day, spent_today=minutes_on(today, records)), known
