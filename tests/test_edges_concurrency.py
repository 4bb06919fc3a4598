"""Several mathquiz processes at once on one history: a new one, one being upgraded, a damaged one.
Creating and migrating is atomic and safe for concurrent first use, a file is set aside only when it
is damaged (and then once), and no process loses its answer."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from mathquiz.record.schema import MIGRATIONS

PROCESSES = 4
ROUNDS = 10  # a round takes about half a second (SQLite's waits for the lock)


def _answer(path: str, start, results) -> None:
    from mathquiz.record.store import AttemptRecord, Store

    start.wait()
    try:
        with Store.open(Path(path)) as store:
            store.record(AttemptRecord("p", "t", os.getpid(), 0, "correct", 1, 0, 1.0, "x"))
            results.put(("saved", str(store.recovered_from or "")))
    except Exception as exc:  # noqa: BLE001  (the test reports whatever went wrong)
        results.put(("failed", repr(exc)))


def _all_at_once(path: Path) -> list[tuple[str, str]]:
    ctx = multiprocessing.get_context("fork")
    start, results = ctx.Barrier(PROCESSES), ctx.Queue()
    workers = [ctx.Process(target=_answer, args=(str(path), start, results)) for _ in range(PROCESSES)]
    for w in workers:
        w.start()
    out = [results.get(timeout=60) for _ in workers]
    for w in workers:
        w.join(timeout=60)
    return out


def _rows(path: Path) -> int:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT count(*) FROM attempts").fetchone()[0]


def _aside(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if ".corrupt-" in p.name]


pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="fork")


def test_processes_starting_together_on_a_new_history_lose_nothing(tmp_path: Path) -> None:
    for n in range(ROUNDS):
        folder = tmp_path / f"round-{n}"
        results = _all_at_once(folder / "history.sqlite3")
        assert [r[0] for r in results] == ["saved"] * PROCESSES, results
        assert not any(r[1] for r in results) and not _aside(folder), results  # nothing taken for damage
        assert _rows(folder / "history.sqlite3") == PROCESSES


def test_processes_starting_together_on_an_old_history_upgrade_it_once(tmp_path: Path) -> None:
    for n in range(3):
        folder = tmp_path / f"round-{n}"
        folder.mkdir()
        with sqlite3.connect(folder / "history.sqlite3") as db:  # schema 1, with one answer in it
            MIGRATIONS[0](db)
            db.execute("INSERT INTO attempts VALUES (1, 'q', 't', 1, 0, 'correct', 1, 0, 1.0, 'x', NULL,"
                       " 'practice', NULL, '2026-01-01T10:00:00.000000+00:00')")
            db.execute("PRAGMA user_version = 1")
        results = _all_at_once(folder / "history.sqlite3")
        assert [r[0] for r in results] == ["saved"] * PROCESSES, results
        assert not _aside(folder)
        assert _rows(folder / "history.sqlite3") == PROCESSES + 1
        with sqlite3.connect(folder / "history.sqlite3") as db:
            assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
            assert db.execute("SELECT sum(parts) FROM totals").fetchone()[0] == PROCESSES + 1


def test_a_damaged_history_opened_by_several_processes_is_set_aside_once(tmp_path: Path) -> None:
    for n in range(3):
        folder = tmp_path / f"round-{n}"
        folder.mkdir()
        (folder / "history.sqlite3").write_bytes(b"this is not a database" * 300)
        results = _all_at_once(folder / "history.sqlite3")
        assert [r[0] for r in results] == ["saved"] * PROCESSES, results
        assert len(_aside(folder)) == 1 and sum(bool(r[1]) for r in results) == 1
        assert _rows(folder / "history.sqlite3") == PROCESSES


def test_commands_starting_together_on_a_new_home(tmp_path: Path) -> None:
    env = {**os.environ, "MATHQUIZ_HOME": str(tmp_path / "home")}
    children = [subprocess.Popen([sys.executable, "-m", "mathquiz", "stats"], env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(3)]
    for child in children:
        _, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
        assert b"damaged" not in err and b"Traceback" not in err
    assert not _aside(tmp_path / "home")
