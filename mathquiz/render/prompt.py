"""The answer prompt at a terminal: prompt_toolkit, with how the answer is read shown as it is typed.

Only a person at a terminal gets it (never --plain, --json or piped input), and prompt_toolkit is
imported when the first prompt is made, so `--help`, `list` and `solve` pay nothing for it.
The row directly under the typed line shows the reading only (`read as: …` or why the text cannot
be read yet), wrapped to the width and never cut, and nothing while nothing is typed. It is never a
verdict: grading happens on Enter, and in an exam not even then. (A bottom toolbar would sit on the
terminal's last row, a dozen rows away from the eyes.)
"""

from __future__ import annotations

from dataclasses import dataclass

from mathquiz.expression.limits import ParseError
from mathquiz.expression.notation import read_as
from mathquiz.problem.part_grading import as_meant, grade, read
from mathquiz.problem.static_checks import EXPRESSION_KINDS
from mathquiz.study.derivation import split_lines
from mathquiz.study.session import COMMANDS, DONE, WORK


@dataclass(frozen=True)
class Reading:
    """What the toolbar says about the text typed so far."""

    line: str
    error: tuple[int, int] | None = None  # the span of the typed text that cannot be read
    ok: bool = True


def _read_expression(part, typed: str, lead: int) -> Reading:
    try:
        node = read(part, typed)
    except ParseError as exc:
        start, end = exc.start + lead, exc.end + lead
        return Reading(f"cannot read (column {start + 1}): {exc.message}", (start, end), ok=False)
    return Reading("read as: " + read_as(as_meant(part, node)))


def reading(part, text: str) -> Reading:
    """How `text` reads as an answer to `part`: the compact one-line form, or the parse error
    with its column. Parsing only (about 0.3 ms): nothing here grades."""
    typed = text.strip()
    if not typed:
        return Reading("")  # quiet: the part's own line already says what to type
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
    KeyboardInterrupt and Ctrl-D EOFError, as input() does; the reading under the line follows
    each keystroke. A prompt given as a function is redrawn every second (the exam's clock)."""

    def __init__(self) -> None:
        from prompt_toolkit import PromptSession
        from prompt_toolkit.history import InMemoryHistory
        from prompt_toolkit.styles import Style

        self.part = None
        self._last: tuple[object, str, Reading] | None = None
        self.session = PromptSession(history=InMemoryHistory(), lexer=_ErrorMarks(self),
                                     style=Style.from_dict({"unreadable": "underline", "reading": "",
                                                            "reading.error": "fg:ansiyellow"}))
        _put_under_the_line(self.session, self._below)

    def focus(self, part) -> None:
        """The part the next answers are for (its scope decides how text is read)."""
        self.part = part

    interactive = True

    def key(self, message: str) -> str:
        """One key pressed after `message` (Enter gives ""); Ctrl-C and Ctrl-D as at the prompt."""
        from prompt_toolkit.application import Application
        from prompt_toolkit.key_binding import KeyBindings
        from prompt_toolkit.layout import FormattedTextControl, Layout, Window

        keys = KeyBindings()

        @keys.add("<any>")
        def _pressed(event) -> None:
            data = event.key_sequence[0].data
            event.app.exit(result=data if data.isprintable() else "")

        @keys.add("c-c")
        def _interrupt(event) -> None:
            event.app.exit(exception=KeyboardInterrupt)

        @keys.add("c-d")
        def _end(event) -> None:
            event.app.exit(exception=EOFError)

        shown = Window(FormattedTextControl([("class:reading", message)]), wrap_lines=True,
                       dont_extend_height=True)
        return Application(Layout(shown), key_bindings=keys, erase_when_done=True).run()

    def __call__(self, prompt) -> str:
        try:  # a prompt given as a function is the exam's clock: redrawn every second
            return self.session.prompt(prompt, refresh_interval=1.0 if callable(prompt) else 0)
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

    def _below(self):
        result = self.current(self.session.default_buffer.text)
        if result is None or not result.line:
            return []
        return [("class:reading" if result.ok else "class:reading.error", result.line)]


def _put_under_the_line(session, below) -> None:
    """The reading as a wrapping row right under the input, in place of the bottom toolbar.

    prompt_toolkit lets its input window grow to the bottom of the terminal (a bottom toolbar
    then sits on the last row); the input is kept to its own height, and the rows below stay empty.
    """
    from prompt_toolkit.filters import is_done, to_filter
    from prompt_toolkit.layout import ConditionalContainer, FormattedTextControl, Window

    typed = session.layout.current_window  # the input's window: what the layout focuses first
    typed.dont_extend_height = to_filter(True)
    row = Window(FormattedTextControl(below), wrap_lines=True, dont_extend_height=True)
    session.layout.container.children.insert(1, ConditionalContainer(row, filter=~is_done))


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
