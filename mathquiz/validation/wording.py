"""Every text a student reads of an instance, checked for the slips a checked solution must not
have: `x − −3`, `+ −`, `(2, −2)ᵀᵀ`, `1·x`, `2/4`, `4/5/2` (a value put in without the parentheses
its place needs), "≈" before an exact number, a step with no text, a solution that never states
the answer, "choice a" where the choices are shown numbered and shuffled, and (on paper) a name
spelled as it is typed, `mu` or `xhat`, where μ and x̂ belong.

What is read: the statement, each part's prompt (with its choices and steps), hints, feedback,
the slip of a wrong-step part, the worked steps (text and formula) and the key as shown.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from math import gcd

from mathquiz.documents.sheets import key_shown, part_prompt, problem_text
from mathquiz.expression.printing import display_name, name_parts, subscript, to_unicode
from mathquiz.judging.neat import neat
from mathquiz.judging.tidy import tidy
from mathquiz.problem.instances import Instance, fill
from mathquiz.proof.worked import continues, shown_steps

_DOUBLE_SIGN = re.compile(r"(?:[+−]\s?−|\+\s?\+)(?=\s?[\w(√])")
_UNIT_FACTOR = re.compile(r"(?<![\w.,/^(])−?1(?:·(?=[\w(])|\((?=[\w−]))")
# `2/4 = 1/2` is working shown; a·6/2 is (a·6)/2
_FRACTION = re.compile(r"(?<![\w.^/·×])(\d+)/(\d+)(?![\w.^/(])(?!\s?=)")
_RUN_OF_DIVISIONS = re.compile(r"(?:(?<![\w.])\d+|\))/\d+/\d+")  # 4/5/2, (1 − 4/5)/4/5
_APPROX_INTEGER = re.compile(r"≈\s?−?\d+(?![\d.,/·^²³⁻ᵀ])(?!\s?[\w(])")
_CHOICE_BY_NAME = re.compile(r"\b(?:choice|option)s?\s\(?[a-h1-9]\)?(?![\w/.])", re.IGNORECASE)


def texts(inst: Instance) -> list[tuple[str, str, str]]:
    """(where, text, template) for every text a student reads of `inst`, values filled in
    (Unicode); the template is what the author wrote ("" for a formula the machine printed)."""
    problem = inst.problem
    out = [("statement", problem_text(inst), problem.text)] if problem.text.strip() else []
    for part in inst.parts:
        where, spec = f"part {part.index + 1}", part.part
        written = "\n".join([spec.prompt, *spec.choices, *(step.text for step in spec.steps)])
        out.append((f"{where} prompt", part_prompt(inst, part), written))
        out += [(f"{where} hint {k}", fill(h, inst), h) for k, h in enumerate(spec.hints, 1)]
        feedback = "\n".join(m.feedback for m in spec.mistakes)
        out += [(f"{where} feedback", said, feedback) for _, said in part.mistakes + part.typed_mistakes]
        if part.slip:
            out.append((f"{where} slip", part.slip, "\n".join(v.why for s in spec.steps for v in s.variants)))
        # a key is a formula; a choice's key is its words, prose that may say σ(a) ≈ 0
        out.append((f"{where} key" + " formula" * (part.key is not None), key_shown(part), ""))
    for k, step in enumerate(_steps(inst), 1):
        template = problem.solution[k - 1].text if k <= len(problem.solution) else ""
        out.append((f"step {k}", step.text, template))
        label = f"{step.label} = " if step.label else ""  # `σ² = 100/4`, then `= 25`: working shown
        if step.shown:
            out.append((f"step {k} formula", label + step.shown, ""))
        elif step.math is not None:
            # as every sheet shows it (neat; tidy's shorter form of an e-value is SymPy's, and slow)
            out.append((f"step {k} formula", label + to_unicode(neat(step.math)), ""))
    return out


def slips(text: str, formula: bool = True) -> list[str]:
    """What is wrong with how `text` is written (each slip once). "≈ 1" is only a slip in a formula
    (a value shown ≈ an integer is exact); prose may say a probability is ≈ 1."""
    return list(_slips(text, formula))


@lru_cache(maxsize=8192)
def _slips(text: str, formula: bool) -> tuple[str, ...]:
    """slips(), remembered: most texts (a hint, a template, a prompt without values) are the same
    on every seed."""
    found = []
    for m in _DOUBLE_SIGN.finditer(text):
        found.append(f"two signs in a row `{m.group(0).strip()}`")
    if "ᵀᵀ" in text:
        found.append("a transpose of a transpose `ᵀᵀ`")
    for m in _UNIT_FACTOR.finditer(text):
        found.append(f"a factor 1 written out `{m.group(0)}`")
    for m in _RUN_OF_DIVISIONS.finditer(text):
        found.append(f"`{m.group(0)}` reads as one run of divisions: a value put in needs parentheses")
    for m in _FRACTION.finditer(text):
        a, b = int(m.group(1)), int(m.group(2))
        last_of_a_line = text[:m.start()].endswith("= ") and text[m.end():m.end() + 1] in ("", "\n")
        if (b == 1 or gcd(a, b) > 1) and not last_of_a_line:  # `= 15/3` then `= 5` on the next line
            found.append(f"the fraction `{m.group(0)}` is not in lowest terms")
    for m in _APPROX_INTEGER.finditer(text if formula else ""):
        found.append(f"`{m.group(0)}`: ≈ before an exact integer (write = or the decimal)")
    return tuple(dict.fromkeys(found))


def wording_issues(inst: Instance, paper: bool = True) -> list[str]:
    """Every slip in the texts of `inst`, with where it is; [] when they read right. `paper`: also
    its printed paper and key (~10 ms: their carets and typing come from the file's text, so
    validate checks them on one seed and the texts on every seed)."""
    issues = []
    shuffled = any(p.part.kind == "choice" and p.order for p in inst.parts)
    for where, text, template in texts(inst):
        # a factor 1 the author wrote on purpose (E[X] = 1·p + 0·(1 − p)) is no slip of a value put in
        written = _written_unit_factors(template)
        issues += [f"{where}: {slip}" for slip in slips(text, where.endswith("formula")) if slip not in written]
        if shuffled and (m := _CHOICE_BY_NAME.search(text)):
            issues.append(f"{where}: `{m.group(0)}` names a choice, but choices are shown numbered and "
                          "shuffled: quote the choice's words")
    steps = _steps(inst)
    for k, step in enumerate(steps, 1):
        if not step.text.strip() and not continues(inst, k - 1):
            issues.append(f"step {k} has no text: say what the step does (only a step that goes on "
                          "with the label of the one before may be a bare `= …`)")
    issues += _solution_states_the_answer(inst, steps)
    if paper:
        issues += paper_issues(inst) + typed_names_in_print(inst.problem)
    return list(dict.fromkeys(issues))


@lru_cache(maxsize=4096)
def _written_unit_factors(template: str) -> frozenset[str]:
    """The factors 1 an author wrote in a template: the same texts on every seed, read once."""
    return frozenset(slip for slip in slips(template) if slip.startswith("a factor 1"))


def _steps(inst: Instance) -> list:
    """The worked steps' texts; their checks are validate's own (verify), not done again here."""
    return inst.worked_steps if inst.worked_steps is not None else shown_steps(inst)


def _solution_states_the_answer(inst: Instance, steps) -> list[str]:
    """The worked solution works to the answer: some step states the value of the last part's key
    (a check or a remark may follow it). A step marked `answers: N` is proved equal already."""
    keyed = [p for p in inst.parts if p.key is not None]
    if not steps or not keyed:
        return []
    part = keyed[-1]
    spec = inst.problem.solution
    if any(step.answers == part.index + 1 for step in spec):
        return []
    from mathquiz.judging.equivalence import compare

    for step in reversed(steps):
        if step.math is None:
            continue
        try:
            if compare(part.key, step.math, part.ctx, part.settings).ok:
                return []
        except Exception:  # noqa: BLE001, S112 - a step of another shape is not this answer
            continue
    return [f"no step of the worked solution states the answer to part {part.index + 1} "
            f"({to_unicode(tidy(part.key))[:40]}): end the working with it (`answers: {part.index + 1}`)"]


_GREEK_SPELLED = {"eps": "epsilon", "varepsilon": "epsilon", "lambda": "lamda"}  # Unicode spells λ LAMDA


def _greek(word: str) -> str | None:
    """The Greek letter a word names (mu → μ, Sigma → Σ, eps → ε), or None."""
    case = "CAPITAL" if word[:1].isupper() else "SMALL"
    try:
        return unicodedata.lookup(f"GREEK {case} LETTER {_GREEK_SPELLED.get(word.lower(), word).upper()}")
    except KeyError:
        return None


def shown_name(name: str, also: tuple[str, ...] = ()) -> str | None:
    """How a page writes a declared name a student types otherwise (eta → η, xhat and x_hat → x̂,
    z1 → z₁, y_i → ŷᵢ by its `also`), or None when the page writes it as typed (x, C_in, d_k)."""
    shown = next((a for a in also if not a.isascii()), None)
    if shown:
        return shown
    base, hat, digits, tail = name_parts(name)
    letter = (_greek(base) if len(base) > 1 else None) or base
    if letter == base and not hat and not digits:
        return None
    shown = letter + "\u0302" * hat + subscript(digits) + ("_" + tail) * bool(tail)
    return unicodedata.normalize("NFC", shown)  # ŷ as one character where Unicode has one


def typed_names_in_print(problem) -> list[str]:
    """A statement, prompt or choice that spells a declared name as a student types it (`in terms
    of mu and v`, `xhat`): it is printed on the exam paper, where μ and x̂ belong; how to type
    them goes in the part's `typing` (shown at the terminal only)."""
    from mathquiz.documents.papers import without_typing

    # W_1 too: formulas print it W₁ (expression.printing.display_name), so the prose must not say W1
    # (a subscript of letters, C_in, may stand as typed: prose writes both C_in and Cᵢₙ)
    names = {n: shown for n, spec in problem.symbols.items()
             if (shown := shown_name(n, spec.also) or _digits_shown(n))}
    typing = " ".join([problem.typing, *(part.typing for part in problem.parts)])
    for n in problem.symbols:  # `type s for σ`, `m1, m2 for μ₁, μ₂`: s, m1 and m2 are typed spellings
        typed_for = rf"(?<![\w\\(]){re.escape(n)}(?:(?:, | or | and )\w+)* for [^\x00-\x7f]"
        if n not in names and re.search(typed_for, typing):
            names[n] = "it as the statement does"
    printed = [("statement", problem.text)] + [
        (f"part {k} prompt", "\n".join([part.prompt, *part.choices])) for k, part in enumerate(problem.parts, 1)]
    found = []
    for where, text in printed:
        text = without_typing(text)
        for name, shown in names.items():
            # W1 for a declared W_1 is the same name typed another way (expression.scope)
            for spelled in dict.fromkeys([name, name.replace("_", "")]):
                if (spelled == name or spelled not in problem.symbols) and \
                        re.search(rf"(?<![\w\\{{]){re.escape(spelled)}(?![\w}}])", text):
                    found.append(f"{where} spells `{spelled}` as it is typed: the paper prints it, so write "
                                 f"{shown} (say how to type it in the part's `typing`)")
    return found


