"""Values remembered by the identity of an object that never changes (a problem, a parsed tree, a
claim): met again on every seed, and not hashable or costly to hash. An entry keeps its object
alive, so the id of an object that is gone is never reused."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class ByIdentity(Generic[T]):
    """`get(obj, compute, *extra)`: compute() once per object (and extra key), at most `limit` kept."""

    def __init__(self, limit: int):
        self._kept: dict[tuple, tuple] = {}
        self._limit = limit

    def get(self, obj, compute: Callable[[], T], *extra) -> T:
        key = (id(obj), *extra)
        hit = self._kept.get(key)
        if hit is not None and hit[0] is obj:
            return hit[1]
        value = compute()
        if len(self._kept) >= self._limit:
            self._kept.clear()
        self._kept[key] = (obj, value)
        return value
