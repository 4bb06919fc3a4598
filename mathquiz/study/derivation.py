"""A student's derivation: lines typed one at a time, each checked against the last line that followed.

A line follows when it equals that line as a function of the part's variables with their shapes
(or, at a number part, as a value), judged by the same `compare` the worked solutions' steps are.
The first line is checked against the part's starting point where the part states one; `done`
grades the last line as the answer, and a wrong answer names the first line that did not follow.
A line that does not follow is explained where a known slip makes it from the line it should have
followed (a named mistake, or a generated slip of that line or of the key), and the working may go
on from it: a line equal to the line before, when that one did not follow, follows from the slip
(an exam gives such working partial credit: `study.credit`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from mathquiz.expression.expr import Node
from mathquiz.expression.limits import MAX_LENGTH, ParseError
from mathquiz.expression.notation import as_written, read_as
from mathquiz.expression.shapes import ShapeError
from mathquiz.judging.equivalence import CORRECT, INCORRECT, AuthorError, Verdict
from mathquiz.judging.evaluate import clock
from mathquiz.problem.degeneracy import WithSettings, compare_cases
from mathquiz.problem.generated import slips_of
from mathquiz.problem.instances import PartInstance
from mathquiz.problem.part_grading import MISTAKE_SECONDS, grade, read, reads_entrywise

FOLLOWS, DOES_NOT_FOLLOW, UNREADABLE = "follows", "does not follow", "cannot be read"
DERIVATION_KINDS = ("expression", "matrix-expression", "number")
MAX_LINES = 60  # a derivation longer than a page is not working shown, it is a paste gone wrong
# claims whose result is the key itself: the first line must already be that derivative, expectation, …
_KEY_IS_START = ("derivative", "gradient", "jacobian", "hessian", "divergence", "expectation", "variance")


@dataclass(frozen=True)
class Line:
    """One line of working: what was typed, how it was read and whether it follows."""

    text: str
    verdict: str  # follows | does not follow | cannot be read
    reason: str = ""
    read_as: str = ""
    example: tuple | None = field(default=None, compare=False)  # the counterexample, when it does not follow
    mistake: str = ""  # the known slip (named mistake or generated slip) that explains the step
    given: Node | None = field(default=None, compare=False)
    against: str = "the line before"  # what it was checked against: the line before, or the starting point
    after_slip: bool = False  # it follows from the line before, which did not follow (working carried on)

    def as_json(self) -> dict:
        return {"text": self.text, "read_as": self.read_as, "verdict": self.verdict, "reason": self.reason,
                "mistake": self.mistake or None, "after_slip": self.after_slip}


@dataclass(frozen=True)
class Outcome:
    """`done`: the last line graded as the answer, and where the slip is when it is wrong."""

    verdict: Verdict
    slip: int | None  # the number (1-based) of the first line that does not follow, if any
    message: str  # where the slip is, worded for the student ("" when the answer is right)


_ALIGN_ENV = re.compile(r"\\(?:begin|end)\s*\{\s*(?:align|aligned|eqnarray|gather|split)\*?\s*\}")
_EQUALS = re.compile(r"(?<![<>!=:\\])=(?!=)")


def split_lines(text: str) -> list[str]:
    """A pasted block as its lines: LaTeX `\\\\` and newlines end a line, `&` is dropped and each
    `a = b = c` is a chain of lines; an optional leading `=` is only a continuation mark."""
    text = _ALIGN_ENV.sub("\n", text).replace("&", " ")
    text = re.sub(r"\\\\(?:\[[^\]]*\])?", "\n", text)
    out = []
    for row in text.splitlines():
        out += [side.strip() for side in _EQUALS.split(row) if side.strip()]
    return [s for s in out if s not in ("$", "$$", r"\[", r"\]")]


def starting_text(part: PartInstance, start: Node | None) -> str | None:
    """The starting point (`start`: starting_point's) in words, never its value (the value of a
    derivative's start is the answer)."""
    claim = part.part.derives
    if start is None:
        return None
    if claim.operator == "equals":
        return "the expression the part states"
    wrt = f" with respect to {claim.wrt if isinstance(claim.wrt, str) else ', '.join(claim.wrt)}" if claim.wrt else ""
    return f"the {claim.operator} of {getattr(claim, claim.operator)}{wrt}"


def starting_point(part: PartInstance) -> Node | None:
    """What the first line must equal: the expression a simplifying part states (`derives: equals`),
    or the key where the part's `derives` makes the key the derivative (…) of a stated f."""
    claim = part.part.derives
    if claim is None or part.key is None or part.inst is None:
        return None
    if claim.operator == "equals" and not claim.at:
        try:
            stated = part.inst.tree(claim.equals, part.part.kind == "number")
        except (ParseError, AuthorError, ValueError):
            return None
        # a statement in names of its own (`let: {s: sin(x)}`) is not in the student's terms, and its
        # text read alone is not the key: then there is no starting point and the first line is free
        return stated if equal_on_part(part, part.key, stated) else None
    return part.key if claim.operator in _KEY_IS_START else None


def equal_on_part(part: PartInstance, a: Node, b: Node) -> bool:
    """Whether two trees are equal on the part, as grading compares (quietly: no reasons worded)."""
    quiet = WithSettings(part, replace(part.settings, reasons=False))
    try:
        return compare_cases(quiet, a, b).ok
    except (AuthorError, ShapeError, RecursionError):
        return False


def _as_step(reason: str, before: str) -> str:
    """A comparison's reason worded for two lines: `yours … expected …` is this line against `before`."""
    if reason.startswith("not the expected value"):
        return f"its value is not the value of {before}" + reason[len("not the expected value"):]
    reason = reason.replace("the expected answer", before).replace("your answer", "this line")
    return reason.replace("yours is", "this line is").replace("expected", f"{before} is")


class Derivation:
    """The working shown for one part, line by line (plain logic: text in, judged lines out)."""

    def __init__(self, part: PartInstance):
        if part.part.kind not in DERIVATION_KINDS or part.key is None:
            raise ValueError(f"a {part.part.kind} part has no derivation")
        self.part = part
        self.start = starting_point(part)
        self.lines: list[Line] = []
        self._anchor: Node | None = self.start  # the last line that followed (or the start)
        self._against = "the starting point" if self.start is not None else "the line before"
        self._slipped: Node | None = None  # the last line of working carried on from a slip

    def add(self, text: str) -> list[Line]:
        """Check what was typed (one line, or a pasted block of several); the lines as judged."""
        pieces = split_lines(text[: MAX_LENGTH * 4])
        if not self.lines and len(pieces) > 1 and self._label(pieces[0]):
            pieces = pieces[1:]  # `f'(x) = …`: the left side names what is derived, it is not a line
        room = max(0, MAX_LINES - len(self.lines))
        out = []
        for piece in pieces[:room]:
            out.append(self._check(piece))
            self.lines.append(out[-1])
        if len(pieces) > room:  # said, not kept: the working so far is what `done` grades
            out.append(Line(pieces[room], UNREADABLE, f"a derivation has at most {MAX_LINES} lines: type done"))
        return out

    def _label(self, text: str) -> bool:
        try:
            read(self.part, text)
        except ParseError:
            return True
        return False

    def _check(self, text: str) -> Line:
        try:
            given = read(self.part, text)
            given = as_written(given, self.part.ctx.all_shapes(), entrywise=reads_entrywise(self.part))
        except (ParseError, ShapeError) as exc:
            return Line(text, UNREADABLE, exc.message)
        shown = read_as(given)
        if self._anchor is None:  # a free first line: nothing to follow from
            self._anchor, self._against = given, "the line before"
            return Line(text, FOLLOWS, "the first line", shown, given=given)
        try:
            v = compare_cases(self.part, self._anchor, given, text)
        except (AuthorError, ShapeError, RecursionError) as exc:
            return Line(text, UNREADABLE, f"this line could not be checked ({exc})", shown, given=given)
        against = self._against
        if v.ok:  # on the right track (again: a slip corrected)
            self._anchor, self._against, self._slipped = given, "the line before", None
            return Line(text, FOLLOWS, f"equal to {against}", shown, given=given)
        if v.status != INCORRECT:
            return Line(text, UNREADABLE, v.reason, shown, given=given)
        if self._slipped is not None and equal_on_part(self.part, self._slipped, given):
            self._slipped = given
            return Line(text, FOLLOWS, "equal to the line before, which does not follow", shown,
                        given=given, after_slip=True)
        before, self._slipped = self._anchor, given
        return Line(text, DOES_NOT_FOLLOW, _as_step(v.reason, against), shown, v.example,
                    self._explained(given, before), given, against)

    def _explained(self, given: Node, before: Node) -> str:
        """What a student is told of the known slip this line equals: a named mistake of the part,
        a generated slip of the line it should have followed (the step itself) or of the key."""
        quiet = WithSettings(self.part, replace(self.part.settings, reasons=False))
        # screened at two points shared by every comparison (this line's values are worked out once, and
        # a slip undefined where the line is defined is no match), then confirmed as grading compares
        quick = WithSettings(self.part, replace(quiet.settings, points=2, vary_points=False))
        deadline = clock() + MISTAKE_SECONDS  # bounded as grading's own search for the mistake is

        def known():
            yield from self.part.mistakes
            for slips in (lambda: slips_of(self.part, before), lambda: self.part.slips):  # the key's: last, lazily
                for slip in slips():
                    yield slip.tree, slip.message[:1].upper() + slip.message[1:] + "."

        for mistake, feedback in known():
            if clock() > deadline:
                break
            try:
                if compare_cases(quick, given, mistake).ok and compare_cases(quiet, mistake, given).ok:
                    return feedback
            except (AuthorError, ShapeError, RecursionError):
                continue
        return ""

    def answer(self) -> Line | None:
        """The last line that could be read: what `done` grades."""
        return next((ln for ln in reversed(self.lines) if ln.verdict != UNREADABLE), None)

    def done(self) -> Outcome:
        """Grade the last line as the answer; when it is wrong, say where the working went wrong."""
        last = self.answer()
        if last is None:
            return Outcome(grade(self.part, ""), None, "")
        verdict = grade(self.part, last.text)
        if verdict.status == CORRECT or verdict.status != INCORRECT:
            return Outcome(verdict, None, "")
        slip = next((k for k, ln in enumerate(self.lines, 1) if ln.verdict == DOES_NOT_FOLLOW), None)
        if slip is None:
            where = ("every line follows from the one before, but the last is not the answer: check "
                     "what the part asks" if self.start is not None else
                     "every line follows from the one before: the slip is in the first line")
            return Outcome(verdict, None, where)
        line = self.lines[slip - 1]
        against = "the line before it" if line.against == "the line before" else line.against
        message = f"line {slip} ({line.read_as}) does not follow from {against}"
        if line.mistake and line.mistake != verdict.reason:  # not said twice when the answer is that slip
            message += f": {line.mistake}"
        return Outcome(verdict, slip, message)

    def as_json(self) -> dict:
        """`--json`'s derivation of a part: each line, its reading and its verdict."""
        slip = next((k for k, ln in enumerate(self.lines, 1) if ln.verdict == DOES_NOT_FOLLOW), None)
        return {"start": starting_text(self.part, self.start),
                "lines": [ln.as_json() for ln in self.lines], "first_slip": slip}
