"""Study sheets for `mathquiz solve`: the JSON contract, Markdown and LaTeX (no terminal here)."""

from __future__ import annotations

from mathquiz.expression.printing import to_latex, to_text, to_unicode
from mathquiz.problem.instances import Instance, fill, shown_steps
from mathquiz.proof.key_checks import key_check_json
from mathquiz.proof.worked import ShownStep, worked


def part_prompt(inst: Instance, part, style: str = "unicode") -> str:
    """The prompt of a part, plus what the student chooses from (steps, choices).

    `unicode` for terminals and JSON; `markdown` and `latex` put drawn values in $…$ math (and
    `latex` escapes the surrounding text)."""
    text = _filler(inst, style)
    lines = [text(part.part.prompt.rstrip())]
    if part.part.kind == "ordering":
        lines += [f"{k + 1}. {text(s.text)}" for k, s in enumerate(shown_steps(inst, part))]
    elif part.part.kind == "wrong-step":
        for k, (step, node) in enumerate(zip(part.part.steps, part.steps, strict=True)):
            math = "" if node is None else f"${to_latex(node)}$" if style != "unicode" else to_unicode(node)
            lines.append(f"{k + 1}. {text(step.text)} {math}".rstrip())
    elif part.part.kind == "choice":
        lines += [f"{k + 1}. {text(c)}" for k, c in enumerate(part.shown_choices())]
    return "\n".join(lines)


def _filler(inst: Instance, style: str):
    if style == "markdown":
        return lambda t: _md_fill(t, inst)
    if style == "latex":
        return lambda t: esc_fill(t, inst)
    return lambda t: fill(t, inst, style)


def step_math_text(step: ShownStep) -> str:
    if step.shown:
        return step.shown
    return to_text(step.math) if step.math is not None else ""


def solve_json(inst: Instance) -> dict:
    """The fixed `solve --json` contract."""
    return {
        "id": inst.id,
        "title": inst.problem.title,
        "topic": inst.problem.topic,
        "seed": inst.seed,
        "params": inst.param_texts(),
        "parts": [
            {"prompt": part_prompt(inst, p), "kind": p.part.kind, "answer": p.answer_text,
             "key_check": key_check_json(inst, p), **accept_json(p)}
            for p in inst.parts
        ],
        "solution": [
            {"text": s.text, "math": step_math_text(s), "verified": s.verified, "check": s.check}
            for s in worked(inst)
        ],
    }


def accept_json(part) -> dict:
    """A part with `accept` adds its conditions (the answer given is one example); others add nothing."""
    accept = part.part.accept
    if accept is None:
        return {}
    return {"accept": {"holds": [{"test": c.test, "of": [str(e) for e in c.exprs]} for c in accept.holds],
                       "tolerance": accept.tolerance}}


def markdown(inst: Instance) -> str:
    """A study sheet in Markdown with $…$ math."""
    p = inst.problem
    out = [f"## {p.title}", "", f"*{p.source}* · topic `{p.topic}` · id `{p.id}` · seed {inst.seed}", ""]
    if p.text.strip():
        out += [_md_fill(p.text.strip(), inst), ""]
    for part in inst.parts:
        out += [f"**Part {part.index + 1}.** {part_prompt(inst, part, 'markdown')}", "",
                f"Answer: {_md_answer(part, inst)}", ""]
    out += ["### Worked solution", ""]
    for k, step in enumerate(worked(inst), 1):
        line = f"{k}. {step.text}"
        if step.math is not None or step.shown:
            math = step.shown or to_latex(step.math)
            label = f"{step.label} = " if step.label else ""
            line += f" $${label}{math}$$" if not step.shown else f" {label}{math}"
        out.append(line + (" ✓" if step.verified else " *(remark)*" if step.check == "remark" else ""))
    return "\n".join(out) + "\n"


def _md_fill(text: str, inst: Instance) -> str:
    import re

    from mathquiz.problem.static_checks import PLACEHOLDER

    def one(m):
        name = m.group(1)
        return f"${to_latex(inst.trees()[name])}$" if name in inst.values else m.group(0)

    return re.sub(PLACEHOLDER, one, text)


def _md_answer(part, inst: Instance) -> str:
    if part.key is not None:
        return f"${to_latex(part.key)}$  (type: `{part.answer_text}`)"
    return f"`{part.answer_text}`"


def latex(inst: Instance) -> str:
    """A study sheet as a LaTeX fragment (\\section per problem)."""
    p = inst.problem
    esc = _tex_escape
    out = [f"\\section*{{{esc(p.title)}}}", f"\\textit{{{esc(p.source)}}} (seed {inst.seed})", ""]
    if p.text.strip():
        out += [esc_fill(p.text.strip(), inst), ""]
    out.append("\\begin{enumerate}")
    for part in inst.parts:
        answer = f"${to_latex(part.key)}$" if part.key is not None else esc(part.answer_text)
        out.append(f"  \\item {part_prompt(inst, part, 'latex')}\\\\ Answer: {answer}")
    out += ["\\end{enumerate}", "\\subsection*{Worked solution}", "\\begin{enumerate}"]
    for step in worked(inst):
        math = ""
        if step.math is not None:
            label = f"{esc(step.label)} = " if step.label else ""
            math = f" \\[ {label}{to_latex(step.math)} \\]"
        out.append(f"  \\item {esc(step.text)}{math}")
    out.append("\\end{enumerate}")
    return "\n".join(out) + "\n"


_TEX_SPECIAL = {"\\": "\\textbackslash{}", "&": "\\&", "%": "\\%", "#": "\\#", "_": "\\_", "$": "\\$",
                "{": "\\{", "}": "\\}", "^": "\\^{}", "~": "\\~{}"}


def _tex_escape(text: str) -> str:
    """Plain text safe for LaTeX: every character TeX treats specially, in one pass."""
    return "".join(_TEX_SPECIAL.get(c, c) for c in text)


tex_escape = _tex_escape  # the public name (papers use it)


def problem_text(inst: Instance, style: str = "unicode") -> str:
    """The problem's statement with the drawn values put in (styles as for part_prompt)."""
    return _filler(inst, style)(inst.problem.text.strip())


def esc_fill(text: str, inst: Instance) -> str:
    import re

    from mathquiz.problem.static_checks import PLACEHOLDER

    parts, pos = [], 0
    for m in re.finditer(PLACEHOLDER, text):
        parts.append(_tex_escape(text[pos:m.start()]))
        name = m.group(1)
        parts.append(f"${to_latex(inst.trees()[name])}$" if name in inst.values else _tex_escape(m.group(0)))
        pos = m.end()
    parts.append(_tex_escape(text[pos:]))
    return "".join(parts)
