"""Input a shell can hand mathquiz on stdin or in a --batch file: a line with no end (read no
further than the limit: memory stays flat), a stream that fails with a read error (EIO: the end of
input, like a closed stdin), and text in UTF-16 or UTF-32 (read as such)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

MATHQUIZ = [sys.executable, "-m", "mathquiz"]
RIGHT = "2A'(Ax-b)\n"  # lstsq-gradient, seed 12, part 1
BATCH = '{"expected": "x^2", "given": "x*x"}\n'
SESSIONS = [
    (["practice", "lstsq-gradient", "--seed", "12"], RIGHT, b"correct"),
    (["exam", "lstsq-gradient", "--count", "1", "--seed", "12", "--json"], RIGHT, b'"verdict": "correct"'),
    (["review", "lstsq-gradient"], RIGHT, b"correct"),
    (["compare", "--batch", "-"], BATCH, b'"equivalent"'),
]


def env(home: Path) -> dict:
    return {**os.environ, "MATHQUIZ_HOME": str(home), "PYTHONUTF8": "0"}


def run_measured(args: list[str], home: Path, data_path: Path) -> tuple[int, bytes, int]:
    with open(data_path, "rb") as stdin:
        child = subprocess.Popen([*MATHQUIZ, *args], env=env(home), stdin=stdin, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE)
        err = child.stderr.read()
        _, status, usage = os.wait4(child.pid, 0)
    return os.waitstatus_to_exitcode(status), err, usage.ru_maxrss


@pytest.mark.parametrize("args, last_line", [
    (["compare", "--batch", "-"], BATCH),
    (["practice", "lstsq-gradient", "--seed", "12"], ""),
    (["exam", "lstsq-gradient", "--count", "1", "--seed", "12"], ""),
])
def test_a_line_with_no_end_costs_no_memory(home: Path, tmp_path: Path, args: list[str], last_line: str) -> None:
    peaks = []
    for size in (1_000_000, 40_000_000):
        data = tmp_path / f"line-{size}"
        with open(data, "wb") as f:  # written in pieces: this process's own size shows in the child's peak
            for _ in range(size // 1_000_000):
                f.write(b"x" * 1_000_000)
            f.write(b"\n" + last_line.encode() if last_line else b"")  # no end, or one at last
        code, err, peak = run_measured(args, home, data)
        assert code in (0, 1) and b"Traceback" not in err and b"internal error" not in err, err
        peaks.append(peak)
    assert peaks[1] - peaks[0] < 20_000, peaks  # KB: 39 MB more input, not 39 MB more memory


def test_a_batch_file_with_a_line_too_long_judges_the_lines_after_it(home: Path, tmp_path: Path) -> None:
    data = tmp_path / "batch.jsonl"
    data.write_text("y" * 300_000 + "\n" + BATCH + "z" * 200_000, encoding="utf-8")
    result = subprocess.run([*MATHQUIZ, "compare", "--batch", str(data)], env=env(home), capture_output=True,
                            timeout=120)
    lines = result.stdout.decode().splitlines()
    assert result.returncode in (0, 1) and len(lines) == 3, result.stderr
    assert "longer than" in lines[0] and '"equivalent"' in lines[1] and "longer than" in lines[2]


@pytest.mark.skipif(not os.path.exists("/proc/self/mem"), reason="no /proc/self/mem to fail a read")
@pytest.mark.parametrize("args, code", [(s[0], None) for s in SESSIONS]
                         + [(["compare", "--batch", "/proc/self/mem"], 2)])
def test_a_read_error_on_stdin_ends_input(home: Path, args: list[str], code) -> None:
    with open("/proc/self/mem", "rb") as stdin:  # every read fails with EIO
        result = subprocess.run([*MATHQUIZ, *args], env=env(home), stdin=stdin, capture_output=True, timeout=120)
    assert b"Traceback" not in result.stderr and b"internal error" not in result.stderr, result.stderr
    assert result.returncode == code if code is not None else result.returncode in (0, 1)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32", "utf-16-le"])  # BOMs, and none
@pytest.mark.parametrize("args, text, said", SESSIONS)
def test_stdin_in_utf16_or_utf32_is_read_as_such(home: Path, encoding: str, args: list[str], text: str,
                                                 said: bytes) -> None:
    result = subprocess.run([*MATHQUIZ, *args], env=env(home), input=text.encode(encoding), capture_output=True,
                            timeout=120)
    assert result.returncode in (0, 1) and b"internal error" not in result.stderr, result.stderr
    assert said in result.stdout, result.stdout


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
def test_a_batch_file_in_utf16_or_utf32(home: Path, tmp_path: Path, encoding: str) -> None:
    data = tmp_path / "batch.jsonl"
    data.write_bytes((BATCH * 2).encode(encoding))
    result = subprocess.run([*MATHQUIZ, "compare", "--batch", str(data)], env=env(home), capture_output=True,
                            timeout=120)
    assert result.stdout.count(b'"equivalent"') == 2, result.stdout


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be",
                                      "utf-8-sig", "utf-8", "latin-1"])
def test_every_form_of_piped_text_is_recognised(encoding: str) -> None:
    import io

    from mathquiz.cli import streams

    text = "x·σ(x)\n2A'(Ax-b)\n" if encoding != "latin-1" else "x\u00e9\n2A'(Ax-b)\n"
    reader = streams.text_reader(io.BufferedReader(io.BytesIO(text.encode(encoding))))
    got = list(streams.lines(1000, reader))
    assert got == text.splitlines() if encoding != "latin-1" else got == ["x\ufffd", "2A'(Ax-b)"]


@pytest.mark.skipif(sys.platform == "win32", reason="no pseudo-terminals")
@pytest.mark.parametrize("args", [["practice", "lstsq-gradient", "--seed", "12"], ["review", "lstsq-gradient"],
                                  ["exam", "lstsq-gradient", "--count", "1", "--seed", "12"]])
def test_a_terminal_that_goes_away_ends_input(home: Path, args: list[str]) -> None:
    """stdin a terminal whose other end closes (as under nohup when the window goes): reads fail with
    EIO, which ends input like Ctrl-D."""
    import pty
    import time

    leader, follower = pty.openpty()
    child = subprocess.Popen([*MATHQUIZ, *args], env=env(home), stdin=follower, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
    os.close(follower)
    time.sleep(3)  # at the prompt
    os.close(leader)
    _, err = child.communicate(timeout=120)
    assert child.returncode in (0, 1), err
    assert b"Traceback" not in err and b"internal error" not in err
