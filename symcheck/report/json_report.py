"""The `symcheck run --json` document (CONTRACT §3): exactly one JSON object on stdout."""
from __future__ import annotations

from ..safe_text import json_text


def document(results, summary: dict) -> dict:
    return {"results": [r.to_json() for r in results], "summary": summary}


def dumps(results, summary: dict) -> str:
    return json_text(document(results, summary), indent=1)
