"""The `plan` command: a day-by-day plan to an exam date (registered on cli.app)."""

from __future__ import annotations

from pathlib import Path

import typer

from mathquiz.cli.app import (
    EXIT_NEGATIVE,
    EXIT_OK,
    ProblemsOption,
    _resolve,
    _scan,
    app,
    complete_topics,
    fail,
    open_store,
    render,
    unknown_topic,
)


def parse_exam_date(text: str):
    """--exam-date as a date; a usage error otherwise."""
    from datetime import date

    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        fail(f"--exam-date {text!r}: write the date as YYYY-MM-DD, for example 2027-02-15")


def make_plan(bank, target, today):
    """The plan to `target` from the history; the user-facing errors of planning stop here."""
    from mathquiz.record.store import StoreError
    from mathquiz.study.exam_target import plan_for
    from mathquiz.study.plan import PlanError

    try:
        with open_store() as store:
            return plan_for(store, bank, target, today)
    except PlanError as exc:
        fail(str(exc), "give a date after today, at most a year ahead" if "date" in str(exc) else None)
    except StoreError as exc:
        fail(str(exc), code=EXIT_NEGATIVE)


@app.command()
def plan(
    targets: list[str] = typer.Argument(None, metavar="[TOPIC...]", help="Topics (default: all).",
                                        autocompletion=complete_topics),
    exam_date: str = typer.Option(..., "--exam-date", metavar="YYYY-MM-DD", help="The day of the exam."),
    minutes_per_day: float = typer.Option(30.0, "--minutes-per-day", "-m", min=1, max=1440, metavar="M",
                                          help="Study time a day, in minutes."),
    json_out: bool = typer.Option(False, "--json", help="Print the plan as one JSON object."),
    problems: list[Path] = ProblemsOption,
) -> None:
    """A day-by-day plan to an exam: every problem met, the weak ones first and more often,
    within a daily time budget, and the recall on exam day FSRS predicts per topic.

    The exam date is remembered: `mathquiz practice today` and `mathquiz review --exam-date`
    then follow the plan's day. The method: mathquiz help planning.

    \b
    Example: mathquiz plan --exam-date 2027-02-15 --minutes-per-day 20 calculus linalg
    """
    from datetime import date

    from mathquiz.study import exam_target

    when = parse_exam_date(exam_date)
    bank = _scan(problems, quiet=json_out)
    if targets:
        _resolve(bank, targets)  # unknown topics fail here, with a suggestion
    target = exam_target.ExamTarget(when, minutes_per_day, tuple(targets or ()))
    result = make_plan(bank, target, date.today())
    exam_target.save(target)
    if json_out:
        render.print_json(result.to_json())
        for note in result.notes:
            render.note(note)
        return
    from mathquiz.render.plan import show_plan

    if not result.recall_now:
        render.console.print("There are no problems to plan for.")
        return
    show_plan(result)


@app.command("map")
def map_(
    targets: list[str] = typer.Argument(None, metavar="[TOPIC...]", help="Topics (default: all).",
                                        autocompletion=complete_topics),
    json_out: bool = typer.Option(False, "--json", help='Print {"roots", "counts", "problems"} as JSON.'),
    problems: list[Path] = ProblemsOption,
) -> None:
    """The prerequisite graph as a tree, each problem under what it builds on, with its state in
    your memory: new (never answered), learning, known, or due for review.

    Example: mathquiz map softmax
    """
    from datetime import datetime, timezone

    from mathquiz.record.store import StoreError
    from mathquiz.study.knowledge_map import build

    bank = _scan(problems, quiet=json_out)
    topics = bank.topics()
    for name in targets or ():
        if name not in topics:
            unknown_topic(name, topics)
    try:
        with open_store() as store:
            cards = store.cards()
    except StoreError as exc:
        fail(str(exc), code=EXIT_NEGATIVE)
    the_map = build(bank, list(targets or ()), cards, datetime.now(timezone.utc))
    if json_out:
        render.print_json(the_map.to_json())
        return
    from mathquiz.render.plan import show_map

    show_map(the_map)


def planned_today(bank, quiet: bool = False) -> list:
    """`practice today`: the problems of today in the plan to the exam saved by `mathquiz plan`."""
    from datetime import date

    from mathquiz.render.plan import show_plan_today_header
    from mathquiz.study import exam_target

    target = exam_target.load()
    if target is None:
        fail("no exam date yet", "plan to one first: mathquiz plan --exam-date YYYY-MM-DD")
    plan = make_plan(bank, target, date.today())
    day = plan.day(plan.today)
    if not quiet:
        show_plan_today_header(day, target.exam_date)
    if day is None or not day.items:
        render.note(f"nothing is planned for today; the whole plan: "
                    f"mathquiz plan --exam-date {target.exam_date.isoformat()}")
        raise typer.Exit(EXIT_OK)
    return [bank.entries[i.problem] for i in day.items]
