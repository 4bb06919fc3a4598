"""`exam --paper`: a paper and its answer key, agreeing with `solve` for the same seed, in Markdown
and in LaTeX that is well-formed (and compiles, where pdflatex is installed)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mathquiz.cli.main import app
from mathquiz.documents import papers
from mathquiz.documents.prose_tex import prose_latex
from mathquiz.documents.tex_unicode import UNKNOWN, declarations, replacement, scripts
from mathquiz.expression.printing import to_latex
from mathquiz.judging.tidy import tidy
from mathquiz.problem.bank import load_problem, scan
from mathquiz.problem.instances import draw
from mathquiz.problem.static_checks import PLACEHOLDER

runner = CliRunner()
SEED = 11
# Topics of the first bank, whose problems draw in milliseconds: the tests are about papers, and
# must not wait on (or time out with) a problem still being written elsewhere.
TOPICS = ("calculus", "softmax", "sigmoid", "lstsq")


def write(tmp_path: Path, fmt: str, *targets: str, count: int = 3, seed: int = SEED) -> tuple[str, str]:
    out = tmp_path / f"p{seed}"
    result = runner.invoke(app, ["exam", "--paper", *(targets or TOPICS), "--count", str(count), "--seed", str(seed),
                                 "--format", fmt, "--output", str(out)])
    assert result.exit_code == 0, result.output
    suffix = papers.FORMATS[fmt]
    return (tmp_path / f"p{seed}{suffix}").read_text(), (tmp_path / f"p{seed}-key{suffix}").read_text()


def instances(text: str):
    """(problem id, seed) of each problem, from the key's check lines."""
    return [(pid, int(s)) for pid, s in re.findall(r"mathquiz solve (\S+) -(?:\{\})?-seed (\d+)", text)]


