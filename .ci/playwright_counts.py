#!/usr/bin/env python3
"""Prints `passed failed` from a Playwright JSON report (0 1 when there is none)."""
import json
import sys

try:
    stats = json.load(open(sys.argv[1], encoding="utf-8"))["stats"]
except (OSError, ValueError, KeyError):
    print("0 1")
    sys.exit(0)
print(stats.get("expected", 0) + stats.get("flaky", 0), stats.get("unexpected", 0))
