"""Issue 10 in problem files and practice: LaTeX, bars and `sin x` in a pack's tests and answers."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from mathquiz.cli.main import app

runner = CliRunner()

PACK = r"""
id: reading-trig
title: A trigonometric identity
topic: reading
source: issue 10
difficulty: 1
text: Simplify.
symbols:
  x: {}
  v: {shape: [3, 1]}
parts:
  - prompt: Write 1 + tan(x)² in terms of one function.
    kind: expression
    answer: sec(x)^2
    tests:
      correct: ["sec^2 x", '\sec^2(x)', '\frac{1}{\cos^2 x}', "1/cos(x)^2", "csc(x)^2 tan(x)^2"]
      incorrect: ["sec x", '\csc^2 x', "|sec x|"]
      invalid: ['\int x', "sek^2(x)", "|v|"]
  - prompt: The length of v.
    kind: expression
    answer: norm(v)
    tests:
      correct: ["‖v‖", "||v||", '\|\mathbf v\|_2', "sqrt(v'v)"]
      incorrect: ["‖2v‖"]
      invalid: ["|v|"]
solution:
  - text: Divide sin² + cos² = 1 by cos².
    label: 1 + tan(x)^2
    math: sec(x)^2
    answers: 1
  - text: The length.
    label: ‖v‖
    math: sqrt(transpose(v)*v)
    begins: true
    answers: 2
"""


@pytest.fixture
def pack(tmp_path):
    path = tmp_path / "trig.yaml"
    path.write_text(PACK, encoding="utf-8")
    return path


def test_validate_grades_latex_bars_and_bare_application_in_tests(pack):
    result = runner.invoke(app, ["validate", str(pack), "--seeds", "3"])
    assert result.exit_code == 0, result.stdout


def test_validate_catches_a_misfiled_latex_test(pack):
    pack.write_text(PACK.replace('"sec x", ', '"sec x", "\\\\sec^2 x", '), encoding="utf-8")
    result = runner.invoke(app, ["validate", str(pack), "--seeds", "1"])
    assert result.exit_code == 1
    assert "0 of 1 problems pass" in result.stdout  # the misfiled LaTeX test is judged, not skipped


@pytest.mark.parametrize("answers, verdicts", [
    ("\\sec^2 x\n\\|\\mathbf{v}\\|\n", ["correct", "correct"]),
    ("sec^2 x\n||v||\n", ["correct", "correct"]),
    ("\\frac{1}{\\cos^2 x}\n|v|\n", ["correct", "invalid"]),
])  # fmt: skip
def test_practice_reads_them(pack, answers, verdicts):
    result = runner.invoke(app, ["practice", "-p", str(pack.parent), "reading-trig", "--seed", "1", "--json",
                                 "--no-save"], input=answers)
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [p["verdict"] for p in lines[0]["results"]] == verdicts, result.stdout


@pytest.mark.parametrize("args, verdict, read_as", [
    (["x^2/2", "\\frac{1}{2}x^{2}"], "equivalent", "1/2·x²"),
    (["sec(y)^2", "sec^2 y"], "equivalent", "sec(y)²"),
    (["abs(x)", "|x|"], "equivalent", "abs(x)"),
    (["norm(v)", "||v||", "--shape", "v=3x1"], "equivalent", None),
    (["norm(v)", "|v|", "--shape", "v=3x1"], "invalid", None),
    (["sqrt(x)*sqrt(x)", "abs(x)"], "equivalent", None),
])  # fmt: skip
def test_compare_command(args, verdict, read_as):
    result = runner.invoke(app, ["compare", *args, "--json"])
    out = json.loads(result.stdout)
    assert out["verdict"] == verdict, out
    if read_as is not None:
        assert out["read_as"] == read_as
