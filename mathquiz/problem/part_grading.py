"""Grading one part of a drawn instance, whatever its kind, with named-mistake feedback."""

from __future__ import annotations

import math
import re
from dataclasses import replace

from mathquiz.expression.limits import MAX_LENGTH, ParseError
from mathquiz.expression.notation import as_written
from mathquiz.expression.printing import to_unicode
from mathquiz.expression.shapes import ShapeError, infer
from mathquiz.judging.equivalence import CORRECT, INCORRECT, INVALID, AuthorError, Verdict
from mathquiz.judging.evaluate import clock
from mathquiz.problem.degeneracy import WithSettings, compare_cases
from mathquiz.problem.instances import NUMERIC_KINDS, PartInstance, fill
from mathquiz.problem.properties import judge as judge_property
from mathquiz.problem.static_checks import EXPRESSION_KINDS, parse_cached

MISTAKE_SECONDS = 3.0  # looking for the named mistake behind one wrong answer, in all

def grade(part: PartInstance, text: str, explain: bool = True) -> Verdict:
    """The verdict for a student's answer to one part. Without `explain` only the status is
    right (validate): a wrong expression is not matched against the named mistakes, the reason
    is not worded and the answer is not printed back."""
    text = text.strip()
    if not text:
        return Verdict(INVALID, "type an answer (or `hint`, `skip`, `solution`, `help`)")
    if len(text) > MAX_LENGTH:
        return Verdict(INVALID, f"the answer is too long (the limit is {MAX_LENGTH} characters)")
    kind = part.part.kind
    if kind in EXPRESSION_KINDS:
        return _expression(part, text, explain)
    if kind == "shape":
        verdict = _shape(part, text)
    elif kind == "choice":
        verdict = _number(part, text, len(part.part.choices), "choice")
    elif kind == "wrong-step":
        verdict = _number(part, text, len(part.steps), "step")
    else:
        verdict = _ordering(part, text)
    return _typed_mistake(part, verdict) if verdict.status == INCORRECT else verdict


def _normal(kind: str, text: str):
    """A shape, choice, step number or order in one canonical form, to compare with mistakes."""
    if kind == "shape":
        shape = parse_shape_answer(text)
        return None if shape is None else (shape[0].lower(), shape[1].lower())
    return tuple(x for x in re.split(r"[\s,;]+", text.strip().rstrip(".")) if x)


def _typed_mistake(part: PartInstance, verdict: Verdict) -> Verdict:
    kind = part.part.kind
    given = _normal(kind, verdict.read_as.replace("×", " x "))
    for answer, feedback in part.typed_mistakes:
        if _normal(kind, answer) == given:
            return Verdict(INCORRECT, feedback, verdict.read_as, verdict.notes + ("mistake",))
    return verdict


def read(part: PartInstance, text: str):
    """The tree of a typed answer to an expression part; raises ParseError worded for this part."""
    try:
        return parse_cached(text, part.scope)
    except ParseError as exc:
        if not part.scope.variables and "unknown name" in exc.message:
            exc.message += " (this answer is a value: type numbers, not names)"
        raise


def _expression(part: PartInstance, text: str, explain: bool = True) -> Verdict:
    try:
        given = read(part, text)
    except ParseError as exc:
        return Verdict(INVALID, exc.message, error=exc)
    given = as_written(given, part.ctx.all_shapes(), _key_shape(part))
    read_as = to_unicode(given) if explain else ""
    if part.part.accept is not None:  # any value with the stated properties
        return judge_property(part, given, read_as, lambda t: fill(t, part.inst), explain)
    # without `explain` only the status is wanted: the same quiet comparison drawing's screen made
    judged = part if explain else WithSettings(part, replace(part.settings, reasons=False))
    try:
        verdict = compare_cases(judged, part.key, given, text if explain else "")
    except AuthorError:
        raise
    except RecursionError:
        return Verdict("undecided", "the answer is too complex to check", read_as, given=given)
    if verdict.ok and part.part.form is not None:
        wrong = _wrong_form(part.part.form, given)
        if wrong:
            reason = f"right value; now write it {wrong}"
            return Verdict(INVALID, reason, read_as, verdict.notes + ("form",), given=given)
    if explain and not verdict.ok and verdict.status == INCORRECT:
        deadline = clock() + MISTAKE_SECONDS
        quiet = WithSettings(part, replace(part.settings, reasons=False))  # only whether it matches
        for mistake, feedback in part.mistakes:
            if clock() > deadline:  # 20 heavy mistakes once took 18 s for one wrong answer
                break
            try:
                if compare_cases(quiet, mistake, given, text).ok:
                    return Verdict(INCORRECT, feedback, read_as, verdict.notes + ("mistake",), given=given)
            except AuthorError:
                continue
        # right values rounded too early or in the other orientation cost no attempt: said, not counted
        rounded = _close_but_not_within(part, given, read_as)
        close = f"{rounded} (this try did not count)" if rounded else _other_orientation(part, given)
        if close:
            return Verdict(INVALID, close, read_as, verdict.notes + ("close",), given=given)
        slip = _generated_slip(part, quiet, given, text, deadline)
        if slip is not None:
            return Verdict(INCORRECT, slip, read_as, verdict.notes + ("slip",), given=given)
    return Verdict(verdict.status, verdict.reason, read_as, verdict.notes, given=given, example=verdict.example)


