"""The practice loop as plain logic: typed lines in, events out. No terminal I/O here.

The terminal front end (`practice.py`) feeds each line the student types to `PartSession.send`
and shows whatever comes back, so the same loop serves a person at a terminal, piped input,
and the tests.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from mathquiz.judging.equivalence import CORRECT, INCORRECT, INVALID, UNDECIDED, Verdict
from mathquiz.problem.instances import Instance, PartInstance, fill
from mathquiz.problem.part_grading import grade, slip_explained
from mathquiz.proof.follows import CARRIED, follow_through
from mathquiz.record.cards import UNANSWERED
from mathquiz.study.derivation import DERIVATION_KINDS, Derivation, Line
from mathquiz.study.guided import GUIDE, guidable

COMMANDS = ("hint", "skip", "solution", "quit", "help", GUIDE)
WORK, DONE = "work", "done"  # a derivation: `work` starts it, each line is checked, `done` grades the last
SKIPPED = "skipped"


@dataclass
class PartResult:
    """How one part went."""

    part: int  # 1-based
    verdict: str  # correct | incorrect | invalid | undecided | skipped | unanswered
    read_as: str = ""
    feedback: str = ""
    attempts: int = 0
    hints: int = 0
    seconds: float = 0.0
    answer: str = ""
    mistake: str | None = None
    shown: bool = True  # False: an exam part time or handing in left unseen (scored, never recorded)
    derivation: dict | None = None  # the working shown (Derivation.as_json), when the student showed it
    guided: dict | None = None  # the guided steps walked after it (Guide.as_json, and the part asked again)
    carried: list[int] = field(default_factory=list)  # verdict carried: the parts it followed (1-based)

    def to_json(self) -> dict:
        out = {"part": self.part, "verdict": self.verdict, "read_as": self.read_as, "feedback": self.feedback,
               "carried": self.carried}
        if self.derivation is not None:
            out["derivation"] = self.derivation
        if self.guided is not None:
            out["guided"] = self.guided
        return out


@dataclass
class ProblemResult:
    """How one problem went: the instance and a result per part."""

    instance: Instance
    results: list[PartResult] = field(default_factory=list)
    # parts asked again with fresh numbers after guided steps: each its own instance (study.guided.again_mode)
    practised: list[ProblemResult] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"id": self.instance.id, "seed": self.instance.seed, "results": [r.to_json() for r in self.results]}

    @property
    def score(self) -> tuple[int, int]:
        return sum(r.verdict == CORRECT for r in self.results), len(self.instance.parts)


# events the front end shows
@dataclass(frozen=True)
class Graded:
    verdict: Verdict
    attempts_left: int
    done: bool


@dataclass(frozen=True)
class Hint:
    text: str | None  # None: no more hints


@dataclass(frozen=True)
class Working:
    """Lines of a derivation as judged (none yet when `work` started it, from `start` if stated)."""

    lines: tuple[Line, ...]
    start: str | None = None
    started: bool = False


@dataclass(frozen=True)
class Command:
    name: str  # skip | solution | quit | help | guide


@dataclass(frozen=True)
class Refused:
    """A command that does not apply here (`guide` in a placement test, at a choice part), and why."""

    message: str


class PartSession:
    """One part being answered: attempts, hints and the clock."""

    def __init__(self, inst: Instance, part: PartInstance, attempts: int | None = None,
                 clock: Callable[[], float] = time.monotonic, solution_seen: bool = False,
                 no_guide: str = "", earlier: Mapping[int, str] | None = None):
        self.inst, self.part = inst, part
        self.no_guide = no_guide  # why `guide` is refused here ("": guided steps are offered)
        self.earlier = earlier or {}  # answers to earlier parts a later one may follow (to_follow)
        self._carried: list[int] = []
        self.max_attempts = attempts if attempts is not None else part.part.attempts
        self.attempts = 0
        # a worked solution seen before this part counts as a hint: the part is no first try
        self.hints = int(solution_seen)
        self.clock = clock
        self.started = clock()
        self.result: PartResult | None = None
        self._last: Verdict | None = None
        self._last_text = ""
        self._mistake: str | None = None
        self._hints_given = 0
        self.derivation: Derivation | None = None
        self._working = False  # between `work` and `done`

    def send(self, line: str):
        """Handle one typed line; returns Graded, Hint, Command, Refused or Working."""
        text = line.strip()
        word = text.lower()
        if word == GUIDE:
            refused = self.no_guide or self._unguided()
            if refused:
                return Refused(refused)
            self._working = False
            self._finish(SKIPPED, self._last, self._last_text)  # given up, as `solution` gives it up
            return Command(GUIDE)
        if word == WORK and self.part.part.kind in DERIVATION_KINDS and self.part.key is not None:
            self.derivation, self._working = Derivation(self.part), True
            start = self.derivation.as_json()["start"]
            return Working((), start, started=True)
        if self._working and word == DONE:
            return self._done()
        if self._working and word not in COMMANDS:
            return Working(tuple(self.derivation.add(text)))
        if word in COMMANDS:
            if word == "hint":
                return Hint(self._hint())
            if word in ("skip", "solution"):
                self._finish(SKIPPED, self._last, self._last_text)
            return Command(word)
        return self._graded(grade(self.part, text), text)

    def _unguided(self) -> str:
        if guidable(self.inst, self.part):
            return ""
        return (f"part {self.part.index + 1} has no worked steps to walk through: type hint, or solution "
                "for the worked solution")

    def _done(self) -> Graded:
        """`done`: the derivation's last line graded as the answer, with where the slip is."""
        self._working = False
        outcome = self.derivation.done()
        verdict = outcome.verdict
        if outcome.message:
            verdict = replace(verdict, reason=f"{verdict.reason}; {outcome.message}")
        last = self.derivation.answer()
        return self._graded(verdict, last.text if last is not None else "")

    def _graded(self, verdict: Verdict, text: str) -> Graded:
        if verdict.status == INVALID:
            return Graded(verdict, self.max_attempts - self.attempts, False)
        verdict, self._carried = follow_through(self.part, verdict, text, self.earlier)
        self.attempts += 1
        self._last, self._last_text = verdict, text
        if "mistake" in verdict.notes:
            self._mistake = verdict.reason  # kept even if a later attempt is right: stats count it
        done = verdict.ok or verdict.status in (UNDECIDED, CARRIED) or self.attempts >= self.max_attempts
        if done and not verdict.ok and self.part.part.kind == "wrong-step":
            verdict = replace(verdict, reason=f"{verdict.reason}; {slip_explained(self.part)}")
        if done:
            self._finish(verdict.status, verdict, text)
        return Graded(verdict, self.max_attempts - self.attempts, done)

    def abandon(self) -> PartResult:
        """The part as it stands when the student leaves it (quit, end of input, a signal): its last
        graded answer if it had one (the first try is what counts), else unanswered."""
        if self.result is None:
            if self._last is not None:
                self._finish(self._last.status, self._last, self._last_text)
            else:
                self._finish(UNANSWERED, None, "")
        assert self.result is not None
        return self.result

    def invalid_final(self, verdict: Verdict, text: str) -> None:
        """Record an unreadable answer as final (piped input: there is no second chance)."""
        self._finish(INVALID, verdict, text)

    def _hint(self) -> str | None:
        hints = self.part.part.hints
        given = self._hints_given
        if given >= len(hints):
            return None
        self._hints_given += 1
        self.hints += 1
        return fill(hints[given], self.inst)

    def _finish(self, status: str, verdict: Verdict | None, text: str) -> None:
        mistake = self._mistake
        self.result = PartResult(
            part=self.part.index + 1, verdict=status,
            read_as=verdict.read_as if verdict else "", feedback=verdict.reason if verdict else "",
            attempts=self.attempts, hints=self.hints, seconds=round(self.clock() - self.started, 2),
            answer=text, mistake=mistake,
            derivation=self.derivation.as_json() if self.derivation is not None else None,
            carried=self._carried if status == CARRIED else [],
        )


def to_follow(results: list[PartResult]) -> dict[int, str]:
    """The answers a later part may follow through (part_grading.follow_through): each earlier part
    answered, but not right (a carried answer too: a chain is followed link by link)."""
    return {r.part: r.answer for r in results
            if r.answer and r.verdict not in (CORRECT, SKIPPED, UNANSWERED)}


def skipped(part: PartInstance, why: str = "") -> PartResult:
    return PartResult(part=part.index + 1, verdict=SKIPPED, feedback=why)


def summary(results: list[ProblemResult]) -> dict:
    """Totals for the end-of-session table."""
    parts = [r for p in results for r in p.results]
    total = sum(len(p.instance.parts) for p in results)  # parts never reached (after quit) count too
    return {
        "problems": len(results),
        "parts": total,
        "correct": sum(r.verdict == CORRECT for r in parts),
        "carried": sum(r.verdict == CARRIED for r in parts),
        "first_try": sum(r.verdict == CORRECT and r.attempts == 1 and r.hints == 0 for r in parts),
        "incorrect": sum(r.verdict == INCORRECT for r in parts),
        "skipped": sum(r.verdict == SKIPPED for r in parts),
        "unanswered": sum(r.verdict == UNANSWERED for r in parts) + total - len(parts),
    }
