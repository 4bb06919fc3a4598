"""Where a comparison's test points lie and how many it takes: a part's region (a point outside
it is not a test point), and more points for an answer with a step or a clip the key has not."""

from __future__ import annotations

import mpmath
import numpy as np

from mathquiz.expression.expr import Call, Node, walk
from mathquiz.judging.evaluate import Evaluator, Undefined

PIECEWISE = frozenset({"step", "sign", "abs", "relu", "max", "min", "floor", "ceil"})
PIECEWISE_MIN = 12  # a 2-unit ReLU layer is all off at a point 1 time in 4: 6 points all there is 1 in 4,096
PIECEWISE_POINTS = 80  # a slice holding 1 point in 8 of the region is missed once in 40,000


def inside(region, values, deadline) -> bool:
    """Whether a test point is in the part's region (a point where a bound is undefined is not)."""
    for test, tree in region:
        try:
            v = Evaluator(values, deadline, real=True)(tree)
        except Undefined:
            return False
        if isinstance(v, np.ndarray) or isinstance(v, mpmath.mpc) and v.imag != 0:
            return False
        v = mpmath.re(v)
        if not (v != 0 if test == "nonzero" else v > 0 if test == "positive" else v >= 0):
            return False
    return True


def _piecewise(node: Node) -> frozenset[str]:
    return frozenset(n.fn for n in walk(node) if isinstance(n, Call) and n.fn in PIECEWISE)


def points_wanted(expected: Node, given: Node, settings) -> tuple[int, int]:
    """(test points, tries). In grading (`vary_points`), an answer with a step, sign or clip the key
    has not may differ from it on a thin slice only (step(0.5 − m) for a key that holds where
    m < 1): PIECEWISE_POINTS points find the slice; with a step in the key itself, at least
    PIECEWISE_MIN (where step(W₁x) = 0, W₁diag(step(W₁x))W₂ and W₂diag(step(W₁x))W₁ agree)."""
    if settings.vary_points and _piecewise(given) - _piecewise(expected):
        wanted = max(settings.points, PIECEWISE_POINTS)
        return wanted, max(settings.tries, 3 * wanted)
    if settings.vary_points and _piecewise(expected):  # a kink: never fewer than 12 points, deep seeds too
        return max(settings.points, PIECEWISE_MIN), settings.tries
    return settings.points, settings.tries
