"""A derivation on screen: each line of working marked as it is entered, or in the exam report."""

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
        _line(line.verdict, line.read_as or visible(line.text), line.reason, line.mistake, line.after_slip)


def show_lines(lines: list[dict], indent: str = "  ") -> None:
    """Lines of working as saved (Line.as_json), numbered: the exam report's marking."""
    for k, line in enumerate(lines, 1):
        _line(line["verdict"], line.get("read_as") or visible(line["text"]), line.get("reason") or "",
              line.get("mistake") or "", bool(line.get("after_slip")), f"{indent}{k}. ")


def _line(verdict: str, shown: str, reason: str, mistake: str, after_slip: bool, lead: str = "") -> None:
    mark, style = MARKS[verdict]
    render.console.print(Text(lead) + Text(f"{mark} ", style=style) + Text(shown) + Text(f"  {verdict}", style=style))
    pad = " " * len(lead)
    if reason and (verdict != "follows" or after_slip):  # following from a slip is said: it is no right step
        render.console.print(Text(f"{pad}  {reason}", style="dim"))
    if mistake:
        render.console.print(Text(f"{pad}  {mistake}", style="yellow"))
