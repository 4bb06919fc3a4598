"""Where a comparison's test points lie and how many it takes: a variable's domain, a part's region
(a point outside it is not a test point), and more points for an answer with a step or a clip the
key has not."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import mpmath
import numpy as np

from mathquiz.expression.expr import ENTRYWISE, Call, Node, walk
from mathquiz.judging.evaluate import Evaluator, Undefined


@dataclass(frozen=True)
class Domain:
    """Where a scalar variable's test points are drawn: an open interval (its whole numbers only,
    for a size or a stride: a formula that holds on them alone, as floor(n/s), is judged there)."""

    lo: float = -2.5
    hi: float = 2.5
    integer: bool = False

    def sample(self, rng: np.random.Generator) -> float:
        if self.integer:
            whole = [k for k in range(math.floor(self.lo) + 1, math.ceil(self.hi)) if k != 0]
            if whole:
                return float(whole[int(rng.integers(len(whole)))])
        for _ in range(20):
            v = round(float(rng.uniform(self.lo, self.hi)), 2)
            if self.lo < v < self.hi and v != 0:
                return v
        return float(rng.uniform(self.lo, self.hi))


PIECEWISE = frozenset({"step", "sign", "abs", "relu", "max", "min", "floor", "ceil"})
SCREEN_POINTS = 6
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
        if test == "integer":
            if v != mpmath.floor(v):
                return False
        elif not (v != 0 if test == "nonzero" else v > 0 if test == "positive" else v >= 0):
            return False
    return True


def _piecewise(node: Node) -> frozenset[str]:
    fns = (ENTRYWISE.get(n.fn, n.fn) for n in walk(node) if isinstance(n, Call))  # max(0, v) entry by entry: max
    return frozenset(fn for fn in fns if fn in PIECEWISE)


def points_wanted(expected: Node, given: Node, settings, domains=None) -> tuple[int, int]:
    """(test points, tries). In grading (`vary_points`), an answer with a step, sign or clip the key
    has not may differ from it on a thin slice only (step(0.5 − m) for a key that holds where
    m < 1): PIECEWISE_POINTS points find the slice; with a step in the key itself, at least
    PIECEWISE_MIN (where step(W₁x) = 0, W₁diag(step(W₁x))W₂ and W₂diag(step(W₁x))W₁ agree). So too
    with variables drawn as whole numbers: two formulas can agree on a share of them (P = S makes
    (n + 2P)/S and (n + P)/S + 1 agree)."""
    # a screen (drawing's quick check, validate's deep seeds: under SCREEN_POINTS) confirms what it
    # finds equal at full depth before acting on it, so 6 points do there
    least = PIECEWISE_MIN if settings.points >= SCREEN_POINTS else SCREEN_POINTS
    if any(d.integer for d in (domains or {}).values()):
        settings = replace(settings, points=max(settings.points, least))
    if settings.vary_points and _piecewise(given) - _piecewise(expected):
        wanted = max(settings.points, PIECEWISE_POINTS)
        return wanted, max(settings.tries, 3 * wanted)
    if settings.vary_points and _piecewise(expected):  # a kink: never fewer than 12 points (6 in a screen)
        return max(settings.points, least), settings.tries
    return settings.points, settings.tries
