"""Commands about where a student stands: `stats`, `exam` (registered on cli.app)."""

from __future__ import annotations

import math
import signal
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Optional

import typer

from mathquiz.cli import signals
from mathquiz.cli.answering import answer_reader
from mathquiz.cli.app import (
    EXIT_NEGATIVE,
    EXIT_OK,
    MAX_SEED,
    ProblemsOption,
    _resolve,
    _scan,
    app,
    complete_targets,
    complete_topics,
    fail,
    open_store,
    render,
    unknown_topic,
)
from mathquiz.cli.studying import random_seed

EXAM_MINUTES = 20.0


def _open_store():
    from mathquiz.record.store import StoreError

    try:
        return open_store()
    except StoreError as exc:
        fail(str(exc), code=EXIT_NEGATIVE)


@app.command()
def stats(
    topic: Optional[str] = typer.Argument(None, help="Only this topic.", autocompletion=complete_topics),
    json_out: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
    problems: list[Path] = ProblemsOption,
) -> None:
    """Where you stand: accuracy, coverage and mastery per topic and problem, trends (from three
    sessions), common mistakes, what to practise.

    Mastery (new, learning, familiar, proficient, mastered) comes from the memory model that
    practice, review, exams and diagnose all move; it goes down as well as up.

    \b
    Example: mathquiz stats softmax
    """
    from dataclasses import replace

    from mathquiz.record import aggregates
    from mathquiz.record.stats import rank_weakest

    bank = _scan(problems, quiet=True)
    listed = bank.topics()
    if topic is not None and topic not in listed:
        unknown_topic(topic, listed)
    chosen = {t: [e.id for e in group] for t, group in listed.items() if topic in (None, t)}
    with _open_store() as store:  # aggregated by SQLite: fast and small at any size of history
        topics = aggregates.summaries(store, "topic", topic)
        by_problem = aggregates.summaries(store, "problem_id", topic)
        mistakes = aggregates.top_mistakes(store, topic)
        levels, coverage = aggregates.mastery(store, chosen, datetime.now(timezone.utc))
    topics = {k: replace(v, mastery=coverage[k]["mastery"] if k in coverage else None) for k, v in topics.items()}
    by_problem = {k: replace(v, mastery=levels.get(k)) for k, v in by_problem.items()}
    seen = sum(c["seen"] for c in coverage.values())
    total = sum(c["problems"] for c in coverage.values())
    if not topics:
        if json_out:
            render.print_json({"topics": {}, "problems": {}, "weakest": [], "mistakes": [],
                               "coverage": coverage, "seen": seen, "total": total})
            return
        shown = render.visible(topic) if topic else ""
        where = f" for '{shown}'" if topic else ""
        render.console.print(f"No history yet{where}: 0 of {total} problems seen. "
                             f"Start with: mathquiz diagnose {shown}".rstrip(), markup=False)
        return
    weakest = rank_weakest(topics.values())
    if json_out:
        render.print_json({
            "topics": {k: v.to_dict() for k, v in topics.items()},
            "problems": {k: v.to_dict() for k, v in by_problem.items()},
            "weakest": [s.key for s in weakest],
            "mistakes": [{"feedback": m, "count": n} for m, n in mistakes],
            "coverage": coverage, "mastery": levels, "seen": seen, "total": total,
        })
        return
    from mathquiz.render.reports import show_stats

    show_stats(topics, by_problem, weakest, mistakes, coverage)


class _TimeUp(Exception):
    """The exam clock ran out while the student was typing."""


def _alarm(seconds: float) -> None:
    """Interrupt input() when the exam time is up (a terminal on Unix only)."""
    if hasattr(signal, "setitimer"):
        def ring(signum, frame):
            raise _TimeUp

        signal.signal(signal.SIGALRM, ring)
        signal.setitimer(signal.ITIMER_REAL, max(seconds, 0.01))


def _cancel_alarm() -> None:
    if hasattr(signal, "setitimer"):
        signal.setitimer(signal.ITIMER_REAL, 0)


