"""The one relation vocabulary: how each relation is written, shown, built and evaluated.

Every module that reads, prints or evaluates a relation reads `RELATIONS`: the LaTeX
front end (spellings), the reports (glyph and TeX), the derivation verifier (which
relations are checked and which join statements), claim files, the refuter and the
independent checker (the SymPy class and the exact comparison). Keys are the Claim
vocabulary of CONTRACT §1 (`==`, `!=`, `<`, `<=`, `>`, `>=`) and the step relations of
written derivations (`approx`, `propto`, `implies`, `iff`, `impliedby`); a few relation
symbols are recognised only to be refused (`\\sim`, `\\in`, ...).

Importing this module imports nothing else (no SymPy): reports use it on a cold start.
"""
from __future__ import annotations

import operator
from dataclasses import dataclass
from types import MappingProxyType
from typing import Callable

# What a relation is, for the code that meets it.
COMPARISON = "comparison"      # an exact relation between two values: decided by the engines
APPROXIMATE = "approximate"    # ≈: a derivation may write it, nothing checks it
PROPORTIONAL = "proportional"  # ∝: equal up to a factor that does not depend on the variable of interest
CONNECTIVE = "connective"      # ⇒, ⇔, ⇐: joins two statements of a derivation
UNSUPPORTED = "unsupported"    # ∼, ∈, ≅, ...: recognised as a relation symbol, never read as one
CATEGORIES = (COMPARISON, APPROXIMATE, PROPORTIONAL, CONNECTIVE, UNSUPPORTED)


@dataclass(frozen=True)
class RelationKind:
    """One relation: its key, how it is written (LaTeX commands, ASCII and Unicode) and shown."""
    key: str                    # "==", "<=", "implies", ...
    category: str               # one of CATEGORIES
    glyph: str                  # Unicode, for text reports
    tex: str                    # TeX, for typeset reports
    spellings: tuple            # every way of writing it: "\\le", "<=", "≤", ...
    sympy_name: str = ""        # the SymPy class of `lhs key rhs` (comparisons only): Equality, LessThan, ...
    compare: Callable | None = None   # the exact Python comparison (comparisons only)
    converse: str = ""          # the relation with its sides swapped (a < b  is  b > a)

    @property
    def reflexive(self) -> bool:
        """`a rel a` holds wherever a is defined (=, ≤, ≥): the comparison holds between equal values."""
        return self.compare is not None and bool(self.compare(0, 0))

    def sympy_class(self):
        """The SymPy relational class (Eq, LessThan, ...); SymPy is imported only here."""
        if not self.sympy_name:
            raise ValueError(f"{self.key} has no SymPy class")
        import sympy
        return getattr(sympy, self.sympy_name)


_TABLE = (
    RelationKind("==", COMPARISON, "=", "=",
                 ("=", ":=", "\\coloneqq", "\\eqqcolon", "\\equiv", "\\triangleq"),
                 "Equality", operator.eq, "=="),
    RelationKind("!=", COMPARISON, "≠", r"\ne", ("!=", "\\ne", "\\neq", "≠"), "Unequality", operator.ne, "!="),
    RelationKind("<", COMPARISON, "<", "<", ("<", "\\lt"), "StrictLessThan", operator.lt, ">"),
    RelationKind("<=", COMPARISON, "≤", r"\le", ("<=", "\\le", "\\leq", "\\leqslant", "\\leqq", "≤"),
                 "LessThan", operator.le, ">="),
    RelationKind(">", COMPARISON, ">", ">", (">", "\\gt"), "StrictGreaterThan", operator.gt, "<"),
    RelationKind(">=", COMPARISON, "≥", r"\ge", (">=", "\\ge", "\\geq", "\\geqslant", "\\geqq", "≥"),
                 "GreaterThan", operator.ge, "<="),
    RelationKind("approx", APPROXIMATE, "≈", r"\approx", ("\\approx", "\\simeq", "≈"), converse="approx"),
    RelationKind("propto", PROPORTIONAL, "∝", r"\propto", ("\\propto", "∝"), converse="propto"),
    RelationKind("implies", CONNECTIVE, "⇒", r"\Longrightarrow",
                 ("\\implies", "\\Rightarrow", "\\Longrightarrow", "\\longrightarrow", "\\rightarrow", "\\to",
                  "\\therefore", "\\hence", "⇒", "⟹", "→"), converse="impliedby"),
    RelationKind("iff", CONNECTIVE, "⇔", r"\Longleftrightarrow",
                 ("\\iff", "\\Leftrightarrow", "\\Longleftrightarrow", "⇔", "⟺"), converse="iff"),
    RelationKind("impliedby", CONNECTIVE, "⇐", r"\Longleftarrow",
                 ("\\impliedby", "\\Leftarrow", "\\Longleftarrow", "\\because", "⇐", "⟸"), converse="implies"),
    RelationKind("sim", UNSUPPORTED, "∼", r"\sim", ("\\sim", "∼")),
    RelationKind("cong", UNSUPPORTED, "≅", r"\cong", ("\\cong", "≅")),
    RelationKind("in", UNSUPPORTED, "∈", r"\in", ("\\in", "∈")),
    RelationKind("subset", UNSUPPORTED, "⊂", r"\subset", ("\\subset", "⊂")),
    RelationKind("subseteq", UNSUPPORTED, "⊆", r"\subseteq", ("\\subseteq", "⊆")),
    RelationKind("mapsto", UNSUPPORTED, "↦", r"\mapsto", ("\\mapsto", "↦")),
    RelationKind("gets", UNSUPPORTED, "←", r"\gets", ("\\leftarrow", "\\gets", "←")),
)

