"""The `mathquiz compare` contract: two expressions in, one verdict object out."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator, Mapping

from mathquiz.expression.limits import ParseError
from mathquiz.expression.notation import as_written, read_as
from mathquiz.expression.parser import parse
from mathquiz.expression.printing import names_as_typed
from mathquiz.expression.scope import Scope
from mathquiz.expression.shapes import ShapeError, infer, parse_shape
from mathquiz.judging.equivalence import CORRECT, INCORRECT, INVALID, AuthorError, Context, compare

_VERDICTS = {CORRECT: "equivalent", INCORRECT: "different", INVALID: "invalid"}
MAX_LINE = 100_000


def _invalid(reason: str) -> dict:
    return {"verdict": "invalid", "reason": reason, "read_as": ""}


def compare_texts(expected: str, given: str, shapes: Mapping[str, str] | None = None, entrywise: bool = False) -> dict:
    """{"verdict", "reason", "read_as"} for two typed expressions; names without a shape are scalars.
    `entrywise`: max(0, v), 1/v, v² of the given one act entry by entry (expression.notation).
    Its names are free, so they are printed as typed (x1, not x₁: an undeclared x₁ is x_1)."""
    with names_as_typed():
        return _compare_texts(expected, given, shapes, entrywise)


def _compare_texts(expected: str, given: str, shapes: Mapping[str, str] | None, entrywise: bool) -> dict:
    try:
        dims = {name: parse_shape(spec) for name, spec in (shapes or {}).items()}
    except ValueError as exc:
        return _invalid(str(exc))
    bad = [n for n in dims if not n.isidentifier()]
    if bad:
        return _invalid(f"{bad[0]!r} is not a name")
    scope = Scope(variables=dims, free=True)
    try:
        want = parse(expected, scope)
    except ParseError as exc:
        return _invalid(f"expected: {exc.message}\n{exc.caret()}")
    try:
        got = parse(given, scope)
    except ParseError as exc:
        return _invalid(f"{exc.message}\n{exc.caret()}")
    try:
        try:
            asked = infer(want, dims)
        except ShapeError:
            asked = "any"
        got = as_written(got, dims, asked, entrywise)
        verdict = compare(want, got, Context(shapes=dims), sources=(expected, given))
    except AuthorError as exc:
        return _invalid(f"expected: {exc}")
    except RecursionError:
        return {"verdict": "undecided", "reason": "too complex to check", "read_as": read_as(got)}
    return {
        "verdict": _VERDICTS.get(verdict.status, verdict.status),
        "reason": verdict.reason,
        "read_as": read_as(got),
    }


def _batch_line(line: str) -> dict:
    if len(line) > MAX_LINE:
        return _invalid(f"line longer than {MAX_LINE} characters")
    try:
        item = json.loads(line)
    except (json.JSONDecodeError, RecursionError) as exc:
        return _invalid(f"not a JSON object: {exc}")
    if not isinstance(item, dict):
        return _invalid('each line must be an object like {"expected": "...", "given": "..."}')
    expected, given = item.get("expected"), item.get("given")
    shapes = item.get("shapes") or {}
    if not isinstance(expected, str) or not isinstance(given, str):
        return _invalid('"expected" and "given" must both be strings')
    if not isinstance(shapes, dict) or not all(isinstance(v, str) for v in shapes.values()):
        return _invalid('"shapes" must map names to shapes such as "3x2"')
    return compare_texts(expected, given, shapes, item.get("entrywise") is True)


def run_batch(lines: Iterable[str]) -> Iterator[dict]:
    """One result per non-blank input line, each with the time it took."""
    for line in lines:
        if not line.strip():
            continue
        start = time.perf_counter()
        try:
            result = _batch_line(line)
        except (ArithmeticError, RecursionError, MemoryError, ValueError, TypeError) as exc:
            # one line that cannot be judged must not cost the lines after it
            result = {"verdict": "undecided", "reason": f"could not be checked ({type(exc).__name__})",
                      "read_as": ""}
        result["elapsed_ms"] = round((time.perf_counter() - start) * 1000, 3)
        yield result
