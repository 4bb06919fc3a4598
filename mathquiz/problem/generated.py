"""The generated slips of a drawn part: the rules of `judging.slips` applied to the formula behind
its key, kept when they differ from the key in general, and put into the drawn values.

The formula is the part's `answer` as written; for a number, vector or matrix part its derived
names are opened up into their definitions (a 1/N inside `g0` is a factor a student can lose),
except those computed by builtins such as lstsq, whose value stays one opaque name. Which slips
differ from the key in general is decided once per problem on a few reference draws of its own:
a slip equal to the key on most of them is no slip of this problem (1/y for a label y = ±1, xᵀAx
with A symmetric); one equal to it on some draws only is screened on every draw (re-drawn there)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from mathquiz.expression.expr import AUTHOR_FUNCTIONS, Call, Name, Node, Num, walk
from mathquiz.expression.limits import ParseError
from mathquiz.expression.shapes import ShapeError, infer
from mathquiz.judging.by_identity import ByIdentity
from mathquiz.judging.remembered import text_of
from mathquiz.judging.slips import Names, Slip, generate
from mathquiz.problem.conditions import DrawError
from mathquiz.problem.degeneracy import WithSettings, same_value, substitute
from mathquiz.problem.placeholders import PLACEHOLDER
from mathquiz.problem.static_checks import author_scope, parse_cached

EXPAND_DEPTH = 6  # derived names opened inside derived names, at most
REFERENCE_DRAWS = 10  # draws that decide which slips differ from the key in general …
REFERENCE_SEED = 1_000_003  # … with seeds of their own, so every seed's draw is the same in any process
COUNTS = "NnMmTt"  # the first letters of the counts a student takes as N − 1 (examples, steps)
KEY = "key·"  # the stand-in for a key computed by builtins (no name can be typed with ·)
_NUMERIC = ("number", "vector", "matrix")
_GENERAL: ByIdentity[dict] = ByIdentity(1000)  # by problem
_MEMO: dict[tuple, tuple] = {}  # (id of problem, part, sizes) -> (problem, slips that differ in general)
_MEMO_MAX = 2000


def _has_builtins(node: Node) -> bool:
    return any(isinstance(n, Call) and n.fn in AUTHOR_FUNCTIONS for n in walk(node))


def formula(problem, part) -> Node | None:
    """The formula behind a part's key, derived names opened up; None when it calls builtins (a
    value's builtin-computed names stay opaque names, a symbolic key is what the builtin returns)."""
    scope = author_scope(problem)
    try:
        node = parse_cached(str(part.answer), scope)
    except ParseError:
        return None
    numeric = part.kind in _NUMERIC
    given = shown(problem, part) if numeric else frozenset()  # the student's inputs stay whole
    for _ in range(EXPAND_DEPTH):
        opened = {}
        for n in walk(node):
            if isinstance(n, Name) and n.name in problem.derived and n.name not in opened and n.name not in given:
                tree = parse_cached(problem.derived[n.name], scope)
                if not _has_builtins(tree):
                    opened[n.name] = tree
                elif not numeric:
                    return None
        if not opened:
            break
        node = substitute(node, opened)
    return None if _has_builtins(node) else node


def _integers(problem) -> frozenset[str]:
    out = set()
    for name, spec in problem.params.items():
        whole = spec.choice is not None and all(isinstance(c, int) and not isinstance(c, bool) for c in spec.choice)
        if spec.int is not None or whole:
            out.add(name)
    return frozenset(out)


def shown(problem, part) -> frozenset[str]:
    """The drawn values the statement shows up to this part ({N} in the text or a prompt): the
    quantities a student works with, as opposed to helpers that build a draw (a gap, a sign)."""
    texts = [problem.text]
    for p in problem.parts:
        texts.append(p.prompt)
        if p is part:
            break
    return frozenset(m for t in texts for m in PLACEHOLDER.findall(t))


