"""The `mathquiz` entry point: registers the commands, runs the app, and turns every way of stopping
into a message and a meaningful exit code."""

from __future__ import annotations

import os
import sys

import typer

from mathquiz.cli import (
    assessing,  # noqa: F401  this order is the order `--help` lists them in:
    authoring,  # noqa: F401  studying, assessing, planning, authoring)
    planning,  # noqa: F401
    studying,  # noqa: F401  (importing a command module registers its commands;
)
from mathquiz.cli.app import EXIT_INTERNAL, EXIT_OK, app, render


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
            code = exc.exit_code
        else:  # the last line of defence: never a traceback
            render.error(f"internal error: {type(exc).__name__}: {exc}",
                         "this is a bug in mathquiz; please report it with the command you ran")
            code = EXIT_INTERNAL
    _leave(code)


def _leave(code: int) -> None:
    """Flush and exit without tearing the interpreter down.

    Everything mathquiz writes is already committed or flushed by now (history per answer, the
    problem cache, the output streams below); what remains is freeing SymPy's many thousands of
    objects one by one, which takes about 70 ms after every command.
    """
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe, or a stream already closed
            pass
    os._exit(code)
