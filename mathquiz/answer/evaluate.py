"""Numeric evaluation of expression trees at high precision (mpmath), under a deadline.

Scalars are mpmath numbers; matrices are numpy object arrays of them. The evaluator is ours, so
it checks the deadline at every node and can stop any computation: that is the time box.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from fractions import Fraction

import mpmath
import numpy as np

from mathquiz.answer.expr import BinOp, Call, Const, Mat, Name, Neg, Node, Num, Transpose

PRECISION = 40  # decimal digits
MAX_DIGITS = 1000  # |value| < 10^1000: past that a value is too large to work with (sin of it would
# need thousands of digits of pi; 2.5^1000, the largest power the parser allows on the default
# domain, is about 10^398)
_MAX_MAG = int(MAX_DIGITS * 3.33)  # in bits
_HEAVY = 1000  # multiply-adds from which a step is timed, to learn how fast this machine is


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
                start = time.perf_counter()
                m.dot(m)
                cls.per_mac = (time.perf_counter() - start) / 12**3
        return cls.per_mac

    @classmethod
    def learn(cls, seconds: float, work: float) -> None:
        cls.per_mac = seconds / work


class Undefined(Exception):
    """The expression has no finite value at this point (division by zero, log of 0, …)."""


class OutOfTime(Exception):
    """The deadline passed while evaluating."""


class Identity:
    """k·I: the identity matrix `I` (times a scalar), sized by whatever matrix it meets."""

    def __init__(self, k=1):
        self.k = k


def to_mp(value):
    """Numbers, Fractions, nested lists and arrays -> mpmath values or object arrays of them."""
    if isinstance(value, Identity):
        return value
    if isinstance(value, np.ndarray) or isinstance(value, list | tuple):
        arr = np.array(value, dtype=object)
        if arr.ndim == 1:
            arr = arr.reshape(-1, 1)
        out = np.empty(arr.shape, dtype=object)
        for idx, v in np.ndenumerate(arr):
            out[idx] = to_mp(v)
        return out
    if isinstance(value, Fraction):
        return mpmath.mpf(value.numerator) / value.denominator
    if isinstance(value, mpmath.mpf | mpmath.mpc):
        return value
    if isinstance(value, complex):
        return mpmath.mpc(value)
    return mpmath.mpf(value)


def _matrix(value) -> np.ndarray:
    return value if isinstance(value, np.ndarray) else np.array([[value]], dtype=object)


def _eye(n: int) -> np.ndarray:
    out = np.empty((n, n), dtype=object)
    for i in range(n):
        for j in range(n):
            out[i, j] = mpmath.mpf(int(i == j))
    return out


def _to_mpmatrix(a: np.ndarray):
    return mpmath.matrix(a.tolist())


def _from_mpmatrix(m) -> np.ndarray:
    out = np.empty((m.rows, m.cols), dtype=object)
    for i in range(m.rows):
        for j in range(m.cols):
            out[i, j] = m[i, j]
    return out


def _check(value):
    """Reject infinities and NaNs, and unwrap 1×1 matrices to scalars."""
    if isinstance(value, np.ndarray):
        if value.shape == (1, 1):
            return _check(value[0, 0])
        for v in value.flat:
            _check(v)
        return value
    if isinstance(value, Identity):
        return value.k
    if mpmath.isinf(value) or mpmath.isnan(value):
        raise Undefined("not finite")
    if value and mpmath.mag(value) > _MAX_MAG:
        raise Undefined("too large")
    return value


def _guard(value):
    """Every intermediate value: 1×1 matrices are scalars, and no value is astronomically large."""
    if isinstance(value, Identity):
        _check(value.k)
        return value
    return _check(value)


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


class Evaluator:
    """Evaluates trees with the given variable values; `deadline` is a time.monotonic() value."""

    def __init__(self, env: Mapping[str, object], deadline: float | None = None, real: bool = False):
        self.env = {k: to_mp(v) for k, v in env.items()}
        self.deadline = deadline
        self.real = real  # as a real function: a point where any part is not real is undefined
        self._heavy: tuple[float, float] | None = None  # (start, work) of the last heavy step

    def __call__(self, node: Node):
        with mpmath.workdps(PRECISION):
            try:
                return _check(self.ev(node))
            except (ZeroDivisionError, ValueError, OverflowError, ArithmeticError) as exc:
                raise Undefined(str(exc)) from None
            finally:
                if self._heavy is not None:  # the last heavy step, timed too
                    _Speed.learn(time.monotonic() - self._heavy[0], self._heavy[1])
                    self._heavy = None

    def tick(self, work: float = 0) -> None:
        """Stop once the deadline has passed, or when `work` multiply-adds would run past it.

        Every heavy step is timed (from this tick to the next) to keep the speed measured."""
        now = time.monotonic()
        if self._heavy is not None:
            _Speed.learn(now - self._heavy[0], self._heavy[1])
            self._heavy = None
        if self.deadline is None:
            return
        if now > self.deadline or work and now + work * _Speed.get() > self.deadline:
            raise OutOfTime
        if work >= _HEAVY:
            self._heavy = (now, work)

    def ev(self, n: Node):
        value = _guard(self._ev(n))
        if self.real:
            if isinstance(value, mpmath.mpc):
                return _as_real(value)
            if isinstance(n, Call) and isinstance(value, np.ndarray):
                return np.vectorize(_as_real, otypes=[object])(value)
        return value

    def _ev(self, n: Node):
        self.tick()
        if isinstance(n, Num):
            return mpmath.mpf(n.value.numerator) / n.value.denominator
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
                    out[i, j] = _check(self.ev(x))
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
                return np.vectorize(lambda v: self.tick() or _check(f(v)), otypes=[object])(a)
            if fn == "log" and a == 0:
                raise ZeroDivisionError
            return f(a)
        if fn == "transpose":
            return a.T if isinstance(a, np.ndarray) else a
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
            ex = np.vectorize(lambda v: mpmath.exp(v - peak), otypes=[object])(m)
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
        if fn == "trace":
            m = _matrix(a)
            return sum(m[i, i] for i in range(m.shape[0]))
        if fn == "det":
            self.tick(_matrix(a).shape[0] ** 3)
            return mpmath.det(_to_mpmatrix(_matrix(a)))
        if fn == "inv":
            if not isinstance(a, np.ndarray):
                return 1 / a
            self.tick(4 * a.shape[0] ** 3)
            return _inverse(a)
        raise Undefined(f"{fn} is not available here")


def _identity_binop(op: str, a, b, binop):
    """Arithmetic with k·I: stays lazy against scalars and itself, takes the size of a matrix."""
    if isinstance(a, Identity) and isinstance(b, Identity):
        if op in "+-":
            return Identity(a.k + b.k if op == "+" else a.k - b.k)
        return Identity(a.k * b.k) if op == "*" else Identity(a.k / b.k)
    if isinstance(a, np.ndarray):
        return binop(op, a, _eye(a.shape[0] if op in "+-" else a.shape[1]) * b.k)
    if isinstance(b, np.ndarray):
        return binop(op, _eye(b.shape[0]) * a.k, b)
    if isinstance(a, Identity):  # b is a scalar
        if op == "^":
            return Identity(binop(op, a.k, b))  # (kI)^n = k^n I
        return Identity(a.k * b) if op == "*" else Identity(a.k / b) if op == "/" else binop(op, a.k, b)
    return Identity(a * b.k) if op == "*" else binop(op, a, b.k)


def _inverse(a: np.ndarray) -> np.ndarray:
    if mpmath.fabs(mpmath.det(_to_mpmatrix(a))) < mpmath.mpf(10) ** (-PRECISION // 2):
        raise Undefined("singular matrix")
    return _from_mpmatrix(mpmath.inverse(_to_mpmatrix(a)))


def _matrix_power(a: np.ndarray, k, tick=lambda work=0: None) -> np.ndarray:
    if mpmath.im(k) != 0 or mpmath.re(k) != int(mpmath.re(k)):
        raise Undefined("a matrix power needs a whole number")
    n = int(mpmath.re(k))
    work = a.shape[0] ** 3  # multiply-adds in one product
    if n < 0:
        tick(4 * work)
    base = _inverse(a) if n < 0 else a
    out = _eye(a.shape[0])
    n = abs(n)
    while n:  # by repeated squaring, checking the deadline before each product
        if n & 1:
            tick(work)
            out = out.dot(base)
        n >>= 1
        if n:
            tick(work)
            base = base.dot(base)
    return out
