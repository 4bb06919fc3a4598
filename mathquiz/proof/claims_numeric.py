"""The fast check of a calculus claim: central differences at 40 digits, with our own evaluator.

Used where a claim is re-checked many times (validate's deep seeds, the worked solution shown to a
student). It only ever confirms: when it cannot decide (a function it cannot evaluate, a point
where nothing is defined, an odd `wrt`) or the claim looks false, it answers None and the exact
SymPy check of claims.py decides and words the failure. At 40 digits a central difference with
h = 1e-12 is exact to about 20 digits, far inside the claim tolerance of 1e-8.
"""

from __future__ import annotations

import mpmath
import numpy as np

from mathquiz.expression.expr import Call, Const, Name, Node, walk
from mathquiz.expression.limits import ParseError
from mathquiz.judging.evaluate import PRECISION, Evaluator, OutOfTime, Undefined, clock, to_mp
from mathquiz.judging.mp_base import _eye
from mathquiz.judging.symbolic import SymbolicError
from mathquiz.problem.degeneracy import substitute
from mathquiz.problem.format import Claim
from mathquiz.problem.instances import Instance, _domain
from mathquiz.problem.static_checks import claim_scope, parse_cached

OPERATORS = ("derivative", "gradient", "jacobian", "hessian", "divergence", "equals")
TRIES = 12  # random points tried to find POINTS where everything is defined
SECONDS = 2.0  # for one claim at one combination: past it, the exact check decides
_H = 1e-12


class _Unsure(Exception):
    """The numeric check cannot decide: the exact check will."""


def holds(inst: Instance, claim: Claim, target, combo: dict[str, int], rng: np.random.Generator,
          points: int, rtol: float) -> bool:
    """True when the claim holds at `points` random points; False means only "not confirmed"."""
    if claim.operator not in OPERATORS or claim.under:
        return False
    try:
        with mpmath.workdps(PRECISION):
            return _Check(inst, claim, combo, clock() + SECONDS).holds(target, rng, points, rtol)
    except (_Unsure, Undefined, OutOfTime, ParseError, SymbolicError, ValueError, TypeError, ArithmeticError,
            IndexError, KeyError, AttributeError, RecursionError):
        return False


