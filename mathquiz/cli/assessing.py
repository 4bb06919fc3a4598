"""Commands about where a student stands: `stats`, `exam`, `review` (registered on cli.app)."""

from __future__ import annotations

import math
import signal
import sys
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Optional

import typer

from mathquiz.cli import signals
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
    render,
)
from mathquiz.cli.studying import Recorder, View, line_reader, open_store, random_seed


def _open_store():
    from mathquiz.study.store import StoreError

    try:
        return open_store()
    except StoreError as exc:
        fail(str(exc), code=EXIT_NEGATIVE)


@app.command()
def stats(
    topic: Optional[str] = typer.Argument(None, help="Only this topic.", autocompletion=complete_topics),
    json_out: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
) -> None:
    """Where you stand: accuracy per topic and problem, trends, common mistakes, what to practise.

    Example: mathquiz stats softmax
    """
    from mathquiz.study import stats as st

    with _open_store() as store:
        records = store.attempts(topic=topic)
    if not records:
        if json_out:
            render.print_json({"topics": {}, "problems": {}, "weakest": [], "mistakes": []})
            return
        where = f" for '{topic}'" if topic else ""
        render.console.print(f"No history yet{where}. Start with: mathquiz practice {topic or 'lstsq'}")
        return
    topics, problems = st.by_topic(records), st.by_problem(records)
    weakest, mistakes = st.weakest_topics(records), st.top_mistakes(records)
    if json_out:
        render.print_json({
            "topics": {k: v.to_dict() for k, v in topics.items()},
            "problems": {k: v.to_dict() for k, v in problems.items()},
            "weakest": [s.key for s in weakest],
            "mistakes": [{"feedback": m, "count": n} for m, n in mistakes],
        })
        return
    from mathquiz.render.reports import show_stats

    show_stats(topics, problems, weakest, mistakes)


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
    minutes: float = typer.Option(20.0, "--minutes", "-m", min=0.1, max=600, metavar="M", help="Time allowed."),
    seed: Optional[int] = typer.Option(None, "--seed", min=0, max=MAX_SEED, metavar="S",
                                       help="Which problems and instances."),
    json_out: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    no_save: bool = typer.Option(False, "--no-save", help="Do not record the exam in the history."),
    problems: list[Path] = ProblemsOption,
) -> None:
    """A timed self-assessment across topics: no feedback until the end, then a full report.

    Answer each part as in practice (or `skip`; `quit` hands in early). The remaining time is
    shown at every prompt; when it runs out the exam ends. Exit 0 when every part is correct.

    Example: mathquiz exam lstsq calculus --count 4 --minutes 15
    """
    import numpy as np

    from mathquiz.problem.bank import load_problem
    from mathquiz.problem.files import ProblemFileError
    from mathquiz.problem.instances import DrawError
    from mathquiz.study.exam import AGAIN, TIME_UP, ExamSession, attempt_records, plan, report
    from mathquiz.study.store import StoreError

    if not math.isfinite(minutes):  # nan passes the range check
        fail(f"--minutes {minutes}: give a number of minutes between 0.1 and 600")
    bank = _scan(problems)
    entries = _resolve(bank, targets) if targets else list(bank.entries.values())
    n = seed if seed is not None else random_seed()
    chosen = plan(entries, count, np.random.default_rng(n))
    try:
        loaded = [(load_problem(e), n + k) for k, e in enumerate(chosen)]
        session = ExamSession(loaded, minutes, seed=n)
    except (ProblemFileError, DrawError) as exc:
        fail(f"cannot set the exam: {exc}", code=EXIT_NEGATIVE)
    interactive = sys.stdin.isatty() and not json_out
    if not interactive and not json_out:
        render.set_plain(True)
    ask = line_reader(interactive)
    quiet = json_out
    if not quiet:
        render.console.print(f"Exam: {len(chosen)} problems, {minutes:g} minutes (seed {n}). "
                             "No feedback until the end.")
    shown = None
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
            if not quiet:
                render.show_part(inst, part)
            answered, total = session.progress
            try:
                if interactive:
                    _alarm(session.remaining())
                line = ask(exam_prompt(session.remaining(), answered, total))
            except _TimeUp:
                session.current()  # notices the deadline and ends the exam
                break
            except EOFError:
                session.finish()
                break
            finally:
                _cancel_alarm()
            reply = session.send(line)
            save_new_parts()
            if reply.kind == AGAIN and not quiet:
                render.console.print(f"? {reply.message}")
            elif reply.kind == TIME_UP:
                break
    except KeyboardInterrupt:
        session.finish()
        code = signals.exit_code()
    data = report(session)
    if store is not None:
        save_new_parts()  # the parts time or quitting left unanswered
    if store is not None:
        try:
            store.save_exam(data)
        except StoreError as exc:
            render.note(f"{exc} — the exam report below is not saved")
        store.close()
    if json_out:
        render.print_json(data)
    else:
        from mathquiz.render.reports import show_exam_report

        show_exam_report(data)
    if code == EXIT_OK:
        code = EXIT_OK if data["score"]["correct"] == data["score"]["total"] else EXIT_NEGATIVE
    raise typer.Exit(code)


