"""Command handlers: what `\\frac`, `\\sqrt`, `\\|`, `\\nabla`, `\\lim`, `\\mathbb`, ... read, and upright words.

`COMMAND_HANDLERS` maps a command to a function `handler(p, tok)` that reads the command
at `tok` with the parser `p` and returns a SymPy object, or a `PendingOperator` (∂/∂x,
∇_w, lim, argmin) that takes the rest of the term as its operand. Upright words
(`\\operatorname{tr}`, `\\text{ReLU}`, `\\det`, `\\log_2`, `\\max`) are read by `read_word`
and the function helpers below. Handlers only ask the parser to read and the builder to
build; they never import the parser (it imports them).
"""
from __future__ import annotations

import sympy

from .errors import NotSupported
from .lexer import GREEK, Token
from .name_reader import read_whole_name
from .environments import read_condition, read_environment
from .names import NameRef, tokens_text
from .words import (ACCENTS, CONSTANT_WORDS, FORBIDDEN_COMMANDS, OPERATOR_WORDS, SCALAR_FUNCTIONS,
                    UNSUPPORTED_WORDS)


class PendingOperator:
    """An operator waiting for its operand (the rest of the term): ∂/∂x, ∇_w, lim, argmin."""

    def __init__(self, apply, offset: int, whole_expression: bool = False):
        self.apply, self.offset, self.whole_expression = apply, offset, whole_expression


# ---------------------------------------------------------------- fractions and derivatives

def _frac(p, tok: Token):
    p.advance()
    deriv = _derivative_fraction(p, tok)
    if deriv is not None:
        return deriv
    num = p.read_argument()
    den = p.read_argument()
    return p.build(p.builder.div, num, den, tok=tok)


def _derivative_fraction(p, tok: Token):
    """\\frac{\\partial f}{\\partial x}, \\frac{d f}{d x}, \\frac{\\partial^2 f}{\\partial x^2}, \\frac{\\partial}{\\partial x}."""
    if not p.tok.is_op("{"):
        return None
    save = p.pos
    num = p.read_group_tokens()
    den = p.read_group_tokens() if p.tok.is_op("{") else None
    if den is None or not _is_differential(num) or not _is_differential(den):
        p.pos = save
        return None
    order, f_tokens = _strip_differential(num)
    var_tokens = _strip_differential(den)[1]
    if var_tokens and len(var_tokens) >= 3 and var_tokens[-2].is_op("^"):
        var_tokens = var_tokens[:-2]
    ref = read_whole_name(p, p.builder.decls, var_tokens, tok)
    if ref is None:
        raise p.error("the variable of a derivative must be a single name", tok)
    variable = p.build(p.builder.name, ref, tok=tok)
    if f_tokens:
        f = p.sub_parse(f_tokens, tok)
        return p.build(p.builder.derivative, f, variable, order, tok=tok)
    return PendingOperator(lambda body: p.builder.derivative(body, variable, order), tok.offset)


def _is_differential(tokens: list) -> bool:
    if not tokens:
        return False
    first = tokens[0]
    if first.is_cmd("\\partial"):
        return True
    if first.kind == "letter" and first.text == "d":
        return len(tokens) == 1 or tokens[1].kind in ("letter", "cmd") or tokens[1].is_op("^")
    if first.is_cmd("\\mathrm", "\\text", "\\operatorname") and len(tokens) > 2 and tokens[2].text == "d":
        return True
    return first.kind == "text" and first.text.strip() == "d"


def _strip_differential(tokens: list) -> tuple:
    """(order, rest) of `\\partial^2 f` or `d f`."""
    rest = tokens[1:]
    if tokens[0].is_cmd("\\mathrm", "\\operatorname") and len(tokens) > 3:
        rest = tokens[4:]
    order = 1
    if rest and rest[0].is_op("^") and len(rest) > 1 and rest[1].kind == "num":
        order, rest = int(rest[1].text), rest[2:]
    elif rest and rest[0].is_op("^") and len(rest) > 3 and rest[1].is_op("{") and rest[2].kind == "num":
        order, rest = int(rest[2].text), rest[4:]
    return order, rest


def _partial(p, tok: Token):
    raise p.error("write derivatives as \\frac{\\partial f}{\\partial x}", tok, NotSupported)


def _nabla(p, tok: Token):
    p.advance()
    if not p.tok.is_op("_"):
        raise p.error("write the variable of the gradient: \\nabla_w f", tok)
    at = p.advance()
    ref = read_whole_name(p, p.builder.decls, p.read_script_tokens(), at)
    if ref is None:
        raise p.error("the variable of a gradient must be a single name", at)
    variable = p.build(p.builder.name, ref, tok=at)
    return PendingOperator(lambda body: p.builder.gradient(body, variable), tok.offset)


