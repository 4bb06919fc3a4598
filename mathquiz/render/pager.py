"""Long output at a terminal goes through a pager, as git does: `$MATHQUIZ_PAGER`, else `$PAGER`,
else `less` (told -FRX: colours kept, the screen left as it was). Output that fits the terminal,
output that is piped, and `mathquiz --no-pager …` are printed as they are.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from contextlib import contextmanager

import mathquiz.render as _render

_enabled = True


def set_pager(enabled: bool) -> None:
    """`--no-pager`: never page, whatever the length."""
    global _enabled
    _enabled = _enabled and enabled


def pager_command() -> list[str] | None:
    """The pager to run, or None when the user asked for none (an empty value or `cat`)."""
    command = os.environ.get("MATHQUIZ_PAGER", os.environ.get("PAGER", "less"))
    words = shlex.split(command) if command.strip() else []
    return None if not words or words == ["cat"] else words


@contextmanager
def paged():
    """Everything printed inside goes through the pager when it is taller than the terminal."""
    console = _render.console
    if not (_enabled and console.is_terminal) or pager_command() is None:
        yield
        return
    try:
        with console.capture() as captured:
            yield
    finally:  # what was printed before an error is shown too
        text = captured.get()
        if text.count("\n") < console.size.height - 1 or not show(text):
            console.file.write(text)
            console.file.flush()


def show(text: str) -> bool:
    """Run the pager on `text`; False if it could not be started (the text is then printed)."""
    env = {**os.environ}
    env.setdefault("LESS", "FRX")  # as git: quit if one screen, keep colours, no screen clearing
    env.setdefault("LV", "-c")
    try:
        subprocess.run(pager_command(), input=text.encode("utf-8", "replace"), env=env, check=False)
    except OSError:
        return False
    except KeyboardInterrupt:  # Ctrl-C in the pager only leaves the pager
        pass
    return True
