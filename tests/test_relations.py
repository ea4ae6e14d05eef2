"""The one relation vocabulary (symcheck/model/relations.py): every spelling round-trips through every reader.

A spelling read by one table and not another (`a \\eqqcolon b` was split by the parser's
table but not by the chain's) is the class of bug these tests catch: each spelling is
checked against the chain splitter, the formula parser, the declaration reader, the
Unicode lexer, and the glyph/TeX printers, all of which read the same table.
"""
import pytest
import sympy

from symcheck.latex import NotSupported, ParseError, parse_declarations, parse_relation, render, split_chain
from symcheck.model import relations
from symcheck.model.relations import (APPROXIMATE, COMPARISON, COMPARISONS, CONNECTIVE, PROPORTIONAL, RELATIONS,
                                      SPELLINGS, UNSUPPORTED)

DECLS = parse_declarations("a, b: scalar\nn, d: dimension")
EVERY_SPELLING = sorted((spelling, kind.key) for kind in RELATIONS.values() for spelling in kind.spellings)
COMPARISON_SPELLINGS = [(s, k) for s, k in EVERY_SPELLING if RELATIONS[k].category == COMPARISON]
STEP_SPELLINGS = [(s, k) for s, k in EVERY_SPELLING if RELATIONS[k].category != UNSUPPORTED]


def test_each_spelling_names_exactly_one_relation():
    assert len(SPELLINGS) == sum(len(kind.spellings) for kind in RELATIONS.values())
    for spelling, key in EVERY_SPELLING:
        assert relations.relation_of(spelling).key == key


def test_the_claim_vocabulary_is_the_contracts_and_every_reader_shares_it():
    from symcheck import claim
    from symcheck.certify import rederive, store
    assert COMPARISONS == ("==", "!=", "<", "<=", ">", ">=")
    assert not hasattr(claim, "RELATIONS") and not hasattr(store, "RELATIONS") and not hasattr(rederive, "SWAPPED")


@pytest.mark.parametrize("spelling, key", STEP_SPELLINGS)
def test_the_chain_splits_at_every_step_relation(spelling, key):
    steps = split_chain(f"$$a {spelling} b$$")
    assert [(s.relation, s.text) for s in steps] == [(None, "a"), (key, "b")]


@pytest.mark.parametrize("spelling, key", COMPARISON_SPELLINGS)
def test_the_parser_reads_every_comparison_and_its_printed_forms(spelling, key):
    rel = parse_relation(f"a {spelling} b", DECLS)
    assert rel.relation == key
    assert isinstance(rel.as_sympy(), RELATIONS[key].sympy_class())
    for printed in (render(rel), render(rel, latex=True)):   # glyph and TeX read back as the same relation
        assert parse_relation(printed, DECLS).relation == key, printed


@pytest.mark.parametrize("spelling, key", [(s, k) for s, k in EVERY_SPELLING if RELATIONS[k].category != COMPARISON])
def test_the_parser_refuses_every_other_relation_with_the_reason(spelling, key):
    with pytest.raises(ParseError) as info:
        parse_relation(f"a {spelling} b", DECLS)
    if RELATIONS[key].category == CONNECTIVE:
        assert "joins statements" in info.value.reason
    else:
        assert isinstance(info.value, NotSupported), info.value


# In a declaration line `name:` introduces a kind, so `n := d` declares n (it is not a relation there).
@pytest.mark.parametrize("spelling, key", [(s, k) for s, k in COMPARISON_SPELLINGS if s != ":="])
def test_declarations_read_every_comparison_as_an_assumption(spelling, key):
    decls = parse_declarations(f"X: matrix n×d\nn {spelling} d")
    assert len(decls.assumptions) == 1
    assumption = decls.assumptions[0]
    assert isinstance(assumption, RELATIONS[key].sympy_class()) and assumption.lhs.name == "n"


@pytest.mark.parametrize("key", sorted(k for k in RELATIONS if RELATIONS[k].category != UNSUPPORTED))
def test_glyph_and_tex_are_spellings_the_chain_reads_back(key):
    for shown in (relations.glyph(key), relations.tex(key)):
        steps = split_chain(f"$$a {shown} b$$")
        assert [s.relation for s in steps] == [None, key], shown


@pytest.mark.parametrize("key", COMPARISONS)
def test_sympy_class_comparison_and_converse_agree(key):
    x = sympy.Symbol("x")
    assert relations.key_of(relations.sympy_relational(key, x, 1)) == key    # the class reads back as the key
    for a, b in ((1, 2), (2, 2), (3, 2)):
        expected = bool(relations.sympy_relational(key, sympy.Integer(a), sympy.Integer(b), evaluate=True))
        assert relations.holds(key, a, b) == expected
        assert relations.holds(relations.converse(key), b, a) == expected
    assert RELATIONS[key].reflexive == (key in ("==", "<=", ">="))


def test_categories_decide_what_a_derivation_does_with_a_relation():
    assert {k for k, r in RELATIONS.items() if r.category == CONNECTIVE} == {"implies", "iff", "impliedby"}
    assert RELATIONS["approx"].category == APPROXIMATE and RELATIONS["propto"].category == PROPORTIONAL
    with pytest.raises(ValueError):
        relations.holds("implies", 1, 2)
    assert relations.key_of(sympy.And(sympy.Symbol("x") > 1, sympy.Symbol("x") < 2)) is None


def test_eqqcolon_is_read_alike_by_the_chain_and_the_parser():
    assert [s.relation for s in split_chain(r"$$a \eqqcolon b$$")] == [None, "=="]
    assert parse_relation(r"a \eqqcolon b", DECLS).relation == "=="


def test_unicode_relation_symbols_are_read_in_formulas_and_chains():
    assert parse_relation("a ≤ b", DECLS).relation == "<="
    assert [s.relation for s in split_chain("$$a = b ⇒ b ≥ a ∝ c$$")] == [None, "==", "implies", ">=", "propto"]
    # an arrow inside a limit is not a connective
    steps = split_chain(r"$$\lim_{x → 0} x = 0$$")
    assert [s.text for s in steps] == [r"\lim_{x → 0} x", "0"]