def _lim(p, tok: Token):
    p.advance()
    if not p.tok.is_op("_"):
        raise p.error("write the limit as \\lim_{x \\to a}", tok)
    at = p.advance()
    script = p.read_script_tokens()
    arrow = next((i for i, t in enumerate(script) if t.is_cmd("\\to", "\\rightarrow", "\\longrightarrow")), None)
    if arrow is None:
        raise p.error("write the limit as \\lim_{x \\to a}", at)
    ref = read_whole_name(p, p.builder.decls, script[:arrow], at)
    if ref is None:
        raise p.error("the variable of a limit must be a single name", at)
    variable = p.build(p.builder.name, ref, tok=at)
    point = p.sub_parse(script[arrow + 1:], at)
    return PendingOperator(lambda body: p.builder.limit(body, variable, point), tok.offset)


# ---------------------------------------------------------------- roots, norms, brackets

def _sqrt(p, tok: Token):
    p.advance()
    index = None
    if p.tok.is_op("["):
        p.advance()
        index = p.parse_expr()
        p.expect_op("]")
    return p.build(p.builder.sqrt, p.read_argument(), index, tok=tok)


def _norm(p, tok: Token):
    p.advance()
    inner = p.closed_by("\\|", tok)
    sub = ""
    if p.tok.is_op("_"):
        p.advance()
        sub = tokens_text(p.read_script_tokens())
    if p.tok.is_op("^"):
        save = p.pos
        p.advance()
        if tokens_text(p.read_script_tokens()) == "2":
            return p.build(p.builder.norm_squared, inner, sub, tok=tok)
        p.pos = save
    return p.build(p.builder.norm, inner, sub, tok=tok)


def _langle(p, tok: Token):
    p.advance()
    with p.nested():
        p.closers.append("\\rangle")
        try:
            left = p.parse_expr()
            right = None
            if p.tok.is_op(","):
                p.advance()
                right = p.parse_expr()
        finally:
            p.closers.pop()
    if not p.tok.is_cmd("\\rangle"):
        raise p.error("unbalanced \\langle: expected \\rangle", tok)
    p.advance()
    return left if right is None else p.build(p.builder.inner, left, right, tok=tok)


def _brace_group(p, tok: Token):
    p.advance()
    return p.closed_by("\\}", tok)


# ---------------------------------------------------------------- styles and blackboard letters

def _operatorname(p, tok: Token):
    p.advance()
    group = p.read_group_tokens() if p.tok.is_op("{") else [p.advance()]
    word = "".join(t.text for t in group).replace("\\", "")
    if all(t.kind in ("letter", "op") and t.text != "{" for t in group) and word.replace("*", "").isalpha():
        return read_word(p, word.replace("*", ""), tok)
    return p.sub_parser(group, tok).parse_expr_to_end()


def _style(p, tok: Token):
    """\\mathbf{x}, \\mathrm{Tr}, \\mathbf{0}_d, \\mathbf{1}: a name, a word or a constant vector."""
    nxt = p.peek()
    group_start = p.pos + 1
    if nxt.is_op("{"):
        k = group_start + 1
        inner = []
        while p.tokens[k].kind != "end" and not p.tokens[k].is_op("}"):
            inner.append(p.tokens[k])
            k += 1
        text = "".join(t.text for t in inner)
        if len(inner) == 1 and inner[0].kind == "num" and inner[0].text in ("0", "1"):
            p.pos = k + 1
            return constant_vector(p, inner[0].text, tok)
        if len(inner) > 1 and all(t.kind == "letter" for t in inner) and (
                text in OPERATOR_WORDS or text in CONSTANT_WORDS and p.builder.constants):
            p.pos = k + 1
            return read_word(p, text, tok)
        if len(inner) > 1 and all(t.kind == "letter" for t in inner) and text in UNSUPPORTED_WORDS:
            raise p.error(f"not yet supported: {text}", tok, NotSupported)
        if inner and not all(t.kind == "letter" for t in inner) and not (
                len(inner) == 1 and inner[0].kind == "cmd" and inner[0].text[1:] in GREEK) and \
                not (inner[0].kind == "cmd" and inner[0].text in ACCENTS):
            p.pos = group_start
            value = p.read_braced_expr()
            return p.parse_postfix(value, tok)
    elif nxt.kind == "num" and nxt.text in ("0", "1"):
        p.pos += 2
        return constant_vector(p, nxt.text, tok)
    return p.parse_name_atom()


