"""A recursive-descent parser for the accepted LaTeX subset (see docs/latex.md).

Grammar (lowest precedence first):

    relation  := expr (relop expr)?
    expr      := [+|-] term ((+|-) term)*
    term      := factor (( \\cdot | \\times | * | / | \\div | \\circ | <implicit> ) factor)*
    factor    := -factor | atom postfix*          postfix := ^{...} | ' | _{...}
    atom      := number | name | (expr) | [expr] | {expr} | \\frac | \\sqrt | \\|expr\\| | |expr|
               | function(args) | \\begin{bmatrix}...\\end{bmatrix} | \\begin{cases}...\\end{cases}
               | operator term   (∂/∂x, ∇_w, \\lim_{x\\to a}, \\mathbb{E}, argmin)

It reads tokens and asks a `Builder` for every SymPy object; it evaluates nothing and
knows no command outside its tables, so `\\input`, `\\def` and friends are simply
unknown macros. Limits on length and nesting are checked as it goes.
"""
from __future__ import annotations

import sys
from contextlib import contextmanager

import sympy
from sympy import S

from ..model import relations
from .declarations import Declarations
from .errors import DEFAULT_LIMITS, Limits, NotSupported, ParseError
from .lexer import GREEK, Token, tokenize
from .names import NameRef, tokens_text
from .to_sympy import SCALAR_FUNCTIONS, Builder, Relation, SemanticError, Unsupported, is_matrix

# Relation commands, by what a formula may do with them (the spellings live in model/relations.py).
RELATION_COMMANDS = relations.commands(relations.COMPARISON)
UNCHECKABLE_RELATIONS = relations.commands(relations.APPROXIMATE, relations.PROPORTIONAL, relations.UNSUPPORTED)
LOGICAL_COMMANDS = relations.commands(relations.CONNECTIVE)
PRODUCT_COMMANDS = {"\\cdot", "\\times", "\\ast", "\\div", "\\circ", "\\odot"}
TRANSPARENT_STYLES = {"\\mathbf", "\\boldsymbol", "\\bm", "\\mathit", "\\mathnormal", "\\mathrm",
                      "\\mathsf", "\\boldsymbol", "\\pmb", "\\operatorname", "\\mathtt"}
NAMED_STYLES = {"\\mathcal", "\\mathscr", "\\mathfrak"}
ACCENTS = {"\\hat": "hat", "\\widehat": "hat", "\\tilde": "tilde", "\\widetilde": "tilde", "\\bar": "bar",
           "\\overline": "bar", "\\check": "check", "\\vec": "vec", "\\dot": "dot", "\\ddot": "ddot",
           "\\breve": "breve", "\\acute": "acute", "\\grave": "grave"}
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
MATRIX_ENVIRONMENTS = {"bmatrix", "pmatrix", "matrix", "Bmatrix", "smallmatrix", "vmatrix", "array"}
OPENERS = {"(": ")", "[": "]", "\\{": "\\}", "\\lbrack": "\\rbrack", "\\lparen": "\\rparen"}
CONSTANTS = {"\\infty": S.Infinity, "\\pi": sympy.pi}


def _tokens_of(text: str, limits: Limits) -> list[Token]:
    if len(text) > limits.max_length:
        raise ParseError(f"input too long ({len(text)} characters, limit {limits.max_length})", text[:200], 0)
    return tokenize(text)


@contextmanager
def _stack_room(depth: int):
    """Enough Python stack for `depth` nested groups (each costs a dozen frames); restored afterwards."""
    old = sys.getrecursionlimit()
    need = max(old, 40 * depth + 2000)
    sys.setrecursionlimit(need)
    try:
        yield
    finally:
        sys.setrecursionlimit(old)


def _guarded(source: str, run):
    """Run a parse; any failure whatsoever becomes a ParseError (never a traceback)."""
    try:
        return run()
    except ParseError:
        raise
    except RecursionError:
        raise ParseError("nesting too deep", source[:200], 0) from None
    except MemoryError:
        raise ParseError("input too large to read", source[:200], 0) from None
    except Exception as exc:  # noqa: BLE001 - a bug must still reach the user as a clean error
        raise ParseError(f"could not read this formula ({type(exc).__name__}: {str(exc)[:120]})",
                         source, 0) from None


def parse_formula_text(text: str, decls: Declarations, *, allow_undeclared: bool = False,
                       limits: Limits = DEFAULT_LIMITS, layout: str = "numerator"):
    def run():
        parser = Parser(text, decls, limits, auto_declare="scalar" if allow_undeclared else None, layout=layout)
        expr = parser.parse_expr_to_end()
        return parser.finish(expr)[0]
    with _stack_room(limits.max_depth):
        return _guarded(text, run)


def parse_relation_text(text: str, decls: Declarations, *, allow_undeclared: bool = False,
                        limits: Limits = DEFAULT_LIMITS, layout: str = "numerator") -> Relation:
    def run():
        parser = Parser(text, decls, limits, auto_declare="scalar" if allow_undeclared else None, layout=layout)
        rel = parser.parse_relation_to_end()
        lhs, rhs = parser.finish(rel.lhs, rel.rhs)
        return Relation(lhs, rhs, rel.relation)
    with _stack_room(limits.max_depth):
        return _guarded(text, run)


def parse_dimension(text: str, dims: dict):
    """A size such as `n+d` or `2n`: every name is a positive integer dimension symbol."""
    decls = Declarations(dims=dims)
    parser = Parser(text, decls, DEFAULT_LIMITS, auto_declare="dimension")
    expr = parser.parse_expr_to_end()
    if is_matrix(expr):
        raise ParseError("a dimension must be a number or a name", text, 0)
    return canonical_dimension(expr)


def canonical_dimension(expr):
    """n + d in SymPy's canonical form (sizes are compared structurally); powers are left alone."""
    if expr.has(sympy.Pow):
        return expr
    return sympy.expand(expr.doit())


def read_name(text: str) -> NameRef:
    """The canonical name of a declaration key such as `\\hat{w}`, `w_t`, `λ` or `\\mathbf{x}`."""
    parser = Parser(text, Declarations(), DEFAULT_LIMITS)
    ref = parser.read_name_ref()
    if ref is None or not parser.at_end():
        raise ParseError("not a single name", text, parser.tok.offset)
    return ref


