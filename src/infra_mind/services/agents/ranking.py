"""Synthesis ranking: impact, cost against the budget, risk and urgency on 0–1 scales."""

from __future__ import annotations

from infra_mind.domain.recommendation import Scores
from infra_mind.services.agents.merge import Candidate

WEIGHTS = {"impact": 0.4, "cost": 0.2, "risk": 0.2, "urgency": 0.2}
RANKING_FORMULA = (
    "total = 0.4 × impact + 0.2 × cost + 0.2 × (1 − risk) + 0.2 × urgency; "
    "cost = 1 − min(1, monthly / budget); urgency = priority weight / 4"
)


def score(c: Candidate, budget: float) -> Scores:
    d = c.draft
    cost = 1 - min(1.0, c.monthly_usd / budget)
    urgency = d.urgency.weight / 4
    total = (
        WEIGHTS["impact"] * d.impact
        + WEIGHTS["cost"] * cost
        + WEIGHTS["risk"] * (1 - d.risk)
        + WEIGHTS["urgency"] * urgency
    )
    return Scores(impact=d.impact, cost=cost, risk=d.risk, urgency=urgency, total=total)


def rank(candidates: list[Candidate], budget: float) -> list[tuple[Scores, Candidate]]:
    """Best total first; ties broken by key so the order is deterministic."""
    scored = [(score(c, budget), c) for c in candidates]
    scored.sort(key=lambda x: (-x[0].total, x[1].draft.key))
    return scored