def _wrong_form(form, given) -> str:
    """'' when the answer has the form the part asks for; else 'with m' or 'without exp(z)'."""
    from mathquiz.expression.expr import Call, Name, walk

    used = {n.name for n in walk(given) if isinstance(n, Name)} | {n.fn for n in walk(given) if isinstance(n, Call)}
    missing = [w for w in form.uses if w not in used]
    if missing:
        return "with " + ", ".join(missing)
    banned = [w for w in form.avoids if w in used]
    return "without " + ", ".join(banned) if banned else ""


def _generated_slip(part: PartInstance, quiet, given, text: str, deadline: float) -> str | None:
    """What a wrong answer equal to a generated slip of the key is told (judging.slips), or None."""
    for slip in part.slips:
        if clock() > deadline:
            return None
        try:
            if compare_cases(quiet, slip.tree, given, text).ok:
                return slip.message[:1].upper() + slip.message[1:] + "."
        except AuthorError:
            continue
    return None


def _key_shape(part: PartInstance):
    try:
        return infer(part.key, part.ctx.all_shapes())
    except ShapeError:
        return "any"


def _other_orientation(part: PartInstance, given) -> str | None:
    """`these are the right values, but a column is asked …` for a value part answered transposed."""
    from mathquiz.expression.expr import Transpose

    want = _key_shape(part)
    if part.part.kind not in NUMERIC_KINDS or want in ("any", None):
        return None
    try:
        got = infer(given, part.ctx.all_shapes())
        if got != (want[1], want[0]) or got == want:
            return None
        quiet = WithSettings(part, replace(part.settings, reasons=False))
        if not compare_cases(quiet, part.key, Transpose(given)).ok:
            return None
    except (ShapeError, AuthorError):
        return None
    asked = "a column" if want[1] == 1 else "their transpose"
    return f"these are the right values, but {asked} is asked: type it that way (this try did not count)"


_DIM = r"[A-Za-z0-9_]+"
_LATEX_SHAPE = re.compile(r"\\times|\\cdot|\\mathbb\s*\{?R\}?|\\[,;:! ]|[${}]|\\[()\[\]]")


def parse_shape_answer(text: str) -> tuple[str, str] | None:
    """'M x N', 'MxN', 'M×N', 'M by N', '(M, N)', 'scalar' -> ('M', 'N'), the sizes as typed; LaTeX
    too: `$3 \\times 2$`, `\\mathbb{R}^{C_{in} \\times k}`, `ℝ^(3×2)`."""
    t = _LATEX_SHAPE.sub(lambda m: " x " if m.group(0).startswith(("\\t", "\\c")) else "", text.strip())
    t = re.sub(r"^\s*(?:ℝ|R)?\s*\^\s*", "", t)  # ℝ^(3×2): the space, then its shape
    t = re.sub(r"\s+by\s+", " x ", t, flags=re.I).replace("×", "x").replace("*", "x").replace("·", "x")
    if t.lower() in ("scalar", "1"):
        return ("1", "1")
    t = t.strip("()[] ")
    m = re.fullmatch(rf"({_DIM})\s*(?:[xX]|,)\s*({_DIM})", t)
    return (m.group(1), m.group(2)) if m else None


def _same(a: tuple[str, str], b: tuple[str, str]) -> bool:
    return a[0].lower() == b[0].lower() and a[1].lower() == b[1].lower()  # m x n is M x N


def _shape(part: PartInstance, text: str) -> Verdict:
    want = parse_shape_answer(part.answer_text)
    got = parse_shape_answer(text)
    if got is None:
        return Verdict(INVALID, "write a shape as rows x columns, for example M x N or 3 x 2")
    read_as = f"{got[0]}×{got[1]}"
    if _same(got, want):
        return Verdict(CORRECT, "right shape", read_as)
    if _same(got, (want[1], want[0])):
        return Verdict(INCORRECT, "rows and columns are swapped: the number of rows comes first", read_as)
    return Verdict(INCORRECT, "not the shape of this expression", read_as)


def _number(part: PartInstance, text: str, count: int, what: str) -> Verdict:
    t = text.strip().rstrip(".").strip("()")
    if len(t) == 1 and t.isalpha() and what == "choice":
        t = str(ord(t.lower()) - ord("a") + 1)
    if not t.isdigit() or not 1 <= int(t) <= count:
        return Verdict(INVALID, f"type the number of a {what}, from 1 to {count}")
    if t == part.answer_text.strip():
        if what == "step":
            return Verdict(CORRECT, "right: " + slip_explained(part), t)
        return Verdict(CORRECT, f"right {what}", t)
    if what == "step":
        later = int(t) > int(part.answer_text)
        why = "an earlier line already does not follow" if later else "it follows from the lines before it"
        return Verdict(INCORRECT, f"not line {t}: {why}", t)
    return Verdict(INCORRECT, f"not that {what}: look again at each one", t)


