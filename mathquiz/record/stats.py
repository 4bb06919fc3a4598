"""Statistics over answered parts: accuracy, trend, mistakes, weakest topics.

Pure functions over lists of AttemptRecord; no database access.

Counting conventions:
- `attempts` counts problem *instances*: distinct (session, problem_id, seed) triples,
  i.e. how many times a problem was put in front of the student.
- `parts` counts answered parts (one record each); accuracy and trend are per part. A part shown
  and left without an answer (verdict "unanswered") is no part: it is never a failure.
- A part is correct on first try when verdict == "correct" and attempts == 1. A part right only
  from the student's own wrong earlier answer (verdict "carried") is answered but not correct
  here: accuracy counts values equal to the key, as the totals kept by record.schema do. It is no
  failure of memory: the FSRS rating counts it as a pass (record.cards), and it names no mistake.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from typing import Any

from mathquiz.record.cards import UNANSWERED
from mathquiz.record.store import AttemptRecord

TREND_WINDOW = 5  # compare the last 5 parts with the 5 before them
TREND_SESSIONS = 3  # parts from fewer sessions than this are noise, not a trend: shown flat
_EPOCH = datetime.min.replace(tzinfo=timezone.utc)


@dataclass(frozen=True)
class Summary:
    """Statistics for one topic or one problem."""

    key: str  # the topic name or problem id
    attempts: int  # distinct (session, problem_id, seed) instances
    parts: int  # answered parts
    first_try_correct: int
    first_try_accuracy: float  # first_try_correct / parts
    trend: float  # accuracy(last window) - accuracy(window before), in [-1, 1]
    last_practised: datetime | None
    # Named mistakes, most frequent first. A plain dict, not a Counter, because
    # dataclasses.asdict() mangles Counter fields.
    mistakes: dict[str, int]
    sessions: int = 0  # sessions of the parts a trend compares (the latest 2 × TREND_WINDOW): from TREND_SESSIONS on
    mastery: str | None = None  # the memory model's level (record.cards.LEVELS), when known

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (timestamps as ISO strings)."""
        d = asdict(self)
        d["last_practised"] = self.last_practised.isoformat() if self.last_practised else None
        return d


def first_try(rec: AttemptRecord) -> bool:
    """Whether a part was answered correctly at the first attempt."""
    return rec.verdict == "correct" and rec.attempts == 1


def _chronological(records: Iterable[AttemptRecord]) -> list[AttemptRecord]:
    # Stable sort: records without a timestamp keep their list order.
    return sorted(records, key=lambda r: r.at if r.at is not None else _EPOCH)


def _accuracy(records: list[AttemptRecord]) -> float:
    return sum(first_try(r) for r in records) / len(records) if records else 0.0


def trend(records: Iterable[AttemptRecord], window: int = TREND_WINDOW) -> float:
    """First-try accuracy of the latest parts minus that of the parts just before.

    Uses the last `window` parts against the `window` before them; with fewer than
    2 * window parts, the newer half against the older half. 0.0 if < 2 parts.
    """
    recs = _chronological(records)
    k = min(window, len(recs) // 2)
    if k == 0:
        return 0.0
    recent, earlier = recs[-k:], recs[-2 * k : -k]
    return _accuracy(recent) - _accuracy(earlier)


def trend_label(delta: float, threshold: float = 0.1) -> str:
    """"up", "down" or "flat" for a trend value."""
    if delta > threshold:
        return "up"
    if delta < -threshold:
        return "down"
    return "flat"


def summarize(key: str, records: Iterable[AttemptRecord]) -> Summary:
    """Summary of a group of records with at least one answered part."""
    every = _chronological(records)
    recs = [r for r in every if r.verdict != UNANSWERED]
    if not recs:
        raise ValueError("summarize() needs at least one answered part")
    correct = sum(first_try(r) for r in recs)
    stamps = [r.at for r in every if r.at is not None]
    mistakes = Counter(r.mistake for r in recs if r.mistake)
    sessions = len({r.session or "" for r in recs[-2 * TREND_WINDOW:]})
    return Summary(
        key=key,
        attempts=len({(r.session, r.problem_id, r.seed) for r in every}),
        parts=len(recs),
        first_try_correct=correct,
        first_try_accuracy=correct / len(recs),
        trend=trend(recs) if sessions >= TREND_SESSIONS else 0.0,
        last_practised=max(stamps) if stamps else None,
        mistakes=dict(mistakes.most_common()),
        sessions=sessions,
    )


def _group(
    records: Iterable[AttemptRecord], key: Callable[[AttemptRecord], str]
) -> dict[str, Summary]:
    groups: dict[str, list[AttemptRecord]] = {}
    for rec in records:
        groups.setdefault(key(rec), []).append(rec)
    return {k: summarize(k, v) for k, v in sorted(groups.items()) if any(r.verdict != UNANSWERED for r in v)}


def by_topic(records: Iterable[AttemptRecord]) -> dict[str, Summary]:
    """Summary per topic, keys sorted."""
    return _group(records, lambda r: r.topic)


def by_problem(records: Iterable[AttemptRecord]) -> dict[str, Summary]:
    """Summary per problem id, keys sorted."""
    return _group(records, lambda r: r.problem_id)


def weakest_topics(records: Iterable[AttemptRecord], n: int = 3) -> list[Summary]:
    """The n topics with the lowest first-try accuracy (ties: fewer attempts first)."""
    return rank_weakest(by_topic(records).values(), n)


def rank_weakest(summaries: Iterable[Summary], n: int = 3) -> list[Summary]:
    """The n summaries with the lowest first-try accuracy (ties: fewer attempts first)."""
    return sorted(summaries, key=lambda s: (s.first_try_accuracy, s.attempts, s.parts, s.key))[:n]


def top_mistakes(records: Iterable[AttemptRecord], n: int = 5) -> list[tuple[str, int]]:
    """The n most frequent named mistakes across all records."""
    return Counter(r.mistake for r in records if r.mistake).most_common(n)
