"""Simulation: seeded Monte Carlo cost projections (p10/p50/p90 at 6–36 months) and what-ifs."""

from __future__ import annotations

import hashlib
import json
from enum import Enum
from typing import Any, ClassVar

from infra_mind.domain.fact_rows import ScenarioRow
from infra_mind.domain.facts import SimulationFacts
from infra_mind.domain.input import AssessmentInput, GrowthProjection
from infra_mind.domain.knowledge.base import KnowledgeBase
from infra_mind.domain.money import total
from infra_mind.domain.planning import DeploymentRequirement
from infra_mind.domain.results import AgentOutput
from infra_mind.domain.scenarios import ScenarioResult, what_if
from infra_mind.domain.simulation import (
    SimulationInput,
    monthly_growth_from_projection,
    simulate_costs,
)
from infra_mind.domain.workflow import AgentRole
from infra_mind.services.agents.analysis import Analysis
from infra_mind.services.agents.base import AgentContext
from infra_mind.services.agents.common import analysis_of, formula, output

INSTRUCTIONS = "Explain the cost projections and what-if scenarios for a finance partner."

GROWTH_SD_SHARE = 0.5
"""Monthly growth sd = half the projected mean growth: projections are uncertain, not wrong in
sign."""


def seed_of(text: str) -> int:
    """A 63-bit seed for ``text``: stored in the facts, and BSON integers are signed 64-bit."""
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big") >> 1


def _without_free_text(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_free_text(v) for k, v in value.items() if type(v) is not str}
    if isinstance(value, list):
        return [_without_free_text(v) for v in value if type(v) is not str]
    return value.value if isinstance(value, Enum) else value


def input_seed(data: AssessmentInput) -> int:
    """The seed for an input: its figures and choices, not its free text (names,
    descriptions), so the same figures always give the same projections."""
    canonical = json.dumps(_without_free_text(data.model_dump()), sort_keys=True, default=str)
    return seed_of(canonical)


def monthly_growth(g: GrowthProjection) -> float:
    """Compound monthly user growth to the furthest stated projection (0 without one)."""
    stated = [(m, v) for m, v in ((6, g.users_6m), (12, g.users_12m), (24, g.users_24m)) if v]
    if not stated or not g.current_users:
        return 0.0
    horizon, future = max(stated)
    return monthly_growth_from_projection(g.current_users, future, horizon)


def scenario_rows(kb: KnowledgeBase, a: Analysis) -> list[ScenarioRow]:
    """What-ifs (traffic ×2, larger model, provider switch) priced on the chosen provider, per
    site (each with its share of the traffic, data and egress) and summed over the sites; a
    what-if some site cannot deploy has no amount, and says why."""
    if a.chosen is None or a.chosen.option.region is None:
        return []
    per_name: dict[str, list[ScenarioResult]] = {}
    for site in a.chosen.sites:
        req = DeploymentRequirement(
            serving=tuple(c.requirement for c in site.option.serving),
            app_tier={p.provider: p.sites[0].app_tier for p in a.plans}
            | {a.chosen.provider: site.app_tier},
            object_storage_gb=site.storage_gb,
            egress_gb=site.egress_gb,
            required_eligibility=a.flags,
        )
        regions = a.allowed_regions
        if site.jurisdiction is not None:
            regions = frozenset(
                r for r in regions if kb.region(r).jurisdiction == site.jurisdiction
            )
        for s in what_if(kb, req, a.chosen.provider, allowed_regions=regions):
            per_name.setdefault(s.name, []).append(s)
    return [scenario_row(sites) for sites in per_name.values()]


def scenario_row(sites: list[ScenarioResult]) -> ScenarioRow:
    """One what-if over every site of the plan."""
    first = sites[0]
    unpriced = [s for s in sites if s.monthly_usd is None]
    return ScenarioRow(
        name=first.name,
        description=first.description,
        monthly_usd=None if unpriced else total(s.monthly_usd or 0.0 for s in sites),
        delta_vs_base_usd=None if unpriced else total(s.delta_vs_base_usd or 0.0 for s in sites),
        regions=[s.option.region for s in sites if s.option.region is not None],
        infeasible_reason=(
            unpriced[0].option.infeasible_reason or "no feasible deployment in the allowed regions"
        )
        if unpriced
        else None,
    )


def simulation_facts(kb: KnowledgeBase, a: Analysis) -> tuple[SimulationFacts, str]:
    """The projections and what-ifs of an analysis, with the simulation's formula."""
    base = total(p.monthly_usd for p in a.parts)
    variable = total(
        p.monthly_usd for p in a.parts if p.key.startswith("serving:") or p.key == "data"
    )
    growth = monthly_growth(a.input.business.growth)
    sim = simulate_costs(
        SimulationInput(
            base_monthly_usd=base,
            variable_share=variable / base if base else 0.0,
            monthly_growth_mean=growth,
            monthly_growth_sd=abs(growth) * GROWTH_SD_SHARE,
            base_utilisation=0.7,
            utilisation_low=0.55,
            utilisation_high=0.85,
            seed=input_seed(a.input),
        )
    )
    facts = SimulationFacts(
        base_monthly_usd=base,
        variable_share=variable / base if base else 0.0,
        monthly_growth_mean=growth,
        projections=list(sim.horizons),
        seed=sim.inputs.seed,
        formula=sim.formula,
        assumptions=[
            *sim.assumptions,
            "utilisation 70 % today, Uniform(55 %, 85 %) ahead",
            "what-ifs price compute, storage and egress (managed services excluded)",
        ],
        scenarios=scenario_rows(kb, a),
    )
    return facts, sim.formula


class SimulationAgent:
    name = AgentRole.SIMULATION.value
    reads: ClassVar[tuple[str, ...]] = ()

    async def run(self, ctx: AgentContext) -> AgentOutput:
        kb, a = ctx.knowledge, analysis_of(ctx)
        facts, sim_formula = await ctx.offload(lambda: simulation_facts(kb, a))
        sources = [formula("simulate_costs", sim_formula)]
        return await output(ctx, self.name, INSTRUCTIONS, facts, sources)
