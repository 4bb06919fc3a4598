"""Worked solutions: every formula step is checked against the next, and against the answer."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, replace

from mathquiz.expression.printing import to_text, to_unicode
from mathquiz.expression.shapes import ShapeError, infer
from mathquiz.judging.equivalence import AuthorError, Settings, compare
from mathquiz.judging.tidy import tidy
from mathquiz.problem.degeneracy import uses_drawn
from mathquiz.problem.format import Step
from mathquiz.problem.instances import Instance, symbol_context
from mathquiz.problem.part_grading import grade
from mathquiz.problem.static_checks import EXPRESSION_KINDS, step_scope

# a worked solution shown to a student is checked within this many seconds in all (191 heavy
# steps once took 390 s); steps past it are shown unchecked
WORKED_SECONDS = 8.0


@dataclass(frozen=True)
class StepCheck:
    """The outcome of checking one step: ok, or what is wrong with it."""

    index: int
    ok: bool
    message: str = ""
    kind: str = "remark"  # what checked it: equal, derivative, expectation, shape, cases, numeric, remark


def _equal(inst: Instance, a, b, assume: dict, points: int = 6) -> tuple[bool, str]:
    try:
        v = compare(a, b, symbol_context(inst, assume), Settings(rtol=1e-9, atol=1e-15, points=points))
    except AuthorError as exc:
        return False, str(exc)
    return v.ok, v.reason


def step_kind(steps: list[Step], i: int) -> str:
    """What a step's check amounts to (reported by solve --json and counted by validate)."""
    from mathquiz.proof.claims import CHECK_KIND

    step = steps[i]
    if step.claims:
        return CHECK_KIND[step.claims[0].operator]
    if step.math is None:
        return "remark"
    if "numeric(" in step.math or "numpy_lstsq(" in step.math:
        return "numeric"
    previous = next((s for s in reversed(steps[:i]) if s.math is not None), None)
    following = next((s for s in steps[i + 1:] if s.math is not None), None)
    linked = (previous is not None and not step.begins) or (following is not None and not following.begins)
    return "equal" if linked or step.answers is not None else "remark"


def _claims(inst: Instance, step: Step, where: str, i: int, index_forms: bool, numeric: bool,
            claim_points: int | None = None) -> list[str]:
    from mathquiz.proof.claims import POINTS, check

    problems = []
    for claim in step.claims:
        if claim.over and not index_forms:
            continue  # an index form does not depend on the draw: validate proves it once
        target = claim.result if claim.result is not None else step.math
        if target is None:
            problems.append(f"{where} step {i + 1}: a {claim.operator} claim needs the step's math or `result`")
            continue
        outcome = check(inst, claim, target, numeric, claim_points or POINTS)
        if not outcome.ok:
            problems.append(f"{where} step {i + 1}: {outcome.message}")
    return problems


def check_chain(inst: Instance, steps: list[Step], where: str, points: int = 6,
                index_forms: bool = True, seconds: float | None = None, numeric: bool = False,
                claim_points: int | None = None) -> list[StepCheck]:
    """Consecutive formulas must be equal (unless a step `begins` a new chain); `answers` and claims
    must hold (`numeric`: calculus claims by central differences first, claims.check). Past
    `seconds` in all, the remaining steps are left unchecked (shown without ✓)."""
    out: list[StepCheck] = []
    prev = prev_assume = None
    deadline = None if seconds is None else time.monotonic() + seconds
    for i, step in enumerate(steps):
        if deadline is not None and time.monotonic() > deadline:
            out += [StepCheck(k, True, "", "remark") for k in range(i, len(steps))]
            break
        claimed = _claims(inst, step, where, i, index_forms, numeric, claim_points)
        if step.math is None:
            out.append(StepCheck(i, not claimed, "; ".join(claimed), step_kind(steps, i)))
            continue
        node = inst.tree(step.math, scope=step_scope(inst.problem, step))
        assume = {**(prev_assume or {}), **step.assume}
        problems = claimed
        if prev is not None and not step.begins:
            ok, why = _equal(inst, prev, node, assume, points)
            if not ok:
                problems.append(f"{where} step {i + 1} does not follow from step {i}: {why}")
        if step.answers is not None:
            part = inst.parts[step.answers - 1]
            if part.key is not None:
                ok, why = _equal(inst, part.key, node, assume, points)
                if not ok:
                    problems.append(f"{where} step {i + 1} is not the answer of part {step.answers}: {why}")
        out.append(StepCheck(i, not problems, "; ".join(problems), step_kind(steps, i)))
        prev, prev_assume = node, step.assume
    return out


