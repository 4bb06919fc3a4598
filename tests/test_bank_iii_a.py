"""Bank III (issue 25), part a: networks, regularization, losses and activations problems are
shipped and complete; the network-building parts accept any weights with the property asked for."""

from __future__ import annotations

import pytest

from tests.bank_sets import check_named_feedback, ids_of, kinds_of, problem

IDS = ids_of("iii_a")


def test_the_set_has_find_the_wrong_step_and_ordering_parts():
    kinds = kinds_of(IDS)
    assert kinds.count("wrong-step") + kinds.count("ordering") >= 1


def test_network_building_parts_accept_any_weights_with_the_property():
    for pid in ("xor-network", "perceptron-logic", "l1-soft-threshold"):
        assert any(part.accept is not None for part in problem(pid).parts), pid


@pytest.mark.parametrize(("pid", "seed", "part", "typed", "says"), [
    ("xor-network", 3, 0, "[1, 1, 0, 0]", "flipped"),
    ("xor-network", 3, 1, "5*x1 - 3*x2 + 2 - -2*(1/2) - -1*(-5/2)", "hidden biases are missing"),
    ("xor-network", 3, 3, "[[1, 1, -1/2], [1, 1, -3/2], [1, 0, -1/2]]", "computes OR"),
    ("xor-network", 3, 3, "[[2, 2, -1], [-1, -1, 1.5], [1, 1, -1.5]]", None),  # another network that works
    ("perceptron-logic", 2, 0, "[-1, 1, 1/2]", "flipped"),
    ("perceptron-logic", 2, 0, "[2, -2, -1]", None),
    ("perceptron-logic", 2, 1, "[-7, -3]", "larger weight fires"),
    ("perceptron-logic", 2, 2, "(w1 x1 + b)/w2", "The sign"),
    ("linear-collapse", 3, 0, "W1 W2", "order is reversed"),
    ("linear-collapse", 3, 1, "b1 + b2", "passes through the second layer"),
    ("linear-collapse", 3, 5, "1", "null space"),
    ("linear-collapse", 3, 5, "3", "span of W₂"),
    ("l1-soft-threshold", 2, 0, "[-1, -1, -1, 0]", "factor λ"),
    ("l1-soft-threshold", 2, 0, "[-5/2, -5/2, -5/2, 3]", "[−λ, λ]"),
    ("l1-soft-threshold", 2, 0, "[-5/2, -5/2, -5/2, -1.2]", None),
    ("l1-soft-threshold", 2, 1, "w - v - λ", "sign of λ"),
    ("l1-soft-threshold", 2, 2, "[6/7, -2/7, -8/7, -4/7]", "L2 penalty"),
    ("map-priors", 3, 0, "w/tau", "variance of the prior"),
    ("map-priors", 3, 1, "1/36", "Upside down"),
    ("map-priors", 3, 2, "18", "The factor 2"),
    ("map-priors", 3, 4, "-14/12", "least-squares"),
    ("noise-as-l2", 3, 0, "(wx - y)^2 + s^2", "enters through w"),
    ("noise-as-l2", 3, 1, "9", "noise-free loss"),
    ("noise-as-l2", 3, 2, "9", "per example"),
    ("ridge-shrinkage", 2, 0, "inv(X'X) X'y", "least-squares solution"),
    ("ridge-shrinkage", 2, 1, "alpha/(lambda + alpha)", "fraction removed"),
    ("ridge-shrinkage", 2, 2, "9/11", "along q₂"),
    ("ridge-shrinkage", 2, 3, "[21/5, -3/5]", "w* itself"),
    ("bias-variance", 3, 0, "1/2", "bias itself"),
    ("bias-variance", 3, 1, "29/3", "whole distribution"),
    ("bias-variance", 3, 2, "15/2", "noise σ² is missing"),
    ("bias-variance", 3, 3, "(c - 1)^2 mu^2 + c s^2/6", "comes out squared"),
    ("bias-variance", 3, 4, "9/10", "s²/n"),
    ("softmax-temperature", 3, 0, "softmax([1/2, 0, -1/2])", "divided by T"),
    ("softmax-temperature", 3, 1, "sigma(z1 - z2)", "temperature is missing"),
    ("softmax-temperature", 3, 2, "[1/3, 1/3, 1/3]", "limit T → ∞"),
    ("softmax-temperature", 3, 4, "2*(-1 + log(e^(-1) + 1 + e))", "does not double"),
    ("label-smoothing", 3, 0, "[0, 0, 9/10]", "added to every class"),
    ("label-smoothing", 3, 1, "e^z3/(e^z1 + e^z2 + e^z3) - 1", "without smoothing"),
    ("label-smoothing", 3, 3, "softmax([-2, -1, -2]) - [0, 0, 1]", "without smoothing"),
    ("label-smoothing", 3, 4, "0", "entropy"),
    ("label-smoothing", 3, 5, "28", "ratio of probabilities"),
    ("swish-gelu-derivative", 3, 0, "sigma(beta x) + x sigma(beta x)(1 - sigma(beta x))", "inner derivative β"),
    ("swish-gelu-derivative", 3, 1, "-2*(1 - sigma(-3))*sigma(-3) + sigma(-3)", "β = 3/2 is missing"),
    ("swish-gelu-derivative", 3, 2, "k x (1 + 3 a x^2) sech(k(x + a x^3))^2/2", "first term"),
])
def test_a_classic_slip_gets_its_named_feedback(pid, seed, part, typed, says):
    check_named_feedback(pid, seed, part, typed, says)


@pytest.mark.parametrize(("text", "expected"), [
    ("M + a*I", [[4, 2], [3, 7]]),
    ("a*I + M", [[4, 2], [3, 7]]),
    ("M - I*a", [[-2, 2], [3, 1]]),
    ("inv(M + (a + 1)*I)*(M + (a + 1)*I)", [[1, 0], [0, 1]]),
])
def test_a_multiple_of_the_identity_beside_a_matrix_takes_its_size_in_sympy(text, expected):
    # ridge-shrinkage's claims compute (XᵀX + αI)⁻¹ with SymPy: αI must become α times the 2×2 identity
    import sympy as sp

    from mathquiz.expression.parser import parse
    from mathquiz.expression.scope import Scope
    from mathquiz.judging.symbolic import to_sympy

    tree = parse(text, Scope(variables={"M": None, "a": None}, free=False, author=True))
    value = to_sympy(tree, env={"M": sp.Matrix([[1, 2], [3, 4]]), "a": sp.Integer(3)})
    assert sp.Matrix(value) == sp.Matrix(expected)
