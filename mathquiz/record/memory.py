"""What the history says about each problem: FSRS memory, first-try accuracy, minutes it takes.

The planner and cramming read the history through this module only. Memory is the problem's FSRS
card, the one every graded instance moves (record.cards: practice, exam, review and the placement
test; cramming never); without stored cards it is the history replayed the same way. No database
access here: records (and cards) in, knowledge out.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from fsrs import Card, Scheduler

from mathquiz.record.cards import DEFAULT_SCHEDULER, UNANSWERED, Row, replay
from mathquiz.record.store import AttemptRecord

CRAM = "cram"  # the history mode of cramming: recorded, never scheduled
# Minutes one instance takes when the student has never done the problem, by difficulty 1-3.
DEFAULT_MINUTES = {1: 3.0, 2: 5.0, 3: 8.0}
MIN_MINUTES, MAX_MINUTES = 0.5, 30.0  # a measured time is clamped: a forgotten terminal is not study


@dataclass(frozen=True)
class Subject:
    """A problem the student may be examined on: what the bank knows without loading it."""

    id: str
    topic: str
    difficulty: int = 1
    rank: int = 0  # its place in the order new problems are met (prerequisites first)


@dataclass(frozen=True)
class Knowledge:
    """What the history says about one problem."""

    subject: Subject
    card: Card | None  # FSRS memory after replaying the history; None: never practised
    instances: int  # instances answered (cramming included)
    accuracy: float | None  # share of instances with every part right at first try; None: never done
    minutes: float  # the student's median minutes per instance, else DEFAULT_MINUTES
    measured: bool  # whether `minutes` comes from the student's own history
    seeds: frozenset[int]  # seeds already seen (cramming draws fresh ones)
    last_day: date | None  # the (local) day it was last answered

    @property
    def id(self) -> str:
        return self.subject.id

    def recall(self, when: datetime, scheduler: Scheduler = DEFAULT_SCHEDULER) -> float:
        """FSRS's predicted probability of recall at `when`; 0 for a problem never practised."""
        if self.card is None:
            return 0.0
        return float(scheduler.get_card_retrievability(self.card, when))


@dataclass
class _Instance:
    """One problem instance put in front of the student, from its part records."""

    mode: str
    at: datetime
    all_first_try: bool = True
    correct: bool = True
    attempts: int = 1
    hints: int = 0
    seconds: float = 0.0
    parts: int = 0

    def add(self, rec: AttemptRecord) -> None:
        self.parts += 1
        self.correct &= rec.verdict == "correct"
        self.all_first_try &= rec.verdict == "correct" and rec.attempts == 1
        self.attempts, self.hints = max(self.attempts, rec.attempts), self.hints + rec.hints
        self.seconds += max(rec.seconds, 0.0)
        self.at = max(self.at, rec.at) if rec.at is not None else self.at


def _instances(records: Iterable[AttemptRecord]) -> dict[str, list[_Instance]]:
    """Answered parts grouped into instances per problem, in the order they were first answered."""
    groups: dict[tuple, _Instance] = {}
    order: dict[str, list[tuple]] = {}
    for rec in sorted((r for r in records if r.at is not None and r.verdict != UNANSWERED), key=lambda r: r.at):
        key = (rec.session, rec.problem_id, rec.seed, rec.mode)
        if key not in groups:
            groups[key] = _Instance(rec.mode, rec.at)
            order.setdefault(rec.problem_id, []).append(key)
        groups[key].add(rec)
    return {pid: [groups[k] for k in keys] for pid, keys in order.items()}


def replayed(records: Iterable[AttemptRecord], scheduler: Scheduler = DEFAULT_SCHEDULER) -> dict[str, Card]:
    """The cards the records build (record.cards.replay): what the store keeps, from records alone."""
    return replay((Row(r.problem_id, r.session, r.seed, r.mode, r.verdict, r.attempts, r.hints, r.seconds, r.at)
                   for r in records if r.at is not None), scheduler)


def knowledge(subjects: Iterable[Subject], records: Iterable[AttemptRecord],
              cards: dict[str, Card] | None = None, scheduler: Scheduler = DEFAULT_SCHEDULER) -> list[Knowledge]:
    """What the history says about each subject, in the order given; `cards` are the store's
    (None: replayed from the records, which gives the same cards)."""
    records = list(records)
    cards = replayed(records, scheduler) if cards is None else cards
    by_problem = _instances(records)
    seeds: dict[str, set[int]] = {}
    for rec in records:
        seeds.setdefault(rec.problem_id, set()).add(rec.seed)
    out = []
    for subject in subjects:
        done = by_problem.get(subject.id, [])
        timed = [i.seconds / 60 for i in done if i.seconds > 0]
        minutes = (min(max(statistics.median(timed), MIN_MINUTES), MAX_MINUTES) if timed
                   else DEFAULT_MINUTES.get(subject.difficulty, DEFAULT_MINUTES[2]))
        out.append(Knowledge(
            subject=subject,
            card=cards.get(subject.id),
            instances=len(done),
            accuracy=sum(i.all_first_try for i in done) / len(done) if done else None,
            minutes=round(minutes, 1),
            measured=bool(timed),
            seeds=frozenset(seeds.get(subject.id, ())),
            last_day=done[-1].at.astimezone().date() if done else None,
        ))
    return out


def subjects(entries: Iterable) -> list[Subject]:
    """Bank entries as subjects, with the difficulty read from each file (no full load: fast)."""
    from mathquiz.problem.files import ProblemFileError, read_yaml

    out = []
    for e in entries:
        try:
            data = read_yaml(e.path, lines=False)[0]
        except ProblemFileError:
            data = None
        level = data.get("difficulty", 1) if isinstance(data, dict) else 1
        out.append(Subject(e.id, e.topic, level if level in DEFAULT_MINUTES else 2))
    return out


def minutes_on(day: date, records: Iterable[AttemptRecord]) -> float:
    """Minutes the student spent answering on a (local) day."""
    return sum(max(r.seconds, 0.0) for r in records
               if r.at is not None and r.at.astimezone().date() == day) / 60
