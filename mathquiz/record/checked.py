"""Values read back from the history, checked to the form later code needs: times as aware UTC
datetimes of the years the history holds, cards FSRS can schedule, review logs with such times.
A value that cannot be put in that form is None: the row is left out, the problem scheduled afresh.
Text on its way in is checked too: `utf8` is what SQLite can keep of it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

import fsrs


def utf8(text: str) -> str:
    """Text as SQLite can keep it: bytes that were not UTF-8 reach us as lone surrogates (argv, some
    locales), which SQLite cannot store; the text is kept, with U+FFFD where they were."""
    return text.encode("utf-8", "replace").decode("utf-8")


def utc(dt: datetime) -> datetime:
    """The same instant in UTC; naive datetimes are taken to be UTC already."""
    if dt.tzinfo is None:
        return dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc)


def _parsed(parse: Callable[[str], Any], text: str) -> Any:
    """A stored card or log, or None when it is JSON of another shape (the problem is then simply
    scheduled afresh: one unreadable card must not stop every review)."""
    try:
        return parse(text)
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def moment(text: str) -> datetime:
    """A stored time as an aware UTC datetime: one written without a zone is taken to be UTC, one
    with another offset converted (the rows' form is checked by repair.READABLE: a date from 1970
    to 2999)."""
    try:
        return utc(datetime.fromisoformat(text))
    except ValueError:  # a form SQLite reads and Python does not ("…Z" before 3.11): SQLite's UTC reading
        return utc(datetime.fromisoformat(_sqlite_utc(text)))


def _sqlite_utc(text: str) -> str:
    with sqlite3.connect(":memory:") as db:
        return db.execute("SELECT strftime('%Y-%m-%d %H:%M:%f', ?)", (text,)).fetchone()[0]


_YEARS = (1970, 2999)  # as READABLE's dates: FSRS adds up to a century to a time, and must not overflow


def _in_range(when: datetime | None) -> datetime | None:
    """`when` in UTC when it is a time of the years the history holds, else None."""
    if when is None or not isinstance(when, datetime):
        return None
    when = utc(when)
    return when if _YEARS[0] <= when.year <= _YEARS[1] else None


def _finite(value: Any, low: float, high: float) -> bool:
    return isinstance(value, float) and low <= value <= high  # NaN fails both comparisons


def card(text: str) -> fsrs.Card | None:
    """A stored card in the form FSRS needs (UTC times, a positive stability, a difficulty of 1 to
    10, a whole step), or None: the problem is then scheduled afresh."""
    card = _parsed(fsrs.Card.from_json, text)
    if card is None:
        return None
    due, last = _in_range(card.due), _in_range(card.last_review)
    fits = (due is not None and (card.last_review is None or last is not None)
            and (card.stability is None or _finite(card.stability, 1e-9, 1e6))
            and (card.difficulty is None or _finite(card.difficulty, 1.0, 10.0))
            and (card.step is None or (type(card.step) is int and 0 <= card.step < 1000)))
    if not fits:
        return None
    card.due, card.last_review = due, last
    return card


def log(text: str) -> fsrs.ReviewLog | None:
    log = _parsed(fsrs.ReviewLog.from_json, text)
    if log is None or _in_range(log.review_datetime) is None:
        return None
    log.review_datetime = _in_range(log.review_datetime)
    return log


def report(text: str) -> Any:
    """A stored exam report (an object), or None when it is another shape or nested deeper than a
    report is (the reader's depth depends on the recursion limit, which the parser raises)."""
    if text.count("[") + text.count("{") > _MAX_REPORT_NESTING and _nesting(text) > _MAX_REPORT_NESTING:
        return None
    try:
        report = json.loads(text)
    except (ValueError, RecursionError):
        return None
    return report if isinstance(report, dict) else None


_MAX_REPORT_NESTING = 50  # a report is a few levels deep: anything deeper is damage


def _nesting(text: str) -> int:
    depth = deepest = 0
    for ch in text:
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest
