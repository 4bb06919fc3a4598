"""A part's `follows`: the key that follows from a student's own wrong earlier answers, and the
verdict `carried` when a later answer is right from them (follow-through: a slip is marked once,
where it was made); and validate's check that the key comes back from the keys it follows."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import sympy as sp

from mathquiz.expression.expr import free_names
from mathquiz.expression.limits import ParseError
from mathquiz.expression.printing import to_text
from mathquiz.judging.equivalence import INCORRECT, AuthorError, Verdict
from mathquiz.judging.symbolic import SymbolicError, is_matrix, to_sympy
from mathquiz.judging.sympy_trees import from_sympy
from mathquiz.judging.timebox import TimeUp, time_box
from mathquiz.problem.conditions import plan
from mathquiz.problem.degeneracy import WithSettings, compare_cases
from mathquiz.problem.format import Problem
from mathquiz.problem.instances import Instance, PartInstance, symbol_objects
from mathquiz.problem.part_grading import as_meant, grade, read
from mathquiz.problem.static_checks import author_scope, parse_cached

CARRIED = "carried"  # right from the student's own wrong earlier answer (follow-through), not the key
FOLLOW_SECONDS = 1.0  # computing the key that follows from a student's earlier answers


def follow_through(part: PartInstance, verdict: Verdict, text: str,
                   earlier: Mapping[int, str]) -> tuple[Verdict, list[int]]:
    """`verdict`, or CARRIED when a wrong answer is right from the student's own answers to the parts
    this part follows (`earlier`: 1-based part -> the answer typed there, for parts not answered
    right), so that one slip is marked once; with the parts it was carried from."""
    if verdict.status != INCORRECT or not part.part.follows or verdict.given is None:
        return verdict, []
    found = carried_key(part, earlier)
    if found is None:
        return verdict, []
    key, used = found
    quiet = WithSettings(part, replace(part.settings, reasons=False))
    try:
        if not compare_cases(quiet, key, verdict.given, text).ok:
            return verdict, []
    except AuthorError:
        return verdict, []
    which = " and ".join(f"part {n}" for n in used)
    return Verdict(CARRIED, f"right, following from your {which}", verdict.read_as,
                   tuple(n for n in verdict.notes if n not in ("mistake", "slip")) + (CARRIED,),
                   given=verdict.given), used


def carried_key(part: PartInstance, earlier: Mapping[int, str]) -> tuple[object, list[int]] | None:
    """The key that follows from the student's answers to the parts this part follows, with those
    parts: each answer that reads as a value is put in place of its part's key (a derived value)
    and the derived values are computed again; with `at`, the student's formula is taken at that
    point. None when no such answer is given or readable, or nothing can be computed from them (a
    division by zero, a value too large, a name left without a value)."""
    inst, scope = part.inst, author_scope(part.inst.problem)
    env, fixed, used = {**inst.values, **symbol_objects(inst.shapes)}, {}, []
    try:
        with time_box(FOLLOW_SECONDS):
            point = {name: to_sympy(parse_cached(str(v), scope), env=env, shapes=inst.shapes)
                     for name, v in part.part.at.items()}
            for n in part.part.follows:
                source, name = inst.parts[n - 1], str(inst.parts[n - 1].part.answer).strip()
                if not point:
                    fixed[name] = inst.values[name]  # answered right: what is computed from it stays
                try:
                    given = as_meant(source, read(source, earlier[n].strip()))  # as grading reads it
                except (KeyError, ParseError):  # not answered, answered right, or not readable
                    continue
                fixed[name], used = to_sympy(given, env=point or env, shapes=inst.shapes), used + [n]
            if not used:
                return None
            key = fixed[name] if point else to_sympy(parse_cached(str(part.part.answer), scope),
                                                     env=rederived(inst.problem, env, inst.shapes, fixed),
                                                     shapes=inst.shapes)
            key = key.as_explicit() if isinstance(key, sp.MatrixExpr) else key
            if isinstance(key, sp.MatrixBase):
                key = key[0, 0] if key.shape == (1, 1) else key
            entries = key if isinstance(key, sp.MatrixBase) else [key]
            if any(x.free_symbols or x.is_finite is False or x.has(sp.nan, sp.zoo) for x in entries):
                return None  # a name the point does not give, or a division by zero on their value
            return from_sympy(key), used
    except (TimeUp, SymbolicError, ParseError, ValueError, TypeError, ArithmeticError, AttributeError,
            IndexError, RecursionError, sp.ShapeError, sp.matrices.exceptions.NonInvertibleMatrixError):
        return None


def rederived(problem: Problem, env: dict, shapes, fixed: dict) -> dict:
    """The drawn values `env` with `fixed` in place of some of them, and every derived value computed
    from those computed again in order: the values that follow from a student's own earlier answer."""
    scope = author_scope(problem)
    order, _ = plan(problem, scope)
    env, changed = {**env, **fixed}, set(fixed)
    for name in order:
        tree = parse_cached(problem.derived[name], scope)
        if name not in fixed and free_names(tree) & changed:
            value = to_sympy(tree, env=env, shapes=shapes)
            env[name] = value[0, 0] if is_matrix(value) and value.shape == (1, 1) else value
            changed.add(name)
    return env


def follow_failures(inst: Instance) -> tuple[list[str], set[int]]:
    """Each part that follows earlier parts: their keys, typed as a student types them, give its key
    back; and the set of those parts whose key changes when a followed answer is off by one
    (validate fails a part whose key never changes: following it would mark nothing)."""
    failures, changed = [], set()
    for part in inst.parts:
        if not part.part.follows:
            continue
        name = f"part {part.index + 1}"
        right = carried_key(part, {n: inst.parts[n - 1].answer_text for n in part.part.follows})
        if right is None or not grade(part, to_text(right[0]), explain=False).ok:
            shown = "nothing" if right is None else to_text(right[0])
            failures.append(f"{name}: its key computed again from the keys of the parts it follows gives {shown}, "
                            f"not {part.answer_text}")
            continue
        for n in part.part.follows:  # one followed part wrong at a time: two slips may cancel (a − b)
            for off in _wrong_answers(inst, inst.parts[n - 1], bool(part.part.at)):
                wrong = carried_key(part, {n: off})
                if wrong is not None and not grade(part, to_text(wrong[0]), explain=False).ok:
                    changed.add(part.index + 1)
    return failures, changed


def _wrong_answers(inst: Instance, source: PartInstance, formula: bool) -> list[str]:
    """Typical wrong answers to a followed part: a formula + 1 (twice a matrix formula); a value + 1,
    every entry + 1, and the first entry + 1 (a softmax of the scores does not see every entry + 1)."""
    if formula:
        return [f"({source.answer_text}) + 1" if source.part.kind == "expression" else f"2*({source.answer_text})"]
    value = inst.values[str(source.part.answer).strip()]
    if not isinstance(value, sp.MatrixBase):
        return [to_text(from_sympy(value + 1))]
    first = sp.zeros(*value.shape)
    first[0, 0] = 1
    return [to_text(from_sympy(value + sp.ones(*value.shape))), to_text(from_sympy(value + first))]
