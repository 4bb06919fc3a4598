"""An exam paper a teacher would hand out (issue 27 item 7): name and ID fields, the time allowed,
points per part and a total, parts labelled once, mathematics typeset (no carets or underscores
as text), no typing instructions, a key in the same typesetting; LaTeX that pdflatex compiles and
Markdown that pandoc reads without a warning."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mathquiz.cli.main import app
from mathquiz.documents import papers
from mathquiz.documents.prose_tex import prose_latex, token
from mathquiz.problem.bank import load_problem, scan
from mathquiz.problem.format import DEFAULT_POINTS
from mathquiz.problem.instances import draw
from mathquiz.problem.loading import load
from mathquiz.validation.wording import paper_issues

runner = CliRunner()
SHIPPED = Path(__file__).parent.parent / "problems"
# problems whose statements carry ℝ^(…), e^(…), d_k, typing hints and choices: the hard cases
HARD = ("attention-scaling", "softmax-jacobian", "ce-kl-equivalence", "normal-equations", "batchnorm-backward",
        "sigmoid-derivative", "tanh-derivative")


def paper_of(tmp_path: Path, fmt: str, ids=HARD, seed: int = 5, minutes: str = "45") -> tuple[str, str]:
    out = tmp_path / "exam"
    result = runner.invoke(app, ["exam", "--paper", *ids, "--count", str(len(ids)), "--seed", str(seed),
                                 "--format", fmt, "-o", str(out), "--minutes", minutes])
    assert result.exit_code == 0, result.output
    suffix = papers.FORMATS[fmt]
    return (tmp_path / f"exam{suffix}").read_text(), (tmp_path / f"exam-key{suffix}").read_text()


@pytest.mark.parametrize("fmt", ["latex", "markdown"])
def test_the_paper_has_what_a_handed_out_exam_has(tmp_path, fmt):
    paper, key = paper_of(tmp_path, fmt)
    total = sum(p.points for pid in HARD for p in load_problem(scan().entries[pid]).parts)
    assert "Name:" in paper and "Student ID:" in paper
    assert "Time allowed:" in paper and "45 minutes" in paper
    assert f"Total: {total} points" in paper.replace("\\textbf{Total:}", "Total:")
    parts = sum(len(load_problem(scan().entries[pid]).parts) for pid in HARD)
    assert len(re.findall(r"\[\d+ points?\]", paper)) == parts  # every part says its points
    assert "Worked solution" not in paper and "Worked solution" in key


@pytest.mark.parametrize("fmt", ["latex", "markdown"])
def test_parts_are_labelled_once_and_nothing_says_how_to_type(tmp_path, fmt):
    paper, _ = paper_of(tmp_path, fmt)
    assert not re.search(r"(\(a\)|\*\*\(a\)\*\*|\\item)\s+\(?a\)\s", paper)  # not "(a) a) …"
    assert not re.search(r"\b[Tt]ype\b(?! of)", paper.split("begin{document}")[-1])
    assert "inv(" not in paper


@pytest.mark.parametrize("fmt", ["latex", "markdown"])
def test_mathematics_is_typeset_not_written_with_carets(tmp_path, fmt):
    paper, key = paper_of(tmp_path, fmt)
    for text in (paper, key):
        body = re.sub(r"\\texttt\{[^}]*\}|`[^`]*`", "", text.split("begin{document}")[-1])
        assert "\\^{}" not in body and "^(" not in body.replace("\\left(", "")
        assert not re.search(r"(?<![\\$])\\_", body)  # an underscore is an index, not a character
    assert "\\mathbb{R}" in paper or "ℝ" in paper  # ℝ is declared for pdflatex or read by pandoc


@pytest.mark.parametrize("text, tex", [
    ("K ∈ ℝ^(3×4)", r"K ∈ ℝ\ensuremath{^{3\times 4}}"),
    ("A^-1 and e^(zi)", r"A\ensuremath{^{-1}} and e\ensuremath{^{zi}}"),
    ("d_k = 4, p_data", r"d\ensuremath{_{k}} = 4, p\ensuremath{_{\mathrm{data}}}"),
    ("x^T x", r"x\ensuremath{^{\top}} x"),
    ("50% & #1", r"50\% \& \#1"),
    ("w ~ N(0, 1)", r"w \ensuremath{\sim} N(0, 1)"),
])  # fmt: skip
def test_prose_is_typeset(text, tex):
    assert prose_latex(text) == tex


def test_a_value_inside_a_power_joins_its_math():
    value = token(0)
    assert prose_latex(f"e^({value}x)", {value: r"\frac{1}{4}"}) == r"e\ensuremath{^{{\frac{1}{4}}x}}"
    assert prose_latex(f"k = {value}", {value: r"\frac{1}{4}"}, markdown=True) == r"k = $\frac{1}{4}$"


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="no pdflatex installed")
def test_the_hard_cases_compile_with_pdflatex(tmp_path):
    paper_of(tmp_path, "latex")
    for name in ("exam.tex", "exam-key.tex"):
        run = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", name], cwd=tmp_path,
                             capture_output=True, text=True, timeout=180)
        assert run.returncode == 0, run.stdout[-3000:]


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="no pandoc installed")
def test_the_markdown_reads_in_pandoc_without_a_warning(tmp_path):
    paper, key = paper_of(tmp_path, "markdown")
    for name in ("exam.md", "exam-key.md"):
        run = subprocess.run(["pandoc", name, "--mathml", "-o", name + ".html"], cwd=tmp_path,
                             capture_output=True, text=True, timeout=120)
        assert run.returncode == 0 and "WARNING" not in run.stderr, run.stderr[-2000:]
        html = (tmp_path / (name + ".html")).read_text()
        assert "<math" in html and "<pre" not in html  # an indented formula line is no code block


def _variant(tmp_path: Path, old: str, new: str, name: str = "tanh-derivative") -> Path:
    text = (SHIPPED / f"{name}.yaml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / f"{name}.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_points_come_from_the_file_with_a_default(tmp_path):
    path = _variant(tmp_path, "    kind: expression\n", "    kind: expression\n    points: 7\n")
    problem = load(path, remember=False)[0]
    assert [p.points for p in problem.parts] == [7] + [DEFAULT_POINTS] * (len(problem.parts) - 1)
    paper = papers.render([draw(problem, 1)], 1, "markdown")[0]
    assert f"Total: {7 + DEFAULT_POINTS * (len(problem.parts) - 1)} points" in paper and "[7 points]" in paper


def test_typing_is_shown_at_the_prompt_and_left_off_paper(tmp_path, monkeypatch):
    monkeypatch.setenv("MATHQUIZ_HOME", str(tmp_path))
    path = _variant(tmp_path, "    kind: expression\n", '    kind: expression\n    typing: "Type k as kappa."\n')
    path.write_text(path.read_text().replace("id: tanh-derivative", "id: tanh-typing"))
    problem = load(path, remember=False)[0]
    paper, key = papers.render([draw(problem, 1)], 1, "latex")
    assert "kappa" not in paper and "kappa" not in key
    shown = runner.invoke(app, ["practice", "tanh-typing", "--seed", "1", "--no-save", "--problems",
                                str(tmp_path)], input="quit\n")
    assert "Type k as kappa." in shown.stdout  # the part's typing, under its prompt


def test_validate_flags_what_a_paper_must_not_show(tmp_path):
    path = _variant(tmp_path, "      Find f′(x), as an expression in x.", "      Find f′(x) (type it as inv(x)).")
    found = paper_issues(draw(load(path, remember=False)[0], 1))
    assert found == [] or all("typing" not in f for f in found)  # a (type …) remark is left off paper
    path = _variant(tmp_path, "      Find f′(x), as an expression in x.", "      Find f′(x); its inv(x) is not asked.")
    found = paper_issues(draw(load(path, remember=False)[0], 1))
    assert any("inv(" in f for f in found), found
