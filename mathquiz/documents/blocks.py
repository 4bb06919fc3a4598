"""Statement text with drawn values filled in, a line that shows a matrix or a fraction drawn in
2-D (grids, bars) for the terminal."""

from __future__ import annotations

import sympy as sp

from mathquiz.problem.instances import Instance, fill
from mathquiz.problem.placeholders import unescape
from mathquiz.problem.static_checks import PLACEHOLDER


def fill_block(template: str, inst: Instance) -> str:
    """Like fill, but a line that shows a matrix or a fraction is drawn in 2-D (grids, bars)."""
    from sympy.printing.pretty.stringpict import prettyForm, stringPict

    from mathquiz.judging.pretty2d import pretty_form

    lines = []
    for line in template.rstrip("\n").split("\n"):
        names = [n for n in PLACEHOLDER.findall(line) if n in inst.values]
        tall = [n for n in names if _is_tall(inst.values[n])]
        if not tall:
            lines.append(fill(line, inst))
            continue
        pieces, pos = [], 0
        for m in PLACEHOLDER.finditer(line):
            if m.escaped or m.group(1) not in inst.values:
                continue
            pieces.append(prettyForm(unescape(line[pos:m.start()])))
            pieces.append(pretty_form(inst.trees()[m.group(1)]))
            pos = m.end()
        pieces.append(prettyForm(unescape(line[pos:])))
        lines.append(prettyForm(*stringPict.next(*pieces)).render(wrap_line=False))
    return "\n".join(lines)


def _is_tall(value) -> bool:
    if isinstance(value, sp.MatrixBase):
        return value.shape != (1, 1)
    return isinstance(value, sp.Basic) and value.is_number and not value.is_Integer and not value.is_Float
