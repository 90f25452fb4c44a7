"""Reads bench/workflow.py's JSON on stdin and asserts ratios (never absolute times)."""

from __future__ import annotations

import json
import sys

MIN_EFFICIENCY = 0.9  # critical path / parallel wall time; the target is 0.95 on an idle machine

result = json.load(sys.stdin)
single = result["single"]
problems = []
if single["efficiency"] < MIN_EFFICIENCY:
    problems.append(f"efficiency {single['efficiency']} < {MIN_EFFICIENCY}")
if single["speedup"] < 2:
    problems.append(f"speedup {single['speedup']} < 2 (agents not running in parallel?)")
concurrent = result.get("concurrent")
if concurrent and concurrent["completed"] != concurrent["assessments"]:
    problems.append(f"{concurrent['failed']} of {concurrent['assessments']} assessments failed")
print(json.dumps({"single": single, "concurrent": concurrent, "problems": problems}))
sys.exit(1 if problems else 0)
