"""Commands for authors and scripts: `compare`, `validate`, `schema` (registered on cli.app)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from mathquiz.cli.app import EXIT_NEGATIVE, EXIT_OK, EXIT_USAGE, ProblemsOption, _scan, app, fail, render


@app.command(context_settings={"ignore_unknown_options": True})  # "-x" is an expression, not an option
def compare(
    expected: Optional[str] = typer.Argument(None, help="The expected expression."),
    given: Optional[str] = typer.Argument(None, help="The expression to judge."),
    shape: list[str] = typer.Option([], "--shape", "-s", metavar="NAME=RxC",
                                    help="Give a name a matrix shape, e.g. A=3x2 (repeatable)."),
    json_out: bool = typer.Option(False, "--json", help="Print one JSON object."),
    batch: Optional[str] = typer.Option(None, "--batch", metavar="FILE",
                                        help='Judge JSON lines from FILE ("-" for stdin).'),
    entrywise: bool = typer.Option(False, "--entrywise",
                                   help="Read max(0, v), 1/v and v^2 of vectors in GIVEN entry by entry."),
) -> None:
    """Decide whether two expressions are equivalent.

    Names without a shape are real scalars. Exit code 0 equivalent, 1 different or undecided,
    2 invalid input.

    \b
    Example: mathquiz compare "2A^T(Ax-b)" "2A'A x - 2A'b" --shape A=3x2 --shape x=2x1 --shape b=3x1
    """
    from mathquiz.judging.contract import compare_texts, run_batch

    if batch is not None:
        if expected is not None or given is not None or shape or entrywise:
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
    result = compare_texts(expected, given, shapes, entrywise)
    if json_out:
        render.print_json(result)
    else:
        pretty = None
        if result["verdict"] != "invalid":
            pretty = _pretty_given(given, shapes)
        render.show_compare(result, pretty)
    raise typer.Exit({"equivalent": EXIT_OK, "invalid": EXIT_USAGE}.get(result["verdict"], EXIT_NEGATIVE))


def _pretty_given(given: str, shapes: dict) -> str | None:
    from mathquiz.expression.limits import ParseError
    from mathquiz.expression.parser import parse
    from mathquiz.expression.printing import names_as_typed
    from mathquiz.expression.scope import Scope
    from mathquiz.expression.shapes import parse_shape
    from mathquiz.judging.pretty2d import pretty

    try:
        dims = {k: parse_shape(v) for k, v in shapes.items()}
        with names_as_typed():  # free names: x1 as typed (an undeclared x₁ is x_1)
            return pretty(parse(given, Scope(variables=dims)), dims)
    except (ParseError, ValueError):
        return None


def _compare_batch(batch: str, run_batch) -> None:
    from mathquiz.cli import streams
    from mathquiz.judging.contract import MAX_LINE

    try:
        stream = None if batch == "-" else streams.text_reader(open(batch, "rb"))  # noqa: SIM115
    except OSError as exc:
        fail(f"cannot read {batch}: {exc.strerror}")
    if batch != "-" and stream is None:
        fail(f"cannot read {batch}")
    # read with the limit: a longer line is cut there and judged invalid, the rest of it skipped
    for result in run_batch(streams.lines(MAX_LINE, stream)):
        render.print_json(result)


@app.command()
def validate(
    paths: list[Path] = typer.Argument(None, help="Problem files or folders (default: every known problem)."),
    seeds: int = typer.Option(20, "--seeds", "-n", min=1, max=1000, metavar="N", help="Instances to draw per problem."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, max=64, metavar="N",
                                       help="Problems validated at once (default: the number of cores)."),
    everything: bool = typer.Option(False, "--all", help="Re-check files that passed before unchanged."),
    json_out: bool = typer.Option(False, "--json", help="Print one JSON report."),
    problems: list[Path] = ProblemsOption,
) -> None:
    """Prove problem files correct over many random instances.

    For each problem and seed: draw (re-drawing degenerate instances); check every answer key
    re-reads as correct and is what its `derives` says, every self-test gets its verdict, and every
    worked-solution step equals the next and holds its claim. A file that passed before with the
    same content, seeds and mathquiz code is not re-checked unless --all. Exit 0 only when all pass.
    Writing a problem file: mathquiz help format.

    \b
    Example: mathquiz validate my-problem.yaml --seeds 50
    """
    from mathquiz.problem.bank import problem_files
    from mathquiz.validation.runs import run
    from mathquiz.validation.validate import Report

    files = problem_files(list(paths)) if paths else None
    if paths and not files:
        fail("no problem files (*.yaml) found in " + ", ".join(map(str, paths)))
    bank = _scan(problems, files, quiet=True)
    reports: list[Report] = []
    for broken in bank.broken:
        reports.append(Report(broken.path.stem, str(broken.path), 0, [str(i) for i in broken.issues]))
    entries = sorted(bank.entries.values(), key=lambda e: (e.topic, e.order, e.id))
    with render.progress(len(entries), "validating", enabled=not json_out) as step:
        reports += run([e.path for e in entries], seeds, jobs, everything, step)
    _graph_failures(reports, entries, problems, bool(paths))
    if json_out:
        render.print_json({"ok": all(r.ok for r in reports), "seeds": seeds,
                           "problems": [r.to_dict() for r in reports]})
    else:
        from mathquiz.render.validation import validation_report

        validation_report(reports, seeds)
    raise typer.Exit(EXIT_OK if reports and all(r.ok for r in reports) else EXIT_NEGATIVE)


def _graph_failures(reports, entries, problems: list[Path], some: bool) -> None:
    """The prerequisite graph's failures (unknown names, cycles) added to the files' reports; names
    resolve against every problem known, not only the files validated."""
    from mathquiz.problem.bank import scan
    from mathquiz.problem.prerequisites import failures

    known = scan(problems).entries.values() if some else entries
    found = failures(entries, known)
    for report in reports:
        report.failures.extend(found.get(report.id, []))


@app.command()
def schema() -> None:
    """Print the JSON Schema of the problem-file format (for editor completion and checks).

    What each field means: mathquiz help format.

    \b
    Example: mathquiz schema > problem.schema.json
    """
    import json

    from mathquiz.problem.loading import json_schema

    sys.stdout.write(json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n")
