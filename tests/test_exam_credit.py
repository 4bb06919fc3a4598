"""Partial credit for working in exams (issue 24): the scoring rule case by case, derivations in an
exam session and its report, and an exam with a derivation through the installed command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

from mathquiz.problem.instances import draw
from mathquiz.problem.loading import load
from mathquiz.study.credit import FULL, HALF, NONE, credit
from mathquiz.study.derivation import DOES_NOT_FOLLOW, FOLLOWS, Derivation
from mathquiz.study.exam import AGAIN, NEXT, OVER, WORKING, ExamSession, attempt_records, report

PROBLEMS = Path(__file__).resolve().parent.parent / "problems"
T0 = datetime(2025, 3, 1, 9, 0, tzinfo=timezone.utc)


def worked(part, lines: list[str]) -> tuple[Derivation, str]:
    d = Derivation(part)
    for text in lines:
        d.add(text)
    return d, d.done().verdict.status


def test_a_right_final_line_earns_full_marks(chain):
    inst, u, du, n = chain
    d, verdict = worked(inst.parts[0], [f"{n}*{u}^({n}-1)*{du}", f"{n}*{du}*{u}^({n}-1)"])
    assert verdict == "correct" and credit(verdict, d).fraction == FULL


def test_one_explained_slip_carried_through_earns_half(chain):
    inst, u, du, n = chain
    d, verdict = worked(inst.parts[0], [f"{n}*{u}^({n}-1)*{du}", f"{n}*{u}^({n}-1)", f"{n}*{u}^({n}-1) + 0",
                                        f"{u}^({n}-1)*{n}"])
    assert verdict == "incorrect"
    assert [ln.verdict for ln in d.lines] == [FOLLOWS, DOES_NOT_FOLLOW, FOLLOWS, FOLLOWS]
    assert [ln.after_slip for ln in d.lines] == [False, False, True, True]
    assert "inner derivative" in d.lines[1].mistake  # the named mistake explains the step
    got = credit(verdict, d)
    assert got.fraction == HALF and "line 2" in got.why


def test_a_slip_no_known_slip_explains_earns_nothing(chain):
    inst, u, du, n = chain
    d, verdict = worked(inst.parts[0], [f"{n}*{u}^({n}-1)*{du}", f"{n}*{u}^({n}-1)*{du} + x"])
    assert verdict == "incorrect" and d.lines[1].verdict == DOES_NOT_FOLLOW and not d.lines[1].mistake
    got = credit(verdict, d)
    assert got.fraction == NONE and "no known slip" in got.why


def test_two_slips_earn_nothing(chain):
    inst, u, du, n = chain
    d, verdict = worked(inst.parts[0], [f"{n}*{u}^({n}-1)*{du}", f"{n}*{u}^({n}-1)", f"{n}*{u}^({n}-1) + x"])
    assert [ln.verdict for ln in d.lines] == [FOLLOWS, DOES_NOT_FOLLOW, DOES_NOT_FOLLOW]
    got = credit(verdict, d)
    assert got.fraction == NONE and "2 lines do not follow" in got.why


def test_a_known_slip_with_no_right_line_before_it_earns_nothing(chain):
    """Typing a named mistake as a one-line derivation is not working shown: no half marks for it."""
    inst, u, du, n = chain
    d, verdict = worked(inst.parts[0], [f"{n}*{u}^({n}-1)"])
    assert d.lines[0].mistake and credit(verdict, d).fraction == NONE


def test_a_generated_slip_of_the_line_before_explains_a_step():
    problem, _ = load(PROBLEMS / "lstsq-gradient.yaml")
    part = next(p for p in draw(problem, 1).parts if p.part.kind == "matrix-expression")
    d, verdict = worked(part, ["2 A^T (A x - b)", "2 A^T A x - 2 A^T b", "2 A A x - 2 A^T b"])
    assert [ln.verdict for ln in d.lines] == [FOLLOWS, FOLLOWS, DOES_NOT_FOLLOW]
    assert "transpose" in d.lines[2].mistake  # a rule of judging.slips applied to line 2
    assert credit(verdict, d).fraction == HALF


def test_from_a_free_first_line_the_working_before_the_slip_must_be_right(chain):
    inst, u, du, n = chain
    part = inst.parts[1]  # a number part: lines compared as values
    free = replace(part, part=replace(part.part, derives=None))
    key = part.answer_text
    right, verdict = worked(free, [f"({key})*2/2", f"-({key})"])  # then the sign flipped: a generated slip
    assert right.start is None and right.lines[1].mistake and verdict == "incorrect"
    assert credit(verdict, right).fraction == HALF
    wrong, verdict = worked(free, [f"({key}) + 1", f"-(({key}) + 1)"])  # every line after a wrong start
    assert wrong.lines[1].mistake and credit(verdict, wrong).fraction == NONE


def test_an_answer_typed_at_once_earns_full_or_nothing():
    assert credit("correct", None).fraction == FULL
    assert credit("incorrect", None).fraction == NONE
    assert credit("invalid", None).fraction == NONE


class Clock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def test_an_exam_takes_a_derivation_silently_and_marks_it_at_the_end(chain):
    inst, u, du, n = chain
    clock = Clock()
    exam = ExamSession([(inst.problem, 1)], minutes=10, clock=clock, seed=1, started_at=T0)
    _, part = exam.current()
    assert exam.next_line is None
    assert exam.send("work").kind == WORKING and exam.next_line == 1
    assert exam.send(f"{n}*{u}^({n}-1)*{du}") == exam.send(f"{n}*{u}^({n}-1)")  # nothing said: right or wrong
    assert exam.next_line == 3  # the prompt counts the lines: all a line of working gets in an exam
    from mathquiz.render.reports import exam_prompt

    assert exam_prompt(90, 0, 2, exam.next_line) == "[01:30 left · 1/2 · line 3] › "
    unread = exam.send("((")
    assert unread.kind == WORKING and "cannot be read" in unread.message
    assert exam.send("hint").kind == AGAIN  # still no help while working
    clock.t += 30
    assert exam.send("done").kind == NEXT
    second = exam.current()[1]
    assert exam.send(second.answer_text).kind == OVER
    rep = report(exam)
    first = rep["problems"][0]["parts"][0]
    points = part.part.points
    assert first["verdict"] == "incorrect" and first["points"] == points and first["marks"] == points * HALF
    assert [ln["verdict"] for ln in first["derivation"]["lines"]] == [FOLLOWS, DOES_NOT_FOLLOW, "cannot be read"]
    assert rep["marks"]["earned"] == points * HALF + second.part.points
    assert rep["marks"]["total"] == points + second.part.points
    assert rep["score"]["correct"] == 1  # half marks are not a correct part
    missed = rep["missed"][0]
    assert missed["marks"] == points * HALF and missed["derivation"] and "line 2" in missed["credit"]
    records = attempt_records(exam)
    assert [ln["text"] for ln in records[0].derivation] == [f"{n}*{u}^({n}-1)*{du}", f"{n}*{u}^({n}-1)", "(("]
    assert records[1].derivation == ()


def test_working_open_when_time_is_up_is_handed_in(chain):
    inst, u, du, n = chain
    clock = Clock()
    exam = ExamSession([(inst.problem, 1)], minutes=1, clock=clock, seed=1, started_at=T0)
    exam.current()
    exam.send("work")
    exam.send(f"{n}*{du}*{u}^({n}-1)")
    clock.t += 61
    assert exam.current() is None and exam.expired
    first, second = exam.results[0].results
    assert first.verdict == "correct" and first.derivation is not None and first.seconds == 60
    assert second.verdict == "unanswered"
    assert report(exam)["problems"][0]["parts"][0]["marks"] == inst.parts[0].part.points


def _exam(lines: list[str], *args: str, home: Path) -> subprocess.CompletedProcess:
    """The installed `mathquiz exam` with piped input, as a student's script runs it."""
    env = {**os.environ, "MATHQUIZ_HOME": str(home), "COLUMNS": "80"}
    exe = Path(sys.executable).with_name("mathquiz")
    return subprocess.run([str(exe), "exam", "chain-rule-poly", "--count", "1", "--seed", "1", *args],
                          input="\n".join(lines) + "\n", capture_output=True, text=True, env=env, timeout=180)


