"""Web research: dated market and pricing notes (from the shipped catalogs, through the port)."""

from __future__ import annotations

from typing import ClassVar

from infra_mind.domain.fact_rows import MarketNoteRow
from infra_mind.domain.facts import WebResearchFacts
from infra_mind.domain.knowledge.base import KnowledgeBase
from infra_mind.domain.knowledge.models import PROVIDERS
from infra_mind.domain.results import AgentOutput, SourceRef
from infra_mind.domain.workflow import AgentRole
from infra_mind.ports.web_research import ResearchNote, WebResearch
from infra_mind.services.agents.analysis import Analysis
from infra_mind.services.agents.base import AgentContext
from infra_mind.services.agents.common import analysis_of, output

INSTRUCTIONS = "Summarise the dated market and pricing notes; say how old each figure is."


def note_text(kb: KnowledgeBase, kind: str, key: str) -> str | None:
    """One line of dated catalog figures for a topic kind, or None for an unknown kind."""
    if kind == "gpu":
        g = kb.gpu(key)
        return (
            f"{g.name}: {g.memory_gb:g} GB, {g.memory_bandwidth_gbps:g} GB/s, "
            f"{g.bf16_fp16_dense_tflops:g} dense BF16 TFLOPS"
        )
    if kind == "instance":
        i = kb.instance(key)
        return (
            f"{i.id} ({i.provider}): {i.on_demand_usd_per_hour} USD/h on demand "
            f"in {i.reference_region}"
        )
    if kind == "hosted_model":
        m = kb.hosted_model(key)
        return (
            f"{m.name} on {m.platform}: {m.input_usd_per_1m} / {m.output_usd_per_1m} "
            "USD per 1M input/output tokens"
        )
    if kind == "commitment":
        provider = next((p for p in PROVIDERS if p == key), None)
        if provider is None:
            return None
        c = kb.commitment(provider)
        return (
            f"{c.provider}: 1-year {c.commit_1y_factor:g}, 3-year {c.commit_3y_factor:g}, "
            f"spot {c.spot_factor:g} of on-demand ({c.basis})"
        )
    return None


class KnowledgeWebResearch:
    """Default WebResearch: notes read from the shipped knowledge base, with its as-of dates."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self._kb = kb

    async def notes(self, topics: list[str]) -> list[ResearchNote]:
        out = []
        for topic in topics:
            kind, _, key = topic.partition(":")
            text = note_text(self._kb, kind, key)
            if text is None:
                continue
            cited = self._kb.citation(topic)
            out.append(
                ResearchNote(topic=topic, text=text, as_of=cited.as_of, source=str(cited.source))
            )
        return out


def topics_of(a: Analysis) -> list[str]:
    """Commitment terms, instances, GPUs and hosted models of every provider plan, once each."""
    topics: list[str] = []
    for p in a.plans:
        topics.append(f"commitment:{p.provider}")
        serving = [c for site in p.sites for c in site.option.serving]
        topics += [f"instance:{c.fit.instance_id}" for c in serving]
        topics += [f"gpu:{c.fit.gpu_id}" for c in serving]
        topics += [f"hosted_model:{x.choice.id}" for x in p.api if x.choice]
    return list(dict.fromkeys(topics))


class WebResearchAgent:
    name = AgentRole.WEB_RESEARCH.value
    reads: ClassVar[tuple[str, ...]] = ()

    def __init__(self, research: WebResearch | None = None) -> None:
        self._research = research

    async def run(self, ctx: AgentContext) -> AgentOutput:
        research = self._research or KnowledgeWebResearch(ctx.knowledge)
        notes = await research.notes(topics_of(analysis_of(ctx)))
        today = ctx.assessment.created_at.date()
        facts = WebResearchFacts(
            notes=[MarketNoteRow(**n.model_dump(), age_days=(today - n.as_of).days) for n in notes],
            source_kind="shipped knowledge base"
            if self._research is None
            else "configured web research adapter",
        )
        sources = [
            SourceRef(kind="catalog", ref=n.topic, as_of=n.as_of, source=n.source) for n in notes
        ]
        return await output(ctx, self.name, INSTRUCTIONS, facts, sources)
