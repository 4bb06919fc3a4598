"""Shared test set-up: no test ever touches the real user data folder or the user's problem packs."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """History, schedule and caches go to a fresh folder per test ($MATHQUIZ_HOME)."""
    folder = tmp_path / "home"
    monkeypatch.setenv("MATHQUIZ_HOME", str(folder))
    monkeypatch.delenv("MATHQUIZ_PATH", raising=False)
    return folder


@pytest.fixture
def store(home: Path) -> Iterator:
    """An open history store in the test's own folder."""
    from mathquiz.record.store import Store

    with Store.open() as s:
        yield s


@pytest.fixture(scope="module")
def chain():
    """chain-rule-poly at seed 1, for derivations: its instance, u, u′ (as typed) and n, where f = uⁿ
    and the first part asks f′ (its starting point)."""
    from mathquiz.problem.instances import draw
    from mathquiz.problem.loading import load

    problem, _ = load(Path(__file__).resolve().parent.parent / "problems" / "chain-rule-poly.yaml")
    inst = draw(problem, 1)
    a, b, c, n = (inst.values[k] for k in "abcn")
    return inst, f"({a}*x^3 + {b}*x + {c})", f"(3*{a}*x^2 + {b})", n


# CI runs the property tests on a fixed set of examples, so a landing never depends on luck;
# locally each run explores new examples.
if os.environ.get("CI"):
    from hypothesis import settings

    settings.register_profile("ci", derandomize=True)
    settings.load_profile("ci")


# The zones date handling is tested in (CI runs in UTC): both sides of UTC, half and quarter hours,
# the date line both ways, and zones with summer time.
ZONES = ("Europe/Berlin", "America/New_York", "Asia/Kolkata", "Asia/Kathmandu", "Pacific/Apia",
         "Etc/GMT-14", "Etc/GMT+12")


@pytest.fixture(params=ZONES)
def zone(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The local time zone of this test (TZ set and time.tzset() called; UTC again afterwards)."""
    import time

    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    yield request.param
    monkeypatch.undo()
    time.tzset()
