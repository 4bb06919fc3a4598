"""The Typer app and what every command shares: the lazy `render`, exit codes, `fail`, the history,
bank options.

Heavy modules (sympy, numpy, the grader) are imported inside the commands that need them, so
`mathquiz --help` and `mathquiz list` start fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

import mathquiz


class _LazyRender:
    """Stands in for mathquiz.render until first use: Rich costs start-up time `--help` should not pay."""

    def __init__(self) -> None:
        self._real = None
        self._plain = False
        self._pager = True

    @property
    def plain(self) -> bool:
        return self._plain

    def set_plain(self, plain: bool) -> None:
        self._plain = self._plain or plain
        if self._real is not None:
            self._real.set_plain(plain)

    def set_pager(self, enabled: bool) -> None:
        self._pager = self._pager and enabled
        if self._real is not None:
            self._real.set_pager(enabled)

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        if self._real is None:
            from mathquiz import render as real

            real.set_plain(self._plain)
            real.set_pager(self._pager)
            self._real = real
        return getattr(self._real, name)


render = _LazyRender()

app = typer.Typer(
    name="mathquiz",
    help="Study and quiz yourself on the mathematics behind deep learning.\n\n"
    "Guides: mathquiz help syntax (typing answers), mathquiz help format (problem files), "
    "mathquiz help planning (plans to an exam).\n\n"
    "\b\nExample: mathquiz practice softmax",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: formatting it with Rich would triple start-up time
    context_settings={"help_option_names": ["-h", "--help"]},
)

EXIT_OK, EXIT_NEGATIVE, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
MAX_SEED = 2**62  # seeds S, S+1, … must fit the history's 64-bit integers


def fail(message: str, hint: str | None = None, code: int = EXIT_USAGE):
    """Show a user-facing error and stop with `code`."""
    render.error(message, hint)
    raise typer.Exit(code)


def unknown_topic(name: str, topics) -> None:
    """An unknown topic is a usage error (exit 2), with the nearest names and every topic."""
    import difflib

    close = difflib.get_close_matches(name, list(topics), 3, 0.6)
    fail(f"no topic '{name}'" + (f": did you mean {' or '.join(repr(c) for c in close)}?" if close else ""),
         "topics: " + ", ".join(topics))


def open_store():
    """The history store, saying so when a damaged file had to be moved aside; raises StoreError."""
    from mathquiz.record.store import Store

    store = Store.open()
    if store.recovered_from is not None:
        kept = f" ({store.left_out} unreadable rows left out, every other row copied)" if store.left_out else ""
        render.note(f"the history file was damaged; it was moved to {store.recovered_from} and a new one"
                    f" started{kept}")
    return store


def _version(value: bool):
    if value:
        typer.echo(f"mathquiz {mathquiz.__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    plain: bool = typer.Option(False, "--plain", help="No colours or boxes (NO_COLOR is honoured too)."),
    no_pager: bool = typer.Option(False, "--no-pager", help="Print long output as it is, without $PAGER "
                                  "(output that is piped never goes through a pager)."),
    version: Optional[bool] = typer.Option(None, "--version", callback=_version, is_eager=True,
                                           help="Show the version and exit."),
) -> None:
    render.set_plain(plain)
    render.set_pager(not no_pager)


ProblemsOption = typer.Option([], "--problems", "-p", metavar="DIR",
                              help="Also load problem files from DIR (repeatable; see MATHQUIZ_PATH).")


def _scan(problems: list[Path], files: list[Path] | None = None, quiet: bool = False):
    """The problem bank; files that cannot be used are reported once and left out."""
    from mathquiz.problem.bank import scan

    bank = scan(problems, files)
    if not quiet:
        for broken in bank.broken:
            render.problem_file_error(broken)
    return bank


def complete_topics(incomplete: str) -> list[str]:
    """Shell completion: topic names."""
    from mathquiz.problem.bank import scan

    return sorted(t for t in scan().topics() if t.startswith(incomplete))


def complete_targets(incomplete: str) -> list[str]:
    """Shell completion: topic names and problem ids."""
    from mathquiz.problem.bank import scan

    bank = scan()
    return sorted(n for n in [*bank.topics(), *bank.entries] if n.startswith(incomplete))


def _resolve(bank, targets: list[str]):
    try:
        return bank.resolve(targets)
    except LookupError as exc:
        fail(str(exc), "see the topics and problems with: mathquiz list")