class _Operator:
    """An operator waiting for its operand (the rest of the term): ∂/∂x, ∇_w, lim, argmin."""

    def __init__(self, apply, offset: int, whole_expression: bool = False):
        self.apply, self.offset, self.whole_expression = apply, offset, whole_expression


class Parser:
    def __init__(self, source: str, decls: Declarations, limits: Limits = DEFAULT_LIMITS, *,
                 auto_declare: str | None = None, layout: str = "numerator", tokens: list | None = None):
        self.source = source
        self.limits = limits
        self.tokens = tokens if tokens is not None else _tokens_of(source, limits)
        self.pos = 0
        self.depth = 0
        self.closers: list[str] = []
        self.b = Builder(decls, auto_declare, layout)

    # ------------------------------------------------------------ token helpers
    @property
    def tok(self) -> Token:
        return self.tokens[self.pos]

    def peek(self, k: int = 1) -> Token:
        return self.tokens[min(self.pos + k, len(self.tokens) - 1)]

    def advance(self) -> Token:
        tok = self.tokens[self.pos]
        if tok.kind != "end":
            self.pos += 1
        return tok

    def at_end(self) -> bool:
        return self.tok.kind == "end"

    def error(self, message: str, tok: Token | None = None, cls=ParseError) -> ParseError:
        return cls(message, self.source, (tok or self.tok).offset)

    def expect_op(self, text: str, what: str = "") -> Token:
        if not self.tok.is_op(text):
            found = self.tok.text or "the end"
            if text == "}" and self.at_end():
                raise self.error("unbalanced braces: a { is never closed")
            raise self.error(f"expected {text!r}{what} but found {found!r}")
        return self.advance()

    @contextmanager
    def nested(self):
        self.depth += 1
        if self.depth > self.limits.max_depth:
            raise self.error(f"nesting too deep (more than {self.limits.max_depth} levels)")
        try:
            yield
        finally:
            self.depth -= 1

    def semantic(self, fn, *args, tok: Token | None = None):
        """Call a builder method; its complaints become ParseErrors at `tok`."""
        try:
            return fn(*args)
        except Unsupported as exc:
            raise self.error(f"not yet supported: {exc}", tok, NotSupported) from None
        except SemanticError as exc:
            raise self.error(str(exc), tok) from None

    def finish(self, *exprs):
        return self.semantic(self.b.finish, *exprs)

    # ------------------------------------------------------------ entry points
    def parse_expr_to_end(self):
        expr = self.parse_expr()
        self._expect_end()
        return expr

    def parse_relation_to_end(self) -> Relation:
        lhs = self.parse_expr()
        tok = self.tok
        op = self.read_relation_op()
        if op is None:
            if self.at_end():
                raise self.error("expected a relation such as = or \\le")
            self._expect_end()
        rhs = self.parse_expr()
        if self.read_relation_op(peek_only=True) is not None:
            raise self.error("a chain of relations: split it into steps (split_chain) first")
        self._expect_end()
        return self.semantic(self.b.relation, lhs, op, rhs, tok=tok)

    def _expect_end(self):
        if self.at_end():
            return
        tok = self.tok
        if tok.is_op("}"):
            raise self.error("unbalanced braces: this } has no matching {")
        if tok.is_op(")", "]") or tok.is_cmd("\\}"):
            raise self.error(f"unbalanced {tok.text!r}: nothing opened it")
        if self.read_relation_op(peek_only=True) is not None:
            raise self.error("a relation in a formula: use parse_relation or split_chain")
        if tok.is_cmd(*LOGICAL_COMMANDS):
            raise self.error(f"{tok.text} joins statements: split the derivation with split_chain first")
        if tok.is_cmd(*UNCHECKABLE_RELATIONS):
            raise self.error(f"{tok.text} is not a relation symcheck can check", cls=NotSupported)
        raise self.error(f"unexpected {tok.text!r}")

    def read_relation_op(self, peek_only: bool = False) -> str | None:
        tok, nxt = self.tok, self.peek()
        op, width = None, 1
        if tok.is_op("="):
            op = "=="
        elif tok.is_op("<", ">"):
            op, width = (tok.text + "=", 2) if nxt.is_op("=") else (tok.text, 1)
        elif tok.is_op("!") and nxt.is_op("="):
            op, width = "!=", 2
        elif tok.is_op(":") and nxt.is_op("="):
            op, width = "==", 2
        elif tok.kind == "cmd" and tok.text in RELATION_COMMANDS:
            op = relations.SPELLINGS[tok.text]
        elif tok.is_cmd("\\stackrel", "\\overset") and self._stackrel_is_equals():
            op, width = "==", self._stackrel_width()
        if op is not None and not peek_only:
            for _ in range(width):
                self.advance()
        return op

    def _stackrel_is_equals(self) -> bool:
        width = self._stackrel_width()
        return width > 0 and self.peek(width - 1).is_op("=")

    def _stackrel_width(self) -> int:
        """Tokens of `\\stackrel{...}{=}` (0 if it is not that shape)."""
        k, depth = 1, 0
        if not self.peek(k).is_op("{"):
            return 0
        while True:
            t = self.peek(k)
            if t.kind == "end":
                return 0
            depth += t.is_op("{") - t.is_op("}")
            k += 1
            if depth == 0:
                break
        if self.peek(k).is_op("{") and self.peek(k + 1).is_op("=") and self.peek(k + 2).is_op("}"):
            return k + 3
        if self.peek(k).is_op("="):
            return k + 1
        return 0

    # ------------------------------------------------------------ expressions
    def parse_expr(self):
        with self.nested():
            terms = []
            sign = 1
            if self.tok.is_op("+", "-"):
                sign = -1 if self.advance().text == "-" else 1
            while True:
                tok = self.tok
                term = self.parse_term(whole_expression_ok=True)
                terms.append(self.semantic(self.b.neg, term, tok=tok) if sign < 0 else term)
                if self.tok.is_op("+", "-"):
                    sign = -1 if self.advance().text == "-" else 1
                    if self.tok.is_op("+", "-"):
                        raise self.error("two signs in a row")
                    continue
                if self.tok.is_cmd("\\pm", "\\mp"):
                    raise self.error("± gives two expressions; write each one", cls=NotSupported)
                break
            return self.semantic(self.b.add, terms, tok=tok) if len(terms) > 1 else terms[0]

    def parse_term(self, whole_expression_ok: bool = False):
        start = self.tok
        factors: list = []
        pending_div = None
        while True:
            tok = self.tok
            item = self.parse_factor()
            if isinstance(item, _Operator):
                if item.whole_expression and whole_expression_ok:
                    operand = self.parse_expr()
                else:
                    operand = self.parse_term()
                item = self.semantic(item.apply, operand, tok=tok)
            if pending_div is not None:
                num = self.semantic(self.b.mul, factors, tok=start) if len(factors) > 1 else factors[0]
                factors = [self.semantic(self.b.div, num, item, tok=pending_div)]
                pending_div = None
            else:
                factors.append(item)
            if self.tok.is_op("*") or self.tok.is_cmd("\\cdot", "\\times", "\\ast"):
                self.advance()
                continue
            if self.tok.is_op("/") or self.tok.is_cmd("\\div"):
                pending_div = self.advance()
                continue
            if self.tok.is_cmd("\\circ", "\\odot"):
                op = self.advance()
                left = self.semantic(self.b.mul, factors, tok=start) if len(factors) > 1 else factors[0]
                right = self.parse_factor()
                if isinstance(right, _Operator):
                    raise self.error("an operator after ∘ needs parentheses", op)
                factors = [self.semantic(self.b.hadamard, left, right, tok=op)]
                if self.starts_factor():
                    continue
                break
            if self.starts_factor():
                continue
            break
        return self.semantic(self.b.mul, factors, tok=start) if len(factors) > 1 else factors[0]

    def starts_factor(self) -> bool:
        tok = self.tok
        if tok.kind in ("letter", "num"):
            return True
        if tok.kind == "text":
            return tok.text.strip() in OPERATOR_WORDS
        if tok.kind == "op":
            if tok.text == "|":
                return not (self.closers and self.closers[-1] == "|")
            return tok.text in ("(", "[", "{")
        if tok.kind == "cmd":
            if tok.text == "\\|":
                return not (self.closers and self.closers[-1] == "\\|")
            return not (tok.text in RELATION_COMMANDS or tok.text in UNCHECKABLE_RELATIONS
                        or tok.text in LOGICAL_COMMANDS or tok.text in PRODUCT_COMMANDS
                        or tok.text in ("\\end", "\\\\", "\\}", "\\rangle", "\\rbrack", "\\rparen",
                                        "\\pm", "\\mp", "\\stackrel", "\\overset", "\\quad")
                        or tok.text == "\\right")
        return False

    def parse_factor(self):
        if self.tok.is_op("-"):
            tok = self.advance()
            with self.nested():  # each sign is a level: ------x must not exhaust the stack
                inner = self.parse_factor()
            if isinstance(inner, _Operator):
                raise self.error("a sign before an operator needs parentheses", tok)
            return self.semantic(self.b.neg, inner, tok=tok)
        if self.tok.is_op("+"):
            self.advance()
        tok = self.tok
        atom = self.parse_atom()
        if isinstance(atom, _Operator):
            return atom
        return self.parse_postfix(atom, tok)

    def parse_postfix(self, expr, start: Token):
        if isinstance(expr, _Operator):
            raise self.error("an operator (∂/∂x, ∇, lim, argmin) needs its operand here: use parentheses", start)
        seen_sup = False
        while True:
            tok = self.tok
            if tok.is_op("^"):
                if seen_sup:
                    raise self.error("double superscript: use braces, e.g. x^{a^b}")
                seen_sup = True
                self.advance()
                expr = self.apply_superscript(expr, self.read_script_tokens(), tok)
            elif tok.is_op("'"):
                self.advance()
                expr = self.semantic(self.b.transpose, expr, tok=tok)
            elif tok.is_op("_"):
                raise self.error("a subscript on an expression that is not a name")
            elif tok.is_op("!"):
                if self.peek().is_op("="):
                    return expr
                raise self.error("factorials are not supported", cls=NotSupported)
            else:
                return expr

    def apply_superscript(self, expr, script: list, tok: Token):
        kind = classify_script(script)
        if kind == "transpose":
            return self.semantic(self.b.transpose, expr, tok=tok)
        if kind == "inverse":
            return self.semantic(self.b.inverse, expr, tok=tok)
        if kind == "inverse-transpose":
            return self.semantic(self.b.transpose, self.semantic(self.b.inverse, expr, tok=tok), tok=tok)
        if kind == "pinv":
            raise self.error("not yet supported: pseudo-inverses (^\\dagger, ^+)", tok, NotSupported)
        if kind == "index":
            raise self.error("an index superscript on an expression that is not a name", tok)
        exponent = self.sub_parse(script, tok)
        return self.semantic(self.b.power, expr, exponent, tok=tok)

    def sub_parse(self, tokens: list, at: Token):
        """Parse a run of tokens (a script) as an expression with this parser's builder."""
        if not tokens:
            raise self.error("an empty superscript or subscript", at)
        saved = (self.tokens, self.pos)
        self.tokens, self.pos = list(tokens) + [Token("end", "", tokens[-1].offset)], 0
        try:
            value = self.parse_expr()
            if not self.at_end():
                self._expect_end()
            return value
        finally:
            self.tokens, self.pos = saved

    def read_script_tokens(self) -> list:
        """The argument of ^ or _: a braced group's tokens, or one token (a command with its group)."""
        tok = self.tok
        if tok.is_op("{"):
            return self.read_group_tokens()
        if tok.kind == "end":
            raise self.error("a superscript or subscript with nothing after it")
        self.advance()
        if tok.kind == "cmd" and (tok.text in TRANSPARENT_STYLES or tok.text in NAMED_STYLES
                                  or tok.text in ACCENTS) and self.tok.is_op("{"):
            return [tok] + self.read_group_tokens(keep_braces=True)
        if tok.kind == "num" and len(tok.text) > 1 and tok.text.isdigit():  # x^23 is x^2 3 in LaTeX
            first = Token("num", tok.text[0], tok.offset)
            self.pos -= 1
            self.tokens[self.pos] = Token("num", tok.text[1:], tok.offset + 1)
            return [first]
        return [tok]

    def read_group_tokens(self, keep_braces: bool = False) -> list:
        open_tok = self.expect_op("{")
        depth, out = 1, []
        while True:
            tok = self.tok
            if tok.kind == "end":
                raise self.error("unbalanced braces: this { is never closed", open_tok)
            self.advance()
            if tok.is_op("{"):
                depth += 1
                if depth + self.depth > self.limits.max_depth:  # fail fast, before any nested work
                    raise self.error(f"nesting too deep (more than {self.limits.max_depth} levels)", tok)
            elif tok.is_op("}"):
                depth -= 1
                if depth == 0:
                    return ([open_tok] + out + [tok]) if keep_braces else out
            out.append(tok)
            if len(out) > self.limits.max_length:
                raise self.error("group too long")

    def read_braced_expr(self):
        self.expect_op("{")
        self.closers.append("}")
        try:
            expr = self.parse_expr()
        finally:
            self.closers.pop()
        self.expect_op("}", " to close the group")
        return expr

    def read_argument(self):
        """A macro argument: {expr} or a single token (\\frac12, \\sqrt x)."""
        if self.tok.is_op("{"):
            return self.read_braced_expr()
        tok = self.tok
        if tok.kind == "num" and len(tok.text) > 1 and tok.text.isdigit():  # \frac12 is \frac{1}{2}
            self.tokens[self.pos] = Token("num", tok.text[1:], tok.offset + 1)
            return self.b.number(tok.text[0])
        return self.parse_postfix(self.parse_atom(), tok)

    # ------------------------------------------------------------ atoms
    def parse_atom(self):
        tok = self.tok
        if tok.kind == "num":
            self.advance()
            if len(tok.text) > self.limits.max_number_digits:
                raise self.error(f"number too long ({len(tok.text)} digits)", tok)
            if tok.text in ("0", "1") and self.tok.is_op("_"):  # 0_d, 1_n: constant vectors
                return _constant_vector(self, tok.text, tok)
            return self.b.number(tok.text)
        if tok.kind == "letter":
            return self.parse_name_atom()
        if tok.kind == "text":
            return self.parse_word(tok.text.strip(), tok, advance=True)
        if tok.kind == "op":
            return self.parse_op_atom(tok)
        if tok.kind == "cmd":
            return self.parse_command(tok)
        if tok.kind == "end":
            raise self.error("the formula ends where an expression was expected")
        raise self.error(f"unexpected {tok.text!r}")

    def parse_op_atom(self, tok: Token):
        if tok.text in ("(", "["):
            self.advance()
            close = ")" if tok.text == "(" else "]"
            self.closers.append(close)
            try:
                inner = self.parse_expr()
            finally:
                self.closers.pop()
            if self.tok.is_op(","):
                raise self.error("a list in brackets is not an expression (write a matrix with \\begin{bmatrix})")
            if not self.tok.is_op(close):
                if self.tok.is_op(")", "]"):  # (a, b] style mismatches still close the group
                    self.advance()
                    return inner
                raise self.error(f"unbalanced {tok.text!r}: expected {close!r}", tok if self.at_end() else None)
            self.advance()
            return inner
        if tok.text == "{":
            return self.read_braced_expr()
        if tok.text == "|":
            self.advance()
            inner = self._closed_by("|", tok)
            return self.semantic(self.b.abs, inner, tok=tok)
        if tok.text == "}":
            raise self.error("unbalanced braces: this } has no matching {")
        if tok.text in (")", "]"):
            raise self.error(f"unbalanced {tok.text!r}: nothing opened it")
        raise self.error(f"unexpected {tok.text!r}")

    def _closed_by(self, closer: str, opener: Token):
        self.closers.append(closer)
        try:
            inner = self.parse_expr()
        finally:
            self.closers.pop()
        if not (self.tok.is_op(closer) or self.tok.is_cmd(closer)):
            raise self.error(f"unbalanced {opener.text!r}: expected a closing {closer!r}",
                             opener if self.at_end() else None)
        self.advance()
        return inner

    def parse_command(self, tok: Token):
        name = tok.text
        handler = COMMAND_HANDLERS.get(name)
        if handler is not None:
            return handler(self, tok)
        if name[1:] in GREEK or name in ACCENTS or name in TRANSPARENT_STYLES or name in NAMED_STYLES:
            return self.parse_name_atom()
        if name in CONSTANTS:
            self.advance()
            return CONSTANTS[name]
        if name[1:] in SCALAR_FUNCTIONS:
            self.advance()
            return self.parse_function_call(name[1:], tok)
        if name in UNSUPPORTED_COMMANDS:
            raise self.error(f"not yet supported: {UNSUPPORTED_COMMANDS[name]}", tok, NotSupported)
        if name in RELATION_COMMANDS or name in UNCHECKABLE_RELATIONS or name in LOGICAL_COMMANDS:
            raise self.error(f"a relation {name} where an expression was expected", tok)
        raise self.error(f"unknown macro {name}", tok)

    # ------------------------------------------------------------ names
    def read_name_ref(self) -> NameRef | None:
        """Read a name (base, accents, subscript, index superscripts, primes) without building it."""
        tok = self.tok
        if tok.kind == "cmd" and tok.text in ACCENTS:
            self.advance()
            inner = self._name_in_group(tok)
            return self._name_scripts(NameRef(inner.base, inner.accents + (ACCENTS[tok.text],), inner.sub,
                                              inner.sup, inner.primes))
        if tok.kind == "cmd" and (tok.text in TRANSPARENT_STYLES or tok.text in NAMED_STYLES):
            self.advance()
            group = self.read_group_tokens() if self.tok.is_op("{") else [self.advance()]
            if all(t.kind == "letter" for t in group) and group:
                word = "".join(t.text for t in group)
                base = f"{tok.text}{{{word}}}" if tok.text in NAMED_STYLES else word
                return self._name_scripts(NameRef(base))
            inner = Parser(self.source, self.b.decls, self.limits, tokens=group + [Token("end", "", tok.offset)])
            ref = inner.read_name_ref()
            if ref is None or not inner.at_end():
                raise self.error(f"{tok.text}{{...}} must hold a name here", tok)
            return self._name_scripts(ref)
        if tok.kind == "letter":
            self.advance()
            return self._name_scripts(NameRef(tok.text))
        if tok.kind == "cmd" and tok.text[1:] in GREEK:
            self.advance()
            return self._name_scripts(NameRef(tok.text[1:]))
        return None

    def _name_in_group(self, accent: Token) -> NameRef:
        group = self.read_group_tokens() if self.tok.is_op("{") else [self.advance()]
        inner = Parser(self.source, self.b.decls, self.limits, tokens=group + [Token("end", "", accent.offset)])
        ref = inner.read_name_ref()
        if ref is None or not inner.at_end():
            raise self.error(f"{accent.text}{{...}} must hold a single name", accent)
        return ref

    def _name_scripts(self, ref: NameRef) -> NameRef:
        """Attach subscripts, index superscripts and name-primes; stop before a power or transpose."""
        while True:
            tok = self.tok
            if tok.is_op("_") and not ref.sub and not self._special_subscript(ref):
                self.advance()
                script = self.read_script_tokens()
                ref = NameRef(ref.base, ref.accents, tokens_text(script), ref.sup, ref.primes)
            elif tok.is_op("^") and not ref.sup:
                save = self.pos
                self.advance()
                script = self.read_script_tokens()
                if self._is_index(ref, script):
                    ref = NameRef(ref.base, ref.accents, ref.sub, _index_text(script), ref.primes)
                else:
                    self.pos = save
                    return ref
            elif tok.is_op("'") and self._prime_is_name(ref):
                self.advance()
                ref = NameRef(ref.base, ref.accents, ref.sub, ref.sup, ref.primes + 1)
            else:
                return ref

    def _special_subscript(self, ref: NameRef) -> bool:
        """I_n sizes the identity; it is not a new name."""
        return ref.base == "I" and not ref.accents and self.b.decls.lookup("I") is None \
            or ref.base in ("\\mathbb{I}",)

    def _is_index(self, ref: NameRef, script: list) -> bool:
        kind = classify_script(script)
        if kind == "index":
            return True
        if kind != "power":
            return False
        decl = self.b.kind_of(ref)
        if decl is None:
            return False
        if decl.sequence:
            return True
        # A vector or non-square matrix has no powers: w^k names the k-th iterate.
        return decl.kind == "matrix" and decl.rows is not None and sympy.expand(decl.rows - decl.cols) != 0

    def _prime_is_name(self, ref: NameRef) -> bool:
        """w' is a new name unless w is a declared matrix or vector (then ' is the transpose)."""
        primed = NameRef(ref.base, ref.accents, ref.sub, ref.sup, ref.primes + 1)
        if self.b.decls.lookup(primed.text) is not None:
            return True
        decl = self.b.kind_of(ref)
        return not (decl is not None and decl.kind == "matrix")  # f' of a function is its derivative

    def parse_name_atom(self):
        tok = self.tok
        if tok.kind == "letter":
            special = self._letter_special(tok)
            if special is not None:
                return special
        ref = self.read_name_ref()
        if ref is None:
            raise self.error(f"unexpected {tok.text!r}", tok)
        return self.build_name(ref, tok)

    def _letter_special(self, tok: Token):
        decls = self.b.decls
        if tok.text == "I" and decls.lookup("I") is None:
            self.advance()
            return self.semantic(self.b.identity, self._size_subscript(), tok=tok)
        if tok.text == "e" and decls.lookup("e") is None and self.peek().is_op("^"):
            self.advance()
            self.advance()
            exponent = self.sub_parse(self.read_script_tokens(), tok)
            return self.semantic(self.b.scalar_function, "exp", [exponent], tok=tok)
        if tok.text == "t" and self.peek().text == "r" and self.peek(2).is_op("(") \
                and decls.lookup("t") is None and decls.lookup("r") is None:
            self.advance()
            self.advance()
            return self.semantic(self.b.trace, self.parse_parenthesised(tok), tok=tok)
        if tok.text == "E" and decls.lookup("E") is None and self.peek().is_op("["):
            self.advance()
            return self.semantic(self.b.expectation, self.parse_parenthesised(tok), tok=tok)
        return None

    def _size_subscript(self):
        if not self.tok.is_op("_"):
            return None
        at = self.advance()
        size = self.sub_parse_dimension(self.read_script_tokens(), at)
        return size

    def sub_parse_dimension(self, script: list, at: Token):
        saved = self.b.auto_declare
        self.b.auto_declare = "dimension" if saved is None else saved
        try:
            value = self.sub_parse(script, at)
        finally:
            self.b.auto_declare = saved
        if is_matrix(value) or (value.is_number and not (value.is_Integer and value > 0)):
            raise self.error("a size must be a positive integer or a dimension", at)
        if isinstance(value, sympy.Symbol) and value.name not in self.b.decls.dims:
            value = sympy.Symbol(value.name, integer=True, positive=True)
        return canonical_dimension(value)

    def build_name(self, ref: NameRef, tok: Token):
        if ref.text == "I" and self.b.decls.lookup("I") is None:  # \mathbf{I}_d
            return self.semantic(self.b.identity, self._size_subscript(), tok=tok)
        decl = self.b.decls.lookup(ref.text)
        if decl is not None and decl.kind == "function":
            return self.parse_declared_call(ref, tok, derivative=False)
        if ref.primes and ref.primes == 1:
            base = NameRef(ref.base, ref.accents, ref.sub, ref.sup)
            bdecl = self.b.decls.lookup(base.text)
            if bdecl is not None and bdecl.kind == "function":
                return self.parse_declared_call(base, tok, derivative=True)
        return self.semantic(self.b.name, ref, tok=tok)

    def parse_declared_call(self, ref: NameRef, tok: Token, derivative: bool):
        if not self.tok.is_op("("):
            raise self.error(f"{ref.text} is declared a function: write {ref.text}(...)", tok)
        args = self.parse_arguments()
        if derivative:
            return self.semantic(self.b.function_derivative, ref, args, tok=tok)
        return self.semantic(self.b.function, ref, args, tok=tok)

    def parse_arguments(self) -> list:
        open_tok = self.expect_op("(")
        args = []
        with self.nested():
            self.closers.append(")")
            try:
                while True:
                    args.append(self.parse_expr())
                    if self.tok.is_op(","):
                        self.advance()
                        continue
                    break
            finally:
                self.closers.pop()
        if not self.tok.is_op(")"):
            raise self.error("unbalanced '(': expected ')'", open_tok if self.at_end() else None)
        self.advance()
        return args

    def parse_parenthesised(self, at: Token):
        """(expr), [expr] or {expr}."""
        if self.tok.is_op("(", "["):
            return self.parse_op_atom(self.tok)
        if self.tok.is_op("{"):
            return self.read_braced_expr()
        raise self.error("expected ( after this", at)

    # ------------------------------------------------------------ words and functions
    def parse_word(self, word: str, tok: Token, advance: bool = False):
        if advance:
            self.advance()
        meaning = OPERATOR_WORDS.get(word) or OPERATOR_WORDS.get(word.replace(" ", ""))
        if meaning in ("trace", "det"):
            arg = self.parse_function_argument(tok)
            return self.semantic(self.b.trace if meaning == "trace" else self.b.det, arg, tok=tok)
        if meaning in ("argmin", "argmax"):
            return self.parse_optimizer(meaning, tok)
        if meaning == "relu":
            return self.semantic(self.b.relu, self.parse_function_argument(tok), tok=tok)
        if meaning in ("max", "min"):
            return self.parse_extremum(meaning, tok)
        if meaning in SCALAR_FUNCTIONS:
            return self.parse_function_call(meaning, tok)
        if word in UNSUPPORTED_WORDS:
            raise self.error(f"not yet supported: {word}", tok, NotSupported)
        if word.isascii() and word.isalpha() and len(word) > 1 or len(word) == 1 and word.isalpha():
            return self.build_name(self._name_scripts(NameRef(word)), tok)
        raise self.error(f"text {word!r} inside a formula (commentary belongs outside the math)", tok)

    def parse_function_argument(self, tok: Token):
        if self.tok.is_op("(", "[", "{"):
            return self.parse_parenthesised(tok)
        start = self.tok
        return self.parse_postfix(self.parse_atom(), start)

    def parse_function_call(self, name: str, tok: Token):
        base = None
        if name == "log" and self.tok.is_op("_"):
            at = self.advance()
            base = self.sub_parse(self.read_script_tokens(), at)
        power = None
        if self.tok.is_op("^"):  # \log^2 x
            at = self.advance()
            power = self.sub_parse(self.read_script_tokens(), at)
        arg = self.parse_function_argument(tok)
        if name in ("log", "ln"):
            value = self.semantic(self.b.log, arg, base, tok=tok)
        else:
            value = self.semantic(self.b.scalar_function, name, [arg], tok=tok)
        return value if power is None else self.semantic(self.b.power, value, power, tok=tok)

    def parse_extremum(self, which: str, tok: Token):
        if self.tok.is_op("_"):
            return self.parse_optimizer("arg" + which, tok, value_only=True)
        if not self.tok.is_op("("):
            raise self.error(f"\\{which} needs its arguments in parentheses", tok)
        return self.semantic(self.b.extremum, which, self.parse_arguments(), tok=tok)

    def parse_optimizer(self, which: str, tok: Token, value_only: bool = False):
        if value_only:
            raise self.error(f"not yet supported: \\{which[3:]}_w (the optimal value)", tok, NotSupported)
        var = None
        if self.tok.is_op("_"):
            at = self.advance()
            var = self.sub_parse(self.read_script_tokens(), at)
        return _Operator(lambda body: self.b.external(which, body, var) if var is not None
                         else self.b.external(which, body), tok.offset, whole_expression=True)

    # ------------------------------------------------------------ matrices and cases
    def parse_environment(self, tok: Token):
        self.advance()
        env = "".join(t.text for t in self.read_group_tokens())
        if env.rstrip("*") not in MATRIX_ENVIRONMENTS and env != "cases":
            raise self.error(f"environment {env} inside a formula (split the derivation with split_chain)"
                             if env.rstrip("*") in ("align", "aligned", "equation", "gather", "gathered")
                             else f"unknown environment {env}", tok)
        if env == "array" and self.tok.is_op("{"):
            self.read_group_tokens()  # the column specification
        rows = self.parse_rows(env, tok)
        if env == "cases":
            return self.semantic(self.b.piecewise, rows, tok=tok)
        value = self.semantic(self.b.matrix, rows, tok=tok)
        if self.tok.is_op("_"):  # a shape annotation such as \end{bmatrix}_{(n+d)\times d}
            self.advance()
            self.read_script_tokens()
        if env == "vmatrix":
            return self.semantic(self.b.det, value, tok=tok)
        return value

    def parse_rows(self, env: str, tok: Token) -> list:
        rows, row = [], []
        with self.nested():
            while True:
                if self.tok.is_cmd("\\end"):
                    end_tok = self.advance()
                    name = "".join(t.text for t in self.read_group_tokens())
                    if name != env:
                        raise self.error(f"\\begin{{{env}}} is closed by \\end{{{name}}}", end_tok)
                    break
                if self.at_end():
                    raise self.error(f"\\begin{{{env}}} is never closed", tok)
                if env == "cases":
                    value = self.parse_expr()
                    cond = S.true
                    if self.tok.is_op("&"):
                        self.advance()
                        cond = self.parse_condition_cell()
                    rows.append((value, cond))
                else:
                    row.append(self.parse_expr())
                    if self.tok.is_op("&"):
                        self.advance()
                        continue
                if self.tok.is_cmd("\\\\"):
                    self.advance()
                    if env != "cases":
                        rows.append(row)
                        row = []
                    continue
                if not self.tok.is_cmd("\\end"):
                    raise self.error(f"unexpected {self.tok.text!r} in {env}")
        if env != "cases" and row:
            rows.append(row)
        if not rows:
            raise self.error(f"an empty {env}", tok)
        return rows

    def parse_condition_cell(self):
        """The condition of a case: `x > 0`, `\\text{if } x > 0`, `\\text{otherwise}`, `x>0, y<0`."""
        if self.tok.kind == "text":
            words = self.tok.text.strip().lower().rstrip(".,")
            if words in ("otherwise", "else", "o.w.", "o.w", "ow", "elsewhere", "other"):
                self.advance()
                return S.true
            if words in ("if", "when", "for"):
                self.advance()
        return self.parse_condition()

    def parse_condition(self):
        parts = []
        while True:
            lhs = self.parse_expr()
            tok = self.tok
            op = self.read_relation_op()
            if op is None:
                raise self.error("expected a condition such as wx + b > 0", tok)
            rhs = self.parse_expr()
            parts.append(self.semantic(self.b.condition, lhs, op, rhs, tok=tok))
            if self.tok.is_op(",") or self.tok.is_cmd("\\land", "\\wedge"):
                self.advance()
                continue
            if self.tok.kind == "text" and self.tok.text.strip() == "and":
                self.advance()
                continue
            break
        return parts[0] if len(parts) == 1 else sympy.And(*parts, evaluate=False)


