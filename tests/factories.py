"""Test data built from the shipped examples (never invented per test)."""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml

from infra_mind.domain.input import AssessmentInput

EXAMPLES = ("eu-healthcare-support-bot", "fintech-fraud-model", "retail-recommender")


def example_document(name: str = "fintech-fraud-model") -> dict[str, Any]:
    text = resources.files("infra_mind.examples").joinpath(f"{name}.yaml").read_text()
    doc: dict[str, Any] = yaml.safe_load(text)
    return doc


def example_input(name: str = "fintech-fraud-model") -> AssessmentInput:
    return AssessmentInput.model_validate(example_document(name))
