from __future__ import annotations

from pathlib import Path

import pytest

import infra_mind
from infra_mind.config import load_settings
from infra_mind.container import build_container, resolve, running_container
from infra_mind.domain.assessment import AssessmentStatus
from infra_mind.domain.errors import Overloaded
from infra_mind.entrypoints.library import run_in_container
from tests.factories import example_document, example_input


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


@pytest.mark.anyio
async def test_a_full_queue_makes_the_library_wait_and_submit_again(tmp_path: Path) -> None:
    settings = load_settings(
        storage={"backend": "sqlite"},
        data_dir=tmp_path,
        admission={"max_queued": 1, "refresh_s": 0.1, "assumed_completions_per_s": 5},
    )
    container = build_container(settings)
    waits: list[Overloaded] = []
    async with running_container(container):
        service = await resolve(container.services.assessment_service)
        await service.submit("default", example_input("eu-healthcare-support-bot"))

        outcome = await run_in_container(
            container, example_input("eu-healthcare-support-bot"), on_overloaded=waits.append
        )

    assert (outcome.assessment.status, len(waits) >= 1) == (AssessmentStatus.COMPLETED, True)
