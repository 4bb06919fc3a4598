"""Unicode in problem texts (′, ‖, ℝ, xᵢ, …) declared for pdflatex, so a paper compiles anywhere.

pdflatex reads UTF-8 but stops at any character it has no definition for. Each character a
document uses gets a `\\DeclareUnicodeCharacter` line: from the table, by its Unicode name (Greek
letters), by its decomposition (superscripts, subscripts, accented letters), else a visible box.
"""

from __future__ import annotations

import unicodedata

_MATH = {
    "·": r"\cdot", "×": r"\times", "½": r"\tfrac{1}{2}", "‖": r"\|", "…": r"\dots", "′": r"{}^{\prime}",
    "″": r"{}^{\prime\prime}", "ℝ": r"\mathbb{R}", "ℕ": r"\mathbb{N}", "ℤ": r"\mathbb{Z}", "↦": r"\mapsto",
    "→": r"\to", "←": r"\leftarrow", "⇒": r"\Rightarrow", "⇔": r"\Leftrightarrow", "∂": r"\partial",
    "∇": r"\nabla", "∈": r"\in", "∉": r"\notin", "∎": r"\blacksquare", "−": "-", "√": r"\surd",
    "≠": r"\neq", "≥": r"\geq", "≤": r"\leq", "≈": r"\approx", "≡": r"\equiv", "∝": r"\propto",
    "⟨": r"\langle", "⟩": r"\rangle", "⊙": r"\odot", "⊗": r"\otimes", "⊕": r"\oplus", "∘": r"\circ",
    "∑": r"\sum", "Σ": r"\Sigma", "∏": r"\prod", "∫": r"\int", "∞": r"\infty", "±": r"\pm", "∓": r"\mp",
    "⊤": r"\top", "∀": r"\forall", "∃": r"\exists", "∅": r"\emptyset", "⊂": r"\subset", "⊆": r"\subseteq",
    "∪": r"\cup", "∩": r"\cap", "∧": r"\wedge", "∨": r"\vee", "¬": r"\neg", "°": r"^{\circ}",
    "ᵀ": r"^{\mathsf{T}}", "✓": r"\checkmark", "✔": r"\checkmark", "≔": r":=", "∼": r"\sim",
    "¼": r"\tfrac{1}{4}", "¾": r"\tfrac{3}{4}", "‴": r"{}^{\prime\prime\prime}", "⊥": r"\perp",
    "⟺": r"\Longleftrightarrow", "⟹": r"\Longrightarrow", "⟸": r"\Longleftarrow", "∥": r"\parallel",
    "≪": r"\ll", "≫": r"\gg", "⋅": r"\cdot", "∗": r"\ast", "≜": r"\triangleq", "↔": r"\leftrightarrow",
    "⌈": r"\lceil", "⌉": r"\rceil", "⌊": r"\lfloor", "⌋": r"\rfloor", "ℓ": r"\ell", "ı": r"\imath",
}
_TEXT = {"—": "---", "–": "--", "“": "``", "”": "''", "‘": "`", "’": "'", "\u00a0": "~", "•": r"\textbullet{}"}
_ACCENTS = {"0301": ("acute", "'"), "0300": ("grave", "`"), "0302": ("hat", "^"), "0308": ("ddot", '"'),
            "0303": ("tilde", "~"), "0304": ("bar", "="), "0307": ("dot", "."), "030c": ("check", "v")}
_GREEK_CAPITALS = {"Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega"}
_GREEK_SPELLING = {"lamda": "lambda", "final sigma": "varsigma"}
UNKNOWN = r"\ensuremath{\square}"


