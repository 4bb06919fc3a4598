"""Checking a claim of a problem file: a key or a step IS the derivative, gradient, Jacobian,
Hessian, divergence, expectation, variance or shape of an expression of the statement.

Vector and matrix symbols become entry-wise symbols on the drawn sizes, the operator is applied
exactly by SymPy, and the claimed result is compared at random points; where SymPy cannot
differentiate, central differences stand in. Expectations are exact for polynomials in normal
and uniform variables, else seeded Monte-Carlo. A claim whose inputs do not depend on the draw
(an index form over n = 2…4) is checked once and remembered.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sympy as sp

from mathquiz.expression.limits import ParseError
from mathquiz.expression.shapes import ShapeError
from mathquiz.judging.symbolic import SymbolicError, is_matrix, to_sympy
from mathquiz.problem.format import Claim, Problem
from mathquiz.problem.instances import Instance, _dim, _domain, fill
from mathquiz.problem.static_checks import claim_scope, parse_cached
from mathquiz.proof import claims_numeric
from mathquiz.proof.claim_memo import memo_key
from mathquiz.proof.sympy_at_point import value_at

CALCULUS = ("derivative", "gradient", "jacobian", "hessian", "divergence")
CHECK_KIND = {**dict.fromkeys(CALCULUS, "derivative"), "expectation": "expectation", "variance": "expectation",
              "shape_of": "shape", "cases": "cases", "equals": "equal"}
RTOL = 1e-8
POINTS = 3
MAX_COMBINATIONS = 64  # an index form checks every combination; this bounds a hostile `over`
_ERRORS = (SymbolicError, ShapeError, ParseError, ValueError, TypeError, ZeroDivisionError, AttributeError, IndexError,
           KeyError, sp.ShapeError, sp.matrices.exceptions.NonInvertibleMatrixError, RecursionError)


@dataclass(frozen=True)
class ClaimCheck:
    """The outcome: ok, how it was checked (symbolic, numeric, exact, monte-carlo, shape) and why not."""

    ok: bool
    method: str
    message: str = ""


_memo: dict[tuple, ClaimCheck] = {}


def check(inst: Instance, claim: Claim, target, numeric: bool = False, points: int = POINTS) -> ClaimCheck:
    """Does `target` (a problem-file expression, or a shape text for shape_of) satisfy the claim?
    `numeric`: first try central differences at 40 digits (claims_numeric) at `points` points,
    which is many times faster; what they cannot confirm is checked exactly."""
    key = memo_key(inst, claim, target)
    if key is not None:
        key += (numeric, points)
        if key in _memo:
            return _memo[key]
    try:
        outcome = _check(inst, claim, target, numeric, points)
    except _ERRORS as exc:
        outcome = ClaimCheck(False, "error", f"cannot be checked: {type(exc).__name__}: {exc}")
    if key is not None:
        _memo[key] = outcome
    return outcome


def _check(inst: Instance, claim: Claim, target, numeric: bool = False, points: int = POINTS) -> ClaimCheck:
    if claim.operator == "shape_of":
        return _shape(inst, claim, target)
    combos = _combinations(inst, claim)
    rng = np.random.default_rng(inst.seed)
    quick = np.random.default_rng(inst.seed + 1)  # the numeric check's points: the exact check's stay as they were
    method = "symbolic"
    for combo in combos:
        if numeric and claims_numeric.holds(inst, claim, target, combo, quick, points, RTOL):
            method = "numeric"
            continue
        env, shapes, domains = _environment(inst, claim, combo, expand=True)
        ev = _evaluator(inst.problem, claim, env, shapes)
        claimed = ev(target)
        if claim.operator == "cases":
            outcome = _cases(claim, claimed, ev, domains, rng)
        elif claim.operator in ("expectation", "variance"):
            outcome = _expectation(inst, claim, claimed, ev, env, domains, rng)
        else:
            outcome = _calculus(claim, claimed, ev, env, domains, rng)
        if not outcome.ok:
            where = ", ".join(f"{k} = {v}" for k, v in combo.items())
            return ClaimCheck(False, outcome.method, outcome.message + (f" (at {where})" if where else ""))
        method = outcome.method
    return ClaimCheck(True, method)


def _combinations(inst: Instance, claim: Claim) -> list[dict[str, int]]:
    """Every assignment of the index names of `over` (bounds may use earlier names)."""
    combos: list[dict[str, int]] = [{}]
    scope = claim_scope(inst.problem, claim)
    for name, (lo, hi) in claim.over.items():
        grown = []
        for combo in combos:
            env = {**inst.values, **{k: sp.Integer(v) for k, v in combo.items()}}
            a, b = (int(to_sympy(parse_cached(str(x), scope), env=env)) for x in (lo, hi))
            if len(grown) + max(b - a + 1, 0) > MAX_COMBINATIONS:  # counted before anything is built
                raise ValueError(f"`over` gives more than {MAX_COMBINATIONS} combinations")
            grown += [{**combo, name: v} for v in range(a, b + 1)]
        combos = grown
    return combos


def _entrywise(name: str, rows: int, cols: int, symmetric: bool = False) -> sp.Matrix:
    def entry(i, j):
        a, b = (min(i, j), max(i, j)) if symmetric else (i, j)
        return sp.Symbol(f"{name}_{a + 1}" if cols == 1 else f"{name}_{a + 1}{b + 1}", real=True)

    return sp.Matrix(rows, cols, lambda i, j: entry(i, j))


def _environment(inst: Instance, claim: Claim, combo: dict, expand: bool):
    """Values for the claim's names: drawn values, symbols (entry-wise on the drawn sizes), indices, lets."""
    problem = inst.problem
    env: dict[str, object] = dict(inst.values)
    shapes = dict(inst.shapes)
    domains: dict[sp.Symbol, tuple[float, float]] = {}
    for name, spec in problem.symbols.items():
        shape = inst.shapes.get(name)
        dom = _domain(spec.domain)
        if shape and shape != (1, 1) and expand:
            sym = spec.symmetric or claim.assume.get(name) == "symmetric"
            env[name] = m = _entrywise(name, *shape, symmetric=sym)
            domains.update(dict.fromkeys(m.free_symbols, (dom.lo, dom.hi)))
        elif not shape or shape == (1, 1):
            env[name] = s = sp.Symbol(name)
            domains[s] = (dom.lo, dom.hi)
    env.update({k: sp.Integer(v) for k, v in combo.items()})
    scope = claim_scope(problem, claim)
    for name, spec in claim.let.items():
        if isinstance(spec, dict):
            kind, size = next(iter(spec.items()))
            rows, cols = (_dim_of(size, env), 1) if kind == "vector" else (_dim_of(size[0], env), _dim_of(size[1], env))
            env[name] = m = _entrywise(name, rows, cols)
            shapes[name] = (rows, cols)
            domains.update(dict.fromkeys(m.free_symbols, (-2.5, 2.5)))
        else:
            env[name] = to_sympy(parse_cached(str(spec), scope), env=env, shapes=shapes)
            shapes.pop(name, None)
    return env, shapes, domains