def verify(inst: Instance, points: int = 6, numeric: bool = False, claim_points: int | None = None) -> list[str]:
    """Every failure of the instance's worked solution and derivations, as messages
    (`claim_points`: where claims are confirmed numerically, at that many points)."""
    chain = check_chain(inst, inst.problem.solution, "solution", points, numeric=numeric, claim_points=claim_points)
    failures = [c.message for c in chain if not c.ok]
    reached = {s.answers for s in inst.problem.solution if s.answers is not None}
    for part in inst.parts:
        kind = part.part.kind
        if kind in EXPRESSION_KINDS and part.index + 1 not in reached:
            n = part.index + 1
            failures.append(f"the worked solution never reaches the answer of part {n} (add `answers: {n}`)")
        if kind in ("ordering", "wrong-step"):
            where = f"part {part.index + 1}"
            failures += [c.message for c in check_chain(inst, part.part.steps, where, points, numeric=numeric,
                                                        claim_points=claim_points)
                         if not c.ok]
        if kind == "wrong-step":
            for i, step in enumerate(part.part.steps):
                for variant in step.variants:
                    ok, _ = _equal(inst, inst.tree(step.math), inst.tree(variant.math), step.assume)
                    if ok:
                        where = f"part {part.index + 1} step {i + 1}"
                        failures.append(f"{where}: the wrong variant {variant.math!r} is not wrong")
    return failures


def monte_carlo(inst: Instance) -> list[str]:
    """Each Monte-Carlo check must agree with its exact value."""
    from mathquiz.proof.montecarlo import CheckError, run

    failures = []
    for k, check in enumerate(inst.problem.checks):
        try:
            outcome = run(check, inst.values, inst.seed)
        except CheckError as exc:
            failures.append(f"check {k + 1}: {exc}")
            continue
        if not outcome.ok:
            failures.append(f"check {k + 1}: simulated {outcome.statistic} {outcome.estimate:.4g} is not within "
                            f"{outcome.rtol:.0%} of the exact {outcome.exact:.4g}")
    return failures


def self_tests(inst: Instance) -> list[str]:
    """Run each part's sample answers; every one must get its stated verdict."""
    from mathquiz.problem.instances import fill

    failures = []
    for part in inst.parts:
        for expected in ("correct", "incorrect", "invalid"):
            for sample in getattr(part.part.tests, expected):
                text = part.shown_choice(fill(sample, inst, "text"))  # samples number choices as the file does
                verdict = grade(part, text, explain=False)  # a status, not feedback, is tested …
                if verdict.status != expected:
                    verdict = grade(part, text)  # … and a wrong one is worded for the author
                    got = f"{verdict.status} ({verdict.reason})"
                    failures.append(f"part {part.index + 1}: sample {text!r} should be {expected}, got {got}")
        for answer, _feedback in part.typed_mistakes:
            if grade(part, answer).ok:
                failures.append(f"part {part.index + 1}: the mistake {answer!r} is the right answer")
        if part.key is not None:
            from mathquiz.expression.limits import ParseError

            verdict = grade(part, part.answer_text, explain=False)
            if not verdict.ok:
                verdict = grade(part, part.answer_text)  # worded for the author
                key = part.answer_text
                why = f"is not graded correct when typed ({verdict.reason})"
                failures.append(f"part {part.index + 1}: the key {key!r} {why}")
            for node, _feedback in part.mistakes:
                try:
                    infer(node, part.ctx.all_shapes())
                    # a screened draw already compared every mistake with the key (and was re-drawn if equal)
                    same = not inst.screened and compare(part.key, node, part.ctx, part.settings).ok
                except ShapeError as exc:
                    why = f"a mistake is ill formed ({exc.message}), so no answer can match it"
                    failures.append(f"part {part.index + 1}: {why}")
                    continue
                except (AuthorError, ParseError) as exc:
                    failures.append(f"part {part.index + 1}: mistake is ill formed: {exc}")
                    continue
                if same:
                    failures.append(f"part {part.index + 1}: the mistake {to_text(node)!r} equals the key")
            failures += _coinciding_mistakes(part)
    return failures


_COINCIDING: dict[tuple, bool] = {}  # mistakes that use no drawn value are the same trees on every draw


