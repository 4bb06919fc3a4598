"""Long output at a terminal goes through $PAGER as git does; short or piped output never does."""

from __future__ import annotations

import io
import sys

import pytest
from rich.console import Console

from mathquiz import render
from mathquiz.render import pager


@pytest.fixture
def terminal(monkeypatch, tmp_path):
    """render's console as a 10-row terminal, and a pager that copies what it is given to a file."""
    out = io.StringIO()
    monkeypatch.setattr(render, "console", Console(file=out, width=60, height=10, force_terminal=True, highlight=False))
    monkeypatch.setattr(pager, "_enabled", True)
    paged_to = tmp_path / "paged.txt"
    script = tmp_path / "fake_pager.py"
    script.write_text(f"import sys\nopen({str(paged_to)!r}, 'wb').write(sys.stdin.buffer.read())\n")
    monkeypatch.setenv("PAGER", f"{sys.executable} {script}")
    monkeypatch.delenv("MATHQUIZ_PAGER", raising=False)
    return out, paged_to


def test_long_output_goes_through_the_pager(terminal):
    out, paged_to = terminal
    with render.paged():
        for k in range(30):
            render.console.print(f"line {k}")
    assert "line 29" in paged_to.read_text() and "line 0" in paged_to.read_text()
    assert out.getvalue() == ""


def test_output_that_fits_is_printed_as_it_is(terminal):
    out, paged_to = terminal
    with render.paged():
        render.console.print("one line")
    assert "one line" in out.getvalue() and not paged_to.exists()


@pytest.mark.parametrize("how", ["no-pager", "piped", "cat", "empty"])
def test_no_pager_when_asked_or_piped(terminal, monkeypatch, how):
    out, paged_to = terminal
    if how == "no-pager":
        monkeypatch.setattr(pager, "_enabled", False)
    elif how == "piped":
        monkeypatch.setattr(render, "console", Console(file=out, width=60, height=10, highlight=False))
    else:
        monkeypatch.setenv("PAGER", "cat" if how == "cat" else "")
    with render.paged():
        for k in range(30):
            render.console.print(f"line {k}")
    assert "line 29" in out.getvalue() and not paged_to.exists()


def test_a_pager_that_cannot_start_leaves_the_text_printed(terminal, monkeypatch):
    out, _ = terminal
    monkeypatch.setenv("PAGER", "/nonexistent/pager")
    with render.paged():
        for k in range(30):
            render.console.print(f"line {k}")
    assert "line 0" in out.getvalue() and "line 29" in out.getvalue()


def test_what_was_printed_before_an_error_is_not_lost(terminal):
    out, paged_to = terminal
    with pytest.raises(RuntimeError), render.paged():
        render.console.print("before")
        raise RuntimeError
    assert "before" in out.getvalue()
