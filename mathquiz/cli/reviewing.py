"""`review`: spaced repetition of what is due, then a few new problems (registered on cli.app)."""

from __future__ import annotations

import sys
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Optional

import typer

from mathquiz.cli import signals
from mathquiz.cli.answering import Recorder, View, answer_reader
from mathquiz.cli.app import EXIT_OK, ProblemsOption, _resolve, _scan, app, complete_targets, fail, render
from mathquiz.cli.assessing import _open_store
from mathquiz.cli.studying import random_seed


@app.command()
def review(
    targets: list[str] = typer.Argument(None, metavar="[TOPIC...]", help="Only these topics or problems.",
                                        autocompletion=complete_targets),
    exam_date: Optional[str] = typer.Option(None, "--exam-date", metavar="YYYY-MM-DD",
                                            help="Do today's day of the plan to that exam (see: mathquiz plan)."),
    cram: bool = typer.Option(False, "--cram", help="Fresh instances of what is weakest, now; recorded, "
                              "but the review schedule does not move."),
    limit: int = typer.Option(10, "--limit", "-n", min=1, max=200, metavar="N", help="At most this many problems."),
    new: int = typer.Option(5, "--new", min=0, max=200, metavar="N",
                            help="At most this many new problems (never answered), after the due ones."),
    json_out: bool = typer.Option(False, "--json", help='Print {"due", "new", "queue"}, then one JSON line per '
                                  "problem reviewed (answers from standard input)."),
    problems: list[Path] = ProblemsOption,
) -> None:
    """Spaced repetition: fresh instances of the problems you are about to forget (FSRS).

    Due problems (answered before, in any mode) come first, most overdue first; then at most
    --new problems you never answered, prerequisites first. Each answer rates the problem
    (wrong: again, right after a hint or retry: hard, right: good, right and fast: easy) and
    schedules its next review; practice, exams and diagnose move the same schedule. With
    --exam-date, today's problems of the plan to that exam; with --cram, the weakest problems
    at once, never rated or rescheduled. At a part, `guide` walks through its worked steps and then
    asks it again with fresh numbers (recorded as practice), as in mathquiz practice.

    \b
    Example: mathquiz review --exam-date 2027-02-15 --limit 5
    """
    from mathquiz.problem.bank import load_problem
    from mathquiz.problem.files import ProblemFileError
    from mathquiz.problem.instances import DrawError
    from mathquiz.render.reports import show_rating
    from mathquiz.study.practice import Options, Quit, run_problem
    from mathquiz.validation.shown import SHOW_ERRORS

    if cram and exam_date is not None:
        fail("--cram and --exam-date do not go together",
             "cram now with --cram, or follow the plan with --exam-date")
    bank = _scan(problems, quiet=json_out)
    entries = list(dict.fromkeys(_resolve(bank, targets))) if targets else list(bank.entries.values())
    interactive = sys.stdin.isatty() and not json_out
    if not interactive and not json_out:
        render.set_plain(True)
    record = Recorder(True)
    store = record.store or _open_store()
    if cram:
        todo, seeds = _cram_queue(store, entries, limit, json_out)
    else:
        todo, seeds = _review_queue(store, bank, entries, exam_date, targets, limit, new, json_out), {}
    if not todo:
        record.close()
        raise typer.Exit(EXIT_OK)
    ask = answer_reader(interactive)
    view = View(json_out, len(todo), ask)
    mode = "cram" if cram else "review"
    code = EXIT_OK
    try:
        for pid in todo:
            try:
                result = run_problem(load_problem(bank.entries[pid]), seeds.get(pid) or random_seed(), ask, view,
                                     Options(interactive=interactive, mode=mode), record)
            except (ProblemFileError, DrawError) as exc:
                render.error(f"{pid}: {exc}")
                continue
            except SHOW_ERRORS as exc:  # a drawn value with no form to show; the answered parts are saved
                render.error(f"{pid} cannot be shown: {exc!r}", "check it: mathquiz validate FILE")
                continue
            except Quit as stop:
                record.finish(stop.args[0], mode)
                raise
            moved = record.finish(result, mode)  # cramming moves no card
            if json_out:
                render.print_json({**result.to_json(), "rating": moved[0].name.lower() if moved else None,
                                   "next_review": moved[1].due.isoformat() if moved else None})
            elif moved is not None:
                show_rating(pid, moved[0].name.lower(), moved[1].due)
    except Quit:
        pass
    except KeyboardInterrupt:
        code = signals.exit_code()
    finally:
        record.close()
    raise typer.Exit(code)


def _review_queue(store, bank, entries, exam_date, targets, limit, new, json_out) -> list[str]:
    """What is due (FSRS) and then new, or with an exam date today's day of the plan to it."""
    from mathquiz.problem.prerequisites import introduction_order
    from mathquiz.render.reports import show_due
    from mathquiz.study.review import plan_queue

    ids = introduction_order(bank, [e.id for e in entries])
    now = datetime.now(timezone.utc)
    when = None
    if exam_date is not None:
        from mathquiz.cli.planning import parse_exam_date

        when = parse_exam_date(exam_date)
        if when <= date.today():  # no day left to plan: what FSRS says is due, as without a date
            render.note(f"the exam date {when.isoformat()} is {'today' if when == date.today() else 'past'}: "
                        "reviewing what is due (cram the weakest with: mathquiz review --cram)")
            when = None
    if when is None:
        q = plan_queue(store, ids, now, None, limit, new)
        if json_out:
            render.print_json(q.to_json())
        else:
            show_due(len(q.due), len(q.new), len(ids))
            if not q.todo:
                render.console.print("Nothing is due. Come back later, or practise: mathquiz practice TOPIC")
        return list(q.todo)
    from mathquiz.cli.planning import make_plan
    from mathquiz.render.plan import show_plan_today_header
    from mathquiz.study import exam_target

    saved = exam_target.load()
    same = saved is not None and saved.exam_date == when
    target = exam_target.ExamTarget(when, saved.minutes_per_day if same else 30.0,
                                    tuple(targets or (saved.topics if same else ())))
    plan = make_plan(bank, target, date.today())
    exam_target.save(target)
    day = plan.day(plan.today)
    todo = [i.problem for i in day.items][:limit] if day is not None else []
    if json_out:
        render.print_json({"due": sum(i.reason == "due" for i in day.items) if day else 0,
                           "new": sum(i.reason == "new" for i in day.items) if day else 0, "queue": todo})
        return todo
    show_plan_today_header(day, when)
    if not todo:
        render.console.print("Nothing is planned for today. See the whole plan: "
                             f"mathquiz plan --exam-date {when.isoformat()}")
    return todo


def _cram_queue(store, entries, limit, json_out) -> tuple[list[str], dict[str, int]]:
    """The weakest problems now, each with a seed the student has not met."""
    import numpy as np

    from mathquiz.record.memory import knowledge, subjects
    from mathquiz.study.cram import cram_queue, fresh_seed

    known = knowledge(subjects(entries), store.attempts(), store.cards())
    todo = cram_queue(known, datetime.now(timezone.utc), limit)
    rng = np.random.default_rng()
    seeds = {k.id: fresh_seed(k.seeds, rng) for k in known if k.id in todo}
    if json_out:
        render.print_json({"due": 0, "new": 0, "queue": todo})
        return todo, seeds
    render.console.print(f"Cramming {len(todo)} problem{'s' * (len(todo) != 1)}, weakest first "
                         "(recorded; the schedule stays as it is)")
    return todo, seeds
