"""The guides travel with the package: `mathquiz help syntax|format|planning` prints the files of
docs/ (from a checkout and from an installed wheel), every help text points there, and examples in
`--help` stand each on their own line."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mathquiz.cli.main import app
from mathquiz.documents.guides import GUIDES

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


@pytest.mark.parametrize("name", list(GUIDES))
def test_help_prints_the_guide_from_docs(name):
    result = runner.invoke(app, ["help", name])
    assert result.exit_code == 0
    assert result.stdout == (ROOT / "docs" / GUIDES[name][0]).read_text(encoding="utf-8")


def test_help_lists_the_guides_and_corrects_a_typo():
    listed = runner.invoke(app, ["help"])
    assert listed.exit_code == 0 and all(name in listed.stdout for name in GUIDES)
    wrong = runner.invoke(app, ["help", "sintax"])
    assert wrong.exit_code == 2 and "did you mean 'syntax'" in wrong.stderr


COMMANDS = ["list", "practice", "solve", "stats", "exam", "review", "plan", "compare", "validate", "schema",
            "help"]


@pytest.mark.parametrize("command", COMMANDS)
def test_examples_in_help_are_each_on_their_own_line(command):
    text = runner.invoke(app, [command, "--help"], env={"COLUMNS": "80"}).stdout
    examples = re.findall(r"Example:", text)
    assert examples, text
    assert all(line.lstrip().startswith("Example:") for line in text.splitlines() if "Example:" in line)
    assert "docs/" not in text and "problems/" not in text  # a pip user has neither folder


def test_no_help_text_points_to_files_a_pip_user_lacks():
    shown = runner.invoke(app, ["--help"]).stdout
    assert "mathquiz help syntax" in shown
    for path in (ROOT / "mathquiz").rglob("*.py"):
        for literal in re.findall(r'(?<!")"[^"\n]*docs/[^"\n]*"(?!")', path.read_text(encoding="utf-8")):
            assert "docs/" not in literal, f"{path}: {literal}"


def test_the_guides_are_in_the_wheel_and_read_from_it(tmp_path):
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w",
                            str(tmp_path / "wheel")], capture_output=True, text=True, timeout=600)
    if built.returncode != 0:
        pytest.skip(f"no wheel could be built here (offline?): {built.stderr[-200:]}")
    wheel = next((tmp_path / "wheel").glob("*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert all(f"mathquiz/docs/{file}" in names for file, _ in GUIDES.values())
    target = tmp_path / "installed"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True, timeout=600)
    code = ("import mathquiz.documents.guides as g, sys; "
            "sys.stdout.write(str(g.docs_folder()) + '\\n' + g.guide('syntax')[:40])")
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path,
                           env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"}, check=True).stdout
    folder, start = shown.split("\n", 1)
    assert Path(folder) == target / "mathquiz" / "docs"
    assert (ROOT / "docs" / "answer-syntax.md").read_text(encoding="utf-8").startswith(start)
