"""The history keeps derivations (schema 4): a history of schema 3 migrated with every row, lines written
and read back with their attempt, processes upgrading and writing at once, damaged lines repaired."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import fsrs
import pytest

from mathquiz.record.cards import new_card
from mathquiz.record.schema import MIGRATIONS
from mathquiz.record.store import AttemptRecord, Store

T0 = datetime(2025, 3, 1, 9, 30, tzinfo=timezone.utc)
TABLES = ("attempts", "exams", "cards", "review_log", "totals", "instances")
LINES = ({"text": "2 A^T (A x - b)", "read_as": "2Aᵀ·(A·x − b)", "verdict": "follows",
          "reason": "equal to the starting point", "mistake": None, "after_slip": False},
         {"text": "2 A A x", "read_as": "2A·A·x", "verdict": "does not follow", "reason": "entries differ",
          "mistake": "A transpose is missing.", "after_slip": False},
         {"text": "((", "read_as": "", "verdict": "cannot be read", "reason": "`(` needs something after it",
          "mistake": None, "after_slip": False},
         {"text": "2 A A x + 0", "read_as": "2A·A·x + 0", "verdict": "follows",
          "reason": "equal to the line before, which does not follow", "mistake": None, "after_slip": True})


def rec(k: int, **kw) -> AttemptRecord:
    base = {"problem_id": "lstsq-gradient", "topic": "lstsq", "seed": k, "part": 1, "verdict": "correct",
            "attempts": 1, "hints": 0, "seconds": 3.0, "answer": "x", "session": "s1",
            "at": T0 + timedelta(minutes=k)}
    return AttemptRecord(**{**base, **kw})


@pytest.fixture
def path(home: Path) -> Path:
    home.mkdir(parents=True, exist_ok=True)
    return home / "history.sqlite3"


def version_3(path: Path, n: int = 30) -> None:
    """A history as the code before schema 4 wrote it: every table with rows, totals by its triggers."""
    db = sqlite3.connect(path, isolation_level=None)
    for migrate in MIGRATIONS[:3]:
        migrate(db)
    db.execute("PRAGMA user_version = 3")
    verdicts = ("correct", "incorrect", "skipped", "unanswered", "invalid", "undecided")
    modes = ("practice", "exam", "review", "cram", "diagnose")
    for k in range(n):
        db.execute("INSERT INTO attempts (problem_id, topic, seed, part, verdict, attempts, hints, seconds,"
                   " answer, mistake, mode, session, at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                   (f"p{k % 4}", f"t{k % 2}", k, 1 + k % 3, verdicts[k % 6], k % 3, k % 2, 1.5 * k, f"x^{k}",
                    "a transpose" if k % 5 == 0 else None, modes[k % 5], f"s{k // 7}",
                    (T0 + timedelta(minutes=k)).isoformat(timespec="microseconds")))
    db.execute("INSERT INTO exams (at, report) VALUES (?, ?)", (T0.isoformat(), '{"score": {"correct": 1}}'))
    card = new_card("p0", T0)
    db.execute("INSERT INTO cards VALUES ('p0', ?, ?)", (card.to_json(), T0.isoformat()))
    log = fsrs.ReviewLog(card_id=1, rating=fsrs.Rating.Good, review_datetime=T0, review_duration=1500)
    db.execute("INSERT INTO review_log (problem_id, log, at) VALUES ('p0', ?, ?)", (log.to_json(), T0.isoformat()))
    db.close()


def rows(path: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(path) as db:
        return {t: sorted(db.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in TABLES}


def test_a_version_3_history_is_migrated_without_losing_a_row(path: Path) -> None:
    version_3(path)
    before = rows(path)
    with Store.open(path) as s:
        assert s.recovered_from is None and s.left_out == 0
        old = s.attempts()
        assert len(old) == 30 and all(r.derivation == () for r in old)  # no working then: no lines
        s.record(rec(99, verdict="incorrect", derivation=LINES))
        s.record(rec(100))
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS) >= 4
    after = rows(path)
    for table in ("attempts", "exams", "cards", "review_log", "instances"):
        assert set(before[table]) <= set(after[table]), table  # every old row, unchanged
    assert len(after["attempts"]) == 32 and after["exams"] == before["exams"] and after["cards"] == before["cards"]
    with Store.open(path) as s:  # a second start: nothing found damaged, everything read back
        assert s.recovered_from is None
        back = s.attempts()
        assert back[:30] == old
        assert back[30].derivation == LINES and back[31].derivation == ()


CURRENT = Path(__file__).parent / "data" / "history-c61745a.sql"  # written by the release before schema 4


def test_a_history_written_by_the_previous_release_keeps_every_row(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.executescript(CURRENT.read_text(encoding="utf-8"))
    before = rows(path)
    assert len(before["attempts"]) == 11 and before["exams"] and before["review_log"]
    with Store.open(path) as s:
        assert s.recovered_from is None and s.left_out == 0
        assert [r.derivation for r in s.attempts()] == [()] * 11
        s.record(rec(5, problem_id="chain-rule-poly", topic="calculus", verdict="incorrect", derivation=LINES))
    after = rows(path)
    for table in ("attempts", "exams", "cards", "review_log", "instances"):
        assert set(before[table]) <= set(after[table]), table  # every row, unchanged
    parts = [sum(r[2] for r in t["totals"]) for t in (before, after)]  # the kept totals count the new part
    assert len(after["attempts"]) == 12 and parts[1] == parts[0] + 1
    with Store.open(path) as s:
        assert s.recovered_from is None
        assert [r.derivation for r in s.attempts(problem_id="chain-rule-poly") if r.seed == 5] == [LINES]


def test_lines_are_read_back_with_their_attempt_under_a_filter(path: Path) -> None:
    with Store.open(path) as s:
        s.record(rec(1, problem_id="a", derivation=LINES[:2]))
        s.record(rec(2, problem_id="b", derivation=LINES))
        s.record(rec(3, problem_id="a"))
        s.record(rec(4, problem_id="a", derivation=LINES[3:]))
    with Store.open(path) as s:
        assert [r.derivation for r in s.attempts(problem_id="a")] == [LINES[:2], (), LINES[3:]]
        assert [r.derivation for r in s.attempts(problem_id="b")] == [LINES]


def _answer(path: str, start, results) -> None:
    start.wait()
    try:
        with Store.open(Path(path)) as store:
            store.record(rec(os.getpid(), derivation=LINES))
            results.put(("saved", str(store.recovered_from or "")))
    except Exception as exc:  # noqa: BLE001  (the test reports whatever went wrong)
        results.put(("failed", repr(exc)))


@pytest.mark.skipif(sys.platform == "win32", reason="fork")
def test_processes_upgrading_a_version_3_history_together_keep_every_row_and_line(path: Path) -> None:
    for n in range(3):
        folder = path.parent / f"round-{n}"
        folder.mkdir()
        version_3(folder / "history.sqlite3", n=5)
        ctx = multiprocessing.get_context("fork")
        start, results = ctx.Barrier(4), ctx.Queue()
        workers = [ctx.Process(target=_answer, args=(str(folder / "history.sqlite3"), start, results))
                   for _ in range(4)]
        for w in workers:
            w.start()
        out = [results.get(timeout=60) for _ in workers]
        for w in workers:
            w.join(timeout=60)
        assert [r[0] for r in out] == ["saved"] * 4 and not any(r[1] for r in out), out
        with Store.open(folder / "history.sqlite3") as s:
            got = s.attempts()
        assert len(got) == 5 + 4 and [r.derivation for r in got].count(LINES) == 4
        assert not [p for p in folder.iterdir() if ".corrupt-" in p.name]


@pytest.mark.parametrize("sql, left_out, lines", [
    ("UPDATE derivation_lines SET verdict = 'maybe' WHERE line = 2", 1, 3),
    ("UPDATE derivation_lines SET text = x'ff00' WHERE line = 1", 1, 3),
    ("UPDATE derivation_lines SET line = 0 WHERE line = 4", 1, 3),
    # an attempt that cannot be read takes its lines with it: they belong to nothing readable
    ("UPDATE attempts SET mode = 'hacked' WHERE seed = 2", 5, 0),
    ("INSERT INTO derivation_lines (attempt_id, line, text, read_as, verdict, reason)"
     " VALUES (999, 1, 'x', 'x', 'follows', '')", 1, 4),
])
def test_damaged_lines_are_left_out_and_the_rest_copied(path: Path, sql: str, left_out: int, lines: int) -> None:
    with Store.open(path) as s:
        s.record(rec(1))
        s.record(rec(2, derivation=LINES))
        s.record(rec(3))
    with sqlite3.connect(path) as db:
        db.executescript(sql)
    with Store.open(path) as s:
        assert s.recovered_from is not None and s.recovered_from.exists()
        assert s.left_out == left_out
        kept = s.attempts()
        assert sum(len(r.derivation) for r in kept) == lines
        assert len(kept) == (2 if "mode" in sql else 3)
        s.record(rec(9, derivation=LINES[:1]))
    with Store.open(path) as s:  # the new file is whole: nothing more is moved aside
        assert s.recovered_from is None and s.attempts()[-1].derivation == LINES[:1]
