"""The local web page of `symcheck serve`: Starlette app, page templates, static files (KaTeX bundled).

`app` builds the ASGI application (imports Starlette); `services` runs derivation and
answer checks on untrusted text in workers; `jobs` runs grading jobs. Importing this
package imports nothing else, so the rest of symcheck never loads the web stack.
"""
