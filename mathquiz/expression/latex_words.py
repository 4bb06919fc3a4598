"""The LaTeX commands the reader knows (the subset documented in docs/answer-syntax.md), and what
to type instead of the ones it refuses."""

from __future__ import annotations

from mathquiz.expression.expr import FUNCTION_ALIASES, FUNCTIONS, GREEK

#: \command -> the plain name it stands for: Greek letters, functions, constants.
NAMES: dict[str, str] = {g: g for g in GREEK} | {
    "pi": "pi", "varphi": "phi", "vartheta": "theta", "varepsilon": "epsilon", "varsigma": "sigma",
    "varrho": "rho", "varpi": "pi", "sigma": "sigma",
    "arcsinh": "asinh", "arccosh": "acosh", "arctanh": "atanh", "operatorname": "",
    "lg": "log",
}  # fmt: skip
NAMES |= {g: g for g in ("Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Phi", "Psi", "Omega")}
NAMES |= {f: f for f in list(FUNCTIONS) + list(FUNCTION_ALIASES) if f.isalpha() and f.islower()}
NAMES.pop("operatorname")

#: \command -> plain text for operators, bars and spacing-free symbols.
SYMBOLS: dict[str, str] = {
    "cdot": "*", "times": "*", "odot": ".*", "ast": "*", "div": "/", "|": "‖", "Vert": "‖", "lVert": "‖",
    "rVert": "‖", "vert": "|", "lvert": "|", "rvert": "|", "mid": "|", "{": "(", "}": ")",
    "lfloor": "\x01floor(", "rfloor": ")", "lceil": "\x01ceil(", "rceil": ")", "top": "T",
    "intercal": "T", "prime": "'", "e": "e",
}  # fmt: skip

SPACES = {",", ";", ":", "!", " ", "quad", "qquad", "thinspace", "medspace", "thickspace", "displaystyle",
          "textstyle", "limits", "nolimits"}

#: \left( \bigl[ …: the bracket that follows -> plain text (square brackets group, as in print).
DELIMITERS: dict[str, str] = {
    "(": "(", ")": ")", "[": "(", "]": ")", "|": "|", "\\|": "‖", "\\{": "(", "\\}": ")", ".": "",
    "\\lvert": "|", "\\rvert": "|", "\\vert": "|", "\\lVert": "‖", "\\rVert": "‖", "\\Vert": "‖",
    "\\lfloor": "\x01floor(", "\\rfloor": ")", "\\lceil": "\x01ceil(", "\\rceil": ")",
}  # fmt: skip

FONTS = {"mathbf", "boldsymbol", "bm", "vec", "mathit", "mathrm", "mathsf", "operatorname", "text", "textrm",
         "mbox", "mathnormal", "pmb", "rm", "bf"}

ENVIRONMENTS = {"bmatrix", "pmatrix", "matrix", "smallmatrix", "bmatrix*", "pmatrix*"}

#: Commands outside the subset, with what to type instead.
OUTSIDE: dict[str, str] = {
    "int": "integrals are not part of the answer syntax: type the result",
    "iint": "integrals are not part of the answer syntax: type the result",
    "oint": "integrals are not part of the answer syntax: type the result",
    "sum": "a Σ sum is not part of the answer syntax: write the terms out (or sum(v) for a vector's entries)",
    "prod": "a Π product is not part of the answer syntax: write the factors out",
    "lim": "limits are not part of the answer syntax: type the value",
    "partial": "derivatives are not part of the answer syntax: type the derivative itself",
    "nabla": "∇ is not part of the answer syntax: type the gradient itself",
    "mathrm{d}": "derivatives are not part of the answer syntax: type the derivative itself",
    "infty": "∞ is not a value an answer can have",
    "pm": "± is not part of the answer syntax: type one answer", "mp": "∓ is not part of the answer syntax",
    "le": "comparisons are not part of the answer syntax", "ge": "comparisons are not part of the answer syntax",
    "leq": "comparisons are not part of the answer syntax", "geq": "comparisons are not part of the answer syntax",
    "neq": "comparisons are not part of the answer syntax", "approx": "type the expression itself, without ≈",
    "lt": "comparisons are not part of the answer syntax", "gt": "comparisons are not part of the answer syntax",
    "equiv": "type only the expression", "to": "type only the expression", "in": "type only the expression",
    "over": "write \\frac{a}{b}", "choose": "binomial coefficients are not part of the answer syntax",
    "binom": "binomial coefficients are not part of the answer syntax",
    "dots": "`…` is not part of the answer syntax: write the terms out",
    "ldots": "`…` is not part of the answer syntax: write the terms out",
    "cdots": "`…` is not part of the answer syntax: write the terms out",
    "circ": "composition is not part of the answer syntax: write f(g(x))",
    "otimes": "⊗ is not part of the answer syntax", "oplus": "⊕ is not part of the answer syntax",
    "hat": "a hat makes a different name: type that name (for ŷ, type y_hat)",
    "bar": "a bar makes a different name: type that name (for x̄, type x_bar)",
    "tilde": "a tilde makes a different name: type that name",
    "dot": "time derivatives are not part of the answer syntax",
    "ddot": "time derivatives are not part of the answer syntax",
    "label": "type only the expression", "tag": "type only the expression", "quad=": "type only the expression",
    "newcommand": "macros are not part of the answer syntax", "def": "macros are not part of the answer syntax",
    "langle": "inner products ⟨x, y⟩ are not part of the answer syntax: write x^T y",
    "rangle": "inner products ⟨x, y⟩ are not part of the answer syntax: write x^T y",
}  # fmt: skip


def known_commands() -> list[str]:
    return sorted(set(NAMES) | set(SYMBOLS) | set(FONTS) | {"frac", "dfrac", "tfrac", "sqrt", "left", "right",
                                                             "begin", "end"})


def suggest(name: str) -> str:
    """`: did you mean \\frac?` for a near miss, else where the subset is listed."""
    import difflib  # only on the error path

    close = difflib.get_close_matches(name, known_commands(), 1, 0.7)
    if close:
        return f": did you mean `\\{close[0]}`?"
    return " (the LaTeX that answers can use is listed in docs/answer-syntax.md)"
