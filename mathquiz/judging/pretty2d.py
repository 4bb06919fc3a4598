"""Formulas in 2-D Unicode (fraction bars, powers, matrix grids), composed node by node in the
order they were typed, with SymPy's pretty-printer drawing the pieces."""

from __future__ import annotations

import sympy as sp

from mathquiz.expression.expr import ENTRYWISE, BinOp, Call, Const, Mat, Name, Neg, Node, Num, Transpose, fold
from mathquiz.expression.printing import as_typed, decimal_text, display_name
from mathquiz.judging.symbolic import number


def pretty(node: Node, shapes=None) -> str:
    """A tree in 2-D Unicode: SymPy's pretty form for scalar parts (fractions, powers), matrix
    grids for literal matrices, and products, sums and transposes composed around them in the
    order they were typed. Falls back to the one-line form if anything goes wrong."""
    from mathquiz.expression.printing import to_unicode
    from mathquiz.judging.timebox import time_box

    try:
        with time_box(0.5):
            return pretty_form(node, shapes).render(wrap_line=False)
    except Exception:  # display is best effort: any SymPy trouble falls back to our own printer
        return to_unicode(node)


def pretty_form(node: Node, shapes=None):
    """The 2-D form of a tree as a SymPy prettyForm, for composing into larger layouts."""
    from sympy.printing.pretty.stringpict import prettyForm

    form = fold(node, _Pretty(shapes or {}).form)
    # SymPy draws ⋅ and an ASCII hyphen; the one-line forms, and paper, use · and −
    text = form.render(wrap_line=False).replace("⋅", "·").replace("-", "−")
    return prettyForm(text, baseline=form.baseline)


class _Pretty:
    """Composes 2-D forms node by node, so a formula is shown in the order and shape it was
    written (SymPy would simplify (μ − μ)/σ to 0 and reorder sums); SymPy draws the pieces:
    names with subscripts, fraction bars, powers and matrix grids."""

    def __init__(self, shapes):
        from sympy.printing.pretty.pretty import PrettyPrinter

        self.shapes = {k: v for k, v in shapes.items() if v is not None and v != (1, 1)}
        self.printer = PrettyPrinter({"use_unicode": True, "wrap_line": False})

    def form(self, node: Node, kids: list):
        """The form of `node` from its children's forms (bottom-up, by `fold`: no recursion)."""
        from sympy.printing.pretty.stringpict import prettyForm, stringPict

        if isinstance(node, Call) and node.fn in ENTRYWISE:
            node = as_typed(node)
        if isinstance(node, Num):
            if node.decimal:
                return prettyForm(decimal_text(node.value))  # 0.25 as typed, not 0.250000000000000
            return self.printer._print(number(node.value))
        if isinstance(node, Name):  # as the one-line form writes it (SymPy's would write sigma2 as σ₂)
            return prettyForm(display_name(node.name))
        if isinstance(node, Const):
            return self.printer._print({"e": sp.E, "pi": sp.pi}.get(node.name, sp.Symbol(node.name)))
        if isinstance(node, Mat):
            cols = node.shape[1]
            return self.inline_column(node) or self.grid([kids[k:k + cols] for k in range(0, len(kids), cols)])
        if isinstance(node, Transpose) or isinstance(node, Call) and node.fn == "transpose":
            inner = self.wrapped(node.args[0] if isinstance(node, Call) else node.arg, kids[0], 5)
            return prettyForm(*stringPict.next(inner, prettyForm("ᵀ")))
        if isinstance(node, Neg):
            below = 6 if isinstance(node.arg, Neg) else 2
            return prettyForm(*stringPict.next(prettyForm("-"), self.wrapped(node.arg, kids[0], below)))
        if isinstance(node, BinOp):
            return self.binop(node, *kids)
        if isinstance(node, Call):
            return self.call(node, kids)
        return prettyForm(str(node))

    @staticmethod
    def inline_column(node: Mat, widest: int = 60):
        """A short column on one line, as on paper: (1, −1, 2)ᵀ, (1/(1 + 2e), e/(1 + 2e))ᵀ (else None)."""
        from sympy.printing.pretty.stringpict import prettyForm

        from mathquiz.expression.printing import to_unicode

        if node.shape[1] != 1 or node.shape[0] < 2:
            return None
        text = to_unicode(node)
        return prettyForm(text) if len(text) <= widest else None

    @staticmethod
    def grid(cells):
        """A matrix of 2-D forms in tall brackets, each column centred, rows one under the other.

        Composed here rather than by SymPy's matrix printer, whose product printing imports
        sympy.physics.units (0.15 s) the first time it meets a product."""
        from sympy.printing.pretty.stringpict import prettyForm, stringPict

        widths = [max(c.width() for c in col) for col in zip(*cells, strict=True)]
        lines = []
        for row in cells:
            padded = []
            for cell, width in zip(row, widths, strict=True):
                left = (width - cell.width()) // 2
                shifted = prettyForm(*cell.left(" " * left))
                padded.append(prettyForm(*shifted.right(" " * (width - cell.width() - left))))
            joined = padded[0]
            for cell in padded[1:]:
                joined = prettyForm(*stringPict.next(joined, prettyForm("  "), cell))
            lines.append(joined)
        body = prettyForm(*stringPict.stack(*lines)) if len(lines) > 1 else lines[0]
        if len(lines) > 1:
            body.baseline = body.height() // 2
        return prettyForm(*body.parens("[", "]", ifascii_nougly=True))

    def binop(self, node: BinOp, left, right):
        from sympy.printing.pretty.stringpict import prettyForm, stringPict

        if node.op == "/":
            return left / right
        if node.op == "^":
            return self.wrapped(node.left, left, 5) ** right
        prec = {"+": 1, "-": 1, "*": 2}[node.op]
        left = self.wrapped(node.left, left, prec)
        right = self.wrapped(node.right, right, prec + 1 if node.op == "-" else (4 if node.op == "*" else prec))
        op = {"+": " + ", "-": " - ", "*": "⋅"}[node.op]
        return prettyForm(*stringPict.next(left, prettyForm(op), right))

    def call(self, node: Call, args: list):
        from sympy.printing.pretty.stringpict import prettyForm, stringPict

        if node.fn == "abs" and len(args) == 1:
            return prettyForm(*args[0].parens("|", "|"))
        if node.fn == "norm" and len(args) == 1:
            bar = prettyForm("‖" * 1)
            return prettyForm(*stringPict.next(bar, args[0], bar))
        if node.fn == "exp" and len(args) == 1:
            return self.printer._print(sp.E) ** args[0]
        if node.fn == "hadamard":  # a ⊙ b, each side grouped when it is a sum or a product
            left, right = (self.wrapped(a, f, 3) for a, f in zip(node.args, args, strict=True))
            return prettyForm(*stringPict.next(left, prettyForm(" ⊙ "), right))
        body = args[0] if len(args) == 1 else prettyForm(*stringPict.next(
            *[x for a in args for x in (a, prettyForm(", "))][:-1]))
        name = {"sigma": "σ", "sqrt": "√"}.get(node.fn, node.fn)
        return prettyForm(*prettyForm(*body.parens()).left(name))

    @staticmethod
    def wrapped(node: Node, form, below: int):
        from sympy.printing.pretty.stringpict import prettyForm

        from mathquiz.expression.printing import _prec

        if isinstance(node, BinOp) and node.op == "/" and below <= 3:
            return form  # a fraction bar already groups its parts
        return prettyForm(*form.parens()) if _prec(node) < below else form
