"""History store: per-part commits, crash safety, corruption, versions, locking."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import fsrs
import pytest

from mathquiz.record import store as store_mod
from mathquiz.record.store import AttemptRecord, Store, StoreError, data_dir

T0 = datetime(2025, 3, 1, 9, 30, tzinfo=timezone.utc)


@pytest.fixture
def db_path(home: Path) -> Path:
    return home / "history.sqlite3"


def rec(part: int = 0, **kw) -> AttemptRecord:
    base = {"problem_id": "linalg.dot", "topic": "linalg", "seed": 42, "part": part, "verdict": "correct",
                "attempts": 1, "hints": 0, "seconds": 12.5, "answer": "3*x", "session": "s1",
                "at": T0 + timedelta(minutes=part)}
    return AttemptRecord(**{**base, **kw})


def test_default_location_is_created_under_mathquiz_home(home: Path) -> None:
    assert not home.exists()
    with Store.open() as s:
        assert s.path == data_dir() / "history.sqlite3" == home / "history.sqlite3"
        assert s.recovered_from is None
    assert (home / "history.sqlite3").is_file()


def test_parts_are_readable_after_reopening(db_path: Path) -> None:
    records = [
        rec(0),
        rec(1, verdict="wrong", attempts=2, hints=1, answer="x^T y", mistake="transpose"),
        rec(0, problem_id="calc.chain", topic="calc", seed=7, mode="exam", session=None,
            at=T0 + timedelta(minutes=5)),
    ]
    with Store.open(db_path) as s:
        for r in records:
            s.record(r)
    with Store.open(db_path) as s:
        assert s.attempts() == records
        assert s.attempts(problem_id="linalg.dot") == records[:2]
        assert s.attempts(topic="calc") == records[2:]
        assert s.attempts(topic="calc", problem_id="linalg.dot") == []


def test_missing_timestamp_means_now_in_utc(db_path: Path) -> None:
    before = datetime.now(timezone.utc)
    with Store.open(db_path) as s:
        s.record(rec(at=None))
        (got,) = s.attempts()
    assert got.at is not None and got.at.tzinfo is not None
    assert before <= got.at <= datetime.now(timezone.utc)


def test_invalid_mode_is_rejected() -> None:
    with pytest.raises(ValueError, match="mode"):
        rec(mode="homework")


def test_records_are_visible_to_a_second_connection_before_close(db_path: Path) -> None:
    first = Store.open(db_path)
    first.record(rec(0))
    first.record(rec(1))
    # Never closed: a second program sees both parts already committed.
    with Store.open(db_path) as second:
        assert [r.part for r in second.attempts()] == [0, 1]
    first.close()


def test_records_survive_a_killed_process(db_path: Path) -> None:
    script = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from mathquiz.record.store import Store, AttemptRecord\n"
        "s = Store.open(Path(sys.argv[1]))\n"
        "for part in range(3):\n"
        "    s.record(AttemptRecord('p', 't', 1, part, 'correct', 1, 0, 1.0, 'a'))\n"
        "os._exit(9)  # like a crash: no close, no cleanup\n"
    )
    root = Path(store_mod.__file__).resolve().parents[1]  # so the child can import mathquiz
    env = {**os.environ, "PYTHONPATH": f"{root}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    done = subprocess.run([sys.executable, "-c", script, str(db_path)], env=env, timeout=60)
    assert done.returncode == 9
    with Store.open(db_path) as s:
        assert [r.part for r in s.attempts()] == [0, 1, 2]


def _malformed(path: Path) -> None:
    """A real SQLite file whose data pages were overwritten."""
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE t (x)")
    db.executemany("INSERT INTO t VALUES (?)", [("y" * 100,)] * 200)
    db.commit()
    db.close()
    data = bytearray(path.read_bytes())
    data[4096 : 3 * 4096] = b"\xff" * (2 * 4096)
    path.write_bytes(bytes(data))


def _garbage(path: Path) -> None:
    path.write_bytes(b"this is not a database\x00\x01\x02" * 300)


@pytest.mark.parametrize("damage", [_garbage, _malformed], ids=["not-a-database", "malformed"])
def test_corrupt_file_is_moved_aside_and_a_fresh_store_started(db_path: Path, damage) -> None:
    db_path.parent.mkdir(parents=True)
    damage(db_path)
    original = db_path.read_bytes()

    with Store.open(db_path) as s:
        aside = s.recovered_from
        assert aside is not None and aside.parent == db_path.parent
        assert aside.name.startswith("history.sqlite3.corrupt-")
        datetime.strptime(aside.name.removeprefix("history.sqlite3.corrupt-"), "%Y%m%d-%H%M%S")
        assert aside.read_bytes() == original
        assert s.attempts() == []
        s.record(rec(0))
    with Store.open(db_path) as s:
        assert s.recovered_from is None
        assert len(s.attempts()) == 1
    assert aside.read_bytes() == original


def test_aside_name_never_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    when = datetime(2025, 1, 2, 3, 4, 5)
    first = store_mod._aside_name(path, when)
    assert first.name == "history.sqlite3.corrupt-20250102-030405"
    first.write_bytes(b"earlier")
    second = store_mod._aside_name(path, when)
    assert second != first and not second.exists()


def test_newer_schema_version_is_refused_and_file_untouched(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db = sqlite3.connect(db_path)
    db.execute("CREATE TABLE future (x)")
    db.execute(f"PRAGMA user_version = {len(store_mod.MIGRATIONS) + 1}")
    db.commit()
    db.close()
    before, mtime = db_path.read_bytes(), db_path.stat().st_mtime_ns

    with pytest.raises(StoreError, match="upgrade mathquiz"):
        Store.open(db_path)
    assert db_path.read_bytes() == before
    assert db_path.stat().st_mtime_ns == mtime
    assert sorted(p.name for p in db_path.parent.iterdir()) == ["history.sqlite3"]


def test_locked_database_times_out_with_store_error(db_path: Path) -> None:
    Store.open(db_path).close()
    locker = sqlite3.connect(db_path, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        started = time.monotonic()
        with pytest.raises(StoreError, match="locked by another program"):
            Store.open(db_path, timeout=0.2)
        assert time.monotonic() - started < 3
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    assert not list(db_path.parent.glob("*.corrupt-*"))  # locked is not corrupt


def test_write_while_locked_raises_and_store_recovers_after(db_path: Path) -> None:
    s = Store.open(db_path, timeout=0.2)
    locker = sqlite3.connect(db_path, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    with pytest.raises(StoreError, match="locked by another program"):
        s.record(rec(0))
    locker.execute("ROLLBACK")
    locker.close()
    s.record(rec(1))
    assert [r.part for r in s.attempts()] == [1]
    s.close()


def test_unopenable_path_gives_store_error(db_path: Path) -> None:
    db_path.mkdir(parents=True)  # a folder where the file should be
    with pytest.raises(StoreError):
        Store.open(db_path)
    assert db_path.is_dir() and not list(db_path.parent.glob("*.corrupt-*"))


def test_fresh_database_has_current_schema_version(db_path: Path) -> None:
    Store.open(db_path).close()
    db = sqlite3.connect(db_path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(store_mod.MIGRATIONS)
    db.close()


def test_adding_a_migration_upgrades_existing_data(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store.open(db_path) as s:
        s.record(rec(0))

    def add_notes(db: sqlite3.Connection) -> None:
        db.execute("CREATE TABLE notes (text TEXT)")

    monkeypatch.setattr(store_mod, "MIGRATIONS", [*store_mod.MIGRATIONS, add_notes])
    with Store.open(db_path) as s:
        assert len(s.attempts()) == 1
    db = sqlite3.connect(db_path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(store_mod.MIGRATIONS)
    assert db.execute("SELECT count(*) FROM notes").fetchone()[0] == 0
    db.close()


def test_exams_are_saved_with_timestamp_and_listed_in_order(db_path: Path) -> None:
    with Store.open(db_path) as s:
        first = s.save_exam({"score": 7, "max": 10, "started": T0}, at=T0)
        second = s.save_exam({"score": 9, "max": 10}, at=T0 + timedelta(days=1))
        assert second > first
    with Store.open(db_path) as s:
        exams = s.exams()
    assert [e["id"] for e in exams] == [first, second]
    assert exams[0]["at"] == T0
    started = T0.isoformat(timespec="microseconds")
    assert exams[0]["report"] == {"score": 7, "max": 10, "started": started}
    assert exams[1]["report"]["score"] == 9
    json.dumps([e["report"] for e in exams])


def test_cards_and_review_logs_round_trip(db_path: Path) -> None:
    card = fsrs.Card(card_id=1, due=T0)
    log = fsrs.ReviewLog(card_id=1, rating=fsrs.Rating.Good, review_datetime=T0,
                         review_duration=1500)
    with Store.open(db_path) as s:
        assert s.load_card("p1") is None
        s.save_card("p1", card, log)
        updated = fsrs.Card(card_id=1, state=fsrs.State.Review, stability=3.0, difficulty=5.0,
                            due=T0 + timedelta(days=3), last_review=T0)
        s.save_card("p1", updated)  # replaces the card, no new log entry
        s.save_card("p2", fsrs.Card(card_id=2, due=T0))
    with Store.open(db_path) as s:
        assert s.load_card("p1") == updated
        assert set(s.cards()) == {"p1", "p2"}
        assert s.cards()["p2"].due == T0
        assert s.review_logs("p1") == [log]
        assert s.review_logs("p2") == []
