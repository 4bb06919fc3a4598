"""`mathquiz help [GUIDE]`: the guides of docs/, as shipped inside the package (registered on cli.app)."""

from __future__ import annotations

import sys
from typing import Optional

import typer

from mathquiz.cli.app import EXIT_INTERNAL, app, fail, render
from mathquiz.documents.guides import GUIDES, GuideMissing, guide


def complete_guides(incomplete: str) -> list[str]:
    return [name for name in GUIDES if name.startswith(incomplete)]


@app.command("help")
def help_(
    name: Optional[str] = typer.Argument(None, metavar="[GUIDE]", help=f"One of: {', '.join(GUIDES)}.",
                                         autocompletion=complete_guides),
) -> None:
    """Read a guide: how to type answers (syntax), the problem-file format (format), how plans are made (planning).

    At a terminal a long guide goes through $PAGER; piped, it is printed as Markdown.

    \b
    Example: mathquiz help syntax
    Example: mathquiz help format > problem-format.md
    """
    if name is None:
        width = max(map(len, GUIDES))
        sys.stdout.write("Guides (mathquiz help GUIDE):\n" + "".join(
            f"  {key:<{width}}  {about}\n" for key, (_, about) in GUIDES.items()))
        return
    if name not in GUIDES:
        import difflib

        close = difflib.get_close_matches(name, list(GUIDES), 1, 0.5)
        fail(f"no guide '{name}'" + (f": did you mean '{close[0]}'?" if close else ""),
             "guides: " + ", ".join(GUIDES))
    try:
        text = guide(name)
    except GuideMissing as exc:
        fail(str(exc), "reinstall mathquiz: the guides are part of the package", code=EXIT_INTERNAL)
    render.show_guide(text)