def _coinciding_mistakes(part) -> list[str]:
    """Two mistakes with different feedback that are the same answer: only the first could be told."""
    out = []
    items = part.mistakes
    shapes = tuple(sorted(part.ctx.all_shapes().items()))
    # only whether they agree: the comparison drawing's screen made. A pair that reads no drawn value
    # is compared at the same points on every seed (no salt), so it is compared once per depth
    quiet = replace(part.settings, reasons=False, salt=0)
    # a screened draw compared every pair that reads a drawn value, and was drawn again had one agreed
    screened = part.inst.screened and part.part.accept is None and part.part.kind in EXPRESSION_KINDS
    drawn = [screened and uses_drawn(m.answer, part) for m in part.part.mistakes]
    for i, (a, fa) in enumerate(items):
        for j in range(i + 1, len(items)):
            b, fb = items[j]
            if fa == fb or drawn[i] or drawn[j]:
                continue
            key = (part.inst.id, part.index, a, b, shapes, quiet)
            try:
                same = _COINCIDING.get(key)
                if same is None:
                    if len(_COINCIDING) > 20_000:
                        _COINCIDING.clear()
                    same = _COINCIDING[key] = compare(a, b, part.ctx, quiet).ok
            except (AuthorError, ShapeError):
                continue
            if same:
                out.append(f"part {part.index + 1}: mistakes {i + 1} and {j + 1} are the same answer with "
                           "different feedback (merge them)")
    return out


@dataclass(frozen=True)
class ShownStep:
    """A worked-solution step ready to show: its sentence, formula and whether it was checked."""

    text: str
    label: str | None
    math: object | None  # a tree, or None for a sentence-only step
    shown: str | None
    verified: bool
    check: str = "remark"  # the kind of check (StepCheck.kind)


def worked(inst: Instance) -> list[ShownStep]:
    """The instance's worked solution with drawn values filled in, each step checked."""
    if inst.worked_steps is not None:  # a sheet shown as text, Markdown, LaTeX and JSON is checked once
        return inst.worked_steps
    # validate checks every step at 6 points over many seeds; re-checking what is shown needs fewer
    checks = check_chain(inst, inst.problem.solution, "solution", points=3, index_forms=False,
                         seconds=WORKED_SECONDS, numeric=True)
    inst.worked_steps = shown_steps(inst, checks)
    return inst.worked_steps


def shown_steps(inst: Instance, checks: list | None = None) -> list[ShownStep]:
    """The worked solution as a student reads it, drawn values filled in; `checks` (check_chain's)
    say which steps are verified, and without them none is: validate's wording check reads only the
    texts, and has checked every step already."""
    from mathquiz.problem.instances import fill

    out = []
    for k, step in enumerate(inst.problem.solution):
        node = inst.tree(step.math, scope=step_scope(inst.problem, step)) if step.math is not None else None
        shown = fill(step.shown, inst) if step.shown else None
        label = fill(step.label, inst) if step.label else None
        if shown and label and shown.startswith(label):
            shown = shown[len(label):].lstrip(" =")  # renderers put `label = ` in front themselves
        check = checks[k] if checks is not None else None
        checked = check is not None and check.ok and check.kind != "remark"
        out.append(ShownStep(fill(step.text, inst), label, node, shown, checked,
                             check.kind if check is not None else "remark"))
    return out


def continues(inst: Instance, index: int) -> bool:
    """Whether solution step `index` (0-based) goes on from the one before: no text, the same label,
    no new chain; it is shown as `= …` under that step, not as a step of its own."""
    solution = inst.problem.solution
    if not 0 < index < len(solution):
        return False
    step, before = solution[index], solution[index - 1]
    return not step.text.strip() and not step.begins and step.label == before.label and step.math is not None


def repeats(inst: Instance, steps: list[ShownStep], index: int) -> bool:
    """Whether step `index` goes on from the one before with the very formula shown there (`σ² =
    9/4`, then `= 9/4`: the file's working evaluates to what the next line says): shown once."""
    if not continues(inst, index):
        return False
    step, before = steps[index], steps[index - 1]
    if step.shown:
        return step.shown == before.shown
    if before.shown:  # `σ_B = √9 = 3` written out, then `= 3`
        return before.shown.rsplit("= ", 1)[-1].strip() == to_unicode(tidy(step.math))
    # as shown: 8/4, then 2, both read 2 (a value is shown in lowest terms)
    return before.math is not None and to_text(tidy(step.math)) == to_text(tidy(before.math))


def steps_shown(inst: Instance) -> Iterator[tuple[int, ShownStep, bool]]:
    """(index, step, whether it goes on from the one before) of the worked solution as a sheet or a
    key writes it: a step that only repeats the formula before it is left out."""
    steps = worked(inst)
    for k, step in enumerate(steps):
        going_on = continues(inst, k)
        if not (going_on and repeats(inst, steps, k)):
            yield k, step, going_on