def slip_explained(part: PartInstance) -> str:
    """What is wrong with the broken line of a wrong-step part (told once the student has answered)."""
    text = f"line {part.answer_text} is the first that does not follow from the lines before it"
    return f"{text}. {part.slip}" if part.slip else text


def _ordering(part: PartInstance, text: str) -> Verdict:
    n = len(part.order)
    items = re.split(r"[\s,;]+", text.strip())
    if len(items) == 1 and n < 10 and items[0].isdigit():
        items = list(items[0])
    if not all(i.isdigit() for i in items) or sorted(int(i) for i in items) != list(range(1, n + 1)):
        example = " ".join(map(str, range(n, 0, -1)))
        return Verdict(INVALID, f"type each step number 1 to {n} once, in order, like {example}")
    read_as = " ".join(items)
    want = part.answer_text.split()
    if items == want:
        return Verdict(CORRECT, "the steps are in the right order", read_as)
    first = next(k for k in range(n) if items[k] != want[k])
    if first == 0:
        return Verdict(INCORRECT, f"step {items[0]} does not come first", read_as)
    steps = f"{first} step{'s are' if first != 1 else ' is'}"
    return Verdict(INCORRECT, f"the first {steps} in the right order; step {items[first]} does not come next", read_as)


def significant_digits(part: PartInstance) -> int | None:
    """How many significant digits a decimal answer to a numeric part needs (None: not numeric).

    The fewest d whose worst rounding error, half a unit in the d-th digit of 1.000…, is within
    the part's relative tolerance."""
    if part.part.kind not in NUMERIC_KINDS:
        return None
    rtol = part.settings.rtol
    return max(1, math.ceil(1 + math.log10(0.5 / rtol) - 1e-9)) if rtol > 0 else None


def _whole_numbers(node) -> bool:
    from mathquiz.expression.expr import Mat, Neg, Num, walk

    return all(isinstance(n, Mat | Neg) or isinstance(n, Num) and n.value.denominator == 1 for n in walk(node))


def precision_wanted(part: PartInstance) -> str | None:
    """What a numeric prompt asks for: 'exact, or 4 significant digits'."""
    digits = significant_digits(part)
    if digits is None or _whole_numbers(part.key):
        return None  # an answer of whole numbers needs no decimals
    return f"exact, or {digits} significant digit{'s' if digits != 1 else ''}"


def _close_but_not_within(part: PartInstance, given, read_as: str) -> str | None:
    """`0.22 is close: give 4 significant digits, or the exact value` when every entry is right
    or is the key rounded to fewer digits than asked (0.19 for 0.1875; None otherwise)."""
    from mathquiz.expression.expr import Mat
    from mathquiz.judging.evaluate import Evaluator, OutOfTime, Undefined

    digits = significant_digits(part)
    if digits is None:
        return None
    try:
        key, typed = Evaluator({})(part.key), Evaluator({})(given)
    except (Undefined, OutOfTime):
        return None
    if getattr(key, "shape", None) != getattr(typed, "shape", None):
        return None
    nodes = [x for row in given.rows for x in row] if isinstance(given, Mat) else [given]
    keys = list(key.flat) if hasattr(key, "flat") else [key]
    values = list(typed.flat) if hasattr(typed, "flat") else [typed]
    if len(nodes) != len(keys):
        return None
    s, rounded = part.settings, False
    try:
        for node, k, g in zip(nodes, keys, values, strict=True):
            if abs(k - g) <= s.atol + s.rtol * max(abs(k), abs(g)):
                continue
            unit = _last_digit(node)
            if unit is None or abs(k - g) > 0.5001 * unit:
                return None
            rounded = True
    except TypeError:  # complex values: not a rounding question
        return None
    if not rounded:
        return None
    what = read_as if len(read_as) <= 24 else ("these entries" if len(nodes) > 1 else "this")
    verb = "are" if what == "these entries" else "is"
    exact = "the exact value" if len(nodes) == 1 else "exact values"
    return f"{what} {verb} close: give {digits} significant digits, or {exact}"


def _last_digit(node) -> float | None:
    """The place of the last digit of a typed decimal (0.01 for 0.13); None if not a decimal."""
    from decimal import Decimal

    from mathquiz.expression.expr import Neg, Num
    from mathquiz.expression.printing import decimal_text

    inner = node.arg if isinstance(node, Neg) else node
    if not (isinstance(inner, Num) and inner.decimal):
        return None
    return 10.0 ** Decimal(decimal_text(inner.value)).as_tuple().exponent
