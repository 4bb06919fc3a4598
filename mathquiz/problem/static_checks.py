"""Checks of a problem file that need no drawing: every expression parses, every name is defined,
derived values are not circular, and references (placeholders, part numbers) point somewhere."""

from __future__ import annotations

import dataclasses
import re

from mathquiz.expression.expr import AUTHOR_FUNCTIONS, CONSTANTS, FUNCTION_ALIASES, FUNCTIONS, free_names
from mathquiz.expression.limits import ParseError
from mathquiz.expression.parser import parse
from mathquiz.expression.scope import Scope, typed_name
from mathquiz.judging.by_identity import ByIdentity
from mathquiz.problem.files import Issue, field_name, line_of
from mathquiz.problem.format import MAX_DIM, Problem
from mathquiz.problem.placeholders import PLACEHOLDER, filled_texts, placeholder_issues

__all__ = ["PLACEHOLDER"]  # fill and the sheets read it from here
EXPRESSION_KINDS = ("expression", "matrix-expression", "number", "vector", "matrix")


def reserved(name: str, symbol: bool = False) -> str | None:
    """Why `name` cannot name a value (a param, derived value or claim binding), or None: the
    transpose mark T and the names of functions and constants would be read as the value, so
    A^T, exp(x) or e^x in answers, mistakes and tests would silently mean a power, a product or
    the drawn number. A `symbol` may be T (a temperature: ^T is then a power) or a Greek letter
    that is also a function (sigma)."""
    if name == "T" and not symbol:
        return "`T` is the transpose mark: with a value named T, A^T would be A to the power T"
    if name in CONSTANTS:
        return f"`{name}` is {_CONSTANT_WORDS[name]}"
    functions = set(FUNCTIONS) | set(FUNCTION_ALIASES) | set(AUTHOR_FUNCTIONS)
    if name in functions and not (symbol and name in _GREEK_FUNCTIONS):
        return f"`{name}` is a function: with this name, {name}(x) would be {name} times x"
    return None


_TRANSPOSE_MARK = re.compile(r"\^\s*\{?\s*-?\s*T(?![A-Za-z0-9_])|ᵀ")  # A^T, A^{T}, X^-T, Aᵀ
_CONSTANT_WORDS = {"e": "Euler's number: with this name, e^x would not be the exponential",
                   "pi": "π: with this name, pi would not be π",
                   "I": "the identity matrix: with this name, A + I would not add the identity"}
_GREEK_FUNCTIONS = {"sigma"}  # σ: a standard deviation as often as the sigmoid


_PARSED: dict[tuple, object] = {}
_PARSED_MAX = 20_000  # distinct texts kept; validate re-reads the same expressions on every seed


def parse_cached(text: str, scope: Scope):
    """parse(text, scope), remembered: trees are immutable, and parsing is a third of a draw."""
    key = (text, scope.key)
    tree = _PARSED.get(key)
    if tree is None:
        tree = parse(text, scope)
        if len(_PARSED) >= _PARSED_MAX:
            _PARSED.clear()
        _PARSED[key] = tree
    return tree


_SCOPES: ByIdentity[Scope] = ByIdentity(1000)  # by problem


def author_scope(problem: Problem) -> Scope:
    """The names a problem's own expressions may use (asked for by every expression of every seed)."""
    return _SCOPES.get(problem, lambda: _author_scope(problem))


def _author_scope(problem: Problem) -> Scope:
    names = {**dict.fromkeys(problem.params), **dict.fromkeys(problem.derived)}
    names.update(dict.fromkeys(problem.symbols))
    return Scope(variables=names, free=False, author=True)


ANSWER = "ans"  # the student's answer in the conditions of a part with `accept` (problem.properties)
_PROPERTY_SCOPES: ByIdentity[Scope] = ByIdentity(1000)  # by problem


def property_scope(problem: Problem) -> Scope:
    """The names a condition of `accept` (or a mistake's `holds`) may use: the problem's, and `ans`."""

    def build() -> Scope:
        names = dict(author_scope(problem).variables)
        names[ANSWER] = None
        return Scope(variables=names, free=False, author=True)

    return _PROPERTY_SCOPES.get(problem, build)


