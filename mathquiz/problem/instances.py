"""Drawing a reproducible instance of a problem: parameters, derived values, concrete answer keys.

Randomness comes only from `numpy.random.default_rng(seed)`, passed down explicitly, so
(problem id, seed) always gives the same instance.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache

import numpy as np
import sympy as sp

from mathquiz.expression.expr import AUTHOR_FUNCTIONS, Call, Node, walk
from mathquiz.expression.limits import ParseError
from mathquiz.expression.printing import to_text, to_unicode
from mathquiz.expression.scope import Scope
from mathquiz.judging.by_identity import ByIdentity
from mathquiz.judging.equivalence import Context, Domain, Settings
from mathquiz.judging.symbolic import SymbolicError, to_sympy
from mathquiz.judging.sympy_trees import from_sympy
from mathquiz.judging.tidy import tidy
from mathquiz.judging.timebox import TimeUp, time_box
from mathquiz.problem.conditions import DrawError, holds, plan, region_bound, relative_tolerance
from mathquiz.problem.degeneracy import GENERATED, degenerate, substitute
from mathquiz.problem.format import MAX_DIM, Part, Problem, Step
from mathquiz.problem.properties import degenerate as property_degenerate
from mathquiz.problem.static_checks import EXPRESSION_KINDS, PLACEHOLDER, author_scope, parse_cached

MAX_DRAWS = 200
MAX_REJECTED = 30  # degenerate draws for one seed: a sound file needs one now and then, never thirty
# draws re-drawn for a generated slip, for one seed, before they are no longer screened: a rule that
# coincides with the key on most draws is validate's to report (exclude it), not a draw that fails
MAX_SLIP_REJECTED = 8
DRAW_SECONDS = 3.0  # CPU seconds: a draw takes milliseconds; this is only for hostile or runaway files
NUMERIC_KINDS = ("number", "vector", "matrix")


@dataclass
class PartInstance:
    """One part of a drawn instance, ready to be asked and graded."""

    index: int
    part: Part
    inst: Instance | None = field(default=None, repr=False)
    key: Node | None = None  # the concrete expected answer for expression kinds
    answer_text: str = ""  # what to type for a correct answer (answer syntax)
    cases: list[dict[str, Node]] = field(default_factory=list)
    scope: Scope = field(default_factory=Scope)
    ctx: Context = field(default_factory=Context)
    settings: Settings = field(default_factory=Settings)
    order: list[int] = field(default_factory=list)  # ordering/choice: which item is shown at each position
    steps: list[Node | None] = field(default_factory=list)  # wrong-step: the steps as shown
    broken: int | None = None  # wrong-step: index of the broken step
    slip: str = ""  # wrong-step: why the broken step is wrong, told once the student has answered

    @cached_property
    def mistakes(self) -> list[tuple[Node, str]]:
        """Named mistakes as (tree, feedback); built on first use: solving never needs them."""
        if self.part.kind not in EXPRESSION_KINDS or self.inst is None:
            return []
        # drawn values go in as trees, compared at 40 digits: never shown, a mistake needs no exact value
        return [(self.inst.tree(m.answer), m.told(fill(m.feedback, self.inst))) for m in self.part.mistakes
                if m.answer is not None]  # a property of wrong answers (`holds`) is judged by problem.properties

    @cached_property
    def slips(self) -> list:
        """The generated slips of the key (judging.slips) that differ from it in general."""
        if self.part.kind not in EXPRESSION_KINDS or self.inst is None or self.part.accept is not None:
            return []  # an `accept` part's key is one right value of many: nothing to slip from
        from mathquiz.problem.generated import part_slips

        problem = self.inst.problem
        return part_slips(self, lambda seed: draw(problem, seed, screen=False))

    @cached_property
    def typed_mistakes(self) -> list[tuple[str, str]]:
        """Mistakes of the shape, choice and step kinds, as the text a student would type."""
        if self.part.kind in EXPRESSION_KINDS or self.inst is None:
            return []
        return [(self.shown_choice(fill(m.answer, self.inst, "text")), m.told(fill(m.feedback, self.inst)))
                for m in self.part.mistakes]

    def shown_choice(self, text: str) -> str:
        """A choice as the file numbers it (2, or b) -> its number as shown, after shuffling."""
        t = text.strip()
        if self.part.kind != "choice" or not self.order:
            return text
        if len(t) == 1 and t.isalpha():
            t = str(ord(t.lower()) - ord("a") + 1)
        if t.isdigit() and 1 <= int(t) <= len(self.order):
            return str(self.order.index(int(t) - 1) + 1)
        return text

    def shown_choices(self) -> list[str]:
        """The choice texts in the order shown."""
        return [self.part.choices[j] for j in self.order] if self.order else list(self.part.choices)


@dataclass
class Instance:
    """A problem drawn with one seed."""

    problem: Problem
    seed: int
    values: dict[str, object]  # params and derived values (SymPy objects)
    shapes: dict[str, tuple[int, int] | None]
    parts: list[PartInstance] = field(default_factory=list)
    _trees: _Trees | None = field(default=None, repr=False)
    rejected: list[str] = field(default_factory=list)  # why earlier draws for this seed were degenerate
    screened: bool = False  # drawn with the degeneracy rule: no named mistake equals the key here
    worked_steps: list | None = field(default=None, repr=False)  # worked(): checked once, shown in many forms
    numeric_values: dict | None = field(default=None, repr=False)  # drawn values at 40 digits (claims_numeric)
    simulations: dict = field(default_factory=dict, repr=False)  # Monte-Carlo statistics of claims, by g and law
    shown_values: dict = field(default_factory=dict, repr=False)  # each value's one Unicode line, tidied once

    @property
    def id(self) -> str:
        return self.problem.id

    def trees(self) -> _Trees:
        """The drawn values as trees, each converted when first needed (an n×n Jacobian is slow)."""
        if self._trees is None:
            self._trees = _Trees(self.values)
        return self._trees

    def tree(self, text, numeric: bool = False, scope: Scope | None = None) -> Node:
        """A problem-file expression with the drawn values put in, as a tree."""
        return concrete(self, text, numeric, scope)

    def param_texts(self) -> dict[str, str]:
        """Drawn parameters in the answer syntax."""
        return {name: to_text(self.trees()[name]) for name in self.problem.params}


class _Trees(Mapping):
    """Drawn SymPy values seen as expression trees, converted on first access."""

    def __init__(self, values: dict[str, object]):
        self._values, self._done, self._texts = values, {}, {}

    def __getitem__(self, name: str) -> Node:
        if name not in self._done:
            self._done[name] = from_sympy(self._values[name])
        return self._done[name]

    def text(self, name: str) -> str:
        """The value in the answer syntax (filled into every sample, on every check)."""
        return self._texts.get(name) or self._texts.setdefault(name, to_text(self[name]))

    def unicode(self, name: str) -> str:
        """The value as `text` gives it, in Unicode (placing reads its brackets and signs from it)."""
        return self._texts.get((name, "u")) or self._texts.setdefault((name, "u"), to_unicode(self[name]))

    def __iter__(self):
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


def _domain(spec: str, integer: bool = False) -> Domain:
    if spec == "positive":
        return Domain(0.1, 3.0, integer)
    if spec == "negative":
        return Domain(-3.0, -0.1, integer)
    if spec.startswith("("):
        lo, hi = (float(x) for x in spec.strip("()").split(","))
        return Domain(lo, hi, integer)
    return Domain(integer=integer)


def _dim(value, values: dict) -> int:
    n = int(values[value]) if isinstance(value, str) else int(value)
    if not 1 <= n <= MAX_DIM:
        raise DrawError(f"size {n} is outside 1..{MAX_DIM}")
    return n


def _draw_param(name: str, spec, rng: np.random.Generator, values: dict, scope: Scope):
    if spec.int is not None:
        allowed = [v for v in range(spec.int[0], spec.int[1] + 1) if v not in spec.exclude]
        if not allowed:
            raise DrawError(f"parameter {name}: every value of the range is excluded")
        return sp.Integer(int(rng.choice(allowed)))
    if spec.choice is not None:
        pick = spec.choice[int(rng.integers(len(spec.choice)))]
        if isinstance(pick, int | float) and not isinstance(pick, bool):
            return sp.Integer(pick) if isinstance(pick, int) else sp.Rational(str(pick))
        return to_sympy(parse_cached(str(pick), scope), env=values)
    lo, hi = spec.entries
    entries = [v for v in range(lo, hi + 1) if not (spec.nonzero and v == 0)]
    if spec.onehot is not None:
        n = _dim(spec.onehot, values)
        vec = sp.zeros(n, 1)
        vec[int(rng.integers(n)), 0] = 1
        return vec
    rows, cols = (_dim(spec.vector, values), 1) if spec.vector is not None else (
        _dim(spec.matrix[0], values), _dim(spec.matrix[1], values))
    for _ in range(MAX_DRAWS):
        m = sp.Matrix(rows, cols, [int(v) for v in rng.choice(entries, size=rows * cols)])
        if spec.symmetric:
            m = m.upper_triangular() + m.upper_triangular(1).T  # mirror the upper triangle
        if not spec.full_rank or m.rank() == min(rows, cols):
            return m
    raise DrawError(f"parameter {name}: no full-rank matrix found in {MAX_DRAWS} draws")


def draw(problem: Problem, seed: int, overrides: dict[str, object] | None = None, screen: bool = True) -> Instance:
    """Draw the instance of `problem` for `seed`; `overrides` replace drawn parameters (solve --set).
    Without `screen` no draw is re-drawn (the reference draws that decide the generated slips)."""
    rng = np.random.default_rng(seed)
    scope = author_scope(problem)
    rejected: list[str] = []
    try:
        with time_box(DRAW_SECONDS, cpu=True):
            order, checks = plan(problem, scope)
            for _ in range(MAX_DRAWS):
                values: dict[str, object] = {}
                for name, spec in problem.params.items():
                    if overrides and name in overrides:
                        values[name] = overrides[name]  # drawn only when not given: sizes come from the data
                    else:
                        values[name] = _draw_param(name, spec, rng, values, scope)
                shapes = _symbol_shapes(problem, values)
                env = {**values, **symbol_objects(shapes)}
                met = all(holds(c, env, scope, shapes) for c in checks.get(-1, ()))
                for k, name in enumerate(order if met else ()):
                    tree = parse_cached(problem.derived[name], scope)
                    env[name] = values[name] = _scalar(to_sympy(tree, env=env, shapes=shapes))
                    if not all(holds(c, env, scope, shapes) for c in checks.get(k, ())):
                        met = False
                        break
                if not met:
                    if overrides:
                        raise DrawError("the given values do not meet the problem's conditions")
                    continue
                inst = Instance(problem, seed, values, shapes)
                inst.parts = [_part(inst, i, part, rng) for i, part in enumerate(problem.parts)]
                slips = sum(GENERATED in r for r in rejected) < MAX_SLIP_REJECTED
                why = None if overrides or not screen else _degenerate(inst, slips)
                if why is None:
                    break
                rejected.append(why)  # a wrong answer would pass on this draw: draw again
                if len(rejected) >= MAX_REJECTED:
                    raise DrawError(f"{MAX_REJECTED} draws in a row were degenerate ({why})")
            else:
                raise DrawError(f"no draw met the conditions in {MAX_DRAWS} tries"
                                + (f" (last rejected: {rejected[-1]})" if rejected else ""))
            inst.rejected, inst.screened = rejected, screen and not overrides
    except TimeUp:
        raise DrawError(f"drawing took longer than {DRAW_SECONDS:g} s") from None
    except (SymbolicError, ParseError, ValueError, TypeError, ArithmeticError, sp.ShapeError,
            sp.matrices.exceptions.NonInvertibleMatrixError,
            AttributeError, IndexError, RecursionError) as exc:
        raise DrawError(f"{type(exc).__name__}: {exc}") from None
    return inst


def _degenerate(inst: Instance, generated: bool = True) -> str | None:
    for part in inst.parts:
        if part.part.accept is not None:  # any value with a property: no single key to slip from
            why = property_degenerate(part, lambda text: fill(text, inst, "text"))
        else:
            why = degenerate(part, lambda text: fill(text, inst, "text"), generated)
        if why is not None:
            return f"part {part.index + 1}: {why}"
    return None


def _scalar(v):
    return v[0, 0] if isinstance(v, sp.MatrixBase) and v.shape == (1, 1) else v


def _symbol_shapes(problem: Problem, values: dict) -> dict:
    return {
        name: (_dim(spec.shape[0], values), _dim(spec.shape[1], values)) if spec.shape else None
        for name, spec in problem.symbols.items()
    }


def symbol_objects(shapes: dict) -> dict:
    """The SymPy symbol of each declared name (shared: spread it into a new dict, never change it)."""
    return _symbols(tuple(shapes.items()))


@lru_cache(maxsize=256)
def _symbols(shapes: tuple) -> dict:
    return {name: sp.MatrixSymbol(name, *s) if s and s != (1, 1) else sp.Symbol(name) for name, s in shapes}


def concrete(inst: Instance, text, numeric: bool = False, scope: Scope | None = None) -> Node:
    """Parse, put in drawn values; evaluate symbolically when asked or when builtins need it."""
    problem = inst.problem
    node = parse_cached(str(text), scope or author_scope(problem))
    if numeric or _uses_builtins(node):
        env = {**inst.values, **symbol_objects(inst.shapes)}
        return from_sympy(_scalar(to_sympy(node, env=env, shapes=inst.shapes)))
    return substitute(node, inst.trees())


_BUILTINS: ByIdentity[bool] = ByIdentity(20_000)  # by parsed tree


def _uses_builtins(node: Node) -> bool:
    """Whether the tree calls diff, lstsq, … (remembered: the same parsed trees come back every seed)."""
    return _BUILTINS.get(node, lambda: any(isinstance(n, Call) and n.fn in AUTHOR_FUNCTIONS for n in walk(node)))


def symbol_context(inst: Instance, assume: dict[str, str] | None = None) -> Context:
    problem = inst.problem
    props = {n: frozenset({"symmetric"}) for n, s in problem.symbols.items() if s.symmetric}
    for name, prop in (assume or {}).items():
        props[name] = props.get(name, frozenset()) | {prop}
    return Context(
        shapes=dict(inst.shapes),
        domains={n: _domain(s.domain, s.integer) for n, s in problem.symbols.items()},
        properties=props,
    )


def student_scope(inst: Instance) -> Scope:
    """What a student may type in an expression part: the symbols, and their other spellings."""
    aliases = tuple((other, name) for name, spec in inst.problem.symbols.items() for other in spec.also)
    return Scope(variables=dict(inst.shapes), free=False, aliases=aliases)


def _part(inst: Instance, index: int, part: Part, rng: np.random.Generator) -> PartInstance:
    pi = PartInstance(index, part, inst)
    if part.kind in EXPRESSION_KINDS:
        numeric = part.kind in NUMERIC_KINDS
        pi.key = inst.tree(part.answer, numeric)
        pi.answer_text = to_text(pi.key)
        pi.cases = [{k: inst.tree(v) for k, v in case.items()} for case in part.cases]
        if numeric:
            pi.scope = Scope(variables={}, free=False)
            pi.settings = Settings(rtol=relative_tolerance(inst, part, pi.key),
                                   atol=part.atol if part.atol is not None else 1e-6,
                                   reveal=False, accept_transpose=part.accept_transpose)
        else:
            pi.scope = student_scope(inst)
            pi.ctx = symbol_context(inst)
            if part.region:
                pi.ctx = replace(pi.ctx, region=tuple(region_bound(inst, c) for c in part.region))
            pi.settings = Settings(rtol=part.rtol if part.rtol is not None else 1e-9,
                                   atol=part.atol if part.atol is not None else 1e-20,
                                   accept_transpose=part.accept_transpose, vary_points=True,
                                   salt=inst.seed)
    elif part.kind == "ordering":
        n = len(part.steps)
        order = list(range(n))
        while order == list(range(n)):
            order = [int(i) for i in rng.permutation(n)]
        pi.order = order  # position p shows step order[p]
        pi.answer_text = " ".join(str(order.index(j) + 1) for j in range(n))
    elif part.kind == "wrong-step":
        candidates = [i for i, s in enumerate(part.steps) if s.wrong]
        broken = candidates[int(rng.integers(len(candidates)))]
        variants = part.steps[broken].variants
        variant = variants[int(rng.integers(len(variants)))]
        pi.broken, pi.slip = broken, fill(variant.why, inst)
        pi.steps = [inst.tree(variant.math) if i == broken else (inst.tree(s.math) if s.math else None)
                    for i, s in enumerate(part.steps)]
        pi.answer_text = str(broken + 1)
    elif part.kind == "choice":
        pi.order = [int(i) for i in rng.permutation(len(part.choices))]  # no answer stays at a fixed place
        pi.answer_text = pi.shown_choice(str(part.answer))
    else:
        pi.answer_text = fill(str(part.answer), inst, "text")
    return pi


def fill(template: str, inst: Instance, style: str = "unicode") -> str:
    """Put drawn values into {placeholders}: `text` (answer syntax) or `unicode`, each value with the
    parentheses and sign its neighbours need (`(1 − 4/5)/(4/5)`, `x + 3` for `x − {c}`: placing)."""
    from mathquiz.problem.placing import put_values

    text, trees = style == "text", inst.trees()  # a sample's values are not tidied: SymPy time on every seed

    def unicode_of(name: str) -> str | None:
        return None if name not in inst.values else trees.unicode(name) if text else shown_unicode(inst, name)

    styled = trees.text if text else (lambda name: shown_unicode(inst, name))
    return put_values(template, PLACEHOLDER, unicode_of, styled, minus="-" if text else "−")


def shown_unicode(inst: Instance, name: str) -> str:
    """A drawn value in one Unicode line, tidied: ŷ1 = 1/(1 + 2e), not e/(e + 2e²) (once per value:
    every text that puts it in asks again)."""
    shown = inst.shown_values.get(name)
    if shown is None:
        shown = inst.shown_values[name] = to_unicode(tidy(inst.trees()[name]))
    return shown


def shown_steps(inst: Instance, part: PartInstance) -> list[Step]:
    """The steps of an ordering part in the order shown."""
    return [part.part.steps[j] for j in part.order]
