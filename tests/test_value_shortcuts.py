"""The shortcuts validate's speed rests on (benchmarks/README.md, developer session 9) give what the
long way gives: inverses and determinants by formula, test points converted once, texts and tidy
forms remembered."""

from __future__ import annotations

import mpmath
import numpy as np
import pytest

from mathquiz.expression.parser import parse
from mathquiz.expression.scope import Scope
from mathquiz.judging import tidy as tidy_module
from mathquiz.judging.evaluate import Evaluator
from mathquiz.judging.mp_base import PRECISION, Undefined, _from_mpmatrix, _inverse, _to_mpmatrix, determinant, to_mp
from mathquiz.validation.wording import slips


@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_inverse_and_determinant_agree_with_an_lu_decomposition(n):
    rng = np.random.default_rng(n)
    with mpmath.workdps(PRECISION):
        for _ in range(50):
            a = to_mp(np.round(rng.normal(size=(n, n)), 2) + 3 * np.eye(n))  # well away from singular
            lu = _to_mpmatrix(a)
            assert abs(determinant(a) - mpmath.det(lu)) < mpmath.mpf(10) ** -30
            want = _from_mpmatrix(mpmath.inverse(lu))
            got = _inverse(a)
            assert got.shape == (n, n)
            assert max(abs(x - y) for x, y in zip(got.flat, want.flat, strict=True)) < mpmath.mpf(10) ** -25


@pytest.mark.parametrize("rows", [[[1, 2], [2, 4]], [[1, 2, 3], [4, 5, 6], [7, 8, 9]], [[0]]])
def test_a_singular_matrix_has_no_inverse(rows):
    with mpmath.workdps(PRECISION), pytest.raises(Undefined):
        _inverse(to_mp(np.array(rows, dtype=float)))


def test_the_evaluator_inverts_through_the_formula_and_the_decomposition_alike():
    scope = Scope(variables={"A": (3, 3), "B": (5, 5)})
    rng = np.random.default_rng(7)
    values = {"A": np.round(rng.normal(size=(3, 3)), 2) + 2 * np.eye(3),
              "B": np.round(rng.normal(size=(5, 5)), 2) + 2 * np.eye(5)}
    for name in ("A", "B"):  # 3×3 by the formula, 5×5 by mpmath's LU: A·A⁻¹ = I either way
        product = Evaluator(values)(parse(f"{name} inv({name})", scope))
        assert np.allclose(np.array(product, dtype=float), np.eye(product.shape[0]), atol=1e-25)
        det = Evaluator(values)(parse(f"det({name}) det(inv({name}))", scope))
        assert abs(det - 1) < 1e-25


def test_test_points_convert_exactly_whatever_their_numbers():
    floats = np.array([[0.01, -2.37], [1e-300, 4.5]])
    assert [mpmath.mpf(x) for x in floats.flat] == list(to_mp(floats).flat)
    big = np.array([3, 2**60 + 1])  # past 2⁵³ an int is converted as it is, at the working precision
    with mpmath.workdps(PRECISION):
        assert to_mp(big)[1, 0] == 2**60 + 1
    assert to_mp(np.array([1.5, 2.5])).shape == (2, 1)


def test_remembered_slips_are_a_new_list_each_time():
    text = "x − −3 and 2/4"
    first = slips(text)
    first.clear()
    assert len(slips(text)) == 2


def test_a_tidied_value_is_remembered_and_the_same(monkeypatch):
    value = parse("exp(1)/(exp(1) + exp(2) + 1)")
    once = tidy_module.tidy(value)
    calls = []
    original = tidy_module._shortest
    monkeypatch.setattr(tidy_module, "_shortest", lambda node: calls.append(node) or original(node))
    assert tidy_module.tidy(parse("exp(1)/(exp(1) + exp(2) + 1)")) == once  # an equal tree, parsed anew
    assert calls == []
    assert tidy_module.tidy(parse("exp(2)/(exp(1) + exp(2) + 1)")) != once
    assert len(calls) == 1
