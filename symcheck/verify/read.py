"""Reading a derivation: Markdown/LaTeX text -> statements -> one plan (proof obligations) per step.

The LaTeX front end (`symcheck.latex`) finds the declarations and cuts the math into
steps; this module decides what each step claims:

* inside a statement `a = b = c`, each later step is checked against the expression
  before it (`b = c`);
* a statement's head `a = b` is a *definition* when `a` is a bare name (or `f(x)`) not
  defined yet and not used in `b`; definitions are substituted into later steps of the
  same Markdown section (never for a variable a derivative, argmin or expectation binds);
* a head linked by `\\implies`/`\\Rightarrow` (`\\iff`, `\\impliedby`), or by prose such as
  `\\text{so}`, must follow from the previous statement, which becomes a hypothesis;
* a head restating the previous statement's left side (`L = A` then `L = B`) compares
  the new right side with the previous one (`A = B`); a restated `0 = ...` is an implication;
* any other head is a claim, checked as an identity; an equation with a zero side that is
  not an identity (or one whose commentary says `given`, `assume`, `set`, ...) is taken as a
  *premise*: a condition such as "set the gradient to zero";
* a step with `+ \\text{const}` or `\\propto` claims that the difference (or ratio) of its
  sides does not depend on the declared variables of interest (`constants.py`);
* a step whose `I` or `0` has no size on its own is read again with its statement.

Nothing here decides anything: the plans go to `symcheck.verify.check`.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import sympy
from sympy import Derivative, MatrixSymbol, Symbol
from sympy.core.function import AppliedUndef

from ..latex import (Density, ParseError, SizeNotInferred, group_statements, parse_chain, parse_formula, read_markdown,
                     render)
from ..latex.name_reader import read_name
from ..model import relations
from ..model.shapes import IllTyped, shape_of
from .constants import (NotCheckable, abstract_densities, by_bayes, has_constant, has_density, independence_claim,
                        usable_relation, without_common_terms)
from .model import PARSE, SHAPE, UNKNOWN, Expression

# Commentary words (from \text{...} on the row) that say how a statement is meant.
PREMISE_WORDS = ("given", "assume", "assuming", "suppose", "let", "set", "if", "define", "where", "since")
LINK_WORDS = ("so", "hence", "thus", "therefore", "then", "which gives", "gives", "implies")
UNCHECKED_RELATIONS = {"approx": "≈ is an approximation, not checked"}
# Constructs binding a variable in args[1]: substituting a definition there would change the meaning.
BINDERS = ("ArgMin", "ArgMax", "Expectation", "MatrixExpectation")
MAX_SUBSTITUTION_ROUNDS = 6


@dataclass
class Obligation:
    """A relation to decide, with the hypotheses it may use."""
    lhs: object
    rhs: object
    relation: str
    hypotheses: list = field(default_factory=list)   # SymPy relations assumed (the previous statement)
    decide: bool = True                               # False: only the shape check (definitions)
    fallbacks: list = field(default_factory=list)     # other hypothesis lists, tried when one is ill-typed
    note: str = ""                                    # what the identity means (a step up to a constant)
    refutation: str = ""                              # what its counterexample shows
    abstracted: tuple = ()                            # densities taken as free positive numbers: no refutation


@dataclass
class Plan:
    """One step: what it is linked to, and either a status fixed while reading or obligations to decide."""
    index: int
    kind: str
    relation: str
    before: Expression | None
    after: Expression
    comment: str = ""
    status: str | None = None          # fixed status (parse error, unchecked relation) or None
    detail: str = ""
    obligations: list = field(default_factory=list)
    substituted: list = field(default_factory=list)
    hypothesis: str = ""
    premise_if_false: bool = False     # a condition: not an identity -> premise, not wrong


@dataclass
class Derivation:
    """A read derivation: its declarations, assumptions, layout and one plan per step."""
    path: str
    declarations: object
    declaration_text: str
    assumptions: list
    layout: str
    plans: list
    variables: tuple = ()     # the variables of interest of steps up to a constant (`variable: w`)


class HeaderError(ValueError):
    """The declarations cannot be read: the file's header is wrong (exit status 2)."""

    def __init__(self, error: ParseError):
        self.error = error
        super().__init__(str(error))


