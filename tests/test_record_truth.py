"""Only what was answered is recorded as an answer (issue 26): parts left by quit, Ctrl-C, end of
input or an exam's time-out are unanswered (never a failure, never a rating), parts never shown are
not recorded, and a history written by the previous release is migrated without losing a row."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

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


def test_undecided_and_unanswered_parts_are_no_evidence():
    from mathquiz.study.session import PartResult

    def part(verdict, seconds=40.0):
        return PartResult(1, verdict, attempts=1 if verdict != "unanswered" else 0, seconds=seconds)

    assert rating([part("correct"), part("undecided")]).name == "Good"
    assert rating([part("incorrect"), part("undecided")]).name == "Again"
    assert rating([part("undecided"), part("unanswered")]) is None


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


# --- a history written by the previous release (schema 2), made with the code at commit c4bba63 ---

OLD = Path(__file__).parent / "data" / "history-c4bba63.sql"


def test_a_previous_release_history_is_migrated_without_losing_a_row(home):
    home.mkdir(parents=True)
    db = sqlite3.connect(home / DB_NAME)
    db.executescript(OLD.read_text(encoding="utf-8"))
    before = db.execute("SELECT id, verdict FROM attempts ORDER BY id").fetchall()
    old_card = json.loads(db.execute("SELECT card FROM cards WHERE problem_id = 'lstsq-gradient'").fetchone()[0])
    db.close()
    with Store.open() as store:
        assert store.recovered_from is None
        assert store.query("PRAGMA user_version")[0][0] == len(MIGRATIONS)
        after = store.query("SELECT id, verdict FROM attempts ORDER BY id")
        assert [i for i, _ in after] == [i for i, _ in before]  # no row lost
        changed = {i: (old, new) for (i, old), (_, new) in zip(before, after, strict=True) if old != new}
        # what quit (2), end of input at once (3) and mid-problem (6), and a review left mid-problem
        # (16) wrote; a typed skip followed by more answers (4, 13-15) stays an answer; the last
        # part of a finished review skipped in no time (22) cannot be told from a quit
        assert changed == dict.fromkeys((2, 3, 6, 16, 22), ("skipped", "unanswered"))
        assert len(store.exams()) == 1 and len(store.review_logs()) == 1
        topics = aggregates.summaries(store, "topic")
        # lstsq: practice part 1 and 3 more right, the exam's one wrong answer, two review skips; the
        # exam parts never shown and the parts left are not failures
        assert topics["lstsq"].parts == 7 and topics["lstsq"].first_try_correct == 4
        assert topics["sigmoid"].parts == 2 and topics["sigmoid"].first_try_correct == 0
        assert "softmax" not in topics  # the exam ran out before a softmax part was shown
        cards = store.cards()
        # every mode's answered instances are in the one memory model now, not only review's
        assert set(cards) == {"lstsq-gradient", "sigmoid-derivative", "softmax-shift"}
        assert cards["lstsq-gradient"].last_review > datetime.fromisoformat(old_card["last_review"]) - \
            timedelta(seconds=1)
        assert store.attempts(problem_id="softmax-jacobian")  # kept, though never a failure
