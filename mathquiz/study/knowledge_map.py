"""`mathquiz map` as plain data: the prerequisite graph of some topics with each problem's state in
the memory model (new, learning, known, due), as a tree for the terminal and as JSON."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from mathquiz.problem.prerequisites import graph, introduction_order
from mathquiz.record.cards import LEVELS, level, state


@dataclass(frozen=True)
class Node:
    id: str
    topic: str
    title: str
    requires: tuple[str, ...]  # direct prerequisites
    state: str  # new | learning | known | due
    mastery: str  # a record.cards.LEVELS name


@dataclass(frozen=True)
class Map:
    nodes: dict[str, Node]  # in the order new problems are met
    children: dict[str, tuple[str, ...]]  # direct dependents within the map
    roots: tuple[str, ...]  # problems of the map that build on nothing in it

    def to_json(self) -> dict:
        counts = {s: sum(n.state == s for n in self.nodes.values()) for s in ("new", "learning", "known", "due")}
        return {"roots": list(self.roots), "counts": counts,
                "problems": [{"id": n.id, "topic": n.topic, "title": n.title, "requires": list(n.requires),
                              "state": n.state, "mastery": n.mastery} for n in self.nodes.values()]}

    def lines(self) -> Iterable[tuple[int, Node, bool]]:
        """Depth-first (depth, node, first time shown): a problem with several prerequisites comes
        under each, its own subtree only the first time."""
        shown: set[str] = set()
        stack = [(0, r) for r in reversed(self.roots)]
        while stack:
            depth, pid = stack.pop()
            first = pid not in shown
            shown.add(pid)
            yield depth, self.nodes[pid], first
            if first:
                stack.extend((depth + 1, c) for c in reversed(self.children.get(pid, ())))


def build(bank, topics: list[str], cards: dict, now: datetime) -> Map:
    """The map of `topics` (all when empty) and what their problems build on in other topics."""
    entries = bank.entries
    g = graph(entries.values())
    chosen = {e.id for e in entries.values() if not topics or e.topic in topics}
    for pid in list(chosen):
        chosen |= g.ancestors(pid)
    order = introduction_order(bank, chosen)
    nodes = {}
    for pid in order:
        e = entries[pid]
        card = cards.get(pid)
        nodes[pid] = Node(pid, e.topic, e.title, g.requires.get(pid, ()), state(card, now), LEVELS[level(card, now)])
    children = {pid: tuple(p for p in order if pid in nodes[p].requires) for pid in order}
    roots = tuple(p for p in order if not nodes[p].requires)
    return Map(nodes, children, roots)
