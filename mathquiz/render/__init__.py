"""Everything the terminal shows, with Rich: the one package that imports it (and prompt_toolkit).

May import study, problem and answer (for the values it shows); never cli.
"""

from __future__ import annotations

import sys

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.text import Text

from mathquiz.render.visible import json_text, visible

_plain = False  # NO_COLOR needs nothing from us: Rich drops colours itself and keeps the layout
console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)

STYLES = {"correct": "bold green", "equivalent": "bold green", "incorrect": "bold red", "different": "bold red",
          "carried": "bold cyan", "invalid": "bold yellow", "undecided": "bold magenta", "skipped": "dim",
          "unanswered": "dim", "hint": "yellow"}
MARKS = {"correct": "✔", "equivalent": "✔", "incorrect": "✘", "different": "✘", "carried": "↪",
         "invalid": "?", "undecided": "~", "skipped": "–", "unanswered": "·"}  # fmt: skip


def set_plain(plain: bool) -> None:
    """No styling at all and no boxes: for --plain, and for piped sessions."""
    global console, err_console, _plain
    _plain = plain or _plain
    if _plain:
        console = Console(highlight=False, color_system=None, emoji=False)
        err_console = Console(stderr=True, highlight=False, color_system=None, emoji=False)


def error(message: str, hint: str | None = None) -> None:
    """A user-facing error on stderr (escaped: user text cannot inject markup or control codes)."""
    err_console.print(f"[bold red]error:[/] {escape(visible(message))}")
    if hint:
        err_console.print(f"[dim]{escape(visible(hint))}[/]")


def note(message: str) -> None:
    err_console.print(f"[yellow]note:[/] {escape(visible(message))}")


def print_json(obj) -> None:
    """One JSON document on one line (no colour codes); bytes that were not UTF-8 as \\udcff escapes."""
    sys.stdout.write(json_text(obj) + "\n")
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
    err_console.print("[bold red]a problem file is left out[/] (check it with: mathquiz validate FILE)")
    for issue in exc.issues:
        err_console.print(f"  {escape(visible(str(issue)))}", soft_wrap=True)


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


# --- problems, parts, verdicts ---

from mathquiz.render import formulas  # noqa: E402
from mathquiz.render.formulas import math_text  # noqa: E402


def formula(node, shapes=None, label: str = "", indent: str = ""):
    """A formula laid out for this terminal's width (see formulas.formula)."""
    return formulas.formula(node, shapes, label, indent, console.width)


def value_formula(node, shapes=None, label: str = "", indent: str = ""):
    """An exact value tidied, with its decimal beside (see formulas.value_formula)."""
    return formulas.value_formula(node, shapes, label, indent, console.width)

KIND_HINTS = {
    "expression": "a formula", "matrix-expression": "a matrix expression", "number": "a number",
    "vector": "a vector such as [1, 2]", "matrix": "a matrix such as [[1, 2], [3, 4]]",
    "shape": "a shape such as M x N", "choice": "the number of a choice",
    "ordering": "the step numbers in the right order, e.g. 3 1 2", "wrong-step": "the number of the wrong step",
}  # fmt: skip


def show_problem(inst, number: int | None = None, total: int | None = None) -> None:
    from mathquiz.documents.blocks import fill_block
    from mathquiz.problem.instances import fill

    p = inst.problem
    count = f"{number}/{total} · " if number and total else ""
    title = f"{count}{p.title}"
    body = Text()
    body.append(f"{p.source} · {p.id} · seed {inst.seed}\n", style="dim")
    if p.text.strip():
        body.append("\n")
        body.append(fill_block(p.text.strip(), inst))
    if p.typing.strip():  # how to type answers: at the screen, never on paper
        body.append("\n" + fill(p.typing.strip(), inst), style="dim")
    panel(body, title)


def show_part(inst, part) -> None:
    from mathquiz.documents.blocks import fill_block
    from mathquiz.problem.part_grading import precision_wanted

    n = len(inst.parts)
    head = Text(f"Part {part.index + 1} of {n}", style="bold cyan")
    wanted = precision_wanted(part)
    if wanted and "significant" in part.part.prompt:
        wanted = None  # the prompt says it in its own words
    kind_hint = KIND_HINTS.get(part.part.kind, part.part.kind)
    head.append(f"  ({kind_hint}: {wanted})" if wanted else f"  ({kind_hint})", style="dim")
    console.print(head)
    console.print(math_text(fill_block(part.part.prompt.rstrip(), inst)))
    if part.part.typing.strip():
        from mathquiz.problem.instances import fill

        console.print(Text(fill(part.part.typing.strip(), inst), style="dim"))
    show_rows(inst, part)


def show_rows(inst, part) -> None:
    """The numbered lines of a part: its choices, the steps to order, the steps to check."""
    from mathquiz.documents.blocks import fill_block
    from mathquiz.expression.printing import to_unicode
    from mathquiz.judging.tidy import tidy
    from mathquiz.problem.instances import fill, shown_steps

    kind = part.part.kind
    rows: list[tuple[str, Text]] = []
    if kind == "ordering":
        rows = [(f"{k}.", Text(fill_block(step.text, inst))) for k, step in enumerate(shown_steps(inst, part), 1)]
    elif kind == "wrong-step":
        for k, (step, node) in enumerate(zip(part.part.steps, part.steps, strict=True), 1):
            line = Text(fill(step.text, inst))
            if node is not None:
                line.append((" " if step.text else "") + to_unicode(tidy(node)), style="bold")
            rows.append((f"{k}.", line))
    elif kind == "choice":
        rows = [(f"{k}.", Text(fill(choice, inst))) for k, choice in enumerate(part.shown_choices(), 1)]
    if rows:
        from rich.table import Table

        grid = Table.grid(padding=(0, 1))
        grid.add_column(justify="right", no_wrap=True)
        grid.add_column()
        for number, body in rows:
            grid.add_row(" " + number, body)  # wrapped lines stay clear of the numbers
        console.print(grid)


