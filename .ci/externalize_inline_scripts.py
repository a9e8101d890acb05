#!/usr/bin/env python3
"""Trunk post_build hook: move every inline <script> of the built index.html into its own file.

Avow's Content Security Policy (index.html) allows script only from the app's own origin, so
the inline module trunk writes to start the wasm (and, under `trunk serve`, its live-reload
script) would be refused by the browser. Each inline script becomes `boot-<hash>.js` beside
index.html, referenced by `src`, with its other attributes kept.
"""
import hashlib
import os
import pathlib
import re
import sys

staging = pathlib.Path(os.environ.get("TRUNK_STAGING_DIR", "dist"))
index = staging / "index.html"
if not index.exists():
    sys.exit(f"externalize_inline_scripts: {index} not found")

html = index.read_text(encoding="utf-8")
public_url = os.environ.get("TRUNK_PUBLIC_URL", "/")
if not public_url.endswith("/"):
    public_url += "/"

INLINE = re.compile(r"<script(?P<attrs>(?:(?!\bsrc=)[^>])*)>(?P<body>.*?)</script>", re.S)


def externalize(match: re.Match) -> str:
    body = match.group("body")
    if not body.strip():
        return match.group(0)
    name = "boot-" + hashlib.sha256(body.encode("utf-8")).hexdigest()[:16] + ".js"
    (staging / name).write_text(body, encoding="utf-8")
    attrs = match.group("attrs")
    return f'<script{attrs} src="{public_url}{name}"></script>'


index.write_text(INLINE.sub(externalize, html), encoding="utf-8")
