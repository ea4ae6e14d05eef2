"""What the commands, words and marks of the accepted LaTeX mean: the parser's tables.

Every command the parser understands is named here or in `commands.COMMAND_HANDLERS`;
anything else is an unknown macro. Styles (`\\mathbf`) are transparent, accents
(`\\hat`) make new names, upright words (`\\operatorname{tr}`, `\\text{trace}`) name
operators, and `classify_script` says what a superscript means (transpose, inverse,
index or power). Relation commands come from the one vocabulary, `model/relations.py`.
"""
from __future__ import annotations

import sympy
from sympy import S

from ..model import relations
from .names import tokens_text

# Relation commands, by what a formula may do with them.
RELATION_COMMANDS = relations.commands(relations.COMPARISON)
UNCHECKABLE_RELATIONS = relations.commands(relations.APPROXIMATE, relations.PROPORTIONAL, relations.UNSUPPORTED)
LOGICAL_COMMANDS = relations.commands(relations.CONNECTIVE)

PRODUCT_COMMANDS = {"\\cdot", "\\times", "\\ast", "\\div", "\\circ", "\\odot"}
TRANSPARENT_STYLES = {"\\mathbf", "\\boldsymbol", "\\bm", "\\mathit", "\\mathnormal", "\\mathrm",
                      "\\mathsf", "\\pmb", "\\operatorname", "\\mathtt"}
NAMED_STYLES = {"\\mathcal", "\\mathscr", "\\mathfrak"}
ACCENTS = {"\\hat": "hat", "\\widehat": "hat", "\\tilde": "tilde", "\\widetilde": "tilde", "\\bar": "bar",
           "\\overline": "bar", "\\check": "check", "\\vec": "vec", "\\dot": "dot", "\\ddot": "ddot",
           "\\breve": "breve", "\\acute": "acute", "\\grave": "grave"}
# Elementary functions of one scalar argument: name as written -> SymPy class.
SCALAR_FUNCTIONS = {"exp": sympy.exp, "log": sympy.log, "ln": sympy.log, "sin": sympy.sin, "cos": sympy.cos,
                    "tan": sympy.tan, "sinh": sympy.sinh, "cosh": sympy.cosh, "tanh": sympy.tanh,
                    "sign": sympy.sign, "sgn": sympy.sign, "arctan": sympy.atan, "arcsin": sympy.asin,
                    "arccos": sympy.acos}
# Words written upright (\operatorname{tr}, \mathrm{Tr}, \text{trace}, \det, ...) -> meaning.
OPERATOR_WORDS = {"tr": "trace", "Tr": "trace", "trace": "trace", "Trace": "trace", "det": "det",
                  "argmin": "argmin", "argmax": "argmax", "ReLU": "relu", "relu": "relu", "Relu": "relu",
                  "max": "max", "min": "min", "log": "log", "ln": "ln", **{f: f for f in SCALAR_FUNCTIONS}}
UNSUPPORTED_WORDS = {"diag", "rank", "softmax", "Var", "Cov", "sigmoid", "span", "null", "col", "vec",
                     "prox", "Pr", "sup", "inf"}
UNSUPPORTED_COMMANDS = {"\\sum": "sums (\\sum)", "\\prod": "products (\\prod)", "\\int": "integrals",
                        "\\dots": "ellipses (\\dots)", "\\cdots": "ellipses (\\cdots)", "\\ldots": "ellipses",
                        "\\vdots": "ellipses", "\\ddots": "ellipses", "\\oint": "integrals",
                        "\\sup": "suprema", "\\inf": "infima", "\\dagger": "pseudo-inverses (^\\dagger)"}
# TeX primitives and document commands: never part of a formula.
FORBIDDEN_COMMANDS = frozenset({
    "\\input", "\\include", "\\def", "\\newcommand", "\\renewcommand", "\\csname", "\\endcsname", "\\let",
    "\\catcode", "\\write", "\\read", "\\immediate", "\\openout", "\\openin", "\\usepackage", "\\edef", "\\gdef",
    "\\xdef", "\\expandafter", "\\jobname", "\\special", "\\documentclass", "\\href", "\\url", "\\includegraphics"})
MATRIX_ENVIRONMENTS = {"bmatrix", "pmatrix", "matrix", "Bmatrix", "smallmatrix", "vmatrix", "array"}
CONSTANTS = {"\\infty": S.Infinity, "\\pi": sympy.pi}
# Words for an unknown additive constant (`+ \text{const}`), read as one when the caller allows constants.
CONSTANT_WORDS = frozenset({"const", "const.", "constant", "cst", "Const", "C"})
# The bar of a conditional density p(w \mid D).
CONDITIONING_BARS = frozenset({"\\mid", "\\vert"})
# Words of a `cases` row that mean "in every other case".
OTHERWISE_WORDS = ("otherwise", "else", "o.w.", "o.w", "ow", "elsewhere", "other")

TRANSPOSE_MARKS = {"T", "\\top", "\\intercal", "\\mathsf{T}", "\\mathrm{T}", "\\mathbf{T}", "\\rm T",
                   "\\textsf{T}", "\\text{T}", "\\textrm{T}", "t"}
INDEX_MARKS = {"*", "\\ast", "\\star", "\\prime", "\\circ", "\\natural", "\\sharp", "\\flat", "\\dagger\\dagger"}


def classify_script(script: list) -> str:
    """What a superscript means: transpose, inverse, inverse-transpose, pinv, index or power."""
    text = tokens_text(script).replace(" ", "")
    if text in {m.replace(" ", "") for m in TRANSPOSE_MARKS} and text != "t":
        return "transpose"
    if text == "-1":
        return "inverse"
    if text in ("-T", "-\\top", "-\\intercal"):
        return "inverse-transpose"
    if text in ("\\dagger", "+", "\\plus"):
        return "pinv"
    if text in INDEX_MARKS or (script and script[0].is_op("(") and script[-1].is_op(")")) \
            or (script and script[0].is_op("[") and script[-1].is_op("]")):
        return "index"
    return "power"


__all__ = ["RELATION_COMMANDS", "UNCHECKABLE_RELATIONS", "LOGICAL_COMMANDS", "PRODUCT_COMMANDS",
           "TRANSPARENT_STYLES", "NAMED_STYLES", "ACCENTS", "SCALAR_FUNCTIONS", "OPERATOR_WORDS", "UNSUPPORTED_WORDS",
           "UNSUPPORTED_COMMANDS", "FORBIDDEN_COMMANDS", "MATRIX_ENVIRONMENTS", "CONSTANTS", "OTHERWISE_WORDS",
           "CONSTANT_WORDS", "CONDITIONING_BARS",
           "TRANSPOSE_MARKS", "INDEX_MARKS", "classify_script"]
