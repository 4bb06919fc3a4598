"""The commands students use: list, practice, solve, validate, schema (CliRunner, piped input)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from mathquiz.cli.main import app
from mathquiz.problem.bank import load_problem, scan
from mathquiz.problem.instances import draw

runner = CliRunner()
PID = "lstsq-gradient"


def key(pid: str, seed: int) -> list[str]:
    inst = draw(load_problem(scan().entries[pid]), seed)
    return [p.answer_text for p in inst.parts]


def run(*args, input=None):
    return runner.invoke(app, list(args), input=input)


def test_list_json_contract():
    result = run("list", "--json")
    assert result.exit_code == 0
    items = json.loads(result.stdout)
    ids = {i["id"] for i in items}
    assert PID in ids
    assert all(set(i) == {"id", "title", "topic", "source"} for i in items)


def test_list_unknown_topic_suggests():
    result = run("list", "lstq")
    assert result.exit_code == 2
    assert "did you mean 'lstsq'" in result.stderr


def test_practice_unknown_target_suggests_and_exits_2():
    result = run("practice", "lstsq-gradint")
    assert result.exit_code == 2
    assert "no topic or problem 'lstsq-gradint': did you mean 'lstsq-gradient'?" in result.stderr


def test_practice_piped_right_answers_json_contract():
    answers = key(PID, 11)
    result = run("practice", PID, "--seed", "11", "--json", "--no-save", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    (line,) = result.stdout.strip().splitlines()
    data = json.loads(line)
    assert data["id"] == PID and data["seed"] == 11
    assert [r["verdict"] for r in data["results"]] == ["correct"] * len(answers)
    assert set(data["results"][0]) == {"part", "verdict", "read_as", "feedback", "carried"}
    assert data["results"][0]["read_as"]


def test_practice_wrong_answer_names_the_mistake_and_exits_1():
    answers = key(PID, 5)
    result = run("practice", PID, "--seed", "5", "--json", "--no-save", input=f"A^T(Ax-b)\n{answers[1]}\n")
    assert result.exit_code == 1
    first = json.loads(result.stdout)["results"][0]
    assert first["verdict"] == "incorrect"
    assert "factor 2" in first["feedback"]


def test_practice_invalid_then_eof_is_clean():
    result = run("practice", PID, "--seed", "5", "--json", "--no-save", input="2A^T(Ax-b\n")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [r["verdict"] for r in data["results"]] == ["invalid", "unanswered"]
    assert "Traceback" not in result.output


def test_practice_plain_output_shows_read_as_verdict_solution_and_summary():
    answers = key(PID, 2)
    skips = "skip\n" * (len(answers) - 1)  # the rest of the parts, however many there are
    result = run("practice", PID, "--seed", "2", "--no-save", input="hint\n2A'Ax - 2A'b\n" + skips)
    assert result.exit_code == 1
    out = result.stdout
    assert "hint: Expand f(x)" in out
    assert "read as: 2Aᵀ·A·x − 2Aᵀ·b" in out or "read as: 2⋅Aᵀ⋅A⋅x - 2⋅Aᵀ⋅b" in out
    assert "✔ correct" in out
    assert "Worked solution" in out and "✓" in out
    assert "Session summary" in out
    assert "\x1b[" not in out  # piped output carries no colour codes
    assert answers[1] not in out.split("skipped · the answer")[0]  # no answer is shown before it is given up


def test_practice_quit_stops_and_records_what_was_answered(home):
    answers = key(PID, 4)
    result = run("practice", PID, "--count", "3", "--seed", "4", "--json", input=f"{answers[0]}\nquit\n")
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1  # quit ends the session: no second or third problem
    # The part quit was typed at is unanswered; the parts after it were never asked.
    assert [r["verdict"] for r in json.loads(lines[0])["results"]] == ["correct", "unanswered"]
    from mathquiz.record.store import Store

    with Store.open(home / "history.sqlite3") as store:
        records = store.attempts(problem_id=PID)
    assert [(r.part, r.verdict, r.answer) for r in records] == [(1, "correct", answers[0]), (2, "unanswered", "")]


def test_practice_same_seed_same_session():
    inputs = "A^T(Ax-b)\n[1, 2]\n"
    a = run("practice", PID, "--seed", "9", "--json", "--no-save", input=inputs)
    b = run("practice", PID, "--seed", "9", "--json", "--no-save", input=inputs)
    assert a.stdout == b.stdout


def test_solve_json_contract_and_answers_grade_correct():
    result = run("solve", PID, "--seed", "8", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert set(data) == {"id", "title", "topic", "seed", "params", "parts", "solution"}
    assert data["seed"] == 8 and set(data["params"]) >= {"A0", "b0", "x0"}
    assert all(set(p) == {"prompt", "kind", "answer", "key_check"} for p in data["parts"])
    assert all(set(s) == {"text", "math", "verified", "check"} for s in data["solution"])
    assert all(s["verified"] for s in data["solution"] if s["math"])
    answers = "\n".join(p["answer"] for p in data["parts"]) + "\n"
    back = run("practice", PID, "--seed", "8", "--json", "--no-save", input=answers)
    assert [r["verdict"] for r in json.loads(back.stdout)["results"]] == ["correct"] * len(data["parts"])


def test_solve_set_uses_the_students_data():
    result = run("solve", PID, "--seed", "1", "--json", "--set", "A=[[1,2],[3,4],[5,6]]",
                 "--set", "b=[1,2,3]", "--set", "x=[1,1]")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["params"]["A0"] == "[[1, 2], [3, 4], [5, 6]]"
    # by hand: Ax − b = [3, 7, 11] − [1, 2, 3] = [2, 5, 8]; Aᵀ[2, 5, 8] = [57, 72]; times 2
    assert data["parts"][1]["answer"] == "[114, 144]"


@pytest.mark.parametrize(
    "values, words",
    [
        (["A=[[1,2],[3,4]]x"], "unknown name"),
        (["A=[[1,2],[3,4],[5,6]]", "b=[1,2]"], "conflicts"),
        (["A=[[1,2,3,4,5,6,7,8,9]]"], "sizes up to 8"),
        (["Q=[1,2]"], "has no parameter 'Q'"),
        (["A=5"], "expected a matrix"),
        (["A"], "write NAME=VALUE"),
    ],
)
def test_solve_set_bad_data_is_a_clear_error(values, words):
    result = run("solve", PID, "--seed", "1", *[a for v in values for a in ("--set", v)])
    assert result.exit_code == 2
    assert words in result.stderr
    assert "Traceback" not in result.output


def test_solve_markdown_and_latex():
    md = run("solve", PID, "--seed", "3", "--format", "markdown")
    assert md.exit_code == 0 and md.stdout.startswith("## ") and "$$" in md.stdout
    tex = run("solve", PID, "--seed", "3", "--format", "latex")
    assert tex.exit_code == 0 and "\\section*{" in tex.stdout and "\\begin{enumerate}" in tex.stdout


def test_validate_json_reports_every_problem_ok():
    from mathquiz.problem.bank import shipped_dir

    # a few files: the whole bank at 300 seeds is tests/test_bank_deep.py's
    files = [str(shipped_dir() / f"{pid}.yaml") for pid in ("lstsq-gradient", "softmax-jacobian", "bayes-rule")]
    result = run("validate", "--seeds", "2", "--json", *files)
    data = json.loads(result.stdout)
    assert data["problems"] and data["ok"] is all(p["ok"] for p in data["problems"])
    assert result.exit_code == (0 if data["ok"] else 1)


def test_validate_broken_file_fails_with_its_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: bad\ntitle: Bad\ntopic: t\nsource: s\nparts: nope\nsolution: []\n")
    result = run("validate", str(bad), "--json")
    assert result.exit_code == 1
    (report,) = json.loads(result.stdout)["problems"]
    assert not report["ok"] and any(":5: parts" in f for f in report["failures"])


def test_broken_file_in_a_pack_is_reported_once_and_left_out(tmp_path, monkeypatch):
    (tmp_path / "broken.yaml").write_text("id: [\n")
    monkeypatch.setenv("MATHQUIZ_PATH", str(tmp_path))
    result = run("list")
    assert result.exit_code == 0
    assert result.stderr.count("left out") == 1 and "broken.yaml:2: invalid YAML" in result.stderr
    assert PID in result.stdout


def test_schema_is_json_schema_of_the_format():
    result = run("schema")
    schema = json.loads(result.stdout)
    assert schema["type"] == "object" and "parts" in schema["properties"]
    assert schema["additionalProperties"] is False


def test_shell_completion_offers_topics_and_problem_ids(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "_MATHQUIZ_COMPLETE": "complete_bash", "COMP_WORDS": "mathquiz practice soft",
           "COMP_CWORD": "2", "MATHQUIZ_HOME": str(tmp_path)}
    code = "import sys; sys.argv = ['mathquiz']; from mathquiz.cli.main import main; main()"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    offered = out.stdout.split()
    assert offered[0] == "softmax" and {"softmax-cross-entropy", "softmax-jacobian"} <= set(offered)
    assert all(word.startswith("soft") for word in offered)


def test_summary_counts_the_parts_a_quit_left_unreached():
    answers = key(PID, 6)
    result = run("practice", PID, "--seed", "6", "--no-save", input=f"{answers[0]}\nquit\n")
    n = len(answers)
    out = " ".join(result.stdout.split())  # the summary line may wrap
    assert f"1 of {n} parts correct" in out and f"0 skipped, {n - 1} not answered" in out
    result = run("practice", "chain-rule-poly", "--seed", "6", "--no-save", input="quit\n")
    n = len(key("chain-rule-poly", 6))
    out = " ".join(result.stdout.split())
    assert f"0 of {n} parts correct" in out and f"0 skipped, {n} not answered" in out
