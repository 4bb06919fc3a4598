"""Worked solutions and answers as the terminal shows them: each checked step marked ✓, the key
in one line (and how to type it), a choice with its text.

The console is read from the package at each call (`--plain` replaces it after import)."""

from __future__ import annotations

from rich.text import Text

import mathquiz.render as _render
from mathquiz.render.formulas import math_text


def show_solution(inst, checks=None) -> None:
    """The worked solution for this instance, each checked step marked ✓."""
    from rich.table import Table

    from mathquiz.proof.worked import continues, repeats, worked

    legend = "  (✓ = checked for these numbers, · = a remark)"
    _render.console.print(Text("Worked solution", style="bold") + Text(legend, style="dim"))
    steps = worked(inst)
    shapes = {k: v for k, v in inst.shapes.items() if v}
    going_on = [continues(inst, k) for k in range(len(steps))]  # a bare `= …`: under the step before
    maths = [_render.value_formula(step.math, shapes, _label(step, going_on[k]), "     ")
             if step.math is not None and not step.shown else None for k, step in enumerate(steps)]
    number = 0
    for k, step in enumerate(steps, 1):
        if going_on[k - 1]:
            if maths[k - 1] is not None and not repeats(inst, steps, k - 1) and not _said(maths, k - 1):
                _render.console.print(maths[k - 1])
            continue
        number += 1
        row = Table.grid(padding=(0, 1))
        row.add_column(no_wrap=True)
        row.add_column()
        remark = Text("·", style="dim") if step.check == "remark" else Text(" ")
        mark = Text("✓", style="green") if step.verified else remark
        row.add_row(mark + Text(f" {number}.", style="bold"), Text(said_once(step.text)))
        _render.console.print(row)
        if step.shown:
            label = f"{step.label} = " if step.label else ""
            _render.console.print(math_text(f"     {label}{step.shown}"))
        elif maths[k - 1] is not None:
            _render.console.print(maths[k - 1])
    for outcome in checks or []:
        ok = "agrees" if outcome.ok else "DISAGREES"
        _render.console.print(Text(
            f"Monte-Carlo check: {outcome.statistic} of {_with_values(outcome.of, inst)} over {outcome.samples:,} "
            f"seeded samples ≈ {outcome.estimate:.4g}; exact {outcome.exact:.4g} ({ok})", style="cyan"))
    _render.console.print()


def _said(maths: list, k: int) -> bool:
    """Whether the line before already ends with this line's value: `σ_B = sqrt(9) = 3` (the
    terminal puts a computed value after its formula), then `= 3`."""
    before, this = maths[k - 1] if k else None, maths[k]
    if before is None or "\n" in before.plain or "\n" in this.plain:
        return False
    value = this.plain.strip().removeprefix("= ")
    return before.plain.rstrip().endswith(f"= {value}")


def _label(step, going_on: bool) -> str:
    """`m₁ = ` before a step's formula; under it, a step that goes on from it starts at its `=`."""
    if not step.label:
        return ""
    from rich.cells import cell_len

    return " " * (cell_len(step.label) + 1) + "= " if going_on else f"{step.label} = "


def _with_values(text: str, inst) -> str:
    """A check's expression as a student reads it: the drawn values put in, in the one-line form
    (not the file's `(U - (1 - p0))`); the file's text if it cannot be read."""
    from mathquiz.expression.limits import ParseError
    from mathquiz.expression.printing import to_unicode
    from mathquiz.expression.scope import Scope
    from mathquiz.judging.symbolic import SymbolicError

    try:  # the check's own variables (U) are free names beside the drawn ones
        return to_unicode(inst.tree(text, scope=Scope(variables=dict.fromkeys(inst.values))))
    except (ParseError, SymbolicError, RecursionError):
        return text


def show_answers(inst) -> None:
    """Each part's prompt and answer (solve)."""
    from mathquiz.documents.blocks import fill_block

    for part in inst.parts:
        _render.console.print(Text(f"Part {part.index + 1}", style="bold cyan"))
        _render.console.print(math_text(fill_block(part.part.prompt.rstrip(), inst)))
        _render.show_rows(inst, part)
        if part.key is not None:
            show_read_as_answer(part)
        else:
            _render.console.print(Text("answer: ", style="dim") + Text(part.answer_text, style="bold green"))
    _render.console.print()


def show_read_as_answer(part) -> None:
    _render.console.print(_render.value_formula(part.key, dict(part.ctx.shapes) or None, "answer: "))
    _render.console.print(Text(f"type it as: {key_text(part)}", style="dim"))


def key_text(part) -> str:
    """The key in the answer syntax, tidied when that is shorter (2*e/(1 + 2*e)^2)."""
    from mathquiz.expression.printing import to_text
    from mathquiz.render.values import tidy

    if part.key is None:
        return part.answer_text
    shorter = to_text(tidy(part.key))
    return shorter if len(shorter) < len(part.answer_text) else part.answer_text


def key_reading(part) -> str:
    """The key as it reads (2Aᵀ·(A·x − b), (−30, 14, 36)ᵀ), tidied; a choice with its text."""
    from mathquiz.documents.sheets import key_shown

    return key_shown(part)


def said_once(text: str) -> str:
    """`ŷ4 = 1/4 and ŷ4 = 1/4` (a step where i = j) says it once: `ŷ4 = 1/4`."""
    import re

    return re.sub(r"(\S+ = [^,;]+?) and \1(?=[.,;]|$)", r"\1", text)
