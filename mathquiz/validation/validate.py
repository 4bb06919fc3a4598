"""`mathquiz validate`: a problem file proves itself over many drawn instances."""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace

from mathquiz.judging.symbolic import SymbolicError
from mathquiz.problem.degeneracy import GENERATED, redraw_cause
from mathquiz.problem.format import Problem
from mathquiz.problem.instances import DrawError, draw
from mathquiz.problem.properties import property_failures
from mathquiz.problem.static_checks import EXPRESSION_KINDS
from mathquiz.proof.claims import POINTS as CLAIM_POINTS
from mathquiz.proof.follows import follow_failures
from mathquiz.proof.key_checks import key_failures
from mathquiz.proof.worked import monte_carlo, self_tests, step_kind, verify
from mathquiz.validation.revealing import revealing
from mathquiz.validation.shown import SHOW_ERRORS, shown_issues
from mathquiz.validation.wording import wording_issues

MIN_ALTERNATIVES = 3
MAX_REJECTION = 0.05  # a problem that needs re-draws more often than this has ranges to fix
EXACT_SEEDS = 3  # the first seeds prove every claim exactly (SymPy); later ones confirm calculus claims
# by central differences at 40 digits first (claims_numeric), and prove exactly what those cannot confirm
FULL_SEEDS = 10  # the first seeds compare at every test point grading uses …
DEEP_POINTS = 2  # … later ones at 2: each seed is a new draw, so depth comes from the seeds
DEEP_CLAIM_POINTS = 1  # and confirm a calculus claim by central differences at 1 random point, not 3
MIN_CHECKED = 0.75  # no problem may have more than a quarter of its steps unchecked
BUDGET_SECONDS = 30  # per problem, plus SECONDS_PER_SEED for each seed asked for
SECONDS_PER_SEED = 0.5


