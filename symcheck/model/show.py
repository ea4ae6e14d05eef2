"""The text of an expression in proof steps and evidence: `show(expr)` is `sympy.sstr(expr)`, made cheap.

SymPy's str printer decides whether a matrix product needs parentheses by asking the product
whether it "could extract a minus sign", which negates the whole product and canonicalises it
(`MatMul.doit`), once for every factor it prints and again for every product nested inside a
transpose or an inverse. On the derivatives and expectations the reductions write into their
steps, that was a tenth of the claims suite's time. Here the same precedence comes from the
product's leading coefficient alone: a product is negative exactly when that coefficient is a
negative number (a nonzero product never equals its own negation), so the text is the same.
"""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _printer_class():
    """The printer's class (SymPy is imported on first use only)."""
    from sympy.core.function import Function
    from sympy.matrices.expressions.matmul import MatMul
    from sympy.printing.precedence import PRECEDENCE, precedence
    from sympy.printing.str import StrPrinter

    def product_precedence(item) -> int:
        """sympy.printing.precedence.precedence_Mul for a matrix product, without negating it."""
        if any(hasattr(arg, "precedence") and isinstance(arg, Function) and arg.precedence < PRECEDENCE["Mul"]
               for arg in item.args):
            return PRECEDENCE["Mul"]
        lead = item.args[0] if item.args else None
        if lead is not None and lead.is_Number and lead.is_extended_negative:
            return PRECEDENCE["Add"]
        return PRECEDENCE["Mul"]

    def cheap_precedence(item) -> int:
        return product_precedence(item) if isinstance(item, MatMul) else precedence(item)

    class StepPrinter(StrPrinter):
        """StrPrinter with the matrix product's precedence taken from its leading coefficient."""

        def parenthesize(self, item, level, strict=False):
            """As StrPrinter.parenthesize."""
            shown = cheap_precedence(item)
            if shown < level or (not strict and shown <= level):
                return "(%s)" % self._print(item)
            return self._print(item)

        def _print_Add(self, expr, order=None):
            """As StrPrinter._print_Add (which also writes matrix sums): terms joined by their signs."""
            prec = cheap_precedence(expr)
            parts = []
            for term in self._as_ordered_terms(expr, order=order):
                text = self._print(term)
                sign = "+"
                if text.startswith("-") and not term.is_Add:
                    sign, text = "-", text[1:]
                if cheap_precedence(term) < prec or term.is_Add:
                    text = "(%s)" % text
                parts.extend([sign, text])
            sign = parts.pop(0)
            return ("" if sign == "+" else sign) + " ".join(parts)

        def _print_MatMul(self, expr):
            """As StrPrinter._print_MatMul: a negative coefficient is written as a leading minus."""
            from sympy.core.mul import _keep_coeff

            c, m = expr.as_coeff_mmul()
            sign = ""
            if c.is_number:
                re, im = c.as_real_imag()
                if (im.is_zero and re.is_negative) or (re.is_zero and im.is_negative):
                    expr = _keep_coeff(-c, m)
                    sign = "-"
            level = cheap_precedence(expr)
            return sign + "*".join(self.parenthesize(arg, level) for arg in expr.args)

    return StepPrinter


def show(expr) -> str:
    """`sympy.sstr(expr)`: the same text, without SymPy's costly test for a matrix product's sign."""
    return _printer_class()().doprint(expr)  # a printer per call: it counts its depth


__all__ = ["show"]
