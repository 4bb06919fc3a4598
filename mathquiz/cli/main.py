"""The `mathquiz` entry point: registers the commands, runs the app, and turns every way of stopping
into a message and a meaningful exit code."""

import os
import sys
import warnings

# Everything from here runs under one guard: a Ctrl-C, SIGTERM or SIGHUP while the modules below are
# imported ends with a message and 130/143/129, not a traceback from whichever module was loading.
# (No `from __future__` import: that would be an import before the guard.)
try:
    from mathquiz.cli import signals

    signals.install()
    import importlib

    import typer

    from mathquiz.cli import streams
    from mathquiz.cli.app import EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, app, render

    # importing a command module registers its commands; this is the order `--help` lists them in
    for _name in ("studying", "assessing", "reviewing", "planning", "diagnosing", "authoring", "guides"):
        importlib.import_module(f"mathquiz.cli.{_name}")
    if signals.received():  # a signal whose KeyboardInterrupt Python swallowed (a weakref callback)
        raise KeyboardInterrupt
except KeyboardInterrupt:
    said = sys.modules.get("mathquiz.cli.signals")
    if said:
        said.stopping()  # a second signal cannot interrupt the two lines below
    sys.stderr.write(f"\n{said.message() if said else 'interrupted'}\n")
    os._exit(said.exit_code() if said else 130)


def main() -> None:
    """Entry point: turns every way of stopping into a message and a meaningful exit code."""
    code = None
    while True:  # a signal that lands after the command, while leaving, only leaves again
        try:
            if code is None:
                code = _run()
            _leave(code)  # never returns
        except KeyboardInterrupt:
            code = _interrupted() if code is None else code


def _run() -> int:
    streams.prepare()
    # NumPy's RuntimeWarnings (log(0), overflow) name its own source files: results say it instead
    warnings.filterwarnings("ignore", category=RuntimeWarning)
    try:
        code = app(standalone_mode=False)
        code = code if isinstance(code, int) else EXIT_OK
    except typer.Exit as exc:
        code = exc.exit_code
    except (typer.Abort, KeyboardInterrupt, EOFError):
        return _interrupted()
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:
        if signals.received():  # a signal that surfaced inside C code as another error
            return _interrupted()
        if hasattr(exc, "show") and hasattr(exc, "exit_code"):  # a usage error from the CLI parser
            if isinstance(getattr(exc, "message", None), str):  # it may quote the command line
                exc.message = render.visible(exc.message)
            exc.show()
            return exc.exit_code
        # the last line of defence: never a traceback
        render.error(f"internal error: {type(exc).__name__}: {exc}",
                     "this is a bug in mathquiz; please report it with the command you ran")
        return EXIT_INTERNAL
    if signals.received():  # Typer turns an interruption it sees into a silent exit 130
        return _interrupted() if not signals.told() else signals.exit_code()
    return code


def _interrupted() -> int:
    signals.stopping()
    try:
        render.err_console.print(f"\n{signals.message()}")
    except Exception:  # the message is a courtesy: the exit code says it too
        pass
    return signals.exit_code()


def _leave(code: int) -> None:
    """Flush and exit without tearing the interpreter down.

    Everything mathquiz writes is already committed or flushed by now (history per answer, the
    problem cache, the output streams below); what remains is freeing SymPy's many thousands of
    objects one by one, which takes about 70 ms after every command.
    """
    signals.stopping()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError, AttributeError):  # a closed pipe, or a stream already closed
            pass
    failure = streams.output_failure()
    if failure is not None:  # a full disk, an I/O error: the output is incomplete, so say so
        try:
            sys.stderr.write(f"error: could not write the output: {failure.strerror or failure}\n")
            sys.stderr.flush()
        except (OSError, ValueError):
            pass
        code = code if code not in (EXIT_OK, 1) else EXIT_USAGE
    os._exit(code)
