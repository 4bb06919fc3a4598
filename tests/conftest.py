"""Shared test set-up: no test ever touches the real user data folder."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _mathquiz_home(tmp_path, monkeypatch):
    """History, schedule and caches go to the test's own temporary folder ($MATHQUIZ_HOME)."""
    monkeypatch.setenv("MATHQUIZ_HOME", str(tmp_path))
