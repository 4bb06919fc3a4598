"""Guided steps: the worked solution of one part as a short dialogue (plain logic, no terminal).

Each checked step of the part is shown with its formula hidden; the student types it and it is
judged as `validate` judges that step: equal to the step's formula as a function of the part's
variables with their shapes (at a number part, as a value). Two wrong tries (or `skip`) reveal
it; remarks are shown, not asked. Then the part is asked again with fresh numbers of the same
problem (`fresh_instance`), as practice.

A part's steps are those after the step that answers the part before, up to the step that answers
it; steps at the start that go on with the earlier part's chain (no `begins`) restate that answer
and stay with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from mathquiz.expression.expr import Node, free_names
from mathquiz.expression.limits import MAX_LENGTH, ParseError
from mathquiz.expression.notation import as_written
from mathquiz.expression.printing import to_text, to_unicode
from mathquiz.expression.shapes import ShapeError
from mathquiz.judging.equivalence import CORRECT, INCORRECT, AuthorError, compare
from mathquiz.problem.format import Problem
from mathquiz.problem.instances import DrawError, Instance, PartInstance, draw, symbol_context
from mathquiz.problem.part_grading import read
from mathquiz.problem.static_checks import step_scope
from mathquiz.proof.worked import step_kind, worked

GUIDE = "guide"
TRIES = 2  # wrong tries before a step is revealed
GUIDED_MODES = ("practice", "review", "cram")  # never in an exam (nor in the placement test)
RIGHT, WRONG, REVEALED, UNREADABLE, SHOWN = "right", "wrong", "revealed", "cannot be read", "shown"
NOT_IN_EXAM = "no guided steps during an exam: answer, or type `skip`"


@dataclass(frozen=True)
class Try:
    """One line typed at a step: how it was read and what it was judged."""

    text: str
    verdict: str  # right | wrong | cannot be read (not counted) | revealed (skip)
    reason: str = ""
    read_as: str = ""

    def as_json(self) -> dict:
        return {"text": self.text, "read_as": self.read_as, "verdict": self.verdict, "reason": self.reason}


@dataclass
class GuidedStep:
    """A step of the part's worked solution: asked (its formula hidden) or shown."""

    number: int  # the step's number in the worked solution (1-based)
    text: str
    label: str  # what the formula is (`∇ₓf(x)`), shown before `= ?`; "" when the step names none
    math: Node | None
    shown: object  # the worked solution's step (proof.worked.ShownStep), to reveal it as shown there
    asked: bool
    assume: dict = field(default_factory=dict)
    tries: list[Try] = field(default_factory=list)
    outcome: str = ""  # right | revealed | shown, once the step is over

    @property
    def wrong(self) -> int:
        return sum(t.verdict == WRONG for t in self.tries)

    def as_json(self) -> dict:
        formula = to_text(self.math) if self.math is not None else None  # in the answer syntax
        return {"step": self.number, "text": self.text, "label": self.label or None, "asked": self.asked,
                "formula": formula, "tries": [t.as_json() for t in self.tries], "outcome": self.outcome}


def part_steps(problem: Problem, number: int) -> list[int]:
    """The solution steps (0-based) that lead to part `number`'s answer: none when no step answers it."""
    solution = problem.solution
    answering = [i for i, s in enumerate(solution) if s.answers == number]
    if not answering:
        return []
    earlier = [i for i in range(answering[0]) if solution[i].answers is not None]
    steps = list(range(earlier[-1] + 1 if earlier else 0, answering[-1] + 1))
    begins = next((i for i in steps if solution[i].begins), None)
    if earlier and begins is not None:
        going_on = [i for i in steps if i < begins and solution[i].math is not None]
        if going_on:  # `= …` after the earlier answer: that answer said again, not this part's working
            steps = [i for i in steps if i > going_on[-1]]
    return steps


def _label(shown) -> str:
    """What a step's formula is: its label, or the left side of its displayed `f′(x) = …`."""
    if shown.label:
        return shown.label
    left, sep, _ = (shown.shown or "").partition(" = ")
    return left.strip() if sep and 0 < len(left.strip()) <= 24 else ""


def _assumptions(problem: Problem) -> list[dict]:
    """Each step's assumptions as its check in `validate` sees them: its own and the step's before."""
    out, before = [], {}
    for step in problem.solution:
        out.append({**before, **step.assume})
        if step.math is not None:
            before = step.assume
    return out


