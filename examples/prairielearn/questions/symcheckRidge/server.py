# server.py of a PrairieLearn question graded by symcheck in PrairieLearn's own Python process.
# symcheck must be importable there (docs/prairielearn.md: "Installing symcheck for server.py").
from symcheck.prairielearn import grade as symcheck_grade

REFERENCE = r"(X^\top X + \lambda I)^{-1} X^\top y"
DECLARE = "X: n×d, y: n, lambda > 0"


def grade(data):
    # Sets data["partial_scores"]["ridge"], data["feedback"]["ridge"], data["format_errors"]["ridge"]
    # for an answer that is not a formula, and recomputes data["score"].
    symcheck_grade(data, ref=REFERENCE, declare=DECLARE, name="ridge")
