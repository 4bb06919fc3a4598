"""The problem-file format as typed models, and loading with errors that name file, line and field.

A problem file holds no code: every computed value is an expression in the answer syntax (plus
the author builtins of `mathquiz.expr.AUTHOR_FUNCTIONS`), parsed by our own parser.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from mathquiz.files import Issue, ProblemFileError, field_name, line_of, read_yaml

Int = int  # the parameter field named `int` shadows the builtin inside ParamSpec
Dim = Union[int, str]  # a size, or the name of an integer parameter
Value = Union[int, float, str]
KINDS = (
    "expression", "matrix-expression", "number", "vector", "matrix", "shape",
    "choice", "ordering", "wrong-step",
)  # fmt: skip
MAX_DIM = 8  # drawn vectors and matrices stay exam-sized (and validation stays fast)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SymbolSpec(_Strict):
    """A variable answers may mention: a scalar with a domain, or a matrix with a shape."""

    shape: tuple[Dim, Dim] | None = None
    domain: str = Field("real", description='"real", "positive", "negative", "nonzero" or an interval "(-1, 1)"')
    symmetric: bool = False

    @field_validator("domain")
    @classmethod
    def _domain(cls, v: str) -> str:
        if v in ("real", "positive", "negative", "nonzero") or re.fullmatch(r"\(\s*-?[\d.]+\s*,\s*-?[\d.]+\s*\)", v):
            return v
        raise ValueError('domain must be real, positive, negative, nonzero or an interval such as "(-1, 1)"')


class ParamSpec(_Strict):
    """A random parameter: exactly one of int, choice, vector, matrix, onehot."""

    int: tuple[Int, Int] | None = Field(None, description="inclusive range [lo, hi]")
    exclude: list[Int] = Field(default_factory=list, description="values an int never takes")
    choice: list[Value] | None = Field(None, description="values (numbers or expressions) to pick from")
    vector: Dim | None = Field(None, description="length of a column vector with integer entries")
    matrix: tuple[Dim, Dim] | None = Field(None, description="rows, columns of an integer matrix")
    entries: tuple[Int, Int] = Field((-3, 3), description="inclusive range of entries")
    nonzero: bool = Field(False, description="entries are never 0")
    symmetric: bool = False
    full_rank: bool = Field(False, description="matrix of full column rank")
    onehot: Dim | None = Field(None, description="length of a one-hot column vector")
    alias: str | None = Field(None, description="the name `solve --set` accepts for it (A for A0)")

    @model_validator(mode="after")
    def _one_kind(self):
        kinds = [k for k in ("int", "choice", "vector", "matrix", "onehot") if getattr(self, k) is not None]
        if len(kinds) != 1:
            raise ValueError("a parameter needs exactly one of int, choice, vector, matrix, onehot")
        if self.int is not None and self.int[0] > self.int[1]:
            raise ValueError("int range [lo, hi] needs lo <= hi")
        if self.entries[0] > self.entries[1]:
            raise ValueError("entries [lo, hi] needs lo <= hi")
        return self


class Condition(_Strict):
    """A constraint on drawn values; drawing repeats until every condition holds."""

    nonzero: str | None = None
    positive: str | None = None
    nonnegative: str | None = None
    distinct: list[str] | None = None

    @model_validator(mode="after")
    def _one(self):
        if sum(v is not None for v in (self.nonzero, self.positive, self.nonnegative, self.distinct)) != 1:
            raise ValueError("a condition needs exactly one of nonzero, positive, nonnegative, distinct")
        return self


class Mistake(_Strict):
    """A classic wrong answer and what to tell the student who gives it."""

    answer: str
    feedback: str


class SelfTests(_Strict):
    """Sample answers with the verdict they must get, checked on every drawn instance."""

    correct: list[str] = Field(default_factory=list)
    incorrect: list[str] = Field(default_factory=list)
    invalid: list[str] = Field(default_factory=list)


class Step(_Strict):
    """One step of a worked solution or derivation: a sentence and, usually, a checked formula."""

    text: str = ""
    math: str | None = Field(None, description="an expression; consecutive ones must be equal")
    label: str | None = Field(None, description="what the formula is, shown as `label = math`")
    begins: bool = Field(False, description="starts a new chain: not compared with the step before")
    answers: int | None = Field(None, description="this step equals the key of part N (1-based)")
    assume: dict[str, str] = Field(default_factory=dict, description="e.g. {A: symmetric}")
    wrong: list[str] = Field(default_factory=list, description="broken versions (wrong-step parts)")
    shown: str | None = Field(None, description="how to display the formula, instead of math")


class MonteCarlo(_Strict):
    """A seeded simulation shown beside an exact answer: the statistic of `of` over random draws."""

    variables: dict[str, str] = Field(description='e.g. {X: "normal(0, s1)", U: "uniform(0, 1)"}')
    of: str = Field(description="an expression in the random variables and parameters")
    statistic: Literal["mean", "var"] = "var"
    equals: str = Field(description="the exact value, an expression in the parameters")
    samples: int = Field(100_000, ge=1000, le=1_000_000)
    rtol: float = Field(0.05, gt=0, le=0.5, description="allowed relative gap between estimate and exact")


class Part(_Strict):
    """One question of a problem and how its answer is graded."""

    prompt: str
    kind: Literal[KINDS]  # type: ignore[valid-type]
    answer: Value | list[Value] | None = None
    rtol: float | None = Field(None, ge=0, le=1)
    atol: float | None = Field(None, ge=0)
    accept_transpose: bool = False
    cases: list[dict[str, Value]] = Field(default_factory=list)
    mistakes: list[Mistake] = Field(default_factory=list)
    hints: list[str] = Field(default_factory=list)
    tests: SelfTests = SelfTests()
    choices: list[str] = Field(default_factory=list)
    steps: list[Step] = Field(default_factory=list)
    attempts: int = Field(2, ge=1, le=5)

    @model_validator(mode="after")
    def _by_kind(self):
        if self.kind in ("ordering", "wrong-step"):
            if len(self.steps) < 3:
                raise ValueError(f"a {self.kind} part needs at least 3 steps")
            if self.kind == "wrong-step" and not any(s.wrong for s in self.steps):
                raise ValueError("a wrong-step part needs a step with `wrong` variants")
        elif self.answer is None:
            raise ValueError(f"a {self.kind} part needs an answer")
        if self.kind == "choice" and len(self.choices) < 2:
            raise ValueError("a choice part needs at least 2 choices")
        return self


class Problem(_Strict):
    """One exercise: what is drawn, what is asked, how it is graded and solved."""

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    title: str
    topic: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    source: str
    tags: list[str] = Field(default_factory=list)
    difficulty: int = Field(1, ge=1, le=3)
    order: int = Field(50, description="position within its topic (lower first)")
    text: str = ""
    symbols: dict[str, SymbolSpec] = Field(default_factory=dict)
    params: dict[str, ParamSpec] = Field(default_factory=dict)
    where: list[Condition] = Field(default_factory=list)
    derived: dict[str, str] = Field(default_factory=dict)
    parts: list[Part] = Field(min_length=1)
    solution: list[Step] = Field(min_length=1)
    checks: list[MonteCarlo] = Field(default_factory=list, description="Monte-Carlo checks shown with the solution")


def load(path: Path) -> tuple[Problem, dict[tuple, int]]:
    """Read and type-check one file; every schema issue of the file is reported together."""
    data, lines = read_yaml(path)
    try:
        problem = Problem.model_validate(data)
    except ValidationError as exc:
        issues = [
            Issue(str(path), line_of(lines, err["loc"]), field_name(err["loc"]), _message(err))
            for err in exc.errors()
        ]
        raise ProblemFileError(path, issues) from None
    from mathquiz.checks import static_issues  # parses every expression: names, cycles, limits

    issues = static_issues(problem, lines, str(path))
    if issues:
        raise ProblemFileError(path, issues)
    return problem, lines


def _message(err: dict) -> str:
    if err["type"] == "extra_forbidden":
        return "unknown field"
    if err["type"] == "missing":
        return "required field is missing"
    return err["msg"].removeprefix("Value error, ")


def json_schema() -> dict:
    """The JSON Schema of the format, for editors."""
    schema = Problem.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "mathquiz problem file"
    return schema
