"""Parts whose answer is any value with a property (`accept:`): XOR weights, an eigenvector, a
subgradient at a kink, a vector of a null space.

The conditions are expressions of the problem file in which `ans` stands for the student's
typed value; they are evaluated numerically (40 digits) by the answer evaluator, under the same
time box as any comparison, never with `eval`. The key (`answer:`) is one valid example: it is
what `solve` shows, and validate grades it like every key, so it must meet the conditions on
every draw. A named mistake is a value (`answer:`) or a property of the wrong answer (`holds:`).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from mathquiz.expression.expr import Node, Transpose, free_names
from mathquiz.expression.shapes import ShapeError, infer
from mathquiz.judging.equivalence import CORRECT, INCORRECT, UNDECIDED, Verdict, compare
from mathquiz.judging.evaluate import Evaluator, clock
from mathquiz.judging.mp_base import OutOfTime, Undefined
from mathquiz.problem.degeneracy import substitute
from mathquiz.problem.format import Property
from mathquiz.problem.static_checks import ANSWER, parse_cached, property_scope

SECONDS = 2.0  # for all the conditions of one answer, as for one comparison


def _value(inst, text, given: Node, deadline: float):
    """A condition's expression at this draw with `ans` = the given tree, at 40 digits."""
    tree = parse_cached(str(text), property_scope(inst.problem))
    trees = inst.trees()
    names = {n: trees[n] for n in free_names(tree) if n in inst.values}
    names[ANSWER] = given
    return Evaluator({}, deadline, real=True)(substitute(tree, names))


def _entries(v) -> list:
    return list(v.flat) if isinstance(v, np.ndarray) else [v]


def holds(inst, cond: Property, given: Node, tolerance: float, deadline: float) -> bool:
    """Whether one condition holds for the given answer (an undefined value never holds)."""
    try:
        values = [_value(inst, text, given, deadline) for text in cond.exprs]
    except Undefined:
        return False
    test, first = cond.test, _entries(values[0])
    if test == "zero":
        return all(abs(x) <= tolerance for x in first)
    if test == "nonzero":
        return any(abs(x) > tolerance for x in first)
    if test == "positive":
        return all(x > tolerance for x in first)
    if test == "nonnegative":
        return all(x >= -tolerance for x in first)
    a, b = values  # equal
    if getattr(a, "shape", None) != getattr(b, "shape", None):
        return False
    return all(abs(x - y) <= tolerance * max(1, abs(x), abs(y)) for x, y in zip(first, _entries(b), strict=True))


def first_failing(inst, conditions: list[Property], given: Node, tolerance: float, deadline: float) -> int | None:
    """The index of the first condition that does not hold, None when all do (OutOfTime past the deadline)."""
    return next((k for k, c in enumerate(conditions) if not holds(inst, c, given, tolerance, deadline)), None)


def _shape(node: Node) -> tuple[int, int]:
    return infer(node, {}) or (1, 1)  # None: a scalar


def _size(shape: tuple[int, int]) -> str:
    return "scalar" if shape == (1, 1) else f"{shape[0]}×{shape[1]}"


def _shape_note(key: Node, given: Node) -> str | None:
    try:
        want, got = _shape(key), _shape(given)
    except ShapeError as exc:
        return exc.message
    if want == got:
        return None
    swapped = " (the transpose of what is asked)" if got == (want[1], want[0]) else ""
    return f"expected {_size(want)}, got {_size(got)}{swapped}"


def judge(part, given: Node, read_as: str, fill: Callable[[str], str], explain: bool = True) -> Verdict:
    """The verdict for a typed value on a part with `accept`: correct when every condition holds."""
    accept, inst = part.part.accept, part.inst
    note = _shape_note(part.key, given)
    if note and part.settings.accept_transpose and "transpose" in note:
        given, note = Transpose(given), None  # a row where a column is asked, allowed by the part
    if note:
        return Verdict(INCORRECT, note, read_as, ("shape",), given=given)
    deadline = clock() + SECONDS
    try:
        Evaluator({}, deadline, real=True)(given)
    except Undefined:
        return Verdict(INCORRECT, "your answer is undefined", read_as, given=given)
    except OutOfTime:
        return Verdict(UNDECIDED, "checking this answer took too long", read_as, given=given)
    try:
        failing = first_failing(inst, accept.holds, given, accept.tolerance, deadline)
        if failing is None:
            return Verdict(CORRECT, "right: it has every property asked for", read_as, given=given)
        if not explain:
            return Verdict(INCORRECT, "", read_as, given=given)
        for mistake in part.part.mistakes:
            if _matches(part, mistake, given, deadline):
                return Verdict(INCORRECT, mistake.told(fill(mistake.feedback)), read_as, ("mistake",), given=given)
    except OutOfTime:
        return Verdict(UNDECIDED, "checking this answer took too long", read_as, given=given)
    says = accept.holds[failing].says
    reason = fill(says) if says else f"it does not have the property asked for (condition {failing + 1})"
    return Verdict(INCORRECT, reason, read_as, given=given)


def _matches(part, mistake, given: Node, deadline: float) -> bool:
    if mistake.holds:
        return first_failing(part.inst, mistake.holds, given, part.part.accept.tolerance, deadline) is None
    node = part.inst.tree(mistake.answer, numeric=True)
    return compare(node, given, part.ctx, part.settings).ok


def degenerate(part, fill: Callable[[str], str]) -> str | None:
    """Why this draw of a part with `accept` is degenerate, or None: a named mistake's value or an
    incorrect sample meets every condition (it would be graded correct)."""
    accept, inst = part.part.accept, part.inst
    deadline = clock() + 4 * SECONDS
    wrong = [(m.answer, f"the named mistake {str(m.answer)!r}") for m in part.part.mistakes if m.answer is not None]
    wrong += [(s, f"the incorrect sample {s!r}") for s in part.part.tests.incorrect]
    for text, what in wrong:
        try:
            mistake = what.startswith("the named mistake")
            node = inst.tree(text, numeric=True) if mistake else parse_cached(fill(text), part.scope)
            if _shape_note(part.key, node) is None and \
                    first_failing(inst, accept.holds, node, accept.tolerance, deadline) is None:
                return f"{what} has every property asked for"
        except Exception:  # noqa: BLE001  an ill-formed sample or mistake is validate's to report
            continue
    return None  # a mistake given as a property that holds for the key is never reached on this draw: harmless


def property_failures(inst) -> list[str]:
    """validate: every condition and every mistake given as a property can be evaluated at the key
    in time (an undefined condition at the key is named)."""
    out = []
    for part in inst.parts:
        accept = part.part.accept
        if accept is None:
            continue
        deadline = clock() + 4 * SECONDS
        conditions = [(f"condition {k + 1}", c) for k, c in enumerate(accept.holds)]
        conditions += [(f"mistake {m + 1}", c) for m, mistake in enumerate(part.part.mistakes) for c in mistake.holds]
        for what, cond in conditions:
            try:
                [_value(inst, text, part.key, deadline) for text in cond.exprs]
            except Undefined as exc:
                out.append(f"part {part.index + 1}: {what} is undefined at the key ({exc})")
            except OutOfTime:
                out.append(f"part {part.index + 1}: {what} took too long at the key")
    return out
