"""Commands for studying: `list`, `practice`, `solve` (registered on cli.app)."""

from __future__ import annotations

import os
import sys
from contextlib import nullcontext
from pathlib import Path
from typing import Optional

import typer

from mathquiz.cli import signals
from mathquiz.cli.answering import Recorder, View, answer_reader, monte_carlo
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
    unknown_topic,
)


@app.command("list")
def list_(
    topic: Optional[str] = typer.Argument(None, help="Show only this topic.", autocompletion=complete_topics),
    json_out: bool = typer.Option(False, "--json", help='Print a JSON array of {"id", "title", "topic", "source"}.'),
    problems: list[Path] = ProblemsOption,
) -> None:
    """List topics and problems.

    \b
    Example: mathquiz list softmax
    """
    bank = _scan(problems, quiet=json_out)
    topics = bank.topics()
    if topic is not None:
        if topic not in topics:
            unknown_topic(topic, topics)
        topics = {topic: topics[topic]}
    if json_out:
        render.print_json([{"id": e.id, "title": e.title, "topic": e.topic, "source": e.source}
                           for entries in topics.values() for e in entries])
        return
    from mathquiz.study.listing import table

    colour = os.isatty(1) and not os.environ.get("NO_COLOR") and not render.plain
    accuracy, mastery = _progress(topics)
    sys.stdout.write(table(topics, accuracy, colour=colour, mastery=mastery))


def _progress(topics: dict) -> tuple[dict | None, dict | None]:
    """First-try accuracy per problem and the memory model's mastery (per problem, and per topic
    its coverage) from the history, if there is any (never fails listing)."""
    from datetime import datetime, timezone

    from mathquiz.record.store import Store, StoreError, data_dir

    try:  # a folder that cannot be examined (no permission, a name too long, no home) has no history
        if not (data_dir() / "history.sqlite3").exists():
            return None, None
        from mathquiz.record.aggregates import first_try_by_problem, mastery

        with Store.open() as store:
            accuracy = first_try_by_problem(store)
            levels, coverage = mastery(store, {t: [e.id for e in g] for t, g in topics.items()},
                                       datetime.now(timezone.utc))
    except (StoreError, OSError):
        return None, None
    if not accuracy and not any(c["seen"] for c in coverage.values()):
        return None, None
    return {pid: f"{share:.0%}" for pid, share in accuracy.items()}, {**levels, **coverage}


def random_seed() -> int:
    import secrets

    return secrets.randbelow(100_000) + 1


@app.command()
def practice(
    targets: list[str] = typer.Argument(..., metavar="TARGET...", help="Topics or problem ids.",
                                        autocompletion=complete_targets),
    count: Optional[int] = typer.Option(None, "--count", "-n", min=1, max=200, metavar="N",
                                        help="How many problems (default: each problem of the targets once)."),
    seed: Optional[int] = typer.Option(None, "--seed", min=0, max=MAX_SEED, metavar="S",
                                       help="Seed of the first problem (then S+1, …)."),
    json_out: bool = typer.Option(False, "--json", help="One JSON line per problem (for scripts)."),
    no_save: bool = typer.Option(False, "--no-save", help="Do not record this session in the history."),
    solutions: bool = typer.Option(False, "--solutions", help="Show every worked solution after the last part "
                                   "without asking (or set MATHQUIZ_SOLUTIONS=always)."),
    problems: list[Path] = ProblemsOption,
) -> None:
    """Practise: fresh random instances, graded as you answer, with worked solutions.

    At the prompt type an answer (how: mathquiz help syntax), or hint, skip (shows the part's
    answer), solution (shows the worked solution, then the remaining parts), quit, help; or `work`
    to show your working a line at a time (each line checked against the one before), then `done`;
    or `guide` to type the part's worked steps one by one, then answer it again with fresh numbers
    (a wrong final answer offers it: g). After the last part a key shows the worked solution. With
    piped input, each line answers the next part (no retries), or the lines from `work` to `done`
    do, or after `guide` the steps' lines and the fresh part's, and every worked solution is
    printed. Exit 0 when every part was answered correctly, 1 otherwise, 130 after Ctrl-C (143
    after SIGTERM, 129 after SIGHUP).

    `mathquiz practice today` practises today's problems of the plan to your exam (see: mathquiz plan).

    \b
    Example: mathquiz practice softmax --seed 7
    """
    from mathquiz.problem.bank import load_problem
    from mathquiz.problem.files import ProblemFileError
    from mathquiz.problem.instances import DrawError
    from mathquiz.study.practice import Interrupted, Options, Quit, run_problem, seeds
    from mathquiz.validation.shown import SHOW_ERRORS

    bank = _scan(problems)
    if targets == ["today"] and "today" not in bank.entries and "today" not in bank.topics():
        from mathquiz.cli.planning import planned_today  # a topic named today would win

        entries = planned_today(bank, quiet=json_out)
    else:
        entries = _resolve(bank, targets)
    entries = list(dict.fromkeys(entries))
    if count is not None:
        entries = [entries[k % len(entries)] for k in range(count)]
    interactive = sys.stdin.isatty() and not json_out
    if not interactive and not json_out:
        render.set_plain(True)
    opts = Options(interactive=interactive)
    ask = answer_reader(interactive)
    view = View(json_out, len(entries), ask, solutions)
    record = Recorder(not no_save)
    results, code = [], EXIT_OK
    seed_iter = seeds(seed, random_seed)
    try:
        for entry in entries:
            try:
                problem = load_problem(entry)
            except ProblemFileError as exc:
                render.problem_file_error(exc)
                continue
            n = next(seed_iter)
            try:
                result = run_problem(problem, n, ask, view, opts, record)
            except Quit as stop:
                record.finish(stop.args[0], opts.mode)
                results.append(stop.args[0])
                if json_out:
                    render.print_json(stop.args[0].to_json())
                if isinstance(stop, Interrupted):
                    code = signals.exit_code()
                    if not json_out:
                        render.console.print(f"\n{signals.message()}")
                break
            except DrawError as exc:
                render.error(f"{entry.id} (seed {n}) cannot be drawn: {exc}")
                continue
            except SHOW_ERRORS as exc:  # a drawn value with no form to show; the answered parts are saved
                render.error(f"{entry.id} (seed {n}) cannot be shown: {exc!r}", "check it: mathquiz validate FILE")
                continue
            record.finish(result, opts.mode)
            results.append(result)
            if json_out:
                render.print_json(result.to_json())
    except KeyboardInterrupt:
        code = signals.exit_code()
        if not json_out:
            render.console.print(f"\n{signals.message()}")
    finally:
        record.close()
    if not json_out:
        render.show_summary(results, saved=record.store is not None and interactive)
    if code == EXIT_OK:
        parts = [r for p in results for r in p.results]
        code = EXIT_OK if parts and all(r.verdict == "correct" for r in parts) else EXIT_NEGATIVE
    raise typer.Exit(code)


