"""Documents read as Markdown reads them (markdown-it-py): math with exact lines and columns, code never math,
declarations from fences and lists, headings, and every delimiter left open reported, its math still read."""
import pytest

from symcheck.latex import ParseError, read_markdown, split_chain
from symcheck.latex.markdown import document_parts
from symcheck.verify import read_derivation, verify_text


def spans(text):
    return [(b.text, b.line, b.offset) for b in document_parts(text).math]


@pytest.mark.parametrize("text, expected", [
    ("$$a = b$$\n", [("a = b", 1, 2)]),
    ("para $$a=b$$ and $$c \n   = d$$ end\n", [("a=b", 1, 7), ("c \n   = d", 1, 19)]),
    ("$$a = b$$ $$c = d$$\n", [("a = b", 1, 2), ("c = d", 1, 12)]),
    ("text \\[ a = b \\] more\n", [(" a = b ", 1, 7)]),
    ("\\[\na = b \\\\\n c = d\n\\]\n", [("\na = b \\\\\n c = d\n", 1, 2)]),
    ("> $$a = b\n> = c$$\n", [("a = b\n> = c", 1, 4)]),
    ("\\begin{align}\na &= b\n\\end{align}\n", [("\na &= b\n", 1, 13)]),
    ("    \\begin{align}\n    a &= b\n    \\end{align}\n", [("\n    a &= b\n    ", 1, 17)]),   # .tex indentation
    ("- item\n\n    $$a = b$$\n", [("a = b", 3, 14)]),                                          # indented in a list
    ("a\r\nb $$x = y$$\r\n", [("x = y", 2, 7)]),
    ("$$ a = b $$ (1)\n", [(" a = b ", 1, 2)]),
])
def test_math_is_found_with_its_exact_source_span(text, expected):
    assert spans(text) == expected
    for block_text, _, offset in expected:
        assert text[offset:offset + len(block_text)] == block_text


@pytest.mark.parametrize("text", ["`$$a=b$$` in code\n", "```\n$$a = b$$\n```\n", "~~~python\n\\[ x \\]\n~~~\n"])
def test_code_is_never_math(text):
    assert spans(text) == [] and document_parts(text).problems == []


def test_declarations_come_from_fences_and_lists_with_their_lines():
    doc = read_markdown("# T\n\n```symcheck\nX: matrix n×d\nlayout: denominator\n```\n\n"
                        "Declarations:\n- y: vector n\n- lambda > 0\n\n$$X^T y$$\n")
    assert set(doc.declarations.symbols) >= {"X", "y", "lambda"}
    assert doc.declaration_line == 4 and doc.options == {"layout": "denominator"}
    assert doc.headings == [1] and [s.line for s in doc.steps] == [12]


def test_an_unclosed_declaration_fence_is_an_error_at_the_fence():
    with pytest.raises(ParseError) as info:
        read_markdown("intro\n\n```symcheck\nX: matrix n×d\n\n$$X = X$$\n")
    assert info.value.line == 3 and "never closed" in info.value.reason


def test_an_unclosed_code_fence_is_reported():
    problems = document_parts("$$a = b$$\n\n```python\n$$c = d$$\n").problems
    assert len(problems) == 1 and problems[0].line == 3 and "never closed" in problems[0].reason


@pytest.mark.parametrize("text, line, column, steps", [
    # the last display left open: reported, and its step still read
    ("$$a = b$$\n\nThen\n\n$$c = d\n", 5, 1, [("a", 1), ("b", 1), ("c", 5), ("d", 5)]),
    # open in the middle: the prose after it is not read as math, the next display is
    ("$$a = b\n\nSome prose.\n\n$$c = d$$\n", 1, 1, [("a", 1), ("b", 1), ("c", 5), ("d", 5)]),
    # open and running into the next display without a blank line: the prose shows up as a step to fix
    ("$$a = b\nSome prose.\n$$c = d$$\n", 1, 1, [("a", 1), ("b\nSome prose", 1), ("c", 3), ("d", 3)]),
    ("text \\[ a = b and\n\n$$c = d$$", 1, 6, [("a", 1), ("b and", 1), ("c", 3), ("d", 3)]),
    ("so \\begin{align} a &= b\n", 1, 4, [("a", 1), ("b", 1)]),
])
def test_a_delimiter_left_open_is_reported_and_its_math_still_read(text, line, column, steps):
    doc = read_markdown(text)
    assert [(p.line, p.column) for p in doc.problems] == [(line, column)]
    assert "closed" in doc.problems[0].reason
    assert [(s.text, s.line) for s in doc.steps] == steps


def test_an_unclosed_display_is_a_parse_error_step_and_the_last_step_is_checked():
    text = "```symcheck\nx: scalar\n```\n\n$$x + x = 2x$$\n\n$$2x = x + x\n"
    plans = read_derivation(text).plans
    assert [(p.after.line, p.kind, p.status) for p in plans] == [
        (5, "claim", None), (7, "claim", "parse error"), (7, "claim", None)]
    assert "never closed" in plans[1].detail and plans[1].detail.startswith("line 7, column 1")
    result = verify_text(text, timeout=8)
    assert [s.status for s in result.steps] == ["proved", "parse error", "proved"]
    assert not result.ok


def test_a_text_without_delimiters_is_one_block_but_code_alone_is_nothing():
    assert [s.text for s in split_chain(r"a &= b \\ &\le c")] == ["a", "b", "c"]
    assert split_chain("```\nx = y\n```\n") == []