# ---------------------------------------------------------------- reading

def read_derivation(text: str, path: str = "<text>") -> Derivation:
    """Plans for every step of the derivation in `text`; raises HeaderError for bad declarations."""
    try:
        doc = read_markdown(text)
    except ParseError as exc:
        raise HeaderError(exc) from None
    layout = doc.options.get("layout", "numerator")
    variables = _variables(doc)
    by_step = {id(step): _read_expression(step, doc.declarations, layout) for step in doc.steps}
    groups = group_statements(doc.steps)
    for group in groups:
        _size_from_the_statement(group, by_step, doc.declarations, layout)
    builder = _PlanBuilder(list(doc.declarations.assumptions), variables)
    for group in groups:
        section = sum(1 for start in doc.headings if start <= group[0].line)
        builder.statement(group, [by_step[id(s)] for s in group], section)
    plans = _with_problems(builder.plans, doc.problems)
    return Derivation(path, doc.declarations, doc.declaration_text, list(doc.declarations.assumptions), layout,
                      plans, variables)


def _variables(doc) -> tuple:
    """The declared variables of interest (`variable: w, b`): declared scalars, vectors or matrices."""
    text = doc.options.get("variable", "")
    found = []
    for name in (n for n in re.split(r"[,\s]+", text) if n):
        try:
            symbol = doc.declarations.symbol(read_name(name).text)
        except ParseError:
            symbol = None
        if not isinstance(symbol, (Symbol, MatrixSymbol)):
            raise HeaderError(ParseError(f"the variable of interest {name!r} is not a declared scalar, vector or "
                                         f"matrix", f"variable: {text}", 0, line_offset=max(0, doc.declaration_line - 1)))
        found.append(symbol)
    return tuple(found)


def _with_problems(plans: list, problems: list) -> list:
    """The plans with a parse-error step for each delimiter left open, in line order, numbered again."""
    if not problems:
        return plans
    marks = [Plan(index=0, kind="claim", relation="", before=None, status=PARSE, detail=str(problem),
                  after=Expression(problem.snippet.splitlines()[0].strip() if problem.snippet else "",
                                   problem.line, problem.column, None, str(problem)))
             for problem in problems]
    ordered = sorted(marks + plans, key=lambda plan: plan.after.line)   # stable: a mark goes before its line's steps
    for index, plan in enumerate(ordered, start=1):
        plan.index = index
    return ordered


def _shape_inside_norms(text: str, decls, layout: str) -> str:
    """Why a formula whose norms could not be read is ill-typed anyway, or "".

    The front end reads ‖·‖ of a matrix as the (unsupported) spectral norm. When the
    argument is ill-typed, no choice of norm gives it a meaning: reading every norm as a
    Frobenius norm exposes the shape error, which is then reported instead.
    """
    if "\\|" not in text:
        return ""
    try:
        expr = parse_formula(_frobenius_norms(text), decls, layout=layout)
        shape_of(expr)
    except IllTyped as exc:
        return str(exc)
    except Exception:  # unreadable either way: the parse error stands
        return ""
    return ""


def _frobenius_norms(text: str) -> str:
    """Every `\\|...\\|` or `\\|...\\|_2` as `\\|...\\|_F` (norms taken as not nested)."""
    out, opening = [], True
    for k, piece in enumerate(text.split("\\|")):
        if k and not opening:
            piece = re.sub(r"^_\{?2\}?", "", piece)
            out.append("\\|_F" + piece)
        else:
            out.append(("\\|" if k else "") + piece)
        if k:
            opening = not opening
    return "".join(out)


