"""Issue 25: a part whose answer is any value with a property (`accept:`), with named mistakes
that are properties too; the key is one example, checked by validate like every key."""

from __future__ import annotations

import json
import textwrap

import pytest
from typer.testing import CliRunner

from mathquiz.cli.main import app
from mathquiz.problem.files import ProblemFileError
from mathquiz.problem.instances import draw
from mathquiz.problem.loading import load
from mathquiz.problem.part_grading import grade
from mathquiz.validation.validate import validate

BASE = """\
id: eigen-any
title: An eigenvector
topic: testing
source: made up
params:
  a: {int: [2, 5]}
  b: {int: [1, 3]}
derived:
  M: "[[a, b], [b, a]]"
  lam: a + b
parts:
  - prompt: "Give an eigenvector of M = {M} for the eigenvalue {lam}."
    kind: vector
    answer: KEY
    accept:
      holds:
        - {nonzero: ans, says: "The zero vector is no eigenvector."}
        - {equal: [M*ans, lam*ans], says: "M·v is not {lam}·v."}
      tolerance: 1e-3
    mistakes:
      - holds: [{equal: [M*ans, (a - b)*ans]}, {nonzero: ans}]
        feedback: That is an eigenvector for the other eigenvalue, {a} − {b}.
      - answer: "[1, 2]"
        feedback: A value mistake.
    hints: ["Try equal entries.", "Solve (M − λI)v = 0."]
    tests:
      correct: ["[1, 1]", "[-2, -2]", "[0.3333, 1/3]"]
      incorrect: INCORRECT
      invalid: ["[1, 2", "x"]
solution:
  - text: "M·(1, 1)ᵀ = {lam}·(1, 1)ᵀ."
    math: M*[1, 1]
  - text: So (1, 1)ᵀ is one.
    math: lam*[1, 1]
  - text: The key.
    math: "[1, 1]"
    begins: true
    answers: 1
"""


def problem_file(tmp_path, key='"[1, 1]"', incorrect='["[0, 0]", "[1, -1]", "[1, 2]"]', edit=("", "")):
    text = BASE.replace("KEY", key).replace("INCORRECT", incorrect).replace(*edit) if edit[0] else \
        BASE.replace("KEY", key).replace("INCORRECT", incorrect)
    path = tmp_path / "eigen.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return load(path)[0]


@pytest.mark.parametrize(("typed", "status", "says"), [
    ("[1, 1]", "correct", "right"),
    ("[-3, -3]", "correct", "right"),
    ("[0.5, 0.5004]", "correct", "right"),  # within the tolerance
    ("[0, 0]", "incorrect", "The zero vector is no eigenvector."),
    ("[2, -2]", "incorrect", "the other eigenvalue, 5 − 1"),  # a property mistake, any scaling
    ("[1, 2]", "incorrect", "A value mistake."),
    ("[1, 3]", "incorrect", "M·v is not 6·v."),  # the failing condition's `says`, filled
    ("[1, 1, 1]", "incorrect", "expected 2×1, got 3×1"),
    ("[[1, 1]]", "incorrect", "the transpose of what is asked"),
    ("[1/0, 1]", "incorrect", "undefined"),
    ("[1, 1", "invalid", "never closed"),
])  # fmt: skip
def test_any_value_with_the_property_is_right_and_slips_are_named(tmp_path, typed, status, says):
    inst = draw(problem_file(tmp_path), 3)
    assert inst.values["a"] == 5 and inst.values["b"] == 1  # the instance the cases are written for
    verdict = grade(inst.parts[0], typed)
    assert verdict.status == status, verdict
    assert says in verdict.reason, verdict.reason


def test_a_file_with_a_property_part_validates(tmp_path):
    report = validate(problem_file(tmp_path), "eigen.yaml", seeds=12)
    assert report.ok, report.failures


def test_a_key_without_the_property_fails_validation(tmp_path):
    report = validate(problem_file(tmp_path, key='"[1, 2]"', incorrect='["[0, 0]"]'), "eigen.yaml", seeds=3)
    assert any("the key '[1, 2]' is not graded correct" in f for f in report.failures), report.failures


def test_a_mistake_that_holds_for_the_key_is_never_reached(tmp_path):
    # "nonzero" holds for every eigenvector: the conditions of accept are tried first, so a right
    # answer is right and a wrong one still gets the mistake's feedback
    problem = problem_file(tmp_path, edit=("{equal: [M*ans, (a - b)*ans]}, {nonzero: ans}", "{nonzero: ans}"))
    assert validate(problem, "eigen.yaml", seeds=3).ok
    part = draw(problem, 3).parts[0]
    assert grade(part, "[2, 2]").ok
    assert "other eigenvalue" in grade(part, "[1, 3]").reason


def test_a_sample_that_has_the_property_on_some_draws_is_never_drawn_there(tmp_path):
    # (1, b − 1) is an eigenvector for λ = a + b exactly when b = 2: those draws are thrown away
    problem = problem_file(tmp_path, incorrect='["[0, 0]", "[1, {b} - 1]"]')
    rejected = 0
    for seed in range(1, 25):
        inst = draw(problem, seed)
        assert inst.values["b"] != 2, seed
        rejected += len(inst.rejected)
    assert rejected > 0


@pytest.mark.parametrize(("edit", "message"), [
    ("{nonzero: ans, says", "{nonzero: a, says"),
    ("holds: [{equal: [M*ans, (a - b)*ans]}, {nonzero: ans}]", "answer: x1"),
    ("kind: vector", "kind: expression"),
    ("tolerance: 1e-3", "tolerance: 2"),
    ("{nonzero: ans, says", "{nonzero: ans, zero: ans, says"),
])  # fmt: skip
def test_ill_formed_property_parts_are_refused_at_load(tmp_path, edit, message):
    with pytest.raises(ProblemFileError):
        problem_file(tmp_path, edit=(edit, message))


def test_conditions_name_what_is_wrong(tmp_path):
    for edit, message in [(("{nonzero: ans, says", "{nonzero: a, says"), "it must use `ans`"),
                          (("  b: {int: [1, 3]}", "  b: {int: [1, 3]}\n  ans: {int: [1, 2]}"),
                           "`ans` names the answer"),
                          (("      - answer: \"[1, 2]\"", "      - holds: [{zero: ans}]\n        answer: \"[1, 2]\""),
                           "exactly one of answer, holds")]:
        with pytest.raises(ProblemFileError) as exc:
            problem_file(tmp_path, edit=edit)
        assert message in str(exc.value), str(exc.value)


def test_a_mistake_as_a_property_needs_a_part_with_accept(tmp_path):
    with pytest.raises(ProblemFileError) as exc:
        problem_file(tmp_path, edit=("    accept:\n      holds:\n        - {nonzero: ans, says: \"The zero vector is "
                                     "no eigenvector.\"}\n        - {equal: [M*ans, lam*ans], says: \"M·v is not "
                                     "{lam}·v.\"}\n      tolerance: 1e-3\n", ""))
    assert "a mistake with holds needs a part with accept" in str(exc.value)


def test_solve_json_adds_the_conditions_and_keeps_the_example_key(tmp_path):
    problem_file(tmp_path)
    result = CliRunner().invoke(app, ["solve", "eigen-any", "--seed", "3", "--json", "-p", str(tmp_path)])
    assert result.exit_code == 0, result.output
    part = json.loads(result.stdout)["parts"][0]
    assert part["answer"] == "[1, 1]"
    assert part["accept"] == {"holds": [{"test": "nonzero", "of": ["ans"]},
                                        {"test": "equal", "of": ["M*ans", "lam*ans"]}], "tolerance": 0.001}
