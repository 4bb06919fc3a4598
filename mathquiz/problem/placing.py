"""Putting a drawn value into prose the way a person writes it, whatever the value turned out to be.

A template says `(1 − {p})/{p}` or `(x − {c})²` or `{a}(x − {c})`; with p = 4/5, c = −3 and a = 1
plain substitution gives `(1 − 4/5)/4/5` (which reads as 9/100), `(x − −3)²` and `1(x − −3)`.
Here a value gets the parentheses its neighbours need (`(1 − 4/5)/(4/5)`), a sign meets the sign
before it (`x + 3`), and a factor 1 or −1 in front of a term is left out (`(x + 3)`, `−(x + 3)`).
The decision is made on the value's one-line Unicode form, so every style (text, Unicode, LaTeX)
places the same value the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_ATOM = re.compile(r"[\w.]+|[\w.]*\((?:[^()]|\([^()]*\))*\)ᵀ?|\[[^\[\]]*(?:\[[^\[\]]*\][^\[\]]*)*\]ᵀ?|[\w.]+[ᵀ⁻¹²³]+")
_PRODUCT_LEFT = "·×*⊙/"  # an operator before the value that binds tighter than + and −
_PRODUCT_RIGHT = "·×*⊙/("  # and after it (a bracket right after: juxtaposition, a product)
_POWER = "^²³ᵀ⁻"


def top_level(text: str, marks: str) -> bool:
    """Whether `text` has one of `marks` outside every bracket."""
    depth = 0
    for k, c in enumerate(text):
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif depth == 0 and c in marks and k > 0:
            return True
    return False


def is_atom(text: str) -> bool:
    """A name, a number, a bracketed group or a call: nothing around it can split it."""
    return _ATOM.fullmatch(text) is not None


def needs_brackets(value: str, before: str, after: str) -> bool:
    """Whether `value` (Unicode) needs parentheses between the texts `before` and `after`."""
    left = before.rstrip()[-1:] or " "  # a blank: nothing that binds
    right = after.lstrip()[:1] or " "
    glued_right = after[:1] or " "
    if is_atom(value):
        return False
    if left in "/^" or right in _POWER or glued_right in _POWER:
        return True  # 4/5 after a slash, or anything but an atom under a power
    negative = value.startswith("−")
    sum_ = top_level(value, "+−")
    if left in _PRODUCT_LEFT or right in _PRODUCT_RIGHT or glued_right.isalpha():
        return sum_ or negative or (right == "/" and top_level(value, "/"))
    if left == "−" and (sum_ or negative):
        return True
    return False


def put_values(template: str, pattern: re.Pattern, unicode_of: Callable[[str], str | None],
               styled: Callable[[str], str], literal: Callable[[str], str] = lambda s: s,
               missing: Callable[[re.Match], str] = lambda m: m.group(1), bracket: tuple[str, str] = ("(", ")"),
               minus: str = "−") -> str:
    """`template` with every placeholder matched by `pattern` replaced by its value.

    `unicode_of(name)` is the value's Unicode line (None: not a drawn value, `missing` decides),
    `styled(name)` its form in the output style, `literal` escapes the template's own text."""
    out: list[str] = []
    pos = 0
    for m in pattern.finditer(template):
        name, end = m.group(1), m.end()  # end: where the template's own text goes on
        before, after = template[pos:m.start()], template[m.end():]
        if getattr(m, "escaped", False):  # {{name}}: the literal {name}
            out += [literal(before), literal(m.group(0)[1:-1])]
            pos = end
            continue
        value = unicode_of(name)
        if value is None:
            out += [literal(before), missing(m)]
            pos = m.end()
            continue
        shown = styled(name)
        sign_before = re.search(r"([+−-])\s*$", before)
        if value.startswith("−") and sign_before and not top_level(value[1:], "+−"):
            # x − −3 → x + 3, x + −3 → x − 3, (−−3 → (3, (+−3 → (−3: the signs meet
            subtracted = sign_before.group(1) in "−-"
            unary = _starts_term(before, first=pos == 0)
            sign = ("" if unary else "+") if subtracted else ("" if unary else minus)
            before = before[:sign_before.start(1)] + sign + before[sign_before.end(1):]
            if subtracted or not unary:
                value, shown = value[1:], _unsigned(shown)
        if value.endswith(")ᵀ") and after.startswith("ᵀ") and shown.endswith("ᵀ"):
            # a column (2, −2)ᵀ transposed in the text is the row (2, −2), not (2, −2)ᵀᵀ
            value, shown, after = value[:-1], shown[:-1], after[1:]
            end += 1
        if value in ("1", "−1") and _factor_slot(before, after):
            out += [literal(before), minus if value == "−1" else ""]  # 1(x + 3) → (x + 3)
            pos = end
            continue
        if needs_brackets(value, before, after):
            shown = bracket[0] + shown + bracket[1]
        out += [literal(before), shown]
        pos = end
    out.append(literal(template[pos:]))
    return "".join(out)


def _starts_term(before: str, first: bool) -> bool:
    """A sign that opens the text or a bracket (`(−{c}`) is unary: nothing to fold it into.
    `before` is the text since the last value (`first`: since the start of the template)."""
    stripped = before.rstrip()[:-1].rstrip()
    return stripped[-1] in "([{=,:;" if stripped else first


def _factor_slot(before: str, after: str) -> bool:
    """The value is a coefficient glued to what follows (`{a}(x…`, `{a}x`, `{a}·x`), not a number in prose."""
    left = before[-1:]
    if left and (left.isalnum() or left in ".^/_"):
        return False
    if after[:1].isalpha():  # 1x: a coefficient; 1x3 or 1x{c}: a shape, one by three
        return not (after[1:2].isdigit() or after[1:2] == "{")
    return after[:1] in ("(", "·") and not after.startswith("·10")


def _unsigned(shown: str) -> str:
    """A styled negative value without its sign (`−3`, `-3`, `-\\frac{1}{2}`)."""
    for sign in ("−", "-"):
        if shown.startswith(sign):
            return shown[len(sign):].lstrip()
    return shown
