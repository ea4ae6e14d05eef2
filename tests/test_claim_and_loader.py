"""Claim files: what is collected, in which order, and how a broken file is reported."""
from sympy import Symbol

from symcheck import Claim
from symcheck.loader import collect_claims, find_claim_files, load_claim_file


def test_module_level_claims_and_claims_in_lists_are_collected_in_definition_order():
    a, b, c = (Claim(name, Symbol("x"), Symbol("x")) for name in "abc")
    namespace = {"first": a, "group": [b, c], "again": a, "other": 3}
    assert [cl.name for cl in collect_claims(namespace)] == ["a", "b", "c"]


def test_bad_fields_are_kept_as_problems_not_raised():
    claim = Claim("bad", "x + 1", 0, relation="=>", layout="sideways", expect="maybe")
    text = " ".join(claim.problems)
    assert "string" in text and "'=>'" in text and "'sideways'" in text and "'maybe'" in text


def test_numbers_are_accepted_as_sides():
    assert Claim("zero", 0, 0).problems == []


def test_a_syntax_error_names_the_file_and_line(claim_dir):
    folder = claim_dir(broken="from symcheck import Claim\nx = (\n")
    loaded = load_claim_file(folder / "broken.py")
    assert loaded.claims == []
    assert loaded.error.line == 2 and "SyntaxError" in loaded.error.message


def test_a_shape_error_names_the_line_and_both_shapes(claim_dir):
    folder = claim_dir(shapes="""
        from sympy import MatrixSymbol
        from symcheck import Claim
        A = MatrixSymbol("A", 2, 3)
        B = MatrixSymbol("B", 2, 3)
        c = Claim("bad", A * B, A)
    """)
    loaded = load_claim_file(folder / "shapes.py")
    assert loaded.error.line == 6
    assert "A (2×3)" in loaded.error.message and "B (2×3)" in loaded.error.message


def test_duplicate_names_in_a_file_are_a_problem_of_each_claim(claim_dir):
    folder = claim_dir(dup="""
        from sympy import Symbol
        from symcheck import Claim
        x = Symbol("x")
        a = Claim("same", x, x)
        b = Claim("same", x, x)
    """)
    loaded = load_claim_file(folder / "dup.py")
    assert all("used 2 times" in " ".join(c.problems) for c in loaded.claims)


def test_folders_are_searched_recursively_and_each_file_once(claim_dir, tmp_path):
    folder = claim_dir(a="x = 1\n")
    (folder / "sub").mkdir()
    (folder / "sub" / "b.py").write_text("y = 2\n")
    files = find_claim_files([str(folder), str(folder / "a.py")])
    assert sorted(p.name for p in files) == ["a.py", "b.py"]
