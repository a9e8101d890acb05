#!/usr/bin/env python3
"""Trunk post_build hook: minify the wasm-bindgen JS glue with terser.

Trunk 0.21's own JS minifier fails on wasm-bindgen's output ("Failed to minify JS") and ships
it as it is; the size budget counts it. terser (an npm package of e2e/, installed by
.ci/setup) does it instead, and the `integrity` hash trunk wrote for the file in index.html is
written anew. Without terser (set-up not run yet) the file stays as it is, with a warning.
"""
import base64
import hashlib
import os
import pathlib
import re
import subprocess
import sys

root = pathlib.Path(__file__).resolve().parent.parent
terser = root / "e2e" / "node_modules" / "terser" / "bin" / "terser"
staging = pathlib.Path(os.environ.get("TRUNK_STAGING_DIR", "dist"))
profile = os.environ.get("TRUNK_PROFILE", "release")
index = staging / "index.html"

if profile != "release":
    sys.exit(0)
if not terser.exists():
    print(f"minify_js: {terser} not found (run bash .ci/setup); the JS stays unminified", file=sys.stderr)
    sys.exit(0)

html = index.read_text(encoding="utf-8")
for script in staging.glob("avow-*.js"):
    subprocess.run(
        ["node", str(terser), str(script), "--module", "--compress", "--mangle", "-o", str(script)],
        check=True,
    )
    digest = base64.b64encode(hashlib.sha384(script.read_bytes()).digest()).decode()
    # The integrity attribute of the element naming this file (either attribute order).
    pattern = re.compile(r"(<[^>]*" + re.escape(script.name) + r"[^>]*?integrity=)(\"?)sha384-[A-Za-z0-9+/=]+\2")
    html, count = pattern.subn(lambda m: f"{m.group(1)}{m.group(2)}sha384-{digest}{m.group(2)}", html)
    if count == 0:
        pattern = re.compile(r"(integrity=)(\"?)sha384-[A-Za-z0-9+/=]+\2([^>]*" + re.escape(script.name) + ")")
        html, count = pattern.subn(lambda m: f"{m.group(1)}{m.group(2)}sha384-{digest}{m.group(2)}{m.group(3)}", html)
    print(f"minify_js: {script.name} minified ({count} integrity hash updated)", file=sys.stderr)
index.write_text(html, encoding="utf-8")