def _dim_of(size, env) -> int:
    return int(env[size]) if isinstance(size, str) else _dim(size, {})


def _evaluator(problem: Problem, claim: Claim, env: dict, shapes: dict):
    scope = claim_scope(problem, claim)

    def ev(text):
        if isinstance(text, int | float) and not isinstance(text, bool):
            return sp.nsimplify(text) if isinstance(text, float) else sp.Integer(text)
        return to_sympy(parse_cached(str(text), scope), env=env, shapes=shapes)

    return ev


def _variables(value) -> list:
    items = list(value) if isinstance(value, sp.MatrixBase) else [value]
    if not all(isinstance(v, sp.Symbol) for v in items):
        raise ValueError("`wrt` must name variables (a symbol, a vector symbol, a list or an entry)")
    return items


def _apply(claim: Claim, ev) -> sp.Basic:
    op = claim.operator
    f = ev(getattr(claim, op))
    if op == "equals":
        return f
    wrt = claim.wrt if isinstance(claim.wrt, list) else [claim.wrt]
    if op == "gradient" and len(wrt) == 1 and isinstance(m := ev(wrt[0]), sp.MatrixBase) and m.cols > 1:
        _variables(m)  # the gradient by a matrix X has the shape of X: entry (k, l) is ∂f/∂Xₖₗ
        return m.applyfunc(lambda x: _diff(_scalar(f), x))
    xs = [v for w in wrt for v in _variables(ev(w))]
    if op == "derivative":
        if len(xs) != 1:
            return sp.Matrix([_diff(f, x) for x in xs])  # d/dx of a scalar by a vector: the gradient
        return f.applyfunc(lambda e: _diff(e, xs[0])) if is_matrix(f) else _diff(f, xs[0])
    if op == "gradient":
        return sp.Matrix([_diff(_scalar(f), x) for x in xs])
    if op == "hessian":
        g = _scalar(f)
        return sp.Matrix(len(xs), len(xs), lambda i, j: _diff(_diff(g, xs[i]), xs[j]))
    field = list(f) if isinstance(f, sp.MatrixBase) else [f]
    if op == "jacobian":
        return sp.Matrix(len(field), len(xs), lambda i, j: _diff(field[i], xs[j]))
    if len(field) != len(xs):
        raise ValueError("divergence needs as many components as variables")
    return sp.Add(*[_diff(c, x) for c, x in zip(field, xs, strict=True)])


