"""Finding problem files: the shipped bank, $MATHQUIZ_PATH, and --problems folders.

Listing reads only each file's header fields (no SymPy, no schema validation), so `mathquiz list`
starts fast; a problem is fully loaded and checked when it is used.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path

from mathquiz.problem import cache
from mathquiz.problem.files import Issue, ProblemFileError, read_yaml


@dataclass(frozen=True)
class Entry:
    """A problem file's header: enough to list it and find it."""

    id: str
    title: str
    topic: str
    source: str
    order: int
    path: Path


@dataclass
class Bank:
    """The problems found, by id, and the files that could not be used."""

    entries: dict[str, Entry] = field(default_factory=dict)
    broken: list[ProblemFileError] = field(default_factory=list)

    def topics(self) -> dict[str, list[Entry]]:
        out: dict[str, list[Entry]] = {}
        for e in sorted(self.entries.values(), key=lambda e: (e.topic, e.order, e.id)):
            out.setdefault(e.topic, []).append(e)
        return out

    def resolve(self, names: list[str]) -> list[Entry]:
        """Entries for topic names and problem ids; LookupError with a suggestion otherwise."""
        topics = self.topics()
        out: list[Entry] = []
        for name in names:
            if name in self.entries:
                out.append(self.entries[name])
            elif name in topics:
                out.extend(topics[name])
            else:
                close = difflib.get_close_matches(name, list(topics) + list(self.entries), 1, 0.6)
                hint = f": did you mean '{close[0]}'?" if close else ""
                raise LookupError(f"no topic or problem '{name}'{hint}")
        return out


def shipped_dir() -> Path:
    """problems/ inside the installed package, or beside it in a source checkout."""
    here = Path(__file__).resolve().parent.parent  # the mathquiz package
    inside = here / "problems"
    return inside if inside.is_dir() else here.parent / "problems"


def search_dirs(extra: list[Path] | None = None) -> list[Path]:
    dirs = [shipped_dir()]
    for item in os.environ.get("MATHQUIZ_PATH", "").split(os.pathsep):
        if item.strip():
            dirs.append(Path(item).expanduser())
    dirs.extend(extra or [])
    return dirs


def problem_files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            files.extend(sorted(q for q in p.rglob("*") if q.suffix in (".yaml", ".yml") and q.is_file()))
        elif p.is_file():
            files.append(p)
    return files


def scan(extra: list[Path] | None = None, files: list[Path] | None = None) -> Bank:
    """Read the headers of every problem file; broken files are collected, not raised."""
    bank = Bank()
    dirs = search_dirs(extra)
    for d in dirs[1:] if files is None else []:
        if not d.exists():
            bank.broken.append(ProblemFileError(d, [Issue(str(d), None, "", "no such folder or file")]))
    for path in files if files is not None else problem_files(dirs):
        header = cache.header(path)
        if header is None:
            try:
                header = _read_header(path)
            except ProblemFileError as exc:
                bank.broken.append(exc)
                continue
            cache.store_header(path, header)
        entry = Entry(header["id"], header["title"], header["topic"], header["source"], header["order"], path)
        if entry.id in bank.entries:
            first = bank.entries[entry.id].path
            line = read_yaml(path)[1].get(("id",))
            bank.broken.append(ProblemFileError(path, [Issue(str(path), line, "id",
                                                             f"id '{entry.id}' is already defined in {first}")]))
            continue
        bank.entries[entry.id] = entry
    cache.flush()
    return bank


def _read_header(path: Path) -> dict:
    data, _ = read_yaml(path, lines=False)
    header = {k: data.get(k) for k in ("id", "title", "topic", "source")}
    missing = [k for k, v in header.items() if not isinstance(v, str) or not v]
    if missing:
        lines = read_yaml(path)[1]  # a second pass, only for the error message
        issues = [Issue(str(path), lines.get((k,)), k, "required field is missing or not text") for k in missing]
        raise ProblemFileError(path, issues)
    order = data.get("order", 50)
    header["order"] = order if isinstance(order, int) else 50
    return header


_loaded: dict[Path, object] = {}


def load_problem(entry: Entry):
    """The fully validated Problem of an entry (cached); raises ProblemFileError."""
    from mathquiz.problem.loading import load

    if entry.path not in _loaded:
        _loaded[entry.path] = load(entry.path)[0]
    return _loaded[entry.path]
