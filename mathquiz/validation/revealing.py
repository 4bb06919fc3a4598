"""Feedback and hints that give the answer away before the last attempt (issue 23, item 3).

A named mistake's feedback is read after a wrong attempt; with attempts left, feedback that states
the key (or, for a choice, the right choice's words) makes the next attempt a copy. Hints can be
asked for before any attempt, so a hint may never state it. Two ways of stating it are found:
- the key written out: formulas compared as written, with spacing, products, brackets and the ways
  of writing a transpose or a minus sign left aside (`(2/N)Xᵀ(Xw − y)` states 2/N*X^T*(X*w - y));
- any formula in the text that the part would grade correct (`(1/P)^(1/T)` for the key P^(−1/T)).
Neither counts where the statement or the prompt writes it too (softmax(z − c) is the question).
Keys shorter than MIN_STATED characters (x, 2, 1/4) are said in passing, not given away."""

from __future__ import annotations

import re

from mathquiz.expression.expr import FUNCTION_ALIASES, FUNCTIONS
from mathquiz.expression.limits import ParseError
from mathquiz.expression.printing import to_unicode
from mathquiz.expression.shapes import ShapeError
from mathquiz.judging.equivalence import CORRECT, AuthorError
from mathquiz.problem.instances import fill
from mathquiz.problem.part_grading import grade
from mathquiz.problem.static_checks import EXPRESSION_KINDS, author_scope, parse_cached

MIN_STATED = 6  # characters: a shorter key (x, 2, 1/4) is said in passing, not given away
_DROP = re.compile(r"[\s·*()\[\]{}⋅.,;:]")
_SEPARATORS = "=:;,≈<>≤≥→⇒"  # between formulas in a sentence (outside brackets)
# a prose word ends a formula: lower case of two letters or more, or capitalised of three or more
# (`BX`, `Ax` stay formulas); a function's name is part of one
_WORD = re.compile(r"(?:[a-z]{2,}|[A-Z][A-Za-z]{2,})[.!?']*")
_MATH_WORDS = set(FUNCTIONS) | set(FUNCTION_ALIASES)


def _plain(text: str) -> str:
    t = text.replace("^T", "ᵀ").replace("'", "ᵀ").replace("−", "-").replace("transpose", "")
    return _DROP.sub("", t).lower()


def _stated_forms(inst, part) -> list[str]:
    """The key as a student would read it in a sentence: as drawn and as the file writes it."""
    forms = []
    if part.part.kind in EXPRESSION_KINDS and part.key is not None:
        forms.append(to_unicode(part.key))
        try:
            forms.append(to_unicode(parse_cached(str(part.part.answer), author_scope(inst.problem))))
        except ParseError:
            pass
        forms += [fill(t, inst, "text") for t in part.part.tests.correct]
    elif part.part.kind == "choice":
        index = int(str(part.part.answer).strip()) - 1
        if 0 <= index < len(part.part.choices):
            forms.append(fill(part.part.choices[index], inst))
    plain = {_plain(f) for f in forms}
    return [f for f in plain if len(f) >= MIN_STATED]


def formulas(text: str) -> list[str]:
    """The formulas a sentence may hold: its pieces between separators (outside brackets), each cut
    at prose words, each run also without its first or its last token (`a (b − a)²/12`)."""
    pieces, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += (ch in "([{") - (ch in ")]}" and depth > 0)
        if depth == 0 and (ch in _SEPARATORS or ch == "." and text[i + 1:i + 2] in ("", " ", "\n")):
            pieces.append(text[start:i])
            start = i + 1
    pieces.append(text[start:])
    runs: list[list[str]] = []
    for piece in pieces:
        run: list[str] = []
        for token in piece.split():
            if _WORD.fullmatch(token) and token.lower() not in _MATH_WORDS:
                runs.append(run)
                run = []
            else:
                run.append(token)
        runs.append(run)
    found = []
    for run in runs:  # a function's name is never cut off: log softmax(z) does not state softmax(z)
        cuts = [run] + [c for c, cut_off in ((run[1:], run[:1]), (run[:-1], run[-1:]))
                        if cut_off and cut_off[0].lower() not in _MATH_WORDS]
        for cut in cuts:
            said = " ".join(cut).strip()
            if len(_plain(said)) >= MIN_STATED and said not in found:
                found.append(said)
    return found


def _written_out(form: str, said: str) -> bool:
    """Whether `said` writes `form` out other than as a function's argument (log softmax(z) does
    not state softmax(z))."""
    at = said.find(form)
    while at >= 0:
        if not any(said[:at].endswith(f) for f in _MATH_WORDS):
            return True
        at = said.find(form, at + 1)
    return False


def _graded_correct(part, said: str) -> bool:
    try:
        return grade(part, said, explain=False).status == CORRECT
    except (ParseError, ShapeError, AuthorError, RecursionError, ValueError, ArithmeticError):
        return False  # prose that reads as no formula, or as one the part cannot judge


def _states_key(part, text: str, forms: list[str], prompt: str) -> bool:
    said = _plain(text)
    if any(f not in prompt and _written_out(f, said) for f in forms):
        return True
    if part.part.kind not in EXPRESSION_KINDS or part.part.accept is not None:
        return False  # an `accept` part has many right answers: naming one is an example
    return any(_plain(f) not in prompt and _graded_correct(part, f) for f in formulas(text))


def revealing(inst) -> list[str]:
    """What states a part's key too early: its hints, and its mistakes' feedback with attempts left."""
    found = []
    for part in inst.parts:
        forms = _stated_forms(inst, part)
        if not forms and part.part.kind not in EXPRESSION_KINDS:
            continue
        prompt = _plain(fill(inst.problem.text + "\n" + part.part.prompt, inst))
        texts = [(f"hint {k + 1}", h) for k, h in enumerate(part.part.hints)]
        if part.part.attempts > 1:
            texts += [(f"the feedback of mistake {k + 1}", m.feedback) for k, m in enumerate(part.part.mistakes)]
        for where, text in texts:
            if _states_key(part, fill(text, inst), forms, prompt):
                found.append(f"part {part.index + 1}: {where} states the answer before the last attempt "
                             f"({text.strip()[:60]!r}); say what to check instead")
    return found