@dataclass
class Report:
    """What validating one problem found."""

    id: str
    path: str
    seeds: int = 0
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0
    draws: int = 0  # instances drawn, rejected ones included
    rejected: int = 0  # draws rejected as degenerate (a wrong answer would have been graded correct)
    steps: int = 0  # steps of the solution and of ordering/wrong-step parts
    checked: int = 0  # of which are checked claims (not remarks)
    cached: bool = False  # passed before with the same file and code: not re-checked
    slips: dict[int, int] = field(default_factory=dict)  # part (1-based) -> generated slips checked on each draw
    slip_redraws: dict[int, int] = field(default_factory=dict)  # part -> draws re-drawn for a generated slip
    notes: list[str] = field(default_factory=list)  # what the author should know that does not fail the file
    # part -> why its draws were re-drawn (a named mistake or sample by its text, a slip by its rule) -> draws
    redraw_causes: dict[int, dict[str, int]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.failures

    @property
    def rejection_rate(self) -> float:
        return self.rejected / self.draws if self.draws else 0.0

    @property
    def checked_share(self) -> float:
        return self.checked / self.steps if self.steps else 1.0

    def to_dict(self) -> dict:
        return {"id": self.id, "path": self.path, "ok": self.ok, "seeds": self.seeds,
                "failures": self.failures, "seconds": round(self.seconds, 3),
                "rejection_rate": round(self.rejection_rate, 4), "draws": self.draws, "rejected_draws": self.rejected,
                "steps": self.steps, "checked_steps": self.checked, "cached": self.cached,
                "generated_slips": {str(k): v for k, v in sorted(self.slips.items())},
                "slip_redraws": {str(k): v for k, v in sorted(self.slip_redraws.items())},
                "slip_redraw_rate": round(self.slip_redraw_rate, 4), "notes": self.notes,
                "redraw_causes": {str(k): dict(v) for k, v in sorted(self.redraw_causes.items())}}

    @property
    def slip_redraw_rate(self) -> float:
        return sum(self.slip_redraws.values()) / self.draws if self.draws else 0.0


def static_rules(problem: Problem) -> list[str]:
    failures = []
    for i, part in enumerate(problem.parts):
        if part.kind in EXPRESSION_KINDS and len(part.tests.correct) < MIN_ALTERNATIVES:
            failures.append(f"part {i + 1}: give at least {MIN_ALTERNATIVES} equivalent forms of the key "
                            "under tests.correct")
    return failures


def validate(problem: Problem, path: str, seeds: int = 20, first_seed: int = 1) -> Report:
    """Draw `seeds` instances and check keys, mistakes, self-tests and worked solutions on each."""
    start, cpu_start = time.perf_counter(), time.process_time()
    report = Report(problem.id, path, seeds)
    report.failures += static_rules(problem) + _unknown_rules(problem)
    seen: set[str] = set()
    checked: set[tuple] = set()  # the instances checked so far (see identity)
    follow_changed: set[int] = set()  # parts that follow: those whose key a wrong earlier answer changed
    for seed in range(first_seed, first_seed + seeds):
        try:
            inst = draw(problem, seed)
            report.draws += 1 + len(inst.rejected)
            report.rejected += len(inst.rejected)
            _count_redraws(report, inst)
            if seed == first_seed:
                report.steps, report.checked = step_coverage(inst)
            numeric = seed - first_seed >= EXACT_SEEDS
            # a small parameter space draws the same instance again: it was checked then, and at
            # least as deeply (exact seeds come first, then full, then deep ones)
            same = identity(inst)
            if same in checked:
                continue
            checked.add(same)
            deep = seed - first_seed >= FULL_SEEDS  # deep seeds: new draws, fewer test points each
            full = [part.settings for part in inst.parts]
            found = proofs(inst, full, numeric, deep)
            if found and deep:  # two points can both fall where two different answers agree (a
                found = proofs(inst, full, numeric, deep=False)  # tanh tail): only what grading's depth confirms
            found += monte_carlo(inst)
            if seed - first_seed < FULL_SEEDS:  # follow-through is computed the same way on every draw
                follow_found, follow_seen = follow_failures(inst)
                found, follow_changed = found + follow_found, follow_changed | follow_seen
            shown = shown_issues(inst, everything=seed == first_seed)  # every form on one seed: the cost
            found += shown or read_issues(inst, paper=seed == first_seed)  # what a student reads, every seed
            if seed == first_seed:  # the texts are the same at every seed, only their values differ
                found += revealing(inst)
        except SymbolicError as exc:  # a step or check SymPy has to compute and cannot
            found = [f"cannot be checked: {exc}"]
        except DrawError as exc:
            found = [f"cannot draw: {exc}"]
            if "longer than" in str(exc):  # a draw that ran out of time will not do better on the next seed
                report.failures.append(f"seed {seed}: {found[0]} (stopped: the other seeds would take as long)")
                break
        for message in found:
            if message not in seen:  # the same failure on many seeds is reported once
                seen.add(message)
                report.failures.append(f"seed {seed}: {message}")
        if len(report.failures) > 20:
            report.failures.append("… stopped after 20 failures")
            break
        budget = BUDGET_SECONDS + SECONDS_PER_SEED * seeds
        if time.process_time() - cpu_start > budget:  # CPU time: a busy machine must not fail a sound file
            report.failures.append(f"stopped after seed {seed}: validating this problem took over {budget:g} s CPU "
                                   "(a seed normally takes well under 0.1 s)")
            break
    for n in sorted({i + 1 for i, part in enumerate(problem.parts) if part.follows} - follow_changed):
        report.failures.append(f"part {n}: its key never changed when a part it follows was answered wrong (its key "
                               f"+ 1 or one entry + 1, a formula + 1 or twice; on {min(seeds, FULL_SEEDS)} seeds): "
                               "remove `follows`, or follow the part whose key it is computed from")
    slip_redraws = sum(report.slip_redraws.values())
    if rejection_bound(slip_redraws, report.draws) > MAX_REJECTION:
        report.failures.append(f"{report.slip_redraw_rate:.1%} of draws were re-drawn because a generated slip "
                               f"equalled the key ({causes(report, slips=True)}); at most {MAX_REJECTION:.0%} may be "
                               "(judged with a 95 % confidence bound): narrow the ranges or add a `where`, or "
                               "exclude a rule whose result is right there (exclude_slips, with the reason)")
    other = report.rejected - slip_redraws
    if rejection_bound(other, report.draws) > MAX_REJECTION:
        report.failures.append(f"{other / report.draws:.1%} of draws were degenerate (a named mistake or an "
                               f"incorrect sample equal to the key) and drawn again ({causes(report, slips=False)}); "
                               f"at most {MAX_REJECTION:.0%} may be (judged with a 95 % confidence bound): narrow "
                               "the ranges or add a `where`")
    if report.steps and report.checked_share < MIN_CHECKED:
        report.failures.append(f"only {report.checked} of {report.steps} steps are checked claims "
                               f"({report.checked_share:.0%}, at least {MIN_CHECKED:.0%}): give the remarks "
                               "math or a claim")
    report.seconds = time.perf_counter() - start
    return report


def proofs(inst, full: list, numeric: bool, deep: bool) -> list[str]:
    """Self-tests, key checks, properties and worked steps of one instance, its parts compared at
    their `full` settings, or at DEEP_POINTS test points when `deep` (each deep seed is a new draw,
    so depth comes from the seeds)."""
    points, claim_points = (DEEP_POINTS, DEEP_CLAIM_POINTS) if deep else (6, CLAIM_POINTS)
    for part, settings in zip(inst.parts, full, strict=True):
        part.settings = replace(settings, points=min(settings.points, DEEP_POINTS)) if deep else settings
    found = self_tests(inst) + key_failures(inst, numeric, claim_points) + property_failures(inst)
    return found + verify(inst, points, numeric, claim_points)


def _unknown_rules(problem: Problem) -> list[str]:
    from mathquiz.judging.slips import RULES

    return [f"part {i + 1}: exclude_slips names {rule!r}, which is not a rule ({', '.join(RULES)})"
            for i, part in enumerate(problem.parts) for rule in part.exclude_slips if rule not in RULES]


def _count_redraws(report: Report, inst) -> None:
    """The generated slips each part checks, and why draws were re-drawn (by part)."""
    for why in inst.rejected:
        part, cause = redraw_cause(why)
        counts = report.redraw_causes.setdefault(part, {})
        counts[cause] = counts.get(cause, 0) + 1
        if GENERATED in why:
            report.slip_redraws[part] = report.slip_redraws.get(part, 0) + 1
    for part in inst.parts:
        if part.part.kind in EXPRESSION_KINDS:
            report.slips[part.index + 1] = max(report.slips.get(part.index + 1, 0), len(part.slips))


def causes(report: Report, slips: bool | None = None) -> str:
    """The causes of re-draws, most frequent first: generated slips (`slips`), the others (not
    `slips`) or all of them (None)."""
    found = [(n, part, cause) for part, counts in report.redraw_causes.items() for cause, n in counts.items()
             if slips is None or (GENERATED in cause) == slips]
    return "; ".join(f"part {part}: {cause} {n}×" for n, part, cause in sorted(found, key=lambda c: (-c[0], c[1])))


def read_issues(inst, paper: bool) -> list[str]:
    """The wording of what a student reads (an instance that cannot be shown is reported as such)."""
    try:
        return wording_issues(inst, paper)
    except SHOW_ERRORS as exc:
        return [f"showing this instance fails: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"]


def rejection_bound(rejected: int, draws: int) -> float:
    """The lower end of the 95 % Wilson interval of the re-draw rate: a problem fails only when its
    rate is above MAX_REJECTION beyond doubt, so 1 re-draw among 9 draws (11 %) cannot fail a gate
    that validates few seeds, while 4 in 20 or 30 in 300 do."""
    if not draws:
        return 0.0
    z, p = 1.96, rejected / draws
    centre = p + z * z / (2 * draws)
    spread = z * (p * (1 - p) / draws + z * z / (4 * draws * draws)) ** 0.5
    return (centre - spread) / (1 + z * z / draws)


def identity(inst) -> tuple:
    """What makes two draws the same instance: the parameters (the derived values follow from
    them) and what each part drew (the order shown, the broken step and its variant)."""
    import sympy

    params = tuple((n, sympy.srepr(inst.values[n])) for n in inst.problem.params)
    parts = tuple((p.index, tuple(p.order), p.broken, p.slip, tuple(map(str, p.steps))) for p in inst.parts)
    return params, tuple(sorted(inst.shapes.items())), parts


def step_coverage(inst) -> tuple[int, int]:
    """(steps, checked steps) of the solution and the ordering/wrong-step parts."""
    lists = [inst.problem.solution] + [p.steps for p in inst.problem.parts if p.steps]
    kinds = [step_kind(steps, i) for steps in lists for i in range(len(steps))]
    return len(kinds), sum(k != "remark" for k in kinds)