def constant_vector(p, which: str, tok: Token):
    """`0_d`, `\\mathbf{1}_n`, `\\mathbf{0}`: a zero or ones column of the size written (else inferred)."""
    rows = cols = None
    if p.tok.is_op("_"):
        at = p.advance()
        rows, cols = p.sub_parse_dimension(p.read_script_tokens(), at), sympy.S.One
    builder = p.builder.zero if which == "0" else p.builder.ones
    return p.build(builder, rows, cols, tok=tok)


def _mathbb(p, tok: Token):
    p.advance()
    group = p.read_group_tokens() if p.tok.is_op("{") else [p.advance()]
    letter = "".join(t.text for t in group)
    if letter == "E":
        if p.tok.is_op("_"):  # E_{x}[...]: the subscript names the random variable
            p.advance()
            p.read_script_tokens()
        arg = p.parse_parenthesised(tok)
        return p.build(p.builder.expectation, arg, tok=tok)
    if letter in ("1", "I") and (p.tok.is_op("[", "(", "_") or p.tok.is_cmd("\\{")):
        if p.tok.is_op("_"):
            p.advance()
            if p.tok.is_op("{"):
                p.advance()
                cond = read_condition(p)
                p.expect_op("}")
            else:
                raise p.error("write the indicator's condition in braces: \\mathbb{1}_{x > 0}", tok)
        else:
            opener = p.advance()
            close = {"(": ")", "[": "]", "\\{": "\\}"}[opener.text]
            cond = read_condition(p)
            if not (p.tok.is_op(close) or p.tok.is_cmd(close)):
                raise p.error(f"expected {close!r} to close the indicator", opener)
            p.advance()
        return p.build(p.builder.indicator, cond, tok=tok)
    if letter == "I":
        return p.build(p.builder.identity, p.size_subscript(), tok=tok)
    if letter in ("R", "N", "Z", "Q", "C"):
        raise p.error(f"\\mathbb{{{letter}}} is a set, not an expression", tok)
    raise p.error(f"unknown \\mathbb{{{letter}}}", tok)


# ---------------------------------------------------------------- optimisation, layout, refusals

def _arg(p, tok: Token):
    p.advance()
    if p.tok.is_cmd("\\min", "\\max"):
        which = "arg" + p.advance().text[1:]
        return read_optimizer(p, which, tok)
    raise p.error("\\arg must be followed by \\min or \\max", tok)


def _argmin_command(p, tok: Token):
    p.advance()
    return read_optimizer(p, tok.text[1:], tok)


def _underset(p, tok: Token):
    """\\underset{w}{\\operatorname{argmin}} is argmin_w; any other \\underset just shows its base."""
    p.advance()
    below = p.read_group_tokens()
    body = p.read_group_tokens()
    word = "".join(t.text for t in body if t.kind in ("letter",))
    if word in ("argmin", "argmax"):
        var = p.sub_parse(below, tok)
        return PendingOperator(lambda e: p.builder.external(word, e, var), tok.offset, whole_expression=True)
    if word in ("min", "max"):
        raise p.error(f"not yet supported: \\{word}_w (the optimal value)", tok, NotSupported)
    return p.sub_parse(body, tok)


def _underbrace(p, tok: Token):
    """\\underbrace{X}_{label}: the label is commentary."""
    p.advance()
    value = p.read_braced_expr()
    if p.tok.is_op("_", "^"):
        p.advance()
        p.read_script_tokens()
    return p.parse_postfix(value, tok)


def _boxed(p, tok: Token):
    p.advance()
    return p.parse_postfix(p.read_braced_expr(), tok)


def _minmax(p, tok: Token):
    p.advance()
    return read_extremum(p, tok.text[1:], tok)


def _trace_det(p, tok: Token):
    p.advance()
    return read_word(p, tok.text[1:], tok)


def _environment(p, tok: Token):
    return read_environment(p, tok)


def _forbidden(p, tok: Token):
    raise p.error(f"{tok.text} is not allowed in a formula", tok)