@app.command()
def review(
    exam_date: Optional[str] = typer.Option(None, "--exam-date", metavar="YYYY-MM-DD",
                                            help="Put first what you would remember worst on that day."),
    limit: int = typer.Option(10, "--limit", "-n", min=1, max=200, metavar="N", help="At most this many problems."),
    problems: list[Path] = ProblemsOption,
) -> None:
    """Spaced repetition: fresh instances of the problems you are about to forget (FSRS).

    Each answer rates the problem (wrong: again, right after a hint or retry: hard, right: good,
    right and fast: easy) and schedules its next review.

    Example: mathquiz review --exam-date 2027-02-15 --limit 5
    """
    from mathquiz.problem.bank import load_problem
    from mathquiz.problem.files import ProblemFileError
    from mathquiz.problem.instances import DrawError
    from mathquiz.render.reports import show_due, show_rating
    from mathquiz.study.practice import Options, Quit, run_problem
    from mathquiz.study.review import due_count, queue, rate_and_schedule
    from mathquiz.study.store import StoreError

    when = None
    if exam_date is not None:
        try:
            when = datetime.combine(date.fromisoformat(exam_date), datetime.min.time(), tzinfo=timezone.utc)
        except ValueError:
            fail(f"--exam-date {exam_date!r}: write a date as YYYY-MM-DD")
        if when.date() < datetime.now(timezone.utc).date():
            fail(f"--exam-date {exam_date}: that date has passed; give the date of an exam still to come")
    bank = _scan(problems)
    ids = sorted(bank.entries)
    now = datetime.now(timezone.utc)
    interactive = sys.stdin.isatty()
    if not interactive:
        render.set_plain(True)
    record = Recorder(True)
    store = record.store or _open_store()
    todo = queue(store, ids, now, when, limit)
    show_due(due_count(store, ids, now), len(ids), exam_date)
    if not todo:
        render.console.print("Nothing is due. Come back later, or practise: mathquiz practice TOPIC")
        record.close()
        raise typer.Exit(EXIT_OK)
    ask, view = line_reader(interactive), View(False, len(todo))
    code = EXIT_OK
    try:
        for pid in todo:
            try:
                result = run_problem(load_problem(bank.entries[pid]), random_seed(), ask, view,
                                     Options(interactive=interactive, mode="review"), record)
            except (ProblemFileError, DrawError) as exc:
                render.error(f"{pid}: {exc}")
                continue
            try:
                rating = rate_and_schedule(store, pid, result.results, datetime.now(timezone.utc))
                card = store.load_card(pid)
            except StoreError as exc:  # the review goes on; only the schedule is not kept
                render.note(f"{exc} — the next review of {pid} is not scheduled")
                continue
            if card is not None:
                show_rating(pid, rating.name.lower(), card.due)
    except Quit:
        pass
    except KeyboardInterrupt:
        code = signals.exit_code()
    finally:
        record.close()
    raise typer.Exit(code)