def _size_from_the_statement(group: list, by_step: dict, decls, layout: str) -> None:
    """Steps whose `I` or `0` has no size on its own are read again with the rest of their statement.

    In `A A^{-1} = I` each side is read alone first; the I is then sized by the other side
    (and `0^T` by the expression it equals), as the same relation read whole would be.
    """
    if not any(by_step[id(s)].size_unknown for s in group):
        return
    readable = [s for s in group if by_step[id(s)].ok or by_step[id(s)].size_unknown]
    if len(readable) < 2:
        return
    try:
        exprs = parse_chain([s.text for s in readable], decls, layout=layout, constants=True)
    except ParseError:   # still ambiguous (or unreadable together): each step keeps its own message
        return
    for step, expr in zip(readable, exprs):
        if by_step[id(step)].size_unknown:
            by_step[id(step)] = Expression(step.text, step.line, step.column, expr, "", pretty(render(expr)))


def _read_expression(step, decls, layout: str) -> Expression:
    try:
        expr = parse_formula(step.text, decls, layout=layout, constants=True)
    except ParseError as exc:
        line = step.line + exc.line - 1
        column = step.column + exc.column - 1 if exc.line == 1 else exc.column
        message = f"line {line}, column {column}: {exc.reason}"
        if exc.snippet:
            message += "\n" + exc.snippet
        return Expression(step.text, step.line, step.column, None, message,
                          shape_error=_shape_inside_norms(step.text, decls, layout),
                          size_unknown=isinstance(exc, SizeNotInferred))
    except Exception as exc:  # the front end promises ParseError; anything else is still not a traceback
        return Expression(step.text, step.line, step.column, None,
                          f"line {step.line}, column {step.column}: cannot read this formula ({type(exc).__name__})")
    return Expression(step.text, step.line, step.column, expr, "", pretty(render(expr)))


# Accents as combining characters, so \hat{w} shows as ŵ in reports.
ACCENTS = {"hat": "\u0302", "tilde": "\u0303", "bar": "\u0304", "check": "\u030c", "dot": "\u0307",
           "vec": "\u20d7"}


GREEK = ("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi pi rho sigma tau upsilon phi "
         "chi psi omega").split()


def pretty(text: str) -> str:
    """Rendered text with LaTeX accents on single letters, and Greek names, turned into Unicode."""
    text = re.sub(r"\\(hat|tilde|bar|check|dot|vec)\{(\w)\}", lambda m: m.group(2) + ACCENTS[m.group(1)], text)
    return re.sub(r"\\?\b(" + "|".join(GREEK) + r")\b", _greek, text, flags=re.I)


def _greek(match) -> str:
    name = match.group(1)
    case = "CAPITAL" if name[0].isupper() else "SMALL"
    try:
        return unicodedata.lookup(f"GREEK {case} LETTER {name.upper().replace('LAMBDA', 'LAMDA')}")
    except KeyError:
        return match.group(0)


# ---------------------------------------------------------------- statements -> plans

@dataclass
class _Statement:
    head: Expression
    last: Expression
    relation: str          # the relation the whole chain asserts between head and last
    section: int
    expressions: list = field(default_factory=list)
    relations: list = field(default_factory=list)   # relations[k] links expressions[k] and [k+1]

    def hypotheses(self) -> list:
        """`head rel e` for the chain's expressions from the last back to the first: the worker uses the
        first that is well-typed, so an ill-typed last step does not hide what the chain established."""
        out = []
        for k in range(len(self.expressions) - 1, 0, -1):
            if self.expressions[k].ok:
                out.append((_chain_relation(self.relations[:k]), self.expressions[k]))
        return out


