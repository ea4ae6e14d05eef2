"""Hypotheses a step may use, made usable by the engines: derivatives in a premise are computed first.

A premise such as `\\nabla_w \\|y - Xw\\|^2 = 0` is a condition on w, but the provers read
no `Derivative` in an assumption. Its derivative is computed by the matrix-calculus rules
of the derivative reduction (the same rules that prove derivative claims), so the
hypothesis the engines receive is `-2Xᵀ(y - Xw) = 0`. Where a Max/Abs/Piecewise switches
branch the derivative does not exist, and the premise cannot hold there: each such
boundary g = 0 is excluded by a hypothesis g ≠ 0. A hypothesis whose derivative is
outside the rules is kept as written (the engines then cannot use it: unknown, never wrong).
"""
from __future__ import annotations

import sympy


def with_derivatives_computed(hypotheses: list, layout: str) -> list:
    """The hypotheses with every Derivative replaced by its value, plus g ≠ 0 for each branch boundary met."""
    if not any(isinstance(h, sympy.Basic) and h.has(sympy.Derivative) for h in hypotheses):
        return list(hypotheses)
    from ..prove.reductions.derivative import KINK_SINK, NotDifferentiable, replace_derivatives

    out: list = []
    for hypothesis in hypotheses:
        if not (isinstance(hypothesis, sympy.core.relational.Relational) and hypothesis.has(sympy.Derivative)):
            out.append(hypothesis)
            continue
        kinks: list = []
        token = KINK_SINK.set(kinks)
        try:
            lhs = replace_derivatives(hypothesis.lhs, layout)
            rhs = replace_derivatives(hypothesis.rhs, layout)
        except NotDifferentiable:
            out.append(hypothesis)
            continue
        finally:
            KINK_SINK.reset(token)
        if lhs.has(sympy.Derivative) or rhs.has(sympy.Derivative):
            out.append(hypothesis)
            continue
        out.append(hypothesis.func(lhs, rhs, evaluate=False))
        out.extend(away for away in dict.fromkeys(sympy.Ne(k, 0) for k in kinks) if away not in out)
    return out


__all__ = ["with_derivatives_computed"]