class Guide:
    """The guided steps of one part: ask each checked step in turn, then the part with fresh numbers."""

    def __init__(self, inst: Instance, part: PartInstance):
        self.inst, self.part = inst, part
        shown = worked(inst)
        assume = _assumptions(inst.problem)
        self.steps: list[GuidedStep] = []
        for i in part_steps(inst.problem, part.index + 1):
            step = shown[i]
            asked = _asked(part, i, step.math)
            self.steps.append(GuidedStep(i + 1, step.text, _label(step), step.math, step, asked, assume[i],
                                         outcome="" if asked else SHOWN))

    @property
    def asked(self) -> list[GuidedStep]:
        return [s for s in self.steps if s.asked]

    def send(self, step: GuidedStep, text: str) -> Try:
        """One line typed at `step`: judged, or `skip` (the step revealed). Two wrong tries reveal it."""
        typed = text.strip()
        if typed.lower() == "skip":
            step.outcome = REVEALED
            return self._keep(step, Try(typed, REVEALED, "skipped"))
        judged = self._judge(step, typed)
        if judged.verdict == RIGHT:
            step.outcome = RIGHT
        elif judged.verdict == WRONG and step.wrong + 1 >= TRIES:
            step.outcome = REVEALED
        return self._keep(step, judged)

    @staticmethod
    def _keep(step: GuidedStep, judged: Try) -> Try:
        step.tries.append(judged)
        return judged

    def _judge(self, step: GuidedStep, text: str) -> Try:
        part = self.part
        if not text:
            return Try(text, UNREADABLE, "type this step's formula, or skip to see it")
        if len(text) > MAX_LENGTH:
            return Try(text[:40] + "…", UNREADABLE, f"too long (the limit is {MAX_LENGTH} characters)")
        try:
            given = as_written(read(part, text), part.ctx.all_shapes())
        except (ParseError, ShapeError) as exc:
            return Try(text, UNREADABLE, exc.message)
        read_as = to_unicode(given)
        ctx = part.ctx
        if step.assume:  # a step about a symmetric A is checked with A symmetric, as validate checks it
            ctx = replace(ctx, properties=symbol_context(self.inst, step.assume).properties)
        try:
            v = compare(step.math, given, ctx, part.settings, sources=("", text))
        except (AuthorError, ShapeError, RecursionError):
            return Try(text, UNREADABLE, "this line could not be checked: try another form, or skip", read_as)
        if v.status == CORRECT:
            return Try(text, RIGHT, "", read_as)
        if v.status != INCORRECT:  # undecided: not counted against the student
            return Try(text, UNREADABLE, v.reason, read_as)
        return Try(text, WRONG, _worded(v.reason), read_as)

    def as_json(self) -> dict:
        """`--json`'s guided steps of a part: each step, each try and how the step ended."""
        return {"part": self.part.index + 1, "steps": [s.as_json() for s in self.steps]}


def _worded(reason: str) -> str:
    """A comparison's reason said of this step: `expected 2×4, got 2×3` → `this step is 2×4, yours
    is 2×3`; `not the expected value` → `not the value of this step`."""
    reason = reason.replace("not the expected value", "not the value of this step")
    reason = reason.replace("the expected answer", "this step").replace("expected scalar", "expected a scalar")
    return reason.replace(", got ", ", yours is ").replace("expected", "this step is")


def _asked(part: PartInstance, i: int, math: Node | None) -> bool:
    """Whether solution step `i` is asked: a formula in a chain or with a claim (not a remark, not
    `numeric(…)` decimals) that can be typed at this part (no index names, no names of a value)."""
    kind = step_kind(part.inst.problem.solution, i)
    return math is not None and kind not in ("remark", "numeric") and free_names(math) <= set(part.scope.variables)


def guidable(inst: Instance, part: PartInstance) -> bool:
    """Whether the part has a step to ask (a choice, a shape or a wrong-step part has none); without
    checking the worked solution, so that offering the walk costs nothing."""
    if part.key is None:
        return False
    solution = inst.problem.solution
    for i in part_steps(inst.problem, part.index + 1):
        step = solution[i]
        try:
            math = inst.tree(step.math, scope=step_scope(inst.problem, step)) if step.math is not None else None
        except (ParseError, AuthorError, ValueError):
            continue
        if _asked(part, i, math):
            return True
    return False


def again_mode(mode: str) -> str:
    """The mode a part asked again is recorded in: practice (it follows a walk, not a review), but
    a cram session's stays cramming, which never moves the review schedule."""
    return "cram" if mode == "cram" else "practice"


def fresh_instance(inst: Instance, part_index: int, tries: int = 12) -> Instance:
    """The same problem with fresh numbers: another seed (from this one: a session given --seed is
    replayed exactly) whose drawn parameters differ, where the problem has any to differ."""
    import numpy as np

    rng = np.random.default_rng([inst.seed, part_index, 24])
    first = None
    for _ in range(tries):
        seed = int(rng.integers(1, 100_001))
        if seed == inst.seed:
            continue
        try:
            other = draw(inst.problem, seed)
        except DrawError:
            continue
        if other.param_texts() != inst.param_texts():
            return other
        first = first or other
    if first is None:
        raise DrawError(f"{inst.id}: no fresh instance could be drawn")
    return first  # no parameter to vary: the same numbers under another seed