@app.command()
def exam(
    targets: list[str] = typer.Argument(None, metavar="[TOPIC...]", help="Topics (default: all).",
                                        autocompletion=complete_targets),
    count: int = typer.Option(6, "--count", "-n", min=1, max=100, metavar="N", help="How many problems."),
    minutes: Optional[float] = typer.Option(None, "--minutes", "-m", min=0.1, max=600, metavar="M",
                                            help=f"Time allowed (default {EXAM_MINUTES:g}); --paper: printed on it."),
    seed: Optional[int] = typer.Option(None, "--seed", min=0, max=MAX_SEED, metavar="S",
                                       help="Which problems and instances."),
    json_out: bool = typer.Option(False, "--json", help="Print the report as JSON (--paper: the files written)."),
    no_save: bool = typer.Option(False, "--no-save", help="Do not record the exam in the history "
                                 "(a paper never is)."),
    paper: bool = typer.Option(False, "--paper", help="Write a printable paper and its answer key instead."),
    fmt: Optional[str] = typer.Option(None, "--format", "-f", metavar="FORMAT",
                                      help="--paper: markdown (the default) or latex."),
    output: Optional[str] = typer.Option(None, "--output", "-o", metavar="FILE",
                                         help="--paper: the paper's file (default paper-SEED.md or .tex), or a "
                                         "folder for the default names; the key goes beside it as FILE-key."),
    problems: list[Path] = ProblemsOption,
) -> None:
    """A timed self-assessment across topics: no feedback until the end, then a full report.

    Answer each part as in practice (or `skip`; `quit` hands in early), or type `work` to show
    your working a line at a time, then `done`: the last line is the answer, and the working is
    marked after the exam (half marks for one known slip carried through). The prompt counts the
    remaining time down; when it runs out the exam ends. Exit 0 when every part is correct.
    With --paper, the same problems are written to a printable paper and a separate answer key
    with worked solutions (the same seed gives the same paper). --minutes is then printed on the
    paper, --json prints what was written (files, seed, problems) instead of a sentence, and
    nothing is recorded in the history. --format and --output apply to --paper only.

    \b
    Example: mathquiz exam lstsq calculus --count 4 --minutes 15
    Example: mathquiz exam --paper calculus --count 4 --seed 7 --format latex
    """
    import numpy as np

    from mathquiz.problem.bank import load_problem
    from mathquiz.problem.files import ProblemFileError
    from mathquiz.problem.instances import DrawError
    from mathquiz.record.store import StoreError
    from mathquiz.study.exam import AGAIN, TIME_UP, WORKING, ExamSession, attempt_records, plan, report

    if minutes is not None and not math.isfinite(minutes):  # nan passes the range check
        fail(f"--minutes {minutes}: give a number of minutes between 0.1 and 600")
    if not paper and (fmt is not None or output is not None):
        fail("--format and --output apply only with --paper", "mathquiz exam --paper --format latex")
    fmt = fmt or "markdown"
    if paper and fmt not in ("markdown", "latex"):
        fail(f"--format {fmt!r}: choose markdown or latex")
    bank = _scan(problems)
    entries = _resolve(bank, targets) if targets else list(bank.entries.values())
    n = seed if seed is not None else random_seed()
    chosen = plan(entries, count, np.random.default_rng(n))
    if paper:
        from mathquiz.cli.paper import write_paper

        write_paper(chosen, n, fmt, output, minutes, json_out)
        return
    minutes = EXAM_MINUTES if minutes is None else minutes
    try:
        loaded = [(load_problem(e), n + k) for k, e in enumerate(chosen)]
        session = ExamSession(loaded, minutes, seed=n)
    except (ProblemFileError, DrawError) as exc:
        fail(f"cannot set the exam: {exc}", code=EXIT_NEGATIVE)
    from mathquiz.validation.shown import shown_issues

    for result in session.results:  # a drawn value with no form to show (one too large) stops it here
        for issue in shown_issues(result.instance, everything=False):
            fail(f"cannot set the exam: {result.instance.id} (seed {result.instance.seed}): {issue}",
                 code=EXIT_NEGATIVE)
    interactive = sys.stdin.isatty() and not json_out
    if not interactive and not json_out:
        render.set_plain(True)
    ask = answer_reader(interactive)
    quiet = json_out
    if not quiet:
        render.console.print(f"Exam: {len(chosen)} problems, {minutes:g} minutes (seed {n}). "
                             "No feedback until the end.")
    shown, working = None, False
    code = EXIT_OK
    from mathquiz.render.reports import exam_prompt

    store = None if no_save else _open_store()
    saved = 0

    def save_new_parts() -> None:
        """Commit each part as it is answered, so a closed terminal loses nothing."""
        nonlocal saved, store
        if store is not None:
            records = attempt_records(session)
            try:
                for record in records[saved:]:
                    store.record(record)
                    saved += 1
            except StoreError as exc:  # the exam goes on and its report is still shown
                render.note(f"{exc} — answers from now on and the exam report are not saved")
                store.close()
                store = None

    try:
        while (here := session.current()) is not None:
            inst, part = here
            if not quiet and shown is not inst:
                render.show_problem(inst)
                shown = inst
            if not quiet and not working:  # a line of working is not a new question
                render.show_part(inst, part)
            answered, total = session.progress
            ask.focus(part)
            try:
                if interactive:
                    _alarm(session.remaining())
                # a function: the live prompt redraws it every second, so the clock counts down
                line = ask(lambda done=answered, of=total: exam_prompt(session.remaining(), done, of,
                                                                       session.next_line))
            except _TimeUp:
                session.current()  # notices the deadline and ends the exam
                break
            except EOFError:
                session.finish()
                break
            finally:
                _cancel_alarm()
            reply = session.send(line)
            working = reply.kind == WORKING
            save_new_parts()
            if reply.kind == AGAIN and not quiet:
                render.console.print(f"? {reply.message}")
            elif reply.kind == WORKING and reply.message and not quiet:
                # that working started, or a line that cannot be read: never whether a line follows
                render.console.print(reply.message, style="dim", markup=False)
            elif reply.kind == TIME_UP:
                break
    except KeyboardInterrupt:
        session.finish()
        code = signals.exit_code()
    data = report(session)
    if store is not None:
        save_new_parts()  # the part on the screen when time ran out or the exam was handed in
    if store is not None:
        try:
            _learn_from_exam(store, session)
            store.save_exam(data)
        except StoreError as exc:
            render.note(f"{exc} — the exam report below is not saved")
        store.close()
    if json_out:
        render.print_json(data)
    else:
        from contextlib import nullcontext

        from mathquiz.render.reports import show_exam_report

        # through the pager like git; not after Ctrl-C, which asks to be let out, not to page
        with render.paged() if code == EXIT_OK else nullcontext():
            show_exam_report(data, {(r.instance.id, r.instance.seed): r.instance for r in session.results})
    if code == EXIT_OK:
        code = EXIT_OK if data["score"]["correct"] == data["score"]["total"] else EXIT_NEGATIVE
    raise typer.Exit(code)


def _learn_from_exam(store, session) -> None:
    """Each problem of the exam moves its card like any other graded instance (record.cards)."""
    from mathquiz.record.schedule import learn

    for pr in session.results:
        learn(store, pr.instance.id, [r for r in pr.results if r.shown], "exam")
