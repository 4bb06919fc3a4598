"""Numeric evaluation of expression trees at high precision (mpmath), under a deadline.

Scalars are mpmath numbers; matrices are numpy object arrays of them (judging/mp_base.py). The
evaluator is ours, so it checks the deadline at every node and can stop any computation: that is
the time box.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from functools import lru_cache

import mpmath
import numpy as np

from mathquiz.expression.expr import ENTRYWISE, BinOp, Call, Const, Mat, Name, Neg, Node, Num, Transpose
from mathquiz.judging.mp_base import (  # noqa: F401  (Identity, PRECISION, to_mp: imported from here too)
    PRECISION,
    Identity,
    OutOfTime,
    Undefined,
    _check,
    _entrywise,
    _eye,
    _guard,
    _identity_binop,
    _index,
    _inverse,
    _matrix,
    _matrix_power,
    determinant,
    to_mp,
)

_HEAVY = 1000  # multiply-adds from which a step is timed, to learn how fast this machine is
_LIGHT = 64  # multiply-adds below which a step cannot run past the deadline by more than a node does
# The time box counts this process's CPU time: on a busy machine (a CI run, validate's workers)
# a comparison gets the same work done before it is called undecided as on an idle one.
clock = time.process_time


class _Speed:
    """Seconds per multiply-add of 40-digit numbers on this machine, measured, never assumed: a
    small product times it at first use, then every heavy step re-measures it (a guess was 3×
    low on a busy 2-core machine, so a time box of 2 s ran to 3.3 s)."""

    per_mac: float | None = None

    @classmethod
    def get(cls) -> float:
        if cls.per_mac is None:
            with mpmath.workdps(PRECISION):
                m = np.array([[mpmath.mpf(k + 1) / 7 for k in range(12)]] * 12, dtype=object)
                start = clock()
                m.dot(m)
                cls.per_mac = (clock() - start) / 12**3
        return cls.per_mac

    @classmethod
    def learn(cls, seconds: float, work: float) -> None:
        cls.per_mac = seconds / work


def _sigma(x):
    return 1 / (1 + mpmath.exp(-x))


def _real_part(x, fn: str):
    if isinstance(x, mpmath.mpc):
        if x.imag:
            raise Undefined(f"{fn} of a complex number")
        return x.real
    return x


def _relu(x):
    x = _real_part(x, "relu")
    return x if x > 0 else mpmath.mpf(0)


def _step(x):
    """The derivative of relu: 1 for x > 0, 0 otherwise (0 at x = 0, as deep-learning libraries use)."""
    return mpmath.mpf(1) if _real_part(x, "step") > 0 else mpmath.mpf(0)


_SCALAR_FUNCS = {
    "exp": mpmath.exp, "log": mpmath.log, "sqrt": mpmath.sqrt, "abs": abs,
    "sin": mpmath.sin, "cos": mpmath.cos, "tan": mpmath.tan,
    "sinh": mpmath.sinh, "cosh": mpmath.cosh, "tanh": mpmath.tanh, "sech": mpmath.sech,
    "asin": mpmath.asin, "acos": mpmath.acos, "atan": mpmath.atan, "sigma": _sigma,
    "sec": mpmath.sec, "csc": mpmath.csc, "cot": mpmath.cot, "csch": mpmath.csch, "coth": mpmath.coth,
    "asinh": mpmath.asinh, "acosh": mpmath.acosh, "atanh": mpmath.atanh,
    "sign": lambda v: mpmath.sign(_real_part(v, "sign")), "floor": lambda v: mpmath.floor(_real_part(v, "floor")),
    "ceil": lambda v: mpmath.ceil(_real_part(v, "ceil")),
    "relu": _relu, "step": _step,
}  # fmt: skip


def _as_real(v):
    """A value of a real function: complex values (√ of a negative, log of one) are undefined."""
    if not isinstance(v, mpmath.mpc):
        return v
    if abs(mpmath.im(v)) > mpmath.mpf(10) ** -25 * (1 + abs(v)):
        raise Undefined("not real")
    return mpmath.re(v)


def _extreme(fn: str, args: list):
    """max/min of several scalars, or of the entries of one vector; only of real numbers."""
    items = [_real_part(x, fn) for a in args for x in (a.flat if isinstance(a, np.ndarray) else [a])]
    return max(items) if fn == "max" else min(items)


@lru_cache(maxsize=4096)
def _number(value, prec: int):
    """A number of a tree at a working precision, made once: a key's numbers are met at every
    test point of every comparison."""
    return mpmath.mpf(value.numerator) / value.denominator


class Evaluator:
    """Evaluates trees with the given variable values; `deadline` is a `clock()` value."""

    def __init__(self, env: Mapping[str, object], deadline: float | None = None, real: bool = False):
        self.env = {k: to_mp(v) for k, v in env.items()}
        self.deadline = deadline
        self.real = real  # as a real function: a point where any part is not real is undefined
        self._heavy: tuple[float, float] | None = None  # (start, work) of the last heavy step
        # the clock (a system call, about 1 µs) is first read at the 64th node: most trees are
        # smaller, and a step that can be slow (a large power, a matrix product) reads it at once
        self._ticks = 0

    def __call__(self, node: Node):
        with mpmath.workdps(PRECISION):
            try:
                return _check(self.ev(node))
            except (ZeroDivisionError, ValueError, OverflowError, ArithmeticError) as exc:
                raise Undefined(str(exc)) from None
            finally:
                if self._heavy is not None:  # the last heavy step, timed too
                    _Speed.learn(clock() - self._heavy[0], self._heavy[1])
                    self._heavy = None

    def tick(self, work: float = 0) -> None:
        """Stop once the deadline has passed, or when `work` multiply-adds would run past it.

        Every heavy step is timed (from this tick to the next) to keep the speed measured. Between
        plain ticks lies one scalar operation: the clock (a system call) is read at every 64th."""
        if work < _LIGHT and self._heavy is None:  # a small product (a 3×3 by a 3×1) is one plain tick
            self._ticks += 1
            if self._ticks & 63:  # 1, …, 63 after the last read
                return
        self._read_clock(work)

    def _read_clock(self, work: float = 0) -> None:
        now = clock()
        if self._heavy is not None:
            _Speed.learn(now - self._heavy[0], self._heavy[1])
            self._heavy = None
        if self.deadline is None:
            return
        if now >= self.deadline or work and now + work * _Speed.get() > self.deadline:
            raise OutOfTime
        if work >= _HEAVY:
            self._heavy = (now, work)

    def ev(self, n: Node):
        value = _guard(self._ev(n))
        if self.real:
            if isinstance(value, mpmath.mpc):
                return _as_real(value)
            if isinstance(n, Call) and isinstance(value, np.ndarray):
                return _entrywise(_as_real, value)
        return value

    def _ev(self, n: Node):
        self._ticks += 1  # tick(), inlined: it runs for every node
        if not self._ticks & 63 or self._heavy is not None:
            self._read_clock()
        if isinstance(n, Num):
            return _number(n.value, mpmath.mp.prec)
        if isinstance(n, Name):
            try:
                return self.env[n.name]
            except KeyError:
                raise Undefined(f"no value for {n.name}") from None
        if isinstance(n, Const):
            return {"e": mpmath.e, "pi": mpmath.pi}.get(n.name) or Identity()
        if isinstance(n, Neg):
            v = self.ev(n.arg)
            return Identity(-v.k) if isinstance(v, Identity) else -v
        if isinstance(n, Transpose):
            v = self.ev(n.arg)
            return v.T if isinstance(v, np.ndarray) else v
        if isinstance(n, Mat):
            out = np.empty(n.shape, dtype=object)
            for i, row in enumerate(n.rows):
                for j, x in enumerate(row):
                    out[i, j] = self.ev(x)  # checked by ev
            return out
        if isinstance(n, BinOp):
            return self.binop(n.op, self.ev(n.left), self.ev(n.right))
        if isinstance(n, Call):
            return self.call(n.fn, [self.ev(a) for a in n.args])
        raise TypeError(f"unknown node {n!r}")

    def binop(self, op: str, a, b):
        if isinstance(a, Identity) or isinstance(b, Identity):
            return _identity_binop(op, a, b, self.binop)
        if isinstance(b, np.ndarray) and not isinstance(a, np.ndarray) and op in "+-*":
            # scalar ∘ array: let the array's operator run, since mpmath's would first fail on the array
            # and build its repr for the error message (most of the time of a matrix comparison)
            return b + a if op == "+" else (-b) + a if op == "-" else b * a
        if op == "+":
            return a + b
        if op == "-":
            return a - b
        if op == "*":
            if isinstance(a, np.ndarray) and isinstance(b, np.ndarray):
                if a.shape[1] != b.shape[0]:
                    raise Undefined("shapes do not fit")
                self.tick(a.shape[0] * a.shape[1] * b.shape[1])  # a product is one uninterruptible step
                return _check(a.dot(b))
            return a * b
        if op == "/":
            if isinstance(b, np.ndarray):
                raise Undefined("division by a matrix")
            if b == 0:
                raise ZeroDivisionError
            return a / b
        if op == "^":
            if isinstance(a, np.ndarray):
                return _matrix_power(a, b, self.tick)
            if a == 0 and mpmath.re(b) < 0:
                raise ZeroDivisionError
            return mpmath.power(a, b)
        raise TypeError(op)

    def call(self, fn: str, args: list):
        a = args[0]
        if isinstance(a, Identity):  # k·I: only what does not depend on its size
            if fn == "transpose":
                return a
            if fn == "inv":
                return Identity(1 / a.k)
            if fn == "det" and a.k == 1:
                return mpmath.mpf(1)
            raise Undefined(f"{fn} of I needs its size")
        if fn in _SCALAR_FUNCS:
            f = _SCALAR_FUNCS[fn]
            if isinstance(a, np.ndarray):
                return _entrywise(lambda v: self.tick() or _check(f(v)), a)
            if fn == "log" and a == 0:
                raise ZeroDivisionError
            return f(a)
        if fn == "transpose":
            return a.T if isinstance(a, np.ndarray) else a
        if fn in ENTRYWISE:
            return self.entrywise(ENTRYWISE[fn], args)
        if fn in ("max", "min"):
            return _extreme(fn, args)
        if fn == "atan2":
            return mpmath.atan2(_real_part(a, "atan2"), _real_part(args[1], "atan2"))
        if fn == "hadamard":
            b = args[1]
            if getattr(a, "shape", None) != getattr(b, "shape", None):  # a scalar has no shape
                raise Undefined("the entrywise product needs equal sizes")
            return a * b  # numpy's * is entry by entry
        if fn in ("sum", "mean"):
            m = _matrix(a)
            total = sum(m.flat)
            return total if fn == "sum" else total / m.size
        if fn == "softmax":
            m = _matrix(a)
            peak = max((mpmath.re(v) for v in m.flat), default=0)
            ex = _entrywise(lambda v: mpmath.exp(v - peak), m)
            return ex / sum(ex.flat)
        if fn == "norm":
            return mpmath.sqrt(sum(abs(v) ** 2 for v in _matrix(a).flat))
        if fn == "diag":
            m = _matrix(a)
            if min(m.shape) == 1:
                vals = list(m.flat)
                out = _eye(len(vals)) * 0
                for i, v in enumerate(vals):
                    out[i, i] = v
                return out
            return np.array([[m[i, i]] for i in range(m.shape[0])], dtype=object)
        if fn == "entry":  # author functions (problem files only): what claims about entries need
            m, i = _matrix(a), _index(args[1])
            j = _index(args[2]) if len(args) > 2 else 0
            if not (0 <= i < m.shape[0] and 0 <= j < m.shape[1]):
                raise Undefined("no such entry")
            return m[i, j]
        if fn in ("dot", "outer"):
            u, v = _matrix(a).reshape(-1, 1), _matrix(args[1]).reshape(-1, 1)
            if fn == "outer":
                return u.dot(v.T)
            if u.shape != v.shape:
                raise Undefined("dot needs vectors of one length")
            return sum(x * y for x, y in zip(u.flat, v.flat, strict=True))
        if fn == "trace":
            m = _matrix(a)
            return sum(m[i, i] for i in range(m.shape[0]))
        if fn == "det":
            self.tick(_matrix(a).shape[0] ** 3)
            try:
                return determinant(_matrix(a))
            except (TypeError, ZeroDivisionError):  # mpmath's LU fails so on some exactly singular matrices
                return mpmath.mpf(0)
        if fn == "inv":
            if not isinstance(a, np.ndarray):
                return 1 / a
            self.tick(4 * a.shape[0] ** 3)
            return _inverse(a)
        raise Undefined(f"{fn} is not available here")

    def entrywise(self, op: str, args: list):
        """max(0, v), 1/v, v² of a problem that reads them entry by entry: the scalar operation at
        each entry, a number standing for every entry."""
        shape = next(a.shape for a in args if isinstance(a, np.ndarray))
        if any(isinstance(a, np.ndarray) and a.shape != shape or isinstance(a, Identity) for a in args):
            raise Undefined("entry by entry needs arrays of one shape")
        out = np.empty(shape, dtype=object)
        for idx in np.ndindex(shape):
            self.tick()
            at = [a[idx] if isinstance(a, np.ndarray) else a for a in args]
            out[idx] = _check(_extreme(op, at) if op in ("max", "min") else self.binop(op, *at))
        return out