def test_an_exam_with_a_derivation_from_piped_input(chain, home: Path):
    inst, u, du, n = chain
    lines = ["work", f"{n}*{u}^({n}-1)*{du}", f"{n}*{u}^({n}-1)", f"2*{n}*{u}^({n}-1)/2", "done",
             inst.parts[1].answer_text]
    done = _exam(lines, "--json", home=home)
    assert done.returncode == 1, done.stderr  # not every part correct
    data = json.loads(done.stdout)
    part = data["problems"][0]["parts"][0]
    assert part["verdict"] == "incorrect" and part["marks"] == part["points"] * HALF
    work = part["derivation"]
    assert [ln["verdict"] for ln in work["lines"]] == [FOLLOWS, DOES_NOT_FOLLOW, FOLLOWS]
    assert work["lines"][2]["after_slip"] is True and work["first_slip"] == 2
    assert all({"text", "read_as", "verdict", "reason", "mistake"} <= set(ln) for ln in work["lines"])
    assert data["marks"] == {"earned": part["marks"] + inst.parts[1].part.points,
                             "total": part["points"] + inst.parts[1].part.points,
                             "percent": data["marks"]["percent"]}
    shown = _exam(lines, "--no-save", home=home)
    assert shown.returncode == 1 and "Traceback" not in shown.stderr
    assert "does not follow" not in shown.stdout.split("Exam over")[0]  # silent until the end
    report_text = shown.stdout.split("Exam over")[1]
    assert "your working:" in report_text and "✗" in report_text
    assert f"marks {part['marks']:g} of {part['points']}" in report_text


