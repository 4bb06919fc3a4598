"""Driving a practice session: draw instances, ask each part, record results.

Reading a line and showing things are passed in (`ask`, `view`), so the loop runs the same at a
terminal, on piped input and in tests. Each answered part is saved at once (nothing is lost on
Ctrl-C or a closed terminal).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from mathquiz.judging.equivalence import INVALID
from mathquiz.problem.instances import Instance, draw
from mathquiz.study.session import Command, Graded, Hint, PartSession, ProblemResult, Working, to_follow


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
    rest (which then are no first tries); `skip` gives the part up and shows its answer. After
    the last part the view offers the worked solution (`view.finished`)."""
    inst = draw(problem, seed)
    result = ProblemResult(inst)
    view.problem(inst)
    seen = False  # the worked solution has been shown
    for part in inst.parts:
        view.part(inst, part)
        attempts = part.part.attempts if opts.interactive else 1  # piped input: one line per part
        ps = PartSession(inst, part, attempts, clock, solution_seen=seen, earlier=to_follow(result.results))
        while ps.result is None:
            try:
                line = ask(f"part {part.index + 1} › ")
            except (EOFError, KeyboardInterrupt) as stop:
                # the parts answered so far are kept (and were saved as they were answered)
                result.results.append(ps.abandon())
                _record(record, inst, result.results[-1], opts)
                raise (Interrupted if isinstance(stop, KeyboardInterrupt) else Quit)(result) from None
            event = ps.send(line)
            if isinstance(event, Hint):
                view.hint(event.text)
            elif isinstance(event, Working):
                view.worked(event)
            elif isinstance(event, Command):
                if event.name == "help":
                    view.help()
                elif event.name == "quit":
                    result.results.append(ps.abandon())
                    _record(record, inst, result.results[-1], opts)
                    raise Quit(result)
                elif event.name == "skip":
                    view.skipped(part)
                elif event.name == "solution":
                    view.solution(inst)
                    seen = True
            elif isinstance(event, Graded):
                view.graded(event, part)
                if event.verdict.status == INVALID and not opts.interactive:
                    ps.invalid_final(event.verdict, line)
        result.results.append(ps.result)
        _record(record, inst, ps.result, opts)
    try:
        view.finished(inst, seen)
    except (EOFError, KeyboardInterrupt) as stop:  # every part is answered and saved already
        raise (Interrupted if isinstance(stop, KeyboardInterrupt) else Quit)(result) from None
    return result


def _record(record, inst: Instance, part_result, opts: Options) -> None:
    if record is not None:
        record(inst, part_result, opts.mode)


def new_session_id() -> str:
    return uuid.uuid4().hex[:12]