class _Check:
    def __init__(self, inst: Instance, claim: Claim, combo: dict[str, int], deadline: float):
        self.inst, self.claim, self.deadline = inst, claim, deadline
        self.scope = claim_scope(inst.problem, claim)
        self.combo = {k: mpmath.mpf(v) for k, v in combo.items()}
        self.drawn = _drawn(inst)
        # drawn values that mention a symbol, and `let` expressions, go in as trees: a derivative
        # must see them move with the variables (a let frozen at a number would have none)
        self.trees = {k: v for k, v in self.drawn.items() if isinstance(v, Node)}
        for name, spec in claim.let.items():
            if not isinstance(spec, dict):
                self.trees[name] = self.tree(spec)

    def tree(self, text) -> Node:
        if isinstance(text, bool):
            raise _Unsure
        return substitute(parse_cached(str(text), self.scope), self.trees)

    def value(self, node: Node, env: dict):
        return Evaluator(env, self.deadline)(node)

    def environment(self, rng: np.random.Generator) -> dict:
        """Drawn values, index values, random symbols (a symmetric matrix stays symmetric), lets."""
        inst, claim = self.inst, self.claim
        env = {k: v for k, v in self.drawn.items() if not isinstance(v, Node)}
        env.update(self.combo)
        self.symmetric = set()
        for name, spec in inst.problem.symbols.items():
            dom = _domain(spec.domain)
            shape = inst.shapes.get(name)
            if not shape or shape == (1, 1):
                env[name] = mpmath.mpf(rng.uniform(dom.lo, dom.hi))
                continue
            m = rng.uniform(dom.lo, dom.hi, size=shape)
            if spec.symmetric or claim.assume.get(name) == "symmetric":
                if shape[0] != shape[1]:
                    raise _Unsure
                m = np.triu(m) + np.triu(m, 1).T
                self.symmetric.add(name)
            env[name] = to_mp(m)
        for name, spec in claim.let.items():
            if isinstance(spec, dict):  # a vector or matrix variable of the claim's own
                kind, size = next(iter(spec.items()))
                rows, cols = (_size(size, env), 1) if kind == "vector" else (_size(size[0], env), _size(size[1], env))
                env[name] = to_mp(rng.uniform(-2.5, 2.5, size=(rows, cols)))
        return env

    def slots(self, env: dict) -> list[tuple]:
        """The variables of `wrt`, each as (name, entry or None), in SymPy's order (row by row)."""
        out = []
        for text in _wrt(self.claim):
            node = self.tree(text)
            if isinstance(node, Name) and node.name in env:
                v = env[node.name]
                entries = list(np.ndindex(v.shape)) if isinstance(v, np.ndarray) else [None]
                out += [(node.name, ij) for ij in entries]
            elif isinstance(node, Call) and node.fn == "entry" and isinstance(node.args[0], Name):
                i = int(self.value(node.args[1], env)) - 1
                j = int(self.value(node.args[2], env)) - 1 if len(node.args) > 2 else 0
                out.append((node.args[0].name, (i, j)))
            else:
                raise _Unsure
        return out

    def moved(self, env: dict, slot: tuple, step) -> dict:
        name, ij = slot
        out = dict(env)
        if ij is None:
            out[name] = env[name] + step
            return out
        m = env[name].copy()
        m[ij] += step
        if name in self.symmetric and ij[0] != ij[1]:  # one symbol for both entries, as SymPy sees it
            m[ij[1], ij[0]] += step
        out[name] = m
        return out

    def partial(self, f: Node, env: dict, slot: tuple):
        h = mpmath.mpf(_H)
        return (self.value(f, self.moved(env, slot, h)) - self.value(f, self.moved(env, slot, -h))) / (2 * h)

    def second(self, f: Node, env: dict, a: tuple, b: tuple):
        h = mpmath.mpf(_H) * 1000  # second differences lose twice the digits: a wider step
        value = 0
        for sa, sb, sign in ((h, h, 1), (h, -h, -1), (-h, h, -1), (-h, -h, 1)):
            value += sign * self.value(f, self.moved(self.moved(env, a, sa), b, sb))
        return value / (4 * h * h)

    def result(self, env: dict):
        """The operator applied to the claim's expression, at the environment (after `at`)."""
        claim, op = self.claim, self.claim.operator
        f = self.tree(getattr(claim, op))
        if op == "equals":
            return self.value(f, env)
        slots = self.slots(env)
        if op == "gradient" and len(_wrt(claim)) == 1 and isinstance(env.get(slots[0][0]), np.ndarray) \
                and env[slots[0][0]].shape[1] > 1 and all(s[0] == slots[0][0] for s in slots):
            shape = env[slots[0][0]].shape  # the gradient by a matrix has the matrix's shape
            return _column([_scalar(self.partial(f, env, s)) for s in slots]).reshape(shape)
        if op == "derivative" and len(slots) == 1:
            return self.partial(f, env, slots[0])
        if op in ("derivative", "gradient"):
            return _column([_scalar(self.partial(f, env, s)) for s in slots])
        if op == "hessian":
            n = len(slots)
            out = np.empty((n, n), dtype=object)
            for i in range(n):
                for j in range(n):
                    out[i, j] = _scalar(self.second(f, env, slots[i], slots[j]))
            return out
        columns = [_flat(self.partial(f, env, s)) for s in slots]
        if op == "jacobian":
            return np.array([list(row) for row in zip(*columns, strict=True)], dtype=object)
        if any(len(c) != len(slots) for c in columns):  # divergence: as many components as variables
            raise _Unsure
        return sum(c[k] for k, c in enumerate(columns))

    def holds(self, target, rng: np.random.Generator, points: int, rtol: float) -> bool:
        target_tree = self.tree(target)
        identity = any(isinstance(n, Const) and n.name == "I" for n in walk(target_tree))
        done = 0
        for _ in range(TRIES):
            if clock() >= self.deadline:  # once a point: an evaluator reads the clock only from its 16th node
                raise OutOfTime
            try:
                env = self.environment(rng)
                claimed = self.value(target_tree, env)
                at = dict(env)
                for name, point in self.claim.at.items():
                    at[name] = self.value(self.tree(point), env)
                value = self.result(at)
            except Undefined:
                continue  # a point where something is not defined: another point
            if identity and isinstance(value, np.ndarray) and not isinstance(claimed, np.ndarray) \
                    and value.shape[0] == value.shape[1]:
                claimed = _eye(value.shape[0]) * claimed  # c·I met no sized matrix: it is that square's
            if not _close(value, claimed, rtol):
                return False
            done += 1
            if done >= points:
                return True
        return False


def _wrt(claim: Claim) -> list:
    return claim.wrt if isinstance(claim.wrt, list) else [claim.wrt]


def _drawn(inst: Instance) -> dict:
    """The drawn values at 40 digits (a value that mentions a symbol stays a tree); once per instance."""
    if inst.numeric_values is not None:
        return inst.numeric_values
    out: dict = {}
    trees = inst.trees()
    with mpmath.workdps(PRECISION):
        for name in inst.values:
            try:
                out[name] = Evaluator({})(trees[name])
            except Undefined:
                out[name] = trees[name]
            except (SymbolicError, OutOfTime, TypeError, ValueError, ArithmeticError, RecursionError):
                out[name] = trees[name]
    inst.numeric_values = out
    return out


def _size(size, env) -> int:
    return int(env[size]) if isinstance(size, str) else int(size)


def _scalar(v):
    if isinstance(v, np.ndarray):
        raise _Unsure  # a gradient or Hessian is of a scalar: the exact check says so
    return v


def _one_by_one(v):
    """A 1×1 result is its entry, as the exact check reads it (the Hessian by one variable)."""
    return v[0, 0] if isinstance(v, np.ndarray) and v.shape == (1, 1) else v


def _flat(v) -> list:
    return list(v.flat) if isinstance(v, np.ndarray) else [v]


def _column(items: list) -> np.ndarray:
    out = np.empty((len(items), 1), dtype=object)
    for k, v in enumerate(items):
        out[k, 0] = v
    return out


def _close(value, claimed, rtol: float) -> bool:
    value, claimed = _one_by_one(value), _one_by_one(claimed)
    if isinstance(value, np.ndarray) != isinstance(claimed, np.ndarray):
        return False
    if isinstance(value, np.ndarray):
        if value.shape != claimed.shape:
            return False
        return all(abs(a - b) <= rtol * (1 + abs(a)) for a, b in zip(value.flat, claimed.flat, strict=True))
    return abs(value - claimed) <= rtol * (1 + abs(value))
