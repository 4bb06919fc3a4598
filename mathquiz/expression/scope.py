"""Which names an answer may use: declared variables with their shapes, free single letters,
functions and constants (`Scope`)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from mathquiz.expression.expr import AUTHOR_FUNCTIONS, CONSTANTS, FUNCTION_ALIASES, FUNCTIONS, GREEK
from mathquiz.expression.tokens import normalize

_GREEK_NAMES = set(GREEK) | {"varepsilon", "eps"}
_SAME_LETTER = {"epsilon": "eps", "varepsilon": "eps", "lamda": "lambda"}


def typed_name(text: str) -> str | None:
    """The name `text` is when typed (ŷᵢ is y_hat_i), or None when it is not one name."""
    plain = normalize(text.strip())[0].replace("\x01", "")
    return plain if re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", plain) else None


def spelling_key(name: str) -> str:
    """What two spellings of one name share: no underscores, one name for ε."""
    head, _, tail = name.partition("_")
    return _SAME_LETTER.get(head, head) + tail.replace("_", "")


_CAPITAL_GREEK = {"Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Phi", "Psi", "Omega"}


@dataclass(frozen=True)
class Scope:
    """Which names an answer may use.

    `variables` maps declared names to their shape (None for a scalar). In a free scope any
    single letter, Greek name or name with `_`/digits is a scalar variable; in a strict one only
    the declared names are, so a typo is reported instead of silently becoming a new variable.
    """

    variables: Mapping[str, tuple[int, int] | None] = field(default_factory=dict)
    free: bool = True
    author: bool = False  # problem files may also call the AUTHOR_FUNCTIONS
    aliases: tuple[tuple[str, str], ...] = ()  # (another spelling, the declared name): ŷᵢ for y_i

    @cached_property
    def key(self) -> tuple:
        """What parsing depends on, hashable (a scope keys every remembered parse)."""
        return tuple(self.variables.items()), self.free, self.author, self.aliases

    @cached_property
    def spellings(self) -> dict[str, list[str]]:
        """Declared names by `spelling_key`: x_1 and x1, C_out and Cout, y_hat and yhat, eps and ε."""
        out: dict[str, list[str]] = {}
        for name in self.variables:
            out.setdefault(spelling_key(name), []).append(name)
        for other, name in self.aliases:
            key = typed_name(other)
            if key is not None and name in self.variables:
                out[spelling_key(key)] = [name]  # the author's word wins over a lookalike
        return out

    def declared_spelling(self, word: str, loose: bool = False) -> str | None:
        """The one declared name `word` spells another way (x1 for x_1, ε for eps), if any. A word
        without `_`, digits or a Greek name (Cout for C_out) only when `loose`: when it cannot be
        split into declared names (xy stays x·y)."""
        spelled = loose or self.aliases or re.search(r"[_0-9]|hat$|bar$", word) or word in _GREEK_NAMES
        if word in self.variables or word.endswith("_") or not spelled:
            return None
        same = self.spellings.get(spelling_key(word), [])
        return same[0] if len(same) == 1 else None

    def is_function(self, word: str) -> bool:
        if word in self.variables:
            return False
        word = FUNCTION_ALIASES.get(word, word)
        return word in FUNCTIONS or (self.author and word in AUTHOR_FUNCTIONS)

    def is_variable(self, word: str) -> bool:
        if word in self.variables:
            return True
        if not self.free or word in CONSTANTS or self.is_function(word):
            return False
        return len(word) == 1 or word in GREEK or word in _CAPITAL_GREEK or bool(re.search(r"[_0-9]", word))

    def known_words(self) -> list[str]:
        words = list(self.variables) + list(FUNCTIONS) + list(FUNCTION_ALIASES) + list(CONSTANTS)
        return words + (list(AUTHOR_FUNCTIONS) if self.author else [])
