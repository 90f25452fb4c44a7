"""Dumps every figure of the workflow's output for the shipped examples and for inputs varied
from them (seeded, reproducible), so a change that must not move a number can be checked:

    python bench/golden.py dump before.json      # with the old code
    python bench/golden.py dump after.json       # with the new code
    python bench/golden.py compare before.json after.json

The output is every node's facts, narrative and every recommendation bundle, minus ids and
timestamps (``tests/unit/services/agents/harness.normalised``)."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path
from typing import Any

import anyio

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.factories import EXAMPLES, example_document
from tests.unit.services.agents.harness import KB, run, without_identity

from infra_mind.domain.input import AssessmentInput

VARIED = 24
TRAFFIC_SCALES = (0.1, 0.5, 1.0, 2.0, 4.0)
PRECISIONS = (None, "bf16", "fp16", "fp8", "int8", "int4")
CLOUDS = ("aws", "azure", "gcp")


def varied_document(rng: random.Random) -> dict[str, Any]:
    """A shipped example with traffic, budget, residency, clouds, model and precision varied
    (the same variations as the property tests' ``inputs`` strategy)."""
    doc = example_document(rng.choice(EXAMPLES))
    scale = rng.choice(TRAFFIC_SCALES)
    for w in doc["technical"]["ai_workloads"]:
        inf = w.get("inference")
        if inf is not None:
            inf["requests_per_s_avg"] *= scale
            inf["requests_per_s_peak"] *= scale
    b = doc["business"]
    b["budget"]["monthly_limit_usd"] = rng.randint(500, 200_000)
    residency = rng.choice(("EU", "US", None))
    if residency is None:
        b.pop("data_residency", None)
    else:
        b["data_residency"] = [residency]
        if residency not in b["operating_regions"]:
            b["operating_regions"] = [*b["operating_regions"], residency]
    b["preferred_clouds"] = rng.sample(CLOUDS, rng.randint(0, 3))
    family, params_b = rng.choice(sorted({(m.family, m.params_b) for m in KB.open_models}))
    precision = rng.choice(PRECISIONS)
    for w in doc["technical"]["ai_workloads"]:
        if w["model"].get("parameters_b") is None:
            continue
        w["model"] |= {"family": family, "parameters_b": params_b}
        w.pop("precision", None)
        if precision is not None:
            w["precision"] = precision
    return doc


def cases() -> dict[str, AssessmentInput]:
    out = {name: AssessmentInput.model_validate(example_document(name)) for name in EXAMPLES}
    rng = random.Random(13)
    for i in range(VARIED):
        out[f"varied-{i:02d}"] = AssessmentInput.model_validate(varied_document(rng))
    return out


def dump_one(data: AssessmentInput) -> dict[str, Any]:
    r = anyio.run(run, data)
    return {
        "results": {
            res.node: without_identity(
                res.model_dump(mode="json", exclude={"duration_ms", "created_at", "assessment_id"})
            )
            for res in r.results
        },
        "bundles": [without_identity(b.model_dump(mode="json")) for b in r.bundles],
    }


def main() -> None:
    command, *paths = sys.argv[1:]
    if command == "dump":
        dumped = {name: dump_one(data) for name, data in cases().items()}
        Path(paths[0]).write_text(json.dumps(dumped, indent=1, sort_keys=True))
        return
    before, after = (json.loads(Path(p).read_text()) for p in paths)
    differing = [name for name in before if before[name] != after.get(name)]
    print(
        json.dumps(
            {
                "cases": len(before),
                "identical": len(before) - len(differing),
                "differing": differing,
            }
        )
    )
    sys.exit(1 if differing else 0)


if __name__ == "__main__":
    main()
