"""What an answer may be: limits on its length, nesting, size and magnitude, and the error that
says how a text could not be read (`ParseError`, with the span for a caret).

The parser enforces these while it reads, before anything is evaluated.
"""

from __future__ import annotations

import math

from mathquiz.expression.expr import BinOp, Const, Neg, Node, Num

MAX_LENGTH = 1000
MAX_DEPTH = 40
MAX_NODES = 600
MAX_INT_DIGITS = 40
MAX_EXPONENT = 1_000_000  # |n| in x^n: cheap by repeated squaring; the size of the value is what is limited
MAX_MAGNITUDE = 300  # decimal digits of a constant


class ParseError(Exception):
    """An answer that cannot be read; carries the offending span of the original text."""

    def __init__(self, message: str, text: str = "", start: int = 0, end: int | None = None):
        super().__init__(message)
        self.message = message
        self.text = text
        self.start = start
        self.end = max(end if end is not None else start + 1, start + 1)

    def caret(self) -> str:
        """The input with a caret line under the offending spot."""
        # one visible character for each typed one, so the caret still lines up
        line = "".join(c if c.isprintable() else "�" for c in self.text)
        start = min(self.start, len(line))
        width = max(1, min(self.end, len(line) + 1) - start)
        return f"{line}\n{' ' * start}{'^' * width}"


def approx_constant(node: Node) -> float | None:
    """The value of a constant subexpression as a float (inf when huge), else None."""
    try:
        if isinstance(node, Num):
            return float(node.value)
        if isinstance(node, Const) and node.name in ("e", "pi"):
            return math.e if node.name == "e" else math.pi
        if isinstance(node, Neg):
            v = approx_constant(node.arg)
            return None if v is None else -v
        if isinstance(node, BinOp):
            a, b = approx_constant(node.left), approx_constant(node.right)
            if a is None or b is None:
                return None
            if node.op == "^":
                if a == 0 or math.isinf(b):
                    return a
                if abs(b) * math.log10(abs(a)) > MAX_MAGNITUDE:
                    return math.inf
                return abs(a) ** b
            return {"+": a + b, "-": a - b, "*": a * b, "/": a / b if b else math.inf}[node.op]
    except (OverflowError, ValueError, ZeroDivisionError):
        return math.inf
    return None
