"""The terminal and JSON reports of a verified derivation (`symcheck verify`).

Text: one line per step (symbol, line number, what was compared, status), the reason
indented under it, the counterexample for a refuted step, and the first wrong step named
at the end. JSON: one document (`to_json`) with every step and a summary.
"""
from __future__ import annotations

from ..safe_text import json_text, printable
from ..verify.model import STATUSES, DerivationResult, StepResult


def step_formula(step: StepResult, read: bool = True) -> str:
    """`before rel after` as read (Unicode) or as written (LaTeX)."""
    return step.formula(read)


def write_report(result: DerivationResult, out, *, show_parse: bool = False) -> None:
    """The report on `out`; what the file supplied is shown without control characters."""
    out = _Printable(out)
    out.write(f"{result.path}\n")
    for step in result.steps:
        label = STATUSES[step.status][1]
        out.write(f"  {step.symbol} line {step.line:<4} {step_formula(step)}   [{label}]\n")
        if show_parse:
            for expression in (step.before, step.after):
                if expression is not None:
                    out.write(f"        read: {expression.text!s}  →  {expression.read or '(unreadable)'}\n")
        for line in _reasons(step):
            out.write(f"        {line}\n")
    summary = result.summary()
    counts = ", ".join(f"{n} {STATUSES[s][1]}" for s, n in summary.items() if n)
    out.write(f"\n{len(result.steps)} steps: {counts or 'none'} ({result.seconds:.1f} s)\n")
    first = result.first_wrong
    if first is not None:
        out.write(f"first wrong step: line {first.line}: {step_formula(first)} ({STATUSES[first.status][1]})\n")
    elif result.ok:
        out.write("every step checked\n")
    else:
        out.write("no step was shown wrong, but some could not be checked\n")


def _reasons(step: StepResult) -> list[str]:
    lines = []
    if step.hypothesis:
        lines.append(f"from: {step.hypothesis}")
    if step.substituted:
        lines.append("using: " + "; ".join(f"{name} ≔ {value}" for name, value in step.substituted))
    if step.method and step.status == "proved":
        lines.append(f"by {step.method}")
    if step.detail and step.status != "proved":
        lines.extend(step.detail.splitlines()[:6])
    if step.counterexample is not None:
        label = "counterexample" if step.status == "refuted" else "false at"
        lines.append(f"{label}: " + step.counterexample.describe().replace("\n", "\n        "))
    return lines


class _Printable:
    """A stream whose writes go through `printable` (newlines kept)."""

    def __init__(self, stream):
        self.stream = stream

    def write(self, text: str) -> None:
        self.stream.write(printable(text))


# ---------------------------------------------------------------- JSON

def step_json(step: StepResult) -> dict:
    """One step of the JSON document."""
    return step.to_json()


def to_json(result: DerivationResult) -> dict:
    """The `symcheck verify --json` document."""
    return result.to_json()


def header_error_json(path: str, error) -> dict:
    """The document printed when the declarations cannot be read (`error` is the ParseError)."""
    return {"file": path, "error": {"line": error.line, "column": error.column, "message": error.reason}}


def dumps(result: DerivationResult) -> str:
    """The `symcheck verify --json` document as JSON text."""
    return json_text(to_json(result))


__all__ = ["write_report", "to_json", "dumps", "step_json", "step_formula", "header_error_json"]
