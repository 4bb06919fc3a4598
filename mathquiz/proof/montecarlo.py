"""Seeded Monte-Carlo checks: a simulation shown beside an exact probability answer."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mathquiz.expression.expr import BinOp, Call, Const, Name, Neg, Node, Num, walk
from mathquiz.expression.limits import ParseError
from mathquiz.expression.scope import Scope
from mathquiz.problem.static_checks import parse_cached

# the entrywise builtins, as the exact evaluator defines them (step is 0 at 0, as relu′ in libraries)
_FUNCS = {"exp": np.exp, "log": np.log, "sqrt": np.sqrt, "abs": np.abs, "sin": np.sin, "cos": np.cos,
          "tan": np.tan, "sinh": np.sinh, "cosh": np.cosh, "tanh": np.tanh, "atan": np.arctan,
          "sigma": lambda v: 1 / (1 + np.exp(-v)), "sign": np.sign, "floor": np.floor, "ceil": np.ceil,
          "relu": lambda v: np.maximum(v, 0.0), "step": lambda v: np.where(v > 0, 1.0, 0.0)}  # fmt: skip
_FOLDS = {"max": np.maximum, "min": np.minimum}  # max(a, b, …) of scalars: entry by entry


MAX_VALUES = 4_000_000  # samples × variables of one check: 32 MB of floats, well under a second


class CheckError(Exception):
    """A Monte-Carlo check that cannot run (unknown distribution, non-numeric parameter)."""


@dataclass(frozen=True)
class Outcome:
    """The estimate, the exact value and whether they agree within the tolerance."""

    statistic: str
    of: str
    estimate: float
    exact: float
    samples: int
    rtol: float

    stderr: float = 0.0  # standard error of the estimate

    @property
    def ok(self) -> bool:
        # relative to the exact value, or within 4 standard errors (which also serves exact zeros)
        gap = abs(self.estimate - self.exact)
        return gap <= self.rtol * abs(self.exact) or gap <= 4 * self.stderr


_REPEATS_KEPT = 16  # arrays of repeated subtrees kept at once: memory stays a few samples' worth


CHUNK = 8192  # samples evaluated at once: each intermediate array (64 KB) stays in the cache, and
# is reused by the allocator instead of mapped afresh (200,000-sample arrays page-faulted 430,000
# times in a validation of the bank)


def vectorized(node: Node, env: dict):
    """Evaluate a scalar tree on arrays of samples (float64), a chunk of the samples at a time; a
    repeated subtree (the U − c of (U − c)/|U − c|) is computed once."""
    seen: dict[Node, int] = {}
    for n in walk(node):
        if not isinstance(n, Num | Name | Const):
            seen[n] = seen.get(n, 0) + 1
    repeated = [n for n, k in seen.items() if k > 1][:_REPEATS_KEPT]
    sizes = {v.shape[0] for v in env.values() if isinstance(v, np.ndarray) and v.ndim == 1}
    if len(sizes) != 1 or next(iter(sizes)) <= CHUNK:
        return _vectorized(node, env, dict.fromkeys(repeated))
    n = sizes.pop()
    out = None
    for start in range(0, n, CHUNK):
        part = {k: v[start : start + CHUNK] if isinstance(v, np.ndarray) and v.ndim == 1 else v
                for k, v in env.items()}
        value = _vectorized(node, part, dict.fromkeys(repeated))
        if out is None:
            if np.ndim(value) == 0:
                return value  # g reads no sample: a number, as without chunks
            out = np.empty(n, dtype=np.result_type(value))
        out[start : start + CHUNK] = value
    return out


def _vectorized(node: Node, env: dict, done: dict):
    hit = done.get(node)
    if hit is not None:
        return hit
    if isinstance(node, Num):
        return float(node.value)
    if isinstance(node, Const) and node.name in ("e", "pi"):
        return float(np.e if node.name == "e" else np.pi)
    if isinstance(node, Name):
        return env[node.name]
    if isinstance(node, Neg):
        value = -_vectorized(node.arg, env, done)
    elif isinstance(node, BinOp):
        a, b = _vectorized(node.left, env, done), _vectorized(node.right, env, done)
        value = {"+": np.add, "-": np.subtract, "*": np.multiply, "/": np.divide, "^": np.power}[node.op](a, b)
    elif isinstance(node, Call) and node.fn in _FUNCS and len(node.args) == 1:
        value = _FUNCS[node.fn](_vectorized(node.args[0], env, done))
    elif isinstance(node, Call) and node.fn in _FOLDS and len(node.args) > 1:
        value = _vectorized(node.args[0], env, done)
        for arg in node.args[1:]:
            value = _FOLDS[node.fn](value, _vectorized(arg, env, done))
    elif isinstance(node, Call):
        supported = ", ".join([*_FUNCS, "max and min of two or more scalars"])
        raise CheckError(f"{node.fn}(…) is not supported in a Monte-Carlo expression (it can use {supported})")
    else:
        raise CheckError(f"{type(node).__name__} is not supported in a Monte-Carlo expression")
    if node in done:
        done[node] = value
    return value


def _distribution(spec: str, params: dict, rng: np.random.Generator, n: int):
    head, _, rest = spec.strip().partition("(")
    if head not in ("normal", "uniform") or not rest.endswith(")"):
        raise CheckError(f"unknown distribution {spec!r} (use normal(mean, sd) or uniform(lo, hi))")
    scope = Scope(variables=dict.fromkeys(params), free=False)
    try:
        args = [float(vectorized(parse_cached(a, scope), params)) for a in rest[:-1].split(",")]
    except (ParseError, KeyError, ValueError) as exc:
        raise CheckError(f"{spec!r}: {exc}") from None
    if len(args) != 2:
        raise CheckError(f"{spec!r} takes two arguments")
    if not all(np.isfinite(args)):
        raise CheckError(f"{spec!r}: the parameters must be finite numbers")
    if head == "normal" and args[1] < 0:
        raise CheckError(f"{spec!r}: the standard deviation must not be negative")
    if head == "uniform" and args[1] < args[0]:
        raise CheckError(f"{spec!r}: the upper end must not be below the lower end")
    return rng.normal(args[0], args[1], n) if head == "normal" else rng.uniform(args[0], args[1], n)


def run(check, values: dict, seed: int) -> Outcome:
    """Simulate `check` (a problems.MonteCarlo) with the drawn parameter values, reproducibly."""
    if check.samples * max(1, len(check.variables)) > MAX_VALUES:
        raise CheckError(f"{check.samples:,} samples of {len(check.variables)} variables is more than "
                         f"{MAX_VALUES:,} values: use fewer samples or variables")
    with np.errstate(all="ignore"):  # log(0), overflow: a nan or inf estimate fails the check itself
        return _run(check, values, seed)


def _run(check, values: dict, seed: int) -> Outcome:
    rng = np.random.default_rng(seed)
    params = {k: float(v) for k, v in values.items() if _is_number(v)}
    env = dict(params)
    for name, spec in check.variables.items():
        env[name] = _distribution(spec, params, rng, check.samples)
    scope = Scope(variables=dict.fromkeys(env), free=False)
    try:
        sample = np.asarray(vectorized(parse_cached(check.of, scope), env), dtype=float)
        known = Scope(variables=dict.fromkeys(params), free=False)
        exact = float(vectorized(parse_cached(check.equals, known), params))
    except (ParseError, KeyError, ValueError, TypeError) as exc:
        raise CheckError(str(getattr(exc, "message", exc))) from None
    n = sample.size
    if check.statistic == "mean":
        estimate, stderr = float(sample.mean()), float(sample.std(ddof=1) / np.sqrt(n))
    else:
        centered = sample - sample.mean()
        estimate = float(sample.var(ddof=1))
        stderr = float(np.sqrt(max(np.mean(centered**4) - estimate**2, 0.0) / n))
    return Outcome(check.statistic, check.of, estimate, exact, check.samples, check.rtol, stderr)


def _is_number(v) -> bool:
    try:
        float(v)
        return True
    except (TypeError, ValueError):
        return False
