"""Prose with mathematics in it, as problem files write it (`K ∈ ℝ^(3×4)`, `e^(zᵢ)`, `A^-1`,
`d_k`, `p_data`), typeset for LaTeX or for Markdown read by pandoc: a power or an index becomes
real math (ℝ³ˣ⁴ as `\\mathbb{R}^{3\\times 4}`), never a caret or an underscore on paper.

Drawn values come in as tokens (private-use characters) with their LaTeX: in running text they are
`$…$`, inside a power or an index they join its math.
"""

from __future__ import annotations

import re
import unicodedata

from mathquiz.documents.tex_unicode import _ACCENTS, _script, replacement, scripts

_SPECIAL = {"\\": "\\textbackslash{}", "&": "\\&", "%": "\\%", "#": "\\#", "$": "\\$", "{": "\\{", "}": "\\}",
            "~": "\\ensuremath{\\sim}", "^": "\\^{}", "_": "\\_"}
_MATH_SPECIAL = {"\\": "\\backslash ", "&": "\\&", "%": "\\%", "#": "\\#", "$": "\\$", "{": "\\{", "}": "\\}",
                 "~": "\\sim ", "^": "\\hat{}", "_": "\\_", "*": "\\ast "}
TOKEN_BASE = 0xE000  # a drawn value: chr(TOKEN_BASE + k)
TOP = "\\top"
_WORD = re.compile(r"[A-Za-z]{3,}")


def token(k: int) -> str:
    return chr(TOKEN_BASE + k)


def _group(text: str, start: int) -> tuple[str, int]:
    """The script after `^` or `_` at `start`: a bracketed group (without its brackets), or a
    signed run of letters, digits and values; returns (script, where the text goes on)."""
    if start < len(text) and text[start] in "({":
        close = {"(": ")", "{": "}"}[text[start]]
        depth = 0
        for k in range(start, len(text)):
            if text[k] == text[start]:
                depth += 1
            elif text[k] == close:
                depth -= 1
                if depth == 0:
                    return text[start + 1:k], k + 1
        return text[start + 1:], len(text)
    end = start
    if end < len(text) and text[end] in "-−":
        end += 1
    while end < len(text) and ((text[end].isalnum() and _script(text[end]) is None) or text[end] in "."
                               or TOKEN_BASE <= ord(text[end]) < TOKEN_BASE + 0x1000):
        end += 1
    while end > start and text[end - 1] == "." and (end == len(text) or not text[end].isalnum()):
        end -= 1  # a full stop ends the sentence, not the script: σ_B. is σ_B and a full stop
    return text[start:end], end


def script_math(text: str, values: dict[str, str]) -> str:
    """Text as math (a script's content, a step's label): words upright, values as their LaTeX,
    `_k` and `^(…)` as indices and powers, runs of ₁₁ or ⁿ⁻¹ as one group, specials escaped."""
    text = unicodedata.normalize("NFD", text)  # ŷ as y and a combining ^: \hat{y} below
    if _WORD.fullmatch(text):
        return f"\\mathrm{{{text}}}"  # p_data: the name of a distribution, not d·a·t·a
    if text in ("T", "⊤"):
        return TOP  # x^T: the transpose
    out = []
    k = 0
    while k < len(text):
        char = text[k]
        if char in "^_" and k > 0 and k + 1 < len(text):
            script, after = _group(text, k + 1)
            if script:
                out.append(f"{char}{{{script_math(script, values)}}}")
                k = after
                continue
        found = _script(char)
        if found is not None:  # xₜ₊₁: one group, not a double subscript
            run, kind = [], found[0]
            while k < len(text) and (f := _script(text[k])) is not None and f[0] == kind:
                run.append(f[1])
                k += 1
            body = "".join(run)
            body = TOP if (kind, body) == ("^", "T") else body
            out.append(f"{kind}{{{body}}}")
            continue
        accent = _ACCENTS.get(f"{ord(text[k + 1]):04x}") if k + 1 < len(text) else None
        if accent and char.isalpha():  # m̂: \hat{m}
            base = char if char.isascii() else _bare(replacement(char)).strip()
            out.append(f"\\{accent[0]}{{{base}}}")
            k += 2
            continue
        if char in values:
            out.append("{" + values[char] + "}")
        elif char in _MATH_SPECIAL:
            out.append(_MATH_SPECIAL[char])
        elif ord(char) > 127:
            out.append(_bare(replacement(char)))  # × as \times, θ as \theta: math for any reader
        else:
            out.append(char)
        k += 1
    return "".join(out)


def _bare(tex: str) -> str:
    prefix = "\\ensuremath{"
    return tex[len(prefix):-1] + " " if tex.startswith(prefix) else tex


def prose_latex(text: str, values: dict[str, str] | None = None, markdown: bool = False) -> str:
    """`text` typeset: its powers and indices as math, its values as math, the rest escaped (LaTeX)
    or left as it is (Markdown, where `*`, `_` and `$` that are not math are escaped)."""
    values = values or {}
    out: list[str] = []
    k = 0
    while k < len(text):
        char = text[k]
        if char in "^_" and k > 0 and not text[k - 1].isspace() and k + 1 < len(text) \
                and not text[k + 1].isspace():
            script, after = _group(text, k + 1)
            if script:
                body = script_math(script, values)
                out.append(f"${char}{{{body}}}$" if markdown else f"\\ensuremath{{{char}{{{body}}}}}")
                k = after
                continue
        if char in values:
            out.append(f"${values[char]}$")
        elif markdown:
            out.append("\\" + char if char in "*_$\\`<" else char)
        else:
            out.append(_SPECIAL.get(char, char))
        k += 1
    joined = "".join(out)
    return joined if markdown else scripts(joined)
