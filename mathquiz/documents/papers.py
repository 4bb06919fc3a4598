"""Printable exam papers a teacher can hand out, and their answer keys (Markdown for pandoc, or a
complete LaTeX document for pdflatex).

A paper has a title, name and student-ID fields, the time allowed and the total of points, then
the problems with each part labelled once, (a), (b), …, its points, and room to answer. The
mathematics is typeset (`$\\mathbb{R}^{3\\times 4}$`, fractions, matrices), never written with carets,
and what a part says about typing an answer (its `typing`, and `(type …)` sentences of older
files) stays off paper. The key shows every answer and the checked worked solution in the same
typesetting, and each problem's `mathquiz solve` line; paper, key and `solve` agree for a seed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from mathquiz.documents.prose_tex import prose_latex, script_math, token
from mathquiz.documents.tex_unicode import declarations
from mathquiz.expression.printing import to_latex
from mathquiz.judging.tidy import tidy
from mathquiz.problem.instances import Instance, shown_steps, shown_unicode
from mathquiz.problem.placing import put_values
from mathquiz.problem.static_checks import PLACEHOLDER
from mathquiz.proof.worked import steps_shown

FORMATS = {"markdown": ".md", "latex": ".tex"}
DEFAULT_MINUTES = 20.0  # the time printed when none is given: an interactive exam's default
ROOM = {"expression": 6, "matrix-expression": 6, "matrix": 5, "vector": 4, "number": 3, "shape": 2,
        "choice": 1, "ordering": 2, "wrong-step": 1}  # lines of room to answer, by kind
_LABEL = re.compile(r"^\s*\(?([a-h])\)\s+")  # a prompt's own `a) ` label: the paper labels parts itself
_TYPING = re.compile(r"\s*\((?:[Tt]ype|[Ww]rite it as) [^()]*(?:\([^()]*\)[^()]*)*\)|"
                     r"(?:(?<=^)|(?<=[.!?:;]\s)|(?<=\n))(?:In formulas,? )?[Tt]ype [^.\n]*(?:\.(?=\s|$)|$)")


def paths(output: Path | None, seed: int, fmt: str) -> tuple[Path, Path]:
    """Where the paper and its key go: OUTPUT (its suffix added when missing) and OUTPUT-key,
    by default paper-SEED.md / paper-SEED-key.md in the current folder."""
    suffix = FORMATS[fmt]
    paper = output if output is not None else Path(f"paper-{seed}{suffix}")
    if not paper.suffix:
        paper = paper.with_suffix(suffix)
    return paper, paper.with_name(f"{paper.stem}-key{paper.suffix}")


def without_typing(text: str) -> str:
    """Prose without what it says about typing (`(type eta for η)`, `In formulas type mu for μ.`)."""
    return re.sub(r"[ \t]+\n", "\n", _TYPING.sub("", text)).strip()


def points(inst: Instance) -> int:
    return sum(part.part.points for part in inst.parts)


class Typeset:
    """Text and values of one instance in one format: `markdown` (pandoc) or `latex`."""

    def __init__(self, inst: Instance, fmt: str):
        self.inst, self.markdown = inst, fmt == "markdown"

    def prose(self, template: str) -> str:
        """A template with its values put in (placed as `fill` places them) and its math typeset."""
        inst, values, names = self.inst, {}, {}

        def styled(name: str) -> str:
            if name not in names:
                names[name] = token(len(names))
                values[names[name]] = to_latex(tidy(inst.trees()[name]))
            return names[name]

        text = put_values(without_typing(template), PLACEHOLDER,
                          lambda name: shown_unicode(inst, name) if name in inst.values else None, styled)
        return prose_latex(text, values, self.markdown)

    def math(self, node, display: bool = False) -> str:
        tex = to_latex(tidy(node))
        return (f"$${tex}$$" if self.markdown else f"\\[ {tex} \\]") if display else f"${tex}$"

    def rows(self, part) -> list[str]:
        """What a part chooses from or checks, numbered as shown: choices, steps to order or check."""
        kind, spec = part.part.kind, part.part
        if kind == "choice":
            return [self.prose(c) for c in part.shown_choices()]
        if kind == "ordering":
            return [self.prose(s.text) for s in shown_steps(self.inst, part)]
        if kind == "wrong-step":
            return [(self.prose(s.text) + " " + (self.math(node) if node is not None else "")).strip()
                    for s, node in zip(spec.steps, part.steps, strict=True)]
        return []

    def prompt(self, part) -> str:
        return self.prose(_LABEL.sub("", part.part.prompt.strip(), count=1))

    def answer(self, part) -> str:
        """The key of a part as the paper typesets it; a choice with its words."""
        if part.key is not None:
            return self.math(part.key)
        if part.part.kind == "choice" and part.answer_text.isdigit():
            n = int(part.answer_text)
            return f"{n}. {self.prose(part.shown_choices()[n - 1])}"
        return part.answer_text


def _label(k: int) -> str:
    return f"({chr(ord('a') + k)})"


def _points(n: int) -> str:
    return f"{n} point{'s' * (n != 1)}"


def _minutes(minutes: float | None) -> str:
    m = DEFAULT_MINUTES if minutes is None else minutes
    return f"{m:g} minute{'s' * (m != 1)}"


def markdown_paper(instances: Sequence[Instance], seed: int, key_name: str = "", minutes: float | None = None) -> str:
    """The paper in Markdown (pandoc): problems 1, 2, …, parts (a), (b), … with points and room."""
    total = sum(map(points, instances))
    out = ["# Practice exam", "",
           f"**Name:** {'.' * 40} **Student ID:** {'.' * 20}", "",
           f"Time allowed: {_minutes(minutes)} · Total: {_points(total)} · "
           f"{len(instances)} problem{'s' * (len(instances) != 1)} · paper {seed}", "",
           "Answer every part in the space under it and show your working.", ""]
    for n, inst in enumerate(instances, 1):
        ts = Typeset(inst, "markdown")
        out += ["---", "", f"## Problem {n}. {inst.problem.title} ({_points(points(inst))})", ""]
        if inst.problem.text.strip():
            out += [_md_text(ts.prose(inst.problem.text)), ""]
        for k, part in enumerate(inst.parts):
            out += [f"**{_label(k)}** {_md_text(ts.prompt(part))} *[{_points(part.part.points)}]*", ""]
            rows = ts.rows(part)
            out += [*(f"{j}. {row}" for j, row in enumerate(rows, 1)), ""] if rows else []
            out += ["&nbsp;", ""] * ROOM.get(part.part.kind, 3)
    return "\n".join(out).rstrip() + "\n"


def _md_text(text: str) -> str:
    """Prose lines for Markdown: an indented line (a displayed formula) stays a line of its own,
    indented, where Markdown would make it a code block; other lines flow as a paragraph."""
    out = []
    for line in text.split("\n"):
        if line[:1].isspace() and line.strip():
            if out and out[-1].strip() and not out[-1].endswith("\\"):
                out[-1] += "\\"  # a hard line break before it
            out.append("&emsp;&emsp;" + line.strip() + "\\")
        else:
            out.append(line)
    if out and out[-1].endswith("\\"):
        out[-1] = out[-1][:-1]
    return "\n".join(out)


def markdown_key(instances: Sequence[Instance], seed: int) -> str:
    """The answer key in Markdown: every answer and the checked worked solution."""
    out = ["# Answer key", "", f"For the practice exam, paper {seed}. Each problem can be checked with the "
           "command under its title; ✓ marks a step checked for these numbers.", ""]
    for n, inst in enumerate(instances, 1):
        ts = Typeset(inst, "markdown")
        out += ["---", "", f"## Problem {n}. {inst.problem.title} ({_points(points(inst))})", "",
                f"`mathquiz solve {inst.id} --seed {inst.seed}`", ""]
        out += [f"**{_label(k)}** {ts.answer(part)} *[{_points(part.part.points)}]*" + "  "
                for k, part in enumerate(inst.parts)]
        out += ["", "### Worked solution", ""]
        number = 0
        for k, step, going_on in steps_shown(inst):
            number += not going_on
            line = "   " if going_on else f"{number}. {ts.prose(_raw_step(inst, k))}"
            if step.math is not None:
                label = "= " if going_on else f"{_math_label(step.label)} = " if step.label else ""
                line += f" $${label}{to_latex(tidy(step.math))}$$"
            out.append(line + (" ✓" if step.verified else ""))
    return "\n".join(out).rstrip() + "\n"


def _raw_step(inst: Instance, k: int) -> str:
    """A solution step's sentence as written (its values put in by the typesetter)."""
    solution = inst.problem.solution
    return solution[k].text if k < len(solution) else ""


