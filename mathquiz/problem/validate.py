"""`mathquiz validate`: a problem file proves itself over many drawn instances."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from mathquiz.problem.format import Problem
from mathquiz.problem.instances import DrawError, draw
from mathquiz.problem.static_checks import EXPRESSION_KINDS
from mathquiz.problem.worked import monte_carlo, self_tests, verify

MIN_ALTERNATIVES = 3
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

    @property
    def ok(self) -> bool:
        return not self.failures

    def to_dict(self) -> dict:
        return {"id": self.id, "path": self.path, "ok": self.ok, "seeds": self.seeds,
                "failures": self.failures, "seconds": round(self.seconds, 3)}


def static_rules(problem: Problem) -> list[str]:
    failures = []
    for i, part in enumerate(problem.parts):
        if part.kind in EXPRESSION_KINDS and len(part.tests.correct) < MIN_ALTERNATIVES:
            failures.append(f"part {i + 1}: give at least {MIN_ALTERNATIVES} equivalent forms of the key "
                            "under tests.correct")
    return failures


def validate(problem: Problem, path: str, seeds: int = 20, first_seed: int = 1) -> Report:
    """Draw `seeds` instances and check keys, mistakes, self-tests and worked solutions on each."""
    start = time.perf_counter()
    report = Report(problem.id, path, seeds)
    report.failures += static_rules(problem)
    seen: set[str] = set()
    for seed in range(first_seed, first_seed + seeds):
        try:
            inst = draw(problem, seed)
            found = self_tests(inst) + verify(inst) + monte_carlo(inst)
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
        if time.perf_counter() - start > budget:
            report.failures.append(f"stopped after seed {seed}: validating this problem took over {budget:g} s "
                                   "(a seed normally takes well under 0.1 s)")
            break
    report.seconds = time.perf_counter() - start
    return report
