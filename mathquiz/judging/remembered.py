"""What comparisons remember between one another. The test points of a comparison depend only
on its names (the sampler starts from the same seed every time), so a key compared with many
answers, or a step with the steps either side of it, meets the same points again: its value
there, its free names, its shape and the converted point are computed once. Trees are
immutable; an entry keeps its tree alive, so the id of a tree that is gone is never reused.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

import numpy as np

from mathquiz.expression.expr import Node, free_names
from mathquiz.expression.shapes import infer
from mathquiz.judging.by_identity import ByIdentity
from mathquiz.judging.evaluate import Evaluator, Undefined, to_mp

_RNG = np.random.Generator(np.random.PCG64(np.random.SeedSequence(20240917)))
_START = _RNG.bit_generator.state  # comparisons run one at a time: resetting is 5× cheaper than seeding


def fresh_rng() -> np.random.Generator:
    """The sampler's generator at its start: the same test points for every comparison."""
    _RNG.bit_generator.state = _START
    return _RNG


def pair_rng(expected: Node, given: Node, salt: int = 0) -> np.random.Generator:
    """A generator seeded by the two trees compared (their text, so the same in every process)
    and the salt (the seed of the instance they belong to)."""
    import zlib

    seed = zlib.crc32(f"{text_of(expected)}\n{text_of(given)}\n{salt}".encode())
    return np.random.Generator(np.random.PCG64(seed))


def text_of(node: Node) -> str:
    """A tree's text, printed once: a key is compared with every answer and slip of its draw, and
    a template slip is the same tree on every draw."""
    from mathquiz.expression.printing import to_text

    return _TEXTS.get(node, lambda: to_text(node))


_VALUES: dict[tuple, tuple] = {}  # (id of a tree, point) -> (the tree, its value or Undefined)
_VALUES_MAX = 4096


_NAMES: ByIdentity[frozenset] = ByIdentity(_VALUES_MAX)  # the free names of a tree
_TEXTS: ByIdentity[str] = ByIdentity(_VALUES_MAX)  # the text of a tree (text_of)
_POINTS: dict[tuple, dict] = {}  # a point -> its values at 40 digits


_SHAPES: dict[int, tuple] = {}  # id of a tree -> (the tree, the shapes it was inferred with, its shape)


def shape_of(node: Node, shapes: dict, source: str):
    """infer(), remembered for a tree met again with the same shapes (a key against many answers)."""
    hit = _SHAPES.get(id(node))
    if hit is not None and hit[0] is node and hit[1] == shapes:
        return hit[2]
    shape = infer(node, shapes, source)  # a ShapeError is raised, never remembered
    if len(_SHAPES) >= _VALUES_MAX:
        _SHAPES.clear()
    _SHAPES[id(node)] = (node, shapes, shape)
    return shape


def names_of(node: Node) -> frozenset[str]:
    return _NAMES.get(node, lambda: frozenset(free_names(node)))


def converted(point: dict, at_point: tuple | None) -> dict:
    hit = _POINTS.get(at_point) if at_point is not None else None
    if hit is None:
        hit = {k: to_mp(v) for k, v in point.items()}
        if at_point is not None:
            if len(_POINTS) >= _VALUES_MAX:
                _POINTS.clear()
            _POINTS[at_point] = hit
    return hit


def point_key(point: dict) -> tuple:
    return tuple((k, v) if isinstance(v, float) else (k, v.shape, v.tobytes()) for k, v in sorted(point.items()))


def value_at(node: Node, values: dict, deadline: float, at_point: tuple | None):
    """The tree's value at the point, remembered: the test points of a comparison depend only on
    its names, so a key compared with many answers (or a step with the steps either side of it)
    meets the same points again. A value is a pure function of tree and point."""
    if at_point is None:
        return Evaluator(values, deadline, real=True)(node)
    key = (id(node), at_point)
    hit = _VALUES.get(key)
    if hit is not None and hit[0] is node:  # the id of a tree that is gone may be reused
        if isinstance(hit[1], Undefined):
            raise hit[1]
        return hit[1]
    try:
        value = Evaluator(values, deadline, real=True)(node)
    except Undefined as exc:
        value = exc
    if len(_VALUES) >= _VALUES_MAX:
        _VALUES.clear()
    _VALUES[key] = (node, value)
    if isinstance(value, Undefined):
        raise value
    return value


_VERDICTS: dict[tuple, list] = {}  # what a verdict depends on, points aside -> [(points, verdict)]


def verdict_key(expected: Node, given: Node, ctx, settings, sources: tuple[str, str]) -> tuple | None:
    """What a comparison's verdict depends on besides its number of points, or None when that
    cannot be told cheaply (parameter values that are not plain numbers). Trees compare by
    structure (spans aside), so the same key and sample drawn again on another seed, or a step met
    again, are judged once."""
    context = ctx.key
    if context is None:
        return None
    key = (expected, given, context, _without_points(settings), sources)
    try:
        hash(key)  # a tree hashes by recursion: one as deep as the parser allows is not remembered
    except (TypeError, RecursionError):
        return None
    return key


@lru_cache(maxsize=256)
def _without_points(settings):
    """The settings a verdict depends on (the points aside), made once per distinct Settings."""
    return replace(settings, points=0)


def verdict_for(key: tuple | None, points: int):
    """A remembered verdict that holds at `points` test points. The points of a comparison come in
    the same order whatever their number, so a difference found within q points is found within
    more (the same verdict), and agreement at q points is agreement at fewer."""
    try:
        known = _VERDICTS.get(key) if key is not None else None
    except RecursionError:  # comparing two deep trees on a hash collision
        return None
    for q, verdict in known or ():
        if q == points or (q < points if verdict.status == "incorrect" else q > points):
            return verdict
    return None


def remember_verdict(key: tuple | None, points: int, verdict) -> None:
    """Only a verdict that does not depend on the clock is kept (never `undecided`)."""
    if key is None or verdict.status not in ("correct", "incorrect"):
        return
    if len(_VERDICTS) >= _VALUES_MAX:
        _VERDICTS.clear()
    _VERDICTS.setdefault(key, []).append((points, verdict))
