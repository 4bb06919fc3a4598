"""Expression trees -> text: the answer syntax (re-parseable) and a readable Unicode form."""

from __future__ import annotations

import decimal
from collections.abc import Iterator
from contextlib import contextmanager
from fractions import Fraction
from functools import lru_cache

from mathquiz.expression.expr import ENTRYWISE, BinOp, Call, Const, Mat, Name, Neg, Node, Num, Transpose, fold

_SUP = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
_GREEK = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "eta": "η",
    "theta": "θ", "lambda": "λ", "mu": "μ", "nu": "ν", "rho": "ρ", "tau": "τ", "phi": "φ",
    "psi": "ψ", "omega": "ω", "pi": "π", "sigma": "σ", "xi": "ξ", "chi": "χ", "zeta": "ζ",
}  # fmt: skip

_SUBSCRIPT = str.maketrans("0123456789aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ")
_SUBSCRIPTABLE = set("0123456789aehijklmnoprstuvx")


def subscript(text: str) -> str:
    """The digits and the letters Unicode has a subscript for, as subscripts: 12 → ₁₂, ij → ᵢⱼ."""
    return text.translate(_SUBSCRIPT)


def name_parts(name: str) -> tuple[str, bool, str, str]:
    """(letter, hat, digits, subscript) of a name as written on paper: xhat (x, hat), W1 (W, 1),
    lambda_max (lambda, max), x_hat_i (x, hat, i)."""
    head, _, tail = name.partition("_")
    hat = head.endswith("hat") and len(head) > 3
    if hat:
        head = head[:-3]
    elif tail == "hat" or tail.startswith("hat_"):
        hat, tail = True, tail[4:]
    letter = head.rstrip("0123456789")
    if not letter:  # no letter before the digits: not a subscript
        letter = head
    return letter, hat, head[len(letter):], tail


_DECLARED = [True]  # whether the names printed are a problem's declared ones (not in names_as_typed)


@contextmanager
def names_as_typed() -> Iterator[None]:
    """Print x1 and xhat as typed, not as x₁ and x̂: those read back as x1 and xhat only where a
    problem declares them, and an undeclared x₁ is x_1 (`compare`, whose names are free)."""
    before, _DECLARED[0] = _DECLARED[0], False
    try:
        yield
    finally:
        _DECLARED[0] = before


def display_name(name: str) -> str:
    """A name as the screen writes it, the way the prose does: mu → μ, W_1 → W₁, x_hat → x̂,
    lambda_max → λₘₐₓ, C_in → Cᵢₙ, and for declared names (see names_as_typed) x1 → x₁, xhat → x̂
    and eps → ε. Every form reads back as the name (expression.tokens: x₁ is x_1, x̂ is x_hat)."""
    return _display(name, _DECLARED[0])


@lru_cache(maxsize=4096)
def _display(name: str, declared: bool) -> str:
    import unicodedata

    letter, hat, digits, tail = name_parts(name)
    if not declared and (digits or hat and "_hat" not in name or letter == "eps"):
        letter, hat, digits = name.partition("_")[0], False, ""  # x1, xhat: as typed
    elif digits and letter in _GREEK:  # sigma2 is σ² more often than σ₂: as typed
        letter, digits = letter + digits, ""
    elif letter == "eps":  # ε, as a declared eps reads back (expression.scope)
        letter = "ε"
    shown = _GREEK.get(letter, letter) + "\u0302" * hat + subscript(digits)
    # W_1 is W₁ and y_i is yᵢ, as the 2-D forms write them too; a subscript Unicode has no letters
    # for stays written out (σ_B), and x1_i stays x₁_i (x₁ᵢ would read as one subscript)
    if tail:
        shown += subscript(tail) if set(tail) <= _SUBSCRIPTABLE and not digits else "_" + tail
    return unicodedata.normalize("NFC", shown)  # ŷ as one character where Unicode has one


