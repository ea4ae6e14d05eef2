"""The name under which an applied scalar function is an opaque atom of a matrix certificate.

The matrix prover and the independent checker both read f(args) as an atom named after f,
and both give a few names a meaning of their own: exp is positive and exp(-u) = 1/exp(u),
√ of a Gram trace is its root, log(exp(u)) = u, Abs and Heaviside are nonnegative, and the
power atoms are called `pow_k`, `sqrt`, `rootq`. A function the claim defines itself
(`Function("exp")`, or a subclass of `Function` named `exp`) is none of these: it is an
arbitrary function, so its atom is named `user:<name>`. No SymPy function's name starts
with `user:`, so the mapping is one to one.

* `function_atom_name(expr)`: that name for an applied function `expr`.

Importing this module loads nothing of symcheck.
"""
from __future__ import annotations

import sympy

USER_PREFIX = "user:"


def function_atom_name(expr) -> str:
    """SymPy's own function class's name (exp, Abs, ...), else `user:` and the name the claim gave it."""
    cls = type(expr)
    name = cls.__name__
    return name if getattr(sympy, name, None) is cls else USER_PREFIX + name