def test_a_half_marked_part_is_an_incorrect_answer_for_stats_and_memory(chain, home: Path):
    """Stats count it as answered and not correct; the memory model rates the problem Again."""
    inst, u, du, n = chain
    lines = ["work", f"{n}*{u}^({n}-1)*{du}", f"{n}*{u}^({n}-1)", "done", inst.parts[1].answer_text]
    assert _exam(lines, "--json", home=home).returncode == 1
    from mathquiz.record.store import Store

    with Store.open() as store:
        saved = store.attempts(problem_id="chain-rule-poly")
        assert [r.verdict for r in saved] == ["incorrect", "correct"]
        assert [ln["verdict"] for ln in saved[0].derivation] == [FOLLOWS, DOES_NOT_FOLLOW]  # read back
        card = store.load_card("chain-rule-poly")
        logs = store.review_logs("chain-rule-poly")
    assert card is not None and logs and logs[-1].rating.name == "Again"
    env = {**os.environ, "MATHQUIZ_HOME": str(home)}
    stats = subprocess.run([str(Path(sys.executable).with_name("mathquiz")), "stats", "--json"],
                           capture_output=True, text=True, env=env, timeout=120)
    problem = json.loads(stats.stdout)["problems"]["chain-rule-poly"]
    assert problem["parts"] == 2 and problem["first_try_accuracy"] == 0.5


def test_working_open_when_the_exam_is_handed_in_is_graded_and_skip_drops_it(chain):
    inst, u, du, n = chain
    exam = ExamSession([(inst.problem, 1)], minutes=10, clock=Clock(), seed=1, started_at=T0)
    exam.current()
    exam.send("work")
    exam.send(f"{n}*{u}^({n}-1)*{du} + x")
    assert exam.send("skip").kind == NEXT  # the working is dropped with the part
    exam.current()
    assert exam.send("work").kind == WORKING
    exam.send(inst.parts[1].answer_text)
    exam.finish()  # what `quit`, end of input and Ctrl-C do
    first, second = exam.results[0].results
    assert first.verdict == "skipped" and first.derivation is None
    assert second.verdict == "correct" and [ln["verdict"] for ln in second.derivation["lines"]] == [FOLLOWS]


def test_practice_keeps_the_working_in_the_history(chain):
    from typer.testing import CliRunner

    from mathquiz.cli.main import app
    from mathquiz.record.store import Store

    inst, u, du, n = chain
    lines = ["work", f"{n}*{u}^({n}-1)*{du}", "((", f"{n}*{du}*{u}^({n}-1)", "done", "skip"]
    result = CliRunner().invoke(app, ["practice", "chain-rule-poly", "--seed", "1"], input="\n".join(lines) + "\n")
    assert result.exit_code in (0, 1), result.output
    with Store.open() as store:
        first = store.attempts(problem_id="chain-rule-poly")[0]
    assert first.verdict == "correct" and first.answer == f"{n}*{du}*{u}^({n}-1)"
    assert [(ln["text"], ln["verdict"]) for ln in first.derivation] == [
        (f"{n}*{u}^({n}-1)*{du}", FOLLOWS), ("((", "cannot be read"), (f"{n}*{du}*{u}^({n}-1)", FOLLOWS)]
