"""Grounded chat over an assessment's stored results: answers cite the facts they used."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from infra_mind.domain.money import total
from infra_mind.domain.workflow import SYNTHESIS
from infra_mind.ports.llm import Purpose
from infra_mind.ports.repositories import AgentResultRepository, RecommendationRepository
from infra_mind.services.agents.chatbot import flatten
from infra_mind.services.agents.narration import Narrator

CHAT_INSTRUCTIONS = (
    "Answer the question only from the facts; cite the fact keys in brackets; "
    "say so when the facts do not answer it."
)


@dataclass(frozen=True)
class ChatAnswer:
    answer: str
    citations: list[str] = field(default_factory=list)
    provider: str = ""
    model: str = ""


class ChatService:
    def __init__(
        self,
        results: AgentResultRepository,
        recommendations: RecommendationRepository,
        narrator: Narrator,
    ) -> None:
        self._results, self._recs, self._narrator = results, recommendations, narrator

    async def ask(self, tenant_id: str, assessment_id: str, question: str) -> ChatAnswer:
        results = [r for r in await self._results.list(tenant_id, assessment_id) if r.ok]
        bundles = await self._recs.list_bundles(tenant_id, assessment_id)
        synthesis = next((r.facts for r in results if r.node == SYNTHESIS), {})
        # The plan's one total first: every other total in the facts is made of the same items.
        facts: dict[str, Any] = {
            "outcome": {
                "total_monthly_cost_usd": total(b.cost.monthly_total_usd for b in bundles),
                "feasibility": synthesis.get("feasibility", {}).get("status", "not assessed"),
                "budget_monthly_usd": synthesis.get("budget_monthly_usd"),
            }
        }
        facts |= {r.node: r.facts for r in results}
        facts["recommendations"] = [
            {
                "rank": b.recommendation.rank,
                "title": b.recommendation.title,
                "monthly_usd": b.cost.monthly_total_usd,
                "verdict": b.compliance.verdict.value,
                "weeks": b.plan.total_weeks,
            }
            for b in bundles
        ]
        narration = await self._narrator.narrate(
            tenant_id=tenant_id,
            assessment_id=assessment_id,
            agent="chat",
            instructions=CHAT_INSTRUCTIONS,
            facts=facts,
            user_text={"question": question},
            purpose=Purpose.CHAT,
        )
        keys = {e["key"] for e in flatten(facts)}
        cited = [k for k in keys if f"[{k}]" in narration.text]
        return ChatAnswer(narration.text, sorted(cited), narration.provider, narration.model)
