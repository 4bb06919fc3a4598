"""`shape_of` claims follow mathquiz's shape rules (a 1×1 product scales a vector, as on paper),
and an ill-formed expression is a validation failure that says why, never a crash."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from mathquiz.cli.main import app
from tests.test_claims import BASE

SYMBOLS = "  v: {shape: [n, 1]}\n  W: {shape: [n, 2]}\n  u: {shape: [2, 1]}\n  b: {}\n"


def write(tmp_path, claim: str):
    text = BASE.replace("  v: {shape: [n, 1]}\n", SYMBOLS).replace("KEY", "fp").replace("MISTAKE", "a*x^k")
    text = text.replace("CLAIM_TEXT", "A shape.").replace("CLAIM", f"claim: {claim}")
    path = tmp_path / "claimed.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def validate(tmp_path, claim: str):
    result = CliRunner().invoke(app, ["validate", str(write(tmp_path, claim)), "--seeds", "3"])
    assert result.exit_code in (0, 1), result.output  # never an internal error
    return result


@pytest.mark.parametrize(("shape_of", "result"), [
    ("v^T*relu(W*u) - b", "1 x 1"),
    ("(v^T*relu(W*u) - b)*relu(W*u)", "{n} x 1"),  # SymPy's MatMul refuses 1×1 times n×1
    ("(v^T*v)*v + v", "{n} x 1"),
    ("hadamard(v, step(W*u))*u^T", "{n} x 2"),
    ("sigma(W*u)*v^T + I", "{n} x {n}"),
    ("W^T*v*(u^T*u)", "2 x 1"),
    ("entry(v, 1)*W", "{n} x 2"),  # an author builtin: SymPy computes it
])  # fmt: skip
def test_a_well_formed_shape_claim_holds(tmp_path, shape_of, result):
    outcome = validate(tmp_path, f'{{shape_of: "{shape_of}", result: "{result}"}}')
    assert outcome.exit_code == 0, outcome.output


@pytest.mark.parametrize(("shape_of", "result", "words"), [
    ("v^T*relu(W*u) - b", "{n} x 1", "is 1×1, not"),
    ("W*v", "{n} x 1", "ill-formed: W*v: cannot multiply"),
    ("u*W", "2 x 2", "cannot multiply 2×1 by"),
    ("W + b", "{n} x 2", "cannot add"),
    ("det(W)", "1 x 1", "det needs a square matrix"),
    ("v^2", "{n} x 1", "has no powers"),
    ("I", "2 x 2", "the size of I is not known"),
    ("entry(v, 1)*W*v", "{n} x 1", "ill-formed"),  # SymPy's refusal, in the same words
])  # fmt: skip
def test_a_wrong_or_ill_formed_shape_claim_fails_with_a_reason(tmp_path, shape_of, result, words):
    outcome = validate(tmp_path, f'{{shape_of: "{shape_of}", result: "{result}"}}')
    assert outcome.exit_code == 1 and "solution step 3" in outcome.output, outcome.output
    assert words in " ".join(outcome.output.split()), outcome.output
    assert "cannot be checked" not in outcome.output
