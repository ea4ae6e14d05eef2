"""The Python API for notebooks and scripts: decide a claim, check an answer, verify a derivation.

    import symcheck
    symcheck.decide(claim)                                    # Verdict: proved / refuted / unknown / error
    symcheck.check(r"(X^T X + \\lambda I)^{-1} X^T y", r"X^T (X X^T + \\lambda I)^{-1} y",
                   declare="X: n×d, y: n, lambda > 0")        # AnswerVerdict
    symcheck.verify(markdown_text)                            # DerivationResult, step by step

Each returns the result object, which a notebook displays as on the web page
(`_repr_html_`) and a terminal as plain text (`__repr__`). The work runs in killable
workers with a time limit, so a hard claim or a hostile answer cannot hang the kernel.
`symcheck/__init__.py` exposes these lazily: importing symcheck loads none of this.
"""
from __future__ import annotations

from .verdict import UNKNOWN, Verdict


def decide(claim, *, timeout: float = 10.0) -> Verdict:
    """Decide a `Claim` in a worker: a Verdict (unknown when the time limit is reached)."""
    from .engine import decide_claim, warm_up
    from .worker import Done, TimedOut, run_one

    warm_up()
    outcome, seconds = run_one(decide_claim, (claim, timeout), timeout=timeout + 2.0)
    if isinstance(outcome, Done):
        return outcome.value
    if isinstance(outcome, TimedOut):
        return Verdict(UNKNOWN, "timeout", f"no verdict within the {timeout:g} s limit", seconds=seconds)
    return Verdict(UNKNOWN, "worker crashed", outcome.message.strip().splitlines()[0], seconds=seconds)


def check(reference: str, answer: str, declare: str | list[str] = "", *, layout: str = "numerator",
          timeout: float = 10.0, hints: bool = True):
    """Check a student's answer against a reference (LaTeX, with declarations): an AnswerVerdict.

    `declare` is one string ("X: n×d, y: n, lambda > 0") or a list of declaration lines.
    Raises ValueError when the reference itself cannot be used (unreadable or ill-typed).
    """
    from .grade.check import check_answer, prepare_question

    declarations = "\n".join(declare) if isinstance(declare, (list, tuple)) else (declare or "")
    try:
        question = prepare_question(reference, declarations, layout)
    except Exception as exc:  # ParseError, IllTyped: said in one line, as `symcheck check` says it
        raise ValueError(f"the reference cannot be used: {exc}") from None
    return check_answer(question, answer, timeout=timeout, hints=hints)


def verify(text: str, *, timeout: float | None = None, jobs: int | None = None, path: str = "<text>"):
    """Check every step of a derivation (the `symcheck verify` format): a DerivationResult.

    Raises symcheck.verify.HeaderError when the declaration block cannot be read.
    """
    from .verify import verify as run
    return run(text, timeout=timeout, jobs=jobs, path=path)


__all__ = ["decide", "check", "verify"]