def solve_json(pid: str, seed: int) -> dict:
    result = runner.invoke(app, ["solve", pid, "--seed", str(seed), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize("fmt", ["markdown", "latex"])
def test_the_same_seed_gives_the_same_paper_and_another_seed_another(tmp_path, fmt):
    for name in "abc":
        (tmp_path / name).mkdir()
    first, second = write(tmp_path / "a", fmt), write(tmp_path / "b", fmt)
    assert first == second
    assert write(tmp_path / "c", fmt, seed=SEED + 1)[0] != first[0]


@pytest.mark.parametrize("fmt", ["markdown", "latex"])
def test_paper_and_key_agree_with_solve(tmp_path, fmt):
    paper, key = write(tmp_path, fmt, count=4)
    drawn = instances(key)
    assert len(drawn) == 4
    for n, (pid, seed) in enumerate(drawn, 1):
        sheet = solve_json(pid, seed)
        assert f"Problem {n}. " in paper and f"Problem {n}. " in key
        title = sheet["title"] if fmt == "markdown" else prose_latex(sheet["title"])
        assert title in paper and title in key
        inst = draw(load_problem(scan().entries[pid]), seed)
        for part, expected in zip(inst.parts, sheet["parts"], strict=True):
            assert part.answer_text == expected["answer"]
            shown = f"${to_latex(tidy(part.key))}$" if part.key is not None else part.answer_text
            assert shown in key  # the key's answer is the one solve gives
    assert "Worked solution" in key and "Worked solution" not in paper


@pytest.mark.parametrize("fmt", ["markdown", "latex"])
def test_every_drawn_value_in_the_statements_appears_on_the_paper(tmp_path, fmt):
    paper, key = write(tmp_path, fmt, count=6)
    for pid, seed in instances(key):
        inst = draw(load_problem(scan().entries[pid]), seed)
        texts = [inst.problem.text] + [p.part.prompt for p in inst.parts]
        names = {m.group(1) for t in texts for m in PLACEHOLDER.finditer(t)} & set(inst.values)
        for name in names:
            assert to_latex(tidy(inst.trees()[name])) in paper, (pid, name)  # as $…$ or in a power


def _balanced(tex: str) -> bool:
    depth = 0
    for m in re.finditer(r"\\.|[{}]", tex, flags=re.S):
        if m.group() == "{":
            depth += 1
        elif m.group() == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def test_latex_is_well_formed(tmp_path):
    for text in write(tmp_path, "latex", count=8):
        body = text.split("\\begin{document}", 1)[1]
        assert text.startswith("\\documentclass") and text.rstrip().endswith("\\end{document}")
        assert _balanced(text)
        begins = re.findall(r"\\begin\{(\w+)\}", text)
        ends = re.findall(r"\\end\{(\w+)\}", text)
        assert sorted(begins) == sorted(ends)
        outside_math = re.sub(r"\$[^$]*\$|\\\[.*?\\\]|\\ensuremath\{[_^]", "", body, flags=re.S)
        assert not re.search(r"(?<!\\)[\^~&#%]", outside_math.replace("\\^{}", "").replace("\\~{}", ""))
        assert body.count("$") % 2 == 0  # every inline formula closed
        for char in {c for c in body if ord(c) > 127}:
            assert f"{{{ord(char):04X}}}" in text  # declared for pdflatex


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="no pdflatex installed")
def test_latex_compiles_with_pdflatex(tmp_path):
    paper, key = write(tmp_path, "latex", count=30)  # every problem of the topics, in one paper
    for name in (f"p{SEED}.tex", f"p{SEED}-key.tex"):
        run = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", name], cwd=tmp_path,
                             capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, run.stdout[-3000:]
        assert (tmp_path / name.replace(".tex", ".pdf")).stat().st_size > 1000


@pytest.mark.parametrize("char, expected", [
    ("δ", r"\ensuremath{\delta}"), ("Σ", r"\ensuremath{\Sigma}"), ("Α", "A"), ("²", r"\ensuremath{^{2}}"),
    ("ᵢ", r"\ensuremath{_{i}}"), ("⁻", r"\ensuremath{^{-}}"), ("ŷ", r"\ifmmode\hat{y}\else\^{y}\fi"),
    ("ℝ", r"\ensuremath{\mathbb{R}}"), ("—", "---"), ("⊙", r"\ensuremath{\odot}"),
    ("⟺", r"\ensuremath{\Longleftrightarrow}"), ("☃", UNKNOWN),
])
def test_unicode_for_pdflatex(char, expected):
    assert replacement(char) == expected
    assert declarations(f"a{char}b{char}") == f"\\DeclareUnicodeCharacter{{{ord(char):04X}}}{{{expected}}}"


@pytest.mark.parametrize("text, expected", [
    ("xₜ₊₁ = x", r"x\ensuremath{_{t+1}} = x"), ("Aᵀx²", r"A\ensuremath{^{T}}x\ensuremath{^{2}}"),
    ("Σᵢ bᵢxᵢ", r"Σ\ensuremath{_{i}} b\ensuremath{_{i}}x\ensuremath{_{i}}"), ("eⁿ⁻¹", r"e\ensuremath{^{n-1}}"),
    ("x\u0302 + y\u0304", r"\ensuremath{\hat{x}} + \ensuremath{\bar{y}}"),
    ("μ\u0302", r"\ensuremath{\hat{\mu}}"), ("plain", "plain"),
])
def test_runs_of_scripts_become_one_group(text, expected):
    assert scripts(text) == expected  # ₜ₊₁ one by one would be a double subscript in math


@pytest.mark.parametrize("output, fmt, paper, key", [
    (None, "markdown", "paper-7.md", "paper-7-key.md"), (None, "latex", "paper-7.tex", "paper-7-key.tex"),
    ("mock", "latex", "mock.tex", "mock-key.tex"), ("out/mock.txt", "markdown", "out/mock.txt", "out/mock-key.txt"),
])
def test_file_names(output, fmt, paper, key):
    assert papers.paths(Path(output) if output else None, 7, fmt) == (Path(paper), Path(key))


@pytest.mark.parametrize("args, message", [
    (["--format", "html"], "markdown or latex"), (["--output", "/nonexistent/dir/p.md"], "cannot write"),
])
def test_paper_errors_are_messages(args, message):
    result = runner.invoke(app, ["exam", "--paper", "calculus", "--count", "1", "--seed", "1", *args])
    assert result.exit_code in (1, 2) and message in result.stderr and "Traceback" not in result.output


@pytest.mark.parametrize("fmt", ["markdown", "latex"])
@pytest.mark.parametrize(("args", "shown"), [
    ([], None), (["--minutes", "15"], "15 minutes"), (["-m", "1"], "1 minute"), (["-m", "7.5"], "7.5 minutes"),
])  # fmt: skip
def test_minutes_are_printed_on_the_paper_not_the_key(tmp_path, fmt, args, shown):
    out = tmp_path / "p"
    result = runner.invoke(app, ["exam", "--paper", "calculus", "--count", "1", "--seed", "1", "-f", fmt,
                                 "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    suffix = papers.FORMATS[fmt]
    paper, key = (tmp_path / f"p{suffix}").read_text(), (tmp_path / f"p-key{suffix}").read_text()
    first = next(line for line in paper.splitlines() if "Time allowed" in line)
    assert (shown or "20 minutes") in first, first  # the time allowed is always on the paper
    assert "minute" not in key


@pytest.mark.parametrize("extra", [[], ["--minutes", "30"], ["--no-save"]])
def test_json_describes_the_files_written(tmp_path, extra):
    out = tmp_path / "mock"
    result = runner.invoke(app, ["exam", "--paper", *TOPICS, "--count", "3", "--seed", str(SEED), "-o", str(out),
                                 "--json", *extra])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["paper"] == str(tmp_path / "mock.md") and data["key"] == str(tmp_path / "mock-key.md")
    assert (data["format"], data["seed"]) == ("markdown", SEED)
    assert data["minutes"] == (30 if "--minutes" in extra else None)
    key = Path(data["key"]).read_text()
    assert [(p["id"], p["seed"]) for p in data["problems"]] == instances(key)


def test_no_save_changes_nothing_on_a_paper(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    plain = write(tmp_path / "a", "markdown")
    result = runner.invoke(app, ["exam", "--paper", *TOPICS, "--count", "3", "--seed", str(SEED), "--format",
                                 "markdown", "--output", str(tmp_path / "b" / f"p{SEED}"), "--no-save"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "b" / f"p{SEED}.md").read_text() == plain[0]


@pytest.mark.parametrize("args", [["--format", "latex"], ["-f", "markdown"], ["--output", "x.md"], ["-o", "."]])
def test_paper_options_without_paper_are_a_usage_error(args, home):
    result = runner.invoke(app, ["exam", "calculus", "--count", "1", "--seed", "3", *args], input="quit\n")
    assert result.exit_code == 2, result.output
    assert "apply only with --paper" in result.stderr and not (home / "history.sqlite3").exists()  # no exam ran



@pytest.mark.parametrize("fmt", ["markdown", "latex"])
def test_a_step_that_only_repeats_the_formula_before_is_shown_once(fmt):
    """batchnorm-forward's working computes σ²_B, then says `= 9` again: the key shows it once."""
    from mathquiz.proof.worked import repeats, worked

    inst = draw(load_problem(scan().entries["batchnorm-forward"]), 1)
    assert any(repeats(inst, worked(inst), k) for k in range(len(worked(inst)))), "pick another draw"
    _, key = papers.render([inst], 1, fmt)
    pattern = r"\$\$(.*?)\$\$" if fmt == "markdown" else r"\\\[(.*?)\\\]"
    formulas = [f.strip() for f in re.findall(pattern, key)]
    went_on = [(before, after) for before, after in zip(formulas, formulas[1:], strict=False) if after.startswith("= ")]
    assert went_on  # the key has steps that go on from the one before …
    for before, after in went_on:  # … and none says again what the line before said
        assert before.rsplit("= ", 1)[-1] != after.removeprefix("= "), (before, after)


def test_a_continuing_step_with_a_new_formula_is_no_repeat():
    from mathquiz.proof.worked import continues, repeats, worked

    inst = draw(load_problem(scan().entries["adam-step"]), 1)
    steps = worked(inst)
    going_on = [k for k in range(len(steps)) if continues(inst, k)]
    assert going_on and not any(repeats(inst, steps, k) for k in going_on)