def _math_label(label: str) -> str:
    """A step's label (∇ₓf(x), m̂₁) inside math; one with words (m₂ (constant g)) as text."""
    return "\\ ".join(f"\\text{{{word}}}" if re.fullmatch(r"[A-Za-z]{2,}[.,:]?", word) else script_math(word, {})
                       for word in label.split())


_PREAMBLE = r"""\documentclass[11pt,a4paper]{article}
\usepackage[utf8]{inputenc}
\usepackage[T1]{fontenc}
\usepackage{amsmath,amssymb}
\usepackage[margin=2.2cm]{geometry}
\usepackage{enumitem}
\setlength{\parindent}{0pt}
\setlength{\parskip}{0.5\baselineskip}
\allowdisplaybreaks
"""


def _document(body: str) -> str:
    return _PREAMBLE + declarations(body) + "\n\\begin{document}\n" + body + "\\end{document}\n"


def _tex_rows(rows: list[str]) -> list[str]:
    if not rows:
        return []
    return ["\\begin{enumerate}[label=\\arabic*.,leftmargin=2.5em]", *(f"  \\item {row}" for row in rows),
            "\\end{enumerate}"]


def _tex_text(text: str) -> str:
    """Prose lines: an indented line (a displayed formula) is its own line; paragraphs stay."""
    out = []
    for line in text.split("\n"):
        if line[:1].isspace() and line.strip():
            out.append("\\par\\hspace*{2em}" + line.strip() + "\\par")
        else:
            out.append(line)
    return "\n".join(out)


