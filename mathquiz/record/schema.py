"""The history's schema: the modes a part is answered in and the migrations, one per version.

MIGRATIONS[i] upgrades a database from user_version i to i + 1. To change the schema, append a
function; never edit one that has shipped.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

MODES = ("practice", "exam", "review", "cram", "diagnose")  # cram: recorded, never scheduled


def _migration_1(db: sqlite3.Connection) -> None:
    for sql in (
        """CREATE TABLE attempts (
            id INTEGER PRIMARY KEY,
            problem_id TEXT NOT NULL, topic TEXT NOT NULL, seed INTEGER NOT NULL,
            part INTEGER NOT NULL, verdict TEXT NOT NULL, attempts INTEGER NOT NULL,
            hints INTEGER NOT NULL, seconds REAL NOT NULL, answer TEXT NOT NULL,
            mistake TEXT, mode TEXT NOT NULL, session TEXT, at TEXT NOT NULL)""",
        "CREATE INDEX attempts_problem ON attempts (problem_id)",
        "CREATE INDEX attempts_topic ON attempts (topic)",
        "CREATE TABLE exams (id INTEGER PRIMARY KEY, at TEXT NOT NULL, report TEXT NOT NULL)",
        """CREATE TABLE cards (
            problem_id TEXT PRIMARY KEY, card TEXT NOT NULL, updated_at TEXT NOT NULL)""",
        """CREATE TABLE review_log (
            id INTEGER PRIMARY KEY, problem_id TEXT NOT NULL, log TEXT NOT NULL,
            at TEXT NOT NULL)""",
        "CREATE INDEX review_log_problem ON review_log (problem_id)",
    ):
        db.execute(sql)


def _migration_2(db: sqlite3.Connection) -> None:
    # `stats` and `list` read totals kept up to date by triggers (study.aggregates), so they take
    # milliseconds at 300,000 parts instead of a scan; the indexes serve the latest parts (trends)
    # and the named mistakes of each problem and topic
    for key in ("problem_id", "topic"):
        db.execute(f"CREATE INDEX attempts_{key}_at ON attempts ({key}, at, id)")
    for name, columns in (("problem_id_", "problem_id, "), ("topic_", "topic, "), ("", "")):
        db.execute(f"CREATE INDEX attempts_{name}mistakes ON attempts ({columns}mistake, at, id)"
                   " WHERE mistake IS NOT NULL AND mistake != ''")
    db.execute("DROP INDEX attempts_problem")
    db.execute("DROP INDEX attempts_topic")
    for sql in _TOTALS:
        db.execute(sql)
    # how far each table's rows were found readable (repair checks only newer rows); a row
    # changed in place (by another program: mathquiz only appends) makes the next start check all
    db.execute("CREATE TABLE checked (name TEXT PRIMARY KEY, upto INTEGER NOT NULL)")
    for table in ("attempts", "exams", "review_log"):
        db.execute(f"CREATE TRIGGER {table}_changed AFTER UPDATE ON {table} BEGIN DELETE FROM checked; END")


_FIRST_TRY = "(verdict = 'correct' AND attempts = 1)"
_TOTALS = (
    """CREATE TABLE instances (topic TEXT NOT NULL, problem_id TEXT NOT NULL, session TEXT NOT NULL,
        seed INTEGER NOT NULL, PRIMARY KEY (topic, problem_id, session, seed)) WITHOUT ROWID""",
    """CREATE TABLE totals (topic TEXT NOT NULL, problem_id TEXT NOT NULL, parts INTEGER NOT NULL,
        first_try INTEGER NOT NULL, last_at TEXT NOT NULL, instances INTEGER NOT NULL,
        PRIMARY KEY (topic, problem_id))""",
    # the rows already there (a migrated history), before the triggers take over
    """INSERT INTO instances SELECT DISTINCT topic, problem_id, ifnull(session, ''), seed FROM attempts""",
    f"""INSERT INTO totals SELECT topic, problem_id, COUNT(*), SUM({_FIRST_TRY}), MAX(at),
        (SELECT COUNT(*) FROM instances i WHERE i.topic = a.topic AND i.problem_id = a.problem_id)
        FROM attempts a GROUP BY topic, problem_id""",
    """CREATE TRIGGER attempts_totals AFTER INSERT ON attempts BEGIN
        INSERT INTO totals VALUES (NEW.topic, NEW.problem_id, 0, 0, NEW.at, 0) ON CONFLICT DO NOTHING;
        UPDATE totals SET parts = parts + 1,
            first_try = first_try + (NEW.verdict = 'correct' AND NEW.attempts = 1),
            last_at = max(last_at, NEW.at)
            WHERE topic = NEW.topic AND problem_id = NEW.problem_id;
        INSERT OR IGNORE INTO instances VALUES (NEW.topic, NEW.problem_id, ifnull(NEW.session, ''), NEW.seed);
    END""",
    """CREATE TRIGGER instances_totals AFTER INSERT ON instances BEGIN
        UPDATE totals SET instances = instances + 1 WHERE topic = NEW.topic AND problem_id = NEW.problem_id;
    END""",
)


def _migration_3(db: sqlite3.Connection) -> None:
    # Only what was answered is an answer (issue 26). Quit, end of input and a signal ended a practice
    # or review session by recording the part on screen as skipped with no attempt, hint, answer or
    # second: such a row, the last of its session, becomes unanswered (exam already called the parts
    # it got no answer for so). A typed `skip` is followed by the session's next part, or took time.
    checked = db.execute("SELECT name, upto FROM checked").fetchall()  # text for text: still readable
    db.execute("""UPDATE attempts SET verdict = 'unanswered' WHERE verdict = 'skipped' AND attempts = 0
        AND hints = 0 AND answer = '' AND seconds = 0 AND mode IN ('practice', 'review', 'cram')
        AND session IS NOT NULL AND id IN (SELECT MAX(id) FROM attempts GROUP BY session)""")
    db.executemany("INSERT OR REPLACE INTO checked VALUES (?, ?)", checked)
    # unanswered parts leave the totals' parts and first tries (accuracy), not the instances seen
    db.execute("DROP TRIGGER attempts_totals")
    db.execute(_COUNTED_TOTALS)
    db.execute("DELETE FROM totals")
    db.execute(f"""INSERT INTO totals SELECT topic, problem_id, SUM(verdict != 'unanswered'),
        SUM({_FIRST_TRY}), MAX(at), (SELECT COUNT(*) FROM instances i
        WHERE i.topic = a.topic AND i.problem_id = a.problem_id) FROM attempts a GROUP BY topic, problem_id""")
    # One memory model: every mode's answered instances move the problem's card, not only review's.
    from mathquiz.record.cards import replay_rows

    for problem_id, card in replay_rows(db).items():
        db.execute("INSERT INTO cards (problem_id, card, updated_at) VALUES (?, ?, ?) ON CONFLICT (problem_id)"
                   " DO UPDATE SET card = excluded.card, updated_at = excluded.updated_at",
                   (problem_id, card.to_json(), (card.last_review or card.due).isoformat(timespec="microseconds")))


_COUNTED_TOTALS = """CREATE TRIGGER attempts_totals AFTER INSERT ON attempts BEGIN
        INSERT INTO totals VALUES (NEW.topic, NEW.problem_id, 0, 0, NEW.at, 0) ON CONFLICT DO NOTHING;
        UPDATE totals SET parts = parts + (NEW.verdict != 'unanswered'),
            first_try = first_try + (NEW.verdict = 'correct' AND NEW.attempts = 1),
            last_at = max(last_at, NEW.at)
            WHERE topic = NEW.topic AND problem_id = NEW.problem_id;
        INSERT OR IGNORE INTO instances VALUES (NEW.topic, NEW.problem_id, ifnull(NEW.session, ''), NEW.seed);
    END"""


LINE_VERDICTS = ("follows", "does not follow", "cannot be read")  # a line of working (study.derivation)


def _migration_4(db: sqlite3.Connection) -> None:
    # The working a student showed for a part (issue 24): its lines, in order, beside the attempt's
    # row and written in the same transaction. Rows of earlier versions are not touched: an attempt
    # of theirs simply has no lines. A changed row makes the next start check every row again.
    db.execute("""CREATE TABLE derivation_lines (
        id INTEGER PRIMARY KEY, attempt_id INTEGER NOT NULL REFERENCES attempts (id),
        line INTEGER NOT NULL, text TEXT NOT NULL, read_as TEXT NOT NULL, verdict TEXT NOT NULL,
        reason TEXT NOT NULL, mistake TEXT, after_slip INTEGER NOT NULL DEFAULT 0,
        UNIQUE (attempt_id, line))""")
    db.execute("CREATE TRIGGER derivation_lines_changed AFTER UPDATE ON derivation_lines"
               " BEGIN DELETE FROM checked; END")


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_migration_1, _migration_2, _migration_3, _migration_4]
