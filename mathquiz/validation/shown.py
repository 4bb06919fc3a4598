"""Showing an instance as a student would see it, as a check: `validate` renders every drawn
instance in every form (the text and 2-D blocks of `practice` and `solve`, Markdown, LaTeX, JSON),
so a file whose derived value cannot be shown (max([x, y]), simplify(1/(x − x)), log(0), an
integer of thousands of digits) fails validation instead of crashing a student's session.

Rendering is also bounded: it must finish within SHOW_SECONDS and produce at most MAX_SHOWN
characters (2000 matrix placeholders would otherwise take half a minute to draw).
"""

from __future__ import annotations

from mathquiz.judging.symbolic import SymbolicError
from mathquiz.judging.timebox import TimeUp, time_box

SHOW_SECONDS = 5.0
MAX_SHOWN = 200_000  # characters of one study sheet

#: What showing a drawn value can raise (SymPy's objects have no finite form, a huge integer has
#: no decimal form, a matrix no inverse); `practice` and `solve` catch these too.
SHOW_ERRORS = (SymbolicError, ValueError, TypeError, ArithmeticError, RecursionError, AttributeError,
               IndexError, KeyError)


def render_all(inst) -> int:
    """Render everything a student can be shown of `inst`; return how many characters it made."""
    from mathquiz.documents import sheets
    from mathquiz.documents.blocks import fill_block

    size = len(fill_block(inst.problem.text, inst)) if inst.problem.text else 0
    for part in inst.parts:
        size += len(sheets.part_prompt(inst, part))
        size += len(fill_block(part.part.prompt, inst))
    size += len(sheets.markdown(inst)) + len(sheets.latex(inst))
    size += len(str(sheets.solve_json(inst)))
    return size


def values_shown(inst) -> int:
    """Every drawn value in each one-line form (where a value with no form fails); the characters."""
    from mathquiz.expression.printing import to_latex, to_text, to_unicode

    trees = inst.trees()
    return sum(len(f(trees[name])) for name in inst.values for f in (to_text, to_unicode, to_latex))


def shown_issues(inst, everything: bool = True) -> list[str]:
    """Why `inst` cannot be shown to a student, or [] when it renders in time and size: every form
    of the sheet, or (`everything=False`, ~100× cheaper) every drawn value in every one-line form."""
    try:
        with time_box(SHOW_SECONDS):
            size = render_all(inst) if everything else values_shown(inst)
    except TimeUp:
        return [f"showing this instance takes over {SHOW_SECONDS:g} s"]
    except SHOW_ERRORS as exc:
        return [f"showing this instance fails: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"]
    if size > MAX_SHOWN:
        return [f"this instance shows {size:,} characters (the limit is {MAX_SHOWN:,})"]
    return []
