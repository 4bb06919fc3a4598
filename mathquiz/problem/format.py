"""The problem-file format as typed dataclasses (loading them: `mathquiz.problem.loading`).

A problem file holds no code: every computed value is an expression in the answer syntax (plus
the author builtins of `mathquiz.expression.expr.AUTHOR_FUNCTIONS`), parsed by our own parser.
pydantic validates a file into these frozen dataclasses (types, unknown keys, every error with its
location) and makes the JSON Schema; a file that passed is cached (`mathquiz.problem.cache`), so a
later start builds the objects without importing pydantic (its import costs more than all the rest).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

Int = int  # the parameter field named `int` shadows the builtin inside ParamSpec
Dim = int | str  # a size, or the name of an integer parameter
# What an expression field holds: YAML gives a number for `3` and a bool for `true`; bool is listed so
# that pydantic keeps it a bool (it would silently read 1) and the class refuses it by name (_no_bool).
Value = bool | int | float | str
Kind = Literal["expression", "matrix-expression", "number", "vector", "matrix", "shape", "choice", "ordering",
               "wrong-step"]
MAX_DIM = 8  # drawn vectors and matrices stay exam-sized (and validation stays fast)
MAX_RANGE, MAX_VALUE = 10_000, 10**9  # values a drawn integer may take (exam numbers, cheap draws), its size
_STRICT = {"extra": "forbid"}  # pydantic's config for every class: unknown keys are errors
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_INTERVAL = re.compile(r"\(\s*-?[\d.]+\s*,\s*-?[\d.]+\s*\)")


def _no_bool(**fields) -> tuple[bool, str]:
    """The rule that no expression field holds true/false (inside dicts, lists and pairs too)."""

    def has_bool(v) -> bool:
        inner = v.values() if isinstance(v, dict) else v if isinstance(v, list | tuple) else None
        return any(map(has_bool, inner)) if inner is not None else isinstance(v, bool)

    named = ", ".join(f"`{k}`" for k, v in fields.items() if has_bool(v))
    return not named, f"{named} holds true/false where an expression or number is expected (quote it as text)"


def _rules(*rules: tuple[bool, str]) -> None:
    """Raise one ValueError naming every rule that fails, so a file's mistakes come out together."""
    failed = [message for ok, message in rules if not ok]
    if failed:
        raise ValueError("; ".join(failed))


@dataclass(frozen=True)
class SymbolSpec:
    """A variable answers may mention: a scalar with a domain, or a matrix with a shape (and symmetric)."""

    __pydantic_config__ = _STRICT
    shape: tuple[Dim, Dim] | None = None
    domain: str = "real"
    symmetric: bool = False
    integer: bool = False  # test points are whole numbers of the domain (sizes, strides, counts)
    also: tuple[str, ...] = ()  # other spellings a student may type, as the statement shows it: ŷᵢ for y_i

    def __post_init__(self):
        _rules((self.domain in ("real", "positive", "negative", "nonzero") or bool(_INTERVAL.fullmatch(self.domain)),
                'domain must be real, positive, negative, nonzero or an interval such as "(-1, 1)"'))


@dataclass(frozen=True)
class ParamSpec:
    """A random parameter: exactly one of int (range), choice, vector (length), matrix (rows, cols), onehot."""

    __pydantic_config__ = _STRICT
    int: tuple[Int, Int] | None = None
    exclude: list[Int] = field(default_factory=list)
    choice: list[Value] | None = None
    vector: Dim | None = None
    matrix: tuple[Dim, Dim] | None = None
    entries: tuple[Int, Int] = (-3, 3)
    nonzero: bool = False
    symmetric: bool = False
    full_rank: bool = False
    onehot: Dim | None = None
    alias: str | None = None  # the name `solve --set` accepts for it (A for A0)

    def __post_init__(self):
        kinds = [k for k in ("int", "choice", "vector", "matrix", "onehot") if getattr(self, k) is not None]
        _rules((len(kinds) == 1, "a parameter needs exactly one of int, choice, vector, matrix, onehot"),
               _no_bool(choice=self.choice),
               (self.int is None or self.int[0] <= self.int[1], "int range [lo, hi] needs lo <= hi"),
               (self.int is None or self.int[1] - self.int[0] <= MAX_RANGE and max(map(abs, self.int)) <= MAX_VALUE,
                f"an int range spans at most {MAX_RANGE} values, each at most {MAX_VALUE} in size"),
               (self.entries[0] <= self.entries[1], "entries [lo, hi] needs lo <= hi"),
               (self.entries[1] - self.entries[0] <= MAX_RANGE and max(map(abs, self.entries)) <= MAX_VALUE,
                f"entries span at most {MAX_RANGE} values, each at most {MAX_VALUE} in size"))


