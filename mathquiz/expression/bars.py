"""Absolute value and norm bars: `|x|`, `|x + |y||`, `‖x‖`, `||x||` (and LaTeX's `\\|x\\|`).

A bar where a value is expected opens; a bar right after a value closes the innermost open one
(`||` closes a norm). `|v|` of a vector or matrix is refused with a pointer to ‖v‖, so the
length is never confused with the entrywise absolute value.
"""

from __future__ import annotations

from mathquiz.expression.expr import Call, Node
from mathquiz.expression.printing import to_text
from mathquiz.expression.shapes import IDENTITY, ShapeError, infer
from mathquiz.expression.tokens import Token


class Bars:
    """Mixed into the parser; `self.bars` is the stack of open bars ("|" or "‖")."""

    def _double(self, t: Token) -> bool:
        nxt = self.tokens[self.pos + 1]
        return t.text == "|" and nxt.text == "|" and nxt.start == t.end

    def _closes_bar(self, t: Token) -> bool:
        if not self.bars or t.text not in ("|", "‖"):
            return False
        return t.text == "|" if self.bars[-1] == "|" else t.text == "‖" or self._double(t)

    def bar(self) -> Node:
        opener = self.tok
        kind = "‖" if opener.text == "‖" or self._double(opener) else "|"
        self.take()
        if kind == "‖" and opener.text == "|":
            self.take()
        self.nest(opener.start)
        saved = self.matlab
        self.matlab = False
        self.bars.append(kind)
        if self._closes_bar(self.tok) or (self.tok.kind == "end" and kind != opener.text):
            self.fail("empty bars", opener.start, max(self.tok.end, opener.end + 1))
        if self.tok.kind == "end":
            self.fail(f"this `{opener.text}` is never closed", opener.start, opener.end)
        inner = self.sum()
        if not self._closes_bar(self.tok):
            shown = "‖" if kind == "‖" else "|"
            if self.tok.kind == "end":
                self.fail(f"this `{opener.text}` is never closed (add a `{shown}`)", opener.start, opener.end)
            self.fail(f"expected a closing `{shown}` here", self.tok.start, self.tok.end)
        close = self.take()
        if kind == "‖" and close.text == "|":
            close = self.take()
        self.bars.pop()
        self.matlab = saved
        self.depth -= 1
        span = self.span(opener.start, close.end)
        if kind == "|":
            self._scalar_inside(inner, opener, close)
        return self.count(Call("abs" if kind == "|" else "norm", (inner,), span=span))

    def _scalar_inside(self, inner: Node, opener: Token, close: Token) -> None:
        try:
            shape = infer(inner, dict(self.scope.variables))
        except ShapeError:
            return  # reported with the other shape errors when the answer is judged
        if shape not in (None, IDENTITY, (1, 1)):
            typed = to_text(inner)  # in the answer syntax, so it can be typed as suggested
            v = typed if len(typed) <= 20 else "v"
            self.fail(f"|…| of a vector or matrix: for its length write ‖{v}‖ (or norm({v})); "
                      f"for the entries' absolute values write abs({v})", opener.start, close.end)
