"""The placement test (`mathquiz diagnose`) as plain logic: an adaptive walk of the prerequisite
graph that finds what a student knows in a few problems (the method: docs/planning.md).

Each problem asked is the one whose answer settles the most: the one that splits the undecided
problems above and below it most evenly, as a binary search does on a chain. A success makes it and
everything it builds on known; a failure makes it and everything built on it unknown. The test ends
when nothing is undecided, after MAX_QUESTIONS problems, or when the caller's time budget is spent.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from mathquiz.problem.prerequisites import Graph

MAX_QUESTIONS = 15
KNOWN, UNKNOWN = "known", "unknown"
UNASKABLE = "unaskable"  # what `ask` returns for a problem that could not be drawn or shown


@dataclass
class Placement:
    """Where the test stands: each problem known, unknown or undecided (None)."""

    graph: Graph
    order: Sequence[str]  # the problems tested, prerequisites first
    max_questions: int = MAX_QUESTIONS
    status: dict[str, str | None] = field(default_factory=dict)
    asked: list[tuple[str, bool]] = field(default_factory=list)
    unaskable: set[str] = field(default_factory=set)  # could not be drawn or shown: left undecided

    def __post_init__(self) -> None:
        self.status = dict.fromkeys(self.order)

    def undecided(self) -> list[str]:
        return [p for p in self.order if self.status[p] is None]

    def next(self) -> str | None:
        """The problem to ask now, or None when the test is over."""
        open_ = set(self.undecided())
        if not open_ - self.unaskable or len(self.asked) >= self.max_questions:
            return None

        def split(p: str) -> tuple[int, int]:
            below = len(self.graph.ancestors(p) & open_)
            above = len(self.graph.descendants(p) & open_)
            return min(below, above) + 1, below + above

        candidates = [p for p in self.undecided() if p not in self.unaskable]
        return max(candidates, key=split)  # max keeps the first of equals: prerequisites first

    def assume_known(self, ids) -> None:
        """Start with these (and what they build on) known, as the memory model says: not asked."""
        for pid in ids:
            for p in {pid} | self.graph.ancestors(pid):
                if p in self.status:
                    self.status[p] = KNOWN

    def answer(self, pid: str, ok: bool) -> None:
        """A success: it and its prerequisites are known; a failure: it and its dependents unknown."""
        self.asked.append((pid, ok))
        spread = self.graph.ancestors(pid) if ok else self.graph.descendants(pid)
        for p in {pid} | spread:
            if p in self.status and (self.status[p] is None or p == pid):
                self.status[p] = KNOWN if ok else UNKNOWN

    def known(self) -> list[str]:
        return [p for p in self.order if self.status[p] == KNOWN]

    def unknown(self) -> list[str]:
        return [p for p in self.order if self.status[p] == UNKNOWN]

    def ready(self) -> list[str]:
        """Not known, and everything it builds on (among the tested problems) is: what to learn next."""
        return [p for p in self.order if self.status[p] != KNOWN
                and all(self.status.get(r, KNOWN) == KNOWN for r in self.graph.requires.get(p, ()))]

    def to_json(self) -> dict:
        return {"asked": [{"id": p, "ok": ok} for p, ok in self.asked], "known": self.known(),
                "unknown": self.unknown(), "undecided": self.undecided(), "ready": self.ready()}


def run(placement: Placement, ask: Callable[[str], bool | str | None], out_of_time: Callable[[], bool]) -> Placement:
    """Ask until the test is over; `ask` returns whether the problem was solved, None when the student
    stopped (which ends the test with what is known so far), or UNASKABLE when the problem could not
    be put (it stays undecided and the test goes on without it)."""
    while not out_of_time() and (pid := placement.next()) is not None:
        ok = ask(pid)
        if ok is None:
            break
        if ok is UNASKABLE:
            placement.unaskable.add(pid)
            continue
        placement.answer(pid, ok)
    return placement


def solved(results: Sequence) -> bool | None:
    """Whether a problem counts as solved: every part right at the first try without a hint. None
    when no part was answered (the student left)."""
    answered = [r for r in results if r.verdict != "unanswered"]
    if not answered:
        return None
    return len(answered) == len(results) and all(
        r.verdict == "correct" and r.attempts == 1 and r.hints == 0 for r in answered)
