"""Every text of a problem that `instances.fill` fills, and what is wrong with its {placeholders}.

A placeholder is `{name}` of a param, derived value or symbol; anything else in braces is left as
typed when the text is shown, so `{expr(x)}` or `{ a }` in a feedback would reach a student raw.
Load-time checks (static_checks) walk `filled_texts`, the one list of what is filled.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from mathquiz.problem.format import Problem, Step

PLACEHOLDER = re.compile(r"\{([A-Za-z][A-Za-z0-9_]*)\}")
_BRACED = re.compile(r"\{([^{}]*)\}")
_SET_MARKS = ",:|∈"  # {0, 1}, {x : x > 0}, {k | …}: a set written in prose, not a placeholder
# nor is the group of a subscript or power written as in TeX, h_{L−1} (a {name} there is still filled)


def _step_texts(step: Step, loc: tuple) -> Iterator[tuple[tuple, str, bool]]:
    yield loc + ("text",), step.text, True
    for name in ("shown", "label"):
        if getattr(step, name):
            yield loc + (name,), getattr(step, name), True
    for w, variant in enumerate(step.variants):
        if variant.why:
            yield loc + ("wrong", w, "why"), variant.why, True


def filled_texts(problem: Problem) -> Iterator[tuple[tuple, str, bool]]:
    """(field path, text, prose): prose is shown as it is; the others (samples, answers) are read as
    answers after filling, where braces also group, so only their {name}s are checked."""
    yield ("text",), problem.text, True
    for p, part in enumerate(problem.parts):
        loc = ("parts", p)
        yield loc + ("prompt",), part.prompt, True
        for h, hint in enumerate(part.hints):
            yield loc + ("hints", h), hint, True
        for c, choice in enumerate(part.choices):
            yield loc + ("choices", c), choice, True
        for m, mistake in enumerate(part.mistakes):
            yield loc + ("mistakes", m, "feedback"), mistake.feedback, True
            if mistake.answer is not None:
                yield loc + ("mistakes", m, "answer"), mistake.answer, False
        for k, cond in enumerate(part.accept.holds if part.accept else ()):
            if cond.says:
                yield loc + ("accept", "holds", k, "says"), cond.says, True
        if part.answer is not None:
            yield loc + ("answer",), str(part.answer), False
        for verdict in ("correct", "incorrect", "invalid"):
            for t, sample in enumerate(getattr(part.tests, verdict)):
                yield loc + ("tests", verdict, t), sample, False
        for s, step in enumerate(part.steps):
            yield from _step_texts(step, loc + ("steps", s))
    for s, step in enumerate(problem.solution):
        yield from _step_texts(step, ("solution", s))


def _meant_as_placeholder(text: str, match: re.Match) -> bool:
    """Braces that open on a name (`{expr(x)}`, `{ a }`, `{a+1}`) and are no set or TeX group."""
    inside = match.group(1).strip()
    after_script = match.start() > 0 and text[match.start() - 1] in "_^"
    return (inside[:1].isalpha() or inside[:1] == "_") and not after_script and \
        not any(mark in inside for mark in _SET_MARKS)


def placeholder_issues(text: str, known: set[str], prose: bool) -> list[str]:
    """What is wrong with the placeholders of one text (empty when nothing)."""
    out = []
    for match in _BRACED.finditer(text):
        inside = match.group(1)
        name = PLACEHOLDER.fullmatch(match.group(0))
        if name:
            if name.group(1) not in known:
                out.append(f"placeholder {{{inside}}} names nothing defined in params, derived or symbols")
        elif prose and _meant_as_placeholder(text, match):
            out.append(f"{{{inside}}} is not a placeholder and would be shown as typed: a placeholder is "
                       "{name} of a param or derived value (compute anything else under `derived:`)")
    return out
