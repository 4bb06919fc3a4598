"""Everything the terminal shows. The only module that imports Rich."""

from __future__ import annotations

import json
import os
import sys

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.text import Text

_plain = bool(os.environ.get("NO_COLOR"))
console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)

STYLES = {
    "correct": "bold green", "equivalent": "bold green", "incorrect": "bold red",
    "different": "bold red", "invalid": "bold yellow", "undecided": "bold magenta",
    "skipped": "dim", "hint": "yellow",
}  # fmt: skip
MARKS = {"correct": "✔", "equivalent": "✔", "incorrect": "✘", "different": "✘",
         "invalid": "?", "undecided": "~", "skipped": "–"}  # fmt: skip


def set_plain(plain: bool) -> None:
    """No colours and no boxes: for --plain, NO_COLOR, and output that is not a terminal."""
    global console, err_console, _plain
    _plain = plain or _plain
    if _plain:
        console = Console(highlight=False, no_color=True, emoji=False)
        err_console = Console(stderr=True, highlight=False, no_color=True, emoji=False)


def error(message: str, hint: str | None = None) -> None:
    """A user-facing error on stderr (escaped: user text cannot inject markup)."""
    err_console.print(f"[bold red]error:[/] {escape(message)}")
    if hint:
        err_console.print(f"[dim]{escape(hint)}[/]")


def note(message: str) -> None:
    err_console.print(f"[yellow]note:[/] {escape(message)}")


def print_json(obj) -> None:
    """One JSON document on one line (no colour codes, whatever the terminal)."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def verdict_line(status: str, reason: str) -> Text:
    text = Text()
    text.append(f"{MARKS.get(status, '')} {status}", style=STYLES.get(status, ""))
    if reason:
        text.append(f": {reason}")
    return text


def show_compare(result: dict, pretty_read_as: str | None = None) -> None:
    """The human form of one `compare` result."""
    verdict, reason = result["verdict"], result["reason"]
    if verdict == "invalid" and "\n" in reason:
        message, caret = reason.split("\n", 1)
        console.print(verdict_line(verdict, message))
        console.print(Text(caret), soft_wrap=True)
        return
    if pretty_read_as:
        console.print("read as:")
        console.print(Text(pretty_read_as), soft_wrap=True)
    console.print(verdict_line(verdict, reason))


def panel(body, title: str = "") -> None:
    if _plain:
        if title:
            console.print(Text(title, style="bold"))
        console.print(body)
    else:
        console.print(Panel(body, title=escape(title) if title else None, title_align="left"))
