"""SQLite history: answered parts, exam reports and FSRS card state."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import fsrs

from mathquiz.problem.cache import NoHomeError, user_folder
from mathquiz.record import repair, working
from mathquiz.record.checked import card as _card
from mathquiz.record.checked import log as _log
from mathquiz.record.checked import moment, utc  # noqa: F401  (utc: part of this API)
from mathquiz.record.checked import report as _report
from mathquiz.record.checked import utf8 as _utf8
from mathquiz.record.schema import MIGRATIONS, MODES  # noqa: F401  (MODES: part of this API)

DB_NAME = "history.sqlite3"
QUICK_CHECK_BYTES = 8_000_000  # a full check at every start costs ~1 s at 300,000 parts (90 MB)


def data_dir() -> Path:
    """The folder for history and schedule: $MATHQUIZ_HOME, else the platform's user data folder;
    raises NoHomeError (an OSError) when there is no home folder to find it in."""
    return user_folder("data")


class StoreError(Exception):
    """The history database could not be opened or used."""


def _iso(dt: datetime) -> str:
    # Fixed precision so the stored strings sort chronologically as text.
    return utc(dt).isoformat(timespec="microseconds")


@dataclass(frozen=True)
class AttemptRecord:
    """One answered part of one problem instance."""

    problem_id: str
    topic: str
    seed: int
    part: int
    verdict: str
    attempts: int
    hints: int
    seconds: float
    answer: str
    mistake: str | None = None
    mode: str = "practice"
    session: str | None = None
    at: datetime | None = None  # None -> now (UTC) when recorded
    # the working shown (study.derivation's lines as JSON: text, read_as, verdict, reason, mistake)
    derivation: tuple[dict, ...] = ()

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {self.mode!r}")


# --- errors -----------------------------------------------------------------

# Primary result codes: SQLITE_BUSY/LOCKED, SQLITE_CORRUPT/NOTADB.
_KINDS = {5: "locked", 6: "locked", 11: "corrupt", 26: "corrupt"}
_KIND_WORDS = {"locked": "locked", "busy": "locked", "not a database": "corrupt",
               "malformed": "corrupt"}


def _kind(e: sqlite3.Error) -> str | None:
    """"locked", "corrupt" or None for other SQLite errors."""
    code = getattr(e, "sqlite_errorcode", None)  # Python >= 3.11 only
    if code is not None:
        return _KINDS.get(code & 0xFF)
    return next((k for w, k in _KIND_WORDS.items() if w in str(e)), None)


class _Corrupt(Exception):
    """Internal: the file is not a usable SQLite database, or not a history mathquiz wrote."""


class _Unreadable(Exception):
    """Internal: some rows cannot be read back; the rest is copied into a new file."""


def _aside_name(path: Path, now: datetime) -> Path:
    stem = f"{path.name}.corrupt-{now:%Y%m%d-%H%M%S}"
    candidate, n = path.with_name(stem), 1
    while candidate.exists():  # never overwrite an earlier casualty
        candidate, n = path.with_name(f"{stem}-{n}"), n + 1
    return candidate


@contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """An exclusive lock on the history's folder between mathquiz processes (POSIX flock on the
    folder itself: no lock file is left behind); without one (another platform, a folder that
    cannot be opened) the work goes on unlocked."""
    try:
        import fcntl

        fd = os.open(folder, os.O_RDONLY)
    except (ImportError, OSError):
        yield
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError:
            pass
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _move_aside(path: Path) -> Path:
    # SQLite has already consumed any -journal/-wal sidecar while failing to read
    # the file, so the main file is all there is to keep.
    aside = _aside_name(path, datetime.now(timezone.utc))
    path.rename(aside)
    return aside


# --- store ------------------------------------------------------------------


class Store:
    """Learning history in one SQLite file; every write is committed immediately."""

    def __init__(self, db: sqlite3.Connection, path: Path, timeout: float) -> None:
        self._db = db
        self.path = path
        self.timeout = timeout
        self.recovered_from: Path | None = None  # where a corrupt file was moved to
        self.left_out = 0  # unreadable rows of that file not copied into this one

    @classmethod
    def open(cls, path: Path | None = None, *, timeout: float = 5.0) -> Store:
        """Open (creating or migrating) the history at `path`, default in data_dir()."""
        try:
            path = Path(path) if path is not None else data_dir() / DB_NAME
            path.parent.mkdir(parents=True, exist_ok=True)
        except NoHomeError as e:
            raise StoreError(f"The history cannot be kept: {e}") from e
        except OSError as e:
            raise StoreError(f"Cannot create the folder for the history database: {e}") from e
        try:
            return cls._open(path, timeout)
        except (_Corrupt, _Unreadable):
            pass
        # One process at a time sets a damaged file aside, and only after finding it damaged again
        # under the lock: another process may have replaced it meanwhile (then it is simply used).
        with _folder_lock(path.parent):
            salvage = False
            try:
                return cls._open(path, timeout)
            except _Corrupt:
                pass
            except _Unreadable:
                salvage = True
            try:
                aside = _move_aside(path)
                store = cls._open(path, timeout)
                if salvage:
                    with store._guard():
                        store.left_out = repair.copy_readable(store._db, str(aside))
            except (OSError, _Corrupt, _Unreadable) as e:
                raise StoreError(
                    f"The history database {path} is damaged and could not be replaced: {e}"
                ) from e
        store.recovered_from = aside
        return store

    @classmethod
    def _open(cls, path: Path, timeout: float) -> Store:
        # isolation_level=None: we issue BEGIN/COMMIT ourselves (DDL included).
        try:
            db = sqlite3.connect(path, timeout=timeout, isolation_level=None)
        except sqlite3.Error as e:
            raise StoreError(f"Cannot open the history database {path}: {e}") from e
        store = cls(db, path, timeout)
        try:
            with store._guard(opening=True):
                # one read transaction: the version and the tables are read from the same state, so
                # a history another process is upgrading at this moment is never taken for damage.
                # SQLite holds no read lock on an empty file, so a history not yet created (version
                # 0) is judged only under the write lock, by _migrate
                db.execute("BEGIN")
                try:
                    version = db.execute("PRAGMA user_version").fetchone()[0]
                    if version:
                        version = store._checked_version()
                    small = path.stat().st_size <= QUICK_CHECK_BYTES
                    if small and db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                        raise _Corrupt  # larger files: damage shows as SQLITE_CORRUPT when it is read
                finally:
                    if db.in_transaction:
                        db.execute("COMMIT")
                if version < len(MIGRATIONS):  # no write lock needed when up to date
                    store._migrate()
                if repair.unreadable_rows(db):
                    raise _Unreadable
        except BaseException:
            db.close()
            raise
        return store

    def _checked_version(self) -> int:
        """The schema version, once the tables are found to be that version's; raises _Corrupt."""
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise StoreError(
                f"The history database {self.path} was written by a newer mathquiz "
                f"(schema {version}, this one knows up to {len(MIGRATIONS)}). "
                "Please upgrade mathquiz."
            )
        if repair.schema_problem(self._db, version, MIGRATIONS):
            raise _Corrupt
        return version

    def _migrate(self) -> None:
        """Every missing migration in one write transaction: a history is created or upgraded
        whole or not at all, and a process that waited for the lock finds it done."""
        with self._tx():
            version = self._checked_version()  # again inside the lock: another process may have migrated
            for migrate in MIGRATIONS[version:]:
                migrate(self._db)
            self._db.execute(f"PRAGMA user_version = {len(MIGRATIONS)}")

    @contextmanager
    def _guard(self, *, opening: bool = False) -> Iterator[None]:
        """Translate SQLite failures into StoreError (or _Corrupt while opening)."""
        try:
            yield
        except sqlite3.Error as e:
            kind = _kind(e)
            if kind == "locked":
                raise StoreError(
                    f"The history database {self.path} is locked by another program "
                    f"(waited {self.timeout:g} s). Close other mathquiz windows and retry."
                ) from e
            if kind == "corrupt":
                if opening:
                    raise _Corrupt from e
                # Mid-session we cannot swap the file under the caller; just explain.
                raise StoreError(
                    f"The history database {self.path} is damaged. Restart mathquiz to "
                    "set it aside and start a fresh one."
                ) from e
            raise StoreError(f"The history database {self.path} failed: {e}") from e

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed on success, rolled back on any error."""
        with self._guard():
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                if self._db.in_transaction:  # SQLite may already have rolled back
                    self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def record(self, rec: AttemptRecord) -> None:
        """Append one answered part and commit it at once."""
        at = rec.at if rec.at is not None else datetime.now(timezone.utc)
        with self._tx() as db:
            cur = db.execute(
                "INSERT INTO attempts (problem_id, topic, seed, part, verdict, attempts,"
                " hints, seconds, answer, mistake, mode, session, at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (rec.problem_id, rec.topic, rec.seed, rec.part, rec.verdict, rec.attempts,
                 rec.hints, rec.seconds, _utf8(rec.answer), rec.mistake, rec.mode, rec.session,
                 _iso(at)),
            )
            # the working, in the same transaction: never an attempt without its lines
            db.executemany(working.INSERT, working.rows(cur.lastrowid, rec.derivation))

    def attempts(
        self, *, problem_id: str | None = None, topic: str | None = None
    ) -> list[AttemptRecord]:
        """Recorded parts, oldest first, optionally filtered."""
        sql = ("SELECT problem_id, topic, seed, part, verdict, attempts, hints, seconds,"
               f" answer, mistake, mode, session, at, id FROM attempts WHERE {repair.READABLE['attempts']}")
        filters = {"problem_id": problem_id, "topic": topic}
        args = [_utf8(v) for v in filters.values() if v is not None]
        sql += "".join(f" AND {k} = ?" for k, v in filters.items() if v is not None)
        lines: dict[int, list[dict]] = {}
        with self._guard():
            rows = self._db.execute(sql + " ORDER BY at, id", args).fetchall()
            for row in self._db.execute(  # the working of those attempts, in order
                    f"SELECT attempt_id, {', '.join(working.COLUMNS)} FROM derivation_lines WHERE"
                    f" {repair.READABLE['derivation_lines']} AND attempt_id IN (SELECT id FROM ({sql}))"
                    " ORDER BY attempt_id, line", args):
                lines.setdefault(row[0], []).append(working.line(row[1:]))
        return [AttemptRecord(*row[:-2], at=moment(row[-2]), derivation=tuple(lines.get(row[-1], ())))
                for row in rows]

    def save_exam(self, report: dict, *, at: datetime | None = None) -> int:
        """Store an exam report (JSON) and return its id."""
        at = at if at is not None else datetime.now(timezone.utc)
        text = json.dumps(report, default=_json_default)
        with self._tx() as db:
            cur = db.execute("INSERT INTO exams (at, report) VALUES (?, ?)", (_iso(at), text))
        return int(cur.lastrowid or 0)

    def exams(self) -> list[dict]:
        """All exams, oldest first, as {"id", "at" (datetime), "report"}."""
        with self._guard():
            rows = self._db.execute(f"SELECT id, at, report FROM exams WHERE {repair.READABLE['exams']}"
                                    " ORDER BY at, id").fetchall()
        return [{"id": i, "at": moment(at), "report": report} for i, at, r in rows
                if (report := _report(r)) is not None]

    def load_card(self, problem_id: str) -> fsrs.Card | None:
        """The scheduling card for a problem, or None if it was never reviewed."""
        with self._guard():
            row = self._db.execute(
                f"SELECT card FROM cards WHERE problem_id = ? AND {repair.READABLE['cards']}", (problem_id,)
            ).fetchone()
        return _card(row[0]) if row else None

    def save_card(
        self, problem_id: str, card: fsrs.Card, review_log: fsrs.ReviewLog | None = None
    ) -> None:
        """Replace a problem's card and append its review log entry, atomically."""
        updated = card.last_review or card.due
        with self._tx() as db:
            db.execute(
                "INSERT INTO cards (problem_id, card, updated_at) VALUES (?, ?, ?)"
                " ON CONFLICT (problem_id) DO UPDATE SET card = excluded.card,"
                " updated_at = excluded.updated_at",
                (problem_id, card.to_json(), _iso(updated)),
            )
            if review_log is not None:
                db.execute(
                    "INSERT INTO review_log (problem_id, log, at) VALUES (?, ?, ?)",
                    (problem_id, review_log.to_json(), _iso(review_log.review_datetime)),
                )

    def cards(self) -> dict[str, fsrs.Card]:
        """Every stored card by problem id."""
        with self._guard():
            rows = self._db.execute(f"SELECT problem_id, card FROM cards WHERE {repair.READABLE['cards']}").fetchall()
        cards = {pid: _card(text) for pid, text in rows}
        return {pid: card for pid, card in cards.items() if card is not None}

    def review_logs(self, problem_id: str | None = None) -> list[fsrs.ReviewLog]:
        """Review log entries, oldest first."""
        with self._guard():
            rows = self._db.execute(
                f"SELECT log FROM review_log WHERE (?1 IS NULL OR problem_id = ?1) AND {repair.READABLE['review_log']}"
                " ORDER BY at, id", (problem_id,)
            ).fetchall()
        logs = [_log(r[0]) for r in rows]
        return [log for log in logs if log is not None]

    def query(self, sql: str, args: tuple = ()) -> list[tuple]:
        """Rows of a read-only query (aggregates computed by SQLite: see study.aggregates)."""
        with self._guard():
            return self._db.execute(sql, tuple(_utf8(a) if isinstance(a, str) else a for a in args)).fetchall()

    def close(self) -> None:
        """Close the connection (everything is already committed)."""
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _json_default(obj: object) -> Any:
    if isinstance(obj, datetime):
        return _iso(obj)
    return str(obj)  # Path, Fraction, sympy objects...: keep the report rather than fail
