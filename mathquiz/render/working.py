"""A derivation on screen: each line of working marked as it is entered."""

from __future__ import annotations

from rich.text import Text

from mathquiz import render
from mathquiz.render.visible import visible

MARKS = {"follows": ("✓", "green"), "does not follow": ("✗", "red"), "cannot be read": ("?", "yellow")}


def show_working(event) -> None:
    """`work` started (what the first line must equal, if anything), or lines just checked."""
    if event.started:
        start = f"the first line must equal {event.start}" if event.start else "the first line is free"
        render.console.print(Text(f"working: one line at a time ({start}); type done to grade the last line",
                           style="dim"))
        return
    for line in event.lines:
        mark, style = MARKS[line.verdict]
        shown = Text(f"{mark} ", style=style) + Text(line.read_as or visible(line.text))
        render.console.print(shown + Text(f"  {line.verdict}", style=style))
        if line.reason and line.verdict != "follows":
            render.console.print(Text(f"  {line.reason}", style="dim"))
        if line.mistake:
            render.console.print(Text(f"  {line.mistake}", style="yellow"))
