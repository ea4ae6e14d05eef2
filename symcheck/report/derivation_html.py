"""A self-contained HTML page for a verified derivation (`symcheck verify --html OUT`).

No scripts, no fonts, no network: the math is shown as symcheck read it, in Unicode
(ᵀ, ⁻¹, ‖·‖, λ ...), next to the LaTeX as written. Each step is a row coloured by its
status; the first wrong step is highlighted, anchored (#first-wrong) and shows its
counterexample as exact matrices.
"""
from __future__ import annotations

from html import escape

from ..safe_text import TEXT_DIGITS
from ..verdict import Counterexample, exact_str
from ..verify.model import KINDS, STATUSES, DerivationResult, StepResult
from .derivation_text import step_formula

STATUS_CLASSES = {"proved": "ok", "refuted": "bad", "shape error": "bad", "parse error": "parse",
                  "unknown": "unk", "definition": "given", "premise": "given"}

STYLE = """
body{font-family:system-ui,sans-serif;margin:2em auto;max-width:62em;color:#222;line-height:1.4}
h1{font-size:1.3em} table{border-collapse:collapse;width:100%}
td{vertical-align:top;padding:.45em .6em;border-bottom:1px solid #ddd}
.sym{font-size:1.3em;text-align:center;width:2em}.math{font-family:'STIX Two Math','Cambria Math',serif;font-size:1.08em}
.tex{color:#777;font-family:monospace;font-size:.82em;white-space:pre-wrap}
.ok .sym{color:#1a7f37}.bad .sym{color:#cf222e}.unk .sym{color:#9a6700}.parse .sym{color:#8250df}.given .sym{color:#57606a}
tr.first{background:#ffebe9;outline:2px solid #cf222e}
.why{font-size:.9em;color:#444;white-space:pre-wrap}.cx{margin-top:.4em;background:#fff8f8;padding:.4em;border-left:3px solid #cf222e}
table.m{display:inline-table;border-left:1.5px solid #444;border-right:1.5px solid #444;margin:0 .2em;vertical-align:middle}
table.m td{border:none;padding:0 .35em;text-align:right;font-family:serif}
.summary{margin:1em 0;padding:.6em;background:#f6f8fa}
"""


def render_page(result: DerivationResult) -> str:
    first = result.first_wrong
    rows = "\n".join(_row(step, step is first) for step in result.steps)
    counts = ", ".join(f"{n} {STATUSES[s][1]}" for s, n in result.summary().items() if n)
    if first is not None:
        headline = (f'First wrong step: <a href="#first-wrong">line {first.line}</a> '
                    f'({escape(STATUSES[first.status][1])}).')
    elif result.ok:
        headline = "Every step checked."
    else:
        headline = "No step was shown wrong, but some could not be checked."
    declarations = (f"<details><summary>Declarations</summary><pre>{escape(result.declarations)}</pre></details>"
                    if result.declarations else "")
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>symcheck verify: {escape(result.path)}</title><style>{STYLE}</style></head><body>\n"
            f"<h1>symcheck verify: {escape(result.path)}</h1>\n"
            f"<div class=\"summary\">{headline} {len(result.steps)} steps: {escape(counts or 'none')}.</div>\n"
            f"{declarations}\n<table>\n{rows}\n</table>\n"
            f"<p class=\"tex\">✓ proved · ✗ refuted or ill-typed · ? unknown · ! unreadable · "
            f"≔ definition · · premise</p>\n</body></html>\n")


def _row(step: StepResult, first: bool) -> str:
    classes = STATUS_CLASSES.get(step.status, "unk") + (" first" if first else "")
    anchor = ' id="first-wrong"' if first else ""
    written = step_formula(step, read=False)
    why = _why(step)
    return (f'<tr class="{classes}"{anchor}><td class="sym" title="{escape(STATUSES[step.status][1])}">'
            f"{escape(step.symbol)}</td><td>line {step.line}</td><td>"
            f'<div class="math">{escape(step_formula(step))}</div>'
            f'<div class="tex">{escape(written)}</div>'
            f'<div class="why"><b>{escape(STATUSES[step.status][1])}</b> — {escape(KINDS.get(step.kind, ""))}'
            f"{why}</div></td></tr>")


def _why(step: StepResult) -> str:
    parts = []
    if step.hypothesis:
        parts.append(f"from: {escape(step.hypothesis)}")
    if step.substituted:
        parts.append("using: " + escape("; ".join(f"{n} ≔ {v}" for n, v in step.substituted)))
    if step.method:
        parts.append(f"method: {escape(step.method)}")
    if step.detail:
        parts.append(escape(step.detail))
    text = "".join(f"<br>{p}" for p in parts)
    if isinstance(step.counterexample, Counterexample):
        text += _counterexample(step.counterexample, step.status == "refuted")
    return text


def _counterexample(cx: Counterexample, refutes: bool) -> str:
    title = "Counterexample" if refutes else "False at"
    items = []
    if cx.dims:
        items.append(escape(", ".join(f"{k} = {v}" for k, v in cx.dims.items())))
    for name, value in cx.values.items():
        items.append(f"{escape(str(name))} = {_value(value)}")
    items.append(f"left side = {_value(cx.lhs)}")
    items.append(f"right side = {_value(cx.rhs)}")
    return f'<div class="cx"><b>{title}</b> (exact):<br>' + "<br>".join(items) + "</div>"


def _value(value) -> str:
    shown = exact_str(value, TEXT_DIGITS)
    if isinstance(shown, list):
        rows = [row if isinstance(row, list) else [row] for row in shown]
        body = "".join("<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in row) + "</tr>" for row in rows)
        return f'<table class="m">{body}</table>'
    return f"<span class=\"math\">{escape(str(shown))}</span>"


def write_page(result: DerivationResult, path: str) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(render_page(result))


__all__ = ["render_page", "write_page"]
