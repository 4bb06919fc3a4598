"""The `where` conditions of a draw: when each can be checked (after which derived value), and
whether it holds on the values drawn so far; and a part's own conditions on its grading: the
region where its answer must hold, and the quantity its tolerance is relative to."""

from __future__ import annotations

import sympy as sp

from mathquiz.expression.expr import free_names
from mathquiz.expression.scope import Scope
from mathquiz.judging.by_identity import ByIdentity
from mathquiz.judging.symbolic import is_matrix, to_sympy
from mathquiz.problem.format import Problem
from mathquiz.problem.static_checks import derived_order, parse_cached


class DrawError(Exception):
    """A problem whose instance cannot be drawn (a condition that never holds, a bad builtin use)."""


def _is_zero(v) -> bool:
    """Exact zero test: SymPy's quick assumptions first, simplify only when they cannot tell."""
    known = v.is_zero
    if known is not None:
        return bool(known)
    expanded = sp.expand(v)
    if expanded == 0 or expanded.free_symbols:
        return expanded == 0  # with symbols left, "distinct" means different expressions
    return sp.simplify(expanded) == 0  # a number SymPy cannot classify quickly


def holds(cond, values: dict, scope: Scope, shapes) -> bool:
    def val(text):
        return to_sympy(parse_cached(str(text), scope), env=values, shapes=shapes)

    if cond.distinct is not None:
        items = [val(t) for t in cond.distinct]

        def differ(a, b) -> bool:
            gap = a - b
            return not all(_is_zero(x) for x in gap) if is_matrix(gap) else not _is_zero(gap)

        return all(differ(a, b) for i, a in enumerate(items) for b in items[i + 1:])
    key = next(k for k in ("nonzero", "positive", "nonnegative") if getattr(cond, k) is not None)
    v = val(getattr(cond, key))
    if is_matrix(v):
        raise DrawError(f"condition {key}: {getattr(cond, key)} is a matrix, not a number")
    if key == "nonzero":
        return not _is_zero(v)
    if not v.is_number:
        raise DrawError(f"condition {key}: {getattr(cond, key)} is not a number")
    return bool(v > 0) if key == "positive" else bool(v >= 0)


_PLANS: ByIdentity[tuple] = ByIdentity(1000)  # by problem: (its derived order, its checkpoints)


def plan(problem: Problem, scope: Scope) -> tuple[list[str], dict[int, list]]:
    """The order of the derived values and the checkpoints of the `where` conditions: the same for
    every seed of a problem, so found once (a cycle's ValueError is the draw's to report, every time)."""
    return _PLANS.get(problem, lambda: _plan(problem, scope))


def _plan(problem: Problem, scope: Scope) -> tuple[list[str], dict[int, list]]:
    order = derived_order(problem)
    return order, _checkpoints(problem, order, scope)


def _checkpoints(problem: Problem, order: list[str], scope: Scope) -> dict[int, list]:
    """The `where` conditions by the derived value after which each can be checked (-1: before
    the first): a draw that fails one is dropped before the costlier values are computed. Only
    the order changes: the parameters are drawn first and in full, so the instances are the same."""
    position = {name: k for k, name in enumerate(order)}
    found: dict[int, list] = {}
    for cond in problem.where:
        texts = cond.distinct if cond.distinct is not None else \
            [next(t for t in (cond.nonzero, cond.positive, cond.nonnegative) if t is not None)]
        names = set().union(*(free_names(parse_cached(str(t), scope)) for t in texts))
        found.setdefault(max((position[n] for n in names if n in position), default=-1), []).append(cond)
    return found


def region_bound(inst, cond) -> tuple:
    """One condition of a part's region as (test, tree), drawn values put in."""
    test = next(k for k in ("nonzero", "positive", "nonnegative") if getattr(cond, k) is not None)
    return test, inst.tree(getattr(cond, test))


def relative_tolerance(inst, part, key) -> float:
    """A number's relative tolerance; with `tolerance_of`, relative to that quantity (the second
    Adam step, not θ₂ ≈ θ₀ ± 2α): the key's own tolerance shrinks by |quantity| / |key|."""
    rtol = part.rtol if part.rtol is not None else 1e-3
    if part.tolerance_of is None:
        return rtol
    from mathquiz.judging.evaluate import Evaluator

    try:
        scale = abs(float(Evaluator({})(inst.tree(part.tolerance_of, True))))
        size = float(abs(Evaluator({})(key))) if not hasattr(key, "rows") else 0.0
    except Exception:  # noqa: BLE001 - a quantity that cannot be evaluated keeps the plain tolerance
        return rtol
    return rtol * scale / size if size > 0 and 0 < scale < size else rtol
