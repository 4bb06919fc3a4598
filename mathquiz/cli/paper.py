"""`exam --paper`: the paper and its answer key written to files (or a folder), and what is said."""

from __future__ import annotations

import os
from pathlib import Path

from mathquiz.cli.app import EXIT_NEGATIVE, fail, render


def paper_paths(output: str | None, seed: int, fmt: str) -> tuple[Path, Path, bool]:
    """The paper's and the key's files, from --output as a file or as a folder for the default names
    (one that exists, `.`, empty, or ending in / — that one is created); and whether it was a folder."""
    from mathquiz.documents import papers

    if output is None or not (output in ("", ".") or output.endswith(("/", os.sep)) or Path(output).is_dir()):
        return (*papers.paths(Path(output) if output is not None else None, seed, fmt), False)
    folder = Path(output or ".")
    paper, key = papers.paths(None, seed, fmt)
    return folder / paper, folder / key, True


def write_paper(chosen, seed: int, fmt: str, output: str | None, minutes: float | None, json_out: bool) -> None:
    """exam --paper: the instances an exam with this seed would ask, as a paper and a key."""
    from mathquiz.documents import papers
    from mathquiz.problem.bank import load_problem
    from mathquiz.problem.files import ProblemFileError
    from mathquiz.problem.instances import DrawError, draw

    try:
        instances = [draw(load_problem(e), seed + k) for k, e in enumerate(chosen)]
    except (ProblemFileError, DrawError) as exc:
        fail(f"cannot set the paper: {exc}", code=EXIT_NEGATIVE)
    if not instances:
        fail("there are no problems to put on a paper")
    paper_path, key_path, folder = paper_paths(output, seed, fmt)
    # the key's name as the paper prints it: a name with bytes that are not UTF-8 shows U+FFFD there
    key_name = key_path.name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    text, key = papers.render(instances, seed, fmt, key_name, minutes)
    try:
        if folder:
            paper_path.parent.mkdir(parents=True, exist_ok=True)
        paper_path.write_text(text, encoding="utf-8")
        key_path.write_text(key, encoding="utf-8")
    except OSError as exc:  # a place that cannot be written: the output asked for is bad (exit 2)
        fail(f"cannot write the paper: {exc}", "give a file or folder you can write with --output")
    if json_out:
        render.print_json({"paper": str(paper_path), "key": str(key_path), "format": fmt, "seed": seed,
                           "minutes": minutes, "problems": [{"id": i.id, "seed": i.seed} for i in instances]})
        return
    render.console.print(f"Wrote {len(instances)} problems (seed {seed}) to {render.visible(str(paper_path))} "
                         f"and the answer key to {render.visible(str(key_path))}", markup=False)
