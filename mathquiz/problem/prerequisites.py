"""The prerequisite graph of a bank: which problems a problem builds on (its file's `requires:`).

A file names problem ids or topics (a topic stands for every problem of it, the problem itself
left out). The graph is checked by `validate` (every name known, no cycle) and read by review,
plan, `practice today`, `map` and `diagnose`: new problems are introduced prerequisites first.
Plain data: a bank's entries in, ids out; nothing is loaded beyond the file headers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Graph:
    """Direct prerequisites per problem id (only known ids), and the names that were unknown."""

    requires: dict[str, tuple[str, ...]]
    unknown: dict[str, tuple[str, ...]] = field(default_factory=dict)  # id -> names no problem or topic has

    def dependents(self) -> dict[str, tuple[str, ...]]:
        """Direct dependents per problem id (the reverse edges), every id present."""
        out: dict[str, list[str]] = {p: [] for p in self.requires}
        for p, reqs in self.requires.items():
            for r in reqs:
                out[r].append(p)
        return {p: tuple(sorted(v)) for p, v in out.items()}

    def ancestors(self, pid: str) -> set[str]:
        """Every problem `pid` builds on, directly or not."""
        return _closure(pid, self.requires)

    def descendants(self, pid: str) -> set[str]:
        """Every problem that builds on `pid`, directly or not."""
        return _closure(pid, self.dependents())

    def cycle(self) -> list[str] | None:
        """One cycle as a path [a, b, …, a], or None when the graph has none."""
        colour: dict[str, int] = {}  # 1: on the path being walked, 2: done
        for start in sorted(self.requires):
            if colour.get(start):
                continue
            path, stack = [start], [iter(self.requires[start])]
            colour[start] = 1
            while stack:
                nxt = next(stack[-1], None)
                if nxt is None:
                    colour[path.pop()] = 2
                    stack.pop()
                elif colour.get(nxt) == 1:
                    return path[path.index(nxt):] + [nxt]
                elif not colour.get(nxt):
                    colour[nxt] = 1
                    path.append(nxt)
                    stack.append(iter(self.requires.get(nxt, ())))
        return None

    def depth(self) -> dict[str, int]:
        """The longest chain of prerequisites below each problem (0: builds on nothing). Sorting by
        depth puts every problem after its prerequisites. Needs a graph without a cycle."""
        memo: dict[str, int] = {}
        for start in sorted(self.requires):
            stack = [start]
            while stack:
                p = stack[-1]
                todo = [r for r in self.requires.get(p, ()) if r not in memo]
                if todo:
                    stack.extend(todo)
                    continue
                stack.pop()
                memo[p] = 1 + max((memo[r] for r in self.requires.get(p, ())), default=-1)
        return memo


def _closure(pid: str, edges: Mapping[str, Iterable[str]]) -> set[str]:
    seen: set[str] = set()
    stack = list(edges.get(pid, ()))
    while stack:
        p = stack.pop()
        if p not in seen:
            seen.add(p)
            stack.extend(edges.get(p, ()))
    return seen


def graph(entries: Iterable) -> Graph:
    """The graph of bank entries (each with id, topic and requires)."""
    entries = list(entries)
    by_topic: dict[str, list[str]] = {}
    for e in entries:
        by_topic.setdefault(e.topic, []).append(e.id)
    ids = {e.id for e in entries}
    requires, unknown = {}, {}
    for e in entries:
        found: list[str] = []
        missing = []
        for name in getattr(e, "requires", ()):
            if name in ids:
                found.append(name)
            elif name in by_topic:
                found.extend(p for p in by_topic[name] if p != e.id)
            else:
                missing.append(name)
        requires[e.id] = tuple(dict.fromkeys(p for p in found if p != e.id))
        if missing:
            unknown[e.id] = tuple(missing)
    return Graph(requires, unknown)


def failures(checked: Iterable, known: Iterable) -> dict[str, list[str]]:
    """What `validate` reports about the graph, per id of the `checked` entries: names in
    `requires:` that no known problem or topic has, a named mistake pointing to an unknown problem,
    and a cycle through it. `known` is every problem known (the checked ones win on a shared id)."""
    checked = list(checked)
    everything = {e.id: e for e in known} | {e.id: e for e in checked}
    g = graph(everything.values())
    out: dict[str, list[str]] = {}
    for e in checked:
        for name in g.unknown.get(e.id, ()):
            out.setdefault(e.id, []).append(f"requires: no problem or topic '{name}'")
        for name in getattr(e, "practise", ()):
            if name not in everything:
                out.setdefault(e.id, []).append(f"a mistake's practise: no problem '{name}'")
    loop = g.cycle()
    if loop is not None:
        for pid in set(loop) & {e.id for e in checked}:
            out.setdefault(pid, []).append("requires: a cycle of prerequisites " + " → ".join(loop))
    return out


def introduction_order(bank, ids: Iterable[str]) -> list[str]:
    """`ids` in the order new problems are met: prerequisites first (a problem after everything it
    builds on), then by topic order as `list` shows them. A graph with a cycle (validate reports
    it) falls back to the listing order."""
    ids = list(dict.fromkeys(ids))
    g = graph(bank.entries.values())
    listed = {e.id: n for n, e in enumerate(e for group in bank.topics().values() for e in group)}
    depth = g.depth() if g.cycle() is None else {}
    return sorted(ids, key=lambda p: (depth.get(p, 0), listed.get(p, len(listed)), p))
