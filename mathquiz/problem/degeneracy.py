"""Degenerate draws: an instance where a named mistake, or a sample the file says is incorrect,
equals the key (a wrong answer would be graded correct), or two mistakes with different feedback
coincide (the feedback would be a coin toss). Drawing rejects such instances and draws again."""

from __future__ import annotations

from dataclasses import replace

from mathquiz.expression.expr import BinOp, Call, Mat, Name, Neg, Node, Transpose
from mathquiz.expression.limits import ParseError
from mathquiz.expression.printing import to_unicode
from mathquiz.expression.shapes import ShapeError
from mathquiz.judging.equivalence import CORRECT, AuthorError, Verdict, compare
from mathquiz.problem.static_checks import EXPRESSION_KINDS, parse_cached


def compare_cases(part, expected, given, source: str = "") -> Verdict:
    """Grading's comparison: in every case of the part (a `cases` substitution), else once."""
    if not part.cases:
        return compare(expected, given, part.ctx, part.settings, sources=("", source))
    for case in part.cases:
        v = compare(substitute(expected, case), substitute(given, case), part.ctx, part.settings)
        if not v.ok:
            shown = ", ".join(f"{k} = {to_unicode(n)}" for k, n in case.items())
            return replace(v, reason=f"in the case {shown}: {v.reason}")
    return Verdict(CORRECT, "equivalent to the expected answer in every case")


def substitute(node: Node, values: dict[str, Node]) -> Node:
    """Replace names by trees; a part that mentions none of them is kept as it is (no copy)."""
    if isinstance(node, Name):
        return values.get(node.name, node)
    if isinstance(node, Neg | Transpose):
        arg = substitute(node.arg, values)
        return node if arg is node.arg else type(node)(arg)
    if isinstance(node, BinOp):
        left, right = substitute(node.left, values), substitute(node.right, values)
        return node if left is node.left and right is node.right else BinOp(node.op, left, right)
    if isinstance(node, Call):
        args = tuple(substitute(a, values) for a in node.args)
        return node if all(a is b for a, b in zip(args, node.args, strict=True)) else Call(node.fn, args)
    if isinstance(node, Mat):
        rows = tuple(tuple(substitute(x, values) for x in row) for row in node.rows)
        same = all(a is b for r, s in zip(rows, node.rows, strict=True) for a, b in zip(r, s, strict=True))
        return node if same else Mat(rows)
    return node


def same_value(quick, a, b) -> bool:
    """Whether two trees agree on the part: at its quick settings, then confirmed at 6 points (two
    points may both fall where the two agree, as step(W₁x) = 0; the points of a pair that every
    draw compares again are the same each time, so a false match would re-draw every draw)."""
    try:
        if not compare_cases(quick, a, b).ok:
            return False
        if quick.settings.points >= CONFIRM_POINTS:
            return True
        return compare_cases(WithSettings(quick, replace(quick.settings, points=CONFIRM_POINTS)), a, b).ok
    except (AuthorError, ShapeError, ParseError, RecursionError):
        return False  # an ill-formed mistake is validate's to report, not a coincidence


CONFIRM_POINTS = 6
GENERATED = "a generated slip"  # how a re-draw for a generated slip is worded (validate counts them)


def redraw_cause(why: str) -> tuple[int, str]:
    """A re-draw's reason (`part N: …` as drawing records it) as (part, cause): the named mistake or
    incorrect sample by its file text, or the generated slip by its rule, without the drawn value,
    so that the same cause on every seed is counted together."""
    head, _, rest = why.partition(": ")
    for mark in (" equals the key", " coincide", " has every property"):
        if mark in rest:
            rest = rest[:rest.index(mark)] + (mark if mark == " coincide" else "")
            break
    return int(head.removeprefix("part ")), rest


def degenerate(part, fill, generated: bool = True) -> str | None:
    """Why this drawn part is degenerate, or None. `fill(text)` fills placeholders in answer syntax;
    `generated`: the generated slips are screened too (judging.slips)."""
    kind = part.part.kind
    if kind not in EXPRESSION_KINDS:
        return None  # typed kinds compare texts: a coincidence there is a fixed fact of the file
    mistakes = part.mistakes
    # two points suffice: agreeing by chance at both only costs a needless re-draw
    quick = WithSettings(part, replace(part.settings, points=2, reasons=False))
    # a pair that reads no drawn value compares the same on every re-draw of this seed: drawing again
    # cannot help, and an answer equal to the key whatever is drawn is validate's to report
    fixed = not uses_drawn(part.part.answer, part)
    for (node, _feedback), m in zip(mistakes, part.part.mistakes, strict=True):
        if fixed and not uses_drawn(m.answer, part):
            continue
        if same_value(quick, part.key, node):
            return f"the named mistake {str(m.answer)!r} equals the key ({to_unicode(node)})"
    for sample in part.part.tests.incorrect:
        if fixed and not uses_drawn(sample, part):
            continue
        try:
            node = parse_cached(fill(sample), part.scope)
        except ParseError:
            continue
        if same_value(quick, part.key, node):
            return f"the incorrect sample {sample!r} equals the key"
    drawn = [uses_drawn(m.answer, part) for m in part.part.mistakes]
    texts = [str(m.answer) for m in part.part.mistakes]
    for i, (a, fa) in enumerate(mistakes):
        for j in range(i + 1, len(mistakes)):
            b, fb = mistakes[j]
            if (drawn[i] or drawn[j]) and fa != fb and same_value(quick, a, b):
                return f"the named mistakes {texts[i]!r} and {texts[j]!r} (different feedback) coincide " \
                       f"({to_unicode(a)})"
    for slip in part.slips if generated and not fixed else ():
        if same_value(quick, part.key, slip.tree):
            return f"{GENERATED} ({slip.rule}) equals the key ({to_unicode(slip.tree)})"
    return None  # mistakes that coincide whatever is drawn are a fault of the file: validate reports them


class WithSettings:
    """A part seen with other comparison settings."""

    def __init__(self, part, settings):
        self.cases, self.ctx, self.settings = part.cases, part.ctx, settings


def uses_drawn(text, part) -> bool:
    inst = part.inst
    names = set(inst.values) if inst is not None else set()
    return any(n in names for n in _words(str(text)))


def _words(text: str) -> set[str]:
    import re

    return set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", text))
