"""`diagnose`: the placement test over the prerequisite graph (registered on cli.app)."""

from __future__ import annotations

import math
from pathlib import Path

import typer

from mathquiz.cli import signals
from mathquiz.cli.app import EXIT_OK, ProblemsOption, _scan, app, complete_topics, fail, render, unknown_topic
from mathquiz.cli.studying import Recorder, View, answer_reader, random_seed


@app.command()
def diagnose(
    targets: list[str] = typer.Argument(None, metavar="[TOPIC...]", help="Topics (default: all).",
                                        autocompletion=complete_topics),
    count: int = typer.Option(15, "--count", "-n", min=1, max=15, metavar="N", help="At most this many problems."),
    minutes: float = typer.Option(20.0, "--minutes", "-m", min=1, max=120, metavar="M",
                                  help="Time budget: no new problem is started after it."),
    json_out: bool = typer.Option(False, "--json", help="Print the outcome as JSON (answers from standard input)."),
    problems: list[Path] = ProblemsOption,
) -> None:
    """A short placement test: a few problems chosen along the prerequisite graph find what you
    already know (a success vouches for its prerequisites, a failure casts doubt on what builds on
    it), then says what you are ready to learn. The answers are recorded and seed your review
    schedule and plan. The method and its limits: docs/planning.md.

    Example: mathquiz diagnose calculus softmax
    """
    import sys
    import time
    from datetime import datetime, timezone

    from mathquiz.problem.bank import load_problem
    from mathquiz.problem.files import ProblemFileError
    from mathquiz.problem.instances import DrawError
    from mathquiz.study.knowledge_map import build
    from mathquiz.study.placement import UNASKABLE, Placement, run, solved
    from mathquiz.study.practice import Options, Quit, run_problem
    from mathquiz.validation.shown import SHOW_ERRORS

    if not math.isfinite(minutes):  # nan passes the range check
        fail(f"--minutes {minutes}: give a number of minutes between 1 and 120")
    bank = _scan(problems, quiet=json_out)
    topics = bank.topics()
    for name in targets or ():
        if name not in topics:
            unknown_topic(name, topics)
    from mathquiz.problem.prerequisites import graph

    record = Recorder(True)
    cards = record.store.cards() if record.store is not None else {}
    the_map = build(bank, list(targets or ()), cards, datetime.now(timezone.utc))
    placement = Placement(graph(bank.entries.values()), list(the_map.nodes), count)
    # what the memory model already holds as known (in review, not due) is not asked again
    placement.assume_known([n.id for n in the_map.nodes.values() if n.state == "known"])
    interactive = sys.stdin.isatty() and not json_out
    if not interactive and not json_out:
        render.set_plain(True)
    reader = answer_reader(interactive)
    view = View(json_out, min(count, len(placement.undecided())), reader)
    opts = Options(interactive=interactive, mode="diagnose")
    deadline = time.monotonic() + minutes * 60

    def ask(pid: str) -> bool | str | None:
        try:
            result = run_problem(load_problem(bank.entries[pid]), random_seed(), reader, view, opts, record)
        except (ProblemFileError, DrawError) as exc:
            render.error(f"{pid}: {exc}")
            return UNASKABLE
        except SHOW_ERRORS as exc:  # a drawn value with no form to show; the answered parts are saved
            render.error(f"{pid} cannot be shown: {exc!r}", "check it: mathquiz validate FILE")
            return UNASKABLE
        except Quit as stop:
            record.finish(stop.args[0], opts.mode)
            return None
        record.finish(result, opts.mode)
        return solved(result.results)

    if not json_out:
        render.console.print(f"Placement test: at most {count} problems or {minutes:g} minutes, "
                             f"over {len(placement.undecided())} problems. Answer each part as in practice.")
    code = EXIT_OK
    try:
        run(placement, ask, lambda: time.monotonic() > deadline)
    except KeyboardInterrupt:
        code = signals.exit_code()
    _seed_inferred(record, placement)
    record.close()
    if json_out:
        render.print_json(placement.to_json())
    else:
        from mathquiz.render.plan import show_placement

        show_placement(placement)
    raise typer.Exit(code)


def _seed_inferred(record, placement) -> None:
    """Problems the test found known without asking them start in the memory model as answered well
    once (rated Good now); asked ones were rated by their own answers."""
    from fsrs import Rating

    from mathquiz.record.schedule import review
    from mathquiz.record.store import StoreError

    asked = {p for p, _ in placement.asked}
    if record.store is None:
        return
    try:
        for pid in placement.known():
            if pid not in asked and record.store.load_card(pid) is None:
                review(record.store, pid, Rating.Good)
    except StoreError as exc:
        render.note(f"{exc} — what the test inferred is not saved")
