"""What a claim check is remembered by: the claim, its target and the drawn values it reads (a
claim met again on another seed with the same values is not checked again)."""

from __future__ import annotations

import sympy as sp

from mathquiz.expression.expr import free_names
from mathquiz.judging.by_identity import ByIdentity
from mathquiz.problem.format import Claim, Problem
from mathquiz.problem.instances import Instance, fill
from mathquiz.problem.static_checks import claim_scope, claim_texts, parse_cached


def memo_key(inst: Instance, claim: Claim, target) -> tuple | None:
    """The claim with the drawn values it reads; None when it reads a value that cannot be keyed."""
    read = _reads(inst.problem, claim, target)
    if read is None:
        return None
    names, said = read
    drawn = tuple(sorted((n, _value_key(inst.values[n])) for n in names if n in inst.values))
    sizes = tuple(sorted((n, s) for n, s in inst.shapes.items() if n in names))
    return (inst.problem.id, said, str(target), drawn, sizes, _filled(inst, claim, target))


_READS: ByIdentity[tuple | None] = ByIdentity(20_000)  # by claim and target


def _reads(problem: Problem, claim: Claim, target) -> tuple[frozenset, str] | None:
    """The names a claim and its target read, and the claim as text: the same on every seed."""
    return _READS.get(claim, lambda: _read(problem, claim, target), str(target))


def _read(problem: Problem, claim: Claim, target) -> tuple[frozenset, str] | None:
    scope = claim_scope(problem, claim)
    # the sizes of `let` vectors and matrices, and the laws' parameters (normal(0, s)), are read too
    names: set[str] = {s for v in claim.let.values() if isinstance(v, dict) for size in v.values()
                       for s in (size if isinstance(size, list) else [size]) if isinstance(s, str)}
    texts = [t for _, t in claim_texts(claim)] + [target] + [a for law in claim.under.values() for a in _arguments(law)]
    try:
        for text in texts:
            if isinstance(text, str) and claim.operator == "shape_of" and text is target:
                continue
            names |= free_names(parse_cached(str(text), scope))
    except Exception:  # noqa: BLE001 - an unparsable text is reported by the check itself
        return None
    names -= set(claim.let) | set(claim.over) | set(claim.under)
    return frozenset(names), repr(claim)


def _arguments(law: str) -> list[str]:
    """The parameters of a law such as normal(mu, s/sqrt(n)) (an ill-formed law is the check's to report)."""
    _, _, rest = law.strip().partition("(")
    return rest[:-1].split(",") if rest.endswith(")") else []


def _value_key(value) -> tuple:
    """A drawn value as a key: SymPy's structural equality, the type kept apart (1 is not 1.0)."""
    if isinstance(value, sp.MatrixBase):  # a mutable matrix is not hashable; its entries are
        return ("matrix", value.shape, tuple((type(x), x) for x in value))
    return (type(value), value)


def _filled(inst: Instance, claim: Claim, target) -> str:
    return fill(str(target), inst, "text") if claim.operator == "shape_of" else ""