def replacement(char: str) -> str:
    """What pdflatex should print for one non-ASCII character, in text or in math."""
    if char in _TEXT:
        return _TEXT[char]
    if char in _MATH:
        return rf"\ensuremath{{{_MATH[char]}}}"
    name = unicodedata.name(char, "")
    for case in ("SMALL", "CAPITAL"):
        prefix = f"GREEK {case} LETTER "
        if name.startswith(prefix):
            letter = name[len(prefix):].lower()
            letter = _GREEK_SPELLING.get(letter, letter)
            if case == "CAPITAL":
                letter = letter.capitalize()
                if letter not in _GREEK_CAPITALS:
                    return _latin(letter)
            return rf"\ensuremath{{\{letter}}}" if letter.isalpha() and " " not in letter else UNKNOWN
    decomposition = unicodedata.decomposition(char).split()
    if decomposition and decomposition[0] in ("<super>", "<sub>") and len(decomposition) == 2:
        base = chr(int(decomposition[1], 16))
        inner = base if base.isascii() and base.isalnum() or base in "+-=()" else _MATH.get(base, "")
        if inner:
            return rf"\ensuremath{{{'^' if decomposition[0] == '<super>' else '_'}{{{inner}}}}}"
    if len(decomposition) == 2 and decomposition[1].lower() in _ACCENTS and not decomposition[0].startswith("<"):
        base = chr(int(decomposition[0], 16))
        if base.isascii() and base.isalpha():
            math, text = _ACCENTS[decomposition[1].lower()]
            return rf"\ifmmode\{math}{{{base}}}\else\{text}{{{base}}}\fi"
    return UNKNOWN


def _latin(greek_capital: str) -> str:
    """Greek capitals TeX has no command for look like Latin ones (Alpha is A)."""
    same = {"Alpha": "A", "Beta": "B", "Epsilon": "E", "Zeta": "Z", "Eta": "H", "Iota": "I", "Kappa": "K",
            "Mu": "M", "Nu": "N", "Omicron": "O", "Rho": "P", "Tau": "T", "Chi": "X"}
    return same.get(greek_capital, UNKNOWN)


def _script(char: str) -> tuple[str, str] | None:
    """("^" or "_", the ASCII it raises or lowers) for a superscript or subscript character."""
    parts = unicodedata.decomposition(char).split()
    if len(parts) == 2 and parts[0] in ("<super>", "<sub>"):
        base = chr(int(parts[1], 16))
        base = "-" if base == "−" else base
        if base.isascii() and (base.isalnum() or base in "+-=()"):
            return ("^" if parts[0] == "<super>" else "_"), base
    return None


def _accented(prev: str) -> str | None:
    """The math a combining accent goes on: a letter, or a Greek letter's command."""
    if len(prev) != 1 or not prev.isalpha():
        return None
    if prev.isascii():
        return prev
    math = replacement(prev)
    return math[len(r"\ensuremath{"):-1] if math.startswith("\\ensuremath{\\") else None


def scripts(text: str) -> str:
    """Runs of superscript or subscript characters as one group: xₜ₊₁ -> x\\ensuremath{_{t+1}}
    (one by one they would be x_{t}_{+}_{1}, a double subscript TeX refuses in math); a letter
    with a combining accent as one accented letter: x̂ -> \\ensuremath{\\hat{x}}."""
    out, run, kind = [], [], ""

    def flush() -> None:
        if run:
            out.append(rf"\ensuremath{{{kind}{{{''.join(run)}}}}}")
            run.clear()

    for char in text:
        accent = _ACCENTS.get(f"{ord(char):04x}")
        base = _accented(out[-1]) if accent and out and not run else None
        if accent and base:
            out[-1] = rf"\ensuremath{{\{accent[0]}{{{base}}}}}"  # x̂ (x and a combining ^) is \hat{x}
            continue
        found = _script(char) if ord(char) > 127 else None
        if found is None or (run and found[0] != kind):
            flush()
        if found is None:
            out.append(char)
        else:
            kind = found[0]
            run.append(found[1])
    flush()
    return "".join(out)


def declarations(document: str) -> str:
    """The preamble lines that make every non-ASCII character of `document` printable."""
    chars = sorted({c for c in document if ord(c) > 127})
    return "\n".join(rf"\DeclareUnicodeCharacter{{{ord(c):04X}}}{{{replacement(c)}}}" for c in chars)
