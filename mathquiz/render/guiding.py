"""Guided steps on screen: each step with its formula hidden (`label = ?`), each try marked, the
formula revealed, and the part asked again with fresh numbers (study.guided)."""

from __future__ import annotations

from rich.text import Text

from mathquiz import render
from mathquiz.render.formulas import math_text
from mathquiz.render.visible import visible

INDENT = "     "
MARKS = {"right": ("✓", "green"), "wrong": ("✗", "red"), "cannot be read": ("?", "yellow"),
         "revealed": ("·", "dim")}
HELP = ("Guided steps: type this step's formula, as you would type an answer (2A^T(Ax-b), [1, 2]); "
        "skip shows it, and so do two wrong tries; quit ends the session.")


def show_start(guide) -> None:
    asked = len(guide.asked)
    render.console.print(Text(
        f"Guided steps for part {guide.part.index + 1}: {asked} formula{'s' * (asked != 1)} to type "
        "(skip shows one)", style="bold cyan"))


def show_step(guide, step) -> None:
    """The step's sentence; its formula hidden when asked, shown when it is a remark."""
    k = guide.steps.index(step) + 1
    head = Text(f"Step {k} of {len(guide.steps)}", style="bold")
    if step.text.strip():
        head.append(" · ")
        head.append(render.said_once(step.text.strip()))
    render.console.print(head)
    if step.asked:
        hidden = f"{step.label} = ?" if step.label else "? (this step's formula)"
        render.console.print(Text(INDENT + hidden, style="bold yellow"))
    elif step.math is not None:
        _formula(guide, step)


def show_try(guide, step, tried) -> None:
    """A try marked: right, wrong (with why and the tries left), unreadable, or the step revealed."""
    mark, style = MARKS[tried.verdict]
    if tried.verdict == "cannot be read":  # the typed line is right above: only why
        render.console.print(Text(f"{mark} cannot be read (not counted): ", style=style) + Text(tried.reason))
    elif tried.verdict != "revealed":
        shown = Text(f"{mark} ", style=style) + Text(tried.read_as or visible(tried.text))
        left = ""
        if tried.verdict == "wrong" and not step.outcome:
            from mathquiz.study.guided import TRIES

            n = TRIES - step.wrong
            left = f" · {n} more tr{'y' if n == 1 else 'ies'}, or skip"
        render.console.print(shown + Text(f"  {'right' if tried.verdict == 'right' else 'not this step'}{left}",
                                          style=style))
        if tried.reason:
            render.console.print(Text(f"  {tried.reason}", style="dim"))
    if step.outcome == "revealed":
        render.console.print(Text("· skipped: the step is" if tried.verdict == "revealed" else "  the step:",
                                  style="dim"))
        _formula(guide, step)


def _formula(guide, step) -> None:
    shown = step.shown
    if shown.shown:
        label = f"{shown.label} = " if shown.label else ""
        render.console.print(math_text(f"{INDENT}{label}{shown.shown}"))
        return
    shapes = {k: v for k, v in guide.inst.shapes.items() if v}
    label = f"{step.label} = " if step.label else ""
    render.console.print(render.value_formula(step.math, shapes or None, label, INDENT))


def show_refused(message: str) -> None:
    """A command that does not apply here, and why (`guide` at a choice part)."""
    render.console.print(Text(message, style="yellow"))


def show_help() -> None:
    render.console.print(Text(HELP, style="dim"))


def show_again(inst, part) -> None:
    """The part once more, with the numbers of a fresh instance of the problem."""
    fresh = ", with fresh numbers" if inst.problem.params else ""  # a problem with nothing drawn has none
    render.console.print(Text(f"Now part {part.index + 1} again{fresh} (seed {inst.seed}):", style="bold cyan"))
    if fresh:
        render.show_problem(inst)
    render.show_part(inst, part)


def show_back(inst) -> None:
    """After the fresh numbers, the rest of the problem: its own numbers again."""
    render.console.print(Text(f"Back to the problem as drawn (seed {inst.seed}):", style="bold cyan"))
    render.show_problem(inst)


def show_end(guided: dict) -> None:
    """One line: how the steps went and how the part went with fresh numbers."""
    steps = [s for s in guided["steps"] if s["asked"]]
    right = sum(s["outcome"] == "right" for s in steps)
    again = guided.get("again")
    line = Text(f"guided steps: {right} of {len(steps)} typed right", style="dim")
    if again is not None:
        status = again["verdict"]
        line.append(f" · part {guided['part']} with fresh numbers: ", style="dim")
        line.append(f"{render.MARKS.get(status, '')} {status}", style=render.STYLES.get(status, ""))
    render.console.print(line)
