"""Reading problem files as YAML, with the line of every field, and the errors they produce.

Kept free of pydantic and SymPy so listing the bank stays fast.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

MAX_FILE_BYTES = 200_000


@dataclass(frozen=True)
class Issue:
    """One problem in a problem file, located by line and field."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{visible(self.file)}:{self.line}" if self.line else visible(self.file)
        return f"{where}: {self.field + ': ' if self.field else ''}{visible(self.message)}"


def visible(text: str) -> str:
    """`text` with every control character (terminal escapes included) shown as a \\x.. code, so
    a hostile file name, title or message is shown, never obeyed, by the terminal."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() or c in " \n" else ascii(c)[1:-1] for c in text)


class ProblemFileError(Exception):
    """A problem file that cannot be used; carries every issue found in it."""

    def __init__(self, path: Path | str, issues: list[Issue]):
        super().__init__("\n".join(map(str, issues)))
        self.path = Path(path)
        self.issues = issues


def _line_map(node) -> dict[tuple, int]:
    """Map each field path of a composed YAML tree to its 1-based line (a loop: files may nest deep)."""
    import yaml

    out: dict[tuple, int] = {}
    stack = [(node, ())]
    while stack:
        node, path = stack.pop()
        out[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                k = key.value
                out[path + (k,)] = key.start_mark.line + 1
                stack.append((value, path + (k,)))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, path + (i,)) for i, item in enumerate(node.value))
    return out


def line_of(lines: dict[tuple, int], loc: tuple) -> int | None:
    loc = tuple(loc)
    while loc and loc not in lines:
        loc = loc[:-1]
    return lines.get(loc)


def field_name(loc: tuple) -> str:
    return ".".join(str(p) if not isinstance(p, int) else f"[{p + 1}]" for p in loc).replace(".[", "[")


def read_yaml(path: Path, lines: bool = True) -> tuple[Any, dict[tuple, int]]:
    """Safe-load a file (and map fields to lines); ProblemFileError for unreadable or malformed YAML."""
    import yaml  # here, not at the top: a start-up served from the cache never needs it

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    name = str(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ProblemFileError(path, [Issue(name, None, "", f"file larger than {MAX_FILE_BYTES} bytes")])
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ProblemFileError(path, [Issue(name, None, "", f"cannot read: {exc}")]) from None
    try:
        for event in yaml.parse(text, Loader=loader):
            # aliases let a few lines expand to billions of nodes (a "billion laughs" file)
            if isinstance(event, yaml.AliasEvent):
                line = event.start_mark.line + 1
                issue = Issue(name, line, "", "YAML aliases (*name) are not allowed in problem files")
                raise ProblemFileError(path, [issue])
        data = yaml.load(text, Loader=loader)
        node = yaml.compose(text, Loader=loader) if lines else None  # a second pass: only when asked
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        line = mark.line + 1 if mark else None
        raise ProblemFileError(path, [Issue(name, line, "", f"invalid YAML: {problem}")]) from None
    except ProblemFileError:
        raise
    except Exception as exc:  # noqa: BLE001  the YAML reader's constructors raise almost anything
        # for values they refuse: `2001-13-45` (ValueError), `!!int ""` (IndexError), `!!bool maybe`
        # (KeyError), a 5000-digit number, nesting deeper than the reader's stack (RecursionError)
        what = "nested too deeply" if isinstance(exc, RecursionError) else str(exc).split("\n")[0]
        what = f"{what.split(';')[0]} ({type(exc).__name__})" if what else type(exc).__name__
        raise ProblemFileError(path, [Issue(name, None, "", f"invalid YAML value: {what}")]) from None
    if not isinstance(data, dict):
        raise ProblemFileError(path, [Issue(name, 1, "", "a problem file must be a mapping of fields (id, title, …)")])
    return data, _line_map(node) if node is not None else {}


