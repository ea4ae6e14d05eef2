/* symcheck serve: the pages' behaviour. No inline scripts (the Content-Security-Policy allows only this file
   and KaTeX). Results are HTML fragments rendered by the server (symcheck.report.html); this file inserts them
   and typesets their math with KaTeX. */
"use strict";

const $ = (selector, root = document) => root.querySelector(selector);

function typeset(root) {
  if (!window.katex) return;
  root.querySelectorAll(".sc-math").forEach((el) => {
    const tex = el.dataset.tex;
    if (tex === undefined || tex === "") return;
    try {
      katex.render(tex, el, {throwOnError: false, displayMode: el.classList.contains("sc-display"),
                             trust: false, strict: "ignore", maxExpand: 500, maxSize: 20});
    } catch (e) { /* leave the TeX source visible */ }
  });
}

async function postJSON(url, payload) {
  return fetch(url, {method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(payload)});
}

function setStatus(el, text, busy) {
  el.textContent = text;
  el.classList.toggle("busy", !!busy);
}

/* ---------------------------------------------------------------- Check a derivation */

function verifyPage() {
  const textarea = $("#derivation"), out = $("#verify-results"), status = $("#verify-status");
  const live = $("#live"), button = $("#verify-button");
  let timer = null, inflight = false, again = false;

  async function run() {
    if (inflight) { again = true; return; }
    inflight = true;
    const text = textarea.value;
    setStatus(status, "checking…", true);
    try {
      const response = await postJSON("/fragment/verify", {text});
      out.innerHTML = await response.text();
      typeset(out);
      const seconds = response.headers.get("x-symcheck-seconds");
      const cached = response.headers.get("x-symcheck-cached");
      const total = response.headers.get("x-symcheck-obligations");
      setStatus(status, response.ok ? `checked in ${seconds} s` + (cached && +cached ? ` (${cached} of ${total} obligations unchanged, from the cache)` : "")
                                     : `not checked (${response.status})`, false);
      out.dataset.checkedText = text;
    } catch (e) {
      setStatus(status, "the server did not answer", false);
    } finally {
      inflight = false;
      if (again) { again = false; run(); }
    }
  }

  textarea.addEventListener("input", () => {
    if (!live.checked) return;
    clearTimeout(timer);
    timer = setTimeout(run, 700);
  });
  button.addEventListener("click", () => { clearTimeout(timer); run(); });
  out.addEventListener("click", (event) => {       // a step's line number selects that line in the editor
    const line = event.target.closest(".sc-line");
    const step = event.target.closest(".sc-step");
    if (!line || !step) return;
    const number = +step.dataset.line, lines = textarea.value.split("\n");
    const start = lines.slice(0, number - 1).join("\n").length + (number > 1 ? 1 : 0);
    textarea.focus();
    textarea.setSelectionRange(start, start + (lines[number - 1] || "").length);
  });
  run();
}

/* ---------------------------------------------------------------- Check an answer */

function checkPage() {
  const form = $("#check-form"), out = $("#check-result"), status = $("#check-status");
  const answer = $("#answer"), preview = $("#answer-preview");

  function showPreview() {
    preview.dataset.tex = answer.value.replace(/^\s*\$+|\$+\s*$/g, "");
    preview.textContent = "";
    typeset(preview.parentElement);
  }
  answer.addEventListener("input", showPreview);
  showPreview();

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const payload = {ref: $("#ref").value, declare: $("#declare").value, answer: answer.value,
                     layout: $("#layout").value};
    $("#check-button").disabled = true;
    setStatus(status, "checking…", true);
    try {
      const response = await postJSON("/fragment/check", payload);
      out.innerHTML = await response.text();
      typeset(out);
      setStatus(status, response.ok ? "checked" : `not checked (${response.status})`, false);
    } catch (e) {
      setStatus(status, "the server did not answer", false);
    } finally {
      $("#check-button").disabled = false;
    }
  });
}

/* ---------------------------------------------------------------- Grade a class */

function sortable(root) {
  root.querySelectorAll("table.sc-sortable").forEach((table) => {
    table.querySelectorAll("thead th").forEach((th, column) => {
      th.tabIndex = 0;
      const sort = () => {
        const ascending = th.getAttribute("aria-sort") !== "ascending";
        table.querySelectorAll("thead th").forEach((other) => other.removeAttribute("aria-sort"));
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        const numeric = th.dataset.type === "number";
        const body = table.tBodies[0];
        const rows = Array.from(body.rows);
        const key = (row) => {
          const value = row.cells[column].dataset.value ?? row.cells[column].textContent;
          return numeric ? parseFloat(value) : value.toLowerCase();
        };
        rows.sort((a, b) => {
          const x = key(a), y = key(b);
          const order = numeric ? x - y : x.localeCompare(y, undefined, {numeric: true});
          return ascending ? order : -order;
        });
        rows.forEach((row) => body.appendChild(row));
      };
      th.addEventListener("click", sort);
      th.addEventListener("keydown", (event) => { if (event.key === "Enter") sort(); });
    });
  });
}

function gradePage() {
  const form = $("#grade-form"), status = $("#grade-status"), results = $("#grade-results");
  const progress = $("#grade-progress"), bar = $("#grade-bar"), count = $("#grade-count");
  const downloads = $("#grade-downloads"), detail = $("#cell-detail");

  async function showResults(job) {
    const response = await fetch(`/fragment/grade/${job.id}`);
    results.innerHTML = await response.text();
    sortable(results);
    $("#export-csv").href = job.exports.csv;
    $("#export-html").href = job.exports.html;
    $("#export-json").href = job.results;
    downloads.hidden = false;
  }

  async function follow(job) {
    progress.hidden = false;
    for (;;) {
      const response = await fetch(`/api/grade/${job.id}`);
      if (!response.ok) { setStatus(status, (await response.json()).error, false); return; }
      job = await response.json();
      bar.value = job.progress;
      count.textContent = job.status === "finished" ? `${job.rows} answers graded`
        : job.total ? `${job.done} / ${job.total} answers` : job.status + "…";
      if (job.status === "finished") {
        setStatus(status, "graded", false);
        history.replaceState(null, "", `/grade?job=${job.id}`);
        await showResults(job);
        return;
      }
      if (job.status === "failed") { setStatus(status, job.error, false); return; }
      await new Promise((resolve) => setTimeout(resolve, 400));
    }
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    $("#grade-button").disabled = true;
    results.innerHTML = "";
    downloads.hidden = true;
    detail.hidden = true;
    setStatus(status, "uploading…", true);
    try {
      const response = await fetch("/api/grade", {method: "POST", body: data});
      const job = await response.json();
      if (!response.ok) { setStatus(status, job.error, false); return; }
      setStatus(status, "grading…", true);
      await follow(job);
    } catch (e) {
      setStatus(status, "the server did not answer", false);
    } finally {
      $("#grade-button").disabled = false;
    }
  });

  results.addEventListener("click", (event) => {
    const button = event.target.closest(".sc-cell-button");
    if (!button) return;
    const source = document.getElementById(button.dataset.detail);
    if (!source) return;
    detail.innerHTML = '<div class="symcheck-report">' + source.innerHTML + "</div>";
    detail.hidden = false;
    typeset(detail);
  });

  if (form.dataset.job) follow({id: form.dataset.job});
}

document.addEventListener("DOMContentLoaded", () => {
  const page = document.body.dataset.page;
  if (page === "verify") verifyPage();
  else if (page === "check") checkPage();
  else if (page === "grade") gradePage();
});
