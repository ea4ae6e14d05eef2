"""`symcheck serve`: the pages and the JSON API over real HTTP, the CLI's documents, and hostile input.

The server is a `symcheck serve` subprocess (tests/conftest.py, one per session). The API
documents are compared with what the CLI prints for the same input: they are built by the
same functions. Hostile input gets its verdict and the server keeps serving.
"""
import io
import json
import os
import threading
import urllib.error
import urllib.request
import uuid
from contextlib import redirect_stdout

import pytest

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")

from symcheck.cli import main  # noqa: E402

EXAMPLES = os.path.join(os.path.dirname(__file__), "..", "symcheck", "web", "examples")
DERIVATION = open(os.path.join(EXAMPLES, "derivation.md"), encoding="utf-8").read()
REF = r"(X^\top X + \lambda I)^{-1} X^\top y"
DECLARE = "X: n×d, y: n, lambda>0"


def request(server, path, payload=None, *, data=None, headers=None, method=None):
    """(status, headers, body bytes) of one request; JSON payloads are encoded here."""
    headers = dict(headers or {})
    if payload is not None:
        data = json.dumps(payload).encode("utf-8")
        headers.setdefault("Content-Type", "application/json")
    req = urllib.request.Request(server.url + path, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(req, timeout=120) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


def post_json(server, path, payload):
    status, headers, body = request(server, path, payload)
    return status, json.loads(body), headers


def cli_json(*argv):
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(list(argv))
    return code, json.loads(out.getvalue())


def _without_times(doc):
    doc = dict(doc)
    doc.pop("seconds", None)
    doc.pop("file", None)
    if "steps" in doc:
        doc["steps"] = [{k: v for k, v in s.items() if k != "seconds"} for s in doc["steps"]]
    return doc


def multipart(files):
    """A multipart/form-data body for {field: (filename, bytes)}."""
    boundary = uuid.uuid4().hex
    parts = []
    for field, (filename, content) in files.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
                     f"Content-Type: application/octet-stream\r\n\r\n".encode() + content + b"\r\n")
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}


# ---------------------------------------------------------------- pages


@pytest.mark.parametrize("path, marker", [("/", b'id="derivation"'), ("/check", b'id="check-form"'),
                                          ("/grade", b'id="grade-form"')])