# ---------------------------------------------------------------- scripts

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


def _index_text(script: list) -> str:
    return tokens_text(script)


# ---------------------------------------------------------------- command handlers

def _frac(p: Parser, tok: Token):
    p.advance()
    deriv = _derivative_fraction(p, tok)
    if deriv is not None:
        return deriv
    num = p.read_argument()
    den = p.read_argument()
    return p.semantic(p.b.div, num, den, tok=tok)


def _derivative_fraction(p: Parser, tok: Token):
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
    if var_tokens and var_tokens[-1:] and len(var_tokens) >= 3 and var_tokens[-2].is_op("^"):
        var_tokens = var_tokens[:-2]
    var = Parser(p.source, p.b.decls, p.limits, tokens=var_tokens + [Token("end", "", tok.offset)])
    var.b = p.b
    ref = var.read_name_ref()
    if ref is None or not var.at_end():
        raise p.error("the variable of a derivative must be a single name", tok)
    variable = p.semantic(p.b.name, ref, tok=tok)
    if f_tokens:
        f = p.sub_parse(f_tokens, tok)
        return p.semantic(p.b.derivative, f, variable, order, tok=tok)
    return _Operator(lambda body: p.b.derivative(body, variable, order), tok.offset)


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


def _sqrt(p: Parser, tok: Token):
    p.advance()
    index = None
    if p.tok.is_op("["):
        p.advance()
        index = p.parse_expr()
        p.expect_op("]")
    return p.semantic(p.b.sqrt, p.read_argument(), index, tok=tok)


