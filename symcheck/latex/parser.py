"""A recursive-descent parser for the accepted LaTeX subset (see docs/latex.md): the grammar and entry points.

Grammar (lowest precedence first):

    relation  := expr (relop expr)?
    expr      := [+|-] term ((+|-) term)*
    term      := factor (( \\cdot | \\times | * | / | \\div | \\circ | <implicit> ) factor)*
    factor    := -factor | atom postfix*          postfix := ^{...} | ' | _{...}
    atom      := number | name | (expr) | [expr] | {expr} | \\frac | \\sqrt | \\|expr\\| | |expr|
               | function(args) | \\begin{bmatrix}...\\end{bmatrix} | \\begin{cases}...\\end{cases}
               | operator term   (∂/∂x, ∇_w, \\lim_{x\\to a}, \\mathbb{E}, argmin)

`Parser` reads tokens (`cursor.TokenCursor`) and asks a `SympyBuilder` for every SymPy
object; commands are read by `commands.COMMAND_HANDLERS`, environments by
`environments`, names by `name_reader.NameReader`. It evaluates nothing and knows no
command outside its tables, so `\\input`, `\\def` and friends are unknown or refused.
"""
from __future__ import annotations

import sympy

from ..model import relations
from .commands import COMMAND_HANDLERS, PendingOperator, constant_vector, read_function_call, read_word
from .constructors import is_matrix
from .cursor import TokenCursor, ended
from .errors import (DEFAULT_LIMITS, BuildError, Limits, NotRepresentable, NotSupported, ParseError, SizeNotInferred,
                     SizeUnknown, read_safely)
from .lexer import GREEK, Token
from .name_reader import NameReader
from .names import NameRef
from .scope import Declarations
from .to_sympy import Relation, SympyBuilder
from .words import (ACCENTS, CONDITIONING_BARS, CONSTANTS, LOGICAL_COMMANDS, NAMED_STYLES, OPERATOR_WORDS, PRODUCT_COMMANDS,
                    RELATION_COMMANDS, SCALAR_FUNCTIONS, TRANSPARENT_STYLES, UNCHECKABLE_RELATIONS,
                    UNSUPPORTED_COMMANDS, classify_script)

GREEK_NAMES = frozenset(GREEK)


def parse_formula_text(text: str, decls: Declarations, *, allow_undeclared: bool = False,
                       limits: Limits = DEFAULT_LIMITS, layout: str = "numerator", constants: bool = False):
    """One formula (no math delimiters) -> a SymPy expression; every failure is a ParseError."""
    def run():
        parser = Parser(text, decls, limits, auto_declare="scalar" if allow_undeclared else None, layout=layout,
                        constants=constants)
        expr = parser.parse_expr_to_end()
        return parser.finish(expr)[0]
    return read_safely(text, run, limits)


def parse_relation_text(text: str, decls: Declarations, *, allow_undeclared: bool = False,
                        limits: Limits = DEFAULT_LIMITS, layout: str = "numerator") -> Relation:
    """`lhs rel rhs` (no math delimiters) -> Relation; every failure is a ParseError."""
    def run():
        parser = Parser(text, decls, limits, auto_declare="scalar" if allow_undeclared else None, layout=layout)
        rel = parser.parse_relation_to_end()
        lhs, rhs = parser.finish(rel.lhs, rel.rhs)
        return Relation(lhs, rhs, rel.relation)
    return read_safely(text, run, limits)


def parse_chain_text(texts: list, decls: Declarations, *, limits: Limits = DEFAULT_LIMITS,
                     layout: str = "numerator", constants: bool = False) -> list:
    """The expressions of one chain `a = b = c` read together, so sizes cross its relations.

    Each text is one expression; consecutive ones are sides of a relation, so their shapes
    are unified (`A A^{-1} = I` sizes the I). A failure is a ParseError pointing into the
    text it is in, with `.index` the position of that text.
    """
    builder = SympyBuilder(decls, None, layout, constants=constants)
    exprs = []
    for index, text in enumerate(texts):
        try:
            exprs.append(read_safely(text, lambda: Parser(text, decls, limits, builder=builder).parse_expr_to_end(),
                                     limits))
        except ParseError as exc:
            exc.index = index
            raise
    parser = Parser(texts[-1] if texts else "", decls, limits, builder=builder)
    try:
        for left, right in zip(exprs, exprs[1:]):
            parser.build(builder.same_shape, left, right)
        return read_safely(texts[-1] if texts else "", lambda: parser.finish(*exprs), limits)
    except ParseError as exc:
        exc.index = len(texts) - 1
        raise


