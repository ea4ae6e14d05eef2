"""A bounded cache of decided proof obligations, so an edited derivation re-checks only what changed.

The key of an obligation is everything `check.decide_obligation` looks at: both sides,
the relation, the hypotheses (and their fallbacks), whether it is decided or only
shape-checked, the declared assumptions that concern it, the layout and the time limit.
Each part is written with `sympy.srepr`, which keeps symbol assumptions and matrix
shapes; dummy symbols are numbered in order of appearance, so the same formula read
twice (with fresh dummies) has the same key. A cached answer is exactly what a fresh
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
_DUMMY_INDEX = re.compile(r"dummy_index=(\d+)")


def _text(expr) -> str:
    try:
        return sympy.srepr(expr)
    except Exception:  # an object srepr cannot write: its type and str still tell it apart
        return f"{type(expr).__name__}:{expr!s}"


def _canonical_dummies(text: str) -> str:
    numbers: dict = {}
    return _DUMMY_INDEX.sub(lambda m: f"dummy_index={numbers.setdefault(m.group(1), len(numbers))}", text)


def obligation_key(obligation, assumptions: list, layout: str, timeout: float) -> str:
    """A digest of everything that decides the obligation's answer."""
    parts = [
        "lhs", _text(obligation.lhs), "rhs", _text(obligation.rhs), "rel", str(obligation.relation),
        "decide", str(bool(obligation.decide)),
        "hyp", *(_text(h) for h in obligation.hypotheses),
        "fallbacks", *("|".join(_text(h) for h in group) for group in obligation.fallbacks),
        "assume", *(_text(a) for a in assumptions),
        "layout", str(layout), "timeout", repr(float(timeout)),
    ]
    text = _canonical_dummies("\x00".join(parts))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


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
