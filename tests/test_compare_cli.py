"""`mathquiz compare`: exit codes, the JSON contract, batch mode, usage errors on stderr, and a
safety test showing that hostile input is never executed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mathquiz.cli.main import app
from mathquiz.expression.limits import ParseError
from mathquiz.expression.parser import parse
from mathquiz.judging.contract import MAX_LINE, compare_texts, run_batch
from mathquiz.judging.equivalence import INVALID, judge

runner = CliRunner()
MATRIX = ["--shape", "A=3x2", "--shape", "x=2x1", "--shape", "b=3x1"]


def run(*args: str, input: str | None = None):
    return runner.invoke(app, ["compare", *args], input=input)


def one_json(result) -> dict:
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1, result.stdout
    return json.loads(lines[0])


# --- single comparisons: exit code and JSON ---

@pytest.mark.parametrize(
    "args, code, verdict, reason",
    [
        (["x^2-1", "(x+1)(x-1)"], 0, "equivalent", "equivalent to the expected answer"),
        (["sqrt(x^2)", "abs(x)"], 0, "equivalent", "equivalent to the expected answer"),
        (["sqrt(x^2)", "x"], 1, "different", "not equivalent: at x = "),
        (["0", "1e-9*x"], 1, "different", "not equivalent: at x = "),
        (["[1, 2, 3]", "[1 2 3]"], 1, "different", "expected 3×1, got 1×3"),
        (["2A^T(Ax-b)", "2A'A x - 2A'b", *MATRIX], 0, "equivalent", "equivalent to the expected answer"),
        (["2A^T(Ax-b)", "2A(Ax-b)", *MATRIX], 1, "different", "2A(Ax-b): cannot multiply 3×2 by 3×1"),
        (["log(-1-x^2)", "x"], 1, "undecided", "could not find a point where the expected answer is defined"),
        (["x^2", "sine(x)"], 2, "invalid", "unknown function `sine`: did you mean `sin`?\nsine(x)\n^^^^"),
        (["x^^2", "x"], 2, "invalid", "expected: `^` needs something before it"),
        (["A b", "x", *MATRIX], 2, "invalid", "expected: the answer key is ill formed: A b: cannot multiply"),
        (["x", "y", "--shape", "A=3y2"], 2, "invalid", "a shape is written like 3x2, not '3y2'"),
        (["x", "y", "--shape", "A=0x2"], 2, "invalid", "rows and columns must be between 1 and 50"),
        (["x", "y", "--shape", "1A=2x2"], 2, "invalid", "'1A' is not a name"),
    ],
)
def test_json_verdicts_and_exit_codes(args, code, verdict, reason):
    result = run(*args, "--json")
    assert result.exit_code == code, result.output
    data = one_json(result)
    assert set(data) == {"verdict", "reason", "read_as"}
    assert data["verdict"] == verdict
    assert reason in data["reason"]
    assert result.stderr == ""


def test_json_read_as_is_the_readable_form():
    data = one_json(run("2A^T(Ax-b)", "2A'(Ax-b)", *MATRIX, "--json"))
    assert data["read_as"] == "2Aᵀ·(A·x − b)"
    assert one_json(run("x", "y!", "--json"))["read_as"] == ""


def test_short_shape_option():
    result = run("A'A", "transpose(A) A", "-s", "A=3x2", "--json")
    assert result.exit_code == 0 and one_json(result)["verdict"] == "equivalent"


def test_human_output():
    ok = run("x^2-1", "(x+1)(x-1)")
    assert ok.exit_code == 0
    assert ok.stdout.startswith("read as:\n")
    assert "✔ equivalent: equivalent to the expected answer" in ok.stdout
    wrong = run("x^2", "x^3")
    assert wrong.exit_code == 1 and "✘ different: not equivalent: at x = " in wrong.stdout
    bad = run("x^2", "sine(x)")
    assert bad.exit_code == 2
    assert bad.stdout.splitlines() == ["? invalid: unknown function `sine`: did you mean `sin`?", "sine(x)", "^^^^"]


# --- usage errors: stderr, exit 2, nothing on stdout ---

@pytest.mark.parametrize(
    "args, message",
    [
        (["x"], "error: compare needs EXPECTED and GIVEN (or --batch FILE)"),
        ([], "error: compare needs EXPECTED and GIVEN (or --batch FILE)"),
        (["x", "y", "--shape", "A"], "error: --shape 'A': write NAME=RxC, for example A=3x2"),
        (["x", "y", "--shape", "=3x2"], "error: --shape '=3x2': write NAME=RxC"),
        (["x", "y", "--batch", "-"], "error: --batch takes its expressions and shapes from the file"),
        (["--batch", "no-such-file.jsonl"], "error: cannot read no-such-file.jsonl: No such file or directory"),
    ],
)
def test_usage_errors_go_to_stderr(args, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr


# --- batch mode ---

BATCH_LINES = [
    {"expected": "x^2", "given": "x*x"},
    "not json at all",
    {"expected": "2A^T(Ax-b)", "given": "2A(Ax-b)", "shapes": {"A": "3x2", "x": "2x1", "b": "3x1"}},
    "",
    [1, 2],
    {"expected": 1, "given": "x"},
    {"expected": "x", "given": "x", "shapes": {"A": 3}},
    {"expected": "x", "given": "x", "shapes": {"A": "3z"}},
    {"expected": "[1, 2]", "given": "[1 2]"},
    {"expected": "x", "given": "sine(x)"},
    {"expected": "log(-1-x^2)", "given": "x"},
    {"expected": "sqrt(x^2)", "given": "abs(x)"},
]
BATCH_VERDICTS = ["equivalent", "invalid", "different", "invalid", "invalid", "invalid", "invalid",
                  "different", "invalid", "undecided", "equivalent"]


def batch_text() -> str:
    return "\n".join(x if isinstance(x, str) else json.dumps(x) for x in BATCH_LINES) + "\n"


def check_batch_output(stdout: str):
    rows = [json.loads(line) for line in stdout.splitlines()]
    assert [r["verdict"] for r in rows] == BATCH_VERDICTS  # one line per non-blank input, in order
    for r in rows:
        assert set(r) == {"verdict", "reason", "read_as", "elapsed_ms"}
        assert isinstance(r["elapsed_ms"], float | int) and 0 <= r["elapsed_ms"] < 3000
        assert r["reason"]
    assert rows[1]["reason"].startswith("not a JSON object")
    assert rows[2]["reason"] == "2A(Ax-b): cannot multiply 3×2 by 3×1"
    assert rows[3]["reason"].startswith("each line must be an object")
    assert rows[4]["reason"] == '"expected" and "given" must both be strings'
    assert rows[5]["reason"] == '"shapes" must map names to shapes such as "3x2"'
    assert rows[6]["reason"] == "a shape is written like 3x2, not '3z'"
    assert rows[8]["reason"].startswith("unknown function `sine`")


def test_batch_from_a_file(tmp_path):
    path = tmp_path / "pairs.jsonl"
    path.write_text(batch_text(), encoding="utf-8")
    result = run("--batch", str(path))
    assert result.exit_code == 0  # every line was processed, whatever its verdict
    check_batch_output(result.stdout)
    assert result.stderr == ""


def test_batch_from_stdin():
    result = run("--batch", "-", input=batch_text())
    assert result.exit_code == 0
    check_batch_output(result.stdout)


def test_batch_bad_bytes_and_overlong_lines(tmp_path):
    path = tmp_path / "odd.jsonl"
    good = json.dumps({"expected": "x", "given": "x"}).encode()
    path.write_bytes(b"\xff\xfe{\n" + b"x" * (MAX_LINE + 1) + b"\n" + good + b"\n")
    result = run("--batch", str(path))
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["verdict"] for r in rows] == ["invalid", "invalid", "equivalent"]
    assert rows[1]["reason"] == f"line longer than {MAX_LINE} characters"


def test_run_batch_skips_blank_lines_and_times_each():
    out = list(run_batch(["", "   ", '{"expected": "x", "given": "x"}', "\n"]))
    assert len(out) == 1 and out[0]["verdict"] == "equivalent" and out[0]["elapsed_ms"] >= 0


def test_compare_texts_contract():
    assert compare_texts("x + x", "2x") == {"verdict": "equivalent", "reason": "equivalent to the expected answer",
                                            "read_as": "2x"}
    assert compare_texts("A x", "x' A'", {"A": "2x2", "x": "2"})["reason"] == \
        "expected 2×1, got 1×2 (the transpose of what is asked)"


# --- safety: typed text is never executed ---

HOSTILE = [
    "__import__('os').system('touch F')",
    '__import__("os").system("touch F")',
    "eval(\"open('F', 'w')\")",
    "exec('open(\"F\", \"w\")')",
    "open('F', 'w').write('x')",
    "open(F, w)",
    "os.system('touch F')",
    "import os; os.system('touch F')",
    "lambda: open('F', 'w')",
    "[open('F', 'w') for _ in range(1)]",
    "().__class__.__bases__[0].__subclasses__()",
    "x.__class__",
    "globals()['__builtins__']",
    "$(touch F)",
    "`touch F`",
    "x; touch F",
    "S('touch F')",
    "Symbol('F')",
    "\\input{F}",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_input_creates_no_file(text, tmp_path, monkeypatch):
    """Through parse, judge and the compare CLI (single and batch), in a fresh working folder."""
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    calls = []
    monkeypatch.setattr(os, "system", lambda *a, **k: calls.append(a) or 0)
    monkeypatch.setattr(subprocess, "Popen", lambda *a, **k: calls.append(a))

    with pytest.raises(ParseError):
        parse(text)
    assert judge(parse("x"), text).status == INVALID
    for args in (["x", text, "--json"], [text, "x", "--json"], ["x", text]):
        result = run(*args)
        assert result.exit_code == 2, result.output
    result = run("--batch", "-", input=json.dumps({"expected": "x", "given": text}) + "\n")
    assert result.exit_code == 0 and json.loads(result.stdout)["verdict"] == "invalid"

    assert os.listdir(cwd) == []  # no F, nor anything else
    assert not any(p.name == "F" for p in tmp_path.rglob("*"))
    assert calls == []


def test_hostile_input_through_the_installed_command(tmp_path):
    """The real entry point in a subprocess: exit 2, an invalid verdict, and still no file."""
    text = "__import__('os').system('touch F')"
    env = {**os.environ, "MATHQUIZ_HOME": str(tmp_path / "home")}
    out = subprocess.run([sys.executable, "-m", "mathquiz", "compare", "x", text, "--json"],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 2, out.stderr
    assert json.loads(out.stdout)["verdict"] == "invalid"
    assert not Path(tmp_path, "F").exists()
    assert not any(p.name == "F" for p in Path(tmp_path).rglob("*"))