COMMAND_HANDLERS = {
    "\\frac": _frac, "\\dfrac": _frac, "\\tfrac": _frac, "\\cfrac": _frac,
    "\\sqrt": _sqrt, "\\|": _norm, "\\Vert": _norm, "\\lVert": _norm, "\\rVert": _norm,
    "\\operatorname": _operatorname, "\\operatornamewithlimits": _operatorname,
    "\\mathbf": _style, "\\boldsymbol": _style, "\\bm": _style, "\\mathrm": _style, "\\mathsf": _style,
    "\\mathit": _style, "\\pmb": _style, "\\mathtt": _style, "\\mathnormal": _style,
    "\\mathbb": _mathbb, "\\nabla": _nabla, "\\lim": _lim, "\\arg": _arg,
    "\\argmin": _argmin_command, "\\argmax": _argmin_command,
    "\\underset": _underset, "\\underbrace": _underbrace, "\\overbrace": _underbrace, "\\boxed": _boxed,
    "\\max": _minmax, "\\min": _minmax, "\\tr": _trace_det, "\\det": _trace_det, "\\Tr": _trace_det,
    "\\langle": _langle, "\\{": _brace_group, "\\lbrace": _brace_group, "\\begin": _environment,
    "\\partial": _partial,
    **{name: _forbidden for name in FORBIDDEN_COMMANDS},
}


# ---------------------------------------------------------------- upright words and functions

def read_word(p, word: str, tok: Token, advance: bool = False):
    """An upright word at `tok`: an operator (tr, det, argmin, ReLU, max, log, ...) or a multi-letter name."""
    if advance:
        p.advance()
    meaning = OPERATOR_WORDS.get(word) or OPERATOR_WORDS.get(word.replace(" ", ""))
    if meaning in ("trace", "det"):
        arg = read_function_argument(p, tok)
        return p.build(p.builder.trace if meaning == "trace" else p.builder.det, arg, tok=tok)
    if meaning in ("argmin", "argmax"):
        return read_optimizer(p, meaning, tok)
    if meaning == "relu":
        return p.build(p.builder.relu, read_function_argument(p, tok), tok=tok)
    if meaning in ("max", "min"):
        return read_extremum(p, meaning, tok)
    if meaning in SCALAR_FUNCTIONS:
        return read_function_call(p, meaning, tok)
    if word in CONSTANT_WORDS and p.builder.constants:
        return p.build(p.builder.constant, tok=tok)
    if word in UNSUPPORTED_WORDS:
        raise p.error(f"not yet supported: {word}", tok, NotSupported)
    if word.isascii() and word.isalpha() and len(word) > 1 or len(word) == 1 and word.isalpha():
        return p.build_name(p.names.attach_scripts(NameRef(word)), tok)
    raise p.error(f"text {word!r} inside a formula (commentary belongs outside the math)", tok)


def read_function_argument(p, tok: Token):
    """The argument of a function or operator word: a bracketed expression, or the next atom (\\log x)."""
    if p.tok.is_op("(", "[", "{"):
        return p.parse_parenthesised(tok)
    start = p.tok
    return p.parse_postfix(p.parse_atom(), start)


def read_function_call(p, name: str, tok: Token):
    """exp, log (with a base: \\log_2), sin, ... applied to their argument, with a power \\log^2 x."""
    base = None
    if name == "log" and p.tok.is_op("_"):
        at = p.advance()
        base = p.sub_parse(p.read_script_tokens(), at)
    power = None
    if p.tok.is_op("^"):  # \log^2 x
        at = p.advance()
        power = p.sub_parse(p.read_script_tokens(), at)
    arg = read_function_argument(p, tok)
    if name in ("log", "ln"):
        value = p.build(p.builder.log, arg, base, tok=tok)
    else:
        value = p.build(p.builder.scalar_function, name, [arg], tok=tok)
    return value if power is None else p.build(p.builder.power, value, power, tok=tok)


def read_extremum(p, which: str, tok: Token):
    """\\max(a, b) or \\min(a, b); \\max_w f (an optimal value) is not supported."""
    if p.tok.is_op("_"):
        raise p.error(f"not yet supported: \\{which}_w (the optimal value)", tok, NotSupported)
    if not p.tok.is_op("("):
        raise p.error(f"\\{which} needs its arguments in parentheses", tok)
    return p.build(p.builder.extremum, which, p.parse_arguments(), tok=tok)


def read_optimizer(p, which: str, tok: Token):
    """argmin/argmax with an optional subscript variable: an operator over the rest of the expression."""
    var = None
    if p.tok.is_op("_"):
        at = p.advance()
        var = p.sub_parse(p.read_script_tokens(), at)
    return PendingOperator(lambda body: p.builder.external(which, body, var) if var is not None
                           else p.builder.external(which, body), tok.offset, whole_expression=True)


__all__ = ["COMMAND_HANDLERS", "PendingOperator", "read_word", "read_function_call", "read_function_argument",
           "read_extremum", "read_optimizer", "constant_vector"]