@app.command()
def solve(
    target: str = typer.Argument(..., help="A topic (a study sheet) or a problem id.",
                                 autocompletion=complete_targets),
    seed: Optional[int] = typer.Option(None, "--seed", min=0, max=MAX_SEED, metavar="S",
                                       help="Which instance (default: a random one)."),
    set_: list[str] = typer.Option([], "--set", metavar="NAME=VALUE",
                                   help='Use your own data, e.g. --set "A=[[1,2],[3,4],[5,6]]" (repeatable).'),
    json_out: bool = typer.Option(False, "--json", help="Print JSON (one line per problem)."),
    fmt: str = typer.Option("text", "--format", "-f", metavar="FORMAT", help="text, markdown or latex."),
    problems: list[Path] = ProblemsOption,
) -> None:
    """Print worked solutions: a study sheet for a topic, or one problem.

    Every formula step is checked by machine for the numbers shown (✓). A sheet longer than the
    terminal goes through $PAGER (less), as git does; `mathquiz --no-pager solve …` prints it as it is.

    \b
    Example: mathquiz solve normal-equations --set "A=[[1,0],[1,1],[1,2]]" --set "b=[6,0,0]"
    """
    from mathquiz.documents.overrides import param_for
    from mathquiz.problem.bank import load_problem
    from mathquiz.problem.files import ProblemFileError

    if fmt not in ("text", "markdown", "latex"):
        fail(f"--format {fmt!r}: choose text, markdown or latex")
    raw = {}
    for spec in set_:
        name, sep, value = spec.partition("=")
        if not sep or not name.strip() or not value.strip():
            fail(f"--set {spec!r}: write NAME=VALUE, for example --set \"b=[1, 2, 3]\"")
        raw[name.strip()] = value.strip()
    bank = _scan(problems)
    entries = _resolve(bank, [target])
    n = seed if seed is not None else random_seed()
    loaded, code = [], EXIT_OK
    for entry in entries:
        try:
            loaded.append(load_problem(entry))
        except ProblemFileError as exc:
            render.problem_file_error(exc)
            code = EXIT_NEGATIVE  # a sheet with a problem missing is not a success
    if raw and len(loaded) > 1:
        loaded = [p for p in loaded if any(param_for(p, k) for k in raw)]
        if not loaded:
            fail(f"no problem of '{target}' has a parameter named {', '.join(raw)}")
    with render.paged() if fmt == "text" and not json_out else nullcontext():  # as git log: $PAGER
        code = _print_sheets(loaded, raw, n, fmt, json_out, len(entries) > 1) or code
    raise typer.Exit(code)


def _print_sheets(loaded, raw: dict, n: int, fmt: str, json_out: bool, several: bool) -> int:
    """Each problem's sheet at seed n; EXIT_NEGATIVE if one could not be drawn or shown."""
    from mathquiz.documents.overrides import OverrideError, param_for, prepare
    from mathquiz.problem.instances import DrawError, draw
    from mathquiz.validation.shown import SHOW_ERRORS

    code = EXIT_OK
    for problem in loaded:
        try:
            mine = {k: v for k, v in raw.items() if param_for(problem, k)} if several else raw
            inst = draw(problem, n, prepare(problem, mine) if mine else None)
        except OverrideError as exc:
            fail(str(exc))
        except DrawError as exc:
            if raw:
                fail(f"{problem.id}: {exc}")
            render.error(f"{problem.id} (seed {n}) cannot be drawn: {exc}")
            code = EXIT_NEGATIVE
            continue
        try:
            _print_sheet(inst, fmt, json_out)
        except SHOW_ERRORS as exc:
            render.error(f"{problem.id} (seed {n}) cannot be shown: {exc!r}", "check it: mathquiz validate FILE")
            code = EXIT_NEGATIVE
    return code


def _print_sheet(inst, fmt: str, json_out: bool) -> None:
    from mathquiz.documents import sheets

    if json_out:
        render.print_json(sheets.solve_json(inst))
    elif fmt == "markdown":
        sys.stdout.write(sheets.markdown(inst) + "\n")
    elif fmt == "latex":
        sys.stdout.write(sheets.latex(inst) + "\n")
    else:
        render.show_problem(inst)
        render.show_answers(inst)
        render.show_solution(inst, monte_carlo(inst))
