"""The standard streams as the user's shell left them: closed, full, a pipe that went away, bytes
that are not UTF-8, a terminal that cannot show Unicode. None of these is an internal error.

- A closed stdin reads as end of input; a closed stdout or stderr writes nowhere.
- When stdout stops taking output (a pipe closed by `head`, a full disk), the rest of the output is
  dropped and the command carries on, so piped answers are still graded and saved; a full disk or
  an I/O error is reported at the end (a closed pipe is what the reader asked for, not an error).
- Bytes on stdin that are not UTF-8 become U+FFFD, so the line is read (and refused as an answer)
  and the lines before it are kept.
- Output an ASCII or Latin-1 terminal cannot show is written in ASCII forms: Aᵀ as A^T, x² as x^2,
  α as alpha, box lines as - and |.

Imports only the standard library.
"""

from __future__ import annotations

import codecs
import errno
import io
import os
import sys
import unicodedata

_ASCII = {
    "ᵀ": "^T", "⋅": "*", "·": "*", "×": "x", "−": "-", "–": "-", "—": "-", "…": "...", "√": "sqrt",
    "‖": "||", "∇": "grad ", "∂": "d", "∈": " in ", "ℝ": "R", "≤": "<=", "≥": ">=", "≠": "!=",
    "≈": "~", "→": "->", "←": "<-", "⊙": ".*", "∑": "sum", "∏": "prod", "∞": "inf", "±": "+-",
    "✔": "ok", "✓": "ok", "✘": "x", "✗": "x", "•": "*", "›": ">", "‹": "<", "°": " deg",
    "⁻": "^-", "δ": "delta", "π": "pi", "σ": "sigma", "μ": "mu", "λ": "lambda", "θ": "theta",
    "α": "alpha", "β": "beta", "γ": "gamma", "ε": "epsilon", "η": "eta", "ρ": "rho", "τ": "tau",
    "φ": "phi", "ψ": "psi", "ω": "omega", "ξ": "xi", "χ": "chi", "ζ": "zeta", "ν": "nu",
    "Σ": "Sigma", "Δ": "Delta", "Λ": "Lambda", "Ω": "Omega", "Φ": "Phi", "Θ": "Theta",
    "\u2007": " ", "\u00a0": " ", "\ufffd": "?",
}  # fmt: skip
_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


def ascii_form(char: str) -> str:
    """A readable ASCII stand-in for one character."""
    if char in _ASCII:
        return _ASCII[char]
    if char in "⁰¹²³⁴⁵⁶⁷⁸⁹":
        return "^" + char.translate(_SUPERSCRIPT)
    name = unicodedata.name(char, "")
    if name.startswith("BOX DRAWINGS"):  # ─│┌┐╭╮┏┃…: lines and corners
        return "|" if "VERTICAL" in name and "HORIZONTAL" not in name else "-" if "HORIZONTAL" in name else "+"
    if name.startswith(("UPPER ", "LEFT ", "RIGHT ")) and ("BRACKET" in name or "PARENTHESIS" in name):
        return "|"  # the pieces of tall brackets around a matrix
    plain = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
    return plain or "?"


def _ascii_errors(exc: UnicodeError):
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    text = exc.object[exc.start:exc.end]
    return "".join(ascii_form(c) for c in text), exc.end


codecs.register_error("mathquiz-ascii", _ascii_errors)


class _Tolerant(io.TextIOBase):
    """stdout that drops output once the other end stops taking it, remembering why."""

    def __init__(self, stream):
        self._stream = stream
        self.failure: OSError | None = None

    def __getattr__(self, name):
        return getattr(self._stream, name)

    def _guard(self, action, *args):
        if self.failure is None:
            try:
                return action(*args)
            except (OSError, ValueError) as exc:
                self.failure = exc if isinstance(exc, OSError) else OSError(errno.EBADF, str(exc))
        return None

    def write(self, text: str) -> int:
        self._guard(self._stream.write, text)
        return len(text)

    def flush(self) -> None:
        self._guard(self._stream.flush)

    def isatty(self) -> bool:
        return self.failure is None and self._stream.isatty()

    def fileno(self) -> int:
        return self._stream.fileno()

    @property
    def encoding(self):
        return self._stream.encoding

    @property
    def errors(self):
        return self._stream.errors

    def writable(self) -> bool:
        return True


def _usable(stream) -> bool:
    try:
        return stream is not None and os.fstat(stream.fileno()) is not None
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        return stream is not None and not getattr(stream, "closed", True)


def _needs_ascii(stream) -> bool:
    try:
        "ᵀ─│⋅−".encode(stream.encoding or "ascii")
        return False
    except (UnicodeEncodeError, LookupError):
        return True


def prepare() -> None:
    """Make the three streams safe to use for the rest of the run."""
    if not _usable(sys.stdin):
        sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115  (lives as long as the process)
    elif hasattr(sys.stdin, "reconfigure"):
        sys.stdin.reconfigure(errors="replace")
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if not _usable(stream):
            stream = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
        elif hasattr(stream, "reconfigure") and _needs_ascii(stream):
            stream.reconfigure(errors="mathquiz-ascii")
        setattr(sys, name, stream)
    if not isinstance(sys.stdout, _Tolerant):
        sys.stdout = _Tolerant(sys.stdout)


def output_failure() -> OSError | None:
    """Why stdout stopped taking output, unless it was a closed pipe (the reader had enough)."""
    failure = getattr(sys.stdout, "failure", None)
    if failure is None or isinstance(failure, BrokenPipeError) or failure.errno == errno.EPIPE:
        return None
    return failure
