"""The statistics of study.stats, read from totals SQLite keeps as parts are recorded (triggers of
store migration 2) instead of from every record in memory: `stats` and `list` stay under half a
second and 100 MB at 300,000 answered parts.

Same counting conventions as study.stats (tests/test_edges_history.py checks they agree):
instances are distinct (session, problem_id, seed), accuracy is first-try per part, the trend
compares the latest TREND_WINDOW parts with the ones before, mistakes most frequent first (ties:
the one seen first).
"""

from __future__ import annotations

from datetime import datetime

from mathquiz.record.cards import LEVELS, level, topic_level
from mathquiz.record.checked import moment
from mathquiz.record.stats import TREND_SESSIONS, TREND_WINDOW, Summary
from mathquiz.record.store import Store

_FIRST_TRY = "(verdict = 'correct' AND attempts = 1)"
_KEYS = ("topic", "problem_id")
# totals as the triggers keep them: a row changed by another program (no parts, more first tries
# than parts, not numbers) is not counted, rather than divided by
_COUNTED = ("typeof(SUM(parts)) = 'integer' AND typeof(SUM(first_try)) = 'integer'"
            " AND SUM(parts) > 0 AND SUM(first_try) BETWEEN 0 AND SUM(parts) AND SUM(instances) >= 0")


def _where(topic: str | None) -> tuple[str, tuple]:
    return ("WHERE topic = ?", (topic,)) if topic is not None else ("", ())


def _trend(flags: list[int]) -> float:
    k = min(TREND_WINDOW, len(flags) // 2)
    if k == 0:
        return 0.0
    return sum(flags[-k:]) / k - sum(flags[-2 * k:-k]) / k


def summaries(store: Store, key: str, topic: str | None = None) -> dict[str, Summary]:
    """Summary per topic or per problem id (key "topic" or "problem_id"), keys sorted."""
    if key not in _KEYS:
        raise ValueError(key)
    where, args = _where(topic)
    totals = store.query(f"SELECT {key}, SUM(instances), SUM(parts), SUM(first_try), MAX(last_at)"
                         f" FROM totals {where} GROUP BY {key} HAVING {_COUNTED}", args)
    recent = {  # the latest answered parts of each, oldest first: one index search per topic or problem
        name: list(reversed(store.query(
            f"SELECT {_FIRST_TRY}, ifnull(session, '') FROM attempts WHERE {key} = ?"
            f"{' AND topic = ?' if topic else ''} AND verdict != 'unanswered'"
            " ORDER BY at DESC, id DESC LIMIT ?", (name, *args, 2 * TREND_WINDOW))))
        for name, *_ in totals}
    mistakes: dict[str, dict[str, int]] = {}
    for name, mistake, count in store.query(
            f"SELECT {key}, mistake, COUNT(*) AS c FROM attempts"
            f" {where or 'WHERE 1'} AND mistake IS NOT NULL AND mistake != ''"
            f" GROUP BY {key}, mistake ORDER BY {key}, c DESC, MIN(at), MIN(id)", args):
        mistakes.setdefault(name, {})[mistake] = count
    out = {}
    for name, instances, parts, correct, last in sorted(totals):
        sessions = {session for _, session in recent[name]}
        out[name] = Summary(
            key=name, attempts=instances, parts=parts, first_try_correct=correct,
            first_try_accuracy=correct / parts,
            trend=_trend([f for f, _ in recent[name]]) if len(sessions) >= TREND_SESSIONS else 0.0,
            last_practised=_last(last),
            mistakes=mistakes.get(name, {}), sessions=len(sessions))
    return out


def mastery(store: Store, topics: dict[str, list[str]], now: datetime) -> tuple[dict[str, str], dict[str, dict]]:
    """The memory model's level of every problem of `topics` (topic -> problem ids), and per topic
    {"seen": problems answered, "problems": all, "mastery": its level} (record.cards)."""
    cards = store.cards()
    seen = {pid for (pid,) in store.query(f"SELECT problem_id FROM totals GROUP BY problem_id HAVING {_COUNTED}")}
    problems, by_topic = {}, {}
    for topic, ids in topics.items():
        levels = [level(cards.get(pid), now) for pid in ids]
        problems.update({pid: LEVELS[n] for pid, n in zip(ids, levels, strict=True)})
        by_topic[topic] = {"seen": sum(pid in seen or pid in cards for pid in ids), "problems": len(ids),
                           "mastery": LEVELS[topic_level(levels)]}
    return problems, by_topic


def top_mistakes(store: Store, topic: str | None = None, n: int = 5) -> list[tuple[str, int]]:
    """The n most frequent named mistakes."""
    where, args = _where(topic)
    return [(m, c) for m, c in store.query(
        f"SELECT mistake, COUNT(*) AS c FROM attempts {where or 'WHERE 1'} AND mistake IS NOT NULL"
        f" AND mistake != '' GROUP BY mistake ORDER BY c DESC, MIN(at), MIN(id) LIMIT ?", (*args, n))]


def first_try_by_problem(store: Store) -> dict[str, float]:
    """First-try accuracy per problem id (for `list`)."""
    return {pid: correct / parts for pid, parts, correct in store.query(
        f"SELECT problem_id, SUM(parts), SUM(first_try) FROM totals GROUP BY problem_id HAVING {_COUNTED}")}


def _last(text) -> datetime | None:
    """The latest part's time, or None when the kept total holds no time mathquiz writes."""
    try:
        when = moment(text) if isinstance(text, str) else None
    except (ValueError, TypeError, OverflowError):
        return None
    return when if when is not None and 1970 <= when.year <= 2999 else None
