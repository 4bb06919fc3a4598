"""How a plan to an exam looks: the calendar table, exam-day recall per topic, what does not fit."""

from __future__ import annotations

from collections import Counter

from rich.table import Table
from rich.text import Text

import mathquiz.render as screen
from mathquiz.render import escape

REASON_STYLES = {"new": "cyan", "weak": "red", "due": "yellow"}
BAR = 16


def recall_bar(fraction: float, width: int = BAR) -> Text:
    """A bar for a probability, coloured as stats colours accuracy."""
    fraction = max(0.0, min(1.0, fraction))
    filled = round(fraction * width)
    style = "green" if fraction >= 0.8 else "yellow" if fraction >= 0.5 else "red"
    return Text("█" * filled, style=style) + Text("░" * (width - filled), style="dim")


def _why(items) -> Text:
    counts = Counter(i.reason for i in items)
    text = Text()
    for reason in ("weak", "new", "due"):
        if counts[reason]:
            text.append(("" if not text else ", ") + f"{counts[reason]} {reason}", style=REASON_STYLES[reason])
    return text


def show_plan(plan, today_only: bool = False) -> None:
    """The calendar (one row a day), then predicted recall on exam day per topic, then notes."""
    console = screen.console
    left = (plan.exam_date - plan.today).days
    console.print(Text(f"Plan to the exam on {plan.exam_date:%a %d %b %Y}: {left} day{'s' * (left != 1)} "
                       f"left, at most {plan.minutes_per_day:g} minutes a day", style="bold"))
    days = [d for d in plan.days if d.date == plan.today] if today_only else list(plan.days)
    if days:
        table = Table(show_edge=False, pad_edge=False, header_style="bold")
        table.add_column("day", no_wrap=True)
        table.add_column("min", justify="right", no_wrap=True)
        table.add_column("problems", overflow="fold", ratio=1)
        table.add_column("why", no_wrap=True)
        for d in days:
            names = Text(", ").join(Text(i.problem, style=REASON_STYLES.get(i.reason, "")) for i in d.items)
            label = "today" if d.date == plan.today else f"{d.date:%a %d %b}"
            table.add_row(label, f"{d.minutes:g}", names if d.items else Text("rest", style="dim"), _why(d.items))
        console.print(table)
    if not today_only and plan.topics:
        _show_recall(plan, with_plan=bool(plan.days))
    for note in plan.notes:
        screen.note(note)


def _show_recall(plan, with_plan: bool = True) -> None:
    """A bar per topic: recall on exam day without more study, and (when there are days to plan)
    after following the plan."""
    console = screen.console
    console.print(Text("\nPredicted recall on exam day (FSRS)", style="bold"))
    grid = Table.grid(padding=(0, 1))
    for _ in range(5 if with_plan else 3):
        grid.add_column(no_wrap=True)
    heads = [Text("now", style="dim"), ""] + ([Text("with the plan", style="dim"), ""] if with_plan else [])
    grid.add_row("", *heads)
    for topic, (now, planned) in plan.topics.items():
        cells = [recall_bar(now), f"{now:4.0%}"] + ([recall_bar(planned), f"{planned:4.0%}"] if with_plan else [])
        grid.add_row(Text(escape(topic), style="cyan"), *cells)
    console.print(grid)


def show_plan_today_header(day, exam_date) -> None:
    """The line `review --exam-date` and `practice today` start with."""
    total = f"{day.minutes:g} minutes" if day is not None else "nothing"
    count = len(day.items) if day is not None else 0
    screen.console.print(Text(f"Today's plan for the exam on {exam_date:%a %d %b}: {count} problem"
                              f"{'s' * (count != 1)}, {total}", style="bold"))


STATE_STYLES = {"new": "dim", "learning": "yellow", "known": "green", "due": "bold red"}


def show_map(the_map) -> None:
    """The prerequisite graph as a tree: each problem under what it builds on, with its state."""
    counts = the_map.to_json()["counts"]
    console = screen.console
    console.print(Text("  ·  ".join(f"{n} {s}" for s, n in counts.items()), style="bold"))
    for depth, node, first in the_map.lines():
        line = Text("  " * depth + ("└ " if depth else ""))
        line.append(escape(node.id), style="cyan" if first else "dim")
        line.append(f"  {node.state}", style=STATE_STYLES.get(node.state, ""))
        if not first:
            line.append("  (shown above)", style="dim")
        console.print(line, no_wrap=True, overflow="ellipsis")


def show_placement(placement) -> None:
    """What the placement test found: known, to learn, ready next."""
    console = screen.console
    asked = len(placement.asked)
    console.print(Text(f"Placement: {asked} problem{'s' * (asked != 1)} asked", style="bold"))
    for label, ids, style in (("known", placement.known(), "green"), ("not yet", placement.unknown(), "red"),
                              ("not tested", placement.undecided(), "dim"),
                              ("ready to learn", placement.ready(), "cyan")):
        if ids:
            console.print(Text(f"{label} ({len(ids)}): ", style=f"bold {style}") + Text(", ".join(ids)))
    ready = placement.ready()
    if ready:
        console.print(Text(f"start with: mathquiz practice {ready[0]}", style="bold cyan"))
    console.print(Text("your review schedule and plan now start from this (mathquiz review, mathquiz plan)",
                       style="dim"))
