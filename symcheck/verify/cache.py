"""A bounded cache of decided proof obligations, so an edited derivation re-checks only what changed.

The key of an obligation is everything `check.decide_obligation` looks at: both sides,
the relation, the hypotheses (and their fallbacks), whether it is decided or only
shape-checked, the declared assumptions that concern it, the layout and the time limit.
Each part is written structurally (type, name and assumptions of every symbol, exact
numbers, matrix shapes), never by printing, which could evaluate numbers; dummy symbols
are numbered in order of appearance, so the same formula read twice (with fresh dummies)
has the same key. A cached answer is exactly what a fresh
check in a worker returned; answers that came from running out of time are not kept,
since another try may decide them.
"""
from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict

import sympy

DEFAULT_SIZE = 4096
MAX_NODES = 200_000        # an obligation larger than this is not cached
_DUMMY_INDEX = re.compile(r"dummy_index=(\d+)")


def _text(expr) -> str:
    """A structural description of an expression, written without evaluating or ordering anything.

    `sympy.srepr` and `str` sort the terms of a sum, which evaluates numbers (2^(10^(10^10))
    would never finish): this walks `func` and `args` in their stored order instead.
    """
    out: list[str] = []
    stack = [expr]
    while stack:
        node = stack.pop()
        if len(out) > MAX_NODES:
            raise _TooLarge()
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, sympy.Basic):
            if node.args:
                out.append(f"{type(node).__name__}:{getattr(node.func, '__name__', '')}(")
            else:
                out.append(_atom(node))
            if node.args:
                stack.append(")")
                stack.extend(reversed(node.args))
        elif isinstance(node, (list, tuple)):
            out.append("[")
            stack.append("]")
            stack.extend(reversed(node))
        else:
            out.append(f"{type(node).__name__}:{node!r}")
    return " ".join(out)


def _atom(node) -> str:
    """An atom with what tells it apart (name and assumptions, exact value, ...); dummies with their index."""
    kind = type(node).__name__
    if isinstance(node, sympy.Dummy):
        return f"{kind}:{node.name}:dummy_index={node.dummy_index}:{sorted(node.assumptions0.items())}"
    try:
        return f"{kind}:{node._hashable_content()!r}"
    except Exception:  # an atom without it: its type still tells it apart from other types
        return f"{kind}:{getattr(node, 'name', '')}"


class _TooLarge(Exception):
    """An expression too large to be worth a cache key."""


def _canonical_dummies(text: str) -> str:
    numbers: dict = {}
    return _DUMMY_INDEX.sub(lambda m: f"dummy_index={numbers.setdefault(m.group(1), len(numbers))}", text)


def obligation_key(obligation, assumptions: list, layout: str, timeout: float) -> str | None:
    """A digest of everything that decides the obligation's answer (None: too large to cache)."""
    try:
        parts = _parts(obligation, assumptions, layout, timeout)
    except (_TooLarge, RecursionError):
        return None
    text = _canonical_dummies("\x00".join(parts))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _parts(obligation, assumptions: list, layout: str, timeout: float) -> list[str]:
    return [
        "lhs", _text(obligation.lhs), "rhs", _text(obligation.rhs), "rel", str(obligation.relation),
        "decide", str(bool(obligation.decide)),
        "hyp", *(_text(h) for h in obligation.hypotheses),
        "fallbacks", *("|".join(_text(h) for h in group) for group in obligation.fallbacks),
        "assume", *(_text(a) for a in assumptions),
        "layout", str(layout), "timeout", repr(float(timeout)),
    ]


class ObligationCache:
    """A thread-safe LRU map from obligation keys to (answer, seconds); at most `size` entries."""

    def __init__(self, size: int = DEFAULT_SIZE):
        self.size = max(1, int(size))
        self._entries: OrderedDict = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: str):
        """The cached (answer, seconds) for `key`, or None."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry

    def put(self, key: str, answer: dict, seconds: float) -> None:
        """Remember an answer, dropping the least recently used entries beyond the size."""
        with self._lock:
            self._entries[key] = (answer, seconds)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)


__all__ = ["ObligationCache", "obligation_key", "DEFAULT_SIZE"]
