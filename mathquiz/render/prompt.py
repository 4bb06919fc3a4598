"""The answer prompt at a terminal: prompt_toolkit, with how the answer is read shown as it is typed.

Only a person at a terminal gets it (never --plain, --json or piped input), and prompt_toolkit is
imported when the first prompt is made, so `--help`, `list` and `solve` pay nothing for it.
The bottom toolbar shows the reading only (`read as: …` or why the text cannot be read yet),
never a verdict: grading happens on Enter, and in an exam not even then.
"""

from __future__ import annotations

from dataclasses import dataclass

from mathquiz.expression.limits import ParseError
from mathquiz.expression.printing import to_unicode
from mathquiz.problem.part_grading import grade, precision_wanted, read
from mathquiz.problem.static_checks import EXPRESSION_KINDS
from mathquiz.study.derivation import split_lines
from mathquiz.study.session import COMMANDS, DONE, WORK


@dataclass(frozen=True)
class Reading:
    """What the toolbar says about the text typed so far."""

    line: str
    error: tuple[int, int] | None = None  # the span of the typed text that cannot be read
    ok: bool = True


def fit(line: str, width: int) -> str:
    """One line of at most `width` characters, cut with … (the toolbar never wraps)."""
    return line if len(line) <= width else line[: max(0, width - 1)] + "…"


def idle_line(part) -> str:
    wanted = precision_wanted(part)
    return f"{wanted} · Enter submits · ↑ earlier answers" if wanted else "Enter submits · ↑ earlier answers"


def _read_expression(part, typed: str, lead: int) -> Reading:
    try:
        node = read(part, typed)
    except ParseError as exc:
        start, end = exc.start + lead, exc.end + lead
        return Reading(f"cannot read (column {start + 1}): {exc.message}", (start, end), ok=False)
    return Reading("read as: " + to_unicode(node))


def reading(part, text: str) -> Reading:
    """How `text` reads as an answer to `part`: the compact one-line form, or the parse error
    with its column. Parsing only (about 0.3 ms): nothing here grades."""
    typed = text.strip()
    if not typed:
        return Reading(idle_line(part))
    if typed.lower() in (*COMMANDS, WORK, DONE):
        return Reading(f"command: {typed.lower()}")
    if typed.startswith(("=", "&")):  # a line of working: `= 2x`, `&= 2x \\` (study.derivation)
        pieces = split_lines(typed)
        typed = pieces[-1] if pieces else typed
        lead = max(text.find(typed), 0)
        return _read_expression(part, typed, lead) if part.part.kind in EXPRESSION_KINDS else Reading("")
    lead = len(text) - len(text.lstrip())
    if part.part.kind in EXPRESSION_KINDS:
        return _read_expression(part, typed, lead)
    # shapes, choices, orderings: grade() only normalises these (no equivalence check), and only
    # its reading is shown, never whether it is right
    verdict = grade(part, typed)
    if verdict.status == "invalid":
        return Reading(f"cannot read: {verdict.reason}", ok=False)
    return Reading("read as: " + verdict.read_as)


class LiveReader:
    """Reads one answer line with prompt_toolkit: editing, history (↑), Ctrl-C raises
    KeyboardInterrupt and Ctrl-D EOFError, as input() does; the toolbar follows each keystroke."""

    def __init__(self) -> None:
        from prompt_toolkit import PromptSession
        from prompt_toolkit.history import InMemoryHistory
        from prompt_toolkit.styles import Style

        self.part = None
        self._last: tuple[object, str, Reading] | None = None
        self.session = PromptSession(history=InMemoryHistory(), lexer=_ErrorMarks(self),
                                     bottom_toolbar=self._toolbar,
                                     style=Style.from_dict({"unreadable": "underline"}))

    def focus(self, part) -> None:
        """The part the next answers are for (its scope decides how text is read)."""
        self.part = part

    def __call__(self, prompt: str) -> str:
        try:
            return self.session.prompt(prompt)
        except OSError:  # EIO: the terminal went away; that ends input, as Ctrl-D does
            raise EOFError from None

    def current(self, text: str) -> Reading | None:
        """The reading of `text`, computed once per text (the toolbar and the marks both ask)."""
        if self.part is None:
            return None
        if self._last is not None and self._last[0] is self.part and self._last[1] == text:
            return self._last[2]
        try:
            result = reading(self.part, text)
        except Exception:  # a reading is a courtesy: it must never break the prompt itself
            result = Reading("")
        self._last = (self.part, text, result)
        return result

    def _toolbar(self):
        from prompt_toolkit.application import get_app

        result = self.current(self.session.default_buffer.text)
        if result is None or not result.line:
            return None
        width = get_app().output.get_size().columns - 1
        return [("class:bottom-toolbar.text" if result.ok else "class:bottom-toolbar.error",
                 " " + fit(result.line, width - 1))]


def _ErrorMarks(owner: LiveReader):  # noqa: N802 - builds a prompt_toolkit Lexer subclass lazily
    """Underlines the part of the typed text that cannot be read."""
    from prompt_toolkit.lexers import Lexer

    class ErrorMarks(Lexer):
        def lex_document(self, document):
            result = owner.current(document.text)

            def line(number: int):
                text = document.lines[number]
                if result is None or result.error is None or number:
                    return [("", text)]
                a, b = result.error
                return [("", text[:a]), ("class:unreadable", text[a:b]), ("", text[b:])]

            return line

    return ErrorMarks()
