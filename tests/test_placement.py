"""The placement test, the prerequisite graph, the map and one memory model across commands (issue 26)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mathquiz.cli.main import app
from mathquiz.problem.bank import Entry, load_problem, scan
from mathquiz.problem.instances import draw
from mathquiz.problem.prerequisites import failures, graph, introduction_order
from mathquiz.record.store import Store
from mathquiz.study.placement import UNASKABLE, Placement, run, solved
from mathquiz.study.practice import Options, Quit, run_problem

runner = CliRunner()


def entry(pid: str, requires=(), topic="t") -> Entry:
    return Entry(pid, pid, topic, "", 50, Path(f"{pid}.yaml"), tuple(requires))


CHAIN = [entry("a"), entry("b", ["a"]), entry("c", ["b"]), entry("d", ["c"]),
         entry("e", ["d"]), entry("f", ["e"]), entry("g", ["f"]), entry("h", ["g"])]


@pytest.mark.parametrize("knows", range(0, 9))
def test_a_student_who_knows_the_first_k_of_a_chain_is_placed_exactly(knows):
    ids = [e.id for e in CHAIN]
    known = set(ids[:knows])
    asked = []

    def student(pid):
        asked.append(pid)
        return pid in known

    p = run(Placement(graph(CHAIN), ids), student, lambda: False)
    assert p.known() == ids[:knows] and p.unknown() == ids[knows:] and not p.undecided()
    assert p.ready() == ids[knows:knows + 1]
    assert len(asked) <= 4  # a binary search: log2(9) rounded up, far fewer than the 8 problems


def test_what_the_memory_model_knows_is_not_asked_again():
    ids = [e.id for e in CHAIN]
    p = Placement(graph(CHAIN), ids)
    p.assume_known(["c"])
    assert p.known() == ["a", "b", "c"] and p.next() not in ("a", "b", "c")
    run(p, lambda pid: pid in "abcd", lambda: False)
    assert p.known() == ["a", "b", "c", "d"] and all(pid not in "abc" for pid, _ in p.asked)


def test_the_test_stops_at_its_limits():
    ids = [e.id for e in CHAIN]
    p = run(Placement(graph(CHAIN), ids, max_questions=1), lambda pid: True, lambda: False)
    assert len(p.asked) == 1 and p.undecided()
    p = run(Placement(graph(CHAIN), ids), lambda pid: True, lambda: True)  # no time at all
    assert not p.asked and p.ready() == ["a"]
    p = run(Placement(graph(CHAIN), ids), lambda pid: None, lambda: False)  # the student left
    assert not p.asked and len(p.undecided()) == 8
    # a problem that cannot be drawn or shown stays undecided; the test goes on around it
    p = run(Placement(graph(CHAIN), ids), lambda pid: UNASKABLE if pid == "d" else pid in "abc", lambda: False)
    assert p.known() == ["a", "b", "c"] and "d" in p.undecided() and "d" not in dict(p.asked)


def test_diagnose_on_the_bank_with_a_scripted_student(home):
    """The student knows the first half of chain-rule-poly → tanh-derivative → softmax-jacobian →
    softmax-cross-entropy, and nothing else; the real problems are drawn and graded."""
    bank = scan()
    chain = ["chain-rule-poly", "tanh-derivative", "softmax-jacobian", "softmax-cross-entropy"]
    g = graph(bank.entries.values())
    assert all(chain[k] in g.requires[chain[k + 1]] for k in range(3))
    knows = set(chain[:2])
    ids = introduction_order(bank, {"softmax-jacobian", "softmax-cross-entropy"} | g.ancestors("softmax-cross-entropy"))
    shown = []

    class View:
        def problem(self, inst):
            shown.append(inst)

        def __getattr__(self, name):
            return lambda *args: None

    def student(prompt: str) -> str:
        inst = shown[-1]
        k = int(re.search(r"part (\d+)", prompt).group(1)) - 1
        return inst.parts[k].answer_text if inst.id in knows else "0"

    def ask(pid):
        try:
            result = run_problem(load_problem(bank.entries[pid]), 11, student, View(), Options(interactive=False))
        except Quit:
            return None
        return solved(result.results)

    p = run(Placement(g, ids), ask, lambda: False)
    assert set(p.known()) == knows
    assert set(p.unknown()) == set(ids) - knows
    assert "softmax-jacobian" in p.ready() and "softmax-cross-entropy" not in p.ready()
    assert len(p.asked) < len(ids)


def test_diagnose_cli_records_and_seeds_the_memory_model(home):
    result = runner.invoke(app, ["diagnose", "softmax", "--json"], input="0\n" * 200)
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["known"] == [] and out["ready"] == ["chain-rule-poly"] and out["asked"]
    with Store.open() as store:
        assert {r.mode for r in store.attempts()} == {"diagnose"}
        assert {a["id"] for a in out["asked"]} == set(store.cards())  # seeded like any attempt
    assert runner.invoke(app, ["diagnose", "sofmax"]).exit_code == 2
    assert runner.invoke(app, ["diagnose", "--minutes", "nan"]).exit_code == 2


def test_practice_then_review_agree_about_what_is_due(home):
    pid = "sigmoid-derivative"
    right = "\n".join(p.answer_text for p in draw(load_problem(scan().entries[pid]), 3).parts) + "\n"
    runner.invoke(app, ["practice", pid, "--seed", "3"], input=right)
    out = runner.invoke(app, ["review", "sigmoid", "--json"], input="")
    head = json.loads(out.stdout.splitlines()[0])
    # answered right a moment ago: not due, and not new either; the other sigmoid problem is new
    assert head["due"] == 0 and head["new"] == 1 and pid not in head["queue"]
    shown = json.loads(runner.invoke(app, ["map", "sigmoid", "--json"]).stdout)["problems"]
    states = {p["id"]: p["state"] for p in shown}
    assert states[pid] in ("learning", "known") and states["sigmoid-identity"] == "new"


def test_validate_checks_the_graph(tmp_path):
    loop = [entry("p", ["q"]), entry("q", ["p"]), entry("r", ["nowhere"])]
    found = failures(loop, loop)
    assert "cycle" in found["p"][0] and "cycle" in found["q"][0]
    assert found["r"] == ["requires: no problem or topic 'nowhere'"]
    assert failures(scan().entries.values(), scan().entries.values()) == {}  # the shipped bank's graph
    # a topic stands for its problems; a file without requires: is fine
    assert graph([entry("x", ["t2"]), entry("y", topic="t2"), entry("z", topic="t2")]).requires["x"] == ("y", "z")
    shipped = Path(scan().entries["chain-rule-poly"].path).read_text(encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(shipped.replace("id: chain-rule-poly", "id: chain-rule-poly-copy").replace(
        "topic: calculus", "topic: calculus\nrequires: [no-such-problem]"), encoding="utf-8")
    result = runner.invoke(app, ["validate", str(bad), "--seeds", "1", "--json"])
    report = json.loads(result.stdout)
    assert result.exit_code == 1
    assert any("no-such-problem" in f for p in report["problems"] for f in p["failures"])


def test_stats_and_list_show_coverage_and_mastery(home):
    pid = "sigmoid-derivative"
    right = "\n".join(p.answer_text for p in draw(load_problem(scan().entries[pid]), 3).parts) + "\n"
    runner.invoke(app, ["practice", pid, "--seed", "3"], input=right)
    data = json.loads(runner.invoke(app, ["stats", "--json"]).stdout)
    assert data["coverage"]["sigmoid"]["seen"] == 1 and data["coverage"]["sigmoid"]["problems"] == 2
    assert data["problems"][pid]["mastery"] in ("learning", "familiar") and data["mastery"]["sigmoid-identity"] == "new"
    assert data["problems"][pid]["trend"] == 0.0 and data["problems"][pid]["sessions"] == 1
    listed = runner.invoke(app, ["list", "sigmoid"]).stdout
    assert "1 seen" in listed and "new" in listed
    bad = runner.invoke(app, ["stats", "sigmod"])
    assert bad.exit_code == 2 and "sigmoid" in bad.stderr
