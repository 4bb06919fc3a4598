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

_HEADER = ("id", "title", "topic", "source")
MAX_ORDER = 10**6
MAX_DEPTH = 32  # folders searched for problem files below a problems folder


@dataclass(frozen=True)
class Entry:
    """A problem file's header: enough to list it and find it."""

    id: str
    title: str
    topic: str
    source: str
    order: int
    path: Path
    requires: tuple[str, ...] = ()  # the problem ids or topics it builds on (problem.prerequisites)
    practise: tuple[str, ...] = ()  # the problems its named mistakes point to


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


def problem_files(paths: list[Path], unreadable: list[ProblemFileError] | None = None) -> list[Path]:
    """The .yaml/.yml files in `paths`; folders that cannot be read are added to `unreadable`."""
    files: list[Path] = []

    def report(exc: OSError) -> None:
        if unreadable is not None:
            where = exc.filename or "a folder"
            unreadable.append(ProblemFileError(where, [Issue(str(where), None, "", f"cannot read: {exc.strerror}")]))

    for p in paths:
        try:
            is_dir, is_file = p.is_dir(), p.is_file()
        except OSError as exc:  # a name too long, a loop of links
            report(exc)
            continue
        if is_dir:
            files.extend(sorted(q for q in _walk(p, report, unreadable) if q.is_file()))
        elif is_file:
            files.append(p)
    return files


def _walk(top: Path, report, unreadable: list[ProblemFileError] | None) -> list[Path]:
    """The problem files under `top`, folder by folder without recursion (a pack nested 1,000 deep
    must not exhaust Python's stack); folders deeper than MAX_DEPTH are named and left out. Links to
    folders are not followed (as os.walk)."""
    found: list[Path] = []
    stack = [(top, 0)]
    while stack:
        folder, depth = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            report(exc)
            continue
        subfolders = []
        for e in entries:
            try:
                if e.is_dir(follow_symlinks=False):
                    subfolders.append(Path(e.path))
                elif e.name.endswith((".yaml", ".yml")):
                    found.append(Path(e.path))
            except OSError as exc:
                report(exc)
        if subfolders and depth >= MAX_DEPTH:
            if unreadable is not None:
                unreadable.append(ProblemFileError(folder, [Issue(
                    str(folder), None, "", f"folders nested more than {MAX_DEPTH} deep are not searched")]))
            continue
        stack.extend((f, depth + 1) for f in reversed(subfolders))
    return found


def scan(extra: list[Path] | None = None, files: list[Path] | None = None) -> Bank:
    """Read the headers of every problem file; broken files are collected, not raised."""
    bank = Bank()
    dirs = search_dirs(extra)
    for d in dirs[1:] if files is None else []:
        if not d.exists():
            bank.broken.append(ProblemFileError(d, [Issue(str(d), None, "", "no such folder or file")]))
    for path in files if files is not None else problem_files(dirs, bank.broken):
        header = cache.header(path)
        if header is None:
            try:
                header = _read_header(path)
            except ProblemFileError as exc:
                bank.broken.append(exc)
                continue
            except Exception as exc:  # noqa: BLE001  a stranger's file must never stop the bank
                bank.broken.append(ProblemFileError(path, [Issue(str(path), None, "", f"cannot read: {exc}")]))
                continue
            cache.store_header(path, header)
        entry = Entry(header["id"], header["title"], header["topic"], header["source"], header["order"], path,
                      _names(header.get("requires")), _names(header.get("practise")))
        if entry.id in bank.entries:
            first = bank.entries[entry.id].path
            bank.broken.append(ProblemFileError(path, [Issue(str(path), None, "id",
                                                             f"id '{entry.id}' is already defined in {first}")]))
            continue
        bank.entries[entry.id] = entry
    _refuse_topic_names(bank)
    cache.flush()
    return bank


def _refuse_topic_names(bank: Bank) -> None:
    """A problem may not take a topic's name: `practice calculus` must stay the calculus topic."""
    topics = {e.topic for e in bank.entries.values()}
    for entry in list(bank.entries.values()):
        if entry.id in topics and entry.topic != entry.id:
            del bank.entries[entry.id]
            bank.broken.append(ProblemFileError(entry.path, [Issue(
                str(entry.path), None, "id", f"id '{entry.id}' is the name of a topic; choose another id")]))


def _read_header(path: Path) -> dict:
    data, _ = read_yaml(path, lines=False)
    header = {k: data.get(k) for k in _HEADER}
    missing = [k for k, v in header.items() if not isinstance(v, str) or not v]
    shown = [k for k in _HEADER if k not in missing and not header[k].isprintable()]
    if missing or shown:
        lines = read_yaml(path)[1]  # a second pass, only for the error message
        issues = [Issue(str(path), lines.get((k,)), k, "required field is missing or not text") for k in missing]
        issues += [Issue(str(path), lines.get((k,)), k, "control characters are not allowed") for k in shown]
        raise ProblemFileError(path, issues)
    order = data.get("order", 50)
    header["order"] = order if isinstance(order, int) and abs(order) <= MAX_ORDER else 50
    header["requires"] = list(_names(data.get("requires")))
    parts = data.get("parts") if isinstance(data.get("parts"), list) else []
    header["practise"] = list(_names([m.get("practise") for p in parts if isinstance(p, dict)
                                      for m in (p.get("mistakes") if isinstance(p.get("mistakes"), list) else [])
                                      if isinstance(m, dict) and m.get("practise")]))
    return header


def _names(value) -> tuple[str, ...]:
    """`requires:` as names; any other shape is none here (loading the file reports it)."""
    if not isinstance(value, list):
        return ()
    return tuple(v for v in value if isinstance(v, str) and v.isprintable())


_loaded: dict[Path, object] = {}


def load_problem(entry: Entry):
    """The fully validated Problem of an entry (cached); raises ProblemFileError."""
    from mathquiz.problem.loading import load

    if entry.path not in _loaded:
        _loaded[entry.path] = load(entry.path)[0]
    return _loaded[entry.path]
