"""A memo of SymPy's `MatMul.doit` / `MatAdd.doit` while one claim file runs (`memoized_matrix_doit`).

Every `*` and `+` of SymPy matrix expressions builds `MatMul(...).doit()` / `MatAdd(...).doit()`, and
`doit` canonicalizes the whole tree again, so a claim file that builds A·B·C·… step by step redoes the
same sub-trees many times: importing the claims suite and the Matrix Cookbook benchmark took 5.8 s of
CPU, about two thirds of it there (`benchmarks/pytest_results.md`). Inside the context, each
(expression, hints, global assumptions) is canonicalized once and the same result is returned again.
`doit` is a pure function of those (SymPy's expressions are immutable), so the file builds exactly the
expressions it builds without the memo; the memo lives for one file only and the original methods are
put back when the context ends, whatever the file did to them meanwhile.
"""
from __future__ import annotations

from contextlib import contextmanager

from sympy.assumptions import global_assumptions
from sympy.matrices.expressions import MatAdd, MatMul

MEMOIZED = (MatMul, MatAdd)


def _memoized(original, memo: dict):
    def doit(self, **hints):
        key = (self, tuple(sorted(hints.items())), frozenset(global_assumptions) if global_assumptions else None)
        try:
            return memo[key]
        except KeyError:
            result = memo[key] = original(self, **hints)
            return result
        except TypeError:  # an unhashable hint: no memo for this call
            return original(self, **hints)
    doit.__doc__ = original.__doc__
    return doit


@contextmanager
def memoized_matrix_doit():
    """While the context is open, MatMul.doit and MatAdd.doit return a memoized result per expression."""
    memo: dict = {}
    originals = [(cls, cls.__dict__["doit"]) for cls in MEMOIZED]
    try:
        for cls, original in originals:
            cls.doit = _memoized(original, memo)
        yield memo
    finally:
        for cls, original in originals:
            cls.doit = original
        memo.clear()


__all__ = ["memoized_matrix_doit", "MEMOIZED"]
