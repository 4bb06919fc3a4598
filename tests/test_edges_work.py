"""Every kind of work a problem file asks for is bounded, and validation shows each instance as a
student would see it, so a file that passes validate does not crash solve or practice."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from typer.testing import CliRunner

from mathquiz.cli.main import app
from mathquiz.problem import part_grading
from mathquiz.problem.bank import load_problem, scan
from mathquiz.problem.instances import draw
from mathquiz.proof import montecarlo
from mathquiz.proof.worked import check_chain

runner = CliRunner()
SHIPPED = Path(__file__).resolve().parent.parent / "problems"


def mc(variables: dict, samples: int = 1000, of: str = "x", equals: str = "0"):
    return SimpleNamespace(variables=variables, samples=samples, of=of, equals=equals, statistic="mean", rtol=0.1)


@pytest.mark.parametrize("spec, why", [
    ("normal(0, -1)", "standard deviation"),
    ("normal(0, -0.5)", "standard deviation"),
    ("uniform(1, 0)", "upper end"),
    ("normal(0, 1/0)", "finite"),
])
def test_distribution_parameters_are_checked(spec: str, why: str) -> None:
    with pytest.raises(montecarlo.CheckError, match=why):
        montecarlo.run(mc({"x": spec}), {}, 1)


@pytest.mark.parametrize("variables, samples", [(600, 100_000), (5, 1_000_000), (41, 100_000)])
def test_samples_times_variables_is_bounded(variables: int, samples: int) -> None:
    check = mc({f"v{k}": "normal(0, 1)" for k in range(variables)}, samples, of="v0")
    with pytest.raises(montecarlo.CheckError, match="values"):
        montecarlo.run(check, {}, 1)


def test_a_check_within_the_bound_runs() -> None:
    outcome = montecarlo.run(mc({"x": "normal(0, 1)", "y": "uniform(0, 1)"}, 100_000, of="x + y", equals="1/2"), {}, 1)
    assert outcome.ok


def shown_pack(tmp_path: Path, derived: str) -> Path:
    text = (SHIPPED / "sigmoid-identity.yaml").read_text(encoding="utf-8")
    text = text.replace("id: sigmoid-identity", "id: shows-badly")
    text = text.replace("  x0: log(p/(1 - p))\n", f"  x0: log(p/(1 - p))\n  shown: {derived}\n")
    text = text.replace("note that 0 < s < 1.\n", "note that 0 < s < 1. Value {shown}.\n", 1)
    assert "{shown}" in text
    path = tmp_path / "shows-badly.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("derived", ["log(x0 - x0)", "simplify(1/(x0 - x0))", "log(0*x0)"])
def test_validation_shows_what_a_student_sees(tmp_path: Path, derived: str) -> None:
    path = shown_pack(tmp_path, derived)
    result = runner.invoke(app, ["validate", str(path), "--seeds", "2"])
    assert result.exit_code == 1, result.output
    assert "showing this instance fails" in result.stdout
    result = runner.invoke(app, ["solve", "shows-badly", "--seed", "1", "-p", str(tmp_path)])
    assert result.exit_code == 1, result.output
    assert "cannot be shown" in result.stderr
    result = runner.invoke(app, ["practice", "shows-badly", "sigmoid-identity", "--seed", "1", "--no-save",
                                 "-p", str(tmp_path)], input="s(1-s)\n")
    assert result.exit_code in (0, 1) and "cannot be shown" in result.stderr


CASES = [("lstsq-gradient", 0, "A^T(Ax-b)"), ("sigmoid-identity", 0, "s^2"), ("lstsq-gradient", 0, "2A^T(b-Ax)")]


@pytest.mark.parametrize("pid, index, wrong", CASES)
def test_the_search_for_a_named_mistake_has_a_total_budget(pid, index, wrong, monkeypatch) -> None:
    part = draw(load_problem(scan().entries[pid]), 3).parts[index]
    assert "mistake" in part_grading.grade(part, wrong).notes  # within the budget it is named
    monkeypatch.setattr(part_grading, "MISTAKE_SECONDS", -1.0)
    verdict = part_grading.grade(part, wrong)
    assert verdict.status == "incorrect" and "mistake" not in verdict.notes


@pytest.mark.parametrize("pid", ["lstsq-gradient", "sigmoid-identity", "normal-equations"])
def test_a_worked_solution_past_its_time_is_shown_unchecked(pid: str) -> None:
    inst = draw(load_problem(scan().entries[pid]), 2)
    checked = check_chain(inst, inst.problem.solution, "solution", points=3)
    assert any(c.kind != "remark" for c in checked)
    late = check_chain(inst, inst.problem.solution, "solution", points=3, seconds=-1.0)
    assert len(late) == len(checked) and all(c.ok and c.kind == "remark" for c in late)


@pytest.mark.parametrize("derived", ["numeric(exp((p + 2)^1000))", "numeric(exp(1000 + p))", "numeric(10^(400 + p))",
                                     "numeric(exp(exp(10)))"])
def test_a_derived_value_out_of_float_range_stops_only_its_file(tmp_path: Path, derived: str) -> None:
    shown_pack(tmp_path, derived)
    good = (SHIPPED / "sigmoid-identity.yaml").read_text(encoding="utf-8").replace(
        "id: sigmoid-identity", "id: still-fine")
    (tmp_path / "still-fine.yaml").write_text(good, encoding="utf-8")
    for args in (["solve", "shows-badly", "--seed", "1"], ["exam", "shows-badly", "--count", "1"],
                 ["review", "shows-badly"], ["practice", "shows-badly", "--no-save"]):
        result = runner.invoke(app, [*args, "-p", str(tmp_path)], input="skip\n")
        assert result.exit_code in (0, 1) and "too large" in " ".join(result.stderr.split()), (args, result.output)
    result = runner.invoke(app, ["validate", str(tmp_path), "--seeds", "1", "--json", "--all"])
    assert result.exit_code == 1, result.output
    import json

    reports = {r["id"]: r for r in json.loads(result.stdout)["problems"]}
    assert reports["still-fine"]["ok"] and "too large" in " ".join(reports["shows-badly"]["failures"])


@pytest.mark.parametrize("over", ["{n: [2, 4], i: [1, 10^10], k: [1, n]}", "{n: [2, 4], i: [1, 10^9*n], k: [1, n]}",
                                  "{n: [2, 3], i: [1, n], k: [1, 10^12]}", "{n: [1, 10^15], i: [1, n], k: [1, n]}"])
def test_an_index_range_is_counted_before_it_is_built(tmp_path: Path, over: str) -> None:
    import resource

    text = (SHIPPED / "linear-gradient.yaml").read_text(encoding="utf-8")
    assert text.count("over: {n: [2, 4], i: [1, n], k: [1, n]}") >= 1
    (tmp_path / "wide.yaml").write_text(text.replace("id: linear-gradient", "id: wide-over").replace(
        "over: {n: [2, 4], i: [1, n], k: [1, n]}", f"over: {over}"), encoding="utf-8")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = runner.invoke(app, ["validate", str(tmp_path / "wide.yaml"), "--seeds", "1", "--jobs", "1", "--all"])
    assert result.exit_code == 1 and "more than 64 combinations" in " ".join(result.stdout.split()), result.output
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200_000  # KB: not gigabytes