class _PlanBuilder:
    def __init__(self, assumptions: list, variables: tuple = ()):
        self.assumptions = assumptions
        self.variables = variables
        self.plans: list[Plan] = []
        self.definitions: dict = {}       # head expression -> (definition, rendered name, section)
        self.previous: _Statement | None = None

    def add(self, **kw) -> Plan:
        plan = Plan(index=len(self.plans) + 1, **kw)
        self.plans.append(plan)
        return plan

    def statement(self, steps: list, exprs: list, section: int) -> None:
        if self.previous is not None and self.previous.section != section:
            self.previous = None
        self.definitions = {k: v for k, v in self.definitions.items() if v[2] == section}
        if len(exprs) == 1:
            if not exprs[0].ok:
                self.add(kind="claim", relation="", before=None, after=exprs[0], status=PARSE,
                         detail=exprs[0].error)
            return
        head, first = exprs[0], exprs[1]
        link = steps[0].relation if steps[0].relation in relations.CONNECTIVES else None
        comment = " ".join(s.comment for s in steps[:2] if s.comment)
        if link is None and _has_word(comment, LINK_WORDS):
            link = "implies"
        self.head(steps, head, first, link, comment, section)
        for k in range(2, len(exprs)):
            self.chain_step(steps[k], exprs[k - 1], exprs[k])
        relation = _chain_relation([s.relation for s in steps[1:]])
        self.previous = _Statement(head, exprs[-1], relation, section, list(exprs), [s.relation for s in steps[1:]])

    # -- the head `a rel b` of a statement

    def head(self, steps, head: Expression, first: Expression, link, comment: str, section: int) -> None:
        relation = steps[1].relation
        common = dict(relation=relation, before=head, after=first, comment=comment)
        if not (head.ok and first.ok):
            bad = head if not head.ok else first
            status, detail = _unreadable(bad)
            self.add(kind="claim", status=status, detail=detail, **{**common, "after": bad, "before": None
                                                                     if bad is head else head})
            return
        if relation in UNCHECKED_RELATIONS:
            self.add(kind="claim", status=UNKNOWN, detail=UNCHECKED_RELATIONS[relation], **common)
            return
        previous = self.previous
        restated = previous is not None and link is None and _same(previous.head, head)
        if link is not None and previous is not None and previous.head.ok and previous.last.ok:
            self.linked(link, previous, head.expr, first.expr, common)
        elif restated and previous.relation == "==" and previous.last.ok and not _is_number(head.expr):
            self.obligation("restated", previous.last.expr, first.expr, relation, common)
        elif restated and previous.relation == "==" and previous.last.ok:
            self.linked("implies", previous, head.expr, first.expr, {**common})
            self.plans[-1].kind = "restated"
        elif self.is_new_definition(head.expr, first.expr, relation):
            self.add(kind="definition", status=None,
                     obligations=[Obligation(head.expr, first.expr, "==", decide=False)], **common)
        elif head.expr in self.definitions:  # a defined name restated after other statements
            self.obligation("restated", head.expr, first.expr, relation, common)
        else:
            plan = self.obligation("claim", head.expr, first.expr, relation, common)
            plan.premise_if_false = (relation == "==" and (_is_zero(head.expr) or _is_zero(first.expr))) or \
                _has_word(comment, PREMISE_WORDS)
        if relation == "==" and self.is_new_definition(head.expr, first.expr, relation):
            self.definitions[head.expr] = (first.expr, head.read, section)

    def linked(self, link: str, previous: _Statement, lhs, rhs, common: dict) -> None:
        relation = common["relation"]
        candidates = [_relational(previous.head.expr, rel, e.expr) for rel, e in previous.hypotheses()]
        candidates = [c for c in candidates if c is not None]
        after = _relational(lhs, relation, rhs)
        if not candidates or after is None and link != "implies":
            self.add(kind=link, status=UNKNOWN, detail="the relation cannot be used as a hypothesis", **common)
            return
        forward = (lhs, rhs, relation, candidates)
        backward = (previous.head.expr, previous.last.expr, previous.relation, [after])
        directions = {"implies": [forward], "impliedby": [backward], "iff": [forward, backward]}[link]
        obligations, used = [], []
        for left, right, rel, hypotheses in directions:
            left, right, names = self.substitute(left, right)
            left, right = _zero_of_shape(left, right)
            used += names
            substituted = []
            for hypothesis in hypotheses:
                hypothesis, more = self.substitute_relation(hypothesis)
                substituted.append([hypothesis])
                used += more
            try:
                obligations.append(self.make_obligation(left, right, rel, substituted[0], substituted[1:], used))
            except NotCheckable as exc:
                self.add(kind=link, status=UNKNOWN, detail=str(exc), **common)
                return
        self.add(kind=link, obligations=obligations, substituted=_unique(used),
                 hypothesis=f"{previous.head.read} {relations.glyph(previous.relation)} {previous.last.read}", **common)

    def obligation(self, kind: str, lhs, rhs, relation: str, common: dict) -> Plan:
        lhs, rhs, names = self.substitute(lhs, rhs)
        lhs, rhs = _zero_of_shape(lhs, rhs)
        try:
            obligation = self.make_obligation(lhs, rhs, relation, [], [], names)
        except NotCheckable as exc:
            return self.add(kind=kind, status=UNKNOWN, detail=str(exc), substituted=_unique(names),
                            **{**common, "relation": relation})
        return self.add(kind=kind, obligations=[obligation], substituted=_unique(names),
                        **{**common, "relation": relation})

    def make_obligation(self, lhs, rhs, relation: str, hypotheses: list, fallbacks: list, used: list) -> Obligation:
        """What the engines decide for `lhs relation rhs`: the relation itself, or, for a step up to a
        constant or ∝, the identity saying the sides differ by a constant; densities rewritten by Bayes'
        rule (then their definitions put in) and the rest abstracted. NotCheckable when neither applies."""
        if any(has_density(e) for e in (lhs, rhs, *hypotheses)):
            lhs, rhs = (self._substitute(by_bayes(e, self.variables), used) for e in (lhs, rhs))
            hypotheses = [h.func(*(self._substitute(by_bayes(e, self.variables), used) for e in h.args),
                                 evaluate=False) for h in hypotheses]
        if relation not in relations.COMPARISONS and relation != "propto":
            raise NotCheckable(UNCHECKED_RELATIONS.get(relation, f"the relation {relation!r} is not checked"))
        note = refutation = ""
        if relation == "propto" or has_constant(lhs) or has_constant(rhs):
            claim = independence_claim(lhs, rhs, relation, self.variables, self.assumptions, hypotheses)
            lhs, rhs, hypotheses = claim["lhs"], claim["rhs"], claim["hypotheses"]
            note, refutation, relation, fallbacks = claim["note"], claim["refutation"], "==", []
        parts, abstracted = abstract_densities([lhs, rhs, *hypotheses])
        lhs, rhs, hypotheses = parts[0], parts[1], parts[2:]
        if note and abstracted:   # the evidence p(D) is the same term at V and V′: it cancels
            lhs, rhs = without_common_terms(lhs, rhs, {s for s in lhs.free_symbols if s.name in abstracted})
            present = {s.name for e in (lhs, rhs, *hypotheses) for s in e.free_symbols}
            abstracted = tuple(name for name in abstracted if name in present)
        return Obligation(lhs, rhs, relation, hypotheses, fallbacks=fallbacks, note=note, refutation=refutation,
                          abstracted=abstracted)

    def chain_step(self, step, before: Expression, after: Expression) -> None:
        common = dict(relation=step.relation, before=before, after=after, comment=step.comment)
        if not after.ok:
            status, detail = _unreadable(after)
            self.add(kind="chain", status=status, detail=detail, **common)
        elif not before.ok:
            self.add(kind="chain", status=UNKNOWN, detail="the previous expression could not be read", **common)
        elif step.relation in UNCHECKED_RELATIONS:
            self.add(kind="chain", status=UNKNOWN, detail=UNCHECKED_RELATIONS[step.relation], **common)
        else:
            self.obligation("chain", before.expr, after.expr, step.relation, common)

    # -- definitions

    def is_new_definition(self, head, rhs, relation: str) -> bool:
        if relation != "==" or head in self.definitions or not _is_name(head):
            return False
        return not _mentions(rhs, head)

    def substitute(self, lhs, rhs):
        """Both sides with the section's definitions put in (bound variables left alone)."""
        used: list = []
        lhs = self._substitute(lhs, used)
        rhs = self._substitute(rhs, used)
        return lhs, rhs, _unique(used)

    def substitute_relation(self, relation):
        used: list = []
        out = relation.func(self._substitute(relation.lhs, used), self._substitute(relation.rhs, used),
                            evaluate=False)
        return out, used

    def _substitute(self, expr, used: list):
        bound = _bound_variables(expr)
        for _ in range(MAX_SUBSTITUTION_ROUNDS):
            mapping = {name: value for name, (value, _, _) in self.definitions.items()
                       if name not in bound and _mentions(expr, name)}
            if not mapping:
                return expr
            try:
                new = expr.xreplace(mapping)
            except Exception:  # a definition that does not fit here is not used
                return expr
            used += [(self.definitions[name][1], pretty(render(value))) for name, value in mapping.items()]
            if new == expr:
                return expr
            expr = new
        return expr


