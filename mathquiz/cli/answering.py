"""What a practice or review session needs at the terminal: saving each part as it is answered, the
view (what is shown, and the worked solution offered after the last part), and reading answers
(the live prompt, or plain lines)."""

from __future__ import annotations

import os
import sys

from mathquiz.cli import streams
from mathquiz.cli.app import open_store, render


class Recorder:
    """Saves each answered part as it is answered; a store that fails is reported once."""

    def __init__(self, enabled: bool):
        self.store = None
        self.session = None
        if not enabled:
            return
        from mathquiz.record.store import StoreError
        from mathquiz.study.practice import new_session_id

        self.session = new_session_id()
        try:
            self.store = open_store()
        except StoreError as exc:
            render.note(f"{exc} — this session is not saved")

    def __call__(self, inst, result, mode: str) -> None:
        if self.store is None:
            return
        from mathquiz.record.store import AttemptRecord, StoreError

        try:
            self.store.record(AttemptRecord(
                problem_id=inst.id, topic=inst.problem.topic, seed=inst.seed, part=result.part,
                verdict=result.verdict, attempts=result.attempts, hints=result.hints,
                seconds=result.seconds, answer=result.answer, mistake=result.mistake,
                mode=mode, session=self.session,
                derivation=tuple(result.derivation["lines"]) if result.derivation else ()))
        except StoreError as exc:
            render.note(f"{exc} — answers from now on are not saved")
            self.store = None

    def finish(self, result, mode: str):
        """A problem instance is over (finished, quit or interrupted): its answered parts move the
        problem's card (record.cards), in every mode but cramming. (rating, card) or None."""
        if self.store is None or not result.results:
            return None
        from mathquiz.record.schedule import learn
        from mathquiz.record.store import StoreError
        from mathquiz.study.guided import again_mode

        try:
            moved = learn(self.store, result.instance.id, result.results, mode)
            for again in result.practised:  # a part asked again after guided steps, after the instance
                moved = _rated(moved, learn(self.store, again.instance.id, again.results, again_mode(mode)))
            return moved
        except StoreError as exc:
            render.note(f"{exc} — the next review of {result.instance.id} is not scheduled")
            return None

    def close(self) -> None:
        if self.store is not None:
            self.store.close()


def _rated(first, then):
    """The instance's own rating with the card as it stands after the part was practised again."""
    if first is None or then is None:
        return first or then
    return first[0], then[1]


class View:
    """What practice shows, through render; silent for --json.

    After the last part the worked solution is offered, not pushed, so the verdict stays in view:
    a key shows it (through the pager when it is long). `always` (--solutions, or
    MATHQUIZ_SOLUTIONS=always) shows it every time, as piped sessions do."""

    def __init__(self, quiet: bool, total: int, reader=None, always: bool = False):
        self.quiet, self.total, self.count = quiet, total, 0
        self.reader = reader
        self.always = always or solutions_always() or not getattr(reader, "interactive", True)

    def problem(self, inst):
        self.count += 1
        if not self.quiet:
            render.show_problem(inst, self.count, self.total)

    def part(self, inst, part):
        if self.reader is not None:
            self.reader.focus(part)
        if not self.quiet:
            render.show_part(inst, part)

    def graded(self, event, part):
        if not self.quiet:
            render.show_graded(event, part)

    def hint(self, text):
        if not self.quiet:
            render.show_hint(text)

    def worked(self, event):
        if not self.quiet:
            from mathquiz.render.working import show_working

            show_working(event)

    def help(self):
        if not self.quiet:
            render.show_help()

    def skipped(self, part):
        if not self.quiet:
            render.show_skipped(part)

    def refused(self, message):
        self._guiding("show_refused", message)

    def offer_guide(self, inst, part, last: bool) -> str:
        """After a wrong final answer (at a terminal): `g` walks through the part's steps; at the
        last part `s` shows the worked solution as well (one question, not two in a row)."""
        if self.quiet or self.reader is None or not getattr(self.reader, "interactive", False):
            return ""
        solution = last and not self.always
        n = part.index + 1  # one row at 80 columns: a one-key question is not wrapped
        message = (f"g walks through part {n} · s shows the worked solution · other keys go on" if solution
                   else f"g walks through part {n} step by step · any other key goes on")
        key = self.reader.key(message)
        key = key.lower()
        return "guide" if key == "g" else "solution" if key == "s" and solution else ""

    def guide_start(self, guide):
        self._guiding("show_start", guide)

    def guide_step(self, guide, step):
        self._guiding("show_step", guide, step)

    def guide_try(self, guide, step, tried):
        self._guiding("show_try", guide, step, tried)

    def guide_help(self):
        self._guiding("show_help")

    def again(self, inst, part):
        """The part asked again with fresh numbers: shown like any part (the live reading follows it)."""
        if self.reader is not None:
            self.reader.focus(part)
        self._guiding("show_again", inst, part)

    def back(self, inst):
        self._guiding("show_back", inst)

    def guide_end(self, guided):
        self._guiding("show_end", guided)

    def _guiding(self, name: str, *args) -> None:
        """Guided steps on screen (render.guiding, imported when a walk starts)."""
        if not self.quiet:
            from mathquiz.render import guiding

            getattr(guiding, name)(*args)

    def solution(self, inst):
        if not self.quiet:
            with render.paged():
                render.show_solution(inst, monte_carlo(inst))

    def finished(self, inst, seen: bool):
        """The last part is answered: the worked solution, if wanted and not seen already."""
        if self.quiet or seen:
            return
        if self.always or self.reader is None:
            self.solution(inst)
        elif self.reader.key("s shows the worked solution · any other key goes on") in ("s", "S"):
            self.solution(inst)


def solutions_always() -> bool:
    """The setting MATHQUIZ_SOLUTIONS=always: show every worked solution without asking."""
    return os.environ.get("MATHQUIZ_SOLUTIONS", "").strip().lower() in ("always", "1", "yes")


def monte_carlo(inst) -> list:
    from mathquiz.proof.montecarlo import CheckError, run

    try:
        return [run(check, inst.values, inst.seed) for check in inst.problem.checks]
    except CheckError as exc:
        render.note(f"Monte-Carlo check skipped: {exc}")
        return []


class LineReader:
    """input() with line editing at a terminal; plain lines (no prompt) from a pipe."""

    def __init__(self, interactive: bool):
        self.interactive = interactive
        if interactive:
            try:
                import readline  # noqa: F401  (arrow keys and history for input())
            except ImportError:
                pass

    def focus(self, part) -> None:
        """Which part the next line answers (the live reader needs it; a plain line does not)."""

    def key(self, message: str) -> str:
        """One choice typed as a line (a plain terminal has no single keys)."""
        return self(f"{message} (then Enter) › ").strip()[:1]

    def __call__(self, prompt) -> str:
        prompt = prompt() if callable(prompt) else prompt
        if self.interactive:
            try:
                return input(prompt)
            except EOFError:  # Ctrl-D echoes nothing: what follows starts on a line of its own
                print(flush=True)
                raise
            except OSError:  # EIO: the terminal went away; that ends input, as Ctrl-D does
                raise EOFError from None
        line = streams.read_line(streams.LINE_LIMIT)  # a line with no end is read no further
        if line is None:
            raise EOFError
        return line


def answer_reader(interactive: bool):
    """The live prompt (prompt_toolkit, the reading shown as you type) for a person at a terminal;
    the plain line reader for piped input, --json and --plain."""
    if interactive and sys.stdout.isatty() and not render.plain:
        from mathquiz.render.prompt import LiveReader

        return LiveReader()
    return LineReader(interactive)
