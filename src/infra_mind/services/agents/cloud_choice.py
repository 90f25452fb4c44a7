"""The choice of cloud: home unless another is clearly cheaper, with the runner-up."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from infra_mind.domain.input import AssessmentInput
from infra_mind.domain.knowledge.models import Provider
from infra_mind.domain.money import cents
from infra_mind.services.agents.provider_plan import ProviderPlan

CLOUD_SWITCH_SAVING = 0.20
"""Policy: the home cloud (the first preferred cloud the team already runs on, else the first
preferred) is kept unless another considered cloud is cheaper by more than 20 % of the home
cloud's monthly run cost. Below that, migration work, re-skilling and dual running during the
cut-over (not priced here) typically eat the saving within a 12-24 month plan; a stated
assumption, not a measurement."""


@dataclass(frozen=True)
class Choice:
    """The chosen plan, why, and the runner-up with its monthly difference (positive: the
    runner-up costs more)."""

    plan: ProviderPlan | None
    reason: str
    home: Provider | None
    runner_up: Provider | None = None
    runner_up_monthly_usd: float | None = None
    runner_up_delta_usd: float | None = None
    runner_up_delta_pct: float | None = None
    runner_up_considered: bool | None = None

    def facts(self) -> dict[str, Any]:
        return {
            "home_cloud": self.home,
            "switch_saving_threshold_pct": CLOUD_SWITCH_SAVING * 100,
            "runner_up": self.runner_up,
            "runner_up_considered": self.runner_up_considered,
            "runner_up_monthly_usd": self.runner_up_monthly_usd,
            "runner_up_delta_usd": self.runner_up_delta_usd,
            "runner_up_delta_pct": self.runner_up_delta_pct,
        }


def home_cloud(data: AssessmentInput, considered: tuple[Provider, ...]) -> Provider | None:
    """The first considered cloud the team already runs on, else the first considered."""
    current = {p.value for p in data.technical.current_clouds}
    return next((p for p in considered if p in current), considered[0] if considered else None)


def choose_plan(
    plans: list[ProviderPlan], considered: tuple[Provider, ...], home: Provider | None
) -> Choice:
    """The home cloud unless another considered cloud is cheaper by more than
    ``CLOUD_SWITCH_SAVING``; the cheapest feasible considered cloud when home is infeasible; the
    cheapest feasible other provider when none considered is. The runner-up is the cheapest
    other feasible plan of the same pool, with its difference to the chosen one."""
    feasible = [p for p in plans if p.total_monthly_usd is not None]
    preferred = [p for p in feasible if p.provider in considered]
    pool = preferred or feasible
    if not pool:
        return Choice(None, "no provider has a feasible deployment within the constraints", home)
    cheapest = min(pool, key=lambda p: (p.total_monthly_usd or 0.0, p.provider))
    at_home = next((p for p in pool if p.provider == home), None)
    cost = cheapest.total_monthly_usd or 0.0
    if at_home is not None:
        home_cost = at_home.total_monthly_usd or 0.0
        saving = (home_cost - cost) / home_cost if home_cost else 0.0
        if saving > CLOUD_SWITCH_SAVING:
            chosen, why = (
                cheapest,
                (
                    f"{cheapest.provider} is {saving:.0%} cheaper than the home cloud {home}, more "
                    f"than the {CLOUD_SWITCH_SAVING:.0%} switch threshold"
                ),
            )
        else:
            chosen = at_home
            why = f"home cloud {home} (current/first preferred)" + (
                f"; {cheapest.provider} is only {saving:.0%} cheaper, within the "
                f"{CLOUD_SWITCH_SAVING:.0%} switch threshold"
                if cheapest is not at_home
                else "; also the cheapest feasible considered cloud"
            )
    elif preferred:
        chosen = cheapest
        why = (
            f"home cloud {home} is infeasible; cheapest feasible of the considered clouds "
            f"({', '.join(considered)})"
        )
    else:
        chosen = cheapest
        why = f"none of {', '.join(considered)} is feasible; cheapest feasible other provider"
    # The runner-up comes from the same pool; with a single considered cloud, from the others.
    others = [p for p in pool if p is not chosen] or [p for p in feasible if p is not chosen]
    runner = min(others, key=lambda p: (p.total_monthly_usd or 0.0, p.provider), default=None)
    if runner is None or runner.total_monthly_usd is None:
        return Choice(chosen, why, home)
    chosen_cost = chosen.total_monthly_usd or 0.0
    delta = cents(runner.total_monthly_usd - chosen_cost)
    return Choice(
        chosen,
        why,
        home,
        runner.provider,
        runner.total_monthly_usd,
        delta,
        delta / chosen_cost * 100 if chosen_cost else None,
        runner in preferred,
    )
