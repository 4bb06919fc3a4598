"""Damaged histories are moved aside with every readable row copied; exam and review print their
report when the history cannot be written; `stats` aggregated by SQLite agrees with study.stats;
migrating an old history keeps its rows."""

from __future__ import annotations

import json
import random
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import fsrs
import pytest
from typer.testing import CliRunner

from mathquiz.cli.main import app
from mathquiz.record import aggregates, stats
from mathquiz.record.store import MIGRATIONS, AttemptRecord, Store, StoreError

runner = CliRunner()
T0 = datetime(2025, 3, 1, 9, 30, tzinfo=timezone.utc)


def rec(k: int, **kw) -> AttemptRecord:
    base = {"problem_id": "lstsq-gradient", "topic": "lstsq", "seed": 42, "part": 1, "verdict": "correct",
            "attempts": 1, "hints": 0, "seconds": 3.0, "answer": "x", "session": "s1",
            "at": T0 + timedelta(minutes=k)}
    return AttemptRecord(**{**base, **kw})


def fill(path: Path, n: int = 3) -> None:
    with Store.open(path) as s:
        for k in range(n):
            s.record(rec(k, seed=k))


@pytest.fixture
def path(home: Path) -> Path:
    home.mkdir(parents=True, exist_ok=True)
    return home / "history.sqlite3"


def damage(path: Path, sql: str) -> None:
    db = sqlite3.connect(path)
    db.executescript(sql)
    db.commit()
    db.close()


@pytest.mark.parametrize("sql", [
    "PRAGMA user_version = -5",
    "PRAGMA user_version = -1",
    "CREATE TABLE attempts (x INTEGER)",  # a foreign table of our name at version 0
    "CREATE TABLE notes (x TEXT)",
    "PRAGMA user_version = 1",  # says version 1, has no tables
    f"PRAGMA user_version = {len(MIGRATIONS)}",
])
def test_a_history_of_a_foreign_schema_is_moved_aside(path: Path, sql: str) -> None:
    damage(path, sql)
    with Store.open(path) as s:
        assert s.recovered_from is not None and s.recovered_from.exists()
        s.record(rec(0))
    with Store.open(path) as s:
        assert s.recovered_from is None
        assert len(s.attempts()) == 1


@pytest.mark.parametrize("sql, left_out, attempts, exams", [
    ("UPDATE attempts SET at = 'not-a-date' WHERE seed = 1", 1, 2, 1),
    ("UPDATE attempts SET mode = 'hacked' WHERE seed = 0", 1, 2, 1),
    ("UPDATE attempts SET seed = 'x' WHERE seed = 2", 1, 2, 1),
    ("INSERT INTO exams (at, report) VALUES ('2025-01-01T00:00:00', '{not json')", 1, 3, 1),
    ("INSERT INTO cards VALUES ('p', 'not json', '2025-01-01')", 1, 3, 1),
    ("UPDATE attempts SET at = 'now'; INSERT INTO review_log (problem_id, log, at) VALUES ('p', '[', 'x')", 4, 0, 1),
])
def test_unreadable_rows_are_left_out_and_the_rest_copied(path: Path, sql: str, left_out: int, attempts: int,
                                                           exams: int) -> None:
    fill(path, 3)
    with Store.open(path) as s:
        s.save_exam({"score": 1})
    damage(path, sql)
    with Store.open(path) as s:
        assert s.recovered_from is not None and s.recovered_from.exists()
        assert s.left_out == left_out
        assert len(s.attempts()) == attempts and len(s.exams()) == exams
        s.record(rec(9, seed=9))
    with Store.open(path) as s:  # the new file is whole: nothing more is moved aside
        assert s.recovered_from is None
        assert len(s.attempts()) == attempts + 1


@pytest.mark.parametrize("card", ['{"a": 1}', "[1, 2, 3]", '{"card_id": "x"}'])
def test_a_card_of_another_shape_is_scheduled_afresh(path: Path, card: str) -> None:
    with Store.open(path) as s:
        s.save_card("good", fsrs.Card())
    damage(path, f"INSERT INTO cards VALUES ('bad', '{card}', '2025-01-01')")
    with Store.open(path) as s:
        assert s.load_card("bad") is None
        assert set(s.cards()) == {"good"}


