#!/usr/bin/env python3
"""Trunk post_build hook: put the service worker at the site's root, stamped with this build.

public/sw.js is copied by trunk to public/sw.js; a worker there could only control public/.
This writes it to sw.js beside index.html with BUILD set to a hash of every built file and
FILES to their list (what the worker keeps for offline use), so each deployment is a new
worker and the app can say that a new version is ready.
"""
import hashlib
import json
import os
import pathlib
import sys

staging = pathlib.Path(os.environ.get("TRUNK_STAGING_DIR", "dist"))
source = staging / "public" / "sw.js"
if not source.exists():
    sys.exit(f"service_worker: {source} not found")

files = sorted(
    p for p in staging.rglob("*")
    if p.is_file() and p.name != "sw.js"
)
digest = hashlib.sha256()
names = ["./"]
for path in files:
    rel = path.relative_to(staging).as_posix()
    digest.update(rel.encode("utf-8") + b"\0" + path.read_bytes())
    if rel != "index.html":
        names.append("./" + rel)

worker = source.read_text(encoding="utf-8")
worker = worker.replace("'__AVOW_BUILD__'", json.dumps(digest.hexdigest()[:16]))
worker = worker.replace("const FILES = ['./'];", "const FILES = " + json.dumps(names) + ";")
if "__AVOW_BUILD__" in worker or "const FILES = ['./']" in worker:
    sys.exit("service_worker: public/sw.js no longer has the placeholders this script fills")
(staging / "sw.js").write_text(worker, encoding="utf-8")
source.unlink()
