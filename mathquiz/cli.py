"""The `mathquiz` command line: thin commands over the core, output through `render`.

Heavy modules (sympy, numpy, the grader) are imported inside the commands that need them, so
`mathquiz --help` and `mathquiz list` start fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

import mathquiz


class _LazyRender:
    """Stands in for mathquiz.render until first use: Rich costs start-up time `--help` should not pay."""

    plain = False

    def __getattr__(self, name: str):
        from mathquiz import render as real

        real.set_plain(self.plain)
        globals()["render"] = real
        return getattr(real, name)


render = _LazyRender()

app = typer.Typer(
    name="mathquiz",
    help="Study and quiz yourself on the mathematics behind deep learning.\n\n"
    "Example: mathquiz practice softmax",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: formatting it with Rich would triple start-up time
    context_settings={"help_option_names": ["-h", "--help"]},
)

EXIT_OK, EXIT_NEGATIVE, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def fail(message: str, hint: str | None = None, code: int = EXIT_USAGE):
    """Show a user-facing error and stop with `code`."""
    render.error(message, hint)
    raise typer.Exit(code)


def _version(value: bool):
    if value:
        typer.echo(f"mathquiz {mathquiz.__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    plain: bool = typer.Option(False, "--plain", help="No colours or boxes (NO_COLOR is honoured too)."),
    version: Optional[bool] = typer.Option(None, "--version", callback=_version, is_eager=True,
                                           help="Show the version and exit."),
) -> None:
    if isinstance(render, _LazyRender):
        render.plain = plain
    else:
        render.set_plain(plain)


@app.command(context_settings={"ignore_unknown_options": True})  # "-x" is an expression, not an option
def compare(
    expected: Optional[str] = typer.Argument(None, help="The expected expression."),
    given: Optional[str] = typer.Argument(None, help="The expression to judge."),
    shape: list[str] = typer.Option([], "--shape", "-s", metavar="NAME=RxC",
                                    help="Give a name a matrix shape, e.g. A=3x2 (repeatable)."),
    json_out: bool = typer.Option(False, "--json", help="Print one JSON object."),
    batch: Optional[str] = typer.Option(None, "--batch", metavar="FILE",
                                        help='Judge JSON lines from FILE ("-" for stdin).'),
) -> None:
    """Decide whether two expressions are equivalent.

    Names without a shape are real scalars. Exit code 0 equivalent, 1 different or undecided,
    2 invalid input.

    Example: mathquiz compare "2A^T(Ax-b)" "2A'A x - 2A'b" --shape A=3x2 --shape x=2x1 --shape b=3x1
    """
    from mathquiz.compare import compare_texts, run_batch

    if batch is not None:
        if expected is not None or given is not None or shape:
            fail("--batch takes its expressions and shapes from the file, not the command line")
        _compare_batch(batch, run_batch)
        return
    if expected is None or given is None:
        fail("compare needs EXPECTED and GIVEN (or --batch FILE)",
             'example: mathquiz compare "x^2-1" "(x+1)(x-1)"')
    shapes = {}
    for spec in shape:
        name, sep, dims = spec.partition("=")
        if not sep or not name.strip():
            fail(f"--shape {spec!r}: write NAME=RxC, for example A=3x2")
        shapes[name.strip()] = dims.strip()
    result = compare_texts(expected, given, shapes)
    if json_out:
        render.print_json(result)
    else:
        pretty = None
        if result["verdict"] != "invalid":
            pretty = _pretty_given(given, shapes)
        render.show_compare(result, pretty)
    raise typer.Exit({"equivalent": EXIT_OK, "invalid": EXIT_USAGE}.get(result["verdict"], EXIT_NEGATIVE))


def _pretty_given(given: str, shapes: dict) -> str | None:
    from mathquiz.shapes import parse_shape
    from mathquiz.symbolic import pretty
    from mathquiz.syntax import ParseError, Scope, parse

    try:
        dims = {k: parse_shape(v) for k, v in shapes.items()}
        return pretty(parse(given, Scope(variables=dims)), dims)
    except (ParseError, ValueError):
        return None


def _compare_batch(batch: str, run_batch) -> None:
    try:
        stream = sys.stdin if batch == "-" else open(batch, encoding="utf-8", errors="replace")
    except OSError as exc:
        fail(f"cannot read {batch}: {exc.strerror}")
    with stream:
        for result in run_batch(stream):
            render.print_json(result)


ProblemsOption = typer.Option([], "--problems", "-p", metavar="DIR",
                              help="Also load problem files from DIR (repeatable; see MATHQUIZ_PATH).")


def _scan(problems: list[Path], files: list[Path] | None = None, quiet: bool = False):
    """The problem bank; files that cannot be used are reported once and left out."""
    from mathquiz.bank import scan

    bank = scan(problems, files)
    if not quiet:
        for broken in bank.broken:
            render.problem_file_error(broken)
    return bank


@app.command("list")
def list_(
    topic: Optional[str] = typer.Argument(None, help="Show only this topic."),
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
    from mathquiz.listing import table

    sys.stdout.write(table(topics, _accuracy()))


def _accuracy() -> dict | None:
    """First-try accuracy per problem from the history, if there is any (never fails listing)."""
    from mathquiz.paths import data_dir

    if not (data_dir() / "history.sqlite3").exists():
        return None
    try:
        from mathquiz.stats import by_problem
        from mathquiz.store import Store, StoreError

        with Store.open() as store:
            records = store.attempts()
    except (StoreError, OSError):
        return None
    if not records:
        return None
    return {pid: f"{s.first_try_accuracy:.0%}" for pid, s in by_problem(records).items()}


def _resolve(bank, targets: list[str]):
    try:
        return bank.resolve(targets)
    except LookupError as exc:
        fail(str(exc), "see the topics and problems with: mathquiz list")


class _Recorder:
    """Saves each answered part as it is answered; a store that fails is reported once."""

    def __init__(self, enabled: bool):
        self.store = None
        self.session = None
        if not enabled:
            return
        from mathquiz.practice import new_session_id
        from mathquiz.store import Store, StoreError

        self.session = new_session_id()
        try:
            self.store = Store.open()
        except StoreError as exc:
            render.note(f"{exc} — this session is not saved")
            return
        if self.store.recovered_from is not None:
            render.note(f"the history file was damaged; it was moved to {self.store.recovered_from} "
                        "and a new one started")

    def __call__(self, inst, result, mode: str) -> None:
        if self.store is None:
            return
        from mathquiz.store import AttemptRecord, StoreError

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


class _View:
    """What practice shows, through render; silent for --json."""

    def __init__(self, quiet: bool, total: int):
        self.quiet, self.total, self.count = quiet, total, 0

    def problem(self, inst):
        self.count += 1
        if not self.quiet:
            render.show_problem(inst, self.count, self.total)

    def part(self, inst, part):
        if not self.quiet:
            render.show_part(inst, part)

    def graded(self, event, part):
        if not self.quiet:
            render.show_graded(event, part)

    def hint(self, text):
        if not self.quiet:
            render.show_hint(text)

    def help(self):
        if not self.quiet:
            render.show_help()

    def solution(self, inst):
        if not self.quiet:
            render.show_solution(inst, _monte_carlo(inst))


def _monte_carlo(inst) -> list:
    from mathquiz.montecarlo import CheckError, run

    try:
        return [run(check, inst.values, inst.seed) for check in inst.problem.checks]
    except CheckError as exc:
        render.note(f"Monte-Carlo check skipped: {exc}")
        return []


def _reader(interactive: bool):
    """input() with line editing at a terminal; plain lines (no prompt) from a pipe."""
    if interactive:
        try:
            import readline  # noqa: F401  (arrow keys and history for input())
        except ImportError:
            pass
        return input

    def read(_prompt: str) -> str:
        line = sys.stdin.readline()
        if not line:
            raise EOFError
        return line.rstrip("\n")

    return read


def _random_seed() -> int:
    import secrets

    return secrets.randbelow(100_000) + 1


@app.command()
def practice(
    targets: list[str] = typer.Argument(..., metavar="TARGET...", help="Topics or problem ids."),
    count: Optional[int] = typer.Option(None, "--count", "-n", min=1, max=200, metavar="N",
                                        help="How many problems (default: each problem of the targets once)."),
    seed: Optional[int] = typer.Option(None, "--seed", min=0, metavar="S",
                                       help="Seed of the first problem (then S+1, …)."),
    json_out: bool = typer.Option(False, "--json", help="One JSON line per problem (for scripts)."),
    no_save: bool = typer.Option(False, "--no-save", help="Do not record this session in the history."),
    problems: list[Path] = ProblemsOption,
) -> None:
    """Practise: fresh random instances, graded as you answer, with worked solutions.

    At the prompt type an answer, or hint, skip, solution, quit, help. With piped input, each
    line answers the next part (no retries). Exit 0 when every part was answered correctly,
    1 otherwise, 130 after Ctrl-C.

    Example: mathquiz practice softmax --seed 7
    """
    from mathquiz.bank import load_problem
    from mathquiz.files import ProblemFileError
    from mathquiz.instances import DrawError
    from mathquiz.practice import Interrupted, Options, Quit, run_problem, seeds

    bank = _scan(problems)
    entries = _resolve(bank, targets)
    entries = list(dict.fromkeys(entries))
    if count is not None:
        entries = [entries[k % len(entries)] for k in range(count)]
    interactive = sys.stdin.isatty() and not json_out
    if not interactive and not json_out:
        render.set_plain(True)
    opts = Options(interactive=interactive)
    ask = _reader(interactive)
    view = _View(json_out, len(entries))
    record = _Recorder(not no_save)
    results, code = [], EXIT_OK
    seed_iter = seeds(seed, _random_seed)
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
                    code = 130
                    if not json_out:
                        render.console.print("\ninterrupted")
                break
            except DrawError as exc:
                render.error(f"{entry.id} (seed {n}) cannot be drawn: {exc}")
                continue
            results.append(result)
            if json_out:
                render.print_json(result.to_json())
    except KeyboardInterrupt:
        code = 130
        if not json_out:
            render.console.print("\ninterrupted")
    finally:
        record.close()
    if not json_out:
        render.show_summary(results)
    if code == EXIT_OK:
        parts = [r for p in results for r in p.results]
        code = EXIT_OK if parts and all(r.verdict == "correct" for r in parts) else EXIT_NEGATIVE
    raise typer.Exit(code)


@app.command()
def solve(
    target: str = typer.Argument(..., help="A topic (a study sheet) or a problem id."),
    seed: Optional[int] = typer.Option(None, "--seed", min=0, metavar="S",
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
    from mathquiz.bank import load_problem
    from mathquiz.files import ProblemFileError
    from mathquiz.instances import DrawError, draw
    from mathquiz.overrides import OverrideError, param_for, prepare

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
    n = seed if seed is not None else _random_seed()
    loaded = []
    for entry in entries:
        try:
            loaded.append(load_problem(entry))
        except ProblemFileError as exc:
            render.problem_file_error(exc)
    if raw and len(loaded) > 1:
        loaded = [p for p in loaded if any(param_for(p, k) for k in raw)]
        if not loaded:
            fail(f"no problem of '{target}' has a parameter named {', '.join(raw)}")
    code = EXIT_OK
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
        _print_sheet(inst, fmt, json_out)
    raise typer.Exit(code)


def _print_sheet(inst, fmt: str, json_out: bool) -> None:
    from mathquiz import sheets

    if json_out:
        render.print_json(sheets.solve_json(inst))
    elif fmt == "markdown":
        sys.stdout.write(sheets.markdown(inst) + "\n")
    elif fmt == "latex":
        sys.stdout.write(sheets.latex(inst) + "\n")
    else:
        render.show_problem(inst)
        render.show_answers(inst)
        render.show_solution(inst, _monte_carlo(inst))


@app.command()
def validate(
    paths: list[Path] = typer.Argument(None, help="Problem files or folders (default: every known problem)."),
    seeds: int = typer.Option(20, "--seeds", "-n", min=1, max=1000, metavar="N", help="Instances to draw per problem."),
    json_out: bool = typer.Option(False, "--json", help="Print one JSON report."),
    problems: list[Path] = ProblemsOption,
) -> None:
    """Prove problem files correct over many random instances.

    For each problem and seed: draw; check every answer key re-reads as correct, every named
    mistake differs from the key, every self-test gets its verdict, and every worked-solution step
    equals the next. Exit 0 only when all pass.

    Example: mathquiz validate problems/softmax-jacobian.yaml --seeds 50
    """
    from mathquiz.bank import load_problem, problem_files
    from mathquiz.files import ProblemFileError
    from mathquiz.validate import Report
    from mathquiz.validate import validate as run

    files = problem_files(list(paths)) if paths else None
    if paths and not files:
        fail("no problem files (*.yaml) found in " + ", ".join(map(str, paths)))
    bank = _scan(problems, files, quiet=True)
    reports: list[Report] = []
    for broken in bank.broken:
        reports.append(Report(broken.path.stem, str(broken.path), 0, [str(i) for i in broken.issues]))
    entries = sorted(bank.entries.values(), key=lambda e: (e.topic, e.order, e.id))
    with render.progress(len(entries), "validating", enabled=not json_out) as step:
        for entry in entries:
            step(entry.id)
            try:
                problem = load_problem(entry)
            except ProblemFileError as exc:
                reports.append(Report(entry.id, str(entry.path), 0, [str(i) for i in exc.issues]))
                continue
            reports.append(run(problem, str(entry.path), seeds))
    if json_out:
        render.print_json({"ok": all(r.ok for r in reports), "seeds": seeds,
                           "problems": [r.to_dict() for r in reports]})
    else:
        render.validation_report(reports, seeds)
    raise typer.Exit(EXIT_OK if reports and all(r.ok for r in reports) else EXIT_NEGATIVE)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the problem-file format (for editor completion and checks).

    Example: mathquiz schema > problem.schema.json
    """
    import json

    from mathquiz.problems import json_schema

    sys.stdout.write(json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n")


from mathquiz import cli_progress  # noqa: E402, F401  (registers stats, exam and review)


def main() -> None:
    """Entry point: turns every way of stopping into a message and a meaningful exit code."""
    try:
        code = app(standalone_mode=False)
        code = code if isinstance(code, int) else EXIT_OK
    except typer.Exit as exc:
        code = exc.exit_code
    except (typer.Abort, KeyboardInterrupt, EOFError):
        render.err_console.print("\ninterrupted")
        code = 130
    except BrokenPipeError:
        code = EXIT_OK
    except Exception as exc:
        if hasattr(exc, "show") and hasattr(exc, "exit_code"):  # a usage error from the CLI parser
            exc.show()
            sys.exit(exc.exit_code)
        # the last line of defence: never a traceback
        render.error(f"internal error: {type(exc).__name__}: {exc}",
                     "this is a bug in mathquiz; please report it with the command you ran")
        code = EXIT_INTERNAL
    sys.exit(code)
