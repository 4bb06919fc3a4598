"""Values at 40 digits for the evaluator: conversion, the checks every value passes (finite, not
astronomically large, 1×1 is a scalar), k·I, and the matrix operations the evaluator runs.

Scalars are mpmath numbers; matrices are numpy object arrays of them.
"""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache

import mpmath
import numpy as np
from mpmath.libmp import fzero

PRECISION = 40  # decimal digits
MAX_DIGITS = 1000  # |value| < 10^1000: past that a value is too large to work with (sin of it would
# need thousands of digits of pi; 2.5^1000, the largest power the parser allows on the default
# domain, is about 10^398)
_MAX_MAG = int(MAX_DIGITS * 3.33)  # in bits

class Undefined(Exception):
    """The expression has no finite value at this point (division by zero, log of 0, …)."""


class OutOfTime(Exception):
    """The deadline passed while evaluating."""


class Identity:
    """k·I: the identity matrix `I` (times a scalar), sized by whatever matrix it meets."""

    def __init__(self, k=1):
        self.k = k


_MPF, _MPC = mpmath.mpf, mpmath.mpc
_MP_TYPES = (_MPF, _MPC)


def to_mp(value):
    """Numbers, Fractions, nested lists and arrays -> mpmath values or object arrays of them."""
    if isinstance(value, Identity):
        return value
    if (type(value) is np.ndarray and value.dtype == object and value.ndim == 2
            and all(type(v) in _MP_TYPES for v in value.flat)):
        return value  # converted already (arrays are never changed in place)
    if type(value) is np.ndarray and value.dtype.kind in "fiu" and value.ndim in (1, 2):  # a drawn point
        out = np.empty(value.shape if value.ndim == 2 else (value.size, 1), dtype=object)
        out.reshape(-1)[:] = [_float(v) if type(v) is float or -2**53 < v < 2**53 else _MPF(v)
                              for v in value.ravel().tolist()]  # Python numbers, converted at once
        return out
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
    if type(value) is float or type(value) is int and -2**53 < value < 2**53:
        return _float(value)
    return mpmath.mpf(value)


@lru_cache(maxsize=65536)
def _float(v):
    """mpf(v) of a float or an int below 2⁵³, remembered (test points are drawn to 2 decimals, so a
    few thousand values recur): exact at any working precision (53 bits)."""
    return _MPF(v)


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
    if type(value) is _MPF:  # the usual case, read off the raw (sign, mantissa, exponent, bits) tuple
        raw = value._mpf_
        if raw[1]:
            if raw[2] + raw[3] > _MAX_MAG:  # mpmath.mag, without the call
                raise Undefined("too large")
        elif raw != fzero:  # a zero mantissa is 0, ±inf or nan
            raise Undefined("not finite")
        return value
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



def _index(v) -> int:
    if isinstance(v, np.ndarray) or mpmath.im(v) != 0 or mpmath.re(v) != int(mpmath.re(v)):
        raise Undefined("an index is a whole number")
    return int(mpmath.re(v)) - 1


def _entrywise(f, a: np.ndarray) -> np.ndarray:
    out = np.empty(a.shape, dtype=object)
    flat = out.reshape(-1)  # a view: filling it fills out
    for k, v in enumerate(a.flat):
        flat[k] = f(v)
    return out


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


def determinant(a: np.ndarray):
    """det of a square matrix: by its formula up to 3×3 (the sizes of the bank, several times
    faster than an LU decomposition), else by mpmath's LU."""
    n = a.shape[0]
    if n == a.shape[1] and n <= 3:
        if n == 1:
            return a[0, 0]
        if n == 2:
            return a[0, 0] * a[1, 1] - a[0, 1] * a[1, 0]
        return (a[0, 0] * (a[1, 1] * a[2, 2] - a[1, 2] * a[2, 1]) - a[0, 1] * (a[1, 0] * a[2, 2] - a[1, 2] * a[2, 0])
                + a[0, 2] * (a[1, 0] * a[2, 1] - a[1, 1] * a[2, 0]))
    return mpmath.det(_to_mpmatrix(a))


def _inverse(a: np.ndarray) -> np.ndarray:
    try:
        det = determinant(a)
    except (TypeError, ZeroDivisionError):  # mpmath's LU fails so on some exactly singular matrices
        raise Undefined("singular matrix") from None
    if mpmath.fabs(det) < mpmath.mpf(10) ** (-PRECISION // 2):
        raise Undefined("singular matrix")
    if a.shape[0] <= 3:
        return _adjugate(a) / det
    return _from_mpmatrix(mpmath.inverse(_to_mpmatrix(a)))


def _adjugate(a: np.ndarray) -> np.ndarray:
    """The adjugate of a square matrix up to 3×3 (its inverse times its determinant)."""
    n = a.shape[0]
    out = np.empty((n, n), dtype=object)
    if n == 1:
        out[0, 0] = mpmath.mpf(1)
    elif n == 2:
        out[0, 0], out[0, 1], out[1, 0], out[1, 1] = a[1, 1], -a[0, 1], -a[1, 0], a[0, 0]
    else:
        for i in range(3):
            for j in range(3):
                r, c = [k for k in range(3) if k != j], [k for k in range(3) if k != i]  # the cofactor of (j, i)
                minor = a[r[0], c[0]] * a[r[1], c[1]] - a[r[0], c[1]] * a[r[1], c[0]]
                out[i, j] = minor if (i + j) % 2 == 0 else -minor
    return out


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
