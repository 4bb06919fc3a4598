"""CI's deep validation (issue 12): the whole shipped bank proves itself at 300 seeds.

The longest test (minutes on 2 cores; benchmarks/README.md has the figures), so the README's test
command leaves it out (pyproject's `-m 'not deep'`) and `.ci/run` runs it next with `-m deep`.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from mathquiz.cli.main import app
from mathquiz.problem.bank import scan
from mathquiz.validation.validate import MAX_REJECTION, MIN_CHECKED

SEEDS = 300


@pytest.mark.deep
def test_the_whole_bank_validates_at_300_seeds():
    result = CliRunner().invoke(app, ["validate", "--seeds", str(SEEDS), "--all", "--json"])
    report = json.loads(result.stdout)
    failures = {p["id"]: p["failures"][:3] for p in report["problems"] if not p["ok"]}
    assert not failures, failures
    assert result.exit_code == 0
    problems = report["problems"]
    assert {p["id"] for p in problems} == set(scan().entries)  # every shipped problem, none skipped
    assert all(p["seeds"] == SEEDS and not p["cached"] for p in problems)
    # every seed drew an instance; re-draws of degenerate instances stay rare everywhere
    assert all(p["draws"] >= SEEDS for p in problems)
    assert max(p["rejection_rate"] for p in problems) < 2 * MAX_REJECTION
    # every step a checked claim: at least 90 % of the bank's steps, no problem under 75 %
    steps, checked = sum(p["steps"] for p in problems), sum(p["checked_steps"] for p in problems)
    assert checked >= 0.9 * steps
    assert all(p["checked_steps"] >= MIN_CHECKED * p["steps"] for p in problems)
