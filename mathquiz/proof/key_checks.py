"""Keys derived from the statement: a part's `derives` claim is checked at every drawn instance."""

from __future__ import annotations

from mathquiz.problem.instances import Instance, PartInstance
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
