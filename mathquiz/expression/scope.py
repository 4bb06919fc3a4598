"""Which names an answer may use: declared variables with their shapes, free single letters,
functions and constants (`Scope`)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from mathquiz.expression.expr import AUTHOR_FUNCTIONS, CONSTANTS, FUNCTION_ALIASES, FUNCTIONS, GREEK

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

    @cached_property
    def key(self) -> tuple:
        """What parsing depends on, hashable (a scope keys every remembered parse)."""
        return tuple(self.variables.items()), self.free, self.author

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