def _labels(problem) -> dict[str, str]:
    """Names a student knows by name: the symbols and a parameter's alias (X for X0)."""
    labels = {name: name for name in problem.symbols}
    labels.update({name: spec.alias for name, spec in problem.params.items() if spec.alias})
    return labels


def _same_kind(names: frozenset[str]) -> list[frozenset[str]]:
    """Names of the same kind, that a student mixes up: C_in and C_out, λ_min and λ_max (the same
    first letter), H and W; not a kernel size and a channel count that happen both to be integers,
    nor the numbered entries of one family (m1, m2)."""
    groups: dict[str, set] = {}
    for name in names:
        if name[-1].isdigit():
            continue  # m1, m2, m3: entries of one family, paired with s1, s2, s3; not two kinds of one thing
        groups.setdefault("HW" if name in ("H", "W") else name[0].lower(), set()).add(name)
    return [frozenset(g) for g in groups.values()]


def _names(pi, numeric: bool) -> Names:
    inst, problem = pi.inst, pi.part and pi.inst.problem
    shapes = dict(inst.shapes)
    for name, value in inst.values.items():
        shape = getattr(value, "shape", None)
        shapes[name] = None if shape is None or tuple(shape) == (1, 1) else tuple(shape)
    given = shown(problem, pi.part)
    integers = _integers(problem) & given
    counts = frozenset(n for n in integers if n[0] in COUNTS)  # N − 1 for N: a count, not a kernel size
    arrays = frozenset(n for n in given if shapes.get(n) is not None)
    groups = [*_same_kind(integers), *_same_kind(arrays)]
    symbols = [n for n, s in inst.shapes.items() if s is None]
    if not numeric and 2 <= len(symbols) <= 5:
        groups.append(frozenset(symbols))
    key = pi.key
    whole = numeric and pi.part.kind == "number" and isinstance(key, Num) and key.value.denominator == 1
    quantities = frozenset(n for n in given if shapes.get(n) is None) | frozenset(symbols if not numeric else ())
    return Names(shapes, frozenset() if numeric else frozenset(inst.shapes), counts, quantities,
                 tuple(g for g in groups if len(g) > 1), whole, numeric, _labels(problem))


def slips_of(pi, tree: Node) -> list[Slip]:
    """The slips of any tree written at this part (a line of a student's working), by the part's
    names and excluded rules: what one classic mistake makes of that line."""
    if pi.inst is None:
        return []
    return generate(tree, _names(pi, pi.part.kind in _NUMERIC), frozenset(pi.part.exclude_slips))


def _template_slips(pi) -> list[Slip]:
    """The slips of the part's formula for the sizes drawn, drawn values not yet put in. A key
    computed by builtins (diff, lstsq) is its own formula: a value's key gets the rules on the
    whole key (a stand-in name), a symbolic key the rules on the tree the builtin returned."""
    part, inst = pi.part, pi.inst
    numeric = part.kind in _NUMERIC
    exclude = frozenset(part.exclude_slips)
    template = formula(inst.problem, part)
    names = _names(pi, numeric)
    if template is None and not numeric:
        return generate(pi.key, names, exclude)  # drawn values are in already: not remembered
    if template is None:
        shapes = {**names.shapes, KEY: _shape(pi)}
        template = Name(KEY)
        names = Names(shapes, names.variables, integer_key=names.integer_key)
    sizes = tuple(sorted(names.shapes.items()))
    memo = (id(inst.problem), pi.index, sizes)
    hit = _MEMO.get(memo)
    if hit is None or hit[0] is not inst.problem:
        if len(_MEMO) >= _MEMO_MAX:
            _MEMO.clear()
        hit = _MEMO[memo] = (inst.problem, generate(template, names, exclude))
    return hit[1]


def _identities(pi, slips: list[Slip]) -> list:
    """What a slip is across draws: its template, or for a key a builtin computed afresh on each
    draw, its rule and message and how many of the same came before it."""
    if formula(pi.inst.problem, pi.part) is not None or pi.part.kind in _NUMERIC:
        return [s.tree for s in slips]
    seen: dict = {}
    out = []
    for s in slips:
        k = seen[(s.rule, s.message)] = seen.get((s.rule, s.message), -1) + 1
        out.append((s.rule, s.message, k))
    return out


