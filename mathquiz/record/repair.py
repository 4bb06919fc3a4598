"""Recognising a damaged history and saving what can be saved from it.

A history is damaged when its schema is not one mathquiz wrote (a negative version, a foreign
`attempts` table, a version whose tables are missing), or when rows cannot be read back (an `at`
that is not a date, an unknown mode, card or report JSON that does not parse, a line of working
whose attempt is missing or unreadable). The store then
moves the file aside, starts a new one, and copies every readable row into it: nothing readable
is lost, and the damaged original is kept for inspection.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence

from mathquiz.record.schema import LINE_VERDICTS
from mathquiz.record.schema import MODES as _MODES  # the values AttemptRecord accepts

Migration = Callable[[sqlite3.Connection], None]

# What makes a row readable, per table (SQL conditions on the row).
# a date of 1970 to 2999 in a form SQLite reads (store.moment reads it as UTC): FSRS adds up to a
# century to a time, so a year 9999 would overflow later
_DATE = ("typeof(at) = 'text' AND at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*' AND julianday(at) IS NOT NULL"
         " AND julianday(at) BETWEEN julianday('1970-01-02') AND julianday('2999-12-30')")
READABLE = {
    "attempts": " AND ".join([
        *(f"typeof({c}) = 'text'" for c in ("problem_id", "topic", "verdict", "answer")),
        *(f"typeof({c}) = 'integer'" for c in ("seed", "part", "attempts", "hints")),
        "typeof(seconds) IN ('real', 'integer')",
        "(mistake IS NULL OR typeof(mistake) = 'text')",
        "(session IS NULL OR typeof(session) = 'text')",
        f"mode IN ({', '.join(repr(m) for m in _MODES)})",
        _DATE,
    ]),
    "exams": f"typeof(report) = 'text' AND json_valid(report) AND {_DATE}",
    "cards": "typeof(problem_id) = 'text' AND typeof(card) = 'text' AND json_valid(card)"
             " AND json_type(card) = 'object'",
    "review_log": f"typeof(problem_id) = 'text' AND typeof(log) = 'text' AND json_valid(log) AND {_DATE}",
    "derivation_lines": " AND ".join([
        *(f"typeof({c}) = 'text'" for c in ("text", "read_as", "reason")),
        "typeof(attempt_id) = 'integer'", "typeof(line) = 'integer' AND line >= 1",
        f"verdict IN ({', '.join(repr(v) for v in LINE_VERDICTS)})",
        "(mistake IS NULL OR typeof(mistake) = 'text')", "after_slip IN (0, 1)",
    ]),
}


def readable(table: str, schema: str = "main") -> str:
    """READABLE[table], and for a line of working also its attempt's row, readable, in `schema`
    (inside the subquery the attempt's columns are meant: SQLite resolves a name innermost first)."""
    if table != "derivation_lines":
        return READABLE[table]
    return (f"{READABLE[table]} AND EXISTS (SELECT 1 FROM {schema}.attempts a"
            f" WHERE a.id = attempt_id AND {READABLE['attempts']})")


def _tables(db: sqlite3.Connection) -> dict[str, list[tuple[str, str]]]:
    names = [r[0] for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    return {n: [(c[1], c[2].upper()) for c in db.execute(f'PRAGMA table_info("{n}")')] for n in names}


def _expected(version: int, migrations: Sequence[Migration]) -> dict[str, list[tuple[str, str]]]:
    mem = sqlite3.connect(":memory:")
    try:
        for migrate in migrations[:version]:
            migrate(mem)
        return _tables(mem)
    finally:
        mem.close()


def schema_problem(db: sqlite3.Connection, version: int, migrations: Sequence[Migration]) -> str | None:
    """Why the file's tables are not what `version` of our schema has, or None when they are."""
    if version < 0:
        return f"schema version {version}"
    have, want = _tables(db), _expected(version, migrations)
    for name, columns in want.items():
        if name not in have:
            return f"the table {name} is missing"
        if have[name] != columns:
            return f"the table {name} is not mathquiz's"
    if version == 0 and have:
        return "tables that mathquiz did not write"
    return None


_NUMBERED = ("attempts", "exams", "review_log", "derivation_lines")  # tables with an id: checked once per row


def unreadable_rows(db: sqlite3.Connection, schema: str = "main") -> int:
    """How many rows of our tables cannot be read back (in `main`: only rows added since the
    last check, which is then recorded, so a start-up does not re-read 300,000 parts)."""
    incremental = schema == "main" and "checked" in _tables(db)
    done = dict(db.execute("SELECT name, upto FROM checked")) if incremental else {}
    bad, newest = 0, {}
    for table in READABLE:
        since = f" AND id > {int(done.get(table, 0))}" if table in _NUMBERED else ""
        bad += db.execute(f"SELECT count(*) FROM {schema}.{table} WHERE NOT ({readable(table, schema)}){since}"
                          ).fetchone()[0]
        if table in _NUMBERED:
            newest[table] = db.execute(f"SELECT max(id) FROM {schema}.{table}").fetchone()[0] or 0
    if incremental and not bad and any(newest[t] != done.get(t, 0) for t in newest):
        try:
            with db:
                db.executemany("INSERT OR REPLACE INTO checked (name, upto) VALUES (?, ?)", newest.items())
        except sqlite3.Error:  # a read-only history: checked again next time
            pass
    return bad


def copy_readable(db: sqlite3.Connection, old_path: str) -> int:
    """Copy every readable row of the history at `old_path` into `db` (same schema); return how
    many rows were left out."""
    db.execute("ATTACH DATABASE ? AS old", (old_path,))
    try:
        left_out = unreadable_rows(db, "old")
        db.execute("BEGIN IMMEDIATE")
        for table in READABLE:  # attempts before their lines
            columns = ", ".join(c for c, _ in _tables(db)[table])
            db.execute(f"INSERT OR IGNORE INTO main.{table} ({columns})"
                       f" SELECT {columns} FROM old.{table} WHERE {readable(table, 'old')}")
        db.execute("COMMIT")
    finally:
        if db.in_transaction:
            db.execute("ROLLBACK")
        db.execute("DETACH DATABASE old")
    return left_out