def test_each_page_loads_with_a_strict_content_security_policy(symcheck_server, path, marker):
    status, headers, body = request(symcheck_server, path)
    assert status == 200 and marker in body
    policy = headers["content-security-policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert b"<script>" not in body and b"cdn" not in body.lower(), "no inline scripts, nothing from a CDN"


def test_the_derivation_page_loads_the_example_escaped(symcheck_server):
    _, _, body = request(symcheck_server, "/")
    assert b"Ridge regression, step by step" in body and b"w^T A^T + w^T A = 2 w^T A" in body


def test_katex_is_served_from_the_package(symcheck_server):
    for path in ("/static/katex/katex.min.js", "/static/katex/katex.min.css",
                 "/static/katex/fonts/KaTeX_Main-Regular.woff2", "/report.css", "/static/app.js"):
        status, _, body = request(symcheck_server, path)
        assert status == 200 and body, path


# ---------------------------------------------------------------- /api/verify


@pytest.mark.slow
def test_api_verify_is_the_verify_json_document_of_the_cli(symcheck_server, tmp_path):
    status, doc, headers = post_json(symcheck_server, "/api/verify", {"text": DERIVATION})
    assert status == 200
    path = tmp_path / "derivation.md"
    path.write_text(DERIVATION, encoding="utf-8")
    code, expected = cli_json("verify", str(path), "--json", "--timeout", "6")
    assert code == 1 and doc["file"] == "<text>"
    assert _without_times(doc) == _without_times(expected)
    assert doc["first_wrong"]["line"] == 14
    assert int(headers["x-symcheck-obligations"]) >= len(doc["steps"])


def test_a_one_step_edit_is_rechecked_from_the_cache_except_that_step(symcheck_server):
    post_json(symcheck_server, "/api/verify", {"text": DERIVATION})
    edited = DERIVATION.replace("w^T A^T + w^T A = 2 w^T A", "w^T A^T + w^T A = w^T (A + A^T)")
    status, doc, headers = post_json(symcheck_server, "/api/verify", {"text": edited})
    assert status == 200 and doc["first_wrong"] is None
    obligations, cached = int(headers["x-symcheck-obligations"]), int(headers["x-symcheck-cached"])
    assert cached == obligations - 1, "only the edited step was checked again"


def test_api_verify_header_error_is_the_cli_document(symcheck_server, tmp_path):
    text = "```symcheck\nX: matrix n×\n```\n\n$$X = X$$\n"
    status, doc, _ = post_json(symcheck_server, "/api/verify", {"text": text})
    path = tmp_path / "bad.md"
    path.write_text(text, encoding="utf-8")
    code, expected = cli_json("verify", str(path), "--json")
    assert status == 400 and code == 2
    assert doc["error"] == expected["error"]


# ---------------------------------------------------------------- /api/check


def test_api_check_is_the_check_json_document_of_the_cli(symcheck_server):
    answer = r"2(X^\top X + \lambda I)^{-1} X^\top y"
    status, doc, _ = post_json(symcheck_server, "/api/check", {"ref": REF, "declare": DECLARE, "answer": answer})
    code, expected = cli_json("check", "--ref", REF, "--declare", DECLARE, answer, "--json")
    assert status == 200 and code == 1
    for key in ("status", "hint", "detail", "counterexample", "parsed", "method"):
        assert doc[key] == expected[key], key
    assert doc["status"] == "not_equivalent" and doc["hint"].startswith("off by a factor 2")


def test_api_check_accepts_declarations_as_a_list_and_proves_an_equivalent_answer(symcheck_server):
    status, doc, _ = post_json(symcheck_server, "/api/check", {
        "ref": REF, "declare": ["X: n×d, y: n", "lambda > 0"], "answer": r"X^\top (X X^\top + \lambda I)^{-1} y"})
    assert status == 200 and doc["status"] == "equivalent"


def test_a_reference_that_cannot_be_used_is_a_400_with_the_cli_message(symcheck_server, capsys):
    status, doc, _ = post_json(symcheck_server, "/api/check", {"ref": "(X^\\top X", "declare": "X: n×d",
                                                               "answer": "X"})
    assert status == 400 and doc["error"].startswith("the reference cannot be used: ")
    assert main(["check", "--ref", "(X^\\top X", "--declare", "X: n×d", "X"]) == 2
    assert "the reference cannot be used: " + doc["error"].split(": ", 1)[1] in capsys.readouterr().err


@pytest.mark.parametrize("payload, message", [
    ([1, 2], "JSON object"), ({"text": 3}, '{"text"'), ({"ref": "x"}, '{"ref"'),
    ({"ref": "x", "answer": "x", "declare": 5}, "declare must be"),
    ({"ref": "x", "answer": "x", "layout": "sideways"}, "layout must be")])
def test_malformed_requests_get_a_400_with_a_reason(symcheck_server, payload, message):
    path = "/api/verify" if isinstance(payload, dict) and "text" in payload or isinstance(payload, list) \
        else "/api/check"
    status, doc, _ = post_json(symcheck_server, path, payload)
    assert status == 400 and message in doc["error"]


# ---------------------------------------------------------------- hostile input


HOSTILE_ANSWERS = [
    r"\input{/etc/passwd}", "__import__('os').system('touch /tmp/pwned')", r"x^{10^{10^{10}}}",
    "{" * 3000 + "x" + "}" * 3000, "(" * 5000, "x\x00y", r"\def\x{\x}\x", "<script>alert(1)</script>",
    "A" * 5000, r"\begin{bmatrix}" + "x & " * 1000 + r"\end{bmatrix}",
]


@pytest.mark.parametrize("answer", HOSTILE_ANSWERS)
def test_a_hostile_answer_gets_a_verdict_and_the_server_keeps_serving(symcheck_server, answer):
    status, doc, _ = post_json(symcheck_server, "/api/check", {"ref": "x + 1", "declare": "x: scalar",
                                                               "answer": answer})
    assert status == 200 and doc["status"] in ("rejected", "unparseable", "timeout", "unknown", "not_equivalent",
                                               "ill_typed")
    assert not os.path.exists("/tmp/pwned")
    status, doc, _ = post_json(symcheck_server, "/api/check", {"ref": "x + 1", "declare": "x: scalar",
                                                               "answer": "1 + x"})
    assert status == 200 and doc["status"] == "equivalent" and symcheck_server.alive()


def test_hostile_text_is_escaped_in_the_fragments(symcheck_server):
    text = "```symcheck\nx: scalar\n```\n\n$$x <script>alert(1)</script> = x$$\n\n$$x = x + 0$$\n"
    status, _, body = request(symcheck_server, "/fragment/verify", {"text": text})
    assert status == 200 and b"<script" not in body and b"&lt; script" in body and b"script &gt; alert" in body
    status, _, body = request(symcheck_server, "/fragment/check", {"ref": "x", "declare": "x: scalar",
                                                                   "answer": "<img src=x onerror=alert(1)>"})
    assert status == 200 and b"<img" not in body


@pytest.mark.slow
def test_a_slow_hostile_step_becomes_unknown_and_does_not_block_other_requests(symcheck_server):
    slow = "```symcheck\nx: scalar > 0\n```\n\n$$x + 2^{10^{10^{10}}} = 2^{10^{10^{10}}} + x$$\n"
    result = {}
    worker = threading.Thread(target=lambda: result.update(doc=post_json(symcheck_server, "/api/verify",
                                                                         {"text": slow})[1]))
    worker.start()
    try:
        status, _, _ = request(symcheck_server, "/check")
        answered_while_busy = worker.is_alive()
        status_check, doc, _ = post_json(symcheck_server, "/api/check", {"ref": "x", "declare": "x: scalar",
                                                                         "answer": "x"})
    finally:
        worker.join(120)
    assert status == 200 and status_check == 200 and doc["status"] == "equivalent"
    assert answered_while_busy, "a page was served while the slow step was being checked"
    assert [s["status"] for s in result["doc"]["steps"]] == ["unknown"]


def test_size_limits(symcheck_server):
    status, doc, _ = post_json(symcheck_server, "/api/verify", {"text": "x" * 120_000})
    assert status == 413 and "too long" in doc["error"]["message"]
    status, _, _ = request(symcheck_server, "/api/verify", data=b"{" + b" " * 300_000 + b"}",
                           headers={"Content-Type": "application/json"})
    assert status == 413
    many = "```symcheck\nx: scalar\n```\n\n" + "".join(f"$$x = x + {k} - {k}$$\n\n" for k in range(205))
    status, doc, _ = post_json(symcheck_server, "/api/verify", {"text": many})
    assert status == 413 and "too many steps" in doc["error"]["message"]


def test_cross_site_posts_and_foreign_host_names_are_refused(symcheck_server):
    status, _, _ = request(symcheck_server, "/api/check", {"ref": "x", "answer": "x"},
                           headers={"Origin": "https://evil.example"})
    assert status == 403
    status, _, _ = request(symcheck_server, "/", headers={"Host": "evil.example"})
    assert status == 400        # a DNS-rebinding page cannot read the local server
    status, _, _ = request(symcheck_server, "/api/check", {"ref": "x", "declare": "x: scalar", "answer": "x"},
                           headers={"Origin": symcheck_server.url})
    assert status == 200


# ---------------------------------------------------------------- /api/grade


def _files(reference="homework.ref", answers="answers.csv"):
    read = lambda name: open(os.path.join(EXAMPLES, name), "rb").read()
    return {"reference": (reference, read("homework.ref")), "answers": (answers, read("answers.csv"))}


def _grade(server, files):
    body, headers = multipart(files)
    status, _, raw = request(server, "/api/grade", data=body, headers=headers)
    job = json.loads(raw)
    if status != 202:
        return status, job
    for _ in range(600):
        status, job, _ = post_json_get(server, f"/api/grade/{job['id']}")
        if job["status"] in ("finished", "failed"):
            return status, job
        threading.Event().wait(0.2)
    raise AssertionError("the grading job did not finish")


def post_json_get(server, path):
    status, headers, body = request(server, path)
    return status, json.loads(body), headers


@pytest.mark.slow
def test_a_grading_job_is_the_cli_grade_and_resumes_without_grading_twice(symcheck_server, tmp_path):
    status, job = _grade(symcheck_server, _files())
    assert status == 200 and job["status"] == "finished", job
    assert job["rows"] == 15 and job["progress"] == 1.0
    _, results, _ = post_json_get(symcheck_server, job["results"])
    assert len(results["rows"]) == 15
    code, expected = cli_json("grade", os.path.join(EXAMPLES, "homework.ref"), os.path.join(EXAMPLES, "answers.csv"),
                              "--db", str(tmp_path / "cli.sqlite"), "--json", "--no-progress", "--timeout", "6")
    assert code == 0 and results["summary"] == expected["summary"]
    verdicts = {(r["student"], r["question"]): r["status"] for r in results["rows"]}
    assert verdicts[("cleo", "ridge")] == "not_equivalent" and verdicts[("eve", "grad")] == "rejected"
    again_status, again = _grade(symcheck_server, _files())
    assert again["id"] == job["id"] and again["status"] == "finished"
    assert again["report"]["graded"] == 0 and again["report"]["already"] == 15, "resumed: nothing graded twice"


def test_grading_exports_and_the_results_fragment(symcheck_server):
    _, job = _grade(symcheck_server, _files())
    status, headers, body = request(symcheck_server, job["exports"]["csv"])
    assert status == 200 and "attachment" in headers["content-disposition"]
    assert body.decode().splitlines()[0].startswith("student,question,answer,status")
    status, headers, body = request(symcheck_server, job["exports"]["html"])
    assert status == 200 and b"<table>" in body and b"<script" not in body
    status, _, body = request(symcheck_server, f"/fragment/grade/{job['id']}")
    assert status == 200 and b'id="sc-student-table"' in body and body.count(b"<tr data-student=") == 5
    status, _, _ = request(symcheck_server, f"/api/grade/{job['id']}/export.exe")
    assert status == 404


def test_a_broken_reference_fails_the_job_with_a_reason_and_wrong_files_are_refused(symcheck_server):
    body, headers = multipart({"reference": ("bad.ref", b"[q]\nanswer: (x\ndeclare: x: scalar\n"),
                               "answers": ("a.csv", b"student,question,answer\ns,q,x\n")})
    status, _, raw = request(symcheck_server, "/api/grade", data=body, headers=headers)
    job_id = json.loads(raw)["id"]
    for _ in range(300):
        _, job, _ = post_json_get(symcheck_server, f"/api/grade/{job_id}")
        if job["status"] in ("finished", "failed"):
            break
        threading.Event().wait(0.2)
    assert job["status"] == "failed" and "question [q]" in job["error"]
    body, headers = multipart({"reference": ("ref.exe", b"x"), "answers": ("a.csv", b"student,question,answer\n")})
    status, _, raw = request(symcheck_server, "/api/grade", data=body, headers=headers)
    assert status == 400 and "reference must be" in json.loads(raw)["error"]
    status, _, _ = request(symcheck_server, "/api/grade/nosuchjob")
    assert status == 404