CONDITION_TESTS = ("nonzero", "positive", "nonnegative", "integer")


@dataclass(frozen=True)
class Condition:
    """A constraint on drawn values (exactly one of nonzero, positive, nonnegative, integer, distinct)."""

    __pydantic_config__ = _STRICT
    nonzero: str | None = None
    positive: str | None = None
    nonnegative: str | None = None
    integer: str | None = None  # a whole number: (W − F + 2P)/S where the kernel fits exactly
    distinct: list[str] | None = None

    @property
    def test(self) -> str:  # of a one-expression condition (not `distinct`)
        return next(k for k in CONDITION_TESTS if getattr(self, k) is not None)

    def __post_init__(self):
        given = [getattr(self, k) for k in CONDITION_TESTS] + [self.distinct]
        _rules((sum(v is not None for v in given) == 1, "a condition needs exactly one of "
                + ", ".join(CONDITION_TESTS) + ", distinct"))


PROPERTY_TESTS = ("zero", "nonzero", "positive", "nonnegative", "equal")


@dataclass(frozen=True)
class Form:
    """The form a part asks for: names or functions an answer must use, or must not."""

    __pydantic_config__ = _STRICT
    uses: list[str] = field(default_factory=list)
    avoids: list[str] = field(default_factory=list)

    def __post_init__(self):
        _rules((bool(self.uses or self.avoids), "a form needs `uses` or `avoids`"))


@dataclass(frozen=True)
class Property:
    """A condition on the student's answer, named `ans` in it (parts with `accept`, their mistakes):
    exactly one of zero, nonzero, positive, nonnegative (every entry; nonzero: some entry) or equal."""

    __pydantic_config__ = _STRICT
    zero: Value | None = None
    nonzero: Value | None = None
    positive: Value | None = None
    nonnegative: Value | None = None
    equal: tuple[Value, Value] | None = None
    says: str = ""  # told when the answer fails this condition (an `accept` condition)

    @property
    def test(self) -> str:
        return next(k for k in PROPERTY_TESTS if getattr(self, k) is not None)

    @property
    def exprs(self) -> list[Value]:
        value = getattr(self, self.test)
        return list(value) if isinstance(value, tuple) else [value]

    def __post_init__(self):
        given = [k for k in PROPERTY_TESTS if getattr(self, k) is not None]
        _rules((len(given) == 1, "a condition needs exactly one of " + ", ".join(PROPERTY_TESTS)),
               _no_bool(**{k: getattr(self, k) for k in PROPERTY_TESTS}))


@dataclass(frozen=True)
class Accept:
    """A part whose answer is any value with a property: correct when every condition holds."""

    __pydantic_config__ = _STRICT
    holds: list[Property]
    tolerance: float = 1e-6  # |entry| ≤ tolerance is zero; equal: |a − b| ≤ tolerance·max(1, |a|, |b|)

    def __post_init__(self):
        _rules((len(self.holds) >= 1, "accept needs at least one condition under holds"),
               (0 <= self.tolerance <= 1, "tolerance must be between 0 and 1"))


@dataclass(frozen=True)
class Mistake:
    """A classic wrong answer (or, on an `accept` part, a property of one) and the feedback for it."""

    __pydantic_config__ = _STRICT
    feedback: str
    answer: str | None = None
    holds: list[Property] = field(default_factory=list)  # every condition holds for the wrong answer
    practise: str | None = None  # the problem that teaches what this mistake misses (shown after the feedback)

    def __post_init__(self):
        _rules(((self.answer is None) != (not self.holds), "a mistake needs exactly one of answer, holds"))

    def told(self, feedback: str) -> str:
        """The feedback as filled for a draw, pointing to the problem that teaches what it misses."""
        return f"{feedback.rstrip()} (practise {self.practise})" if self.practise else feedback


@dataclass(frozen=True)
class SelfTests:
    """Sample answers with the verdict they must get, checked on every drawn instance."""

    __pydantic_config__ = _STRICT
    correct: list[str] = field(default_factory=list)
    incorrect: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)


CLAIM_OPERATORS = ("derivative", "gradient", "jacobian", "hessian", "divergence", "expectation", "variance", "shape_of",
                   "equals", "cases")


@dataclass(frozen=True)
class Case:
    """One case of a `cases` claim: with `when` substituted, the formula equals `result`."""

    __pydantic_config__ = _STRICT
    when: dict[str, Value]
    result: Value

    def __post_init__(self):
        _rules(_no_bool(when=self.when, result=self.result))


