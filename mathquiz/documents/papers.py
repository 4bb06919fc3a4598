"""Printable exam papers: the numbered instances with space to answer, and a separate answer key
with the worked solutions of exactly those instances (Markdown or a complete LaTeX document).

The key is the study sheet `mathquiz solve ID --seed S --format …` prints for each instance, so
paper, key and `solve` always agree. Which problems and seeds make up a paper is decided by the
caller (the `exam` command draws them as an interactive exam with the same seed would).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from mathquiz.documents import sheets
from mathquiz.documents.tex_unicode import declarations, scripts
from mathquiz.problem.instances import Instance

FORMATS = {"markdown": ".md", "latex": ".tex"}
ANSWER_LINES = 4  # blank lines left under each part of a paper


def paths(output: Path | None, seed: int, fmt: str) -> tuple[Path, Path]:
    """Where the paper and its key go: OUTPUT (its suffix added when missing) and OUTPUT-key,
    by default paper-SEED.md / paper-SEED-key.md in the current folder."""
    suffix = FORMATS[fmt]
    paper = output if output is not None else Path(f"paper-{seed}{suffix}")
    if not paper.suffix:
        paper = paper.with_suffix(suffix)
    return paper, paper.with_name(f"{paper.stem}-key{paper.suffix}")


def _check_line(inst: Instance) -> str:
    return f"mathquiz solve {inst.id} --seed {inst.seed}"


def _facts(instances: Sequence[Instance], seed: int, minutes: float | None) -> list[str]:
    """What the paper's first line says: how many problems, the seed, the time allowed if set."""
    out = [f"{len(instances)} problem{'s' * (len(instances) != 1)}", f"seed {seed}"]
    return out + ([f"{minutes:g} minute{'s' * (minutes != 1)}"] if minutes is not None else [])


def markdown_paper(instances: Sequence[Instance], seed: int, key_name: str = "", minutes: float | None = None) -> str:
    """The paper in Markdown: problems numbered 1, 2, …, parts (a), (b), …, each with room to answer."""
    out = ["# Practice exam", "",
           " · ".join(_facts(instances, seed, minutes)) + (f" · answer key: `{key_name}`" if key_name else ""), "",
           "Write each answer in the space under its part.", ""]
    for n, inst in enumerate(instances, 1):
        out += ["---", "", f"## Problem {n}. {inst.problem.title}", ""]
        text = sheets.problem_text(inst, "markdown")
        if text:
            out += [text, ""]
        for k, part in enumerate(inst.parts):
            out += [f"**Part {k + 1}.** {sheets.part_prompt(inst, part, 'markdown')}", "",
                    "Answer: " + "_" * 50, "", *(["_" * 58, ""] * (ANSWER_LINES - 1))]
    return "\n".join(out).rstrip() + "\n"


def markdown_key(instances: Sequence[Instance], seed: int) -> str:
    """The answer key in Markdown: every instance's answers and checked worked solution."""
    out = ["# Answer key", "", f"For the practice exam with seed {seed}. Each problem can be checked with "
           "the command under its title.", ""]
    for n, inst in enumerate(instances, 1):
        sheet = sheets.markdown(inst).split("\n", 1)[1]  # our own numbered heading replaces its title
        out += ["---", "", f"## Problem {n}. {inst.problem.title}", "", f"`{_check_line(inst)}`", sheet]
    return "\n".join(out).rstrip() + "\n"


_PREAMBLE = r"""\documentclass[11pt,a4paper]{article}
\usepackage[utf8]{inputenc}
\usepackage[T1]{fontenc}
\usepackage{amsmath,amssymb}
\usepackage[margin=2.2cm]{geometry}
\setlength{\parindent}{0pt}
\setlength{\parskip}{0.5\baselineskip}
"""


def _document(body: str) -> str:
    body = scripts(body)
    return _PREAMBLE + declarations(body) + "\n\\begin{document}\n" + body + "\\end{document}\n"


def _tex_lines(text: str) -> str:
    """Text whose displayed lines (indented, or numbered choices and steps) stay lines, which TeX
    would run together; wrapped prose lines still flow, and blank lines still make paragraphs."""
    out: list[str] = []
    before = False  # whether the line before was a displayed one
    for line in text.split("\n"):
        shown = line[:1].isspace() or re.match(r"\d+\. ", line) is not None
        if out and out[-1] and line.strip() and (shown or before):
            out[-1] += " \\\\"
        out.append(line.strip() and ("\\hspace*{2em}" + line.strip() if line[:1].isspace() else line))
        before = shown
    return "\n".join(out)


def latex_paper(instances: Sequence[Instance], seed: int, key_name: str = "", minutes: float | None = None) -> str:
    """The paper as a complete LaTeX document (compiles with pdflatex)."""
    esc = sheets.tex_escape
    key = f" Answer key: \\texttt{{{esc(key_name)}}}." if key_name else ""
    body = [r"\section*{Practice exam}",
            f"{', '.join(_facts(instances, seed, minutes))}.{key} "
            "Write each answer in the space under its part.", ""]
    for n, inst in enumerate(instances, 1):
        body += [f"\\subsection*{{Problem {n}. {esc(inst.problem.title)}}}"]
        text = sheets.problem_text(inst, "latex")
        if text:
            body += [_tex_lines(text), ""]
        body.append(r"\begin{enumerate}")
        for k, part in enumerate(inst.parts):
            body += [f"  \\item[] \\textbf{{Part {k + 1}.}} {_tex_lines(sheets.part_prompt(inst, part, 'latex'))}",
                     f"  \\par\\vspace{{{ANSWER_LINES + 1}\\baselineskip}}"]
        body += [r"\end{enumerate}", ""]
    return _document("\n".join(body) + "\n")


def latex_key(instances: Sequence[Instance], seed: int) -> str:
    """The answer key as a complete LaTeX document."""
    body = [r"\section*{Answer key}",
            f"For the practice exam with seed {seed}. Each problem can be checked with the command "
            "under its title.", ""]
    for n, inst in enumerate(instances, 1):
        sheet = sheets.latex(inst).split("\n", 1)[1]
        body += [f"\\subsection*{{Problem {n}. {sheets.tex_escape(inst.problem.title)}}}",
                 f"\\texttt{{{sheets.tex_escape(_check_line(inst)).replace('--', '-{}-')}}}\\\\", sheet]
    return _document("\n".join(body) + "\n")


def render(instances: Sequence[Instance], seed: int, fmt: str, key_name: str = "",
           minutes: float | None = None) -> tuple[str, str]:
    """(paper, key) in `fmt` ("markdown" or "latex"); `minutes`, the time allowed, is printed on the paper."""
    if fmt == "latex":
        return latex_paper(instances, seed, key_name, minutes), latex_key(instances, seed)
    return markdown_paper(instances, seed, key_name, minutes), markdown_key(instances, seed)
