"""Derivations split into steps with relations and line numbers; Markdown gives declarations and math."""
from symcheck.latex import ParseError, group_statements, parse_formula, read_markdown, split_chain

DERIVATION = r"""# Gradient descent

```symcheck
F: matrix n×n
y: vector n
w: vector n, sequence
eta > 0
L: scalar
```

Prose with inline $w$ that is not a step.

$$\begin{aligned}w_t &= w_{t-1} - \eta(F^T(Fw_{t-1} - y)) \\
&= (I - \eta F^T F)w_{t-1} + \eta F^T y \text{ by distributing}\end{aligned}$$

$$F^T F w = F^T y \implies w = (F^T F)^{-1} F^T y \quad (12)$$

\begin{align}
L &= \|F w - y\|_2^2 \\
L &\le \|F w\|_2^2 + \|y\|_2^2 \label{eq:bound}
\end{align}

\[ \|w_t\|_2 \leq \|w_{t-1}\|_2 + \eta \|F^T y\|_2 \]
"""


def test_markdown_reader_finds_declarations_and_blocks():
    doc = read_markdown(DERIVATION)
    assert set(doc.declarations.symbols) >= {"F", "y", "w", "eta"}
    assert doc.declaration_line == 4
    assert len(doc.blocks) == 4


def test_steps_carry_relations_lines_and_commentary():
    steps = read_markdown(DERIVATION).steps
    first = [(s.relation, s.text, s.line) for s in steps if s.block == 0]
    assert first == [(None, "w_t", 13), ("==", r"w_{t-1} - \eta(F^T(Fw_{t-1} - y))", 13),
                     ("==", r"(I - \eta F^T F)w_{t-1} + \eta F^T y", 14)]
    assert steps[2].comment == "by distributing"


def test_connectives_and_equation_numbers():
    steps = [s for s in split_chain(DERIVATION) if s.block == 1]
    assert [(s.relation, s.text) for s in steps] == [
        (None, "F^T F w"), ("==", "F^T y"), ("implies", "w"), ("==", "(F^T F)^{-1} F^T y")]
    assert [len(g) for g in group_statements(steps)] == [2, 2]


def test_align_rows_restating_the_left_side_start_new_statements():
    steps = [s for s in split_chain(DERIVATION) if s.block == 2]
    assert [(s.relation, s.text, s.line) for s in steps] == [
        (None, "L", 19), ("==", r"\|F w - y\|_2^2", 19), (None, "L", 20), ("<=", r"\|F w\|_2^2 + \|y\|_2^2", 20)]


def test_inequality_block_and_every_step_parses():
    doc = read_markdown(DERIVATION)
    assert [s.relation for s in doc.steps if s.block == 3] == [None, "<="]
    for step in doc.steps:
        parse_formula(step.text, doc.declarations)


def test_plain_chain_without_delimiters():
    steps = split_chain(r"a &= b \\ &\le c \\ \Rightarrow d &\ge e")
    assert [(s.relation, s.text) for s in steps] == [
        (None, "a"), ("==", "b"), ("<=", "c"), ("implies", "d"), (">=", "e")]


def test_relations_inside_groups_do_not_split():
    steps = split_chain(r"$$\mathbb{1}[wx + b > 0] = \lim_{\lambda \to \infty} f(\lambda) \Longrightarrow z \iff q$$")
    assert [(s.relation, s.text) for s in steps] == [
        (None, r"\mathbb{1}[wx + b > 0]"), ("==", r"\lim_{\lambda \to \infty} f(\lambda)"),
        ("implies", "z"), ("iff", "q")]


def test_cases_and_matrices_keep_their_rows():
    steps = split_chain(r"$$\begin{aligned} \phi &= \begin{cases} a & x > 0 \\ 0 & \text{else} \end{cases} \\"
                        r" &= \begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix} \end{aligned}$$")
    assert len(steps) == 3 and steps[1].text.startswith(r"\begin{cases}") and steps[2].relation == "=="


def test_connective_at_the_end_of_a_row_links_the_next_row():
    steps = split_chain("$$a = b \\implies \\\\ c = d$$")
    assert [(s.relation, s.text) for s in steps] == [(None, "a"), ("==", "b"), ("implies", "c"), ("==", "d")]


def test_text_in_subscripts_and_operator_words_is_kept():
    steps = split_chain(r"$$\hat{w}_{\text{inv}} = \text{tr}(A) \text{ since } \|A\| = 1$$")
    assert steps[0].text == r"\hat{w}_{\text{inv}}" and steps[1].text == r"\text{tr}(A)"
    assert steps[2].relation is None and steps[2].text == r"\|A\|"


def test_bad_declarations_in_markdown_report_the_document_line():
    text = "intro\n\n```symcheck\nX: matrix n×d\ny: vector\n```\n$$X = X$$\n"
    try:
        read_markdown(text)
    except ParseError as exc:
        assert exc.line == 5
    else:
        raise AssertionError("a vector without a size must be rejected")


def test_declarations_list_form():
    doc = read_markdown("Declarations:\n- X: matrix n×d\n- lambda > 0\n\n$$X^T X + \\lambda I$$\n")
    assert "X" in doc.declarations.symbols and doc.declarations.symbols["lambda"].is_positive
    assert parse_formula(doc.steps[0].text, doc.declarations).shape == (doc.declarations.dims["d"],) * 2


def test_the_documented_example_reads_as_documented():
    import pathlib
    import re
    doc_text = (pathlib.Path(__file__).parent.parent / "docs" / "latex.md").read_text(encoding="utf-8")
    example = re.search(r"````markdown\n(.*?)````", doc_text, re.S).group(1)
    doc = read_markdown(example)
    assert [(s.line, s.relation) for s in doc.steps] == [
        (12, None), (12, "=="), (13, "=="), (16, None), (16, "=="), (16, "=="), (17, "implies"), (17, "==")]
    for before, after in zip(doc.steps, doc.steps[1:]):
        if after.relation == "==":
            from symcheck.latex import parse_relation
            parse_relation(f"{before.text} = {after.text}", doc.declarations)
