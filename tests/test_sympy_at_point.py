"""The exact claim checks' values at a point: the same numbers as SymPy's substitute-and-evaluate."""

from __future__ import annotations

import random

import pytest
import sympy as sp

from mathquiz.judging.symbolic import relu, sigma, step
from mathquiz.proof.sympy_at_point import value_at

x, y, z = sp.symbols("x y z", real=True)
EXPRESSIONS = [
    3 * x**2 * y - sp.Rational(7, 3) * z,
    sp.exp(-x**2) / (1 + y**2) + sp.log(z**2 + 1),
    sp.sqrt(x) * y**sp.Rational(1, 3),  # principal branches of negative bases: complex values
    sp.log(x) - sp.atan(y) + sp.tanh(z),
    sigma(x * y) * (1 - sigma(x * y)),
    relu(x - y) + step(z) * x,
    sp.Max(x, y, z) - sp.Min(x, 0),
    sp.Abs(x - 2 * y) + sp.sin(x) * sp.cos(y) - sp.tan(z) / 3,
    (x + y) ** 12 - sp.expand((x + y) ** 12),  # exactly 0, written the long way
    sp.pi * x + sp.E ** y - sp.I * z,
    sp.Float("0.1", 30) * x + sp.Integer(10) ** 30 * y - sp.Integer(10) ** 30 * y,
]


def sympy_value(expr, point) -> complex:
    return complex(sp.N(expr.xreplace(point), 30))


@pytest.mark.parametrize("expr", EXPRESSIONS, ids=str)
def test_the_walk_gives_sympys_number(expr) -> None:
    rng = random.Random(str(expr))
    for _ in range(20):
        point = {s: sp.Float(rng.uniform(-2.5, 2.5), 30) for s in (x, y, z)}
        got, want = value_at(expr, point), sympy_value(expr, point)
        assert got is not None
        assert abs(got - want) <= 1e-12 * (1 + abs(want)), (point, got, want)


@pytest.mark.parametrize("expr", [1 / x, sp.log(x), x ** -2 + 1])
def test_a_pole_is_left_to_sympy(expr) -> None:
    assert value_at(expr, {x: sp.Float(0, 30)}) is None


@pytest.mark.parametrize("expr", [sp.gamma(x), sp.Piecewise((x, x > 0), (0, True)), sp.Heaviside(x), x + y])
def test_what_the_walk_does_not_know_is_left_to_sympy(expr) -> None:
    assert value_at(expr, {x: sp.Float(0.5, 30)}) is None  # y has no value: also SymPy's to tell


def test_a_false_claim_still_fails_and_a_true_one_holds() -> None:
    from mathquiz.proof.claims import _numbers

    point = {x: sp.Float(0.7, 30), y: sp.Float(-1.3, 30)}
    gap_true = sp.diff(sigma(x * y), x) - y * sigma(x * y) * (1 - sigma(x * y))
    gap_false = sp.diff(sigma(x * y), x) - sigma(x * y) * (1 - sigma(x * y))
    assert abs(_numbers(sp.Matrix([gap_true]), point)[0]) < 1e-25
    assert abs(_numbers(sp.Matrix([gap_false]), point)[0]) > 1e-3