def parse_dimension(text: str, dims: dict):
    """A size such as `n+d` or `2n`: every name is a positive integer dimension symbol."""
    parser = Parser(text, Declarations(dims=dims), DEFAULT_LIMITS, auto_declare="dimension")
    expr = parser.parse_expr_to_end()
    if is_matrix(expr):
        raise ParseError("a dimension must be a number or a name", text, 0)
    return canonical_dimension(expr)


def canonical_dimension(expr):
    """n + d in SymPy's canonical form (sizes are compared structurally); powers are left alone."""
    if expr.has(sympy.Pow):
        return expr
    return sympy.expand(expr.doit())


class Parser(TokenCursor):
    """The grammar: reads one formula (or relation) of `source` against `decls`, building with a SympyBuilder."""

    def __init__(self, source: str, decls: Declarations, limits: Limits = DEFAULT_LIMITS, *,
                 auto_declare: str | None = None, layout: str = "numerator", tokens: list | None = None,
                 builder: SympyBuilder | None = None, constants: bool = False):
        super().__init__(source, limits, tokens)
        self.builder = builder if builder is not None else SympyBuilder(decls, auto_declare, layout,
                                                                        constants=constants)
        self.names = NameReader(self, self.builder.decls)

    def sub_parser(self, tokens: list, at: Token) -> "Parser":
        """A parser over a group of this formula's tokens that builds with the same builder (same sizes)."""
        return Parser(self.source, self.builder.decls, self.limits, tokens=ended(tokens, at.offset),
                      builder=self.builder)

    def build(self, method, *args, tok: Token | None = None):
        """Call a builder method; its complaints become ParseErrors at `tok`."""
        try:
            return method(*args)
        except NotRepresentable as exc:
            raise self.error(f"not yet supported: {exc}", tok, NotSupported) from None
        except SizeUnknown as exc:
            raise self.error(str(exc), tok, SizeNotInferred) from None
        except BuildError as exc:
            raise self.error(str(exc), tok) from None

    def finish(self, *exprs):
        """The finished expressions: every placeholder size replaced (or a SizeNotInferred error)."""
        return self.build(self.builder.finish, *exprs)

    # ------------------------------------------------------------ entry points
    def parse_expr_to_end(self):
        """One expression that must use up every token."""
        expr = self.parse_expr()
        self._expect_end()
        return expr

    def parse_relation_to_end(self) -> Relation:
        """`lhs rel rhs` that must use up every token (one relation, not a chain)."""
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
        return self.build(self.builder.relation, lhs, op, rhs, tok=tok)

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
        """The comparison at the cursor (`=`, `<=`, `\\le`, `:=`, `\\stackrel{?}{=}`, ...) as a key, consumed."""
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
        """A sum of terms with their signs."""
        with self.nested():
            terms = []
            sign = 1
            if self.tok.is_op("+", "-"):
                sign = -1 if self.advance().text == "-" else 1
            while True:
                tok = self.tok
                term = self.parse_term(whole_expression_ok=True)
                terms.append(self.build(self.builder.neg, term, tok=tok) if sign < 0 else term)
                if self.tok.is_op("+", "-"):
                    sign = -1 if self.advance().text == "-" else 1
                    if self.tok.is_op("+", "-"):
                        raise self.error("two signs in a row")
                    continue
                if self.tok.is_cmd("\\pm", "\\mp"):
                    raise self.error("± gives two expressions; write each one", cls=NotSupported)
                break
            return self.build(self.builder.add, terms, tok=tok) if len(terms) > 1 else terms[0]

    def parse_term(self, whole_expression_ok: bool = False):
        """A product of factors (explicit or implicit), divisions and entrywise products, in the order written."""
        start = self.tok
        factors: list = []
        pending_div = None
        while True:
            tok = self.tok
            item = self.parse_factor()
            if isinstance(item, PendingOperator):
                if item.whole_expression and whole_expression_ok:
                    operand = self.parse_expr()
                else:
                    operand = self.parse_term()
                item = self.build(item.apply, operand, tok=tok)
            if pending_div is not None:
                num = self.build(self.builder.mul, factors, tok=start) if len(factors) > 1 else factors[0]
                factors = [self.build(self.builder.div, num, item, tok=pending_div)]
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
                left = self.build(self.builder.mul, factors, tok=start) if len(factors) > 1 else factors[0]
                right = self.parse_factor()
                if isinstance(right, PendingOperator):
                    raise self.error("an operator after ∘ needs parentheses", op)
                factors = [self.build(self.builder.hadamard, left, right, tok=op)]
                if self.starts_factor():
                    continue
                break
            if self.starts_factor():
                continue
            break
        return self.build(self.builder.mul, factors, tok=start) if len(factors) > 1 else factors[0]

    def starts_factor(self) -> bool:
        """Whether the token at the cursor can begin another factor of an implicit product."""
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
                        or tok.text in CONDITIONING_BARS
                        or tok.text == "\\right")
        return False

    def parse_factor(self):
        """A signed atom with its postfixes (powers, transposes, primes), or a pending operator."""
        if self.tok.is_op("-"):
            tok = self.advance()
            with self.nested():  # each sign is a level: ------x must not exhaust the stack
                inner = self.parse_factor()
            if isinstance(inner, PendingOperator):
                raise self.error("a sign before an operator needs parentheses", tok)
            return self.build(self.builder.neg, inner, tok=tok)
        if self.tok.is_op("+"):
            self.advance()
        tok = self.tok
        atom = self.parse_atom()
        if isinstance(atom, PendingOperator):
            return atom
        return self.parse_postfix(atom, tok)

    def parse_postfix(self, expr, start: Token):
        """`expr` with the superscripts, transposes (') and factorial marks that follow it."""
        if isinstance(expr, PendingOperator):
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
                expr = self.build(self.builder.transpose, expr, tok=tok)
            elif tok.is_op("_"):
                raise self.error("a subscript on an expression that is not a name")
            elif tok.is_op("!"):
                if self.peek().is_op("="):
                    return expr
                raise self.error("factorials are not supported", cls=NotSupported)
            else:
                return expr

    def apply_superscript(self, expr, script: list, tok: Token):
        """expr^{script}: transpose, inverse, inverse-transpose or a power (pseudo-inverses are refused)."""
        kind = classify_script(script)
        if kind == "transpose":
            return self.build(self.builder.transpose, expr, tok=tok)
        if kind == "inverse":
            return self.build(self.builder.inverse, expr, tok=tok)
        if kind == "inverse-transpose":
            return self.build(self.builder.transpose, self.build(self.builder.inverse, expr, tok=tok), tok=tok)
        if kind == "pinv":
            raise self.error("not yet supported: pseudo-inverses (^\\dagger, ^+)", tok, NotSupported)
        if kind == "index":
            raise self.error("an index superscript on an expression that is not a name", tok)
        exponent = self.sub_parse(script, tok)
        return self.build(self.builder.power, expr, exponent, tok=tok)

    def sub_parse(self, tokens: list, at: Token):
        """Parse a run of tokens (a script) as an expression with this parser's builder."""
        if not tokens:
            raise self.error("an empty superscript or subscript", at)
        saved = (self.tokens, self.pos)
        self.tokens, self.pos = ended(tokens, tokens[-1].offset), 0
        try:
            value = self.parse_expr()
            if not self.at_end():
                self._expect_end()
            return value
        finally:
            self.tokens, self.pos = saved

    def read_braced_expr(self):
        """`{expr}`: the expression inside a braced group."""
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
            return self.builder.number(tok.text[0])
        return self.parse_postfix(self.parse_atom(), tok)

    # ------------------------------------------------------------ atoms
    def parse_atom(self):
        """A number, a name, a bracketed expression, a command or an upright word."""
        tok = self.tok
        if tok.kind == "num":
            self.advance()
            if len(tok.text) > self.limits.max_number_digits:
                raise self.error(f"number too long ({len(tok.text)} digits)", tok)
            if tok.text in ("0", "1") and self.tok.is_op("_"):  # 0_d, 1_n: constant vectors
                return constant_vector(self, tok.text, tok)
            return self.builder.number(tok.text)
        if tok.kind == "letter":
            return self.parse_name_atom()
        if tok.kind == "text":
            return read_word(self, tok.text.strip(), tok, advance=True)
        if tok.kind == "op":
            return self.parse_op_atom(tok)
        if tok.kind == "cmd":
            return self.parse_command(tok)
        if tok.kind == "end":
            raise self.error("the formula ends where an expression was expected")
        raise self.error(f"unexpected {tok.text!r}")

    def parse_op_atom(self, tok: Token):
        """(expr), [expr], {expr} or |expr| at `tok`."""
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
            inner = self.closed_by("|", tok)
            return self.build(self.builder.abs, inner, tok=tok)
        if tok.text == "}":
            raise self.error("unbalanced braces: this } has no matching {")
        if tok.text in (")", "]"):
            raise self.error(f"unbalanced {tok.text!r}: nothing opened it")
        raise self.error(f"unexpected {tok.text!r}")

    def closed_by(self, closer: str, opener: Token):
        """The expression up to `closer` (consumed), for a group opened at `opener`."""
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
        """A command at `tok`: its handler, a Greek or accented name, a constant or an elementary function."""
        name = tok.text
        handler = COMMAND_HANDLERS.get(name)
        if handler is not None:
            return handler(self, tok)
        if name in CONSTANTS and self.builder.decls.lookup(name[1:]) is None and not self.peek().is_op("_", "'"):
            self.advance()   # \pi is the number π unless a name pi is declared (or decorated: \pi_k)
            return CONSTANTS[name]
        if name[1:] in GREEK_NAMES or name in ACCENTS or name in TRANSPARENT_STYLES or name in NAMED_STYLES:
            return self.parse_name_atom()
        if name in CONSTANTS:
            self.advance()
            return CONSTANTS[name]
        if name[1:] in SCALAR_FUNCTIONS:
            self.advance()
            return read_function_call(self, name[1:], tok)
        if name in UNSUPPORTED_COMMANDS:
            raise self.error(f"not yet supported: {UNSUPPORTED_COMMANDS[name]}", tok, NotSupported)
        if name in RELATION_COMMANDS or name in UNCHECKABLE_RELATIONS or name in LOGICAL_COMMANDS:
            raise self.error(f"a relation {name} where an expression was expected", tok)
        raise self.error(f"unknown macro {name}", tok)

    # ------------------------------------------------------------ names
    def parse_name_atom(self):
        """A name at the cursor (or `I`, `e^x`, `tr(...)`, `E[...]` when those letters are not declared)."""
        tok = self.tok
        if tok.kind == "letter":
            special = self._letter_special(tok)
            if special is not None:
                return special
        ref = self.names.read()
        if ref is None:
            raise self.error(f"unexpected {tok.text!r}", tok)
        return self.build_name(ref, tok)

    def _letter_special(self, tok: Token):
        decls = self.builder.decls
        if tok.text == "I" and decls.lookup("I") is None:
            self.advance()
            return self.build(self.builder.identity, self.size_subscript(), tok=tok)
        if tok.text == "e" and decls.lookup("e") is None and self.peek().is_op("^"):
            self.advance()
            self.advance()
            exponent = self.sub_parse(self.read_script_tokens(), tok)
            return self.build(self.builder.scalar_function, "exp", [exponent], tok=tok)
        if tok.text == "t" and self.peek().text == "r" and self.peek(2).is_op("(") \
                and decls.lookup("t") is None and decls.lookup("r") is None:
            self.advance()
            self.advance()
            return self.build(self.builder.trace, self.parse_parenthesised(tok), tok=tok)
        if tok.text == "E" and decls.lookup("E") is None and self.peek().is_op("["):
            self.advance()
            return self.build(self.builder.expectation, self.parse_parenthesised(tok), tok=tok)
        return None

    def size_subscript(self):
        """The size in `I_n` / `\\mathbb{I}_{n+d}` (consumed), or None when no subscript follows."""
        if not self.tok.is_op("_"):
            return None
        at = self.advance()
        return self.sub_parse_dimension(self.read_script_tokens(), at)

    def sub_parse_dimension(self, script: list, at: Token):
        """A size written in a subscript: a positive integer or an expression in dimension names."""
        saved = self.builder.auto_declare
        self.builder.auto_declare = "dimension" if saved is None else saved
        try:
            value = self.sub_parse(script, at)
        finally:
            self.builder.auto_declare = saved
        if is_matrix(value) or (value.is_number and not (value.is_Integer and value > 0)):
            raise self.error("a size must be a positive integer or a dimension", at)
        if isinstance(value, sympy.Symbol) and value.name not in self.builder.decls.dims:
            value = sympy.Symbol(value.name, integer=True, positive=True)
        return canonical_dimension(value)

    def build_name(self, ref: NameRef, tok: Token):
        """The object a read name stands for: a symbol, a sized identity, or a declared function's call."""
        decls = self.builder.decls
        if ref.text == "I" and decls.lookup("I") is None:  # \mathbf{I}_d
            return self.build(self.builder.identity, self.size_subscript(), tok=tok)
        decl = decls.lookup(ref.text)
        if decl is not None and decl.kind == "function":
            return self.parse_declared_call(ref, tok, derivative=False)
        if decl is not None and decl.kind == "density":
            return self.parse_density_call(ref, tok)
        if ref.primes == 1:
            base = NameRef(ref.base, ref.accents, ref.sub, ref.sup)
            bdecl = decls.lookup(base.text)
            if bdecl is not None and bdecl.kind == "function":
                return self.parse_declared_call(base, tok, derivative=True)
        return self.build(self.builder.name, ref, tok=tok)

    def parse_declared_call(self, ref: NameRef, tok: Token, derivative: bool):
        """f(x, ...) of a declared function (or f'(x), its derivative)."""
        if not self.tok.is_op("("):
            raise self.error(f"{ref.text} is declared a function: write {ref.text}(...)", tok)
        args = self.parse_arguments()
        if derivative:
            return self.build(self.builder.function_derivative, ref, args, tok=tok)
        return self.build(self.builder.function, ref, args, tok=tok)

    def parse_density_call(self, ref: NameRef, tok: Token):
        """p(a, b \\mid c, d) of a declared density (the bar may be \\mid, \\vert or |)."""
        if not self.tok.is_op("("):
            raise self.error(f"{ref.text} is declared a density: write {ref.text}(w \\mid D)", tok)
        open_tok = self.advance()
        outcomes, current = None, []
        with self.nested():
            self.closers.append("|")   # a | here is the bar, not an absolute value
            try:
                while True:
                    current.append(self.parse_expr())
                    if self.tok.is_op(","):
                        self.advance()
                        continue
                    if outcomes is None and (self.tok.is_op("|") or self.tok.is_cmd(*CONDITIONING_BARS)):
                        self.advance()
                        outcomes, current = current, []
                        continue
                    break
            finally:
                self.closers.pop()
        if not self.tok.is_op(")"):
            raise self.error("unbalanced '(': expected ')'", open_tok if self.at_end() else None)
        self.advance()
        given = current if outcomes is not None else []
        return self.build(self.builder.density, ref, outcomes if outcomes is not None else current, given, tok=tok)

    def parse_arguments(self) -> list:
        """`(a, b, ...)`: the comma-separated arguments of a call."""
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


__all__ = ["Parser", "parse_formula_text", "parse_relation_text", "parse_chain_text", "parse_dimension",
           "canonical_dimension"]
