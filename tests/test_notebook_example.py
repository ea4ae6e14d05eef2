"""examples/notebook.ipynb runs from top to bottom in a fresh kernel (nbclient, ipykernel) and shows what it says."""
import os

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

pytestmark = pytest.mark.slow  # a fresh kernel runs the whole notebook

NOTEBOOK = os.path.join(os.path.dirname(__file__), "..", "examples", "notebook.ipynb")


@pytest.fixture(scope="module")
def executed():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    for cell in notebook.cells:          # the stored outputs must not count
        if cell.cell_type == "code":
            cell.outputs = []
    client = nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": os.path.dirname(NOTEBOOK)}})
    client.execute()                     # raises CellExecutionError on any error
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def _output(cell, kind):
    for output in cell.outputs:
        if output.get("output_type") == "execute_result" and kind in output.get("data", {}):
            return output["data"][kind]
    return ""


def _cell(cells, text):
    return next(cell for cell in cells if text in cell.source)


def test_the_claim_is_proved_and_the_wrong_claim_refuted_with_matrices(executed):
    proved = _output(_cell(executed, "symcheck.decide(push_through)"), "text/html")
    assert 'data-status="proved"' in proved and "noncommutative Groebner basis" in proved
    refuted = _cell(executed, "transpose of a product")
    assert 'data-status="refuted"' in _output(refuted, "text/html")
    assert r"\begin{bmatrix}" in _output(refuted, "text/html")
    assert _output(refuted, "text/plain").startswith("<Verdict refuted")


def test_the_cell_magic_shows_the_derivation_with_its_first_wrong_step(executed):
    cell = _cell(executed, "%%symcheck")
    html = _output(cell, "text/html")
    assert 'id="first-wrong"' in html and 'data-line="9"' in html and "Counterexample" in html
    assert "first wrong step at line 9 (refuted)" in _output(cell, "text/plain")


def test_the_python_api_returns_inspectable_results(executed):
    assert _output(_cell(executed, "result = symcheck.verify"), "text/plain") == \
        "([(8, 'proved'), (8, 'refuted')], {'n': 2})"
    wrong = _output(_cell(executed, r"2 (X^\top X"), "text/html")
    assert 'data-status="not_equivalent"' in wrong and "off by a factor 2: twice the reference" in wrong
    assert _output(_cell(executed, "verdict.status"), "text/plain") == "'equivalent'"
