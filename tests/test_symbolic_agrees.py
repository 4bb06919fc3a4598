"""What a problem file computes with SymPy (derived values, claims) agrees with how an answer is
evaluated and shaped: the same value and the same shape for every builtin, whatever the orientation."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy as sp

from mathquiz.expression.parser import parse
from mathquiz.expression.scope import Scope
from mathquiz.expression.shapes import infer
from mathquiz.judging.evaluate import Evaluator
from mathquiz.judging.symbolic import is_matrix, to_sympy

VALUES = {
    "q": sp.Matrix([1, -2]),  # a column
    "r": sp.Matrix([[3, 0, -1]]),  # a row
    "K": sp.Matrix([[1, 2], [0, -1], [2, 1]]),
    "V": sp.Matrix([[1, 0], [2, 1], [-1, 3]]),
    "M": sp.Matrix([[sp.Rational(3, 2)]]),  # a drawn 1×1 matrix
}


def _shape(value) -> tuple[int, int]:
    return tuple(value.shape) if is_matrix(value) else (1, 1)


@pytest.mark.parametrize("text", [
    "softmax(q)", "softmax(r)", "softmax(transpose(q))", "transpose(softmax(transpose(q)*transpose(K)/2)*V)",
    "softmax(transpose(q)*transpose(K)/2)*V", "transpose(V)*softmax(K*q/2)", "softmax(r)*K",
])  # fmt: skip
def test_sympy_keeps_the_shape_and_value_an_answer_has(text):
    scope = Scope(variables=dict.fromkeys(VALUES), free=False)
    node = parse(text, scope)
    symbolic = to_sympy(node, env=VALUES)
    numeric = Evaluator({k: [[Fraction(str(x)) for x in row] for row in v.tolist()] for k, v in VALUES.items()})(node)
    shape = infer(node, {k: _shape(v) for k, v in VALUES.items()}, text) or (1, 1)
    assert _shape(symbolic) == shape == (numeric.shape if hasattr(numeric, "shape") else (1, 1))
    entries = list(symbolic) if is_matrix(symbolic) else [symbolic]
    numbers = list(numeric.flat) if hasattr(numeric, "flat") else [numeric]
    assert all(abs(complex(sp.N(a, 30)) - complex(b)) < 1e-20 for a, b in zip(entries, numbers, strict=True))


def test_the_old_workaround_for_a_column_softmax_of_a_row_is_now_ill_formed():
    from mathquiz.judging.symbolic import SymbolicError

    scope = Scope(variables=dict.fromkeys(VALUES), free=False)
    with pytest.raises((sp.ShapeError, SymbolicError, ValueError)):
        to_sympy(parse("transpose(transpose(softmax(transpose(q)*transpose(K)/2))*V)", scope), env=VALUES)