# precedence: sum 1, product 2, unary minus 3, power 4, atoms 5
_PREC = {"+": 1, "-": 1, "*": 2, "/": 2, "^": 4}


def decimal_text(value: Fraction) -> str:
    try:
        text = format(float(value), ".15g")
    except OverflowError:  # beyond a float (9999999999e300): only the exact digits below can show it
        text = ""
    if not text or Fraction(text) != value:  # typed with more digits than a float keeps: show them all
        with decimal.localcontext() as ctx:
            ctx.prec = 40  # the most digits a typed number may have
            ctx.Emax = decimal.MAX_EMAX
            exact = (decimal.Decimal(value.numerator) / value.denominator).normalize()
        if Fraction(exact) == value or not text:
            text = format(exact, "g").lower()
    return text if "e" not in text else text.replace("e+", "e")


def _prec(node: Node) -> float:
    # −(x/3) prints as −x/3 (no parentheses needed), so it then binds like a quotient; a loop, not
    # recursion, since the parser allows hundreds of minus signs in a row
    negated = False
    while isinstance(node, Neg):
        node, negated = node.arg, True
    if negated:
        return 2 if _prec(node) == 2 else 3
    if isinstance(node, BinOp):
        return _PREC[node.op]
    if isinstance(node, Num):
        if node.value.denominator != 1 and not node.decimal:
            return 2  # printed as a quotient, −1/3 included: x/(−1/3) keeps its parentheses
        if node.value < 0:
            return 3
    if isinstance(node, Transpose):
        return 4
    if isinstance(node, Call) and node.fn == "hadamard":
        return 1.5  # a ⊙ b: parsed as tightly as a product, but shown in parentheses next to one
    if isinstance(node, Call) and ENTRYWISE.get(node.fn) in _PREC:  # 1/v read entry by entry: as typed
        return _PREC[ENTRYWISE[node.fn]]
    return 5


def as_typed(node: Call) -> Node:
    """An operation read entry by entry (expr.ENTRYWISE) as it was typed: 1/v, v², max(0, v)."""
    op = ENTRYWISE[node.fn]
    return BinOp(op, *node.args, span=node.span) if op in _PREC else Call(op, node.args, span=node.span)


def _wrap(node: Node, text: str, below: int, opening: str = "(", closing: str = ")") -> str:
    return f"{opening}{text}{closing}" if _prec(node) < below else text


