"""Builds the registry of every node's agent."""

from __future__ import annotations

from typing import Any

from infra_mind.domain.workflow import Graph, assessment_graph
from infra_mind.ports.clock import Clock, IdGenerator
from infra_mind.ports.compute import ComputePool
from infra_mind.ports.repositories import RecommendationRepository
from infra_mind.services.agents.ai_consultant import AIConsultantAgent
from infra_mind.services.agents.base import Agent, AgentRegistry, check_reads
from infra_mind.services.agents.chatbot import ChatbotAgent
from infra_mind.services.agents.cloud_engineer import CloudEngineerAgent
from infra_mind.services.agents.compliance import ComplianceAgent
from infra_mind.services.agents.cto import CTOAgent
from infra_mind.services.agents.infrastructure import InfrastructureAgent
from infra_mind.services.agents.mlops import MLOpsAgent
from infra_mind.services.agents.narration import Narrator
from infra_mind.services.agents.report_generator import ReportGeneratorAgent
from infra_mind.services.agents.research import ResearchAgent
from infra_mind.services.agents.simulation import SimulationAgent
from infra_mind.services.agents.synthesis import SynthesisAgent
from infra_mind.services.agents.validation import DataValidationAgent
from infra_mind.services.agents.web_research import WebResearchAgent

AGENT_TYPES = (
    DataValidationAgent,
    CTOAgent,
    CloudEngineerAgent,
    ResearchAgent,
    MLOpsAgent,
    InfrastructureAgent,
    ComplianceAgent,
    AIConsultantAgent,
    WebResearchAgent,
    SimulationAgent,
    ChatbotAgent,
    SynthesisAgent,
    ReportGeneratorAgent,
)


def checked_graph(graph: Graph | None = None) -> Graph:
    """The assessment graph (or ``graph``) checked against every agent class's declared reads:
    the container builds the engine's graph with this, so a mismatch stops start-up."""
    return check_reads(graph or assessment_graph(), {t.name: t.reads for t in AGENT_TYPES})


def build_agents(
    knowledge: Any,
    narrator: Narrator,
    recommendations: RecommendationRepository,
    ids: IdGenerator,
    clock: Clock,
    compute: ComputePool | None = None,
    graph: Graph | None = None,
) -> AgentRegistry:
    """Every node's agent, checked against ``graph`` (the assessment graph by default)."""
    agents: list[Agent] = [
        DataValidationAgent(),
        CTOAgent(),
        CloudEngineerAgent(),
        ResearchAgent(),
        MLOpsAgent(),
        InfrastructureAgent(),
        ComplianceAgent(),
        AIConsultantAgent(),
        WebResearchAgent(),
        SimulationAgent(),
        ChatbotAgent(),
        SynthesisAgent(recommendations, ids, clock),
        ReportGeneratorAgent(),
    ]
    return AgentRegistry({a.name: a for a in agents}, knowledge, narrator, compute, graph)