def _digits_shown(name: str) -> str | None:
    """W₁ for W_1: how formulas print a name whose digits they write as a subscript, else None."""
    shown = display_name(name)
    return shown if shown != name and any(c in shown for c in subscript("0123456789")) else None


_ON_PAPER = [  # (pattern, what it is) of what a printed exam must not show
    (re.compile(r"\\\^\{\}|(?<![\\$])\^\("), "a caret printed as text (math written ^(…))"),
    (re.compile(r"\\_(?![^{}]*\}\}?\s*$)"), "an underscore printed as text"),
    (re.compile(r"\b[Tt]yped?\b(?! of)"), "a typing instruction (put it in the part's `typing`)"),
    (re.compile(r"\binv\("), "inv(…) where A⁻¹ is meant"),
]


def paper_issues(inst: Instance) -> list[str]:
    """What the printed paper and key of `inst` show that a printed exam must not (LaTeX and
    Markdown): carets and underscores as text, typing instructions, inv(…)."""
    from mathquiz.documents import papers

    found = []
    for fmt in ("latex", "markdown"):
        paper, key = papers.render([inst], inst.seed, fmt)
        body = paper.split("\\begin{document}", 1)[-1]
        command = re.compile(r"\\texttt\{[^}]*\}|`mathquiz solve [^`]*`")  # the key's own check line
        for where, text in (("paper", body), ("key", command.sub("", key.split("\\begin{document}", 1)[-1]))):
            for pattern, what in _ON_PAPER:
                if where == "key" and "typing" in what:
                    continue  # a worked step may say what a student typed
                if m := pattern.search(text):
                    found.append(f"the {fmt} {where} shows {what}: `{text[max(0, m.start() - 20):m.end() + 20]}`")
    return found
