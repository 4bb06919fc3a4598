"""Study sheets for `mathquiz solve`: the JSON contract, Markdown and LaTeX (no terminal here)."""

from __future__ import annotations

from mathquiz.expression.printing import to_latex, to_text, to_unicode
from mathquiz.judging.tidy import tidy
from mathquiz.problem.instances import Instance, fill, shown_steps
from mathquiz.proof.key_checks import key_check_json
from mathquiz.proof.worked import ShownStep, steps_shown, worked


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
            node = None if node is None else tidy(node)  # 1·x2 as x2: the same value, as a person writes it
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


def key_shown(part) -> str:
    """The answer as a student reads it: the key in one Unicode line, tidied (2Aᵀ·(A·x − b),
    e/(1 + e)²), a choice with its text as shown (`3. the gradient is zero`), other kinds as typed."""
    if part.key is not None:
        return to_unicode(tidy(part.key))
    if part.part.kind == "choice" and part.answer_text.isdigit():
        n = int(part.answer_text)
        return f"{n}. {fill(part.shown_choices()[n - 1], part.inst)}"
    return part.answer_text


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
    number = 0
    for _, step, going_on in steps_shown(inst):  # a bare `= …` goes on under the step before
        number += not going_on
        line = "   " if going_on else f"{number}. {step.text}"
        if step.math is not None or step.shown:
            math = step.shown or to_latex(tidy(step.math))
            label = "" if going_on else f"{step.label} = " if step.label else ""
            line += f" $${'= ' if going_on else ''}{label}{math}$$" if not step.shown else f" {label}{math}"
        out.append(line + (" ✓" if step.verified else " *(remark)*" if step.check == "remark" else ""))
    return "\n".join(out) + "\n"


def _md_fill(text: str, inst: Instance) -> str:
    return _latex_fill(text, inst, lambda s: s, lambda m: m.group(0))


def _latex_fill(text: str, inst: Instance, literal, missing) -> str:
    """Values as $…$ LaTeX, placed as `fill` places them (parentheses, signs, factors 1)."""
    from mathquiz.problem.instances import shown_unicode
    from mathquiz.problem.placing import put_values
    from mathquiz.problem.static_checks import PLACEHOLDER

    return put_values(text, PLACEHOLDER, lambda name: shown_unicode(inst, name) if name in inst.values else None,
                      lambda name: f"${to_latex(tidy(inst.trees()[name]))}$", literal, missing, ("$($", "$)$"), "$-$")


def _md_answer(part, inst: Instance) -> str:
    if part.key is not None:
        return f"${to_latex(tidy(part.key))}$  (type: `{part.answer_text}`)"
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
        answer = f"${to_latex(tidy(part.key))}$" if part.key is not None else esc(part.answer_text)
        out.append(f"  \\item {part_prompt(inst, part, 'latex')}\\\\ Answer: {answer}")
    out += ["\\end{enumerate}", "\\subsection*{Worked solution}", "\\begin{enumerate}"]
    for _, step, going_on in steps_shown(inst):  # a bare `= …` goes on under the step before, unnumbered
        math = ""
        if step.math is not None:
            label = "= " if going_on else f"{esc(step.label)} = " if step.label else ""
            math = f" \\[ {label}{to_latex(tidy(step.math))} \\]"
        out.append(f"  \\item{'[]' if going_on else ''} {esc(step.text)}{math}")
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
    return _latex_fill(text, inst, _tex_escape, lambda m: _tex_escape(m.group(0)))
