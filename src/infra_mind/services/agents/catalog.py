"""Builds the registry of every node's agent."""

from __future__ import annotations

from typing import Any

from infra_mind.ports.clock import Clock, IdGenerator
from infra_mind.ports.repositories import RecommendationRepository
from infra_mind.services.agents.base import Agent, AgentRegistry
from infra_mind.services.agents.narration import Narrator
from infra_mind.services.agents.validation import DataValidationAgent


def build_agents(
    knowledge: Any,
    narrator: Narrator,
    recommendations: RecommendationRepository,
    ids: IdGenerator,
    clock: Clock,
) -> AgentRegistry:
    agents: list[Agent] = [DataValidationAgent()]
    return AgentRegistry({a.name: a for a in agents}, knowledge, narrator)
