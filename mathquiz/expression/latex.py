"""LaTeX as students write it (`\\frac{1}{2}x^{2}`, `\\sin^2 x`, `\\mathbf{A}^\\top\\mathbf{x}`) ->
the plain answer syntax, with a map back to the typed text so carets point at what was typed.

This is a translation, not a TeX engine: only the subset in docs/answer-syntax.md is read, and
everything else is refused with a caret under the command and what to type instead. The result
goes through the same parser, limits and "read as" echo as plain input. Brace depth is limited
like nesting.
"""

from __future__ import annotations

import re

from mathquiz.expression.expr import FUNCTION_ALIASES, FUNCTIONS
from mathquiz.expression.latex_words import (
    DELIMITERS,
    ENVIRONMENTS,
    FONTS,
    NAMES,
    OUTSIDE,
    SPACES,
    SYMBOLS,
    suggest,
)
from mathquiz.expression.limits import MAX_DEPTH, ParseError
from mathquiz.expression.tokens import _SEP, normalize

_COMMAND = re.compile(r"\\([A-Za-z]+|.)", re.S)
_ACCENTS = {"hat": "hat", "widehat": "hat", "bar": "bar", "overline": "bar", "tilde": "tilde"}
_ACCENTED = re.compile(r"\s*(?:\{\s*\\?([A-Za-z]+)\s*\}|\s*\\([A-Za-z]+)|\s+([A-Za-z]))")  # {y}, \mu, ` y`
_TRANSPOSE = re.compile(
    r"\s*(\{\s*)?(T|\\top|\\intercal|\\prime|\\(?:mathsf|mathrm|text|mathit|rm)\s*\{\s*T\s*\})(?(1)\s*\})"
)
_DERIVATIVE = re.compile(r"\s*\{\s*(d|\\mathrm\s*\{\s*d\s*\})[^{}]*\}\s*\{\s*(d|\\mathrm\s*\{\s*d\s*\})\s*[A-Za-z\\]")
_SIZED = {"left", "right", "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr", "big", "Big", "bigg", "middle"}
_WRAPPERS = ((r"$$", r"$$"), (r"$", r"$"), (r"\(", r"\)"), (r"\[", r"\]"))


def is_latex(text: str) -> bool:
    """A backslash command (`\\frac`, `\\|`, `\\,`), a braced subscript, or `$…$` around the answer."""
    stripped = text.strip()
    if "\\" in text or "_{" in text:  # x_{12} is LaTeX; plain syntax writes x_12
        return True
    return len(stripped) > 1 and stripped[0] == "$" and stripped[-1] == "$"


def read_text(text: str) -> tuple[str, list[int]]:
    """Typed text -> normalized plain syntax, and for each character where it was typed."""
    if not is_latex(text):
        return normalize(text)
    plain, where = _Latex(text).translate()
    norm, inner = normalize(plain)
    return norm, [where[k] for k in inner]


