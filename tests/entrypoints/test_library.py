from __future__ import annotations

from pathlib import Path

import pytest

import infra_mind
from infra_mind.config import load_settings
from infra_mind.domain.assessment import AssessmentStatus
from tests.factories import example_document


def test_assess_sync_returns_the_typed_outcome(tmp_path: Path) -> None:
    settings = load_settings(storage={"backend": "sqlite"}, data_dir=tmp_path)
    outcome = infra_mind.assess_sync(example_document("retail-recommender"), settings=settings)
    assert outcome.assessment.status is AssessmentStatus.COMPLETED
    assert len(outcome.agent_results) == 11
    assert outcome.recommendations
    assert outcome.total_monthly_cost_usd == pytest.approx(
        sum(b.cost.monthly_total_usd for b in outcome.recommendations)
    )
    assert (tmp_path / "infra-mind.db").exists()


def test_unknown_attributes_are_not_invented() -> None:
    with pytest.raises(AttributeError):
        _ = infra_mind.nothing_here  # type: ignore[attr-defined]
