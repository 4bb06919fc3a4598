"""Driving a practice session: draw instances, ask each part, record results.

Reading a line and showing things are passed in (`ask`, `view`), so the loop runs the same at a
terminal, on piped input and in tests. Each answered part is saved at once (nothing is lost on
Ctrl-C or a closed terminal).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import partial

from mathquiz.judging.equivalence import INCORRECT, INVALID
from mathquiz.problem.instances import DrawError, Instance, draw
from mathquiz.record.cards import UNANSWERED
from mathquiz.study.guided import GUIDE, GUIDED_MODES, Guide, again_mode, fresh_instance, guidable
from mathquiz.study.session import (
    COMMANDS,
    DONE,
    WORK,
    Command,
    Graded,
    Hint,
    PartResult,
    PartSession,
    ProblemResult,
    Refused,
    Working,
    to_follow,
)

SOLUTION = "solution"


class Quit(Exception):
    """The student asked to stop (quit, Ctrl-D, end of input); carries the problem's results so far."""


class Interrupted(Quit):
    """Ctrl-C: stop like Quit, but the session ends with exit code 130."""


@dataclass
class Options:
    interactive: bool = True  # a person at a terminal: retries, re-asking invalid answers
    mode: str = "practice"


def seeds(first: int | None, rng_seed: Callable[[], int]) -> Iterator[int]:
    """With --seed S: S, S+1, …; without: fresh random seeds, each shown so it can be replayed."""
    n = first if first is not None else rng_seed()
    while True:
        yield n
        n += 1


def run_problem(problem, seed: int, ask: Callable[[str], str], view, opts: Options,
                record: Callable | None = None, clock: Callable[[], float] = time.monotonic) -> ProblemResult:
    """Ask every part of one instance; raises Quit (after recording what was answered).

    `solution` at a part gives that part up, shows the worked solution and goes on with the
    rest (which then are no first tries); `skip` gives the part up and shows its answer; `guide`
    gives it up and walks through its steps (study.guided), as a wrong final answer offers to.
    After the last part the view offers the worked solution (`view.finished`)."""
    inst = draw(problem, seed)
    result = ProblemResult(inst)
    view.problem(inst)
    seen = False  # the worked solution has been shown
    guiding = opts.mode in GUIDED_MODES
    for part in inst.parts:
        view.part(inst, part)
        attempts = part.part.attempts if opts.interactive else 1  # piped input: one line per part
        ps = PartSession(inst, part, attempts, clock, solution_seen=seen, earlier=to_follow(result.results),
                         no_guide="" if guiding else "guided steps are for practice and review")
        try:
            given = _answer(ps, inst, part, ask, view, opts)
        except (EOFError, KeyboardInterrupt) as stop:
            # the parts answered so far are kept (and were saved as they were answered)
            result.results.append(ps.abandon())
            _record(record, inst, result.results[-1], opts)
            raise _ended(stop, result) from None
        seen = seen or SOLUTION in given
        result.results.append(ps.result)
        _record(record, inst, ps.result, opts)
        wrong = ps.result.verdict == INCORRECT and GUIDE not in given
        if wrong and guiding and opts.interactive and guidable(inst, part):  # offered, never pushed
            last = part.index == len(inst.parts) - 1 and not seen
            wanted = _stopping(result, partial(view.offer_guide, inst, part, last))
            if wanted == SOLUTION:
                view.solution(inst)
                seen = True
            elif wanted == GUIDE:
                given.add(GUIDE)
        if GUIDE in given:
            _guided(inst, part, ask, view, opts, record, clock, result)
            if part.index + 1 < len(inst.parts) and inst.problem.params:
                view.back(inst)  # the next parts are about the numbers first drawn
    _stopping(result, lambda: view.finished(inst, seen))  # every part is answered and saved already
    return result


