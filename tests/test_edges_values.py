"""History values that pass the row check but would break later code: every value read back is
checked to the form later code needs (a UTC time of the years the history holds, a card FSRS can
schedule, totals that can be divided), or the row is set aside."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import fsrs
import pytest
from typer.testing import CliRunner

from mathquiz.cli.main import app
from mathquiz.record import aggregates
from mathquiz.record.store import AttemptRecord, Store

runner = CliRunner()
T0 = datetime(2026, 3, 1, 9, 30, tzinfo=timezone.utc)


@pytest.fixture
def path(home: Path) -> Path:
    home.mkdir(parents=True, exist_ok=True)
    with Store.open(home / "history.sqlite3") as s:
        for k in range(3):
            s.record(AttemptRecord("lstsq-gradient", "lstsq", k, 0, "incorrect", 1, 0, 30.0, "x",
                                   session=f"s{k}", at=T0 + timedelta(days=k)))
        s.save_card("lstsq-gradient", fsrs.Card(card_id=1, due=T0))
        s.save_exam({"score": 1}, at=T0)
    return home / "history.sqlite3"


def damage(path: Path, sql: str) -> None:
    with sqlite3.connect(path) as db:
        db.executescript(sql)


def run(*args: str) -> None:
    result = runner.invoke(app, list(args), input="skip\n" * 10)
    assert result.exit_code in (0, 1), result.output
    assert "internal error" not in result.output


COMMANDS = [("plan", "--exam-date", (date.today() + timedelta(days=5)).isoformat(), "lstsq"),
            ("review", "--cram", "lstsq", "--limit", "1"), ("review", "lstsq-gradient"), ("stats",), ("list",)]


@pytest.mark.parametrize("at, hour", [
    ("2026-03-01T10:00:00", 10),  # no time zone: taken as UTC
    ("2026-03-01T10:00:00+05:30", 4),  # another offset: converted
    ("2026-03-01T10:00:00Z", 10),
    ("2026-03-01 10:00", 10),
])
def test_a_time_of_another_form_is_read_as_utc(path: Path, at: str, hour: int) -> None:
    damage(path, f"UPDATE attempts SET at = '{at}' WHERE seed = 0; UPDATE exams SET at = '{at}'")
    with Store.open(path) as s:
        assert s.recovered_from is None
        first = s.attempts()[0]
        assert first.at.tzinfo is timezone.utc and first.at.hour == hour
        assert s.exams()[0]["at"].tzinfo is timezone.utc
    for command in COMMANDS:
        run(*command)


@pytest.mark.parametrize("at", ["9999-12-31T23:59:59.000000+00:00", "1066-10-14T09:00:00+00:00",
                                "2999-12-31T23:00:00-05:00"])
def test_a_time_out_of_range_is_set_aside(path: Path, at: str) -> None:
    damage(path, f"UPDATE attempts SET at = '{at}' WHERE seed = 1")
    with Store.open(path) as s:
        assert s.recovered_from is not None and s.left_out == 1
        assert len(s.attempts()) == 2
    for command in COMMANDS:
        run(*command)


@pytest.mark.parametrize("change", [
    "json_set(card, '$.stability', -3.0)", "json_set(card, '$.stability', 1e999)",
    "json_set(card, '$.difficulty', 11.5)", "json_set(card, '$.due', '2026-03-01T09:30:00')",
    "json_set(card, '$.due', '9999-12-31T00:00:00+00:00')", "json_set(card, '$.step', '2')",
    "json_set(card, '$.step', -1)", "json_set(card, '$.last_review', '0001-01-01T00:00:00+00:00')",
])
def test_a_card_fsrs_cannot_schedule_is_scheduled_afresh(path: Path, change: str) -> None:
    damage(path, "UPDATE cards SET card = json_set(card, '$.stability', 2.5, '$.difficulty', 5.0,"
                 " '$.state', 2, '$.last_review', '2026-02-20T09:30:00+00:00')")
    with Store.open(path) as s:
        assert s.load_card("lstsq-gradient").stability == 2.5  # the healthy card is read
    damage(path, f"UPDATE cards SET card = {change}")
    with Store.open(path) as s:
        card = s.load_card("lstsq-gradient")
        naive_due = "'$.due', '2026" in change
        assert (card is not None and card.due.tzinfo is timezone.utc) if naive_due else card is None
        assert set(s.cards()) == ({"lstsq-gradient"} if naive_due else set())
    for command in COMMANDS:
        run(*command)


@pytest.mark.parametrize("sql", [
    "UPDATE totals SET parts = 0", "UPDATE totals SET first_try = 7", "UPDATE totals SET parts = 'many'",
    "UPDATE totals SET last_at = '9999-01-01'", "UPDATE totals SET last_at = 'junk'",
    "INSERT INTO totals VALUES ('ghost', 'ghost-1', 0, 0, '2026-01-01', 0)",
])
def test_totals_that_cannot_be_divided_are_not_counted(path: Path, sql: str) -> None:
    damage(path, sql)
    with Store.open(path) as s:
        for key in ("topic", "problem_id"):
            for summary in aggregates.summaries(s, key).values():
                assert 0 <= summary.first_try_accuracy <= 1
                assert summary.last_practised is None or summary.last_practised.year < 3000
        assert all(0 <= a <= 1 for a in aggregates.first_try_by_problem(s).values())
    for command in (("stats",), ("stats", "--json"), ("list",), ("list", "--json")):
        run(*command)
    json.loads(runner.invoke(app, ["stats", "--json"]).stdout)


DEEP = "[" * 100_000 + "]" * 100_000


@pytest.mark.parametrize("name", ["exam.json", "cache/validated.json", "cache/problems.json"])
@pytest.mark.parametrize("text", [DEEP, '{"exam_date": ' + DEEP + "}", '{"passed": {"x": ' + DEEP + '}, "code": 1}',
                                  '{"exam_date": "2099-01-01", "minutes_per_day": NaN, "topics": [1, {}]}',
                                  '{"exam_date": 20990101, "minutes_per_day": 1e999}'])
def test_other_json_files_beside_the_history(home: Path, name: str, text: str) -> None:
    (home / "cache").mkdir(parents=True)
    (home / name).write_text(text, encoding="utf-8")
    for args in (["practice", "today"], ["list"], ["validate", "problems/lstsq-gradient.yaml", "--seeds", "1"],
                 ["review", "--exam-date", (date.today() + timedelta(days=3)).isoformat(), "lstsq"]):
        result = runner.invoke(app, args, input="skip\n" * 10)
        assert result.exit_code in (0, 1, 2) and "internal error" not in result.output, (args, result.output)


@pytest.mark.parametrize("stored", ["[" * 999 + "]" * 999, '{"a": ' * 60 + "1" + "}" * 60, "[1, 2]", '"text"'])
def test_an_exam_report_nested_too_deep_or_not_an_object_is_left_out(path: Path, stored: str) -> None:
    damage(path, f"INSERT INTO exams (at, report) VALUES ('2026-03-02T10:00:00+00:00', '{stored}')")
    with Store.open(path) as s:
        assert s.recovered_from is None
        assert [e["report"] for e in s.exams()] == [{"score": 1}]