class _Latex:
    def __init__(self, text: str):
        self.text = text
        self.i = 0
        self.out: list[str] = []
        self.where: list[int] = []
        self.depth = 0
        self.after_norm = False  # just closed ‖…‖: a following _2 names the 2-norm
        self.after_function = ""  # just wrote \log (say): a subscript there is a base

    # --- output ---
    def emit(self, s: str, at: int) -> None:
        self.out.append(s)
        self.where.extend([at] * len(s))
        if not s.isspace():  # ‖x‖ _2 and \log _2 still know what they follow
            self.after_norm, self.after_function = False, ""

    def word(self, s: str, at: int) -> None:
        """A name or function, kept apart from its neighbours (x\\alpha is x·α)."""
        self.emit(_SEP + s + _SEP, at)

    def fail(self, message: str, start: int, end: int | None = None):
        raise ParseError(message, self.text, start, end if end is not None else start + 1)

    def nest(self, at: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self.fail(f"the answer is nested too deeply (more than {MAX_DEPTH} levels)", at)

    # --- reading ---
    def translate(self) -> tuple[str, list[int]]:
        start, end = self._unwrap()
        self.i = start
        self.seq(end, stops=())
        self.where.append(len(self.text))
        return "".join(self.out), self.where

    def _unwrap(self) -> tuple[int, int]:
        """$…$, $$…$$, \\(…\\) and \\[…\\] around the whole answer are dropped."""
        lo, hi = 0, len(self.text)
        while lo < hi and self.text[lo].isspace():
            lo += 1
        while hi > lo and self.text[hi - 1].isspace():
            hi -= 1
        for left, right in _WRAPPERS:
            body = self.text[lo:hi]
            if body.startswith(left) and body.endswith(right) and len(body) >= len(left) + len(right):
                return lo + len(left), hi - len(right)
        return 0, len(self.text)

    def seq(self, end: int, stops: tuple[str, ...]) -> str:
        """Translate up to `end` or one of `stops` (`}`, `&`, `\\\\`, `\\end`); returns the stop."""
        text = self.text
        while self.i < end:
            ch = text[self.i]
            for stop in stops:
                if text.startswith(stop, self.i):
                    return stop
            if ch == "\\":
                self.command(end)
            elif ch == "{":
                self.group(end, "(", ")")
            elif ch == "}":
                self.fail("this `}` has no matching `{`", self.i)
            elif ch in "^_":
                self.script(end)
            elif ch == "&":
                self.fail("`&` separates the entries of a matrix: use it inside \\begin{bmatrix} … \\end{bmatrix}",
                          self.i)
            elif ch == "$":
                self.fail("`$` goes only around the whole answer", self.i)
            elif ch in "[]":
                self.emit("(" if ch == "[" else ")", self.i)  # brackets group in LaTeX; matrices are environments
                self.i += 1
            elif ch == "~":
                self.emit(" ", self.i)
                self.i += 1
            else:
                self.emit(ch, self.i)
                self.i += 1
        return ""

    def group(self, end: int, left: str, right: str) -> None:
        """{…}: a group, shown as parentheses."""
        opener = self.i
        self.nest(opener)
        self.i += 1
        self.emit(left, opener)
        if self.seq(end, ("}",)) != "}":
            self.fail("this `{` is never closed", opener)
        self.emit(right, self.i)
        self.i += 1
        self.depth -= 1

    def argument(self, end: int, left: str = "(", right: str = ")") -> None:
        """One argument of \\frac, \\sqrt, ^ or _: a {group}, a command, or one character."""
        while self.i < end and self.text[self.i] == " ":
            self.i += 1
        if self.i >= end:
            self.fail("something is missing here", max(0, self.i - 1))
        ch = self.text[self.i]
        if ch == "{":
            self.group(end, left, right)
        elif ch == "\\":
            at = self.i
            self.emit(left, at)
            self.nest(at)
            self.command(end)
            self.depth -= 1
            self.emit(right, self.i - 1)
        elif ch in "}&^_":
            self.fail("something is missing before this", self.i)
        else:
            self.emit(left + ch + right, self.i)
            self.i += 1

    def script(self, end: int) -> None:
        at, mark = self.i, self.text[self.i]
        self.i += 1
        if mark == "_":
            self.subscript(at, self._script_body(end), end)
            return
        transpose = _TRANSPOSE.match(self.text, self.i)
        if transpose and transpose.end() <= end:  # A^T, A^{\top}, A^\intercal, x^\prime
            self.emit("'", at)
            self.i = transpose.end()
            return
        self.emit("^", at)
        if self.text.startswith("-", self.i):  # x^-1, e^-x: the plain syntax reads these
            return
        self.argument(end)

    def _script_body(self, end: int) -> str:
        """What a ^ or _ applies to, as typed ({T} gives T), without moving on."""
        while self.i < end and self.text[self.i] == " ":
            self.i += 1
        rest = self.text[self.i : end]
        m = re.match(r"\{\s*([^{}]*?)\s*\}", rest)
        if m:
            return m.group(1)
        m = _COMMAND.match(rest)
        return m.group(0) if m else rest[:1]

    def subscript(self, at: int, body: str, end: int) -> None:
        if self.after_function in ("log", "ln", "lg"):
            self.fail("a logarithm's base is not part of the syntax: for log₂ x write log(x)/log(2)", at, self.i)
        if self.after_function:
            self.fail(f"a subscript on \\{self.after_function} is not part of the syntax", at, self.i)
        if self.after_norm:  # ‖x‖_2 is the Euclidean norm that norm(x) means
            if body.strip() != "2":
                self.fail("only the Euclidean norm ‖x‖ (= ‖x‖_2) is part of the syntax", at, self.i + len(body) + 2)
            self._skip_script(body)
            return
        name = body[1:] if body.startswith("\\") and body[1:] in NAMES else body
        if not re.fullmatch(r"[A-Za-z0-9]+(\s*,\s*[A-Za-z0-9]+)*", name):
            self.fail("a subscript is letters and digits, as in x_{1} or \\delta_{ij}", at, self.i + len(body) + 2)
        if self.out and self.out[-1].endswith(_SEP):
            self.out[-1] = self.out[-1][: -len(_SEP)]
            self.where.pop()
        self.emit("_" + re.sub(r"[\s,]", "", NAMES.get(name, name)) + _SEP, at)
        self._skip_script(body)

    def _skip_script(self, body: str) -> None:
        if self.text.startswith("{", self.i):
            self.i = self.text.index("}", self.i) + 1
        else:
            self.i += len(body)

    def command(self, end: int) -> None:
        at = self.i
        m = _COMMAND.match(self.text, self.i)
        if m is None or not m.group(1).isprintable():  # never echo a control character
            self.fail("a `\\` must be followed by a command, as in \\frac", at)
        name, self.i = m.group(1), m.end()
        if name in SPACES:
            self.emit(" ", at)
        elif name in SYMBOLS:
            self.emit(SYMBOLS[name], at)
            self.after_norm = SYMBOLS[name] == "‖"
        elif name in ("frac", "dfrac", "tfrac", "cfrac"):
            if _DERIVATIVE.match(self.text, self.i):  # \frac{d}{dx}: Leibniz notation, not a quotient
                self.fail(OUTSIDE["partial"], at, self.i)
            self.emit("(", at)
            self.argument(end)
            self.emit("/", at)
            self.argument(end)
            self.emit(")", self.i - 1)
        elif name == "sqrt":
            self.sqrt(at, end)
        elif name in _ACCENTS:
            self.accent(at, name)
        elif name in OUTSIDE:
            self.fail(OUTSIDE[name], at, self.i)
        elif name in NAMES:
            self.word(NAMES[name], at)
            function = NAMES[name] in FUNCTIONS or NAMES[name] in FUNCTION_ALIASES
            self.after_function = name if function and name != "sigma" else ""  # σ_1 is a name
        elif name in FONTS:
            self.font(at, name, end)
        elif name in _SIZED:
            self.delimiter(at, name)
        elif name == "begin":
            self.environment(at, end)
        elif name == "end":
            self.fail("this \\end has no matching \\begin", at, self.i)
        elif name == "\\":
            self.fail("`\\\\` starts a new row of a matrix: use it inside \\begin{bmatrix} … \\end{bmatrix}",
                      at, self.i)
        else:
            self.fail(f"unknown LaTeX command `\\{name}`{suggest(name)}", at, self.i)

    def accent(self, at: int, name: str) -> None:
        """\\hat{y}, \\hat y, \\bar{x}: the names y_hat and x_bar, as ŷ and x̄ are (a problem may
        declare yhat: the reader finds the declared spelling)."""
        m = _ACCENTED.match(self.text, self.i)
        if m is None:
            self.fail(OUTSIDE[name], at, self.i)
        letter = m.group(1) or m.group(2) or m.group(3)
        self.word(f"{NAMES.get(letter, letter)}_{_ACCENTS[name]}", at)
        self.i = m.end()

    def sqrt(self, at: int, end: int) -> None:
        if self.text.startswith("[", self.i):  # \sqrt[n]{x} is x^(1/n)
            close = self.text.find("]", self.i)
            if close < 0 or close >= end:
                self.fail("this `[` of \\sqrt[n] is never closed", self.i)
            index_at = self.i + 1
            self.i = close + 1
            self.emit("((", at)
            self.argument(end)
            saved = self.i
            self.emit(")^(1/(", at)
            self.i = index_at
            self.nest(at)
            self.seq(close, ())
            self.depth -= 1
            self.emit(")))", close)
            self.i = saved
            return
        self.word("sqrt", at)
        self.argument(end)

    def font(self, at: int, name: str, end: int) -> None:
        """\\mathbf{x}, \\vec{x}, \\operatorname{diag}, \\text{T}: the same name as plain x."""
        while self.i < end and self.text[self.i] == " ":
            self.i += 1
        if self.text.startswith("{", self.i):
            close = self.text.find("}", self.i)
            body = self.text[self.i + 1 : close] if close >= 0 else ""
            words = re.fullmatch(r"\s*[A-Za-z][A-Za-z0-9]*\s*", body)
            if words and name in ("text", "textrm", "mbox") and len(body.strip()) > 1 and body.strip() not in NAMES:
                self.fail("text is not part of an answer: type only the expression", at, close + 1)
            if words:
                self.word(NAMES.get(body.strip(), body.strip()), self.i + 1)
                self.i = close + 1
                self.after_function = body.strip() if body.strip() in ("log", "ln") else ""
                return
            if name in ("text", "textrm", "mbox") and body.strip():
                self.fail("text is not part of an answer: type only the expression", at, close + 1)
            if name in ("operatorname", "text", "textrm", "mbox") and not body.strip():
                self.i = close + 1 if close >= 0 else end
                return
        self.argument(end)

    def delimiter(self, at: int, name: str) -> None:
        while self.i < len(self.text) and self.text[self.i] == " ":
            self.i += 1
        m = _COMMAND.match(self.text, self.i)
        token = m.group(0) if m and self.text[self.i] == "\\" else self.text[self.i : self.i + 1]
        if token not in DELIMITERS:
            self.fail(f"\\{name} needs a bracket after it, as in \\{name}(", at, self.i + 1)
        self.i += len(token)
        self.emit(DELIMITERS[token], at)
        self.after_norm = DELIMITERS[token] == "‖"

    def environment(self, at: int, end: int) -> None:
        m = re.match(r"\{\s*([A-Za-z*]+)\s*\}", self.text[self.i : end])
        kind = m.group(1) if m else ""
        if kind not in ENVIRONMENTS:
            self.fail(f"\\begin{{{kind}}} is not part of the syntax: matrices are bmatrix, pmatrix or matrix"
                      if kind != "vmatrix" else "for a determinant write det(\\begin{bmatrix} … \\end{bmatrix})",
                      at, self.i + (m.end() if m else 0))
        self.i += m.end()
        self.nest(at)
        self.emit("[[", at)
        trailing = False  # a \\\\ right before \\end ends the last row; no entry follows it
        while True:
            cell, written = self.i, len(self.out)
            stop = self.seq(end, ("&", "\\\\", "\\end"))
            if not "".join(self.out[written:]).strip() and not (stop == "\\end" and trailing):
                self.fail("an empty entry in this matrix", cell, max(self.i, cell + 1))
            trailing = False
            if stop == "&":
                self.emit(", ", self.i)
                self.i += 1
            elif stop == "\\\\":
                self.i += 2
                if re.match(r"\s*\\end", self.text[self.i : end]):
                    trailing = True
                    continue
                self.emit("], [", self.i - 2)
            elif stop == "\\end":
                closing = re.match(r"\\end\s*\{\s*([A-Za-z*]+)\s*\}", self.text[self.i : end])
                if not closing or closing.group(1) != kind:
                    self.fail(f"expected \\end{{{kind}}} here", self.i, self.i + 4)
                self.emit("]]", self.i)
                self.i += closing.end()
                break
            else:
                self.fail(f"this \\begin{{{kind}}} is never closed (add \\end{{{kind}}})", at, at + 6)
        self.depth -= 1
