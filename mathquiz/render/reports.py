"""How history, exams and reviews look: stats tables and bars, the exam clock and report."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

import mathquiz.render as render  # its console is replaced for --plain and piped output: read it each time
from mathquiz.record.stats import TREND_SESSIONS
from mathquiz.render import MARKS, STYLES, escape, math_text

BAR = 24


def _bar(fraction: float) -> Text:
    filled = round(max(0.0, min(1.0, fraction)) * BAR)
    style = "green" if fraction >= 0.8 else "yellow" if fraction >= 0.5 else "red"
    return Text("█" * filled, style=style) + Text("░" * (BAR - filled), style="dim")


def _trend(delta: float) -> Text:
    if delta > 0.1:
        return Text("↑", style="green")
    if delta < -0.1:
        return Text("↓", style="red")
    return Text("→", style="dim")


def show_stats(topics: dict, problems: dict, weakest: list, mistakes: list, coverage: dict | None = None) -> None:
    """Per-topic bars with coverage and mastery, per-problem table, the weakest topics and the
    commonest named mistakes."""
    coverage = coverage or {}
    render.console.print(Text("First-try accuracy by topic", style="bold"))
    grid = Table.grid(padding=(0, 1))
    for _ in range(5):
        grid.add_column()
    for name, s in sorted(topics.items()):
        c = coverage.get(name)
        seen = Text(f"{c['seen']}/{c['problems']} seen · {c['mastery']}", style="dim") if c else Text("")
        grid.add_row(Text(name, style="cyan"), _bar(s.first_try_accuracy),
                     Text(f"{s.first_try_accuracy:4.0%}"), Text(f"({s.parts} part{'s' * (s.parts != 1)})",
                                                                 style="dim"), seen)
    render.console.print(grid)
    untouched = [t for t in coverage if t not in topics]
    if untouched:
        render.console.print(Text(f"not started: {', '.join(untouched)}", style="dim"))
    table = Table(title="By problem", title_justify="left", header_style="bold")
    table.add_column("problem", no_wrap=True)
    table.add_column("tries", justify="right")
    table.add_column("first try", justify="right", no_wrap=True)
    table.add_column("trend", justify="center")
    table.add_column("mastery", no_wrap=True)
    table.add_column("last", no_wrap=True)
    for pid, s in sorted(problems.items()):
        last = _day(s.last_practised) if s.last_practised else "–"
        trend = _trend(s.trend) if s.sessions >= TREND_SESSIONS else Text("–", style="dim")
        table.add_row(escape(pid), str(s.attempts), f"{s.first_try_accuracy:.0%}", trend, s.mastery or "–", last)
    render.console.print(table)
    if mistakes:
        render.console.print(Text("Mistakes you make most often", style="bold"))
        lines = Table.grid(padding=(0, 1))  # a long mistake wraps under itself, not under its count
        lines.add_column(justify="right", no_wrap=True)
        lines.add_column()
        for text, n in mistakes:
            lines.add_row(Text(f" {n}×", style="red"), Text(text))
        render.console.print(lines)
    if weakest:
        render.console.print(Text("Practise next", style="bold"))
        for s in weakest:
            render.console.print(Text(f"  mathquiz practice {s.key}", style="bold cyan")
                          + Text(f"   ({s.first_try_accuracy:.0%} first try)", style="dim"))


def _day(when) -> str:
    """A short date: 07 Dec this year, Dec 2025 before (the table must fit 80 columns)."""
    from datetime import datetime

    local = when.astimezone()
    return local.strftime("%d %b" if local.year == datetime.now().year else "%b %Y")


def clock(seconds: float) -> str:
    m, s = divmod(int(round(seconds)), 60)
    return f"{m:02d}:{s:02d}"


def exam_prompt(remaining: float, answered: int, total: int, line: int | None = None) -> str:
    """The input prompt, which carries the clock so it is always in view, and while working is
    typed the number of the next line (nothing else is said of a line in an exam)."""
    working = f" · line {line}" if line is not None else ""
    return f"[{clock(remaining)} left · {answered + 1}/{total}{working}] › "


def _steps_as_saved(miss: dict) -> None:
    """A worked solution from the report's data alone (no instance at hand)."""
    render.console.print(Text(f"Worked solution of {miss['id']}:", style="bold"))
    steps = Table.grid(padding=(0, 1))  # a long step wraps under itself, not under its number
    steps.add_column(justify="right", no_wrap=True)
    steps.add_column()
    for k, step in enumerate(miss["solution"], 1):
        label = f"{step['label']} = " if step.get("label") else ""
        steps.add_row(Text(f"  {k}."), Text(step["text"], style="dim"))
        if step["math"]:
            steps.add_row("", math_text(f"  {label}{step['math']}"))
    render.console.print(steps)


