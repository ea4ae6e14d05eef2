"""The web application of `symcheck serve`: pages, HTML fragments and the JSON API (Starlette, Jinja2).

Pages: `/` (check a derivation), `/check` (check an answer), `/grade` (grade a class).
JSON API: `POST /api/verify`, `POST /api/check`, `POST /api/grade` and `GET /api/grade/{id}`,
`/results`, `/export.csv`, `/export.html` (docs/web.md). The pages fetch HTML fragments
(`/fragment/...`) rendered from the same documents by `symcheck.report.html`, the renderer
notebooks use too, and typeset their math with the KaTeX files bundled in `static/katex`.

Every check runs off the event loop (a thread, and inside it killable workers: see
`services` and `jobs`); bodies are size-limited per route; templates autoescape; responses
carry a strict Content-Security-Policy (scripts only from this server); a cross-site POST
is refused, and so is a Host header other than the local names when bound locally.
"""
from __future__ import annotations

import json
from contextlib import asynccontextmanager
from pathlib import Path

import jinja2
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from .. import __version__
from ..report.html import (render_answer, render_derivation, render_grade, render_notice, strip_math_delimiters,
                           stylesheet, summary_text)
from .jobs import MAX_UPLOAD_BYTES, GradeJobs, UploadError
from .services import Busy, Service