def _scalar(f):
    if isinstance(f, sp.MatrixBase):
        if f.shape != (1, 1):
            raise ValueError(f"a gradient or Hessian is of a scalar, not of a {f.rows}×{f.cols} value")
        return f[0, 0]
    return f


def _diff(expr, x):
    return sp.diff(expr, x)


def _at(claim: Claim, value, ev, env):
    """Put the drawn point of `at` into the operator's result."""
    if not claim.at:
        return value
    pairs = []
    for name, point in claim.at.items():
        sym, val = env.get(name, sp.Symbol(name)), ev(point)
        if isinstance(sym, sp.MatrixBase):
            pairs += list(zip(sym, val, strict=True))
        else:
            pairs.append((sym, val))
    return value.subs(pairs) if is_matrix(value) or isinstance(value, sp.Basic) else value


def _calculus(claim: Claim, claimed, ev, env, domains, rng) -> ClaimCheck:
    value = _at(claim, _apply(claim, ev), ev, env)
    if isinstance(value, sp.Basic | sp.MatrixBase) and value.has(sp.Derivative):
        return ClaimCheck(False, "symbolic", "SymPy cannot differentiate this expression")
    return _same(value, claimed, domains, rng, "symbolic", claim)


def _shape_of(value) -> tuple[int, int]:
    return tuple(value.shape) if is_matrix(value) else (1, 1)


def _same(value, claimed, domains, rng, method: str, claim: Claim) -> ClaimCheck:
    """value and claimed agree at random points of the symbols' domains (exactly when no symbol is left)."""
    value, claimed = _one_by_one(_no_identity(value)), _one_by_one(_no_identity(claimed, _shape_of(value)))
    if _shape_of(value) != _shape_of(claimed):
        a, b = _shape_of(value), _shape_of(claimed)
        return ClaimCheck(False, method, f"the {claim.operator} is {a[0]}×{a[1]}, the claimed value {b[0]}×{b[1]}")
    gap = sp.Matrix(value) - sp.Matrix(claimed) if is_matrix(value) else value - claimed
    size = sp.Matrix(value) if is_matrix(value) else sp.Matrix([value])
    free = sorted((gap.free_symbols | size.free_symbols), key=str)
    if any(s not in domains for s in free):
        unknown = ", ".join(str(s) for s in free if s not in domains)
        return ClaimCheck(False, method, f"the claim leaves {unknown} undetermined")
    for _ in range(POINTS if free else 1):
        point = {s: sp.Float(rng.uniform(*domains[s]), 30) for s in free}
        g = _numbers(gap, point)
        v = _numbers(size, point)
        if any(abs(a) > RTOL * (1 + abs(b)) for a, b in zip(g, v, strict=False)) or len(g) == 0:
            at = ", ".join(f"{k} = {float(x):.4g}" for k, x in list(point.items())[:6])
            return ClaimCheck(False, method, f"the claimed value is not the {_name(claim)}"
                                             + (f" (differs at {at})" if at else ""))
    return ClaimCheck(True, method)


def _one_by_one(v):
    """A 1×1 matrix is its entry, as answers read it (the Hessian by one variable, [[c]], aᵀb)."""
    return v[0, 0] if is_matrix(v) and v.shape == (1, 1) else v


_IDENTITY = sp.Symbol("I")  # an identity that met no explicit matrix stays a factor: as a factor it is 1


def _no_identity(v, like: tuple[int, int] = (1, 1)):
    """I that met no explicit matrix: a factor 1 inside products, or c·I where a square matrix is due."""
    if not (isinstance(v, sp.Basic | sp.MatrixBase) and v.has(_IDENTITY)):
        return v
    if not is_matrix(v) and like[0] == like[1] > 1:
        return sp.eye(like[0]) * v.subs(_IDENTITY, 1)
    return v.subs(_IDENTITY, 1)


def _name(claim: Claim) -> str:
    op = claim.operator
    text = getattr(claim, op) if op != "cases" else ""
    return f"{op.replace('_', ' ')} of {text}" if op not in ("equals", "cases") else "stated expression"


def _numbers(m, point) -> list[complex]:
    items = list(m) if is_matrix(m) else [m]
    out = []
    for item in items:
        quick = value_at(item, point)
        if quick is not None:
            out.append(quick)
            continue
        # substitute first: N(subs=…) re-evaluates at ever higher precision when a gap is exactly
        # 0 (the usual case of a true claim), which takes seconds for relu/step/σ terms
        v = sp.N(item.xreplace(point), 30)
        if not (v.is_number and v.is_finite):
            v = sp.N(item, 30, subs=point)
        if not v.is_number:
            return []
        out.append(complex(v))
    return out