def _shape(pi):
    try:
        return infer(pi.key, dict(pi.ctx.all_shapes()))
    except ShapeError:
        return None


def _instantiate(pi, slips: list[Slip]) -> list[Slip]:
    if formula(pi.inst.problem, pi.part) is None:
        if pi.part.kind not in _NUMERIC:
            return slips
        values = {KEY: pi.key}
    else:
        values = pi.inst.trees()
    return [replace(s, tree=substitute(s.tree, values)) for s in slips]


def part_slips(pi, draw) -> list[Slip]:
    """The slips of a drawn part that differ from its key in general, with the drawn values put in;
    `draw(seed)` draws an instance of the problem without screening generated slips."""
    if pi.inst is None or pi.key is None:
        return []
    same = _equal_in_general(pi.inst.problem, draw).get(pi.index, frozenset())
    slips = _template_slips(pi)
    kept = [s for s, i in zip(slips, _identities(pi, slips), strict=True) if _text(i) not in same]
    return _instantiate(pi, kept)


def _text(identity) -> str:
    """An identity as text: what the decision is remembered by, in this process and on disk."""
    return "|".join(map(str, identity)) if isinstance(identity, tuple) else text_of(identity)


def _equal_in_general(problem, draw) -> dict[int, frozenset]:
    """Per part, the slips (by _identities) equal to the key on 20 % of the reference draws: no slips
    of this problem (1/y for a label y = ±1, a factor that is 1 whenever drawn), whatever the seed."""
    return _GENERAL.get(problem, lambda: _remembered(problem, draw))


def _remembered(problem, draw) -> dict[int, frozenset]:
    """The reference check, kept in the cache folder beside the problem cache (by the problem's
    content and this code), so a new process does not pay the ten reference draws again."""
    import json
    import os
    import tempfile
    import zlib

    from mathquiz.problem.cache import cache_dir

    here = Path(__file__).parent.parent
    stamp = [(here / m).stat().st_mtime_ns for m in ("judging/slips.py", "problem/generated.py")]
    key = f"{problem.id}:{zlib.crc32(repr(problem).encode())}:{stamp}"
    try:
        path = cache_dir() / "slips.json"  # NoHomeError (an OSError) without a home: no cache
    except OSError:
        return _reference_check(draw)
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        hit = stored.get(key) if isinstance(stored, dict) else None
        if isinstance(hit, dict):
            return {int(k): frozenset(v) for k, v in hit.items()}
    except (OSError, ValueError, TypeError, AttributeError):
        stored = {}
    found = _reference_check(draw)
    try:
        stored = {k: v for k, v in (stored if isinstance(stored, dict) else {}).items()
                  if not k.startswith(f"{problem.id}:")}
        stored[key] = {str(k): sorted(v) for k, v in found.items()}
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".slips-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(stored, out)
        os.replace(tmp, path)
    except OSError:
        pass  # only a cache
    return found


def _reference_check(draw) -> dict[int, frozenset]:
    seen: dict[int, dict] = {}
    for k in range(REFERENCE_DRAWS):
        try:
            ref = draw(REFERENCE_SEED + k)
        except DrawError:
            continue
        for pi in ref.parts:
            if pi.key is None or pi.part.kind not in ("expression", "matrix-expression", *_NUMERIC):
                continue
            quick = WithSettings(pi, replace(pi.settings, points=2, reasons=False))
            templates = _template_slips(pi)
            for ident, slip in zip(_identities(pi, templates), _instantiate(pi, templates), strict=True):
                counts = seen.setdefault(pi.index, {}).setdefault(_text(ident), [0, 0])
                counts[0] += same_value(quick, pi.key, slip.tree)
                counts[1] += 1
    return {i: frozenset(t for t, (same, n) in counts.items() if 10 * same >= 2 * n) for i, counts in seen.items()}