HERE = Path(__file__).parent
EXAMPLES = HERE / "examples"
JSON_BODY_BYTES = 256 * 1024
UPLOAD_BODY_BYTES = 2 * MAX_UPLOAD_BYTES + 64 * 1024
LOCAL_HOSTS = ["localhost", "127.0.0.1", "::1", "[::1]"]
SECURITY_HEADERS = [
    (b"content-security-policy", b"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                                 b"font-src 'self' data:; img-src 'self' data:; connect-src 'self'; "
                                 b"frame-ancestors 'none'; base-uri 'none'; form-action 'self'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


class GuardMiddleware:
    """Security headers on every response; a POST whose Origin is another site is refused (403)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.lower(): v for k, v in scope.get("headers", [])}
        origin = headers.get(b"origin")
        if scope["method"] == "POST" and origin is not None and not _same_origin(origin, headers.get(b"host", b"")):
            response = JSONResponse({"error": "cross-site requests are refused"}, status_code=403)
            return await response(scope, receive, self._secure(send))
        return await self.app(scope, receive, self._secure(send))

    @staticmethod
    def _secure(send):
        async def wrapped(message):
            if message["type"] == "http.response.start":
                message = dict(message, headers=list(message.get("headers", [])) + SECURITY_HEADERS)
            await send(message)
        return wrapped


def _same_origin(origin: bytes, host: bytes) -> bool:
    text = origin.decode("latin-1")
    return text.split("://", 1)[-1].rstrip("/") == host.decode("latin-1")


def _templates() -> Jinja2Templates:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(HERE / "templates")), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals["version"] = __version__
    return Jinja2Templates(env=env)


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


async def _json_body(request: Request) -> dict:
    """The request's JSON object, or ValueError with a message for the client."""
    try:
        body = json.loads(await request.body())
    except (ValueError, UnicodeDecodeError):
        raise ValueError("the body must be a JSON object") from None
    if not isinstance(body, dict):
        raise ValueError("the body must be a JSON object")
    return body


def _declarations(value) -> str:
    """`declare` as a string, or a list of lines (as the CLI's repeated --declare)."""
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "\n".join(value)
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    raise ValueError("declare must be a string or a list of strings")


def create_app(*, data: str | Path, db: str | Path | None = None, jobs: int = 2, verify_timeout: float | None = None,
               check_timeout: float | None = None, grade_timeout: float | None = None,
               allowed_hosts: list[str] | None = None, cache_size: int = 4096, warm: bool = True) -> Starlette:
    """The ASGI application. `allowed_hosts=None` accepts any Host header (behind a non-local bind or in tests)."""
    from ..verify import ObligationCache

    options = {k: v for k, v in (("verify_timeout", verify_timeout), ("check_timeout", check_timeout))
               if v is not None}
    service = Service(jobs=jobs, concurrent=jobs, cache=ObligationCache(cache_size), **options)
    grading = GradeJobs(Path(data), Path(db) if db else None, jobs=jobs,
                        **({"timeout": grade_timeout} if grade_timeout else {}))
    templates = _templates()

    @asynccontextmanager
    async def lifespan(app):
        if warm:
            await run_in_threadpool(service.warm_up)
        yield

    # -- pages

    async def verify_page(request: Request):
        example = (EXAMPLES / "derivation.md").read_text(encoding="utf-8")
        return templates.TemplateResponse(request, "verify.html", {"page": "verify", "example": example})

    async def check_page(request: Request):
        return templates.TemplateResponse(request, "check.html", {"page": "check"})

    async def grade_page(request: Request):
        job = grading.get(request.query_params.get("job", ""))
        return templates.TemplateResponse(request, "grade.html", {"page": "grade", "job": job.id if job else ""})

    async def report_css(request: Request):
        return Response(stylesheet(), media_type="text/css")

    async def example_file(request: Request):
        name = request.path_params["name"]
        allowed = {p.name: p for p in EXAMPLES.iterdir() if p.is_file()}
        if name not in allowed:
            return _error(404, "no such example")
        return FileResponse(allowed[name], filename=name)

    # -- checks

    async def _verify(request: Request):
        body = await _json_body(request)
        text = body.get("text")
        if not isinstance(text, str):
            raise ValueError('the body must be {"text": "..."}')
        return await run_in_threadpool(service.verify, text)

    async def _check(request: Request):
        body = await _json_body(request)
        reference, answer = body.get("ref", body.get("reference")), body.get("answer")
        if not isinstance(reference, str) or not isinstance(answer, str):
            raise ValueError('the body must be {"ref": "...", "declare": "...", "answer": "..."}')
        layout = body.get("layout", "numerator")
        status, doc = await run_in_threadpool(service.check, reference, answer, _declarations(body.get("declare")),
                                              layout if isinstance(layout, str) else "")
        return status, doc, reference, answer

    async def api_verify(request: Request):
        try:
            status, doc, facts = await _verify(request)
        except ValueError as exc:
            return _error(400, str(exc))
        except Busy as exc:
            return _error(503, str(exc))
        return JSONResponse(doc, status_code=status, headers=_facts(facts))

    async def api_check(request: Request):
        try:
            status, doc, _, _ = await _check(request)
        except ValueError as exc:
            return _error(400, str(exc))
        except Busy as exc:
            return _error(503, str(exc))
        return JSONResponse(doc, status_code=status)

    async def fragment_verify(request: Request):
        try:
            status, doc, facts = await _verify(request)
        except (ValueError, Busy) as exc:
            return HTMLResponse(_notice(str(exc)), status_code=400 if isinstance(exc, ValueError) else 503)
        return HTMLResponse(str(render_derivation(doc)), status_code=200 if status in (200, 400) else status,
                            headers=_facts(facts, doc))

    async def fragment_check(request: Request):
        try:
            status, doc, reference, answer = await _check(request)
        except (ValueError, Busy) as exc:
            return HTMLResponse(_notice(str(exc)), status_code=400 if isinstance(exc, ValueError) else 503)
        if "error" in doc:
            return HTMLResponse(_notice(doc["error"]), status_code=status)
        return HTMLResponse(str(render_answer(doc, answer_tex=strip_math_delimiters(answer),
                                              reference_tex=strip_math_delimiters(reference))))

    # -- grading

    async def api_grade_create(request: Request):
        try:
            async with request.form(max_files=2, max_fields=4, max_part_size=64 * 1024) as form:
                reference, answers = form.get("reference"), form.get("answers")
                if not hasattr(reference, "read") or not hasattr(answers, "read"):
                    return _error(400, "send two files: reference (.ref/.json) and answers (.csv/.jsonl)")
                parts = (reference.filename, await reference.read(MAX_UPLOAD_BYTES + 1),
                         answers.filename, await answers.read(MAX_UPLOAD_BYTES + 1))
        except Exception as exc:  # malformed multipart (the library's own errors): the client's fault
            if getattr(exc, "status_code", None) == 413:
                raise
            return _error(400, f"cannot read the upload: {exc}")
        try:
            job = await run_in_threadpool(grading.submit, *parts)
        except UploadError as exc:
            return _error(400, str(exc))
        return JSONResponse(job.to_json(), status_code=202)

    def _job(request: Request):
        return grading.get(request.path_params["job"])

    async def api_grade_status(request: Request):
        job = _job(request)
        if job is None:
            return _error(404, "no such grading job (submit the files again: rows graded before keep their verdicts)")
        return JSONResponse(job.to_json())

    async def api_grade_results(request: Request):
        job = _job(request)
        if job is None:
            return _error(404, "no such grading job")
        doc = await run_in_threadpool(grading.document, job)
        return JSONResponse(doc)

    async def api_grade_export(request: Request):
        job = _job(request)
        if job is None:
            return _error(404, "no such grading job")
        kind = request.path_params["kind"]
        if kind not in ("csv", "html"):
            return _error(404, "exports are export.csv and export.html")
        path = await run_in_threadpool(grading.export, job, kind)
        media = "text/csv; charset=utf-8" if kind == "csv" else "text/html; charset=utf-8"
        return FileResponse(path, media_type=media, filename=f"grades-{job.id}.{kind}")

    async def fragment_grade(request: Request):
        job = _job(request)
        if job is None:
            return HTMLResponse(_notice("no such grading job"), status_code=404)

        def render():
            doc = grading.document(job)
            return str(render_grade(doc["rows"], doc["summary"], references=grading.references(job)))
        return HTMLResponse(await run_in_threadpool(render))

    routes = [
        Route("/", verify_page),
        Route("/check", check_page),
        Route("/grade", grade_page),
        Route("/report.css", report_css),
        Route("/examples/{name}", example_file),
        Route("/api/verify", api_verify, methods=["POST"], max_body_size=JSON_BODY_BYTES),
        Route("/api/check", api_check, methods=["POST"], max_body_size=JSON_BODY_BYTES),
        Route("/api/grade", api_grade_create, methods=["POST"], max_body_size=UPLOAD_BODY_BYTES),
        Route("/api/grade/{job}", api_grade_status),
        Route("/api/grade/{job}/results", api_grade_results),
        Route("/api/grade/{job}/export.{kind:str}", api_grade_export),
        Route("/fragment/verify", fragment_verify, methods=["POST"], max_body_size=JSON_BODY_BYTES),
        Route("/fragment/check", fragment_check, methods=["POST"], max_body_size=JSON_BODY_BYTES),
        Route("/fragment/grade/{job}", fragment_grade),
        Mount("/static", app=StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    middleware = [Middleware(GuardMiddleware)]
    if allowed_hosts is not None:
        middleware.insert(0, Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts))
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.service, app.state.grading = service, grading
    return app


def _facts(facts: dict, doc: dict | None = None) -> dict:
    """Response headers telling the page how the check went (time, obligations answered from the cache)."""
    headers = {f"x-symcheck-{k}": str(v) for k, v in facts.items()}
    if doc is not None and "summary" in doc:
        headers["x-symcheck-summary"] = summary_text(doc["summary"]).encode("ascii", "replace").decode()
    return headers


def _notice(message: str) -> str:
    """A one-line message where a report would be (rendered by report.html)."""
    return str(render_notice(message))


__all__ = ["create_app", "LOCAL_HOSTS"]