# ---------------------------------------------------------------- small helpers

def _unreadable(expression: Expression) -> tuple[str, str]:
    if expression.shape_error:
        return SHAPE, f"ill-typed for general dimensions: {expression.shape_error}"
    return PARSE, expression.error


def _has_word(comment: str, words) -> bool:
    text = comment.lower()
    return any(re.search(r"(^|\W)" + re.escape(word) + r"(\W|$)", text) for word in words)


def _is_name(expr) -> bool:
    if isinstance(expr, (Symbol, MatrixSymbol)):
        return not isinstance(expr, sympy.Dummy)
    if isinstance(expr, Density):   # p(D | w) = ...: a density defined by its formula
        return all(isinstance(a, (Symbol, MatrixSymbol)) for a in (*expr.outcomes, *expr.conditions))
    return isinstance(expr, AppliedUndef) and all(isinstance(a, (Symbol, MatrixSymbol)) for a in expr.args)


def _is_number(expr) -> bool:
    if isinstance(expr, sympy.MatrixExpr):
        return isinstance(expr, sympy.ZeroMatrix)
    return isinstance(expr, sympy.Basic) and expr.is_number is True


def _is_zero(expr) -> bool:
    """0, 0ᵀ, a zero vector or matrix: the side of a condition such as "set the gradient to zero"."""
    if isinstance(expr, sympy.Transpose):
        expr = expr.arg
    return isinstance(expr, sympy.ZeroMatrix) or (isinstance(expr, sympy.Basic) and expr == 0)


