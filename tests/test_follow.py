"""Follow-through marking: a later part judged against what follows from the student's own wrong
earlier answer (`follows` in a problem file; the verdict `carried`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from datetime import datetime, timezone
from pathlib import Path

import pytest
import sympy as sp

from mathquiz.expression.printing import to_text
from mathquiz.judging.sympy_trees import from_sympy
from mathquiz.problem import bank
from mathquiz.problem.files import ProblemFileError
from mathquiz.problem.instances import draw
from mathquiz.problem.loading import load
from mathquiz.problem.part_grading import grade
from mathquiz.record.aggregates import summaries
from mathquiz.record.cards import rating, rating_for
from mathquiz.record.stats import summarize
from mathquiz.record.store import AttemptRecord
from mathquiz.study.exam import ExamSession, report
from mathquiz.study.practice import Options, run_problem
from mathquiz.study.session import PartResult, summary

SEED = 5


def problem(pid: str):
    return bank.load_problem(bank.scan().entries[pid])


def text(value) -> str:
    return to_text(from_sympy(value))


# Each chain as the test computes it, independently of the file's `derived:`: the earlier part, its
# key's name, and the later key from a value of the earlier one (and the drawn values).
CHAINS = {
    "momentum-step": (3, "x1", 4, lambda v, x1: x1 - v["eta0"] * (v["beta0"] * v["v1"] + v["k"] * (x1 - v["c"]))),
    "adam-step": (2, "th1", 4, lambda v, th1: th1 - v["alpha"] * v["mh2"] / sp.sqrt(v["vh2"])),
    "newton-step": (3, "y1", 4, lambda v, y1: y1 - (y1**2 - v["a"]) / (2 * y1)),
}


class Quiet:
    """A view that shows nothing (the session's logic only)."""

    def __getattr__(self, name):
        return lambda *args, **kwargs: None


def answers(pid: str, seed: int, earlier: str, later: str) -> list[str]:
    """Right answers to every part but the earlier (given `earlier`) and the later one (`later`)."""
    inst = draw(problem(pid), seed)
    n, _, m, _ = CHAINS[pid]
    out = [p.answer_text for p in inst.parts]
    out[n - 1], out[m - 1] = earlier, later
    return out


def practise(pid: str, seed: int, lines: list[str]):
    feed = iter(lines)
    return run_problem(problem(pid), seed, lambda prompt: next(feed), Quiet(), Options(interactive=False))


def wrong_and_consistent(pid: str, seed: int = SEED) -> tuple[str, str, object]:
    """A wrong answer to the earlier part (its key + 1) and the later answer computed from it."""
    inst = draw(problem(pid), seed)
    n, name, _, later = CHAINS[pid]
    wrong = inst.values[name] + 1
    return text(wrong), text(sp.nsimplify(later(inst.values, wrong))), inst


@pytest.mark.parametrize("pid", sorted(CHAINS))
def test_a_later_part_right_from_a_wrong_earlier_answer_is_carried(pid):
    wrong, consistent, inst = wrong_and_consistent(pid)
    n, _, m, _ = CHAINS[pid]
    assert grade(inst.parts[m - 1], consistent).status == "incorrect"  # not the key itself
    result = practise(pid, SEED, answers(pid, SEED, wrong, consistent))
    earlier, later = result.results[n - 1], result.results[m - 1]
    assert earlier.verdict == "incorrect"
    assert later.verdict == "carried" and later.carried == [n]
    assert later.feedback == f"right, following from your part {n}"
    assert later.mistake is None
    assert summary([result])["carried"] == 1


@pytest.mark.parametrize("pid", sorted(CHAINS))
def test_a_later_answer_wrong_even_from_their_own_is_incorrect(pid):
    inst = draw(problem(pid), SEED)
    n, name, m, later = CHAINS[pid]
    wrong = inst.values[name] + 1
    off = text(sp.nsimplify(later(inst.values, wrong)) + 1)  # their own consequence, off by one
    result = practise(pid, SEED, answers(pid, SEED, text(wrong), off))
    assert result.results[n - 1].verdict == "incorrect"
    assert result.results[m - 1].verdict == "incorrect" and result.results[m - 1].carried == []


def test_a_right_earlier_answer_carries_nothing():
    """Only a wrong earlier answer is followed: with part c right, d's own value is simply wrong."""
    wrong, consistent, inst = wrong_and_consistent("momentum-step")
    right = inst.parts[2].answer_text
    result = practise("momentum-step", SEED, answers("momentum-step", SEED, right, consistent))
    assert [r.verdict for r in result.results[2:]] == ["correct", "incorrect"]


def test_the_key_stays_correct_after_a_wrong_earlier_answer():
    wrong, _, inst = wrong_and_consistent("momentum-step")
    result = practise("momentum-step", SEED, answers("momentum-step", SEED, wrong, inst.parts[3].answer_text))
    assert result.results[3].verdict == "correct"


def test_a_skipped_or_unreadable_earlier_answer_carries_nothing():
    _, consistent, _ = wrong_and_consistent("momentum-step")
    for earlier in ("skip", "x1 +"):
        result = practise("momentum-step", SEED, answers("momentum-step", SEED, earlier, consistent))
        assert result.results[3].verdict == "incorrect", earlier


def test_json_of_a_practised_part_names_the_parts_it_followed():
    wrong, consistent, _ = wrong_and_consistent("newton-step")
    result = practise("newton-step", SEED, answers("newton-step", SEED, wrong, consistent))
    parts = result.to_json()["results"]
    assert parts[3]["verdict"] == "carried" and parts[3]["carried"] == [3]
    assert all(p["carried"] == [] for p in parts[:3])


def test_exam_scores_a_carried_part_and_reports_it():
    wrong, consistent, _ = wrong_and_consistent("adam-step")
    exam = ExamSession([(problem("adam-step"), SEED)], 30, clock=lambda: 0.0,
                       started_at=datetime(2026, 1, 5, tzinfo=timezone.utc))
    for line in answers("adam-step", SEED, wrong, consistent):
        exam.send(line)
    data = report(exam)
    parts = data["problems"][0]["parts"]
    assert [p["verdict"] for p in parts] == ["correct", "incorrect", "correct", "carried"]
    assert parts[3]["carried"] == [2] and parts[1]["carried"] == []
    assert data["score"]["correct"] == 3  # one slip costs its own part only
    (carried,) = [m for m in data["missed"] if m["verdict"] == "carried"]
    assert carried["part"] == 4 and carried["key"] != consistent and carried["carried"] == [2]


def test_carried_is_recorded_and_counted_as_a_pass_of_memory_never_easy(store):
    wrong, consistent, _ = wrong_and_consistent("momentum-step")
    result = practise("momentum-step", SEED, answers("momentum-step", SEED, wrong, consistent))
    for r in result.results:
        store.record(AttemptRecord("momentum-step", "optimization", SEED, r.part, r.verdict, r.attempts, r.hints,
                                   r.seconds, r.answer, r.mistake, mode="practice", session="s1"))
    assert [r.verdict for r in store.attempts()] == ["correct", "correct", "incorrect", "carried"]
    assert rating_for("carried", 1, 0, 1.0).name == "Good"  # fast, yet not Easy
    assert rating_for("carried", 2, 0, 1.0).name == "Hard"
    assert rating_for("correct", 1, 0, 1.0).name == "Easy"
    fast = [PartResult(1, "correct", attempts=1, seconds=1.0), PartResult(2, "carried", attempts=1, seconds=1.0)]
    assert rating(fast).name == "Good"
    with_wrong = [*fast, PartResult(3, "incorrect", attempts=1, seconds=1.0)]
    assert rating(with_wrong).name == "Again"
    stats = summarize("momentum-step", store.attempts())
    assert stats.parts == 4 and stats.first_try_correct == 2 and stats.mistakes == {}
    kept = summaries(store, "problem_id")["momentum-step"]  # the totals SQLite keeps agree
    assert (kept.parts, kept.first_try_correct) == (stats.parts, stats.first_try_correct)


def test_piped_practice_shows_the_follow_through(tmp_path):
    wrong, consistent, _ = wrong_and_consistent("momentum-step", 11)
    lines = answers("momentum-step", 11, wrong, consistent)
    command = os.path.join(os.path.dirname(sys.executable), "mathquiz")
    env = {**os.environ, "MATHQUIZ_HOME": str(tmp_path)}
    out = subprocess.run([command, "practice", "momentum-step", "--seed", "11"], input="\n".join(lines) + "\n",
                         capture_output=True, text=True, env=env, timeout=180)
    assert out.returncode == 1, out.stderr  # part c is wrong
    assert "carried: right, following from your part 3" in out.stdout
    assert "1 right from your own earlier answer" in " ".join(out.stdout.split())
    js = subprocess.run([command, "practice", "momentum-step", "--seed", "11", "--json", "--no-save"],
                        input="\n".join(lines) + "\n", capture_output=True, text=True, env=env, timeout=180)
    data = json.loads(js.stdout)
    assert [r["carried"] for r in data["results"]] == [[], [], [], [3]]


MOMENTUM = Path(__file__).resolve().parent.parent / "problems" / "momentum-step.yaml"


def with_follows(tmp_path: Path, part: int, value: str) -> Path:
    """momentum-step with part `part` (1-based) given `follows: value` instead of its own."""
    lines = [line for line in MOMENTUM.read_text().split("\n") if not line.startswith("    follows:")]
    starts = [k for k, line in enumerate(lines) if line.startswith("  - prompt:")]
    at = next(k for k in range(starts[part - 1], len(lines)) if line_is_answer(lines[k]))
    lines.insert(at + 1, f"    follows: {value}")
    path = tmp_path / "momentum-step.yaml"
    path.write_text("\n".join(lines))
    return path


def line_is_answer(line: str) -> bool:
    return line.startswith("    answer:")


@pytest.mark.parametrize(("part", "value", "words"), [
    (4, "[9]", "there is no part 9"),
    (3, "[4]", "part 4 is not before this part"),
    (4, "[1]", "the answer of part 1 must be the name of a derived value"),
    (2, "[1]", "follows is for number, vector and matrix parts"),
    (4, "[c]", "follows"),
])
def test_a_bad_follows_is_a_load_error_with_its_line(tmp_path, part, value, words):
    path = with_follows(tmp_path, part, value)
    with pytest.raises(ProblemFileError) as info:
        load(path, remember=False)
    found = [str(i) for i in info.value.issues]
    assert any(words in issue and "follows" in issue for issue in found), found
    line = path.read_text().split("\n").index(f"    follows: {value}") + 1
    assert any(f":{line}:" in issue for issue in found), found


def test_a_key_not_computed_from_the_followed_part_is_a_load_error(tmp_path):
    path = with_follows(tmp_path, 4, "[3]")
    path.write_text(path.read_text().replace("    answer: x2\n", "    answer: gr0\n"))  # g₀ comes before x₁
    with pytest.raises(ProblemFileError) as info:
        load(path, remember=False)
    assert any("does not use `x1`, the key of part 3" in str(i) for i in info.value.issues)


def test_the_command_line_reports_a_bad_follows_as_any_format_error(tmp_path):
    """The same path as every other format error: file:line: field: message, the same exit code."""
    env = {**os.environ, "MATHQUIZ_HOME": str(tmp_path / "home"), "COLUMNS": "300"}

    def validate_cli(path: Path):
        return subprocess.run([sys.executable, "-m", "mathquiz", "validate", str(path)], capture_output=True,
                              text=True, env=env, timeout=120)

    bad = validate_cli(with_follows(tmp_path, 4, "[9]"))
    line = (tmp_path / "momentum-step.yaml").read_text().split("\n").index("    follows: [9]") + 1
    assert f"momentum-step.yaml:{line}: parts[4].follows[1]: there is no part 9" in bad.stdout
    other = tmp_path / "other.yaml"
    other.write_text(MOMENTUM.read_text().replace("    answer: x2\n", "    answer: x2\n    attempts: 9\n"))
    assert bad.returncode == validate_cli(other).returncode != 0


NEVER = """\
id: never-follows
title: A part that follows nothing it depends on
topic: testing
source: made up
params:
  a: {int: [2, 9]}
derived:
  p: a + 1
  q: p - p + 2*a
parts:
  - prompt: "What is {a} + 1?"
    kind: number
    answer: p
    tests: {correct: ["{p}", "{a} + 1", "1 + {a}"], incorrect: ["{a}"]}
  - prompt: "What is 2·{a}?"
    kind: number
    answer: q
    follows: [1]
    tests: {correct: ["{q}", "2*{a}", "{a} + {a}"], incorrect: ["{a}"]}
solution:
  - label: p
    math: a + 1
  - label: p
    math: p
    answers: 1
  - label: q
    math: 2*a
    begins: true
  - label: q
    math: q
    answers: 2
"""


def test_validate_fails_a_part_whose_key_never_changes_with_the_part_it_follows(tmp_path):
    from mathquiz.validation.validate import validate

    path = tmp_path / "never.yaml"
    path.write_text(textwrap.dedent(NEVER))
    problem_, _ = load(path, remember=False)
    failures = validate(problem_, str(path), seeds=3).failures
    assert any("part 2: its key never changed" in f for f in failures), failures
    momentum, _ = load(MOMENTUM, remember=False)
    assert not [f for f in validate(momentum, str(MOMENTUM), seeds=3).failures if "follow" in f or "part 4" in f]


def test_piped_exam_scores_and_shows_the_follow_through(tmp_path):
    command = os.path.join(os.path.dirname(sys.executable), "mathquiz")
    env = {**os.environ, "MATHQUIZ_HOME": str(tmp_path), "COLUMNS": "100"}
    args = [command, "exam", "momentum-step", "--count", "1", "--seed", "3", "--no-save"]
    first = subprocess.run([*args, "--json"], input="skip\n" * 4, capture_output=True, text=True, env=env, timeout=180)
    (drawn,) = json.loads(first.stdout)["problems"]
    wrong, consistent, _ = wrong_and_consistent("momentum-step", drawn["seed"])
    lines = "\n".join(answers("momentum-step", drawn["seed"], wrong, consistent)) + "\n"
    data = json.loads(subprocess.run([*args, "--json"], input=lines, capture_output=True, text=True, env=env,
                                     timeout=180).stdout)
    assert [p["carried"] for p in data["problems"][0]["parts"]] == [[], [], [], [3]]
    assert data["score"]["correct"] == 3
    shown = subprocess.run(args, input=lines, capture_output=True, text=True, env=env, timeout=180).stdout
    assert "3 of 4 parts correct, 1 of them right from your own earlier answer" in shown
    assert "↪ momentum-step part 4 (carried)" in shown and "right, following from your part 3" in shown


def test_an_evaluated_formula_follows_the_students_own_formula():
    """lstsq-gradient b) is a) at the drawn point (`at`): a) without its factor 2 carries to b)."""
    inst = draw(problem("lstsq-gradient"), SEED)
    v = inst.values
    theirs = text(v["A0"].T * (v["A0"] * v["x0"] - v["b0"]))  # their formula Aᵀ(Ax − b) at the point
    rest = [p.answer_text for p in inst.parts[2:]]
    feed = iter(["A^T(Ax-b)", theirs, *rest])
    result = run_problem(problem("lstsq-gradient"), SEED, lambda prompt: next(feed), Quiet(),
                         Options(interactive=False))
    assert [r.verdict for r in result.results[:2]] == ["incorrect", "carried"]
    assert result.results[1].carried == [1]
    off = text(v["A0"].T * (v["A0"] * v["x0"] - v["b0"]) + sp.ones(*v["x0"].shape))  # not even from theirs
    feed = iter(["A^T(Ax-b)", off, *rest])
    other = run_problem(problem("lstsq-gradient"), SEED, lambda prompt: next(feed), Quiet(),
                        Options(interactive=False))
    assert other.results[1].verdict == "incorrect"


@pytest.mark.parametrize(("change", "words"), [
    ("    at: {A: A0}", "`at` needs `follows`"),
    ("    follows: [1]\n    at: {Q: A0}", "`Q` is not a symbol"),
    ("    follows: [1]\n    at: {A: A0 +}", "at.A"),
])
def test_a_bad_at_is_a_load_error(tmp_path, change, words):
    path = tmp_path / "lstsq-gradient.yaml"
    source = (Path(__file__).resolve().parent.parent / "problems" / "lstsq-gradient.yaml").read_text()
    lines = [line for line in source.split("\n") if not line.startswith(("    follows:", "    at:"))]
    at = lines.index("    answer: g0")
    path.write_text("\n".join(lines[:at + 1] + change.split("\n") + lines[at + 1:]))
    with pytest.raises(ProblemFileError) as info:
        load(path, remember=False)
    assert any(words in str(i) for i in info.value.issues), [str(i) for i in info.value.issues]


def test_at_follows_a_formula_part_only(tmp_path):
    path = with_follows(tmp_path, 4, "[3]")
    path.write_text(path.read_text().replace("    follows: [3]", "    follows: [3]\n    at: {g: k}"))
    with pytest.raises(ProblemFileError) as info:
        load(path, remember=False)
    assert any("with `at`, part 3 must be an expression or matrix-expression part" in str(i)
               for i in info.value.issues)


def test_validate_fails_a_point_that_does_not_give_the_key(tmp_path):
    from mathquiz.validation.validate import validate

    path = tmp_path / "lstsq-gradient.yaml"
    source = (Path(__file__).resolve().parent.parent / "problems" / "lstsq-gradient.yaml").read_text()
    path.write_text(source.replace("    at: {A: A0, x: x0, b: b0}", "    at: {A: A0, x: x0, b: 2*b0}"))
    problem_, _ = load(path, remember=False)
    failures = validate(problem_, str(path), seeds=2).failures
    assert any("part 2: its key computed again from the keys of the parts it follows gives" in f for f in failures)


def test_validate_makes_one_followed_part_wrong_at_a_time(tmp_path):
    """r = p − q follows p and q: both off by one cancel, each alone does not."""
    from mathquiz.validation.validate import validate

    text_ = textwrap.dedent(NEVER).replace("q: p - p + 2*a", "q: 2*a\n  r: p - q").replace(
        "  - label: q\n    math: q\n    answers: 2\n",
        "  - label: q\n    math: q\n    answers: 2\n  - label: r\n    math: a + 1 - 2*a\n    begins: true\n"
        "  - label: r\n    math: r\n    answers: 3\n")
    text_ = text_.replace("solution:", """  - prompt: "And p − q?"
    kind: number
    answer: r
    follows: [1, 2]
    tests: {correct: ["{r}", "1 - {a}", "({a} + 1) - 2*{a}"], incorrect: ["{a}"]}
solution:""").replace("    follows: [1]\n", "")
    path = tmp_path / "cancel.yaml"
    path.write_text(text_)
    problem_, _ = load(path, remember=False)
    failures = validate(problem_, str(path), seeds=3).failures
    assert not [f for f in failures if "never changed" in f or "follows gives" in f], failures


def test_review_follows_through_too(monkeypatch):
    from typer.testing import CliRunner

    from mathquiz.cli import reviewing
    from mathquiz.cli.main import app

    monkeypatch.setattr(reviewing, "random_seed", lambda: SEED)
    wrong, consistent, _ = wrong_and_consistent("momentum-step")
    lines = "\n".join(answers("momentum-step", SEED, wrong, consistent)) + "\n"
    result = CliRunner().invoke(app, ["review", "momentum-step", "--json"], input=lines)
    queue, data = (json.loads(line) for line in result.stdout.strip().splitlines())
    assert queue["queue"] == ["momentum-step"] and data["seed"] == SEED
    assert [r["verdict"] for r in data["results"]][2:] == ["incorrect", "carried"]
    assert data["results"][3]["carried"] == [3]