def show_read_as(given, shapes=None) -> None:
    """How an answer was read: the one line the live reading showed while it was typed (Unicode,
    the student's own symbols), wrapped rather than drawn in 2-D, so it never pushes the verdict away."""
    from mathquiz.expression.notation import read_as

    console.print(Text("read as: ", style="dim") + Text(read_as(given)))


def show_graded(event, part) -> None:
    v = event.verdict
    if v.status == "invalid":
        console.print(verdict_line("invalid", v.reason))
        if v.error is not None:
            console.print(Text(v.error.caret(), style="yellow"), soft_wrap=True)
        console.print(Text("not counted as an attempt; try again", style="dim"))
        return
    if v.given is not None:
        show_read_as(v.given, dict(part.ctx.shapes) or None)
    elif v.read_as:
        console.print(Text("read as: ", style="dim") + Text(v.read_as))
    example = []
    if v.example is not None and "mistake" not in v.notes:
        from mathquiz.render.values import counterexample

        example = counterexample(v.example, console.width)
    where = " for random matrices"
    if example and where in v.reason:  # the values say it better: `… differ, for example at` them
        console.print(verdict_line(v.status, v.reason.split(where)[0] + ", for example at"))
    else:
        console.print(verdict_line(v.status, v.reason))
    for line in example:
        console.print(Text(line, style="dim"))
    if "layout" in v.notes:
        console.print(Text("note: we write gradients as columns (denominator layout)", style="yellow"))
    if not event.done:
        left = event.attempts_left
        more = " · type hint for a hint" if part.part.hints else ""
        console.print(Text(f"{left} attempt{'s' if left != 1 else ''} left{more}", style="dim"))
    elif not v.ok:
        label = "one right answer: " if part.part.accept is not None else "the answer: "  # accept: any value with it
        console.print(Text(label, style="dim") + Text(key_reading(part), style="bold"))


def show_skipped(part) -> None:
    """A part given up: its answer, so the next part can build on it."""
    console.print(Text("skipped · the answer: ", style="dim") + Text(key_reading(part), style="bold"))


def show_hint(text: str | None) -> None:
    if text is None:
        console.print(Text("no more hints for this part", style="yellow"))
    else:
        console.print(Text("hint: ", style="bold yellow") + Text(text, style="yellow"))


def show_guide(markdown: str) -> None:
    """A guide: laid out (through the pager when long) at a terminal, its Markdown as it is when piped."""
    if not console.is_terminal:
        sys.stdout.write(markdown if markdown.endswith("\n") else markdown + "\n")
        return
    from rich.markdown import Markdown

    with paged():
        console.print(Markdown(markdown))


HELP = (
    "Type your answer the way you would write it: 2x, e^x/(1+e^x)^2, 2A^T(Ax-b), [1, 2].\n"
    "Commands: hint (a hint), skip (this part's answer, then the next part), solution (the worked\n"
    "solution, then the remaining parts), quit (end the session), help (this text); work: show your\n"
    "working, one line at a time, each checked, and done grades the last line; guide: walk through\n"
    "this part's worked steps, typing each formula, then answer the part again with fresh numbers.\n"
    "Ctrl-D or Ctrl-C also end the session. While you type, the line under the answer shows how it\n"
    "is read; ↑ recalls earlier answers. All of the answer syntax: mathquiz help syntax"
)


def show_help() -> None:
    console.print(Text(HELP, style="dim"))


def show_summary(results, saved: bool = False) -> None:
    from rich.table import Table

    from mathquiz.study.session import summary

    if not results:
        return
    table = Table(title="Session summary", title_justify="left", show_lines=False)
    table.add_column("problem")
    table.add_column("seed", justify="right")
    table.add_column("parts", justify="left")
    for r in results:
        marks = Text()
        for pr in r.results:
            marks.append(MARKS.get(pr.verdict, "?") + " ", style=STYLES.get(pr.verdict, ""))
        marks.append("· " * (len(r.instance.parts) - len(r.results)), style="dim")  # not reached
        table.add_row(escape(r.instance.id), str(r.instance.seed), marks)
    console.print(table)
    s = summary(results)
    console.print(Text(
        f"{s['correct']} of {s['parts']} parts correct ({s['first_try']} on the first try without hints), "
        + (f"{s['carried']} right from your own earlier answer, " if s["carried"] else "")
        + f"{s['skipped']} skipped" + (f", {s['unanswered']} not answered" if s["unanswered"] else "")))
    again = [pr for r in results for p in r.practised for pr in p.results]
    if again:  # asked again after guided steps: their own instances, not parts of the ones above
        right = sum(pr.verdict == "correct" for pr in again)
        console.print(Text(f"after guided steps, {right} of {len(again)} part{'s' * (len(again) != 1)} right "
                           "with fresh numbers"))
    if saved:
        console.print(Text("where you stand: mathquiz stats · what to revisit: mathquiz review", style="dim"))


# re-exported: commands call them as render.show_solution(...), render.paged()
from mathquiz.render.pager import paged, set_pager  # noqa: E402, F401
from mathquiz.render.solutions import (  # noqa: E402, F401
    key_reading,
    key_text,
    said_once,
    show_answers,
    show_read_as_answer,
    show_solution,
)
