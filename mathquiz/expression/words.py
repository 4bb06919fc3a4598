"""Runs of letters -> names: `xy` is x·y, `A^TA` is Aᵀ·A, and a word that is no known name is an
error with a suggestion (`sine` -> did you mean `sin`?)."""

from __future__ import annotations

import re
from collections.abc import Callable

from mathquiz.expression.expr import CONSTANTS, FUNCTION_ALIASES, FUNCTIONS, GREEK
from mathquiz.expression.scope import Scope
from mathquiz.expression.tokens import Token


class Words:
    """Splits the identifier tokens of one answer against its scope; `fail` raises a ParseError."""

    def __init__(self, scope: Scope, fail: Callable[..., None]):
        self.scope = scope
        self.fail = fail

    def split(self, tokens: list[Token]) -> list[Token]:
        """Split runs of letters that are not a known name into known names (xy -> x y)."""
        out: list[Token] = []
        for k, tok in enumerate(tokens):
            if tok.kind != "id":
                out.append(tok)
                continue
            numbered = tok.text[-1].isdigit()  # x1, x_1, log2: the only ones the rule below concerns
            other = self.scope.declared_spelling(tok.text)
            if other is not None:  # x1 for x_1, Cₒᵤₜ for Cout, ŷ for yhat, ε for eps
                tok = Token("id", other, tok.start, tok.end, tok.space)
            if numbered and tokens[k + 1].text == "(" and not tokens[k + 1].space:
                base = re.fullmatch(r"([A-Za-z]+)_?[0-9]+", tok.text)
                if base and tok.text not in self.scope.variables and not self.scope.is_function(tok.text) \
                        and self.scope.is_function(base.group(1)):
                    self._unknown(tok, True)  # log2(x), log10(x): a function, not a variable log2 times x
            after_power = k > 0 and tokens[k - 1].text in ("^", "**")
            braced_mark = tok.text == "T" and k > 1 and tokens[k - 2].text in ("^", "**") \
                and tokens[k - 1].text == "(" and tokens[k + 1].text == ")"  # A^{T}, read as A^(T): a mark too
            before = [t.text for t in tokens[max(0, k - 3):k]]
            inverse_mark = tok.text == "T" and (before[-2:] in (["^", "-"], ["**", "-"])
                                                or before in (["^", "(", "-"], ["**", "(", "-"]))  # X^-T: (X⁻¹)ᵀ
            if self._known(tok.text) or ((after_power or braced_mark or inverse_mark) and tok.text == "T"):
                out.append(tok)
                continue
            if after_power and tok.text.startswith("T") and "T" not in self.scope.variables:
                # A^TA is A^T A, as on paper: the transpose mark, then the rest of the word
                out.append(Token("id", "T", tok.start, tok.start + 1, tok.space))
                tok = Token("id", tok.text[1:], tok.start + 1, tok.end, False)
                if self._known(tok.text):
                    out.append(tok)
                    continue
            paren = tokens[k + 1].text == "(" and not tokens[k + 1].space
            self._function_power(tok, tokens[k + 1 : k + 6])
            run_in = self._run_in(tok.text) if paren else None
            if run_in:  # xcos(x) is x·cos(x), lnabs(x) is ln(abs(x))
                out.extend(self._pieces(tok, run_in))
                continue
            if not paren:
                self._function_run_in(tok)
            pieces = self._tex_subscript(tok.text) if re.search(r"[_0-9]", tok.text) else self._segment(tok.text)
            if pieces is None and not paren and (other := self.scope.declared_spelling(tok.text, loose=True)):
                out.append(Token("id", other, tok.start, tok.end, tok.space))  # Cout for C_out
                continue
            if pieces is None or (paren and self._looks_like_function(tok.text)):
                self._unknown(tok, paren)
            if paren and len(tok.text) >= 3 and not all(p in self.scope.variables for p in pieces):
                # foo(x), erf(x), sum(x): a function we do not know, not the product f·o·o·x
                product = "*".join(pieces)
                self.fail(f"unknown function `{tok.text}` (for a product write {product}*(…))", tok.start, tok.end)
            out.extend(self._pieces(tok, pieces))
        return out

    def _tex_subscript(self, word: str) -> list[str] | None:
        """tx_2 is t·x₂, as TeX reads it: a subscript belongs to the last letter before it."""
        m = re.fullmatch(r"([A-Za-z]+)_([A-Za-z0-9]+)", word)
        if m is None:
            return None
        for k in range(1, len(m.group(1))):
            rest = word[k:]
            rest = rest if self._known(rest) else self.scope.declared_spelling(rest)
            head = self._segment(word[:k]) if rest else None
            if head:
                return head + [rest]
        return None

    @staticmethod
    def _pieces(tok: Token, pieces: list[str]) -> list[Token]:
        out, at = [], tok.start
        for n, piece in enumerate(pieces):
            out.append(Token("id", piece, at, at + len(piece), tok.space if n == 0 else False))
            at += len(piece)
        return out

    def _function_power(self, tok: Token, ahead: list[Token]) -> None:
        """sec^2(y) with an unknown `sec` is an unknown function, never s·e·c²·y."""
        texts = [t.text for t in ahead]
        power = texts[:1] in (["^"], ["**"]) and (
            (len(ahead) > 2 and ahead[1].kind == "num" and texts[2] == "(")
            or (len(ahead) > 4 and texts[1] == "(" and ahead[2].kind == "num" and texts[3:5] == [")", "("])
        )
        if not power or len(tok.text) < 3:
            return
        pieces = self._segment(tok.text)
        if not (pieces and all(p in self.scope.variables for p in pieces)):
            self._unknown(tok, True)

    def _run_in(self, word: str) -> list[str] | None:
        """Known names run into a function name, as in xcos(x) or lnabs(x): the pieces, else None."""
        for i in range(len(word)):
            head = self._segment(word[:i]) if i else []
            tail = self._functions(word[i:]) if head is not None else None
            if tail:
                return head + tail
        return None

    def _functions(self, word: str) -> list[str] | None:
        best: dict[int, list[str]] = {0: []}
        for end in range(1, len(word) + 1):
            options = [best[s] + [word[s:end]] for s in range(max(0, end - 8), end)
                       if s in best and self.scope.is_function(word[s:end])]
            if options:
                best[end] = min(options, key=len)
        return best.get(len(word))

    def _function_run_in(self, tok: Token) -> None:
        """sinx, lnx: a function name run into its argument (unless a product of declared names)."""
        word = tok.text
        for fn in sorted(list(FUNCTIONS) + list(FUNCTION_ALIASES), key=len, reverse=True):
            rest = word[len(fn) :]
            if word.startswith(fn) and rest and (self._known(rest) or self._segment(rest)):
                pieces = self._segment(word)
                if pieces and all(p in self.scope.variables for p in pieces):
                    return
                self.fail(f"unknown name `{word}`: for {fn} of {rest} write {fn}({rest}) or {fn} {rest}",
                          tok.start, tok.end)

    def _known(self, word: str) -> bool:
        return word in CONSTANTS or self.scope.is_function(word) or self.scope.is_variable(word)

    def _segment(self, word: str) -> list[str] | None:
        # fewest pieces wins, so `pi` stays pi rather than p*i
        best: dict[int, list[str]] = {0: []}
        longest = max([len(w) for w in GREEK] + [len(w) for w in self.scope.variables] + [2])
        for end in range(1, len(word) + 1):
            options = [
                best[s] + [word[s:end]]
                for s in range(max(0, end - longest), end)
                if s in best and self._piece(word[s:end])
            ]
            if options:
                best[end] = min(options, key=len)
        found = best.get(len(word))
        if found is None or (self.scope.free and not self.scope.variables and len(found) > 3):
            return None
        return found

    def _piece(self, word: str) -> bool:
        return word in ("e", "pi") or self.scope.is_variable(word)

    def _looks_like_function(self, word: str) -> bool:
        import difflib  # only on the error path

        return bool(difflib.get_close_matches(word, list(FUNCTIONS) + list(FUNCTION_ALIASES), 1, 0.6))

    def _unknown(self, tok: Token, paren: bool):
        kind = "function" if paren else "name"
        pool = (
            list(FUNCTIONS) + list(FUNCTION_ALIASES)
            if paren
            else [w for w in self.scope.known_words() if not self.scope.is_function(w)]
        )
        import difflib

        close = difflib.get_close_matches(tok.text, pool, 1, 0.6)
        hint = f": did you mean `{close[0]}`?" if close else ""
        if not paren and not close and self.scope.variables:
            names = ", ".join(sorted(self.scope.variables))
            hint = f" (this answer can use {names})"
        self.fail(f"unknown {kind} `{tok.text}`{hint}", tok.start, tok.end)