def _norm(p: Parser, tok: Token):
    p.advance()
    inner = p._closed_by("\\|", tok)
    sub = ""
    if p.tok.is_op("_"):
        p.advance()
        sub = tokens_text(p.read_script_tokens())
    if p.tok.is_op("^"):
        save = p.pos
        p.advance()
        script = p.read_script_tokens()
        if tokens_text(script) == "2":
            return p.semantic(p.b.norm_squared, inner, sub, tok=tok)
        p.pos = save
    return p.semantic(p.b.norm, inner, sub, tok=tok)


def _operatorname(p: Parser, tok: Token):
    p.advance()
    group = p.read_group_tokens() if p.tok.is_op("{") else [p.advance()]
    word = "".join(t.text for t in group).replace("\\", "")
    if all(t.kind in ("letter", "op") and t.text != "{" for t in group) and word.replace("*", "").isalpha():
        return p.parse_word(word.replace("*", ""), tok)
    inner = Parser(p.source, p.b.decls, p.limits, tokens=group + [Token("end", "", tok.offset)])
    inner.b = p.b
    return inner.parse_expr_to_end()


def _style(p: Parser, tok: Token):
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
            return _constant_vector(p, inner[0].text, tok)
        if len(inner) > 1 and all(t.kind == "letter" for t in inner) and text in OPERATOR_WORDS:
            p.pos = k + 1
            return p.parse_word(text, tok)
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
        return _constant_vector(p, nxt.text, tok)
    return p.parse_name_atom()