class _Printer:
    """Prints bottom-up with `fold`: every node's text is made from its children's texts."""

    def __init__(self, unicode: bool):
        self.u = unicode

    def __call__(self, node: Node) -> str:
        return fold(node, self.node)

    def node(self, n: Node, kids: list[str]) -> str:
        u = self.u
        if isinstance(n, Num):
            v = n.value
            text = decimal_text(v) if n.decimal else str(v.numerator) if v.denominator == 1 \
                else f"{v.numerator}/{v.denominator}"
            return "−" + text[1:] if u and text.startswith("-") else text  # −30, as a Neg prints
        if isinstance(n, Name):
            return self.name(n.name)
        if isinstance(n, Const):
            return "π" if u and n.name == "pi" else n.name
        if isinstance(n, Neg):
            # −(5x) reads as −5x and means the same, so products and quotients need no parentheses
            below = 6 if isinstance(n.arg, Neg) else 2
            return ("−" if u else "-") + _wrap(n.arg, kids[0], below)
        if isinstance(n, Transpose):
            if u and isinstance(n.arg, Mat) and n.arg.shape[1] == 1 and n.arg.shape[0] > 1:
                return "[" + kids[0][1:-2] + "]ᵀ"  # a row as typed, [1, 2]ᵀ, rather than (1, 2)ᵀᵀ
            return _wrap(n.arg, kids[0], 5) + ("ᵀ" if u else "^T")
        if isinstance(n, Mat):
            rows, cols = n.shape
            if cols == 1 and u and rows > 1:
                return "(" + ", ".join(kids) + ")ᵀ"  # a column, as on paper
            if cols == 1:
                return "[" + ", ".join(kids) + "]"
            grid = [kids[k:k + cols] for k in range(0, len(kids), cols)]
            return "[" + ", ".join("[" + ", ".join(r) + "]" for r in grid) + "]"
        if isinstance(n, Call) and n.fn == "hadamard":  # a ⊙ b (a .* b in the answer syntax)
            left, right = (_wrap(arg, text, 3) for arg, text in zip(n.args, kids, strict=True))
            return f"{left} {'⊙' if u else '.*'} {right}"
        if isinstance(n, Call) and n.fn in ENTRYWISE:
            return self.node(as_typed(n), kids)
        if isinstance(n, Call) and n.fn == "transpose" and u:  # transpose(Ax − b) reads as (Ax − b)ᵀ
            return _wrap(n.args[0], kids[0], 5) + "ᵀ"
        if isinstance(n, Call):
            name = "σ" if u and n.fn == "sigma" else n.fn
            return f"{name}({', '.join(kids)})"
        if isinstance(n, BinOp):
            return self.binop(n, *kids)
        raise TypeError(f"unknown node {n!r}")

    def name(self, name: str) -> str:
        return display_name(name) if self.u else name

    def binop(self, n: BinOp, left_text: str, right_text: str) -> str:
        u, op = self.u, n.op
        if op in "+-":
            left = _wrap(n.left, left_text, 1)
            right = _wrap(n.right, right_text, 2 if op == "-" else 1)
            if op == "+" and right.startswith(("-", "−")):
                # a + (−b…) reads as a − b…: the same value, since − and + group from the left
                return f"{left} {'−' if u else '-'} {right[1:]}"
            sym = "−" if u and op == "-" else op
            return f"{left} {sym} {right}"
        if op == "*":
            left, right = _wrap(n.left, left_text, 2), _wrap(n.right, right_text, 4)  # x·(−2), not x·−2
            if u and _is_int(n.left) and n.left.value not in (0, 1) and _juxtaposable(n.right):
                return f"{left}{right}"  # 2x, 2Aᵀ, 2σ(x): as on paper (but 1·p, not 1p)
            return f"{left}·{right}" if u else f"{left}*{right}"
        if op == "/":
            return f"{_wrap(n.left, left_text, 2)}/{_wrap(n.right, right_text, 3)}"
        if op == "^":
            base = _wrap(n.left, left_text, 5)
            exp = n.right
            if u and isinstance(exp, Num | Neg) and _small_int(exp) is not None:
                return base + str(_small_int(exp)).translate(_SUP)
            return f"{base}^{_wrap(exp, right_text, 5)}"
        raise TypeError(op)


def _is_int(node: Node) -> bool:
    return isinstance(node, Num) and not node.decimal and node.value.denominator == 1


def _juxtaposable(node: Node) -> bool:
    # down the left edge of transposes and powers (a loop: that edge may be hundreds deep)
    while isinstance(node, Transpose) or isinstance(node, BinOp) and node.op == "^":
        node = node.arg if isinstance(node, Transpose) else node.left
    if isinstance(node, Call):
        return len(node.fn) <= 5
    return isinstance(node, Name | Const)


def _small_int(node: Node) -> int | None:
    sign = -1 if isinstance(node, Neg) else 1
    inner = node.arg if isinstance(node, Neg) else node
    if isinstance(inner, Num) and not inner.decimal and inner.value.denominator == 1:
        if abs(inner.value) < 100:
            return sign * int(inner.value)
    return None


def to_text(node: Node) -> str:
    """The answer syntax for a tree; parsing the result gives the same value back."""
    return _Printer(unicode=False)(node)


def to_unicode(node: Node) -> str:
    """A readable one-line form: 2·Aᵀ·(A·x − b), x², σ(x)."""
    return _Printer(unicode=True)(node)


