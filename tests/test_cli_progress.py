"""stats, exam and review from the command line, on a private history folder."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from mathquiz.cli.main import app
from mathquiz.problem.bank import load_problem, scan
from mathquiz.problem.instances import draw
from mathquiz.record.store import Store

runner = CliRunner()
PID = "lstsq-gradient"


def answers(pid: str, seed: int) -> list[str]:
    return [p.answer_text for p in draw(load_problem(scan().entries[pid]), seed).parts]


def test_stats_without_history_says_how_to_start():
    result = runner.invoke(app, ["stats"])
    assert result.exit_code == 0 and "No history yet" in result.stdout


def test_stats_after_practice_counts_first_try_accuracy(home):
    good = answers(PID, 3)
    runner.invoke(app, ["practice", PID, "--seed", "3", "--json"], input="\n".join(good) + "\n")
    runner.invoke(app, ["practice", PID, "--seed", "4", "--json"], input="A^T(Ax-b)\n[0, 0]\n")
    result = runner.invoke(app, ["stats", "--json"])
    data = json.loads(result.stdout)
    summary = data["problems"][PID]
    n = len(good)  # every part of seed 3 right on the first try, none of seed 4's two answered
    assert n > 2  # the parts of seed 4 after its two answers were left at end of input: not counted
    assert summary["parts"] == n + 2 and summary["first_try_correct"] == n
    assert summary["first_try_accuracy"] == pytest.approx(n / (n + 2))
    assert data["mistakes"][0]["feedback"].startswith("The factor 2")
    assert data["weakest"] == ["lstsq"]


def test_exam_piped_report_and_history(home):
    seed = 7
    result = runner.invoke(app, ["exam", PID, "--count", "1", "--seed", str(seed), "--json"],
                           input="\n".join(answers(PID, seed)) + "\n")
    report = json.loads(result.stdout)
    n = len(answers(PID, seed))
    assert report["score"] == {"correct": n, "total": n, "percent": 100.0}
    assert report["missed"] == [] and report["timed_out"] is False
    assert result.exit_code == 0
    with Store.open() as store:
        assert [e["report"]["score"]["correct"] for e in store.exams()] == [n]
        assert {r.mode for r in store.attempts()} == {"exam"}


def test_exam_gives_no_feedback_until_the_report():
    seed = 7
    result = runner.invoke(app, ["exam", PID, "--count", "1", "--seed", str(seed), "--no-save"],
                           input="A^T(Ax-b)\nskip\n")
    before, _, after = result.stdout.partition("Exam over")
    assert "factor 2" not in before and "incorrect" not in before
    assert "factor 2" in after and "Practise next" in after
    assert result.exit_code == 1


def test_review_rates_and_schedules(home):
    result = runner.invoke(app, ["review", "--limit", "1"], input="skip\n" * 12)  # every part of any problem
    assert result.exit_code == 0, result.output
    assert re.search(r"0 due · \d+ new", result.stdout) and "rated again" in result.stdout
    with Store.open() as store:
        assert len(store.cards()) == 1


def test_review_rejects_a_bad_date():
    result = runner.invoke(app, ["review", "--exam-date", "15/02/2027"])
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.stderr


def test_a_named_mistake_is_counted_even_when_the_retry_is_right(home):
    from mathquiz.problem.bank import load_problem, scan
    from mathquiz.problem.instances import draw
    from mathquiz.study.practice import Options, run_problem

    problem = load_problem(scan().entries[PID])
    inst = draw(problem, 6)
    lines = iter(["A^T(Ax-b)", "2A^T(Ax-b)", *[p.answer_text for p in inst.parts[1:]]])
    recorded = []

    class Quiet:
        def __getattr__(self, name):
            return lambda *args, **kwargs: None

    run_problem(problem, 6, lambda prompt: next(lines), Quiet(), Options(interactive=True),
                record=lambda inst, result, mode: recorded.append(result))
    first = recorded[0]
    assert (first.verdict, first.attempts) == ("correct", 2)
    assert first.mistake is not None and first.mistake.startswith("The factor 2")
