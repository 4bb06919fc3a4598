"""A cache of problem-file headers and validated problems, keyed by each file's size and mtime.

Start-up then skips YAML parsing for listing and pydantic for loading. The cache is only an
accelerator: a missing, stale or damaged cache file is silently rebuilt, and a failed write is
ignored. Entries are invalidated when the file or mathquiz's format code changes.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import os
import types
import typing
from pathlib import Path

VERSION = 1
_FORMAT_MODULES = ("problem/format.py", "problem/static_checks.py", "problem/files.py", "problem/cache.py",
                   "expression/parser.py", "expression/scope.py", "expression/limits.py", "expression/tokens.py",
                   "expression/expr.py")
_state: dict | None = None
_dirty = False


def _stamp() -> list[int]:
    here = Path(__file__).parent.parent  # the mathquiz package
    return [VERSION] + [(here / name).stat().st_mtime_ns for name in _FORMAT_MODULES]


class NoHomeError(OSError):
    """There is no home folder to keep mathquiz's data in (and MATHQUIZ_HOME names none)."""


def user_folder(kind: str) -> Path:
    """$MATHQUIZ_HOME (for "data"; its `cache` folder for "cache"), else the platform's user data or
    cache folder. Raises NoHomeError when the home folder cannot be determined: `~nosuchuser/x`,
    or HOME unset for a user without a passwd entry (a container)."""
    home = os.environ.get("MATHQUIZ_HOME")
    try:
        if home:
            path = Path(home).expanduser() / ("cache" if kind == "cache" else "")
        else:
            import platformdirs

            path = Path(getattr(platformdirs, f"user_{kind}_dir")("mathquiz", appauthor=False))
    except (RuntimeError, KeyError, ValueError) as exc:
        raise NoHomeError(f"no home folder to keep mathquiz's {kind} in: {exc}") from exc
    if str(path).startswith("~"):  # os.path.expanduser leaves "~" when it finds no home
        raise NoHomeError(f"no home folder to keep mathquiz's {kind} in (set MATHQUIZ_HOME to one)")
    return path


def cache_dir() -> Path:
    """Rebuildable data (the problem cache): $MATHQUIZ_HOME/cache, else the platform's cache folder;
    raises NoHomeError (an OSError: the cache is then simply not used)."""
    return user_folder("cache")


def _file() -> Path:
    return cache_dir() / "problems.json"


def _entries() -> dict:
    global _state
    if _state is None:
        _state = {"stamp": _stamp(), "files": {}}
        try:
            data = json.loads(_file().read_text(encoding="utf-8"))
            if isinstance(data, dict) and data.get("stamp") == _state["stamp"] and isinstance(data.get("files"), dict):
                _state = data
        except (OSError, ValueError, RecursionError):
            pass  # no cache yet, or a damaged one (any JSON of another shape too): start afresh
    return _state["files"]


def _key(path: Path) -> list[int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_mtime_ns, st.st_size]


def _entry(path: Path, create: bool = False) -> dict | None:
    files = _entries()
    key = _key(path)
    name = str(path.resolve())
    entry = files.get(name)
    if isinstance(entry, dict) and entry.get("key") == key:
        return entry
    if not create or key is None:
        return None
    files[name] = {"key": key}
    return files[name]


def header(path: Path) -> dict | None:
    """The cached header of an unchanged file, if it has the shape a header has (else a miss)."""
    entry = _entry(path)
    value = entry.get("header") if entry else None
    if not isinstance(value, dict) or not isinstance(value.get("order"), int):
        return None
    texts = [value.get(k) for k in ("id", "title", "topic", "source")]
    if not all(isinstance(t, str) and t and t.isprintable() for t in texts):
        return None
    return value


def store_header(path: Path, values: dict) -> None:
    global _dirty
    entry = _entry(path, create=True)
    if entry is not None:
        entry["header"] = values
        _dirty = True


def problem(path: Path):
    """The validated Problem of an unchanged file, or None."""
    entry = _entry(path)
    if not entry or "problem" not in entry:
        return None
    from mathquiz.problem.format import Problem

    if _controls(entry["problem"]):  # a cache written by someone else: never show its escapes
        return None
    try:
        return build(Problem, entry["problem"])
    except Exception:  # noqa: BLE001  any cached value of another shape is a miss, never an error
        return None


def _controls(value) -> bool:
    """Whether any text in a JSON value has a control character other than newline and tab."""
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, str):
            if not v.isprintable() and any(not c.isprintable() and c not in "\n\t" for c in v):
                return True
        elif isinstance(v, dict):
            stack.extend(v.keys())
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
    return False


def store_problem(path: Path, value) -> None:
    global _dirty
    entry = _entry(path, create=True)
    if entry is not None:
        entry["problem"] = dataclasses.asdict(value)
        _dirty = True
        flush()


def file_key(path: Path) -> list[int] | None:
    """What an entry of `path` is valid for (taken before reading it: a file changed while being
    read is then a miss, never stale)."""
    return _key(path)


def store_problems(found: list[tuple[Path, list[int], dict]]) -> None:
    """Problems loaded elsewhere (validate's workers), as (path, its file_key, asdict of the
    Problem), written in one go."""
    global _dirty
    files = _entries()
    for path, key, data in found:
        name = str(path.resolve())
        entry = files.get(name)
        if not isinstance(entry, dict) or entry.get("key") != key:
            entry = files[name] = {"key": key}
        entry["problem"] = data
        _dirty = True
    flush()


def flush() -> None:
    """Write the cache if it changed (atomically; failures are ignored: it is only a cache)."""
    global _dirty
    if not _dirty or _state is None:
        return
    _dirty = False
    import tempfile  # only when writing: most starts read the cache and never get here

    try:
        folder = _file().parent
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".problems-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(_state, out)
        os.replace(tmp, _file())
    except OSError:
        pass


@functools.cache
def _hints(cls) -> dict:
    return typing.get_type_hints(cls)  # slow (it evaluates every annotation): once per class


def build(tp, value):
    """Rebuild typed dataclasses from plain JSON data (the inverse of dataclasses.asdict)."""
    if dataclasses.is_dataclass(tp):
        hints = _hints(tp)
        return tp(**{k: build(hints[k], v) for k, v in value.items()})
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is list:
        return [build(args[0], v) for v in value]
    if origin is dict:
        return {k: build(args[1], v) for k, v in value.items()}
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:  # tuple[str, ...]
        return tuple(build(args[0], v) for v in value)
    if origin is tuple:
        return tuple(build(a, v) for a, v in zip(args, value, strict=True))
    if origin in (typing.Union, types.UnionType):
        if value is None:
            return None
        for arg in args:
            if dataclasses.is_dataclass(arg) and isinstance(value, dict):
                return build(arg, value)
            if typing.get_origin(arg) in (list, tuple) and isinstance(value, list):
                return build(arg, value)
        return value
    return value
