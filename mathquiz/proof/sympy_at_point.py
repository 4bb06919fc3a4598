"""A SymPy expression's value at a point, with mpmath at 40 digits: for the exact claim checks,
which compare an operator's exact result with the claimed one at random points.

Substituting Floats into a SymPy expression rebuilds it node by node with SymPy's automatic
evaluation, a tenth of an exact claim check; walking the tree once with mpmath, every shared
subexpression evaluated once, gives the same number. What this walk does not know (an unusual
function, a value at a pole) answers None, and the caller evaluates the SymPy way.
"""

from __future__ import annotations

import mpmath
import sympy as sp

from mathquiz.judging.symbolic import relu, sigma, step

DIGITS = 40

_FUNCTIONS = {
    sp.exp: mpmath.exp, sp.log: mpmath.log, sp.sin: mpmath.sin, sp.cos: mpmath.cos, sp.tan: mpmath.tan,
    sp.sinh: mpmath.sinh, sp.cosh: mpmath.cosh, sp.tanh: mpmath.tanh, sp.atan: mpmath.atan,
    sp.asin: mpmath.asin, sp.acos: mpmath.acos, sp.Abs: abs, sp.erf: mpmath.erf,
    sigma: lambda v: 1 / (1 + mpmath.exp(-v)),
}  # fmt: skip
_REAL_ONLY = {relu: lambda v: v if v > 0 else mpmath.mpf(0), step: lambda v: mpmath.mpf(int(v > 0))}  # as their evalf


class _Unknown(Exception):
    pass


def value_at(expr, point: dict) -> complex | None:
    """expr with the symbols of `point` (SymPy symbol -> number) put in, or None when this walk
    cannot tell (then substitute and evaluate with SymPy)."""
    try:
        with mpmath.workdps(DIGITS):
            v = _Walk(point).value(expr)
            out = complex(v)
    except (_Unknown, ArithmeticError, ValueError, TypeError, OverflowError, RecursionError):
        return None
    if out != out or abs(out) == float("inf"):  # nan or inf: SymPy decides what that means
        return None
    return out


class _Walk:
    def __init__(self, point: dict):
        self.done = {s: mpmath.mpf(v) if not isinstance(v, complex) else mpmath.mpc(v) for s, v in point.items()}

    def value(self, e):
        hit = self.done.get(e)
        if hit is not None:
            return hit
        v = self._eval(e)
        self.done[e] = v
        return v

    def _eval(self, e):
        if e.is_Integer:
            return mpmath.mpf(int(e))
        if e.is_Rational:
            return mpmath.mpf(int(e.p)) / int(e.q)
        if e.is_Float:
            return mpmath.mpf(e)
        if e.is_Add:
            return mpmath.fsum(self.value(a) for a in e.args)
        if e.is_Mul:
            out = mpmath.mpf(1)
            for a in e.args:
                out *= self.value(a)
            return out
        if e.is_Pow:
            base, exponent = e.args
            if exponent.is_Integer:
                b = self.value(base)
                if b == 0 and exponent < 0:
                    raise _Unknown  # a pole: zoo to SymPy
                return b ** int(exponent)
            return mpmath.power(self.value(base), self.value(exponent))
        if e is sp.pi:
            return +mpmath.pi
        if e is sp.E:
            return mpmath.e + 0
        if e is sp.I:
            return mpmath.mpc(0, 1)
        f = _FUNCTIONS.get(e.func)
        if f is not None and len(e.args) == 1:
            return f(self.value(e.args[0]))
        real = _REAL_ONLY.get(e.func)
        if real is not None and len(e.args) == 1:
            v = self.value(e.args[0])
            if isinstance(v, mpmath.mpc):
                raise _Unknown
            return real(v)
        if e.func in (sp.Max, sp.Min):
            items = [self.value(a) for a in e.args]
            if any(isinstance(x, mpmath.mpc) for x in items):
                raise _Unknown
            return max(items) if e.func is sp.Max else min(items)
        raise _Unknown  # a symbol without a value, Piecewise, Heaviside, a special function
