"""Expectations and variances of expressions of independent random variables, for claims:
exact for polynomials (the moments of normal and uniform variables), else seeded Monte-Carlo."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sympy as sp

from mathquiz.expression.expr import free_names
from mathquiz.problem.static_checks import claim_scope, parse_cached
from mathquiz.proof.montecarlo import CheckError, vectorized

MC_SAMPLES = 200_000


@dataclass(frozen=True)
class Simulated:
    """A Monte-Carlo estimate with its standard error, and the point it was simulated at: the
    values given to the symbols the expression, its laws and the claimed value leave free."""

    estimate: float
    stderr: float
    point: dict


def _moment(kind: str, a, b, k: int):
    """E[X^k] for X ~ normal(a, sd b) or uniform(a, b), exactly."""
    if kind == "uniform":
        return (b ** (k + 1) - a ** (k + 1)) / ((k + 1) * (b - a))
    # normal: sum over even j of C(k, j) a^(k-j) b^j (j-1)!!
    return sp.Add(*[sp.binomial(k, j) * a ** (k - j) * b**j * sp.factorial2(j - 1) for j in range(0, k + 1, 2)])


def expected(claim, g_text: str, ev, env: dict, inst, domains: dict, claimed=None):
    """(value, "exact") or (Simulated, "monte-carlo"), or (None, why). `domains` are where the free
    symbols may be drawn from when g is simulated, at one point that `claimed` is read at too."""
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
    if isinstance(g, sp.MatrixBase):  # E[(y − Ey)(y − Ey)ᵀ]: a covariance matrix, entry by entry
        if claim.operator != "expectation" or not all(e.is_polynomial(*symbols) for e in g):
            return None, "a matrix's expectation is taken entry by entry, of polynomials in the variables only"
        return g.applyfunc(lambda e: _mean(sp.Poly(sp.expand(e), *symbols), laws)), "exact"
    if not g.is_polynomial(*symbols):  # log, abs or a quotient of the variables: expanding it only costs
        return _simulate(claim, g_text, laws, env, inst, domains, claimed)
    try:
        poly = sp.Poly(sp.expand(g), *symbols)
    except sp.PolynomialError:
        return _simulate(claim, g_text, laws, env, inst, domains, claimed)
    m = _mean(poly, laws)
    if claim.operator == "expectation":
        return m, "exact"
    return _mean(poly**2, laws) - m**2, "exact"


def _mean(p: sp.Poly, laws: dict):
    """E[p] from the exact moments of the independent variables (p's generators, in `laws` order)."""
    total = 0
    for powers, coeff in p.terms():
        term = coeff
        for law, k in zip(laws.values(), powers, strict=True):
            term *= _moment(law[0], law[1], law[2], k)
        total += term
    # no simplify: the value is only compared numerically (at 30 digits, adaptively), and
    # simplify of a sum with logs took 30 ms a claim
    return sp.nsimplify(total) if total.is_Float else total


def _simulate(claim, g_text: str, laws: dict, env: dict, inst, domains: dict, claimed):
    """The Monte-Carlo estimate and its standard error. One sample of g serves every claim on it
    (a key, and the solution steps on E[g] and Var(g)): the draw is the instance's own, seeded.
    The names g reads (drawn values, `let` bindings, index names, symbols) are numbers at one point."""
    tree = parse_cached(g_text, claim_scope(inst.problem, claim))
    read = {name: _scalar(env.get(name)) for name in sorted(free_names(tree) - set(laws))}
    if any(v is None for v in read.values()):
        return None, "cannot simulate: " + ", ".join(n for n, v in read.items() if v is None) + " is not a scalar"
    exprs = [*read.values(), *(x for _, a, b in laws.values() for x in (a, b))]
    if claimed is not None:
        exprs.append(claimed)
    free = sorted(set().union(*(sp.sympify(x).free_symbols for x in exprs)), key=str)
    unknown = [str(s) for s in free if s not in domains]
    if unknown:
        return None, f"the claim leaves {', '.join(unknown)} undetermined"
    rng = np.random.default_rng(inst.seed + 2)  # the seeds' own samples stay as they were
    point = {s: sp.Float(rng.uniform(*domains[s]), 30) for s in free}
    try:
        numbers = {n: float(sp.sympify(v).xreplace(point)) for n, v in read.items()}
        floats = {n: (kind, float(sp.sympify(a).xreplace(point)), float(sp.sympify(b).xreplace(point)))
                  for n, (kind, a, b) in laws.items()}
    except (TypeError, ValueError) as exc:
        return None, f"cannot simulate: {exc}"
    at = ", ".join(f"{k} = {float(x):.4g}" for k, x in point.items())
    for name, (kind, a, b) in floats.items():
        if b < a if kind == "uniform" else b < 0:
            what = "an upper end below its lower end" if kind == "uniform" else "a negative standard deviation"
            where = f" at {at} (give the symbols a domain where it holds)" if at else ""
            return None, f"cannot simulate: {claim.under[name]} has {what}{where}"
    key = (g_text, tuple(floats.items()), tuple(numbers.items()))
    stats = inst.simulations.get(key)
    if stats is None:
        stats = inst.simulations[key] = _statistics(tree, floats, numbers, inst.seed)
    if isinstance(stats, str):
        return None, stats
    return Simulated(*stats[claim.operator], point), "monte-carlo"


def _scalar(value):
    if isinstance(value, sp.MatrixBase):
        return value[0, 0] if value.shape == (1, 1) else None
    return value


def _statistics(tree, laws: dict, numbers: dict, seed: int) -> dict | str:
    """E[g] and Var(g) of the tree by simulation: `laws` are (kind, a, b) of each random variable,
    `numbers` the value of every other name the tree reads."""
    rng = np.random.default_rng(seed)
    env: dict = dict(numbers)
    try:
        with np.errstate(all="ignore"):  # log(0), overflow: a nan or inf estimate fails the claim itself
            for name, (kind, lo, hi) in laws.items():
                env[name] = rng.normal(lo, hi, MC_SAMPLES) if kind == "normal" else rng.uniform(lo, hi, MC_SAMPLES)
            sample = np.asarray(vectorized(tree, env), dtype=float)
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
