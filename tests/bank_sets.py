"""Checks every set of the bank (issue 13: tests/test_bank_dl_a.py, _b.py) holds in the same way."""

from __future__ import annotations

from mathquiz.documents.sheets import part_prompt
from mathquiz.problem.bank import load_problem, scan
from mathquiz.problem.instances import draw, fill

SYMBOLIC = ("expression", "matrix-expression")
NUMERIC = ("number", "vector", "matrix")
STEPPED = ("ordering", "wrong-step")


def problem(pid):
    return load_problem(scan().entries[pid])


def check_shipped_under_topics(required: dict[str, list[str]]) -> None:
    entries = scan().entries
    for topic, ids in required.items():
        for pid in ids:
            assert pid in entries, pid
            assert entries[pid].topic == topic, (pid, entries[pid].topic)


def check_distinct_prompts(pid: str) -> None:
    prob, seen = problem(pid), set()
    for seed in range(1, 51):
        inst = draw(prob, seed)
        seen.add("\n".join([fill(prob.text, inst)] + [part_prompt(inst, p) for p in inst.parts]))
        if len(seen) >= 20:
            break
    assert len(seen) >= 20, f"{pid}: only {len(seen)} distinct prompts in seeds 1-50"


def check_mixes_kinds(pid: str) -> None:
    kinds = [part.kind for part in problem(pid).parts]
    assert len(kinds) >= 2
    assert any(k in SYMBOLIC for k in kinds), kinds
    assert any(k in NUMERIC for k in kinds), kinds


def check_parts_complete(pid: str) -> None:
    prob = problem(pid)
    assert prob.source.startswith("beyond the sheet: "), prob.source
    for i, part in enumerate(prob.parts, 1):
        assert len(part.hints) >= 2, (pid, i)
        if part.kind in SYMBOLIC:
            assert len(part.mistakes) >= 3, (pid, i)
            assert len(part.tests.correct) >= 3 and part.tests.incorrect, (pid, i)
        elif part.kind in STEPPED:
            assert part.tests.invalid, (pid, i)
        else:
            assert part.mistakes and part.tests.correct and part.tests.incorrect, (pid, i)


def kinds_of(ids: list[str]) -> list[str]:
    return [part.kind for pid in ids for part in problem(pid).parts]
