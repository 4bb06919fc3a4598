"""An exam's marks for one part, as a fraction of its points: the partial-credit rule for working.

- full marks for a right answer (a derivation's last line, or an answer typed at once);
- half marks for a wrong last line whose working is right up to exactly one step that a known slip
  explains (a named mistake of the part, or a generated slip of the line before it or of the key:
  `study.derivation`), when at least one line before that step follows and every readable line after
  it follows from the line before (the working carried on from the slip);
- nothing otherwise: a wrong answer typed at once, two steps that do not follow, a step no known
  slip explains, working that never reaches the answer, an unreadable or undecided answer.

Lines that cannot be read are not working: they are passed over. The part's verdict is not changed
by its marks: half marks are an incorrect answer for the history, `stats` and the memory model.
"""

from __future__ import annotations

from dataclasses import dataclass

from mathquiz.judging.equivalence import CORRECT, INCORRECT
from mathquiz.proof.follows import CARRIED
from mathquiz.study.derivation import DOES_NOT_FOLLOW, UNREADABLE, Derivation, equal_on_part

FULL, HALF, NONE = 1.0, 0.5, 0.0


@dataclass(frozen=True)
class Credit:
    """The fraction of a part's points earned, and why (worded for the exam report)."""

    fraction: float
    why: str = ""


def credit(verdict: str, working: Derivation | None) -> Credit:
    """The marks of an exam part answered with `verdict`, shown `working` (None: typed at once)."""
    if verdict == CORRECT:
        return Credit(FULL, "right")
    if verdict == CARRIED:  # an error is marked once, where it was made
        return Credit(FULL, "right, following from your own earlier answer")
    if working is None or verdict != INCORRECT:
        return Credit(NONE, "")
    numbered = [(k, ln) for k, ln in enumerate(working.lines, 1) if ln.verdict != UNREADABLE]
    slips = [(k, ln) for k, ln in numbered if ln.verdict == DOES_NOT_FOLLOW]
    if not slips:
        return Credit(NONE, "every line follows from the one before, but the working does not reach the answer")
    if len(slips) > 1:
        return Credit(NONE, f"{len(slips)} lines do not follow (lines {', '.join(str(k) for k, _ in slips)})")
    k, slip = slips[0]
    before = [ln for j, ln in numbered if j < k]
    after = [ln for j, ln in numbered if j > k]
    if not slip.mistake:
        return Credit(NONE, f"line {k} does not follow, and no known slip explains it")
    if not before:
        return Credit(NONE, f"line {k} is a known slip ({slip.mistake}), but no line of working before it follows")
    if not all(ln.after_slip for ln in after):
        return Credit(NONE, f"after the slip in line {k} the working does not follow from it")
    if not _right(working, before[-1]):
        return Credit(NONE, f"line {k} is a known slip, but the working before it is not right")
    return Credit(HALF, f"one known slip, in line {k}, and the working carried on from it")


def _right(working: Derivation, last) -> bool:
    """Whether the working before the slip is right: it follows from the part's starting point (equal
    to the key: `derives` proves it), or, from a free first line, its last line equals the key."""
    if working.start is not None:
        return True
    return last.given is not None and equal_on_part(working.part, working.part.key, last.given)
