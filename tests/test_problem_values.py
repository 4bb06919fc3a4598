"""YAML's scalar types in a problem file: a number where an expression is expected is read as that
number, true/false or a number where a text is expected is refused by name at load, never a crash."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from mathquiz.cli.main import app
from tests.test_problem_files import GOOD, issues_of, write

STEP = "    claim: {derivative: f, wrt: x}\n  - text: Simplify."


def claimed(claim: str) -> str:
    """GOOD with the power-rule step's claim replaced."""
    assert STEP in GOOD
    return GOOD.replace(STEP, f"    claim: {claim}\n  - text: Simplify.")


@pytest.mark.parametrize("claim", [
    "{derivative: a*x^c, wrt: x, let: {c: k}}",  # the quoted form, for comparison
    "{derivative: c*x^k, wrt: x, let: {c: 1}, result: k*x^(k-1)}",
    "{derivative: a*x^k + c*x, wrt: x, let: {c: 0}}",
    "{derivative: a*x^k + c, wrt: x, let: {c: 2.5}}",
    "{derivative: a*x^k, wrt: x, over: {i: [1, 3]}}",
    "{derivative: a*x^k, wrt: x, let: {c: 0.001}, over: {i: [0, 1]}}",
    "{derivative: a*x^k*(1 + 0*x^i), wrt: x, over: {i: [1, 2]}}",
])  # fmt: skip
def test_unquoted_numbers_in_a_claim_are_numbers(tmp_path, claim):
    path = write(tmp_path, claimed(claim))
    result = CliRunner().invoke(app, ["validate", str(path), "--seeds", "3"])
    assert result.exit_code == 0, result.output


def test_an_unquoted_number_in_let_is_used_as_that_number(tmp_path):
    path = write(tmp_path, claimed("{derivative: c*x^k, wrt: x, let: {c: 3}}"))  # 3k·x^(k−1) is not the step
    result = CliRunner().invoke(app, ["validate", str(path), "--seeds", "3"])
    assert result.exit_code == 1 and "not the derivative of c*x^k" in result.output, result.output


@pytest.mark.parametrize(("claim", "field"), [
    ("{derivative: f, wrt: x, let: {c: true}}", "`let`"),
    ("{derivative: f, wrt: x, at: {x: false}}", "`at`"),
    ("{derivative: f, wrt: x, result: true}", "`result`"),
    ("{derivative: f, wrt: x, over: {i: [1, true]}}", "`over`"),
    ("{derivative: true, wrt: x}", "`derivative`"),
    ("{cases: [{when: {x: true}, result: a}]}", "`when`"),
])  # fmt: skip
def test_true_or_false_in_a_claim_is_refused_by_name(tmp_path, claim, field):
    issues = issues_of(write(tmp_path, claimed(claim)))
    assert any("solution[2].claim" in i and field in i and "true/false" in i for i in issues), issues


@pytest.mark.parametrize(("change", "field", "words"), [
    (("math: k*a*x^(k-1)", "math: 3"), "solution[2].math", 'got 3: write it in quotes ("3")'),
    (("text: Simplify.", "text: 2.5"), "solution[3].text", 'got 2.5: write it in quotes ("2.5")'),
    (("wrt: x}\n  - text: Simplify.", "wrt: 3}\n  - text: Simplify."), "solution[2].claim.wrt", "got 3"),
    (("feedback: That is f itself, not its derivative.", "feedback: yes"), "parts[1].mistakes[1].feedback",
     'got true: write it in quotes ("true")'),
    (("answer: fp\n", "answer: true\n"), "parts[1]", "`answer` holds true/false"),
    (("k: {int: [1, 3]}", "k: {choice: [1, true]}"), "params.k", "`choice` holds true/false"),
])  # fmt: skip
def test_a_scalar_of_the_wrong_type_is_refused_with_its_field(tmp_path, change, field, words):
    issues = issues_of(write(tmp_path, GOOD.replace(*change)))
    assert any(f": {field}:" in i and words in i for i in issues), issues
    assert not any(".list[" in i or ".Claim." in i for i in issues), issues  # no pydantic union members


def test_a_crash_free_cli_for_a_bad_scalar(tmp_path):
    path = write(tmp_path, claimed("{derivative: f, wrt: x, let: {c: true}}"))
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 1 and "internal error" not in result.output
