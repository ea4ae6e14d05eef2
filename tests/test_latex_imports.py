"""The LaTeX front end, the verifier and the model have no import cycles (imports inside functions count too).

The modules' imports are read from their source (AST), so an import hidden in a function
body is found as well: a cycle must be broken by moving the shared piece down, not by
importing late.
"""
from test_import_cycles import cycles, import_graph  # tests/test_import_cycles.py: the one import walker

CHECKED = ("symcheck.latex", "symcheck.verify", "symcheck.model")


def test_the_walker_finds_a_cycle_when_there_is_one():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_touches_the_latex_front_end_the_verifier_or_the_model():
    involved = [c for c in cycles(import_graph()) if any(m.startswith(CHECKED) for m in c)]
    assert involved == []


def test_the_relation_vocabulary_imports_nothing_of_symcheck():
    assert import_graph()["symcheck.model.relations"] == set()
