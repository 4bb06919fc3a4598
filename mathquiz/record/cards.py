"""The one memory model: a problem's FSRS card, moved by every graded instance of it.

Practice, review, exam, `practice today` and the placement test all end an instance the same way:
its answered parts give one rating (`rating`), applied to the problem's card. Cramming is recorded
but never rated, and a part shown but not answered is no evidence at all. `replay` builds the same
cards from a history's rows (the migration of a history written before cards were kept for every
mode, and `record.memory` without a store). Imports fsrs and record.checked only, so the schema's migration can use it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from fsrs import Card, Rating, Scheduler, State

from mathquiz.record.checked import moment, utc

# No fuzzing: one student with a small deck gains nothing from spreading due
# dates, and deterministic intervals keep schedules reproducible and testable.
DEFAULT_SCHEDULER = Scheduler(enable_fuzzing=False)
FAST_SECONDS = 30.0
UNANSWERED = "unanswered"  # a part shown and left (quit, end of input, a signal, time out)
NO_EVIDENCE = (UNANSWERED, "undecided")  # left out of a rating: not answered, or the grader could not tell
UNRATED_MODES = ("cram",)  # recorded in the history, never moving a card
# right from the student's own wrong earlier answer (proof.follows.CARRIED, spelled out: this module imports
# no stage): the method was remembered, so no failure of memory, but the instance held a slip: never Easy
CARRIED = "carried"


def rating_for(verdict: str, attempts: int, hints: int, seconds: float,
               fast_seconds: float = FAST_SECONDS) -> Rating:
    """FSRS rating for one answered problem.

    Anything but "correct" or "carried" (wrong, invalid, skipped, undecided, ...) is Again; correct
    or carried after a hint or a retry is Hard; correct faster than fast_seconds is Easy; otherwise
    (and carried) Good.
    """
    if verdict not in ("correct", CARRIED):
        return Rating.Again
    if hints > 0 or attempts > 1:
        return Rating.Hard
    if seconds < fast_seconds and verdict == "correct":
        return Rating.Easy
    return Rating.Good


def rating(parts: Sequence, fast_seconds: float = FAST_SECONDS) -> Rating | None:
    """One rating for a problem instance from its parts (anything with verdict, attempts, hints and
    seconds), or None when no part says anything: an instance left untouched is not evidence.

    Unanswered and undecided parts are left out (undecided is not wrong); of the rest, any neither
    correct nor carried makes it Again, all correct (or carried) but some after a hint or a retry
    Hard, all correct at the first try Easy when they took under `fast_seconds` each on average,
    Good otherwise (and when some part is carried).
    """
    answered = [p for p in parts if p.verdict not in NO_EVIDENCE]
    if not answered:
        return None
    passed = all(p.verdict in ("correct", CARRIED) for p in answered)
    verdict = ("correct" if all(p.verdict == "correct" for p in answered) else CARRIED) if passed else "incorrect"
    attempts = max(max(p.attempts for p in answered), 1)
    hints = sum(p.hints for p in answered)
    average = sum(max(p.seconds, 0.0) for p in answered) / len(answered)
    return rating_for(verdict, attempts, hints, average, fast_seconds)


def card_id_for(problem_id: str) -> int:
    """A stable card id derived from the problem id (fits in a JS-safe integer)."""
    digest = hashlib.sha256(problem_id.encode()).digest()
    return int.from_bytes(digest[:6], "big")


def new_card(problem_id: str, now: datetime) -> Card:
    """A never-reviewed card, due at `now`."""
    # Passing card_id and due explicitly keeps fsrs from reading the clock.
    return Card(card_id=card_id_for(problem_id), due=utc(now))


@dataclass(frozen=True)
class Row:
    """One recorded part, as the replay needs it."""

    problem_id: str
    session: str | None
    seed: int
    mode: str
    verdict: str
    attempts: int
    hints: int
    seconds: float
    at: datetime


@dataclass
class _Instance:
    problem_id: str
    mode: str
    at: datetime
    parts: list[Row]


def instances(rows: Iterable[Row]) -> list[_Instance]:
    """Rows grouped into problem instances (session, problem, seed, mode), in the order each was
    finished (its last part): the moment its rating was given."""
    groups: dict[tuple, _Instance] = {}
    for row in sorted(rows, key=lambda r: utc(r.at)):
        key = (row.session, row.problem_id, row.seed, row.mode)
        inst = groups.setdefault(key, _Instance(row.problem_id, row.mode, utc(row.at), []))
        inst.parts.append(row)
        inst.at = max(inst.at, utc(row.at))
    return sorted(groups.values(), key=lambda i: i.at)


def replay(rows: Iterable[Row], scheduler: Scheduler = DEFAULT_SCHEDULER) -> dict[str, Card]:
    """Every problem's card as the live updates would have left it: each rated instance applied in
    the order they were finished."""
    cards: dict[str, Card] = {}
    for inst in instances(rows):
        if inst.mode in UNRATED_MODES:
            continue
        grade = rating(inst.parts)
        if grade is None:
            continue
        card = cards.get(inst.problem_id) or new_card(inst.problem_id, inst.at)
        cards[inst.problem_id], _ = scheduler.review_card(card, grade, review_datetime=inst.at)
    return cards


def replay_rows(db, scheduler: Scheduler = DEFAULT_SCHEDULER) -> dict[str, Card]:
    """`replay` over a history database's attempts (a sqlite3 connection); rows that cannot be
    read (the store's repair deals with them) are left out."""
    rows = []
    for pid, session, seed, mode, verdict, attempts, hints, seconds, at in db.execute(
            "SELECT problem_id, session, seed, mode, verdict, attempts, hints, seconds, at FROM attempts"
            " WHERE typeof(attempts) = 'integer' AND typeof(hints) = 'integer'"
            " AND typeof(seconds) IN ('real', 'integer') AND typeof(at) = 'text'"):
        try:
            rows.append(Row(str(pid), session, seed, str(mode), str(verdict), attempts, hints, seconds, moment(at)))
        except (ValueError, OverflowError):
            continue
    return replay(rows, scheduler)


# --- what a card says -----------------------------------------------------------------------

NEW, LEARNING, KNOWN, DUE = "new", "learning", "known", "due"
LEVELS = ("new", "learning", "familiar", "proficient", "mastered")
FAMILIAR_DAYS, PROFICIENT_DAYS, MASTERED_DAYS = 3.0, 21.0, 60.0
MASTERED_RECALL = 0.9


def state(card: Card | None, now: datetime) -> str:
    """new (never answered), due (its review is due now), learning (FSRS's learning or relearning
    steps) or known (in review and not due)."""
    if card is None:
        return NEW
    if card.due <= utc(now):
        return DUE
    return LEARNING if card.state in (State.Learning, State.Relearning) else KNOWN


def level(card: Card | None, now: datetime, scheduler: Scheduler = DEFAULT_SCHEDULER) -> int:
    """The mastery level (an index into LEVELS) a card shows now. It goes down as well as up: a lapse
    sends a card back to relearning, and recall that has decayed below MASTERED_RECALL (an overdue
    card) takes away mastered."""
    if card is None:
        return 0
    if card.state != State.Review or card.stability is None:
        return 1
    stability = float(card.stability)
    if stability >= MASTERED_DAYS and scheduler.get_card_retrievability(card, utc(now)) >= MASTERED_RECALL:
        return 4
    if stability >= PROFICIENT_DAYS:
        return 3
    return 2 if stability >= FAMILIAR_DAYS else 1


def topic_level(levels: Sequence[int]) -> int:
    """A topic's level: the mean of its problems' levels (never-seen ones count as new), rounded
    down, so a topic is mastered only when every problem is."""
    return int(sum(levels) / len(levels)) if levels else 0