def _constant_vector(p: Parser, which: str, tok: Token):
    rows = cols = None
    if p.tok.is_op("_"):
        at = p.advance()
        rows, cols = p.sub_parse_dimension(p.read_script_tokens(), at), sympy.S.One
    builder = p.b.zero if which == "0" else p.b.ones
    return p.semantic(builder, rows, cols, tok=tok)


def _mathbb(p: Parser, tok: Token):
    p.advance()
    group = p.read_group_tokens() if p.tok.is_op("{") else [p.advance()]
    letter = "".join(t.text for t in group)
    if letter == "E":
        if p.tok.is_op("_"):  # E_{x}[...]: the subscript names the random variable
            p.advance()
            p.read_script_tokens()
        arg = p.parse_parenthesised(tok)
        return p.semantic(p.b.expectation, arg, tok=tok)
    if letter in ("1", "I") and (p.tok.is_op("[", "(", "_") or p.tok.is_cmd("\\{")):
        if p.tok.is_op("_"):
            p.advance()
            if p.tok.is_op("{"):
                p.advance()
                cond = p.parse_condition()
                p.expect_op("}")
            else:
                raise p.error("write the indicator's condition in braces: \\mathbb{1}_{x > 0}", tok)
        else:
            opener = p.advance()
            close = {"(": ")", "[": "]", "\\{": "\\}"}[opener.text]
            cond = p.parse_condition()
            if not (p.tok.is_op(close) or p.tok.is_cmd(close)):
                raise p.error(f"expected {close!r} to close the indicator", opener)
            p.advance()
        return p.semantic(p.b.indicator, cond, tok=tok)
    if letter == "I":
        return p.semantic(p.b.identity, p._size_subscript(), tok=tok)
    if letter in ("R", "N", "Z", "Q", "C"):
        raise p.error(f"\\mathbb{{{letter}}} is a set, not an expression", tok)
    raise p.error(f"unknown \\mathbb{{{letter}}}", tok)