def show_exam_report(report: dict, instances: dict | None = None) -> None:
    """The exam's outcome; `instances` ((id, seed) → instance) lets solutions show as in practice."""
    score, marks = report["score"], report["marks"]
    head = "Time is up. " if report["timed_out"] else ""
    carried = sum(part["verdict"] == "carried" for p in report["problems"] for part in p["parts"])
    own = f", {carried} of them right from your own earlier answer" if carried else ""  # one slip, one mark
    render.console.print(Text(f"{head}Exam over: {score['correct']} of {score['total']} parts correct{own} "
                              f"({score['percent']:.0f}%), {_figure(marks['earned'])} of {marks['total']} marks "
                              f"in {clock(report['seconds'])}", style="bold"))
    table = Table(header_style="bold")
    table.add_column("topic")
    table.add_column("score", justify="right")
    table.add_column("", justify="left")
    for name, s in sorted(report["topics"].items()):
        table.add_row(escape(name), f"{s['correct']}/{s['total']}", _bar(s["percent"] / 100))
    render.console.print(table)
    times = Table(title="Time per problem", title_justify="left", header_style="bold")
    times.add_column("problem")
    times.add_column("time", justify="right")
    times.add_column("parts")
    times.add_column("marks", justify="right")
    for p in report["problems"]:
        shown = Text()
        for part in p["parts"]:
            shown.append(MARKS.get(part["verdict"], "·") + " ", style=STYLES.get(part["verdict"], "dim"))
        times.add_row(escape(p["id"]), clock(p["seconds"]), shown,
                      f"{_figure(p['marks']['earned'])}/{p['marks']['total']}")
    render.console.print(times)
    shown_solution: set = set()
    for miss in report["missed"]:
        # carried: scored, right from their own earlier answer (the key differs); a part not answered
        # is no wrong answer: it keeps the table's · (or – when skipped)
        mark = MARKS.get(miss["verdict"], "✘")
        style = STYLES["carried"] if mark == "↪" else "bold red" if mark == "✘" else "bold"
        render.console.print(Text(f"\n{mark} {miss['id']} part {miss['part']} ({miss['verdict']})", style=style))
        render.console.print(math_text(miss["prompt"]))
        typed = "".join(c if c.isprintable() else "�" for c in miss["answer"] or "–")  # no control codes
        render.console.print(Text("your answer: ", style="dim") + Text(typed))
        if miss.get("feedback"):
            render.console.print(Text(f"  {miss['feedback']}", style="yellow"))
        if miss.get("derivation"):  # the working, marked now that the exam is over
            from mathquiz.render.working import show_lines

            render.console.print(Text("your working:", style="dim"))
            show_lines(miss["derivation"]["lines"])
            why = f": {miss['credit']}" if miss.get("credit") else ""
            render.console.print(Text(f"  marks {_figure(miss['marks'])} of {miss['points']}{why}", style="bold"))
        key = miss.get("key_shown") or miss["key"]
        render.console.print(Text("the answer:  ", style="dim") + Text(key, style="bold green"))
        last_of_problem = not any(m["id"] == miss["id"] and m["seed"] == miss["seed"] and m["part"] > miss["part"]
                                  for m in report["missed"])
        if last_of_problem and (miss["id"], miss["seed"]) not in shown_solution:
            shown_solution.add((miss["id"], miss["seed"]))
            inst = (instances or {}).get((miss["id"], miss["seed"]))
            if inst is not None:  # as practice shows it: checked steps, values in 2-D
                from mathquiz.render.solutions import show_solution

                show_solution(inst)
            else:
                _steps_as_saved(miss)
    if report["practise_next"]:
        render.console.print(Text("\nPractise next", style="bold"))
        for t in report["practise_next"]:
            render.console.print(Text(f"  {t['command']}", style="bold cyan")
                                 + Text(f"   ({t['percent']:.0f}%)", style="dim"))


def _figure(x: float) -> str:
    """Marks as a person writes them: 4, 1.5 (never 4.0)."""
    return f"{x:g}"


def show_due(due: int, new: int, total: int) -> None:
    """'4 due · 12 new (of 68 problems)': what was answered before and is due, apart from the new."""
    render.console.print(Text(f"{due} due · {new} new (of {total} problem{'s' * (total != 1)})", style="bold"))


def show_rating(problem_id: str, rating: str, due) -> None:
    render.console.print(Text(f"{problem_id}: rated {rating}; next review {due:%Y-%m-%d}", style="cyan"))