def _property_issues(problem: Problem, loc: tuple, conditions, add) -> None:
    """Every condition parses, reads `ans`, and reads no symbol (it is evaluated at numbers)."""
    for k, cond in enumerate(conditions):
        where = loc + (k, cond.test)
        names: set[str] = set()
        for text in cond.exprs:
            if isinstance(text, int | float):
                continue
            try:
                names |= free_names(parse(str(text), property_scope(problem)))
            except ParseError as exc:
                add(where, f"{exc.message} in {str(text)!r}")
                return
        if ANSWER not in names:
            add(where, f"a condition is about the answer: it must use `{ANSWER}`")
        for name in sorted(names & set(problem.symbols)):
            add(where, f"a condition is evaluated at numbers: it cannot use the symbol `{name}`")


def claim_scope(problem: Problem, claim) -> Scope:
    """The names a claim may use: the problem's, its index names, bindings and random variables."""
    names = dict(author_scope(problem).variables)
    names.update(dict.fromkeys([*claim.over, *claim.let, *claim.under]))
    return Scope(variables=names, free=False, author=True)


def step_scope(problem: Problem, step) -> Scope:
    """A step's math may also use the index names and bindings of its claims (x_k of an index form)."""
    if not step.claims:
        return author_scope(problem)
    names = dict(author_scope(problem).variables)
    for claim in step.claims:
        names.update(dict.fromkeys([*claim.over, *claim.let]))
    return Scope(variables=names, free=False, author=True)


def claim_texts(claim) -> list[tuple[tuple, object]]:
    """Every expression of a claim with its field path (inside the claim)."""
    out = [((claim.operator,), getattr(claim, claim.operator))] if claim.operator != "cases" else []
    for c, case in enumerate(claim.cases or []):
        out += [(("cases", c, "when", k), v) for k, v in case.when.items()]
        out.append((("cases", c, "result"), case.result))
    wrt = claim.wrt if isinstance(claim.wrt, list) else [claim.wrt] if claim.wrt else []
    out += [(("wrt",), w) for w in wrt]
    out += [(("at", k), v) for k, v in claim.at.items()]
    out += [(("over", k, b), v) for k, bounds in claim.over.items() for b, v in enumerate(bounds)]
    out += [(("let", k), v) for k, v in claim.let.items() if not isinstance(v, dict)]
    if claim.result is not None and claim.operator != "shape_of":
        out.append((("result",), claim.result))
    return out


def derived_order(problem: Problem) -> list[str]:
    """Derived names in an order where each comes after what it uses; ValueError on a cycle."""
    scope = author_scope(problem)
    uses = {name: free_names(parse_cached(text, scope)) & set(problem.derived)
            for name, text in problem.derived.items()}
    order: list[str] = []
    state: dict[str, int] = {}

    def visit(name: str, trail: list[str]) -> None:
        if state.get(name) == 2:
            return
        if state.get(name) == 1:
            cycle = trail[trail.index(name):] + [name]
            raise ValueError("circular definition: " + " → ".join(cycle))
        state[name] = 1
        for dep in sorted(uses[name]):
            visit(dep, trail + [name])
        state[name] = 2
        order.append(name)

    for name in problem.derived:
        visit(name, [])
    return order


def _follow_issue(problem: Problem, p: int, n: int, parsed: bool) -> str | None:
    """What is wrong with part p+1 following part n: its key computed again from the student's answer
    to part n, put in place of the derived value that is part n's key; or, with `at`, part n's key
    (a formula) at a point."""
    part, earlier = problem.parts[p], problem.parts[n - 1] if 1 <= n <= len(problem.parts) else None
    if part.kind not in ("number", "vector", "matrix"):
        return "follows is for number, vector and matrix parts"
    if earlier is None:
        return f"there is no part {n}"
    if n > p:
        return f"part {n} is not before this part: a part follows earlier parts only"
    if part.at:
        return None if earlier.kind in ("expression", "matrix-expression") and earlier.accept is None else \
            f"with `at`, part {n} must be an expression or matrix-expression part (a formula to put the point in)"
    name = str(earlier.answer).strip()
    if earlier.kind not in EXPRESSION_KINDS or earlier.accept is not None or name not in problem.derived:
        return (f"the answer of part {n} must be the name of a derived value (it is {name!r}): the key "
                "that follows from a student's answer is computed by putting it in that value's place "
                "(or, for a formula, give the point with `at`)")
    if parsed and name not in uses_derived(problem, str(part.answer)):
        return f"this part's answer does not use `{name}`, the key of part {n} (not even through derived)"
    return None