@dataclass(frozen=True)
class Claim:
    """What a key or a step is: the derivative, gradient, … of an expression of the statement;
    exactly one operator (CLAIM_OPERATORS), the rest say how it applies (docs/problem-format.md)."""

    __pydantic_config__ = _STRICT
    derivative: Value | None = None
    gradient: Value | None = None
    jacobian: Value | None = None
    hessian: Value | None = None
    divergence: Value | None = None
    expectation: Value | None = None
    variance: Value | None = None
    shape_of: Value | None = None
    equals: Value | None = None
    cases: list[Case] | None = None
    wrt: str | list[str] | None = None
    under: dict[str, str] = field(default_factory=dict)  # {X: "normal(0, s1)"}
    at: dict[str, Value] = field(default_factory=dict)  # {x: x0}: the result at a drawn point
    result: Value | None = None  # the claimed result, when it is not the step's `math`
    sizes: dict[str, Int] = field(default_factory=dict)  # shape_of with stand-in sizes: {p: 6}
    over: dict[str, tuple[Value, Value]] = field(default_factory=dict)  # index form: {i: [1, n]}
    let: dict[str, Value | dict[str, Dim | list[Dim]]] = field(default_factory=dict)
    assume: dict[str, str] = field(default_factory=dict)

    @property
    def operator(self) -> str:
        return next(k for k in CLAIM_OPERATORS if getattr(self, k) is not None)

    def __post_init__(self):
        given = [k for k in CLAIM_OPERATORS if getattr(self, k) is not None]
        op = given[0] if len(given) == 1 else None
        calculus = ("derivative", "gradient", "jacobian", "hessian", "divergence")
        _rules((len(given) == 1, "a claim needs exactly one of " + ", ".join(CLAIM_OPERATORS)),
               (op not in calculus or self.wrt is not None, f"a {op} claim needs `wrt`"),
               (op not in ("expectation", "variance") or bool(self.under),
                f"an {op} claim needs `under` (the random variables)"),
               _no_bool(**{k: getattr(self, k) for k in CLAIM_OPERATORS[:-1]}, at=self.at, result=self.result,
                        over=self.over, let=self.let),
               (all(not isinstance(v, dict) or set(v) <= {"vector", "matrix"} and len(v) == 1
                    for v in self.let.values()),
                "a let value is an expression, {vector: n} or {matrix: [r, c]}"),
               (all(v == "symmetric" for v in self.assume.values()), "assume takes symbol: symmetric"))


@dataclass(frozen=True)
class WrongVariant:
    """A broken version of a step (wrong-step parts) and why it is wrong, told after answering."""

    __pydantic_config__ = _STRICT
    math: str
    why: str = ""


@dataclass(frozen=True)
class Step:
    """A step of a worked solution or derivation: a sentence and, usually, a checked formula."""

    __pydantic_config__ = _STRICT
    text: str = ""
    math: str | None = None  # an expression; consecutive ones must be equal
    label: str | None = None  # shown as `label = math`
    begins: bool = False  # starts a new chain: not compared with the step before
    answers: Int | None = None  # this step equals the key of part N (1-based)
    assume: dict[str, str] = field(default_factory=dict)  # e.g. {A: symmetric}
    wrong: list[str | WrongVariant] = field(default_factory=list)  # broken versions (wrong-step parts)
    shown: str | None = None  # how to display the formula, instead of math
    claim: Claim | list[Claim] | None = None  # what the step is (checked), beyond equal to the step before

    @property
    def claims(self) -> list[Claim]:
        return [] if self.claim is None else self.claim if isinstance(self.claim, list) else [self.claim]

    @property
    def variants(self) -> list[WrongVariant]:  # a plain text is a variant with no explanation
        return [WrongVariant(w) if isinstance(w, str) else w for w in self.wrong]


@dataclass(frozen=True)
class MonteCarlo:
    """A seeded simulation shown beside an exact answer: the statistic of `of` over random draws."""

    __pydantic_config__ = _STRICT
    variables: dict[str, str]  # e.g. {X: "normal(0, s1)", U: "uniform(0, 1)"}
    of: str
    equals: str
    statistic: Literal["mean", "var"] = "var"
    samples: Int = 100_000
    rtol: float = 0.05

    def __post_init__(self):
        _rules((1000 <= self.samples <= 1_000_000, "samples must be between 1000 and 1000000"),
               (0 < self.rtol <= 0.5, "rtol must be in (0, 0.5]"))


DEFAULT_POINTS = 2  # a part's worth on an exam paper unless it says
NUMERIC = ("number", "vector", "matrix")