def _ended(stop: BaseException, result: ProblemResult) -> Quit:
    """Ctrl-C ends the session as interrupted (exit 130); Ctrl-D, end of input and quit as Quit."""
    return (Interrupted if isinstance(stop, KeyboardInterrupt) else Quit)(result)


def _stopping(result: ProblemResult, then: Callable):
    """`then()`, where Ctrl-D and Ctrl-C end the session with what was answered (saved already)."""
    try:
        return then()
    except (EOFError, KeyboardInterrupt) as stop:
        raise _ended(stop, result) from None


def _answer(ps: PartSession, inst: Instance, part, ask, view, opts: Options) -> set[str]:
    """Lines until the part is over; the commands that end it or matter after it (solution, guide).
    Ctrl-D and Ctrl-C are the caller's to handle (EOFError, KeyboardInterrupt)."""
    given: set[str] = set()
    while ps.result is None:
        line = ask(f"part {part.index + 1} › ")
        event = ps.send(line)
        if isinstance(event, Hint):
            view.hint(event.text)
        elif isinstance(event, Working):
            view.worked(event)
        elif isinstance(event, Refused):
            view.refused(event.message)
        elif isinstance(event, Command):
            given.add(event.name)
            if event.name == "help":
                view.help()
            elif event.name == "quit":
                raise EOFError  # the caller keeps the part as it stands and stops
            elif event.name == "skip":
                view.skipped(part)
            elif event.name == SOLUTION:
                view.solution(inst)
        elif isinstance(event, Graded):
            view.graded(event, part)
            if event.verdict.status == INVALID and not opts.interactive:
                ps.invalid_final(event.verdict, line)
    return given


def _guided(inst: Instance, part, ask, view, opts: Options, record, clock, result: ProblemResult) -> None:
    """Guided steps for `part`, then the part again with fresh numbers (recorded as practice, or
    cramming in a cram session, the walk counted as a hint). What happened goes into the part's
    result (`guided`, for --json)."""
    guide = Guide(inst, part)
    done = result.results[-1]
    done.guided = guide.as_json()
    view.guide_start(guide)
    for step in guide.steps:
        view.guide_step(guide, step)
        while not step.outcome:
            line = _stopping(result, partial(ask, f"step {guide.steps.index(step) + 1} › "))
            word = line.strip().lower()
            if word == "quit":
                raise Quit(result)
            if word in (*COMMANDS, WORK, DONE) and word != "skip":  # hint, solution, …: not here
                view.guide_help()
                continue
            view.guide_try(guide, step, guide.send(step, line))
            done.guided = guide.as_json()
    try:
        other = fresh_instance(inst, part.index)
    except DrawError:
        view.refused("no fresh numbers could be drawn for this problem")
        return
    again = other.parts[part.index]
    view.again(other, again)
    attempts = again.part.attempts if opts.interactive else 1
    ps = PartSession(other, again, attempts, clock, solution_seen=True,
                     no_guide="you have just walked through it: answer it, or type skip")
    practice = replace(opts, mode=again_mode(opts.mode))
    try:
        _answer(ps, other, again, ask, view, opts)
    except (EOFError, KeyboardInterrupt) as stop:
        _practised(ps.abandon(), other, done, record, practice, result)
        raise _ended(stop, result) from None
    _practised(ps.result, other, done, record, practice, result)
    view.guide_end(done.guided)


def _practised(again: PartResult, other: Instance, done: PartResult, record, opts: Options,
               result: ProblemResult) -> None:
    """The part asked again: saved as its own practice instance (unless never answered)."""
    done.guided = {**done.guided, "again": {"seed": other.seed, **again.to_json()}}
    if again.verdict == UNANSWERED:
        return
    _record(record, other, again, opts)
    result.practised.append(ProblemResult(other, [again]))


def _record(record, inst: Instance, part_result, opts: Options) -> None:
    if record is not None:
        record(inst, part_result, opts.mode)


def new_session_id() -> str:
    return uuid.uuid4().hex[:12]
