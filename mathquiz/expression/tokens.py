"""From what a person types to tokens: Unicode (σ, ², ᵀ, −, ·, √) to plain syntax, then tokens.

Every token keeps its position in the original text, so error carets point at what was typed.
Characters that have no place in an answer are rejected here with a message that says why.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

# --- normalization: what people type -> plain ASCII syntax, with a map back to their text ---

_GREEK_CHARS = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ϵ": "epsilon",
    "ζ": "zeta", "η": "eta", "θ": "theta", "ϑ": "theta", "ι": "iota", "κ": "kappa",
    "λ": "lambda", "μ": "mu", "ν": "nu", "ξ": "xi", "π": "pi", "ρ": "rho", "σ": "sigma",
    "τ": "tau", "υ": "upsilon", "φ": "phi", "ϕ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega",
    "Σ": "Sigma", "Δ": "Delta",
}  # fmt: skip
_SIMPLE_CHARS = {
    "−": "-", "–": "-", "—": "-", "·": "*", "⋅": "*", "×": "*", "∙": "*", "∗": "*",
    "÷": "/", "⊙": ".*", "∘": ".*", "{": "(", "}": ")", "ᵀ": "'", "⊤": "'", "′": "'", "√": "sqrt",
    "\t": " ", "\n": " ", "\r": " ", "\u00a0": " ",
}  # fmt: skip
# every letter Unicode has as a super- or subscript: β₁ᵗ is β₁ to the t, Cₒᵤₜ is C_out, λₘₐₓ is λ_max
# (ᵀ is the transpose mark, above)
_SUPERSCRIPTS = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ",
                         "0123456789-+()abcdefghijklmnoprstuvwxyz", strict=True))
_SUBSCRIPTS = dict(zip("₀₁₂₃₄₅₆₇₈₉ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ", "0123456789aehijklmnoprstuvx", strict=True))
_SUB_GREEK = {"ᵦ": "beta", "ᵧ": "gamma", "ᵨ": "rho", "ᵩ": "phi", "ᵪ": "chi"}
# ½ and its kin, in parentheses so that x½ and 2^½ mean what they show
_VULGAR = {"½": "(1/2)", "⅓": "(1/3)", "⅔": "(2/3)", "¼": "(1/4)", "¾": "(3/4)", "⅕": "(1/5)", "⅖": "(2/5)",
           "⅗": "(3/5)", "⅘": "(4/5)", "⅙": "(1/6)", "⅚": "(5/6)", "⅛": "(1/8)", "⅜": "(3/8)", "⅝": "(5/8)",
           "⅞": "(7/8)", "⅐": "(1/7)", "⅑": "(1/9)", "⅒": "(1/10)"}  # fmt: skip
_HAT = "\u0302"  # a combining circumflex: x̂ is the name x_hat
_HATTED = {unicodedata.normalize("NFC", c + _HAT): c for c in "aceghijosuwyzACEGHIJOSUWYZ"}
_OWN = set(_GREEK_CHARS) | set(_SIMPLE_CHARS) | set(_SUPERSCRIPTS) | set(_SUBSCRIPTS) | set(_SUB_GREEK) \
    | set(_VULGAR) | set(_HATTED) | {"‖", "ˆ", "⁄", _HAT}


def _compatible(text: str) -> tuple[str, list[int]]:
    """NFKC for what other software pastes (fullwidth `（＋`, math letters `𝑥`), character by
    character so every one still points at what was typed; our own tables go first (² is not 2)."""
    if text.isascii():  # nothing to normalize (a control code is kept, and rejected later)
        return text, list(range(len(text)))
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        plain = ch if ch.isascii() or ch in _OWN else unicodedata.normalize("NFKC", ch)
        plain = plain if plain and all(c.isprintable() for c in plain) else ch
        out.append(plain)
        where.extend([i] * len(plain))
    return "".join(out), where
_ASCII_SIMPLE = str.maketrans({k: v for k, v in _SIMPLE_CHARS.items() if k.isascii()})
_SEP = "\x01"  # an invisible boundary between a Greek letter and a neighbouring letter
# what a radical without parentheses covers: √2, √x, √x_1, √π
_RADICAND = re.compile(r"\d+\.?\d*|\.\d+|[A-Za-z][A-Za-z0-9_]*|[" + "".join(_GREEK_CHARS) + "]")


def normalize(typed: str) -> tuple[str, list[int]]:
    if typed.isascii():  # the common case: of our tables only braces and white space apply
        return typed.translate(_ASCII_SIMPLE), list(range(len(typed) + 1))
    text, origin = _compatible(typed)
    out: list[str] = []
    where: list[int] = []

    def emit(s: str, i: int) -> None:
        out.append(s)
        where.extend([i] * len(s))

    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "⁻" and text[i + 1 : i + 2] == "ᵀ":  # X⁻ᵀ: the inverse transposed
            emit("^(-T)", i)
            i += 2
            continue
        if ch in _SUPERSCRIPTS:
            j = i
            while j < len(text) and text[j] in _SUPERSCRIPTS:
                j += 1
            emit("^(" + "".join(_SUPERSCRIPTS[c] for c in text[i:j]) + ")", i)  # x², x⁽⁵⁺³⁾
            i = j
            continue
        if ch in _SUBSCRIPTS or ch in _SUB_GREEK:  # x₁ is x_1, as typed
            j = i
            while j < len(text) and (text[j] in _SUBSCRIPTS or text[j] in _SUB_GREEK):
                j += 1
            emit("_" + "".join(_SUBSCRIPTS.get(c) or _SUB_GREEK[c] for c in text[i:j]), i)
            if text[j : j + 1].isalpha():  # x₁x₂ is x_1·x_2: the subscript ends the name
                emit(_SEP, j - 1)
            i = j
            continue
        if ch in _HATTED or (ch == _HAT and out and out[-1][-1:].isalpha()):  # ŷ, x̂: y_hat, x_hat
            if ch in _HATTED:
                emit(_HATTED[ch], i)
            emit("_hat", i)
            nxt = text[i + 1 : i + 2]
            if nxt.isalnum() and nxt not in _SUBSCRIPTS:  # ŷx is ŷ·x: the hat ends the name
                emit(_SEP, i)
            i += 1
            continue
        if ch in _VULGAR:
            emit(_VULGAR[ch], i)
            i += 1
            continue
        if ch == "⁄":  # the fraction slash of 1⁄2
            emit("/", i)
            i += 1
            continue
        if ch == "ˆ":  # the modifier circumflex some editors put for ^
            emit("^", i)
            i += 1
            continue
        if ch in _GREEK_CHARS:
            if out and (out[-1][-1:].isalnum()):
                emit(_SEP, i)
            emit(_GREEK_CHARS[ch], i)
            nxt = text[i + 1 : i + 2]
            if nxt.isalpha() and nxt not in _GREEK_CHARS and nxt not in _SUBSCRIPTS and nxt not in _SUPERSCRIPTS:
                emit(_SEP, i)
        elif ch == "√":
            emit(_SEP + "sqrt", i)
            m = _RADICAND.match(text, i + 1)
            if m:  # √x, √2, √π: the radical covers the number or name right after it
                emit("(", i + 1)
                for k in range(m.start(), m.end()):
                    emit(_GREEK_CHARS.get(text[k], text[k]), k)
                emit(")", m.end() - 1)
                i = m.end()
                continue
        else:
            emit(_SIMPLE_CHARS.get(ch, ch), i)
        i += 1
    where.append(len(text))
    origin.append(len(typed))
    return "".join(out), [origin[w] for w in where]


# --- tokens ---


class Token(NamedTuple):  # a tuple: made for every token of every answer, 5× cheaper than a dataclass
    kind: str  # num, id, op, end
    text: str
    start: int  # in normalized text
    end: int
    space: bool  # whitespace right before it (matters inside MATLAB-style brackets)


_REJECTS = {
    "=": "type only the expression, without `=` (for y = 2x type 2x)",
    '"': "text in quotes is not part of the answer syntax",
    "_": "a name starts with a letter",
    "!": "factorials are not part of the answer syntax",
    ":": "`:` is not part of the answer syntax",
    "<": "comparisons are not part of the answer syntax",
    ">": "comparisons are not part of the answer syntax",
    "%": "`%` is not part of the answer syntax",
    "&": "`&` is not part of the answer syntax",
    "#": "`#` is not part of the answer syntax",
    "$": "LaTeX is not needed: type 2*x^2, not $2x^2$",
}
_KEYWORDS = set(
    "and as assert async await break class continue def del elif else except exec finally for from "
    "global if import in is nonlocal not or pass print raise return try while with yield "
    "None True False".split()
)
_REJECTS["'"] = ""  # handled by the parser (transpose); listed so no message collides


# one scan per token for the usual ones (spaces, numbers, names, operators); the rest, and the
# rules that look at the token before, go through `_other`
_SCAN = re.compile(r"(?P<sp> +)|(?P<sep>\x01+)|(?P<num>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)"
                   r"|(?P<id>[A-Za-z][A-Za-z0-9_]*)|(?P<op>\*\*|\.\*|[-+*/^@()\[\],;'|‖])")


def tokenize(norm: str, fail) -> list[Token]:
    tokens: list[Token] = []
    i, space, n = 0, False, len(norm)
    scan = _SCAN.match
    while i < n:
        m = scan(norm, i)
        kind = m.lastgroup if m else None
        if kind == "sp":
            space, i = True, m.end()
            continue
        if kind == "sep":
            i = m.end()
            continue
        if kind == "num" and not (norm[i] == "." and tokens and tokens[-1].kind == "id"):
            end = m.end()
            if norm[end : end + 1] in (".", "_") or (tokens and tokens[-1].kind == "num" and not space):
                fail(f"`{norm[i:end + 1]}` is not a number", i, end + 1)
            tokens.append(Token("num", m.group(), i, end, space))
            i = end
        elif kind == "id":
            word = m.group()
            if word in _KEYWORDS:
                fail(f"`{word}` is a programming keyword, not part of the answer syntax", i, m.end())
            tokens.append(Token("id", word, i, m.end(), space))
            i = m.end()
        elif kind == "op":
            tokens.append(Token("op", m.group(), i, m.end(), space))
            i = m.end()
        elif norm.startswith(".T", i) and tokens and not norm[i + 2 : i + 3].isalnum():
            tokens.append(Token("op", "'", i, i + 2, space))  # A.T is Aᵀ
            i += 2
        else:
            _other(norm, i, tokens, fail)
        space = False
    tokens.append(Token("end", "", n, n, space))
    return tokens


def _other(norm: str, i: int, tokens: list[Token], fail) -> None:
    """A character no token starts with: always an error, worded for what it is."""
    ch = norm[i]
    if ch == "." and tokens and tokens[-1].kind == "id":
        fail("attribute access is not allowed: `.` only appears in numbers and in A.T", i, i + 1)
    elif ch in _REJECTS:
        fail(_REJECTS[ch], i, i + 1)
    elif ch == "'" or ch == "`":
        fail("text in quotes is not part of the answer syntax", i, i + 1)
    shown = f"U+{ord(ch):04X}" if not ch.isprintable() else f"`{ch}`"  # never echo a control code
    fail(f"{shown} is not part of the answer syntax", i, i + 1)
