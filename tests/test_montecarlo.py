"""Seeded Monte-Carlo checks agree with right exact values and catch wrong ones."""

from __future__ import annotations

import numpy as np
import pytest

from mathquiz.problem.format import MonteCarlo
from mathquiz.proof.montecarlo import CheckError, run

PARAMS = {"s1": 2, "s2": 3, "mu": 1, "sd": 2}


@pytest.mark.parametrize(
    "variables, of, statistic, equals, ok",
    [
        ({"X": "normal(0, s1)", "Y": "normal(0, s2)"}, "X*Y", "var", "s1^2*s2^2", True),
        ({"X": "normal(0, s1)", "Y": "normal(0, s2)"}, "X*Y", "var", "s1*s2", False),
        ({"X": "normal(mu, sd)"}, "(X - mu)/sd", "mean", "0", True),  # an exact zero
        ({"X": "normal(mu, sd)"}, "(X - mu)/sd", "mean", "0.2", False),
        ({"X": "normal(mu, sd)"}, "(X - mu)/sd", "var", "1", True),
        ({"U": "uniform(0, 1)"}, "U", "var", "1/12", True),
    ],
)
def test_checks_agree_with_right_values_only(variables, of, statistic, equals, ok):
    check = MonteCarlo(variables=variables, of=of, statistic=statistic, equals=equals)
    outcome = run(check, PARAMS, seed=4)
    assert outcome.ok is ok, outcome
    assert run(check, PARAMS, seed=4).estimate == outcome.estimate  # seeded: reproducible


def test_unknown_distribution_is_a_clear_error():
    with pytest.raises(CheckError, match="unknown distribution"):
        run(MonteCarlo(variables={"X": "cauchy(0, 1)"}, of="X", equals="0"), PARAMS, seed=1)


@pytest.mark.parametrize("text, direct", [
    ("(1 + (U - c)/abs(U - c))/2", lambda u, c: (1 + (u - c) / np.abs(u - c)) / 2),
    ("exp(U - c) * (U - c)^2 + exp(U - c)", lambda u, c: np.exp(u - c) * (u - c) ** 2 + np.exp(u - c)),
    ("-(U*c) + (U*c)^2 - sigma(U*c)", lambda u, c: -(u * c) + (u * c) ** 2 - 1 / (1 + np.exp(-u * c))),
])  # fmt: skip
def test_a_repeated_subtree_gives_the_same_samples(text, direct):
    from mathquiz.expression.parser import parse
    from mathquiz.expression.scope import Scope
    from mathquiz.proof.montecarlo import vectorized

    u = np.random.default_rng(3).uniform(0, 1, 1000)
    got = vectorized(parse(text, Scope(variables={"U": None, "c": None}, free=False)), {"U": u, "c": 0.3})
    assert np.array_equal(got, direct(u, 0.3))


@pytest.mark.parametrize("text", ["(1 - (U - p)/abs(U - p))/2*log(p/q) + exp(V)*U", "sqrt(U)*sin(V) + V^2",
                                  "sigma(U*V) - tanh(V)/q", "p*q", "p + 0*U"])
def test_samples_are_evaluated_in_chunks_with_the_same_values(monkeypatch, text) -> None:
    from mathquiz.expression.parser import parse
    from mathquiz.expression.scope import Scope
    from mathquiz.proof import montecarlo

    rng = np.random.default_rng(3)
    n = 3 * montecarlo.CHUNK + 17  # a last chunk shorter than the others
    env = {"U": rng.uniform(0, 1, n), "V": rng.normal(0, 1, n), "p": 0.3, "q": 0.6}
    node = parse(text, Scope(variables=dict.fromkeys(env), free=False))
    chunked = montecarlo.vectorized(node, env)
    monkeypatch.setattr(montecarlo, "CHUNK", 10 * n)
    whole = montecarlo.vectorized(node, env)
    assert np.shape(chunked) == np.shape(whole)  # a g that reads no sample stays a number
    assert np.array_equal(chunked, whole)


@pytest.mark.parametrize("text, direct", [
    ("sign(U - c)", lambda u, c: np.sign(u - c)),
    ("step(U - c) + relu(c - U)", lambda u, c: (u > c) * 1.0 + np.maximum(c - u, 0)),
    ("max(U, c) - min(U, c, 1/2)", lambda u, c: np.maximum(u, c) - np.minimum(np.minimum(u, c), 0.5)),
    ("abs(U - c)*tan(U) + cosh(c)", lambda u, c: np.abs(u - c) * np.tan(u) + np.cosh(c)),
])  # fmt: skip
def test_the_entrywise_builtins_are_simulated_as_the_exact_evaluator_reads_them(text, direct):
    from mathquiz.expression.parser import parse
    from mathquiz.expression.scope import Scope
    from mathquiz.judging.evaluate import Evaluator
    from mathquiz.proof.montecarlo import vectorized

    node = parse(text, Scope(variables={"U": None, "c": None}, free=False))
    u = np.concatenate([np.random.default_rng(3).uniform(0, 1, 997), [0.3, 0.0, 1.0]])  # step and sign at 0 too
    got = vectorized(node, {"U": u, "c": 0.3})
    assert np.allclose(got, direct(u, 0.3), rtol=0, atol=1e-12)
    for k in (0, 5, 997):  # the same numbers as an exact evaluation at a point
        assert abs(float(Evaluator({"U": u[k], "c": 0.3})(node)) - got[k]) < 1e-12, (text, u[k])


@pytest.mark.parametrize(("of", "equals", "ok"), [
    ("sign(U)", "1/3", True), ("sign(U)", "1/2", False), ("relu(U)", "2/3", True), ("step(U)", "2/3", True),
])  # fmt: skip
def test_a_check_of_an_entrywise_builtin_agrees_with_right_values_only(of, equals, ok):
    check = MonteCarlo(variables={"U": "uniform(-1, 2)"}, of=of, statistic="mean", equals=equals)
    assert run(check, PARAMS, seed=4).ok is ok


def test_a_function_a_simulation_cannot_read_says_what_it_can():
    with pytest.raises(CheckError, match=r"softmax\(…\) is not supported.*sign"):
        run(MonteCarlo(variables={"X": "normal(0, 1)"}, of="softmax(X)", equals="1"), PARAMS, seed=1)