def _nabla(p: Parser, tok: Token):
    p.advance()
    if not p.tok.is_op("_"):
        raise p.error("write the variable of the gradient: \\nabla_w f", tok)
    at = p.advance()
    script = p.read_script_tokens()
    sub = Parser(p.source, p.b.decls, p.limits, tokens=script + [Token("end", "", at.offset)])
    ref = sub.read_name_ref()
    if ref is None or not sub.at_end():
        raise p.error("the variable of a gradient must be a single name", at)
    variable = p.semantic(p.b.name, ref, tok=at)
    return _Operator(lambda body: p.b.gradient(body, variable), tok.offset)


def _lim(p: Parser, tok: Token):
    p.advance()
    if not p.tok.is_op("_"):
        raise p.error("write the limit as \\lim_{x \\to a}", tok)
    at = p.advance()
    script = p.read_script_tokens()
    arrow = next((i for i, t in enumerate(script) if t.is_cmd("\\to", "\\rightarrow", "\\longrightarrow")), None)
    if arrow is None:
        raise p.error("write the limit as \\lim_{x \\to a}", at)
    sub = Parser(p.source, p.b.decls, p.limits, tokens=script[:arrow] + [Token("end", "", at.offset)])
    ref = sub.read_name_ref()
    if ref is None or not sub.at_end():
        raise p.error("the variable of a limit must be a single name", at)
    variable = p.semantic(p.b.name, ref, tok=at)
    point = p.sub_parse(script[arrow + 1:], at)
    return _Operator(lambda body: p.b.limit(body, variable, point), tok.offset)


