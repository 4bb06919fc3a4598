"""Feedback and hints that give the answer away before the last attempt (issue 23, item 3).

A named mistake's feedback is read after a wrong attempt; with attempts left, feedback that states
the key (or, for a choice, the right choice's words) makes the next attempt a copy. Hints can be
asked for before any attempt, so a hint may never state it. Formulas are compared as written,
with spacing, products, brackets and the ways of writing a transpose or a minus sign left aside:
`(2/N)Xᵀ(Xw − y)` states the key 2/N*X^T*(X*w - y)."""

from __future__ import annotations

import re

from mathquiz.expression.limits import ParseError
from mathquiz.expression.printing import to_unicode
from mathquiz.problem.instances import fill
from mathquiz.problem.static_checks import EXPRESSION_KINDS, author_scope, parse_cached

MIN_STATED = 6  # characters: a shorter key (x, 2, 1/4) is said in passing, not given away
_DROP = re.compile(r"[\s·*()\[\]{}⋅.,;:]")


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


def revealing(inst) -> list[str]:
    """What states a part's key too early: its hints, and its mistakes' feedback with attempts left."""
    found = []
    for part in inst.parts:
        forms = _stated_forms(inst, part)
        if not forms:
            continue
        texts = [(f"hint {k + 1}", h) for k, h in enumerate(part.part.hints)]
        if part.part.attempts > 1:
            texts += [(f"the feedback of mistake {k + 1}", m.feedback) for k, m in enumerate(part.part.mistakes)]
        for where, text in texts:
            said = _plain(fill(text, inst))
            if any(f in said for f in forms):
                found.append(f"part {part.index + 1}: {where} states the answer before the last attempt "
                             f"({text.strip()[:60]!r}); say what to check instead")
    return found
