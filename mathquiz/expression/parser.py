"""Answer syntax -> expression tree, safely.

A hand-written tokenizer and recursive-descent parser: the only things that can come out are the
nodes of `mathquiz.expression.expr`, so typed text is never executed. Limits on length, depth, size and
magnitude are checked while parsing, before anything is evaluated.
"""

from __future__ import annotations

import math
from fractions import Fraction

from mathquiz.expression.application import Application
from mathquiz.expression.bars import Bars
from mathquiz.expression.expr import (
    CONSTANTS,
    FUNCTION_ALIASES,
    BinOp,
    Call,
    Const,
    Mat,
    Name,
    Neg,
    Node,
    Num,
    Transpose,
)
from mathquiz.expression.latex import read_text
from mathquiz.expression.limits import (
    MAX_DEPTH,
    MAX_EXPONENT,
    MAX_INT_DIGITS,
    MAX_LENGTH,
    MAX_MAGNITUDE,
    MAX_NODES,
    ParseError,
    approx_constant,
)
from mathquiz.expression.scope import Scope
from mathquiz.expression.tokens import Token, tokenize
from mathquiz.expression.words import Words


class _Parser(Application, Bars):
    def __init__(self, text: str, scope: Scope):
        self.text = text
        self.scope = scope
        self.norm, self.where = read_text(text)
        self.nodes = 0
        self.depth = 0
        self.tokens = Words(scope, self.fail).split(tokenize(self.norm, self.fail))
        self.last = len(self.where) - 1
        self.pos = 0
        self.tok = self.tokens[0]  # the token at pos: an attribute, read ~80 times a parse
        self.matlab = False  # inside a MATLAB-style bracket, where a space separates entries
        self.exponent = False  # reading an exponent, where a ^T belongs to the power: A^-1^T = (A⁻¹)ᵀ
        self.bars: list[str] = []  # open |…| and ‖…‖, innermost last

    # errors are reported in the coordinates of the text the person typed
    def fail(self, message: str, start: int, end: int | None = None):
        a = self.where[min(start, len(self.where) - 1)]
        b = self.where[min(end, len(self.where) - 1)] if end is not None else a + 1
        raise ParseError(message, self.text, a, max(b, a + 1))

    def span(self, start: int, end: int) -> tuple[int, int]:
        last = self.last
        return self.where[start if start < last else last], self.where[end if end < last else last]

    # token helpers: every move of pos goes through skip(), which keeps tok in step
    def skip(self, n: int = 1) -> None:
        self.pos += n
        self.tok = self.tokens[min(self.pos, len(self.tokens) - 1)]  # past the end: still the end

    def take(self) -> Token:
        t = self.tok
        self.skip()
        return t

    def expect(self, text: str, opener: Token | None = None) -> Token:
        if self.tok.text == text and self.tok.kind == "op":
            return self.take()
        if opener is not None and self.tok.kind == "end":
            self.fail(f"this `{opener.text}` is never closed", opener.start, opener.end)
        self.fail(f"expected `{text}` here", self.tok.start, self.tok.end)

    def count(self, node: Node) -> Node:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            self.fail(f"the answer is too large (more than {MAX_NODES} parts)", 0, len(self.norm))
        return node

    def nest(self, start: int):
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self.fail(f"the answer is nested too deeply (more than {MAX_DEPTH} levels)", start)

    # grammar: sum := term (('+'|'-') term)* ; term := unary (('*'|'/'|'@'|implicit) unary)*
    def parse(self) -> Node:
        if not self.tokens[:-1]:
            raise ParseError("type an answer (for example 2*x + 1)", self.text, 0, 1)
        node = self.sum()
        if self.tok.kind != "end":
            t = self.tok
            msg = f"unexpected `{t.text}`" if t.text != ")" else "this `)` has no matching `(`"
            self.fail(msg, t.start, t.end)
        return node

    def sum(self) -> Node:
        start = self.tok.start
        saved, self.exponent = self.exponent, False  # a bracket inside an exponent is a whole expression
        node = self.term()
        while self.tok.kind == "op" and self.tok.text in "+-" and not self._matlab_break():
            op = self.take().text
            right = self.term()
            node = self.count(BinOp(op, node, right, span=self.span(start, self.tokens[self.pos - 1].end)))
        self.exponent = saved
        return node

    def _matlab_break(self) -> bool:
        # in [1 -2] the space before `-` (and none after) starts a new entry, as in MATLAB
        t = self.tok
        nxt = self.tokens[self.pos + 1]
        return self.matlab and t.space and t.text in "+-" and not nxt.space

    def term(self) -> Node:
        start = self.tok.start
        node = self.unary()
        while True:
            t = self.tok
            if t.kind == "op" and t.text == ".*":  # a ⊙ b, the entrywise (Hadamard) product
                self.take()
                right = self.unary()
                span = self.span(start, self.tokens[self.pos - 1].end)
                node = self.count(Call("hadamard", (node, right), span=span))
                continue
            if t.kind == "op" and t.text in ("*", "/", "@"):
                self.take()
                op = "*" if t.text == "@" else t.text
                right = self.unary()
            elif self._starts_atom(t) and not (self.matlab and t.space) and not self._closes_bar(t):
                op, right = "*", self.power()
            else:
                return node
            node = self.count(BinOp(op, node, right, span=self.span(start, self.tokens[self.pos - 1].end)))

    @staticmethod
    def _starts_atom(t: Token) -> bool:
        return t.kind in ("num", "id") or (t.kind == "op" and t.text in ("(", "[", "|", "‖"))

    def unary(self) -> Node:
        t = self.tok
        if t.kind == "op" and t.text in "+-":
            self.take()
            self.nest(t.start)
            arg = self.unary()
            self.depth -= 1
            if t.text == "+":
                return arg
            return self.count(Neg(arg, span=self.span(t.start, self.tokens[self.pos - 1].end)))
        return self.power()

    def power(self) -> Node:
        """base (^T | ' | ^exponent)*: each ^T or ' transposes what stands before it, so A^T^T and
        Aᵀᵀ are (Aᵀ)ᵀ and A^-1^T is (A⁻¹)ᵀ; a numeric exponent is right-associative, 2^3^2 = 2^(3^2)."""
        start = self.tok.start
        node = self.postfix()
        while self.tok.kind == "op" and self.tok.text in ("^", "**"):
            if mark := self._transpose_mark():
                if self.exponent:
                    return node  # x^-1^T: the ᵀ is of the power being read, not of its exponent
                self.skip(mark)
                end = self.take().end
                node = self._more_postfix(self.count(Transpose(node, span=self.span(start, end))), start)
                continue
            if mark := self._inverse_transpose_mark():  # X^-T, X^{-T}, X⁻ᵀ: (X⁻¹)ᵀ
                self.skip(mark)
                end = self.take().end
                inverse = self.count(BinOp("^", node, Neg(Num(Fraction(1))), span=self.span(start, end)))
                node = self._more_postfix(self.count(Transpose(inverse, span=self.span(start, end))), start)
                continue
            op = self.take()
            if self.tok.kind == "end":
                self.fail(f"`{op.text}` needs an exponent after it", op.start, op.end)
            self.nest(op.start)
            saved, self.exponent = self.exponent, True
            exponent = self.unary()  # right-associative: 2^3^2 = 2^(3^2); allows x^-1
            self.exponent = saved
            self.depth -= 1
            node = BinOp("^", node, exponent, span=self.span(start, self.tokens[self.pos - 1].end))
            self._check_power(node, start)
            node = self.count(node)
        return node

    def _transpose_mark(self) -> int:
        """How many tokens after the `^` at hand make it a transpose: ^T, or ^{T} as in TeX (read as
        ^(T)); 0 when it is a power, or T is a name of the answer."""
        if "T" in self.scope.variables:
            return 0
        if self.tokens[self.pos + 1].kind == "id" and self.tokens[self.pos + 1].text == "T":
            return 1
        group = [(t.kind, t.text) for t in self.tokens[self.pos + 1:self.pos + 4]]
        return 3 if group == [("op", "("), ("id", "T"), ("op", ")")] else 0

    def _inverse_transpose_mark(self) -> int:
        """How many tokens after the `^` at hand make it ^-T or ^(-T) (0 otherwise, or when T is a name)."""
        if "T" in self.scope.variables:
            return 0
        group = [(t.kind, t.text) for t in self.tokens[self.pos + 1:self.pos + 5]]
        if group[:2] == [("op", "-"), ("id", "T")]:
            return 2
        return 4 if group == [("op", "("), ("op", "-"), ("id", "T"), ("op", ")")] else 0

    def _check_power(self, node: BinOp, start: int) -> None:
        exponent = approx_constant(node.right)
        if exponent is not None and (math.isnan(exponent) or abs(exponent) > MAX_EXPONENT):
            limit = f"10^{len(str(MAX_EXPONENT)) - 1}"
            self.fail(f"the exponent is too large (the limit is {limit})", start, self.tokens[self.pos - 1].end)
        base = approx_constant(node.left)
        if base is not None and exponent is not None and base != 0:
            if abs(exponent) * math.log10(abs(base)) > MAX_MAGNITUDE:
                self.fail("this number is too large to work with", start, self.tokens[self.pos - 1].end)

    def column_tuple(self, first: Node, opener: Token) -> Node:
        """(1, −1, 2)ᵀ, the way "read as" shows a column: a column vector, transpose mark and all."""
        entries = [first]
        while self.tok.kind == "op" and self.tok.text == ",":
            self.take()
            entries.append(self.sum())
        close = self.expect(")", opener)
        if self.tok.kind == "op" and self.tok.text in ("^", "**") and (mark := self._transpose_mark()):
            self.skip(mark)
            end = self.take().end
        elif self.tok.kind == "op" and self.tok.text == "'":
            end = self.take().end
        else:
            self.fail("a list in parentheses needs ᵀ after it, (1, 2)ᵀ, to be a column; or write [1, 2]",
                      opener.start, close.end)
        return self.count(Mat(tuple((e,) for e in entries), span=self.span(opener.start, end)))

    def postfix(self) -> Node:
        start = self.tok.start
        return self._more_postfix(self.atom(), start)

    def _more_postfix(self, node: Node, start: int) -> Node:
        while self.tok.kind == "op" and self.tok.text == "'" and not (self.matlab and self.tok.space):
            end = self.take().end
            node = self.count(Transpose(node, span=self.span(start, end)))
        return node

    def atom(self) -> Node:
        t = self.tok
        if t.kind == "num":
            self.take()
            return self.count(self.number(t))
        if t.kind == "id":
            return self.name_or_call()
        if t.kind == "op" and t.text == "(":
            self.take()
            self.nest(t.start)
            saved, self.matlab = self.matlab, False
            saved_bars, self.bars = self.bars, []
            if self.tok.text == ")":
                self.fail("empty parentheses", t.start, self.tok.end)
            node = self.sum()
            if self.tok.kind == "op" and self.tok.text == ",":
                node = self.column_tuple(node, t)
            else:
                self.expect(")", t)
            self.matlab, self.bars = saved, saved_bars
            self.depth -= 1
            return node
        if t.kind == "op" and t.text in ("|", "‖"):
            return self.bar()
        if t.kind == "op" and t.text == "[":
            prev = self.tokens[self.pos - 1] if self.pos else None
            if prev is not None and not t.space and (prev.kind == "id" or prev.text in (")", "]")):
                self.fail("subscripts like a[0] are not part of the answer syntax: write a_0", t.start, t.end)
            return self.bracket()
        if t.kind == "end":
            prev = self.tokens[self.pos - 1] if self.pos else t
            self.fail(f"`{prev.text}` needs something after it" if self.pos else "type an answer", prev.start, prev.end)
        if t.text in ("*", "/", "^", "**", "@", ".*"):
            self.fail(f"`{t.text}` needs something before it", t.start, t.end)
        if t.text == ")":
            self.fail("this `)` has no matching `(`", t.start, t.end)
        if t.text == "'":
            if any(x.text == "'" for x in self.tokens[self.pos + 1 :]):
                self.fail("text in quotes is not part of the answer syntax", t.start, t.end)
            self.fail("a transpose mark `'` must follow a matrix or vector", t.start, t.end)
        self.fail(f"unexpected `{t.text}`", t.start, t.end)

    def number(self, t: Token) -> Num:
        text = t.text
        if text.isdigit() and len(text) <= MAX_INT_DIGITS:  # a whole number, the usual case
            return Num(Fraction(int(text)), decimal=False, span=self.span(t.start, t.end))
        mantissa, _, exp = text.lower().partition("e")
        digits = mantissa.replace(".", "").lstrip("0")
        if len(digits) > MAX_INT_DIGITS:
            self.fail(f"this number has too many digits (the limit is {MAX_INT_DIGITS})", t.start, t.end)
        if exp and abs(int(exp)) > MAX_MAGNITUDE:
            self.fail("this number is too large to work with", t.start, t.end)
        value = Fraction(mantissa) * Fraction(10) ** int(exp or 0)
        return Num(value, decimal=("." in t.text or bool(exp)), span=self.span(t.start, t.end))

    def name_or_call(self) -> Node:
        t = self.take()
        word = t.text
        if self.scope.is_function(word):
            return self.call(t, FUNCTION_ALIASES.get(word, word))
        if word in CONSTANTS and word not in self.scope.variables:
            return self.count(Const(word, span=self.span(t.start, t.end)))
        return self.count(Name(word, span=self.span(t.start, t.end)))

    def bracket(self) -> Node:
        """[1, 2] column; [[1, 2], [3, 4]] rows; [1 2; 3 4] MATLAB style (a space separates)."""
        opener = self.take()
        self.nest(opener.start)
        saved, saved_bars, self.bars = self.matlab, self.bars, []
        commas = self._has_top_level_comma()
        self.matlab = not commas
        if self.tok.text == "]":
            self.fail("an empty matrix", opener.start, self.tok.end)
        rows: list[list[Node]] = [[]]
        while True:
            rows[-1].append(self.sum())
            t = self.tok
            if t.text == "]":
                break
            if t.text == ";":
                self.take()
                rows.append([])
            elif t.text == ",":
                self.take()
            elif self.matlab and (t.space or t.text in "+-") and t.kind != "end":
                continue
            elif t.kind == "end":
                self.fail("this `[` is never closed", opener.start, opener.end)
            else:
                self.fail(f"unexpected `{t.text}` in a matrix", t.start, t.end)
        close = self.take()
        self.matlab, self.bars = saved, saved_bars
        self.depth -= 1
        span = self.span(opener.start, close.end)
        if len(rows) == 1 and all(isinstance(x, Mat) for x in rows[0]):
            # [[1, 2], [3, 4]]: each inner bracket is one row
            grid = tuple(tuple(x for r in m.rows for x in r) for m in rows[0])
        elif len(rows) == 1 and commas:
            grid = tuple((x,) for x in rows[0])  # [1, 2, 3] is a column vector
        else:
            grid = tuple(tuple(r) for r in rows)  # [1 2 3] is a row, [1; 2; 3] a column
        widths = sorted({len(r) for r in grid})
        if len(widths) > 1:
            lengths = ", ".join(map(str, widths))
            self.fail(f"the rows of this matrix have different lengths ({lengths})", opener.start, close.end)
        return self.count(Mat(grid, span=span))

    def _has_top_level_comma(self) -> bool:
        level = 0
        for t in self.tokens[self.pos :]:
            if t.text in ("(", "["):
                level += 1
            elif t.text in (")", "]"):
                if level == 0:
                    return False
                level -= 1
            elif t.text == "," and level == 0:
                return True
        return False


def parse(text: str, scope: Scope | None = None) -> Node:
    """Parse an answer; raises ParseError with a caret position when it cannot be read."""
    if not isinstance(text, str):
        raise ParseError("the answer must be text")
    if len(text) > MAX_LENGTH:
        raise ParseError(
            f"the answer is too long ({len(text)} characters; the limit is {MAX_LENGTH})",
            text[:80], 0, 80,
        )
    return _Parser(text, scope or Scope()).parse()
