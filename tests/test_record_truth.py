"""Only what was answered is recorded as an answer (issue 26): parts left by quit, Ctrl-C, end of
input or an exam's time-out are unanswered (never a failure, never a rating), parts never shown are
not recorded, and a history written by the previous release is migrated without losing a row."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta, timezone

import pytest
from typer.testing import CliRunner

from mathquiz.cli.main import app
from mathquiz.problem.bank import load_problem, scan
from mathquiz.problem.instances import draw
from mathquiz.record import aggregates
from mathquiz.record.cards import rating
from mathquiz.record.schema import MIGRATIONS
from mathquiz.record.store import DB_NAME, Store
from mathquiz.study.exam import NEXT, TIME_UP, ExamSession, attempt_records, report
from mathquiz.study.practice import Interrupted, Options, Quit, run_problem

runner = CliRunner()
PID = "lstsq-gradient"  # three parts
T0 = datetime(2025, 3, 1, 9, 0, tzinfo=timezone.utc)


def keys(pid: str, seed: int) -> list[str]:
    return [p.answer_text for p in draw(load_problem(scan().entries[pid]), seed).parts]


class Silent:
    """A practice view that shows nothing."""

    def __getattr__(self, name):
        return lambda *args: None


def practise(lines: list, stop: type[BaseException] | None = None) -> tuple[list, list]:
    """Practice one instance of PID fed `lines`, then `stop` raised at the next prompt (EOFError,
    KeyboardInterrupt) or a typed line; returns (the results, what was recorded)."""
    recorded = []
    feed = iter(lines)

    def ask(prompt: str) -> str:
        line = next(feed, None)
        if line is None:
            raise stop or EOFError
        return line

    result = None
    try:
        result = run_problem(load_problem(scan().entries[PID]), 3, ask, Silent(), Options(interactive=False),
                             lambda inst, r, mode: recorded.append(r))
    except Quit as q:
        assert isinstance(q, Interrupted) == (stop is KeyboardInterrupt and bool(lines) and lines[-1] != "quit")
        result = q.args[0]
    return result.results, recorded


@pytest.mark.parametrize("how", ["quit", "eof", "ctrl-c"])
def test_a_part_left_is_unanswered_and_the_parts_after_it_are_not_recorded(how):
    first = keys(PID, 3)[0]
    lines = [first, "quit"] if how == "quit" else [first]
    stop = KeyboardInterrupt if how == "ctrl-c" else EOFError
    results, recorded = practise(lines, stop)
    assert [r.verdict for r in recorded] == ["correct", "unanswered"]  # part 3 was never shown
    assert len(keys(PID, 3)) == 3 and len(results) == 2
    assert rating(recorded).name == "Easy"  # the unanswered part is no evidence: rated on part 1


def test_quit_after_a_wrong_try_keeps_the_wrong_answer():
    results, recorded = practise(["A^T(Ax-b)"], EOFError)  # interactive=False: one try per part
    assert recorded[0].verdict == "incorrect"  # graded, so an answer
    results, recorded = practise([], EOFError)
    assert [r.verdict for r in recorded] == ["unanswered"]
    assert rating(recorded) is None  # nothing answered: the card does not move


def test_quit_at_the_first_prompt_leaves_accuracy_and_the_schedule_alone(home):
    runner.invoke(app, ["practice", PID, "--seed", "3"], input="\n".join(keys(PID, 3)) + "\n")
    before = json.loads(runner.invoke(app, ["stats", "--json"]).stdout)
    for _ in range(3):  # three accidents: quit, end of input, quit
        runner.invoke(app, ["practice", "sigmoid", "--seed", "5"], input="quit\n")
        runner.invoke(app, ["practice", PID, "--seed", "4"], input="")
    after = json.loads(runner.invoke(app, ["stats", "--json"]).stdout)
    figures = ("parts", "first_try_correct", "first_try_accuracy", "trend")
    assert {k: v for k, v in after["topics"]["lstsq"].items() if k in figures} == \
        {k: v for k, v in before["topics"]["lstsq"].items() if k in figures}
    assert set(after["topics"]) == {"lstsq"}  # a topic only ever left unanswered has no accuracy
    with Store.open() as store:
        assert set(store.cards()) == {PID}  # no card for a problem only ever left unanswered
        verdicts = {r.verdict for r in store.attempts() if r.problem_id != PID}
    assert verdicts == {"unanswered"}


@pytest.fixture
def exam():
    class Clock:
        t = 0.0

        def __call__(self):
            return self.t

    clock = Clock()
    session = ExamSession([(load_problem(scan().entries[PID]), 1)], minutes=1, clock=clock, started_at=T0)
    return session, clock


def test_exam_time_out_while_typing_records_the_part_on_screen_only(exam):
    session, clock = exam
    _, part = session.current()
    assert session.send(part.answer_text).kind == NEXT
    _, part = session.current()  # part 2 is on the screen when time runs out
    clock.t = 61
    assert session.send(part.answer_text).kind == TIME_UP
    records = attempt_records(session)
    assert [(r.part, r.verdict) for r in records] == [(1, "correct"), (2, "unanswered")]
    rep = report(session)  # the exam still scores every part
    assert rep["score"]["total"] == 3 and rep["score"]["correct"] == 1
    assert [p["shown"] for p in rep["problems"][0]["parts"]] == [True, True, False]


def test_exam_time_out_between_parts_records_no_unseen_part(exam):
    session, clock = exam
    _, part = session.current()
    assert session.send(part.answer_text).kind == NEXT
    clock.t = 61  # time runs out before part 2 is shown
    assert session.current() is None and session.expired
    assert [r.verdict for r in attempt_records(session)] == ["correct"]


def test_exam_interrupted_two_seconds_in_records_one_unanswered_part(exam):
    session, clock = exam
    session.current()
    clock.t = 2
    session.finish()  # what Ctrl-C, end of input and `quit` do
    assert [(r.part, r.verdict, r.seconds) for r in attempt_records(session)] == [(1, "unanswered", 2.0)]


# --- a history written by the previous release (schema 2, as at commit c4bba63) ---

def _old_history(path) -> None:
    db = sqlite3.connect(path, isolation_level=None)
    for migrate in MIGRATIONS[:2]:  # shipped migrations are never edited: this is that release's schema
        migrate(db)
    db.execute("PRAGMA user_version = 2")
    rows = [  # (problem, topic, session, seed, part, verdict, attempts, hints, seconds, answer, mode, minutes)
        ("lstsq-gradient", "lstsq", "s1", 1, 1, "correct", 1, 0, 40.0, "2A^T(Ax-b)", "practice", 0),
        ("lstsq-gradient", "lstsq", "s1", 1, 2, "skipped", 0, 0, 0.0, "", "practice", 1),  # quit
        ("sigmoid-derivative", "sigmoid", "s2", 2, 1, "skipped", 0, 0, 0.0, "", "practice", 2),  # quit at once
        ("sigmoid-derivative", "sigmoid", "s3", 3, 1, "skipped", 0, 0, 4.2, "", "practice", 3),  # typed skip
        ("softmax-shift", "activations", "e1", 4, 1, "correct", 1, 0, 50.0, "0", "exam", 4),
        ("softmax-shift", "activations", "e1", 4, 2, "unanswered", 0, 0, 0.0, "", "exam", 5),  # never reached
        ("chain-rule-poly", "calculus", "r1", 5, 1, "correct", 1, 0, 45.0, "x", "review", 6),
    ]
    for pid, topic, session, seed, part, verdict, attempts, hints, seconds, answer, mode, minutes in rows:
        db.execute("INSERT INTO attempts (problem_id, topic, seed, part, verdict, attempts, hints, seconds,"
                   " answer, mistake, mode, session, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)",
                   (pid, topic, seed, part, verdict, attempts, hints, seconds, answer, mode, session,
                    (T0 + timedelta(minutes=minutes)).isoformat(timespec="microseconds")))
    db.execute("INSERT INTO cards VALUES ('chain-rule-poly', ?, ?)",
               (json.dumps({"card_id": 1, "state": 1, "step": 0, "stability": None, "difficulty": None,
                            "due": T0.isoformat(), "last_review": None}), T0.isoformat()))
    db.close()


def test_a_previous_release_history_is_migrated_without_losing_a_row(home):
    home.mkdir(parents=True)
    _old_history(home / DB_NAME)
    with Store.open() as store:
        assert store.recovered_from is None
        rows = store.attempts()
        assert len(rows) == 7  # no row lost
        verdicts = [(r.problem_id, r.part, r.verdict) for r in rows]
        assert verdicts[1] == ("lstsq-gradient", 2, "unanswered")  # quit: reclassified
        assert verdicts[2] == ("sigmoid-derivative", 1, "unanswered")
        assert verdicts[3] == ("sigmoid-derivative", 1, "skipped")  # a typed skip stays an answer
        topics = aggregates.summaries(store, "topic")
        assert topics["lstsq"].parts == 1 and topics["lstsq"].first_try_accuracy == 1.0
        assert topics["sigmoid"].parts == 1 and topics["sigmoid"].first_try_accuracy == 0.0
        assert topics["activations"].parts == 1  # the exam part never shown is not a failure
        cards = store.cards()
        # every mode's answered instances are now in the one memory model, replayed in order
        assert set(cards) == {"lstsq-gradient", "sigmoid-derivative", "softmax-shift", "chain-rule-poly"}
        assert cards["chain-rule-poly"].last_review == T0 + timedelta(minutes=6)
        assert cards["sigmoid-derivative"].due < cards["lstsq-gradient"].due  # skipped: again
        assert store.query("PRAGMA user_version")[0][0] == len(MIGRATIONS)
