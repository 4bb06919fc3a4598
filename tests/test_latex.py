"""LaTeX for notes: the order and transposes of what was written survive."""

from __future__ import annotations

import pytest

from mathquiz.expression.parser import parse
from mathquiz.expression.printing import to_latex
from mathquiz.expression.scope import Scope

SHAPES = Scope(variables={"A": (3, 2), "x": (2, 1), "b": (3, 1)})


@pytest.mark.parametrize(
    "text, latex",
    [
        ("2A^T(Ax-b)", r"2 A^{\top} \left(A x - b\right)"),
        ("e^x/(1+e^x)^2", r"\frac{e^{x}}{\left(1 + e^{x}\right)^{2}}"),
        ("s_i(delta_ij - s_j)", r"s_{i} \left(\delta_{ij} - s_{j}\right)"),
        ("[[1, 2], [3, 4]]", r"\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}"),
        ("sqrt(x^2+1) + norm(x) + abs(x)", r"\sqrt{x^{2} + 1} + \left\|x\right\| + \left|x\right|"),
        ("sigma(x)(1-sigma(x))", r"\sigma\left(x\right) \left(1 - \sigma\left(x\right)\right)"),
        ("x - (y - z)", r"x - \left(y - z\right)"),
        ("3/4 x", r"\frac{3}{4} x"),
    ],
)
def test_latex_keeps_the_written_structure(text, latex):
    scope = SHAPES if "A" in text else Scope()
    assert to_latex(parse(text, scope)) == latex


def test_markdown_sheet_shows_the_transpose(tmp_path):
    from typer.testing import CliRunner

    from mathquiz.cli.main import app

    out = CliRunner().invoke(app, ["solve", "lstsq-gradient", "--seed", "3", "--format", "markdown"]).stdout
    assert r"Answer: $2 A^{\top} \left(A x - b\right)$" in out
    assert r"\begin{bmatrix}" in out and "$$" in out
