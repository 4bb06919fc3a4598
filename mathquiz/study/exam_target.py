"""The exam a student is preparing for (date, minutes a day, topics), kept beside the history.

`mathquiz plan` saves it so that `mathquiz practice today` knows which plan to follow. A small
JSON file, not a table in the history: the history's schema stays as it is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from mathquiz.record.store import data_dir

FILE_NAME = "exam.json"


@dataclass(frozen=True)
class ExamTarget:
    exam_date: date
    minutes_per_day: float
    topics: tuple[str, ...] = ()  # empty: every topic


def save(target: ExamTarget) -> None:
    """Remember the exam; a folder that cannot be written only means it is not remembered."""
    path = data_dir() / FILE_NAME
    text = json.dumps({"exam_date": target.exam_date.isoformat(),
                       "minutes_per_day": target.minutes_per_day, "topics": list(target.topics)})
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text + "\n", encoding="utf-8")
    except OSError:
        pass


def load() -> ExamTarget | None:
    """The saved exam, or None when there is none (or the file is damaged)."""
    try:
        data = json.loads((data_dir() / FILE_NAME).read_text(encoding="utf-8"))
        topics = data.get("topics") or []
        return ExamTarget(date.fromisoformat(data["exam_date"]), float(data["minutes_per_day"]),
                          tuple(str(t) for t in topics))
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError, OverflowError):
        return None  # RecursionError: JSON nested too deep for Python's reader


def plan_for(store, bank, target: ExamTarget, today: date):
    """The plan to `target` for the problems of its topics (all when none or none left), from the
    history in `store`; raises PlanError (study.plan) for dates or budgets no plan can be made for."""
    from dataclasses import replace

    from mathquiz.problem.prerequisites import introduction_order
    from mathquiz.record.memory import subjects
    from mathquiz.study.plan import plan_from_history

    try:
        entries = bank.resolve(list(target.topics)) if target.topics else list(bank.entries.values())
    except LookupError:  # a topic saved earlier is gone from the bank
        entries = list(bank.entries.values())
    order = {pid: n for n, pid in enumerate(introduction_order(bank, [e.id for e in entries]))}
    chosen = [replace(s, rank=order[s.id]) for s in subjects(dict.fromkeys(entries))]
    return plan_from_history(store.attempts(), chosen, today, target.exam_date, target.minutes_per_day,
                             store.cards())[0]
