"""Where the live reading is at a real terminal: on the row right under the typed line (tmux at
80×24 and 120×40), wrapped and never cut, quiet while nothing is typed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


class Pane:
    """`python -m mathquiz ARGS` in a detached tmux session of the given size."""

    def __init__(self, home: Path, width: int, height: int, *args: str):
        self.name = f"mq-{uuid.uuid4().hex[:8]}"
        command = " ".join([sys.executable, "-m", "mathquiz", *args]) + "; sleep 30"
        env = {**os.environ, "MATHQUIZ_HOME": str(home)}
        env.pop("NO_COLOR", None)
        subprocess.run(["tmux", "new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height),
                        "-c", str(ROOT), command], check=True, env=env)

    def rows(self) -> list[str]:
        shown = subprocess.run(["tmux", "capture-pane", "-p", "-t", self.name], capture_output=True, text=True)
        return shown.stdout.split("\n")

    def wait_for(self, text: str, seconds: float = 30.0) -> list[str]:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            rows = self.rows()
            if any(text in row for row in rows):
                return rows
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared:\n" + "\n".join(self.rows()))

    def type(self, keys: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, "-l", keys], check=True)

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)


def _row_of(rows: list[str], text: str) -> int:
    return next(k for k, row in enumerate(rows) if text in row)


@pytest.mark.parametrize("width, height", [(80, 24), (120, 40)])
def test_the_reading_is_on_the_row_under_the_typed_line(tmp_path, width, height):
    pane = Pane(tmp_path, width, height, "practice", "lstsq-gradient", "--seed", "21", "--no-save")
    try:
        rows = pane.wait_for("part 1 ›")
        typed_at = _row_of(rows, "part 1 ›")
        assert not rows[typed_at + 1].strip()  # quiet while nothing is typed
        pane.type("2A^T(Ax-b)")
        rows = pane.wait_for("read as:")
        assert _row_of(rows, "read as: 2Aᵀ·(A·x − b)") == typed_at + 1
        pane.type(" + " + " + ".join(f"{k}x" for k in range(1, 40)))  # longer than a row: wrapped, not cut
        rows = pane.wait_for("39x", 10)
        reading = _row_of(rows, "read as:")
        below = "".join(row.rstrip() for row in rows[reading:])
        assert below.endswith("38x + 39x") and "…" not in below
        assert reading == _row_of(rows, "39x") + 1  # still right under the (wrapped) typed line
        assert all(len(row.rstrip()) <= width for row in rows)
    finally:
        pane.close()


def test_the_exam_prompt_counts_down_while_waiting(tmp_path):
    pane = Pane(tmp_path, 80, 24, "exam", "lstsq-gradient", "--count", "1", "--seed", "4", "--no-save")
    try:
        rows = pane.wait_for("left · 1/")
        first = next(row for row in rows if "left · 1/" in row)
        time.sleep(2.5)  # nothing typed: only the clock may change the row
        second = next(row for row in pane.rows() if "left · 1/" in row)
        assert first != second and first.split(" left")[0] > second.split(" left")[0]
    finally:
        pane.close()
