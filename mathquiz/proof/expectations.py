"""Expectations and variances of expressions of independent random variables, for claims:
exact for polynomials (the moments of normal and uniform variables), else seeded Monte-Carlo."""

from __future__ import annotations

import numpy as np
import sympy as sp

from mathquiz.expression.scope import Scope
from mathquiz.problem.static_checks import parse_cached
from mathquiz.proof.montecarlo import CheckError, vectorized

MC_SAMPLES = 200_000


def _moment(kind: str, a, b, k: int):
    """E[X^k] for X ~ normal(a, sd b) or uniform(a, b), exactly."""
    if kind == "uniform":
        return (b ** (k + 1) - a ** (k + 1)) / ((k + 1) * (b - a))
    # normal: sum over even j of C(k, j) a^(k-j) b^j (j-1)!!
    return sp.Add(*[sp.binomial(k, j) * a ** (k - j) * b**j * sp.factorial2(j - 1) for j in range(0, k + 1, 2)])


def expected(claim, g_text: str, ev, env: dict, inst):
    """(value, "exact") or ((estimate, stderr), "monte-carlo"), or (None, why)."""
    laws = {}
    for name, spec in claim.under.items():
        head, _, rest = spec.strip().partition("(")
        if head not in ("normal", "uniform") or not rest.endswith(")"):
            return None, f"unknown distribution {spec!r} (use normal(mean, sd) or uniform(lo, hi))"
        args = [ev(a) for a in rest[:-1].split(",")]
        if len(args) != 2:
            return None, f"{spec!r} takes two arguments"
        laws[name] = (head, *args)
    rvs = {name: sp.Symbol(f"__rv_{name}") for name in laws}
    saved = {name: env.get(name) for name in rvs}
    env.update(rvs)
    try:
        g = ev(g_text)
    finally:
        for name, old in saved.items():
            if old is None:
                env.pop(name, None)
            else:
                env[name] = old
    symbols = [rvs[n] for n in laws]
    if not g.is_polynomial(*symbols):  # log, abs or a quotient of the variables: expanding it only costs
        return _simulate(claim, g_text, laws, inst)
    try:
        poly = sp.Poly(sp.expand(g), *symbols)
    except sp.PolynomialError:
        return _simulate(claim, g_text, laws, inst)
    if any(not c.is_number for c in poly.coeffs()):
        return _simulate(claim, g_text, laws, inst)

    def mean(p: sp.Poly):
        total = 0
        for powers, coeff in p.terms():
            term = coeff
            for law, k in zip(laws.values(), powers, strict=True):
                term *= _moment(law[0], law[1], law[2], k)
            total += term
        # no simplify: the value is only compared numerically (at 30 digits, adaptively), and
        # simplify of a sum with logs took 30 ms a claim
        return sp.nsimplify(total) if total.is_Float else total

    m = mean(poly)
    if claim.operator == "expectation":
        return m, "exact"
    return mean(poly**2) - m**2, "exact"


def _simulate(claim, g_text: str, laws: dict, inst):
    """The Monte-Carlo estimate and its standard error. One sample of g serves every claim on it
    (a key, and the solution steps on E[g] and Var(g)): the draw is the instance's own, seeded."""
    key = (g_text, tuple((name, kind, str(a), str(b)) for name, (kind, a, b) in laws.items()))
    stats = inst.simulations.get(key)
    if stats is None:
        stats = inst.simulations[key] = _statistics(g_text, laws, inst)
    if isinstance(stats, str):
        return None, stats
    return stats[claim.operator], "monte-carlo"


def _statistics(g_text: str, laws: dict, inst) -> dict | str:
    rng = np.random.default_rng(inst.seed)
    params = {k: float(v) for k, v in inst.values.items() if isinstance(v, sp.Basic) and v.is_number}
    env: dict = dict(params)
    try:
        for name, (kind, a, b) in laws.items():
            lo, hi = float(a), float(b)
            env[name] = rng.normal(lo, hi, MC_SAMPLES) if kind == "normal" else rng.uniform(lo, hi, MC_SAMPLES)
        sample = np.asarray(vectorized(parse_cached(g_text, Scope(variables=dict.fromkeys(env), free=False)), env),
                            dtype=float)
    except (CheckError, TypeError, ValueError, KeyError) as exc:
        return f"cannot simulate: {exc}"
    sample = np.broadcast_to(sample, (MC_SAMPLES,))  # a g that reads no random variable is a constant
    n = sample.size
    mean = float(sample.mean())
    squares = np.square(sample - mean)
    var = float(squares.sum()) / (n - 1)
    fourth = float(np.square(squares).mean())
    return {"expectation": (mean, float(np.sqrt(var / n))),
            "variance": (var, float(np.sqrt(max(fourth - var**2, 0.0) / n)))}
