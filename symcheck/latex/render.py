"""Echo: how a formula was read, as readable text (default) or LaTeX, for `--show-parse`.

The text form writes what matters for matrix claims explicitly: the order of products,
transposes (ᵀ), inverses (⁻¹), identities with their size (I_d), zero blocks with
their shape, traces, and derivatives as ∂(f)/∂x. It only prints; it never simplifies.
"""
from __future__ import annotations

import sympy
from sympy import S
from sympy.printing.str import StrPrinter

from ..model import relations
from .lexer import GREEK
from .to_sympy import Relation

_GREEK_GLYPHS = dict(zip(GREEK, "αβγδεεζηθθικλμνξπϖρϱσςτυφϕχψωΓΔΘΛΞΠΣΥΦΨΩℓ"))


def _pretty_name(name: str) -> str:
    return _GREEK_GLYPHS.get(name, name)


class _TextPrinter(StrPrinter):
    def _print_Symbol(self, expr):
        return _pretty_name(expr.name)

    _print_Dummy = _print_Symbol

    def _print_MatrixSymbol(self, expr):
        return _pretty_name(expr.name)

    def _wrap(self, expr):
        text = self._print(expr)
        simple = isinstance(expr, (sympy.Symbol, sympy.MatrixSymbol, sympy.Number, sympy.Identity,
                                   sympy.Transpose, sympy.Inverse, sympy.Trace, sympy.Determinant))
        return text if simple else f"({text})"

    def _print_Transpose(self, expr):
        return self._wrap(expr.arg) + "ᵀ"

    def _print_Inverse(self, expr):
        return self._wrap(expr.arg) + "⁻¹"

    def _print_MatPow(self, expr):
        return f"{self._wrap(expr.base)}^{self._wrap(expr.exp)}"

    def _print_Identity(self, expr):
        return f"I_{self._print(expr.rows)}"

    def _print_ZeroMatrix(self, expr):
        return f"0_{{{self._print(expr.rows)}×{self._print(expr.cols)}}}"

    def _print_OneMatrix(self, expr):
        return f"1_{{{self._print(expr.rows)}×{self._print(expr.cols)}}}"

    def _print_MatMul(self, expr):
        parts = []
        for factor in expr.args:
            if factor == S.NegativeOne and not parts:
                parts.append("-")
                continue
            text = self._print(factor)
            if isinstance(factor, (sympy.MatAdd, sympy.Add)) or (
                    isinstance(factor, sympy.Number) and factor < 0 and parts):
                text = f"({text})"
            parts.append(text)
        out = " ".join(parts)
        return out.replace("- ", "-", 1) if out.startswith("- ") else out

    def _print_MatAdd(self, expr):
        out = self._print(expr.args[0])
        for term in expr.args[1:]:
            text = self._print(term)
            out += f" - {text[1:]}" if text.startswith("-") else f" + {text}"
        return out

    _print_Add = _print_MatAdd  # terms in the order written (the sum is unevaluated)

    def _print_Mul(self, expr):
        args = list(expr.args)
        sign = ""
        if args and args[0] == S.NegativeOne:
            sign, args = "-", args[1:]
        num = [a for a in args if not (isinstance(a, sympy.Pow) and a.exp == -1)]
        den = [a.base for a in args if isinstance(a, sympy.Pow) and a.exp == -1]
        text = "·".join(self._factor(a) for a in num) or "1"
        if den:
            lower = "·".join(self._factor(a) for a in den)
            text = f"{text}/({lower})" if len(den) > 1 or isinstance(den[0], sympy.Mul) else f"{text}/{lower}"
        if sign and len(num) > 1 or sign and num and isinstance(num[0], (sympy.Add, sympy.MatAdd)):
            return f"-({text})"
        return sign + text

    def _factor(self, expr):
        text = self._print(expr)
        return f"({text})" if isinstance(expr, (sympy.Add, sympy.MatAdd)) else text

    def _squared_norm_of(self, expr):
        """v when expr is tr(vᵀv) (how ‖v‖² is read), else None."""
        if isinstance(expr, sympy.Trace) and isinstance(expr.arg, sympy.MatMul) and len(expr.arg.args) == 2:
            left, right = expr.arg.args
            if isinstance(left, sympy.Transpose) and left.arg == right:
                return right
            if isinstance(right, sympy.Transpose) and right.arg == left:
                return left
        return None

    def _print_Pow(self, expr):
        base, exp = expr.args
        if exp == S.Half:
            vec = self._squared_norm_of(base)
            return f"‖{self._print(vec)}‖" if vec is not None else f"√({self._print(base)})"
        if exp == S.NegativeOne:
            return f"1/{self._wrap(base)}"
        return f"{self._wrap(base)}^{self._wrap(exp)}"

    def _print_Trace(self, expr):
        vec = self._squared_norm_of(expr)
        if vec is not None:
            return f"‖{self._print(vec)}‖²"
        return f"tr({self._print(expr.arg)})"

    def _print_Determinant(self, expr):
        return f"det({self._print(expr.arg)})"

    def _print_Derivative(self, expr):
        variables = "".join(f"∂{self._print(v)}" + (f"^{c}" if c != 1 else "") for v, c in expr.variable_count)
        return f"∂({self._print(expr.expr)})/{variables}"

    def _print_BlockMatrix(self, expr):
        blocks = expr.blocks
        rows = [", ".join(self._print(blocks[i, j]) for j in range(blocks.cols)) for i in range(blocks.rows)]
        return "[" + "; ".join(rows) + "]"

    def _print_ImmutableDenseMatrix(self, expr):
        rows = [", ".join(self._print(expr[i, j]) for j in range(expr.cols)) for i in range(expr.rows)]
        return "[" + "; ".join(rows) + "]"

    _print_ImmutableMatrix = _print_ImmutableDenseMatrix

    def _print_Piecewise(self, expr):
        cases = []
        for value, cond in expr.args:
            cases.append(f"{self._print(value)} if {self._print(cond)}" if cond != S.true
                         else f"{self._print(value)} otherwise")
        return "{" + "; ".join(cases) + "}"


def render(expr, latex: bool = False) -> str:
    """How `expr` (a SymPy expression or a Relation) was read: Unicode text, or LaTeX with latex=True."""
    if isinstance(expr, Relation):
        symbol = relations.tex(expr.relation) if latex else relations.glyph(expr.relation)
        return f"{render(expr.lhs, latex)} {symbol} {render(expr.rhs, latex)}"
    try:
        if latex:
            return sympy.latex(expr)
        return _TextPrinter().doprint(expr)
    except Exception:  # a printer gap must not hide the parse
        return sympy.sstr(expr)


__all__ = ["render"]
