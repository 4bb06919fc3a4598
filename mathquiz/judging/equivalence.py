"""Is a typed answer equivalent to the key? Scalars, vectors, matrices and matrix expressions.

Equivalence is decided by evaluation at random points of each variable's domain at 40 digits,
discarding points where the expected answer is undefined or not real, with a tight tolerance.
Shapes are checked first. Every verdict carries a reason a student can act on, and nothing here
can take longer than the time box: past it the verdict is `undecided`, never `incorrect`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property

import mpmath
import numpy as np

from mathquiz.expression.expr import Node
from mathquiz.expression.limits import ParseError
from mathquiz.expression.parser import parse
from mathquiz.expression.printing import to_unicode
from mathquiz.expression.scope import Scope
from mathquiz.expression.shapes import IDENTITY, ShapeError, show
from mathquiz.judging.evaluate import OutOfTime, Undefined, clock, to_mp
from mathquiz.judging.regions import Domain, inside, points_wanted  # noqa: F401 (Domain: imported from here too)
from mathquiz.judging.remembered import (
    converted,
    fresh_rng,
    names_of,
    pair_rng,
    point_key,
    remember_verdict,
    shape_of,
    value_at,
    verdict_for,
    verdict_key,
)

CORRECT, INCORRECT, INVALID, UNDECIDED = "correct", "incorrect", "invalid", "undecided"
_MPF = mpmath.mpf


@dataclass(frozen=True)
class Settings:
    """How strictly to compare: tolerances, how many points, and the time box."""

    rtol: float = 1e-9
    atol: float = 1e-20
    points: int = 6
    tries: int = 40
    time_limit: float = 2.0
    accept_transpose: bool = False
    reveal: bool = True  # say the expected value at a counterexample point
    reasons: bool = True  # word why an answer differs (off where only the verdict is used: a mistake search)
    # grading's comparisons: test points drawn for each pair compared (seeded by the pair, so
    # reproducible), not the same for every comparison, and more of them for a piecewise answer
    # (judging.regions): no wrong answer can be shaped to pass at known points
    vary_points: bool = False
    salt: int = 0  # mixed into a pair's seed: each drawn instance (its seed) tests at points of its own


@dataclass(frozen=True)
class Verdict:
    """The outcome of one judgement, with the reason shown to the student."""

    status: str  # correct | incorrect | invalid | undecided
    reason: str
    read_as: str = ""
    notes: tuple[str, ...] = ()
    error: ParseError | None = field(default=None, compare=False)
    given: Node | None = field(default=None, compare=False)
    # where a wrong answer was caught: (values of the names, expected value, given value)
    example: tuple | None = field(default=None, compare=False)

    @property
    def ok(self) -> bool:
        return self.status == CORRECT


@dataclass(frozen=True, eq=False)
class Context:
    """What the variables are: shapes, domains, matrix properties and parameter values. Made once
    and never changed (its shapes are worked out once, for the many comparisons of one part)."""

    shapes: Mapping[str, tuple[int, int] | None] = field(default_factory=dict)
    domains: Mapping[str, Domain] = field(default_factory=dict)
    properties: Mapping[str, frozenset[str]] = field(default_factory=dict)
    env: Mapping[str, object] = field(default_factory=dict)  # parameter values
    # where the answer must hold: (test, tree) with test nonzero | positive | nonnegative; a point
    # outside is not a test point (a part about |r| ≤ δ is not judged at |r| > δ)
    region: tuple[tuple[str, Node], ...] = ()

    def all_shapes(self) -> dict:
        """The shapes of the symbols and of the array parameters (do not change the dict)."""
        return self._all_shapes

    @cached_property
    def _all_shapes(self) -> dict:
        shapes = dict(self.shapes)
        for name, value in self.env.items():
            arr = value if isinstance(value, np.ndarray) else None
            if arr is None and isinstance(value, list | tuple):
                arr = np.array(value, dtype=object)
            if arr is not None:
                shapes[name] = arr.shape if arr.ndim == 2 else (arr.shape[0], 1)
        return shapes

    @cached_property
    def key(self) -> tuple | None:
        """What a verdict depends on in the context, or None when parameter values that are not
        plain numbers make that costly to tell (remembered.verdict_key)."""
        env = []
        for name, value in self.env.items():
            if not isinstance(value, int | float | Fraction) or isinstance(value, bool):
                return None
            env.append((name, type(value), value))
        return (tuple(sorted(self.shapes.items())), tuple(sorted(self.domains.items())),
                tuple(sorted(self.properties.items())), tuple(sorted(env)), self.region)


class AuthorError(Exception):
    """An answer key that is itself ill formed (a problem-file mistake, not a student's)."""


def _fmt(v, other=None) -> str:
    """A value with enough digits to see how it differs from `other`."""
    digits = 4
    if other is not None and v != other:
        rel = abs(v - other) / max(abs(v), abs(other))
        if rel > 0:
            digits = int(min(15, max(4, 2 - mpmath.floor(mpmath.log10(rel)))))
    if isinstance(v, mpmath.mpc) and abs(mpmath.im(v)) > 1e-12 * (1 + abs(v)):
        return mpmath.nstr(v, digits)
    v = mpmath.re(v)
    if v == 0:
        return "0"
    return mpmath.nstr(v, digits, min_fixed=-4, max_fixed=digits + 2, strip_zeros=True)


def _real(v) -> bool:
    if isinstance(v, np.ndarray):
        return all(_real(x) for x in v.flat)
    return not isinstance(v, mpmath.mpc) or abs(mpmath.im(v)) <= 1e-25 * (1 + abs(v))


def _close(e, g, s: Settings) -> bool:
    if type(e) is _MPF and type(g) is _MPF:  # decided in floating point when that is beyond doubt
        fe, fg = float(e), float(g)
        if abs(fe) < 1e300 and abs(fg) < 1e300:
            gap, tol = abs(fe - fg), s.atol + s.rtol * max(abs(fe), abs(fg))
            if gap < 0.5 * tol:
                return True
            if gap > 2 * tol:
                return False
    return abs(e - g) <= s.atol + s.rtol * max(abs(e), abs(g))


def _entry(i: int, j: int, shape) -> str:
    return f"entry {i + 1}" if shape[1] == 1 else f"entry ({i + 1}, {j + 1})"


class _Sampler:
    def __init__(self, ctx: Context, rng: np.random.Generator):
        self.ctx, self.rng = ctx, rng
        self.shapes = ctx.all_shapes()

    def draw(self, names, widen: float = 1) -> dict:
        values = {}
        for name in sorted(names):
            shape = self.shapes.get(name)
            if shape is None or shape == (1, 1):
                wide = Domain(Domain.lo * widen, Domain.hi * widen)  # undeclared: wider if nothing works
                values[name] = self.ctx.domains.get(name, wide).sample(self.rng)
            else:
                m = np.round(self.rng.normal(size=shape), 2)
                m[m == 0] = 0.01  # never exactly on a kink: step(0) is a convention, not a value to test
                if "symmetric" in self.ctx.properties.get(name, ()) and shape[0] == shape[1]:
                    m = np.round((m + m.T) / 2, 3)
                values[name] = m
        return values


def compare(expected: Node, given: Node, ctx: Context | None = None, settings: Settings | None = None,
            rng: np.random.Generator | None = None, sources: tuple[str, str] = ("", "")) -> Verdict:
    """Judge `given` against `expected` (both parsed) in the given context."""
    ctx = ctx or Context()
    s = settings or Settings()
    if rng is not None:  # the caller's points: nothing to remember
        return _compare(expected, given, ctx, s, rng, sources)
    # the same points every time, so the verdict is a function of what is compared
    key = verdict_key(expected, given, ctx, s, sources)
    verdict = verdict_for(key, s.points)
    if verdict is None:
        rng = pair_rng(expected, given, s.salt) if s.vary_points else fresh_rng()
        verdict = _compare(expected, given, ctx, s, rng, sources)
        remember_verdict(key, s.points, verdict)
    return verdict


def _compare(expected: Node, given: Node, ctx: Context, s: Settings, rng: np.random.Generator,
             sources: tuple[str, str]) -> Verdict:
    deadline = clock() + s.time_limit  # CPU seconds
    shapes = ctx.all_shapes()
    try:
        want = shape_of(expected, shapes, sources[0])
    except ShapeError as exc:
        raise AuthorError(f"the answer key is ill formed: {exc.message}") from None
    try:
        got = shape_of(given, shapes, sources[1])
    except ShapeError as exc:
        return Verdict(INCORRECT, exc.message, notes=("dimension",))
    notes: list[str] = []
    if want == IDENTITY or got == IDENTITY:
        want = got = want if want != IDENTITY else got
    if want != got:
        flipped = got is not None and want is not None and (got[1], got[0]) == want
        if flipped and s.accept_transpose:
            notes.append("layout")
        else:
            extra = " (the transpose of what is asked)" if flipped else ""
            return Verdict(INCORRECT, f"expected {show(want)}, got {show(got)}{extra}", notes=("shape",))
    try:
        return _by_points(expected, given, ctx, s, rng, deadline, notes)
    except OutOfTime:
        return Verdict(UNDECIDED, f"could not decide within {s.time_limit:g} s; try a simpler form")


def _by_points(expected, given, ctx, s, rng, deadline, notes) -> Verdict:
    env = {k: to_mp(v) for k, v in ctx.env.items()}
    wanted, typed = names_of(expected), names_of(given)
    bounds = set().union(*(names_of(tree) for _, tree in ctx.region)) if ctx.region else set()
    names = (wanted | typed | bounds) - set(env)
    extra = typed - wanted - set(env)
    sampler = _Sampler(ctx, rng)
    scalars = [n for n in sorted(names) if sampler.shapes.get(n) in (None, (1, 1))]
    valid = 0
    holes = 0  # points where only the given answer is undefined
    wanted_points, tries = points_wanted(expected, given, s, ctx.domains)
    try:
        same = given == expected  # the same tree (a key typed back as shown): the same value at every point
    except RecursionError:  # trees as deep as the parser allows compare by recursion
        same = False
    for attempt in range(tries if names else 1):
        if clock() >= deadline:  # once a point: an evaluator reads the clock only from its 16th node
            raise OutOfTime
        # sqrt(x-3)*sqrt(x-5) is real only for x ≥ 5: past half the tries, look further out
        point = sampler.draw(names, 4 if valid == 0 and attempt >= tries // 2 else 1)
        at_point = None if env else point_key(point)
        values = {**env, **converted(point, at_point)}
        if ctx.region and not inside(ctx.region, values, deadline):
            continue
        try:
            e = value_at(expected, values, deadline, at_point)
        except Undefined:
            continue
        if not _real(e):
            continue
        try:
            g = e if same else value_at(given, values, deadline, at_point)
        except Undefined as exc:
            too_large = str(exc) == "too large"
            holes += 1
            if holes < 2 and names and not too_large:
                continue  # one point may land on a removable singularity, as (x²−1)/(x−1) at x = 1
            what = {"too large": "too large to evaluate", "not real": "not a real number"}.get(str(exc), "undefined")
            return Verdict(INCORRECT, f"your answer is {what} {_where(point, scalars, names)}".strip(),
                           notes=tuple(notes))
        if "layout" in notes and isinstance(g, np.ndarray):
            g = g.T
        e, g = _fit_identity(e, g)
        bad = _differences(e, g, s)
        if bad is not None and not s.reasons:
            return Verdict(INCORRECT, "not equivalent", notes=tuple(notes))
        if bad is not None:
            example = (point, e, g) if names and s.reveal and bad != [(-1, -1)] else None
            return Verdict(INCORRECT, _explain(bad, e, g, _where(point, scalars, names), names, s, extra),
                           notes=tuple(notes), example=example)
        valid += 1
        if valid >= wanted_points:
            break
    if valid == 0:
        left = deadline - clock()  # the CAS check gets what is left of the time box
        if left > 0.05 and _symbolically_equal(expected, given, ctx, min(0.5, left)):
            return Verdict(CORRECT, "equivalent to the expected answer (shown symbolically)", notes=tuple(notes))
        return Verdict(UNDECIDED, "could not find a point where the expected answer is defined")
    reason = "equivalent to the expected answer"
    if "layout" in notes:
        reason += " (given as a row: we write gradients as columns, the denominator layout)"
    return Verdict(CORRECT, reason, notes=tuple(notes))


def _exact(value):
    """A parameter value as a SymPy number (Fractions stay exact)."""
    import sympy

    if isinstance(value, Fraction):
        return sympy.Rational(value.numerator, value.denominator)
    if isinstance(value, sympy.Basic):
        return value
    return sympy.Float(value) if isinstance(value, float) else sympy.Integer(value)


def _symbolically_equal(expected: Node, given: Node, ctx: Context, seconds: float = 0.5) -> bool:
    """A cheap CAS check for when no test point works: simplify(expected − given) == 0, time-boxed."""
    from mathquiz.judging.symbolic import to_sympy
    from mathquiz.judging.timebox import time_box

    if any(shape is not None for shape in ctx.all_shapes().values()):
        return False
    try:
        with time_box(seconds, cpu=True):
            import sympy

            env = {k: _exact(v) for k, v in ctx.env.items() if not hasattr(v, "shape")}
            return sympy.simplify(to_sympy(expected, env) - to_sympy(given, env)) == 0
    except Exception:  # a best-effort CAS check: anything SymPy raises means "not shown equal"
        return False


def _fit_identity(e, g):
    """k·I evaluates to the number k; against a square matrix it is k times that size's identity."""
    if isinstance(e, np.ndarray) == isinstance(g, np.ndarray):
        return e, g
    m, k = (e, g) if isinstance(e, np.ndarray) else (g, e)
    if m.shape[0] != m.shape[1]:
        return e, g
    sized = np.empty(m.shape, dtype=object)
    for i, j in np.ndindex(m.shape):
        sized[i, j] = k if i == j else mpmath.mpf(0)
    return (e, sized) if m is e else (sized, g)


def _differences(e, g, s: Settings):
    """None when equal; else the list of wrong (i, j) entries ([] for a scalar)."""
    if isinstance(e, np.ndarray) or isinstance(g, np.ndarray):
        if not (isinstance(e, np.ndarray) and isinstance(g, np.ndarray)) or e.shape != g.shape:
            return [(-1, -1)]
        bad = [idx for idx in np.ndindex(e.shape) if not _close(e[idx], g[idx], s)]
        return bad or None
    return None if _close(e, g, s) else []


def _where(point: dict, scalars: list, names) -> str:
    """Where an answer was caught, as a reason says it (worded only for a wrong answer)."""
    at = ", ".join(f"{k} = {point[k]:g}" for k in scalars)
    return f"at {at}" if at else ("for random matrices" if names else "")


def _explain(bad, e, g, where, names, s: Settings, extra) -> str:
    if bad == [(-1, -1)]:
        return "the value has the wrong shape"
    hint = f" (your answer uses {', '.join(sorted(extra))}, which the expected answer does not)" if extra else ""
    if bad:
        listed = [_entry(i, j, e.shape) for i, j in bad[:4]]
        more = f" and {len(bad) - 4} more" if len(bad) > 4 else ""
        label = "entries" if len(bad) > 1 else "entry"
        wrong = ", ".join(x.split(" ", 1)[1] for x in listed)
        if names and s.reveal:
            i, j = bad[0]
            verb, which = ("differs", "") if len(bad) == 1 else ("differ", f"{_entry(i, j, e.shape)} of ")
            return (f"{label} {wrong}{more} {verb} {where}: {which}yours is {_fmt(g[i, j], e[i, j])}, "
                    f"expected {_fmt(e[i, j], g[i, j])}{hint}")
        return f"{label} {wrong}{more} {'are' if len(bad) > 1 else 'is'} wrong{hint}"
    if names and s.reveal:
        return f"not equivalent: {where} yours is {_fmt(g, e)}, expected {_fmt(e, g)}{hint}"
    return f"not the expected value{hint}" if not names else f"not equivalent{hint}"


def judge(expected: Node, text: str, scope: Scope | None = None, ctx: Context | None = None,
          settings: Settings | None = None, rng: np.random.Generator | None = None,
          expected_source: str = "") -> Verdict:
    """Parse the student's text and compare it; a parse failure is `invalid`, not wrong."""
    ctx = ctx or Context()
    scope = scope or Scope(variables=dict(ctx.shapes))
    try:
        given = parse(text, scope)
    except ParseError as exc:
        return Verdict(INVALID, exc.message, error=exc)
    read_as = to_unicode(given)
    try:
        verdict = compare(expected, given, ctx, settings, rng, (expected_source, text))
    except AuthorError:
        raise
    except RecursionError:
        verdict = Verdict(UNDECIDED, "the answer is too complex to check")
    return Verdict(verdict.status, verdict.reason, read_as, verdict.notes, None, given)
