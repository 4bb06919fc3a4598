"""The standard streams as the user's shell left them: closed, full, a pipe that went away, bytes
that are not UTF-8, a terminal that cannot show Unicode. None of these is an internal error.

- A closed stdin reads as end of input; a closed stdout or stderr writes nowhere.
- When stdout stops taking output (a pipe closed by `head`, a full disk), the rest of the output is
  dropped and the command carries on, so piped answers are still graded and saved; a full disk or
  an I/O error is reported at the end (a closed pipe is what the reader asked for, not an error).
- Bytes on stdin that are not UTF-8 become U+FFFD, so the line is read (and refused as an answer)
  and the lines before it are kept. Piped input in UTF-16 or UTF-32 (a byte-order mark, or the
  zero bytes of ASCII text in those forms) is read as such.
- A line is read no further than a limit (the rest of it is skipped, in bounded pieces), so a line
  with no end costs no memory; a read error (EIO: a terminal that went away) ends input like a
  closed stdin.
- Output an ASCII or Latin-1 terminal cannot show is written in ASCII forms: Aᵀ as A^T, x² as x^2,
  α as alpha, box lines as - and |. A COLUMNS (or LINES) over 1,000 is taken as 1,000.

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


MAX_COLUMNS = 1000  # a wider COLUMNS (10^8: Rich lays out lines that wide) is taken as this


def _clamp_size() -> None:
    """COLUMNS and LINES within what a terminal has: a huge value would cost memory in every layout."""
    for name in ("COLUMNS", "LINES"):
        value = os.environ.get(name, "").strip()
        if value.isdigit() and int(value) > MAX_COLUMNS:
            os.environ[name] = str(MAX_COLUMNS)


def prepare() -> None:
    """Make the three streams (and the terminal size they are laid out for) safe to use."""
    _clamp_size()
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


LINE_LIMIT = 100_000  # characters of an answer line read (the parser refuses more than 1,000)
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))  # UTF-32 LE before UTF-16 LE
_PEEK = 64  # bytes looked at to tell the encoding
_checked_encoding: list[bool] = []


def _wide_encoding(head: bytes) -> str | None:
    """The encoding piped text starting with `head` is in, when it is UTF-16 or UTF-32 (or UTF-8
    with a byte-order mark). Text in those holds zero bytes (any ASCII character has them) and
    UTF-8 text none, so bytes such as FF FE that merely look like a byte-order mark stay UTF-8."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if b"\0" not in head:
        return None
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    if len(head) >= 4 and head[0] and not head[1]:  # "x\0" or "x\0\0\0": ASCII text, little-endian
        return "utf-32-le" if head[1:4] == b"\0\0\0" else "utf-16-le"
    if len(head) >= 4 and not head[0]:  # "\0x" or "\0\0\0x": big-endian
        return "utf-32-be" if head[:3] == b"\0\0\0" else "utf-16-be"
    return None


def _check_encoding() -> None:
    """Once, before the first line is read from a pipe or file: text in UTF-16 or UTF-32 is decoded
    as such (looking costs nothing until input is read: a prompt shown before is not held up)."""
    if _checked_encoding:
        return
    _checked_encoding.append(True)
    try:
        if sys.stdin.isatty():
            return
        encoding = _peeked_encoding(sys.stdin.buffer)
    except (OSError, ValueError, AttributeError):
        return
    if encoding is not None:  # detached first: the old reader must not close the bytes it shares
        sys.stdin = io.TextIOWrapper(sys.stdin.detach(), encoding=encoding, errors="replace")


def _peeked_encoding(binary) -> str | None:
    return _wide_encoding(binary.peek(_PEEK)[:_PEEK]) if hasattr(binary, "peek") else None


def text_reader(binary) -> io.TextIOWrapper | None:
    """Text from a binary stream in UTF-8, or in UTF-16 or UTF-32 when it starts like them; bytes
    that do not decode become U+FFFD. None when the stream cannot be read."""
    try:
        encoding = _peeked_encoding(binary) or "utf-8"
    except (OSError, ValueError):
        return None
    return io.TextIOWrapper(binary, encoding=encoding, errors="replace")


def read_line(limit: int, stream=None) -> str | None:
    """The next line of `stream` (stdin by default) without its line end, or None at the end of
    input. A read error ends input too. A line longer than `limit` characters comes back cut to
    limit + 1 characters (so the caller can say it is too long), the rest of it skipped."""
    if stream is None:
        _check_encoding()
        stream = sys.stdin
    try:
        line = stream.readline(limit + 1)
        if not line:
            return None
        if len(line) > limit and not line.endswith("\n"):
            rest = line
            while rest and not rest.endswith("\n"):  # skipped in pieces: memory stays bounded
                rest = stream.readline(65536)
        return line.rstrip("\r\n") if line.endswith("\n") else line
    except OSError:  # EIO: the terminal went away (nohup), or a file that cannot be read on
        return None


def lines(limit: int, stream=None):
    """Every line of `stream` (stdin by default), each read as read_line reads it."""
    while (line := read_line(limit, stream)) is not None:
        yield line
