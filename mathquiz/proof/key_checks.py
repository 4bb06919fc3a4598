"""Keys derived from the statement: a part's `derives` claim is checked at every drawn instance; and a
part that `follows` earlier parts gets its key back from theirs, and another from a wrong one."""

from __future__ import annotations

from mathquiz.problem.instances import Instance, PartInstance
from mathquiz.problem.part_grading import carried_key, grade
from mathquiz.proof.claims import POINTS, ClaimCheck, check


def key_target(part: PartInstance):
    """What the claim is checked against: the key expression, or the shape text of a shape part."""
    return part.part.answer


def key_check(inst: Instance, part: PartInstance, index_forms: bool = True, numeric: bool = False,
              points: int = POINTS) -> ClaimCheck | None:
    claim = part.part.derives
    if claim is None or (claim.over and not index_forms):
        return None
    return check(inst, claim, key_target(part), numeric, points)


def key_failures(inst: Instance, numeric: bool = False, points: int = POINTS) -> list[str]:
    """`numeric`: confirm calculus claims by central differences first, at `points` points (claims.check)."""
    failures = []
    for part in inst.parts:
        outcome = key_check(inst, part, numeric=numeric, points=points)
        if outcome is not None and not outcome.ok:
            failures.append(f"part {part.index + 1}: the key is not what `derives` says: {outcome.message}")
    return failures


def key_check_json(inst: Instance, part: PartInstance) -> dict | None:
    """solve --json's "key_check": what the key was checked against, or null."""
    claim = part.part.derives
    if claim is None:
        return None
    out: dict = {"kind": claim.operator}
    if claim.operator != "cases":
        out["of"] = str(getattr(claim, claim.operator))
    if claim.wrt is not None:
        out["wrt"] = claim.wrt
    if claim.under:
        out["under"] = dict(claim.under)
    if claim.at:
        out["at"] = {k: str(v) for k, v in claim.at.items()}
    if claim.over:
        out["over"] = {k: [str(a), str(b)] for k, (a, b) in claim.over.items()}
        out["verified"] = None  # an index form is proved by validate, once for all draws
        return out
    outcome = key_check(inst, part)
    out["method"], out["verified"] = outcome.method, outcome.ok
    return out


def follow_failures(inst: Instance) -> tuple[list[str], set[int]]:
    """Each part that follows earlier parts: their keys, typed as a student types them, give its key
    back; and the set of those parts whose key changes when a followed answer is off by one
    (validate fails a part whose key never changes: following it would mark nothing)."""
    from mathquiz.expression.printing import to_text

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
    import sympy as sp

    from mathquiz.expression.printing import to_text
    from mathquiz.judging.sympy_trees import from_sympy

    if formula:
        return [f"({source.answer_text}) + 1" if source.part.kind == "expression" else f"2*({source.answer_text})"]
    value = inst.values[str(source.part.answer).strip()]
    if not isinstance(value, sp.MatrixBase):
        return [to_text(from_sympy(value + 1))]
    first = sp.zeros(*value.shape)
    first[0, 0] = 1
    return [to_text(from_sympy(value + sp.ones(*value.shape))), to_text(from_sympy(value + first))]
