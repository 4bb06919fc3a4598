"""The guides a student or author reads (`mathquiz help syntax|format|planning`): the files of
`docs/`, shipped inside the package (pyproject force-includes them as `mathquiz/docs/`), so a pip
user has exactly the text a checkout has. Plain file reading: no Rich, no SymPy."""

from __future__ import annotations

from pathlib import Path

#: name → (file in docs/, what it is about)
GUIDES = {
    "syntax": ("answer-syntax.md", "how to type answers: plain text, Unicode, LaTeX; limits and messages"),
    "format": ("problem-format.md", "writing problem files: parameters, parts, claims, worked solutions"),
    "planning": ("planning.md", "how a plan to an exam date is made, and what review and cram do"),
}


class GuideMissing(Exception):
    """The guide's file is not where the package or the checkout keeps it."""


def docs_folder() -> Path:
    """`mathquiz/docs` in an installed package, else the checkout's `docs/` beside the package."""
    package = Path(__file__).resolve().parent.parent
    inside = package / "docs"
    return inside if inside.is_dir() else package.parent / "docs"


def guide(name: str) -> str:
    """The text of a guide (Markdown); raises KeyError for an unknown name, GuideMissing for a lost file."""
    path = docs_folder() / GUIDES[name][0]
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise GuideMissing(f"the guide {path} cannot be read: {exc.strerror or exc}") from None
