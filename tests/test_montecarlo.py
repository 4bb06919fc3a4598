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
