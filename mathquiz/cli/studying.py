"""Commands for studying: `list`, `practice`, `solve` (registered on cli.app)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional

import typer

from mathquiz.cli import signals, streams
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
)


@app.command("list")
def list_(
    topic: Optional[str] = typer.Argument(None, help="Show only this topic.", autocompletion=complete_topics),
    json_out: bool = typer.Option(False, "--json", help='Print a JSON array of {"id", "title", "topic", "source"}.'),
    problems: list[Path] = ProblemsOption,
) -> None:
    """List topics and problems.

    Example: mathquiz list softmax
    """
    bank = _scan(problems, quiet=json_out)
    topics = bank.topics()
    if topic is not None:
        if topic not in topics:
            import difflib

            close = difflib.get_close_matches(topic, list(topics), 1, 0.6)
            fail(f"no topic '{topic}'" + (f": did you mean '{close[0]}'?" if close else ""),
                 "topics: " + ", ".join(topics))
        topics = {topic: topics[topic]}
    if json_out:
        render.print_json([{"id": e.id, "title": e.title, "topic": e.topic, "source": e.source}
                           for entries in topics.values() for e in entries])
        return
    from mathquiz.study.listing import table

    colour = os.isatty(1) and not os.environ.get("NO_COLOR") and not render.plain
    sys.stdout.write(table(topics, _accuracy(), colour=colour))


def _accuracy() -> dict | None:
    """First-try accuracy per problem from the history, if there is any (never fails listing)."""
    from mathquiz.record.store import Store, StoreError, data_dir

    try:  # a folder that cannot be examined (no permission, a name too long, no home) has no history
        if not (data_dir() / "history.sqlite3").exists():
            return None
        from mathquiz.record.aggregates import first_try_by_problem

        with Store.open() as store:
            accuracy = first_try_by_problem(store)
    except (StoreError, OSError):
        return None
    return {pid: f"{share:.0%}" for pid, share in accuracy.items()} or None


class Recorder:
    """Saves each answered part as it is answered; a store that fails is reported once."""

    def __init__(self, enabled: bool):
        self.store = None
        self.session = None
        if not enabled:
            return
        from mathquiz.record.store import StoreError
        from mathquiz.study.practice import new_session_id

        self.session = new_session_id()
        try:
            self.store = open_store()
        except StoreError as exc:
            render.note(f"{exc} — this session is not saved")

    def __call__(self, inst, result, mode: str) -> None:
        if self.store is None:
            return
        from mathquiz.record.store import AttemptRecord, StoreError

        try:
            self.store.record(AttemptRecord(
                problem_id=inst.id, topic=inst.problem.topic, seed=inst.seed, part=result.part,
                verdict=result.verdict, attempts=result.attempts, hints=result.hints,
                seconds=result.seconds, answer=result.answer, mistake=result.mistake,
                mode=mode, session=self.session))
        except StoreError as exc:
            render.note(f"{exc} — answers from now on are not saved")
            self.store = None

    def close(self) -> None:
        if self.store is not None:
            self.store.close()


class View:
    """What practice shows, through render; silent for --json."""

    def __init__(self, quiet: bool, total: int, reader=None):
        self.quiet, self.total, self.count = quiet, total, 0
        self.reader = reader

    def problem(self, inst):
        self.count += 1
        if not self.quiet:
            render.show_problem(inst, self.count, self.total)

    def part(self, inst, part):
        if self.reader is not None:
            self.reader.focus(part)
        if not self.quiet:
            render.show_part(inst, part)

    def graded(self, event, part):
        if not self.quiet:
            render.show_graded(event, part)

    def hint(self, text):
        if not self.quiet:
            render.show_hint(text)

    def worked(self, event):
        if not self.quiet:
            from mathquiz.render.working import show_working

            show_working(event)

    def help(self):
        if not self.quiet:
            render.show_help()

    def solution(self, inst):
        if not self.quiet:
            render.show_solution(inst, monte_carlo(inst))


def monte_carlo(inst) -> list:
    from mathquiz.proof.montecarlo import CheckError, run

    try:
        return [run(check, inst.values, inst.seed) for check in inst.problem.checks]
    except CheckError as exc:
        render.note(f"Monte-Carlo check skipped: {exc}")
        return []


class LineReader:
    """input() with line editing at a terminal; plain lines (no prompt) from a pipe."""

    def __init__(self, interactive: bool):
        self.interactive = interactive
        if interactive:
            try:
                import readline  # noqa: F401  (arrow keys and history for input())
            except ImportError:
                pass

    def focus(self, part) -> None:
        """Which part the next line answers (the live reader needs it; a plain line does not)."""

    def __call__(self, prompt: str) -> str:
        if self.interactive:
            try:
                return input(prompt)
            except OSError:  # EIO: the terminal went away; that ends input, as Ctrl-D does
                raise EOFError from None
        line = streams.read_line(streams.LINE_LIMIT)  # a line with no end is read no further
        if line is None:
            raise EOFError
        return line


def answer_reader(interactive: bool):
    """The live prompt (prompt_toolkit, the reading shown as you type) for a person at a terminal;
    the plain line reader for piped input, --json and --plain."""
    if interactive and sys.stdout.isatty() and not render.plain:
        from mathquiz.render.prompt import LiveReader

        return LiveReader()
    return LineReader(interactive)


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
    problems: list[Path] = ProblemsOption,
) -> None:
    """Practise: fresh random instances, graded as you answer, with worked solutions.

    At the prompt type an answer, or hint, skip, solution, quit, help; or `work` to show your
    working a line at a time (each line checked against the one before), then `done`. With piped
    input, each line answers the next part (no retries), or the lines from `work` to `done` do.
    Exit 0 when every part was answered correctly, 1 otherwise, 130 after Ctrl-C (143 after SIGTERM, 129 after SIGHUP).

    `mathquiz practice today` practises today's problems of the plan to your exam (see: mathquiz plan).

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
    view = View(json_out, len(entries), ask)
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

    Every formula step is checked by machine for the numbers shown (✓).

    Example: mathquiz solve normal-equations --set "A=[[1,0],[1,1],[1,2]]" --set "b=[6,0,0]"
    """
    from mathquiz.problem.bank import load_problem
    from mathquiz.problem.files import ProblemFileError
    from mathquiz.problem.instances import DrawError, draw
    from mathquiz.problem.overrides import OverrideError, param_for, prepare
    from mathquiz.validation.shown import SHOW_ERRORS

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
    for problem in loaded:
        try:
            mine = {k: v for k, v in raw.items() if param_for(problem, k)} if len(entries) > 1 else raw
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
    raise typer.Exit(code)


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
