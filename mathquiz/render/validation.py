"""The `mathquiz validate` report: one row per problem, then every failure."""

from __future__ import annotations

from rich.markup import escape
from rich.table import Table
from rich.text import Text

from mathquiz import render
from mathquiz.problem.files import visible
from mathquiz.validation.validate import causes


def validation_report(reports, seeds: int) -> None:
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    table.add_column("", width=1)
    table.add_column("problem")
    table.add_column("seeds", justify="right")
    table.add_column("time", justify="right")
    table.add_column("checked", justify="right")  # steps that are checked claims, not remarks
    table.add_column("slips", justify="right")  # generated slips checked on each draw, all parts
    table.add_column("redrawn", justify="right")  # degenerate draws rejected
    table.add_column("result")
    for r in reports:
        mark = Text("✔", style="green") if r.ok else Text("✘", style="red")
        result = Text("ok", style="green") if r.ok else Text(f"{len(r.failures)} failure(s)", style="red")
        checked = f"{r.checked}/{r.steps}" if r.steps else "-"
        table.add_row(mark, escape(visible(r.id)), str(r.seeds), "cached" if r.cached else f"{r.seconds:.1f}s", checked,
                      str(sum(r.slips.values())), f"{r.rejection_rate:.1%}", result)
    render.console.print(table)
    for r in reports:
        if r.redraw_causes:  # what made draws re-drawn, most often first
            render.console.print(Text(f"redrawn: {visible(r.id)}: {visible(causes(r))}", style="dim"),
                                 soft_wrap=False)
        for note in r.notes:
            render.console.print(Text(f"note: {visible(r.id)}: {visible(note)}", style="yellow"), soft_wrap=False)
        if not r.ok:
            render.console.print(Text(f"\n{visible(r.id)} ({visible(str(r.path))}):", style="bold red"))
            for f in r.failures:
                render.console.print(Text(f"  • {visible(str(f))}"), soft_wrap=False)
    failed = sum(not r.ok for r in reports)
    total_time = sum(r.seconds for r in reports)
    summary = f"{len(reports) - failed} of {len(reports)} problems pass at {seeds} seeds ({total_time:.1f}s)"
    steps, checked = sum(r.steps for r in reports), sum(r.checked for r in reports)
    if steps:
        summary += f"; {checked} of {steps} steps ({checked / steps:.0%}) are checked claims"
    render.console.print(Text(summary, style="bold green" if not failed else "bold red"))