RELATIONS = MappingProxyType({kind.key: kind for kind in _TABLE})
SPELLINGS = MappingProxyType({spelling: kind.key for kind in _TABLE for spelling in kind.spellings})
_KEYS_BY_CLASS_NAME = {kind.sympy_name: kind.key for kind in _TABLE if kind.sympy_name}
# The Claim vocabulary (CONTRACT §1), in the order messages list it.
COMPARISONS = tuple(kind.key for kind in _TABLE if kind.category == COMPARISON)
REFLEXIVE = frozenset(kind.key for kind in _TABLE if kind.reflexive)
CONNECTIVES = frozenset(kind.key for kind in _TABLE if kind.category == CONNECTIVE)
# Relations a derivation's chain is cut at (everything but the refused symbols).
STEP_RELATIONS = frozenset(kind.key for kind in _TABLE if kind.category != UNSUPPORTED)


def relation_of(spelling: str) -> RelationKind | None:
    """The relation written `spelling` (`\\le`, `<=`, `≤`, `\\implies`, ...), or None."""
    key = SPELLINGS.get(spelling)
    return None if key is None else RELATIONS[key]


def category_of(spelling: str) -> str | None:
    """The category of the relation written `spelling`, or None when it is not a relation."""
    kind = relation_of(spelling)
    return None if kind is None else kind.category


def glyph(key: str | None) -> str:
    """The Unicode symbol of a relation key (the key itself when unknown, '' for none)."""
    kind = RELATIONS.get(key or "")
    return kind.glyph if kind is not None else (key or "")


def tex(key: str | None) -> str:
    """The TeX of a relation key ('' when unknown)."""
    kind = RELATIONS.get(key or "")
    return kind.tex if kind is not None else ""


def sympy_relational(key: str, lhs, rhs, evaluate: bool = False):
    """`lhs key rhs` as a SymPy relational (Eq, LessThan, ...), unevaluated by default."""
    return RELATIONS[key].sympy_class()(lhs, rhs, evaluate=evaluate)


def key_of(relational) -> str | None:
    """The key of a SymPy relational (`Eq(a, b)` -> "==", `LessThan` -> "<="), or None for anything else."""
    return _KEYS_BY_CLASS_NAME.get(type(relational).__name__)


def holds(key: str, a, b) -> bool:
    """Whether `a key b` holds, by Python's comparison of exact values (comparisons only)."""
    compare = RELATIONS[key].compare
    if compare is None:
        raise ValueError(f"{key} is not a comparison")
    return bool(compare(a, b))


def converse(key: str) -> str:
    """The relation that holds with the sides swapped: `<` for `>`, `==` for `==`."""
    return RELATIONS[key].converse


def commands(*categories: str) -> frozenset:
    """The LaTeX commands (`\\le`, `\\implies`, ...) spelling relations of these categories (all when none)."""
    wanted = categories or CATEGORIES
    return frozenset(s for kind in _TABLE if kind.category in wanted for s in kind.spellings if s.startswith("\\"))


def symbols(*categories: str) -> frozenset:
    """The non-command spellings (`<=`, `≤`, `⇒`, ...) of relations of these categories (all when none)."""
    wanted = categories or CATEGORIES
    return frozenset(s for kind in _TABLE if kind.category in wanted for s in kind.spellings
                     if not s.startswith("\\"))


__all__ = ["RelationKind", "RELATIONS", "SPELLINGS", "COMPARISONS", "REFLEXIVE", "CONNECTIVES", "STEP_RELATIONS",
           "COMPARISON", "APPROXIMATE", "PROPORTIONAL", "CONNECTIVE", "UNSUPPORTED", "CATEGORIES",
           "relation_of", "category_of", "glyph", "tex", "sympy_relational", "holds", "converse", "commands",
           "symbols", "key_of"]