def _arg(p: Parser, tok: Token):
    p.advance()
    if p.tok.is_cmd("\\min", "\\max"):
        which = "arg" + p.advance().text[1:]
        return p.parse_optimizer(which, tok)
    raise p.error("\\arg must be followed by \\min or \\max", tok)


def _underset(p: Parser, tok: Token):
    """\\underset{w}{\\operatorname{argmin}} is argmin_w; any other \\underset just shows its base."""
    p.advance()
    below = p.read_group_tokens()
    body = p.read_group_tokens()
    word = "".join(t.text for t in body if t.kind in ("letter",))
    if word in ("argmin", "argmax"):
        var = p.sub_parse(below, tok)
        return _Operator(lambda e: p.b.external(word, e, var), tok.offset, whole_expression=True)
    if word in ("min", "max"):
        raise p.error(f"not yet supported: \\{word}_w (the optimal value)", tok, NotSupported)
    return p.sub_parse(body, tok)


def _underbrace(p: Parser, tok: Token):
    """\\underbrace{X}_{label}: the label is commentary."""
    p.advance()
    value = p.read_braced_expr()
    if p.tok.is_op("_", "^"):
        p.advance()
        p.read_script_tokens()
    return p.parse_postfix(value, tok)


def _boxed(p: Parser, tok: Token):
    p.advance()
    return p.parse_postfix(p.read_braced_expr(), tok)


