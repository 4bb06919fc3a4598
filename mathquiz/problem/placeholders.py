"""Every text of a problem that `instances.fill` fills, and what is wrong with its {placeholders}.

A placeholder is `{name}` of a param, derived value or symbol; anything else in braces is left as
typed when the text is shown, so `{expr(x)}` or `{ a }` in a feedback would reach a student raw.
The argument of a TeX command is no placeholder (`\\frac{k}{p}`, `\\sqrt[3]{x}`, `\\hat{y}` in a
sample or a text stay as typed), and `{{name}}` is the escape for a literal `{name}`.
Load-time checks (static_checks) walk `filled_texts`, the one list of what is filled.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from mathquiz.problem.format import Problem, Step

_NAME = r"\{([A-Za-z][A-Za-z0-9_]*)\}"
_FOUND = re.compile(r"\{" + _NAME + r"\}|" + _NAME)  # an escape {{name}}, or a placeholder
_COMMAND_BEFORE = re.compile(r"\\[A-Za-z]+\s*\Z")
_BRACED = re.compile(r"\{([^{}]*)\}")


def tex_argument(text: str, start: int) -> bool:
    """Whether the brace at `start` opens an argument of a TeX command: `\\frac{k}`, the `{p}`
    that follows it, `\\sqrt[3]{x}`; not `x^{k}` nor `{a}{b}` in prose."""
    while True:
        if _COMMAND_BEFORE.search(text, 0, start):
            return True
        if start == 0 or text[start - 1] not in "}]":
            return False
        start = _opener(text, start - 1)
        if start < 0:
            return False


def _opener(text: str, close: int) -> int:
    """Where the bracket closed at `close` opens (-1: nowhere)."""
    shut, opening, depth = text[close], "{" if text[close] == "}" else "[", 0
    for k in range(close, -1, -1):
        depth += (text[k] == shut) - (text[k] == opening)
        if depth == 0:
            return k
    return -1


class Found:
    """A placeholder found in a text, read as a regex match is: group(1) is the name; `escaped`:
    written `{{name}}`, shown as the literal `{name}`."""

    __slots__ = ("_match", "escaped")

    def __init__(self, match: re.Match):
        self._match, self.escaped = match, match.group(1) is not None

    def group(self, i: int = 0) -> str:
        return self._match.group(0) if i == 0 else self._match.group(1) or self._match.group(2)

    def start(self) -> int:
        return self._match.start()

    def end(self) -> int:
        return self._match.end()


class Placeholders:
    """The placeholders of a text, with the API of the regex it replaces (finditer, findall)."""

    def finditer(self, text: str) -> Iterator[Found]:
        for match in _FOUND.finditer(text):
            if match.group(1) is not None or not tex_argument(text, match.start()):
                yield Found(match)

    def findall(self, text: str) -> list[str]:
        """The names filled in `text` (escapes are not)."""
        return [f.group(1) for f in self.finditer(text) if not f.escaped]


PLACEHOLDER = Placeholders()


def unescape(text: str) -> str:
    """Text with no placeholder in it as shown: every `{{name}}` as `{name}`."""
    return _FOUND.sub(lambda m: m.group(0)[1:-1] if m.group(1) else m.group(0), text)
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
    yield ("typing",), problem.typing, True
    for p, part in enumerate(problem.parts):
        loc = ("parts", p)
        yield loc + ("prompt",), part.prompt, True
        yield loc + ("typing",), part.typing, True
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
        escaped = text[match.start() - 1:match.start()] == "{" and text[match.end():match.end() + 1] == "}"
        if escaped or tex_argument(text, match.start()):
            continue  # {{name}}: a literal {name}; the argument of a TeX command is TeX's
        inside = match.group(1)
        name = re.fullmatch(_NAME, match.group(0))
        if name:
            if name.group(1) not in known:
                out.append(f"placeholder {{{inside}}} names nothing defined in params, derived or symbols")
        elif prose and _meant_as_placeholder(text, match):
            out.append(f"{{{inside}}} is not a placeholder and would be shown as typed: a placeholder is "
                       "{name} of a param or derived value (compute anything else under `derived:`)")
    return out
