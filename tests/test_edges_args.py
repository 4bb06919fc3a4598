"""What a command line can hand mathquiz: a folder for --output, bytes that are not UTF-8, escape
sequences, paper options without --paper, and every signal while any command runs. Each has a
designed outcome; none is an internal error, and nothing from the command line reaches the
terminal as a control code."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

MATHQUIZ = [sys.executable, "-m", "mathquiz"]
ESC = "\x1b]0;owned\x07\x1b[2J"
NOT_UTF8 = os.fsdecode(b"\xff\xfe")  # how Python hands such an argument over: lone surrogates


def run(args: list[str], home: Path, cwd: Path | None = None, stdin: str = "") -> subprocess.CompletedProcess:
    env = {**os.environ, "MATHQUIZ_HOME": str(home), "PYTHONPATH": str(Path(__file__).parent.parent)}
    result = subprocess.run([*MATHQUIZ, *args], env=env, cwd=cwd, input=stdin.encode(), capture_output=True,
                            timeout=120)
    assert result.returncode != 3 and b"Traceback" not in result.stderr, result.stderr.decode()
    return result


def paper(home: Path, cwd: Path, output: str, *more: str) -> subprocess.CompletedProcess:
    return run(["exam", "--paper", "lstsq", "--count", "1", "--seed", "5", "--output", output, *more], home, cwd)


@pytest.mark.parametrize("output, folder", [(".", "."), ("./", "."), ("", "."), ("sub/", "sub"),
                                            ("there", "there"), ("new/deeper/", "new/deeper")])
def test_a_folder_for_output_means_write_the_files_there(home: Path, tmp_path: Path, output: str,
                                                         folder: str) -> None:
    (tmp_path / "there").mkdir()
    result = paper(home, tmp_path, output)
    assert result.returncode == 0, result.stderr
    assert {p.name for p in (tmp_path / folder).iterdir() if p.is_file()} == {"paper-5.md", "paper-5-key.md"}


@pytest.mark.parametrize("output", ["/proc/no/such/paper.md", "/dev/null/paper.md"])
def test_a_paper_that_cannot_be_written_is_a_usage_error(home: Path, tmp_path: Path, output: str) -> None:
    result = paper(home, tmp_path, output)
    assert result.returncode == 2 and b"cannot write the paper" in result.stderr


def test_a_paper_named_with_bytes_that_are_not_utf8(home: Path, tmp_path: Path) -> None:
    for more in ([], ["--json"], ["--format", "latex"]):
        result = paper(home, tmp_path, NOT_UTF8 + "p", *more)
        assert result.returncode == 0, result.stderr
    names = {os.fsencode(p.name) for p in tmp_path.iterdir()}
    assert {b"\xff\xfep.md", b"\xff\xfep-key.md", b"\xff\xfep.tex", b"\xff\xfep-key.tex"} <= names
    json_out = paper(home, tmp_path, NOT_UTF8 + "p", "--json").stdout
    assert b"\\udcff\\udcfep.md" in json_out  # JSON escapes, which read back as the name


@pytest.mark.parametrize("args", [["stats", NOT_UTF8], ["stats", "--json", NOT_UTF8], ["list", NOT_UTF8],
                                  ["practice", NOT_UTF8], ["review", NOT_UTF8], ["solve", NOT_UTF8 + "x"],
                                  ["validate", NOT_UTF8], ["plan", "--exam-date", NOT_UTF8]])
def test_arguments_that_are_not_utf8(home: Path, args: list[str]) -> None:
    result = run(args, home)
    assert result.returncode in (0, 1, 2)
    assert b"\xff" not in result.stdout + result.stderr  # shown as \xff, never sent raw


@pytest.mark.parametrize("args", [["practice", f"x{ESC}"], ["solve", ESC], ["list", ESC], ["stats", ESC],
                                  ["validate", f"/nope{ESC}"], ["list", "--problems", f"/nope{ESC}"],
                                  ["list", f"--foo{ESC}"], ["exam", "--count", ESC], ["compare", ESC, "x"],
                                  ["exam", "--paper", "--output", f"/proc/{ESC}/p.md", "lstsq"]])
def test_escape_sequences_from_the_command_line_are_never_echoed(home: Path, args: list[str]) -> None:
    result = run(args, home)
    assert b"\x1b" not in result.stdout + result.stderr and b"\x07" not in result.stdout + result.stderr


@pytest.mark.parametrize("signum, code, said", [
    (signal.SIGTERM, 143, b"terminated"), (getattr(signal, "SIGHUP", signal.SIGTERM), None, None),
    (signal.SIGINT, 130, b"interrupted"),
])
@pytest.mark.parametrize("args", [["validate", "--all", "--seeds", "200", "--jobs", "1"], ["compare", "--batch", "-"]])
def test_every_command_stopped_by_a_signal_says_so(home: Path, signum: int, code, said, args) -> None:
    code = code or 128 + signum
    said = said or {signal.SIGTERM: b"terminated"}.get(signum, b"hung up")
    env = {**os.environ, "MATHQUIZ_HOME": str(home)}
    child = subprocess.Popen([*MATHQUIZ, *args], env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
    time.sleep(2.5)  # started: validating, or waiting for the next line
    child.send_signal(signum)
    out, err = child.communicate(timeout=60)
    assert child.returncode == code and said in err, (child.returncode, err)
    assert b"Traceback" not in err


@pytest.mark.parametrize("columns", ["100000000", "9" * 30])
@pytest.mark.parametrize("args", [["solve", "lstsq-gradient", "--seed", "1"], ["list"], ["stats"],
                                  ["compare", "x^2", "x*x"]])
def test_a_huge_columns_is_clamped(home: Path, columns: str, args: list[str]) -> None:
    env = {**os.environ, "MATHQUIZ_HOME": str(home), "COLUMNS": columns, "LINES": columns}
    result = subprocess.run([*MATHQUIZ, *args], env=env, capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert max(map(len, result.stdout.decode().splitlines() or [""])) <= 1000
