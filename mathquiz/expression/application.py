"""Function application, with or without parentheses: `sin(x)`, `sin x`, `sin 2x`, `sin^2 x`,
`log^2(x)`, `ln abs(x)`.

Without parentheses the argument is the product of factors written right after the name, up to
`+`, `-`, an explicit `*` or `/`, a closing bracket, or another function name: `sin x cos x` is
sin(x)·cos(x), `sin 2x` is sin(2x), `sin x/2` is sin(x)/2. The "read as" echo shows the reading.
"""

from __future__ import annotations

from mathquiz.expression.expr import AUTHOR_FUNCTIONS, FUNCTION_ARITIES, FUNCTIONS, BinOp, Call, Node
from mathquiz.expression.tokens import Token


class Application:
    """Mixed into the parser: reads a call once its function name has been taken."""

    def call(self, t: Token, fn: str) -> Node:
        power = self._function_power()
        if self.tok.text != "(":
            node = self._bare_call(t, fn)
        else:
            node = self._paren_call(t, fn)
        if power is not None:
            node = self.count(BinOp("^", node, power, span=node.span))
        return node

    def _function_power(self):
        """sin^2(x), sin²(x) (arrives as sin^(2)), log^2 x: a power of the function's value."""
        if self.tok.text not in ("^", "**"):
            return None
        ahead = self.tokens[self.pos + 1 : self.pos + 4]
        if ahead and ahead[0].kind == "num":
            self.take()
            return self.count(self.number(self.take()))
        if len(ahead) == 3 and ahead[1].kind == "num" and [ahead[0].text, ahead[2].text] == ["(", ")"]:
            self.take(), self.take()
            power = self.count(self.number(self.take()))
            self.take()
            return power
        if ahead and ahead[0].text == "-":
            name = self.tokens[self.pos - 1].text
            inverse = f"for the inverse function write a{name}(x), " if "a" + name in FUNCTIONS else ""
            self.fail(f"`{name}^-1` is ambiguous: {inverse}for 1/{name}(x) write {name}(x)^-1",
                      self.tokens[self.pos - 1].start, ahead[0].end)
        return None

    def _bare_call(self, t: Token, fn: str) -> Node:
        first = self.tok
        signed = first.text == "-" and first.space and not self.tokens[self.pos + 1].space  # sin -x
        if first.kind == "end" or not (self._starts_atom(first) or signed) or self._closes_bar(first):
            self.fail(f"`{t.text}` is a function: write {t.text}(x) or {t.text} x", t.start, t.end)
        lo, _ = FUNCTION_ARITIES.get(fn) or (FUNCTIONS.get(fn, 2), 0)
        if lo > 1:  # atan2, hadamard and the author builtins take their arguments in parentheses
            self.fail(f"`{t.text}` takes its arguments in parentheses: write {t.text}(…, …)", t.start, t.end)
        self.nest(first.start)
        arg = self.unary()
        while self._continues_argument(self.tok):
            right = self.power()
            arg = self.count(BinOp("*", arg, right, span=(arg.span[0], right.span[1])))
        self.depth -= 1
        return self.count(Call(fn, (arg,), span=self.span(t.start, self.tokens[self.pos - 1].end)))

    def _continues_argument(self, t: Token) -> bool:
        if not self._starts_atom(t) or self._closes_bar(t) or (self.matlab and t.space):
            return False
        return not (t.kind == "id" and self.scope.is_function(t.text))

    def _paren_call(self, t: Token, fn: str) -> Node:
        opener = self.take()
        self.nest(opener.start)
        saved, self.matlab = self.matlab, False
        saved_bars, self.bars = self.bars, []
        args = []
        if self.tok.text == ")":
            self.fail(f"`{t.text}` needs an argument", opener.start, self.tok.end)
        while True:
            args.append(self.sum())
            if self.tok.text != ",":
                break
            self.take()
        close = self.expect(")", opener)
        self.matlab, self.bars = saved, saved_bars
        self.depth -= 1
        lo, hi = FUNCTION_ARITIES.get(fn) or ((FUNCTIONS[fn],) * 2 if fn in FUNCTIONS else AUTHOR_FUNCTIONS[fn])
        if not lo <= len(args) <= hi:
            want = f"{lo}" if lo == hi else f"{lo} to {hi}"
            self.fail(f"`{t.text}` takes {want} argument{'s' if hi > 1 else ''}, got {len(args)}", t.start, close.end)
        return self.count(Call(fn, tuple(args), span=self.span(t.start, close.end)))