def _minmax(p: Parser, tok: Token):
    p.advance()
    return p.parse_extremum(tok.text[1:], tok)


def _trace_det(p: Parser, tok: Token):
    p.advance()
    return p.parse_word(tok.text[1:], tok)


def _langle(p: Parser, tok: Token):
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
    return left if right is None else p.semantic(p.b.inner, left, right, tok=tok)


def _brace_group(p: Parser, tok: Token):
    p.advance()
    inner = p._closed_by("\\}", tok)
    return inner


def _forbidden(p: Parser, tok: Token):
    raise p.error(f"{tok.text} is not allowed in a formula", tok)


def _partial(p: Parser, tok: Token):
    raise p.error("write derivatives as \\frac{\\partial f}{\\partial x}", tok, NotSupported)


COMMAND_HANDLERS = {
    "\\frac": _frac, "\\dfrac": _frac, "\\tfrac": _frac, "\\cfrac": _frac,
    "\\sqrt": _sqrt, "\\|": _norm, "\\Vert": _norm, "\\lVert": _norm, "\\rVert": _norm,
    "\\operatorname": _operatorname, "\\operatornamewithlimits": _operatorname,
    "\\mathbf": _style, "\\boldsymbol": _style, "\\bm": _style, "\\mathrm": _style, "\\mathsf": _style,
    "\\mathit": _style, "\\pmb": _style, "\\mathtt": _style, "\\mathnormal": _style,
    "\\mathbb": _mathbb, "\\nabla": _nabla, "\\lim": _lim, "\\arg": _arg, "\\argmin": _arg,
    "\\underset": _underset, "\\underbrace": _underbrace, "\\overbrace": _underbrace, "\\boxed": _boxed,
    "\\max": _minmax, "\\min": _minmax, "\\tr": _trace_det, "\\det": _trace_det, "\\Tr": _trace_det,
    "\\langle": _langle, "\\{": _brace_group, "\\lbrace": _brace_group, "\\begin": Parser.parse_environment,
    "\\partial": _partial,
    **{name: _forbidden for name in ("\\input", "\\include", "\\def", "\\newcommand", "\\renewcommand",
                                     "\\csname", "\\endcsname", "\\let", "\\catcode", "\\write", "\\read",
                                     "\\immediate", "\\openout", "\\openin", "\\usepackage", "\\edef",
                                     "\\gdef", "\\xdef", "\\expandafter", "\\jobname", "\\special",
                                     "\\documentclass", "\\href", "\\url", "\\includegraphics")},
}
COMMAND_HANDLERS["\\argmin"] = lambda p, tok: (p.advance(), p.parse_optimizer("argmin", tok))[1]
COMMAND_HANDLERS["\\argmax"] = lambda p, tok: (p.advance(), p.parse_optimizer("argmax", tok))[1]

__all__ = ["Parser", "parse_formula_text", "parse_relation_text", "parse_dimension", "read_name",
           "classify_script"]