def uses_derived(problem: Problem, text: str) -> set[str]:
    """The derived values an expression uses, directly or through other derived values."""
    scope = author_scope(problem)
    found: set[str] = set()
    todo = list(free_names(parse_cached(text, scope)) & set(problem.derived))
    while todo:
        name = todo.pop()
        if name not in found:
            found.add(name)
            todo += free_names(parse_cached(problem.derived[name], scope)) & set(problem.derived)
    return found


def _dims(spec) -> set:
    return {d for d in (spec.vector, spec.onehot, *(spec.matrix or ())) if isinstance(d, str)}


def _strings(value, path=()):
    """Every text in a problem, with its field path."""
    if dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            yield from _strings(getattr(value, f.name), path + (f.name,))
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, path + (k,))
    elif isinstance(value, list | tuple):
        for i, v in enumerate(value):
            yield from _strings(v, path + (i,))
    elif isinstance(value, str):
        yield path, value


def static_issues(problem: Problem, lines: dict, file: str) -> list[Issue]:
    issues: list[Issue] = []
    for loc, text in _strings(problem):
        if any(not c.isprintable() and c not in "\n\t" for c in text):
            issues.append(Issue(file, line_of(lines, loc), field_name(loc),
                                "control characters are not allowed (they would reach the terminal)"))
    scope = author_scope(problem)
    known = set(scope.variables)

    def add(loc: tuple, message: str) -> None:
        issues.append(Issue(file, line_of(lines, loc), field_name(loc), message))

    def expr(loc: tuple, text, within: Scope | None = None) -> None:
        if isinstance(text, int | float):
            return
        try:
            parse(str(text), within or scope)
        except ParseError as exc:
            add(loc, f"{exc.message} in {str(text)!r}")

    for loc, text, prose in filled_texts(problem):
        for message in placeholder_issues(text, known, prose):
            add(loc, message)
    values = set(problem.params) | set(problem.derived)
    clash = set(problem.params) & set(problem.derived) | set(problem.symbols) & values
    for name in sorted(clash):
        add(("params",), f"`{name}` is defined twice (params, derived and symbols share one namespace)")
    for section, what in (("params", "parameter"), ("derived", "derived value"), ("symbols", "symbol")):
        for name in getattr(problem, section):
            if (why := reserved(name, symbol=section == "symbols")) is not None:
                add((section, name), f"{why}: rename the {what}")
    order = list(problem.params)
    for name, spec in problem.params.items():
        for dim in _dims(spec):
            if dim in problem.params and order.index(dim) > order.index(name):
                add(("params", name), f"size `{dim}` must be declared before `{name}`")
        sizes = [d for d in (spec.vector, spec.onehot, *(spec.matrix or ())) if isinstance(d, int)]
        if any(not 1 <= d <= MAX_DIM for d in sizes):
            add(("params", name), f"sizes must be between 1 and {MAX_DIM}")
        if spec.int is not None and any(spec.int[1] > MAX_DIM and name in _dims(other)
                                        for other in problem.params.values()):
            add(("params", name, "int"), f"`{name}` is used as a size, so it must stay at most {MAX_DIM}")
        for value in spec.choice or []:
            expr(("params", name, "choice"), value)
        for dim in (spec.vector, spec.onehot, *(spec.matrix or ())):
            if isinstance(dim, str) and dim not in problem.params:
                add(("params", name), f"size `{dim}` is not an integer parameter")
    for name, spec in problem.symbols.items():
        for dim in spec.shape or ():
            if isinstance(dim, str) and dim not in problem.params:
                add(("symbols", name, "shape"), f"size `{dim}` is not an integer parameter")
        for other in spec.also:
            if typed_name(other) is None:
                add(("symbols", name, "also"), f"`{other}` is not a name a student can type (letters, digits, _)")
    for name, text in problem.derived.items():
        expr(("derived", name), text)
    if not issues:
        try:
            derived_order(problem)
        except ValueError as exc:
            add(("derived",), str(exc))
    for i, cond in enumerate(problem.where):
        if cond.distinct is None:
            expr(("where", i, cond.test), getattr(cond, cond.test))
        for j, text in enumerate(cond.distinct or []):
            expr(("where", i, "distinct", j), text)
    def claim_issues(loc: tuple, claim) -> None:
        inner = claim_scope(problem, claim)
        for where, text in claim_texts(claim):
            if isinstance(text, int | float):
                continue
            try:
                parse(str(text), inner)
            except ParseError as exc:
                add(loc + where, f"{exc.message} in {str(text)!r}")
        # a binding of a symbol substitutes it (the symbol's name is checked); a binding named T
        # collides only with a transpose mark in the claim itself, where the binding is read
        marked = any(_TRANSPOSE_MARK.search(str(text)) for _, text in claim_texts(claim))
        for section in ("let", "over"):
            for name in getattr(claim, section):
                if name not in problem.symbols and (name != "T" or marked) and (why := reserved(name)) is not None:
                    add(loc + (section, name), f"{why}: rename the binding")
        for name in claim.assume:
            if name not in problem.symbols:
                add(loc + ("assume",), f"`{name}` is not a symbol")

    for p, part in enumerate(problem.parts):
        loc = ("parts", p)
        if part.kind in EXPRESSION_KINDS:
            expr(loc + ("answer",), part.answer)
            for m, mistake in enumerate(part.mistakes):
                if mistake.answer is not None:
                    expr(loc + ("mistakes", m, "answer"), mistake.answer)
                _property_issues(problem, loc + ("mistakes", m, "holds"), mistake.holds, add)
            if part.accept is not None:
                _property_issues(problem, loc + ("accept", "holds"), part.accept.holds, add)
                if ANSWER in known:
                    add(loc + ("accept",), f"`{ANSWER}` names the answer in conditions: rename the param, "
                                           "derived value or symbol")
            for c, case in enumerate(part.cases):
                for name, value in case.items():
                    if name not in problem.symbols:
                        add(loc + ("cases", c, name), f"`{name}` is not a symbol")
                    expr(loc + ("cases", c, name), value)
        for s, step in enumerate(part.steps):
            if step.math is not None:
                expr(loc + ("steps", s, "math"), step.math, step_scope(problem, step))
            for w, wrong in enumerate(step.variants):
                expr(loc + ("steps", s, "wrong", w), wrong.math)
        if part.derives is not None:
            claim_issues(loc + ("derives",), part.derives)
        for s, step in enumerate(part.steps):
            for c, claim in enumerate(step.claims):
                claim_issues(loc + ("steps", s, "claim") + ((c,) if isinstance(step.claim, list) else ()), claim)
        if part.kind == "choice" and str(part.answer) not in [str(i + 1) for i in range(len(part.choices))]:
            add(loc + ("answer",), f"the answer of a choice part is the number of a choice (1 to {len(part.choices)})")
    for p, part in enumerate(problem.parts):
        for k, n in enumerate(part.follows):
            message = _follow_issue(problem, p, n, not issues)
            if message:
                add(("parts", p, "follows", k), message)
        if part.at and len(part.follows) != 1:
            add(("parts", p, "at"), "`at` needs `follows` naming the one part whose formula this key is at the point")
        for name, value in part.at.items():
            if name not in problem.symbols:
                add(("parts", p, "at", name), f"`{name}` is not a symbol")
            expr(("parts", p, "at", name), value)
    for s, step in enumerate(problem.solution):
        loc = ("solution", s)
        if step.math is not None:
            expr(loc + ("math",), step.math, step_scope(problem, step))
        if step.answers is not None and not 1 <= step.answers <= len(problem.parts):
            add(loc + ("answers",), f"there is no part {step.answers}")
        for c, claim in enumerate(step.claims):
            claim_issues(loc + ("claim",) + ((c,) if isinstance(step.claim, list) else ()), claim)
        for name, prop in step.assume.items():
            if prop != "symmetric" or name not in problem.symbols:
                add(loc + ("assume",), "assume takes symbol: symmetric")
    return issues