def random_records(seed: int, n: int) -> list[AttemptRecord]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        pid = rng.choice(["a", "b", "c", "d"])
        out.append(AttemptRecord(
            problem_id=pid, topic="t1" if pid in "ab" else "t2", seed=rng.randrange(3), part=rng.randrange(1, 3),
            verdict=rng.choice(["correct", "incorrect"]), attempts=rng.randrange(1, 3), hints=0, seconds=1.0,
            answer="x", mistake=rng.choice([None, "", "m1", "m2", "m3"]), session=rng.choice([None, "s1", "s2"]),
            at=T0 + timedelta(seconds=rng.randrange(40))))  # equal timestamps too
    return out


@pytest.mark.parametrize("seed, n", [(1, 1), (2, 7), (3, 60), (4, 250)])
@pytest.mark.parametrize("topic", [None, "t1"])
def test_sql_aggregates_agree_with_the_python_definitions(path: Path, seed: int, n: int, topic) -> None:
    records = random_records(seed, n)
    with Store.open(path) as s:
        for r in records:
            s.record(r)
        mine = [r for r in s.attempts() if topic is None or r.topic == topic]
        assert aggregates.summaries(s, "topic", topic) == stats.by_topic(mine)
        assert aggregates.summaries(s, "problem_id", topic) == stats.by_problem(mine)
        assert aggregates.top_mistakes(s, topic) == stats.top_mistakes(mine)
        assert aggregates.first_try_by_problem(s) == {
            k: v.first_try_accuracy for k, v in stats.by_problem(s.attempts()).items()}


def test_a_version_1_history_is_migrated_with_every_row(path: Path) -> None:
    db = sqlite3.connect(path, isolation_level=None)
    MIGRATIONS[0](db)
    db.execute("PRAGMA user_version = 1")
    for r in random_records(5, 40):
        db.execute("INSERT INTO attempts (problem_id, topic, seed, part, verdict, attempts, hints, seconds,"
                   " answer, mistake, mode, session, at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                   (r.problem_id, r.topic, r.seed, r.part, r.verdict, r.attempts, r.hints, r.seconds, r.answer,
                    r.mistake, r.mode, r.session, r.at.isoformat(timespec="microseconds")))
    db.close()
    with Store.open(path) as s:
        assert s.recovered_from is None
        records = s.attempts()
        assert len(records) == 40
        assert aggregates.summaries(s, "problem_id") == stats.by_problem(records)


@pytest.fixture
def unwritable(monkeypatch: pytest.MonkeyPatch):
    """Every write to the history fails as a full disk or a read-only file would."""
    def refuse(*args, **kwargs):
        raise StoreError("The history database failed: database or disk is full")

    monkeypatch.setattr(Store, "record", refuse)
    monkeypatch.setattr(Store, "save_exam", refuse)
    monkeypatch.setattr(Store, "save_card", refuse)


@pytest.mark.parametrize("answers", ["x\n", "x\ny\nz\n", ""])
def test_exam_report_is_printed_when_the_history_cannot_be_written(unwritable, answers: str) -> None:
    result = runner.invoke(app, ["exam", "lstsq", "--count", "1", "--seed", "3", "--json"], input=answers)
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["score"]["total"] >= 1
    assert "not saved" in result.stderr


@pytest.mark.parametrize("answers", ["x\n", "skip\n", ""])
def test_review_goes_on_when_the_schedule_cannot_be_written(unwritable, answers: str) -> None:
    result = runner.invoke(app, ["review", "--limit", "1"], input=answers)
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    if answers.strip():
        assert "not" in result.stderr


@pytest.mark.parametrize("argv", [
    ["--seed", "9223372036854775808"], ["--seed", str(2**62 + 1)], ["--seed", "-1"],
])
def test_seeds_outside_the_history_range_are_usage_errors(argv: list[str]) -> None:
    result = runner.invoke(app, ["practice", "lstsq-gradient", *argv], input="")
    assert result.exit_code == 2, result.output


@pytest.mark.parametrize("minutes", ["nan", "NaN", "inf"])
def test_exam_minutes_must_be_a_finite_number(minutes: str) -> None:
    result = runner.invoke(app, ["exam", "lstsq", "--minutes", minutes], input="")
    assert result.exit_code == 2, result.output