_LATEX_FUNCS = {
    "exp": r"\exp", "log": r"\log", "sin": r"\sin", "cos": r"\cos", "tan": r"\tan", "sinh": r"\sinh",
    "cosh": r"\cosh", "tanh": r"\tanh", "asin": r"\arcsin", "acos": r"\arccos", "atan": r"\arctan",
    "sigma": r"\sigma", "det": r"\det", "trace": r"\operatorname{tr}", "softmax": r"\operatorname{softmax}",
    "diag": r"\operatorname{diag}", "sech": r"\operatorname{sech}", "inv": r"\operatorname{inv}",
    "sec": r"\sec", "csc": r"\csc", "cot": r"\cot", "coth": r"\coth", "max": r"\max", "min": r"\min",
}  # fmt: skip
_LATEX_DELIMITED = {"sqrt": (r"\sqrt{", "}"), "abs": (r"\left|", r"\right|"), "norm": (r"\left\|", r"\right\|")}
_LATEX_GREEK = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda",
                "mu", "nu", "xi", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega", "pi"}


def to_latex(node: Node) -> str:
    """LaTeX for a tree, in the order it was written (fractions as \\frac, Aᵀ as A^{\\top})."""

    def name(text: str) -> str:
        letter, hat, digits, tail = name_parts(text)
        if digits and letter in _GREEK:  # sigma2, as the screen shows it (display_name)
            letter, digits = letter + digits, ""
        head = f"\\{letter}" if letter in _LATEX_GREEK else "\\varepsilon" if letter == "eps" else letter
        head = f"\\hat{{{head}}}" if hat else head
        below = ",".join(x for x in (digits, tail) if x)
        return f"{head}_{{{below}}}" if below else head

    def wrap(n: Node, text: str, below: int) -> str:
        return _wrap(n, text, below, "\\left(", "\\right)")

    def go(n: Node, kids: list[str]) -> str:
        if isinstance(n, Call) and n.fn in ENTRYWISE:
            n = as_typed(n)
        if isinstance(n, Num):
            v = n.value
            if n.decimal or v.denominator == 1:
                return decimal_text(v) if n.decimal else str(v.numerator)
            sign = "-" if v < 0 else ""
            return f"{sign}\\frac{{{abs(v.numerator)}}}{{{v.denominator}}}"
        if isinstance(n, Name):
            return name(n.name)
        if isinstance(n, Const):
            return {"pi": r"\pi", "I": "I"}.get(n.name, "e")
        if isinstance(n, Neg):
            return "-" + wrap(n.arg, kids[0], 2 if not isinstance(n.arg, Neg) else 6)
        if isinstance(n, Transpose):
            return wrap(n.arg, kids[0], 5) + r"^{\top}"
        if isinstance(n, Mat):
            cols = n.shape[1]
            rows = r" \\ ".join(" & ".join(kids[k:k + cols]) for k in range(0, len(kids), cols))
            return f"\\begin{{bmatrix}} {rows} \\end{{bmatrix}}"
        if isinstance(n, Call):
            args = ", ".join(kids)
            if n.fn == "transpose":
                return wrap(n.args[0], kids[0], 5) + r"^{\top}"
            if n.fn == "hadamard":
                return " \\odot ".join(wrap(a, k, 3) for a, k in zip(n.args, kids, strict=True))
            command = _LATEX_FUNCS.get(n.fn, f"\\operatorname{{{n.fn}}}")
            opening, closing = _LATEX_DELIMITED.get(n.fn, (f"{command}\\left(", r"\right)"))
            return f"{opening}{args}{closing}"
        if isinstance(n, BinOp):
            left, right = kids
            if n.op == "/":
                return f"\\frac{{{left}}}{{{right}}}"
            if n.op == "^":
                return f"{wrap(n.left, left, 5)}^{{{right}}}"
            if n.op == "*":
                return f"{wrap(n.left, left, 2)} {wrap(n.right, right, 4)}"
            return f"{wrap(n.left, left, 1)} {n.op} {wrap(n.right, right, 2 if n.op == '-' else 1)}"
        raise TypeError(f"unknown node {n!r}")

    return fold(node, go)
