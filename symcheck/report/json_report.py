"""The `symcheck run --json` document (CONTRACT §3): exactly one JSON object on stdout."""
from __future__ import annotations

from ..safe_text import json_text


def document(results, summary: dict) -> dict:
    """The `symcheck run --json` document: every result and the summary."""
    return {"results": [r.to_json() for r in results], "summary": summary}


def dumps(results, summary: dict) -> str:
    """The `symcheck run --json` document as JSON text (text with lone surrogates escaped)."""
    return json_text(document(results, summary), indent=1)