def latex_paper(instances: Sequence[Instance], seed: int, key_name: str = "", minutes: float | None = None) -> str:
    """The paper as a complete LaTeX document (compiles with pdflatex)."""
    total = sum(map(points, instances))
    body = [r"\begin{center}{\LARGE\bfseries Practice exam}\end{center}", r"\vspace{0.5em}",
            r"\textbf{Name:} \rule{8cm}{0.4pt} \hfill \textbf{Student ID:} \rule{4cm}{0.4pt}", "",
            f"\\textbf{{Time allowed:}} {_minutes(minutes)} \\hfill \\textbf{{Total:}} {_points(total)} "
            f"\\hfill {len(instances)} problem{'s' * (len(instances) != 1)} \\hfill paper {seed}", "",
            r"\hrule", "", r"Answer every part in the space under it and show your working.", ""]
    for n, inst in enumerate(instances, 1):
        ts = Typeset(inst, "latex")
        title = prose_latex(inst.problem.title)
        body += [f"\\section*{{Problem {n}. {title} \\hfill \\normalsize ({_points(points(inst))})}}"]
        if inst.problem.text.strip():
            body += [_tex_text(ts.prose(inst.problem.text)), ""]
        body.append(r"\begin{enumerate}[label=(\alph*),leftmargin=2em]")
        for part in inst.parts:
            body += [f"  \\item {_tex_text(ts.prompt(part))} \\hfill [{_points(part.part.points)}]",
                     *_tex_rows(ts.rows(part)), f"  \\par\\vspace{{{ROOM.get(part.part.kind, 3)}\\baselineskip}}"]
        body += [r"\end{enumerate}", ""]
    return _document("\n".join(body) + "\n")


def latex_key(instances: Sequence[Instance], seed: int) -> str:
    """The answer key as a complete LaTeX document, typeset as the paper is."""
    body = [r"\begin{center}{\LARGE\bfseries Answer key}\end{center}",
            f"For the practice exam, paper {seed}. Each problem can be checked with the command under its "
            "title; \\checkmark{} marks a step checked for these numbers.", ""]
    for n, inst in enumerate(instances, 1):
        ts = Typeset(inst, "latex")
        command = prose_latex(f"mathquiz solve {inst.id} --seed {inst.seed}").replace("--", "-{}-")
        body += [f"\\section*{{Problem {n}. {prose_latex(inst.problem.title)} \\hfill \\normalsize "
                 f"({_points(points(inst))})}}", f"\\texttt{{{command}}}", "",
                 r"\begin{enumerate}[label=(\alph*),leftmargin=2em]",
                 *(f"  \\item {ts.answer(part)} \\hfill [{_points(part.part.points)}]" for part in inst.parts),
                 r"\end{enumerate}", r"\subsection*{Worked solution}", r"\begin{enumerate}[leftmargin=2em]"]
        for k, step, going_on in steps_shown(inst):
            math = ""
            if step.math is not None:
                label = "= " if going_on else f"{_math_label(step.label)} = " if step.label else ""
                math = f" \\[ {label}{to_latex(tidy(step.math))} \\]"
            mark = " \\checkmark" if step.verified and not going_on else ""
            body.append(f"  \\item{'[]' if going_on else ''} {ts.prose(_raw_step(inst, k))}{mark}{math}")
        body += [r"\end{enumerate}", ""]
    return _document("\n".join(body) + "\n")


def render(instances: Sequence[Instance], seed: int, fmt: str, key_name: str = "",
           minutes: float | None = None) -> tuple[str, str]:
    """(paper, key) in `fmt` ("markdown" or "latex"); `minutes`, the time allowed, is printed on the paper."""
    if fmt == "latex":
        return latex_paper(instances, seed, key_name, minutes), latex_key(instances, seed)
    return markdown_paper(instances, seed, key_name, minutes), markdown_key(instances, seed)
