"""Loading one problem file: YAML -> the typed format -> static checks, with every issue named by
file, line and field; a file that passed is kept in the problem cache. Also the JSON Schema."""

from __future__ import annotations

from pathlib import Path

from mathquiz.problem import cache
from mathquiz.problem.files import Issue, ProblemFileError, field_name, line_of, read_yaml
from mathquiz.problem.format import _SLUG, Problem

_ADAPTER = None


def _adapter():
    """Pydantic's reader of the format, built once (building it costs as much as reading a file)."""
    global _ADAPTER
    if _ADAPTER is None:
        from pydantic import TypeAdapter

        _ADAPTER = TypeAdapter(Problem)
    return _ADAPTER


def load(path: Path, remember: bool = True) -> tuple[Problem, dict[tuple, int]]:
    """Read and check one file; every issue of the file is reported together (ProblemFileError).
    A file that passes goes into the problem cache unless not `remember` (validate's workers:
    each would rewrite the whole cache file for each of its problems)."""
    hit = cache.problem(path)
    if hit is not None:
        return hit, {}
    data, lines = read_yaml(path)
    from pydantic import ValidationError

    try:
        problem = _adapter().validate_python(data)
    except ValidationError as exc:
        issues = [
            Issue(str(path), line_of(lines, loc), field_name(loc), _message(err))
            for loc, err in _untagged(data, exc.errors()).items()
        ]
        raise ProblemFileError(path, issues) from None
    from mathquiz.problem.static_checks import static_issues  # parses every expression: names, cycles, limits

    issues = static_issues(problem, lines, str(path))
    if issues:
        raise ProblemFileError(path, issues)
    if remember:
        cache.store_problem(path, problem)
    return problem, lines


def _fields(data, loc: tuple) -> tuple:
    """The location without the union members pydantic names in it (`Claim`, `list[str]`, `int`):
    a part is a field or an index only where the file's data has one."""
    out = []
    for part in loc:
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            continue
        out.append(part)
    return tuple(out)


def _untagged(data, errors: list[dict]) -> dict[tuple, dict]:
    """One error per field: a union reports each member it tried (`claim` is not a Claim, and not a
    list either); a member the value is not even shaped like is dropped, and of several errors left
    at one field a text one is kept. A missing field keeps its name."""
    def shaped_unlike(err) -> bool:
        loc = err["loc"]
        return (err["type"] in ("list_type", "dict_type", "tuple_type") and len(loc) > 1
                and any(o is not err and o["loc"][:len(loc) - 1] == loc[:-1] for o in errors))

    out: dict[tuple, dict] = {}
    for err in errors:
        if shaped_unlike(err):
            continue
        loc = _fields(data, err["loc"])
        if err["type"] in ("missing", "missing_argument"):
            loc += err["loc"][-1:]
        if loc not in out or err["type"] == "string_type":
            out[loc] = err
    return out


def _message(err: dict) -> str:
    if err["type"] in ("extra_forbidden", "unexpected_keyword_argument"):
        return "unknown field"
    if err["type"] in ("missing", "missing_argument"):
        return "required field is missing"
    if err["type"] == "string_type" and isinstance(err.get("input"), bool | int | float):
        shown = str(err["input"]).lower() if isinstance(err["input"], bool) else err["input"]
        return f'expected a text, got {shown}: write it in quotes ("{shown}")'
    return err["msg"].removeprefix("Value error, ")


# Descriptions and constraints for editors; the rules themselves live in the classes above.
_SCHEMA_HINTS = {
    ("Problem", "id"): {"pattern": _SLUG.pattern, "description": "unique slug, e.g. softmax-jacobian"},
    ("Problem", "topic"): {"pattern": _SLUG.pattern, "description": "topic slug, e.g. lstsq"},
    ("Problem", "source"): {"description": "which exercise of which sheet"},
    ("Problem", "difficulty"): {"minimum": 1, "maximum": 3},
    ("Problem", "order"): {"description": "position within its topic (lower first)"},
    ("Problem", "derived"): {"description": "name: expression, computed with SymPy after drawing"},
    ("Problem", "entrywise"): {"description": "the statement says functions act entry by entry: read max(0, Wx), "
                                              "1/(1 + exp(-Xw)), tanh(z)^2 of vectors so"},
    ("SymbolSpec", "domain"): {"description": 'real, positive, negative, nonzero or an interval "(-1, 1)"'},
    ("SymbolSpec", "integer"): {"description": "test points are the whole numbers of the domain"},
    ("ParamSpec", "int"): {"description": "inclusive range [lo, hi]"},
    ("ParamSpec", "vector"): {"description": "length of a column vector with integer entries"},
    ("ParamSpec", "matrix"): {"description": "[rows, cols] of an integer matrix"},
    ("ParamSpec", "full_rank"): {"description": "rank equals min(rows, cols)"},
    ("ParamSpec", "alias"): {"description": "the name `solve --set` accepts for it"},
    ("Step", "math"): {"description": "an expression; consecutive ones must be equal unless `begins`"},
    ("Step", "answers"): {"description": "this step equals the key of part N (1-based)"},
    ("Part", "attempts"): {"minimum": 1, "maximum": 5},
    ("Part", "entrywise"): {"description": "this part's answers are read entry by entry (default: as the problem)"},
    ("MonteCarlo", "samples"): {"minimum": 1000, "maximum": 1000000},
}


def json_schema() -> dict:
    """The JSON Schema of the format, for editors."""
    schema = _adapter().json_schema()
    for (cls, name), extra in _SCHEMA_HINTS.items():
        target = schema if cls == "Problem" and cls not in schema.get("$defs", {}) else schema["$defs"][cls]
        target["properties"][name].update(extra)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "mathquiz problem file"
    return schema
