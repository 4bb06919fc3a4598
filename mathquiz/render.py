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


def problem_file_error(exc) -> None:
    """A problem file that cannot be used: every issue, then that it is left out."""
    err_console.print(f"[bold red]problem file {escape(str(exc.path))} is left out:[/]")
    for issue in exc.issues:
        err_console.print(f"  {escape(str(issue))}")


class _Progress:
    def __init__(self, total: int, label: str, enabled: bool):
        self.enabled = enabled and err_console.is_terminal
        self.total, self.label = total, label
        self._progress = None

    def __enter__(self):
        if self.enabled:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self._progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                      TimeElapsedColumn(), console=err_console, transient=True)
            self._progress.start()
            self._task = self._progress.add_task(self.label, total=self.total)
        return self.step

    def step(self, what: str) -> None:
        if self._progress is not None:
            self._progress.update(self._task, description=f"{self.label} {what}", completed=self._count())

    def _count(self):
        self._done = getattr(self, "_done", -1) + 1
        return self._done

    def __exit__(self, *exc):
        if self._progress is not None:
            self._progress.stop()
        return False


def progress(total: int, label: str, enabled: bool = True) -> _Progress:
    """A transient progress bar on stderr (only on a terminal); use as `with progress(...) as step`."""
    return _Progress(total, label, enabled)


def validation_report(reports, seeds: int) -> None:
    from rich.table import Table

    table = Table(show_header=True, header_style="bold", box=None if _plain else None, pad_edge=False)
    table.add_column("", width=1)
    table.add_column("problem")
    table.add_column("seeds", justify="right")
    table.add_column("time", justify="right")
    table.add_column("result")
    for r in reports:
        mark = Text("✔", style="green") if r.ok else Text("✘", style="red")
        result = Text("ok", style="green") if r.ok else Text(f"{len(r.failures)} failure(s)", style="red")
        table.add_row(mark, escape(r.id), str(r.seeds), f"{r.seconds:.1f}s", result)
    console.print(table)
    for r in reports:
        if not r.ok:
            console.print(Text(f"\n{r.id} ({r.path}):", style="bold red"))
            for f in r.failures:
                console.print(Text(f"  • {f}"), soft_wrap=False)
    failed = sum(not r.ok for r in reports)
    total_time = sum(r.seconds for r in reports)
    summary = f"{len(reports) - failed} of {len(reports)} problems pass at {seeds} seeds ({total_time:.1f}s)"
    console.print(Text(summary, style="bold green" if not failed else "bold red"))