def _cases(claim: Claim, claimed, ev, domains, rng) -> ClaimCheck:
    for case in claim.cases:
        pairs = [(ev(k), ev(v)) for k, v in case.when.items()]
        value = claimed.subs(pairs)
        outcome = _same(value, ev(case.result), domains, rng, "symbolic", claim)
        if not outcome.ok:
            shown = ", ".join(f"{k} = {v}" for k, v in case.when.items())
            return ClaimCheck(False, "symbolic", f"in the case {shown}, the formula is not {case.result}")
    return ClaimCheck(True, "symbolic")


def _expectation(inst: Instance, claim: Claim, claimed, ev, env, domains, rng) -> ClaimCheck:
    from mathquiz.proof.expectations import expected

    g = getattr(claim, claim.operator)
    value, method = expected(claim, g, ev, env, inst, domains, claimed)
    if value is None:
        return ClaimCheck(False, "monte-carlo", method)
    if method == "monte-carlo":
        estimate, stderr = value.estimate, value.stderr
        exact = complex(sp.N(sp.sympify(_one_by_one(_no_identity(claimed))).xreplace(value.point)))
        ok = abs(estimate - exact.real) <= max(4 * stderr, 0.02 * abs(exact.real))
        at = ", ".join(f"{k} = {float(x):.4g}" for k, x in list(value.point.items())[:6])
        why = "" if ok else f"simulated {estimate:.4g} ± {stderr:.2g}, claimed {exact.real:.4g}" + (
            f" (at {at})" if at else "")
        return ClaimCheck(ok, method, why and f"the {claim.operator} does not match: {why}")
    return _same(value, claimed, domains, rng, "exact", claim)


def _shape(inst: Instance, claim: Claim, target) -> ClaimCheck:
    from mathquiz.problem.part_grading import parse_shape_answer

    try:
        rows, cols = _shape_of_text(inst, claim)
    except ShapeError as exc:
        return ClaimCheck(False, "shape", f"`shape_of` is ill-formed: {exc.message}")
    stand_in = {size: str(inst.values[name]) for name, size in claim.sizes.items()}
    got = (stand_in.get(rows, str(rows)), stand_in.get(cols, str(cols)))
    want = parse_shape_answer(fill(str(target), inst, "text"))
    if want is None:
        return ClaimCheck(False, "shape", f"{target!r} is not a shape such as 3 x 2")
    if (want[0].lower(), want[1].lower()) != (got[0].lower(), got[1].lower()):
        return ClaimCheck(False, "shape", f"{claim.shape_of} is {got[0]}×{got[1]}, not {want[0]}×{want[1]}")
    return ClaimCheck(True, "shape")


def _shape_of_text(inst: Instance, claim: Claim) -> tuple[int, int]:
    """The shape of `shape_of` on the drawn sizes of the symbols and of the `let` vectors and
    matrices, by mathquiz's shape rules (a 1×1 product times a vector is fine, as on paper, where
    SymPy's matrix algebra refuses it); SymPy only computes it when the text uses an author
    builtin the rules do not know (entry, subs, …)."""
    from mathquiz.expression.expr import Call, walk
    from mathquiz.expression.shapes import IDENTITY, SHAPED, infer

    text = str(claim.shape_of)
    node = parse_cached(text, claim_scope(inst.problem, claim))
    bound = {name: (_dim_of(size, inst.values), 1) if kind == "vector" else
             (_dim_of(size[0], inst.values), _dim_of(size[1], inst.values))
             for name, spec in claim.let.items() if isinstance(spec, dict) for kind, size in spec.items()}
    if all(n.fn in SHAPED for n in walk(node) if isinstance(n, Call)):
        values = {n: _shape_of(v) for n, v in inst.values.items() if isinstance(v, sp.Basic | sp.MatrixBase)}
        shape = infer(node, {**values, **inst.shapes, **bound}, text)
        if shape == IDENTITY:
            raise ShapeError("the size of I is not known here", node.span)
        return shape or (1, 1)
    env = {**inst.values, **{n: (sp.MatrixSymbol(n, *s) if s and s != (1, 1) else sp.Symbol(n))
                             for n, s in {**inst.shapes, **bound}.items()}}
    try:
        value = _evaluator(inst.problem, claim, env, dict(inst.shapes))(text)
    except (sp.ShapeError, TypeError, ValueError) as exc:  # SymPy's words for an ill-formed product or sum
        raise ShapeError(str(exc.args[0]) if exc.args else type(exc).__name__, node.span) from None
    return _shape_of(value)


def combinations_count(inst: Instance, claim: Claim) -> int:
    return len(_combinations(inst, claim)) if claim.over else 1