def _mentions(expr, name) -> bool:
    try:
        return expr.has(name)
    except Exception:
        return True


def _same(a: Expression, b: Expression) -> bool:
    if a.ok and b.ok:
        return a.expr == b.expr
    return re.sub(r"\s+", "", a.text) == re.sub(r"\s+", "", b.text)


def _bound_variables(expr) -> set:
    bound = set()
    if not isinstance(expr, sympy.Basic):
        return bound
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, Derivative):
            bound |= set(node.variables)
        elif type(node).__name__ in BINDERS and len(node.args) > 1:
            bound.add(node.args[1])
    return bound


def _chain_relation(relations: list) -> str:
    """What `a r1 b r2 c ...` says about a and the last expression."""
    kinds = set(relations)
    if kinds <= {"=="}:
        return "=="
    for strict, weak in (("<", "<="), (">", ">=")):
        if kinds <= {"==", strict, weak}:
            return strict if strict in kinds else weak
    return "?"


def _zero_of_shape(lhs, rhs):
    """A plain 0 (or 0ᵀ) against a matrix side is the zero matrix of that side's shape, as every reader means."""
    for zero, other in ((lhs, rhs), (rhs, lhs)):
        if isinstance(zero, sympy.Basic) and not isinstance(zero, sympy.MatrixExpr) and zero == 0:
            try:
                rows, cols = shape_of(other)
            except Exception:  # an ill-typed side is the shape check's business
                return lhs, rhs
            if (rows, cols) != (1, 1):
                filled = sympy.ZeroMatrix(rows, cols)
                return (filled, rhs) if zero is lhs else (lhs, filled)
    return lhs, rhs


def _relational(lhs, relation: str, rhs):
    if not usable_relation(relation, lhs, rhs):
        return None
    lhs, rhs = _zero_of_shape(lhs, rhs)
    try:
        return relations.sympy_relational(relation, lhs, rhs)
    except Exception:
        return None


def _unique(pairs: list) -> list:
    seen, out = set(), []
    for pair in pairs:
        if pair not in seen:
            seen.add(pair)
            out.append(pair)
    return out


__all__ = ["read_derivation", "Derivation", "Plan", "Obligation", "HeaderError", "PREMISE_WORDS", "LINK_WORDS"]