@dataclass(frozen=True)
class Part:
    """One question of a problem and how its answer is graded."""

    __pydantic_config__ = _STRICT
    prompt: str
    kind: Kind
    answer: Value | list[Value] | None = None
    rtol: float | None = None
    atol: float | None = None
    accept_transpose: bool = False
    cases: list[dict[str, Value]] = field(default_factory=list)
    mistakes: list[Mistake] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)
    tests: SelfTests = field(default_factory=SelfTests)
    choices: list[str] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    attempts: Int = 2
    derives: Claim | None = None  # what the key is the answer to, checked at every instance
    exclude_slips: dict[str, str] = field(default_factory=dict)  # generated-slip rule -> why its result is right
    region: list[Condition] = field(default_factory=list)  # where the answer must hold (test points)
    form: Form | None = None  # names the answer must use or avoid: the rest is "right value, wrong form"
    tolerance_of: Value | None = None  # a number's tolerance is relative to this quantity, not to the key
    accept: Accept | None = None  # any answer with these properties is right; `answer` is one of them
    typing: str = ""  # how to type the answer (`type eta for η`): shown at the prompt, never on paper
    points: Int = DEFAULT_POINTS  # what the part is worth on an exam paper
    entrywise: bool | None = None  # answers' max(0, v), 1/v, v² act entry by entry (None: as the problem says)
    follows: list[Int] = field(default_factory=list)  # earlier parts whose keys its key is computed from
    at: dict[str, Value] = field(default_factory=dict)  # or: the key is the followed part's formula at this point

    def __post_init__(self):
        stepped, broken = self.kind in ("ordering", "wrong-step"), self.kind == "wrong-step"
        _rules((1 <= self.attempts <= 5, "attempts must be between 1 and 5"),
               _no_bool(answer=self.answer, cases=self.cases, at=self.at),
               (self.rtol is None or 0 <= self.rtol <= 1, "rtol must be between 0 and 1"),
               (self.atol is None or self.atol >= 0, "atol must not be negative"),
               (not stepped or len(self.steps) >= 3, f"a {self.kind} part needs at least 3 steps"),
               (not broken or any(s.wrong for s in self.steps), "a wrong-step part needs a step with `wrong` variants"),
               (not broken or all(s.math for s in self.steps if s.wrong),
                "a step with `wrong` variants needs its correct `math`"),
               (stepped or self.answer is not None, f"a {self.kind} part needs an answer"),
               (self.kind != "choice" or len(self.choices) >= 2, "a choice part needs at least 2 choices"),
               (all(c.distinct is None for c in self.region), "a region holds nonzero, positive, nonnegative, integer"),
               (not (self.region or self.form) or self.kind in ("expression", "matrix-expression"),
                "region and form are for expression and matrix-expression parts"),
               (self.tolerance_of is None or self.kind in NUMERIC, "tolerance_of is for number, vector, matrix parts"),
               (all(str(why).strip() for why in self.exclude_slips.values()),
                "each rule in exclude_slips needs a reason (why its result is in fact right)"),
               (1 <= self.points <= 100, "points must be between 1 and 100"),
               (self.accept is None or self.kind in NUMERIC, "accept is for number, vector and matrix parts"),
               (self.accept is not None or all(not m.holds for m in self.mistakes),
                "a mistake with holds needs a part with accept"))


@dataclass(frozen=True)
class Problem:
    """One exercise: what is drawn, what is asked, how it is graded and solved."""

    __pydantic_config__ = _STRICT
    id: str
    title: str
    topic: str
    source: str
    parts: list[Part]
    solution: list[Step]
    tags: list[str] = field(default_factory=list)
    difficulty: Int = 1
    order: Int = 50  # position within its topic (lower first)
    text: str = ""
    typing: str = ""  # how to type answers to every part (`In formulas type mu for μ`): never on paper
    symbols: dict[str, SymbolSpec] = field(default_factory=dict)
    params: dict[str, ParamSpec] = field(default_factory=dict)
    where: list[Condition] = field(default_factory=list)
    derived: dict[str, str] = field(default_factory=dict)
    checks: list[MonteCarlo] = field(default_factory=list)
    requires: list[str] = field(default_factory=list)  # problem ids or topics it builds on
    entrywise: bool = False  # the statement says functions act entry by entry: read answers so (each part)

    def __post_init__(self):
        _rules((bool(_SLUG.match(self.id)), "id must be a slug such as softmax-jacobian"),
               (all(_SLUG.match(r) for r in self.requires), "requires lists problem ids or topics (slugs)"),
               (self.id not in self.requires, "a problem cannot require itself"),
               (bool(_SLUG.match(self.topic)), "topic must be a slug such as lstsq"),
               (1 <= self.difficulty <= 3, "difficulty must be 1, 2 or 3"),
               (len(self.parts) >= 1 and len(self.solution) >= 1, "a problem needs parts and a solution"))
