"""Web research: dated market and pricing notes (from the shipped catalogs, through the port)."""

from __future__ import annotations

from infra_mind.domain.knowledge.base import KnowledgeBase
from infra_mind.domain.results import AgentOutput, SourceRef
from infra_mind.ports.web_research import ResearchNote, WebResearch
from infra_mind.services.agents.base import AgentContext
from infra_mind.services.agents.common import analysis_of, output

INSTRUCTIONS = "Summarise the dated market and pricing notes; say how old each figure is."


class KnowledgeWebResearch:
    """Default WebResearch: notes read from the shipped knowledge base, with its as-of dates."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self._kb = kb

    async def notes(self, topics: list[str]) -> list[ResearchNote]:
        kb, out = self._kb, []
        for topic in topics:
            kind, _, key = topic.partition(":")
            if kind == "gpu":
                g = kb.gpu(key)
                text = f"{g.name}: {g.memory_gb:g} GB, {g.memory_bandwidth_gbps:g} GB/s, {g.bf16_fp16_dense_tflops:g} dense BF16 TFLOPS"
            elif kind == "instance":
                i = kb.instance(key)
                text = f"{i.id} ({i.provider}): {i.on_demand_usd_per_hour} USD/h on demand in {i.reference_region}"
            elif kind == "hosted_model":
                m = kb.hosted_model(key)
                text = f"{m.name} on {m.platform}: {m.input_usd_per_1m} / {m.output_usd_per_1m} USD per 1M input/output tokens"
            elif kind == "commitment":
                c = kb.commitment(key)  # type: ignore[arg-type]
                text = f"{c.provider}: 1-year {c.commit_1y_factor:g}, 3-year {c.commit_3y_factor:g}, spot {c.spot_factor:g} of on-demand ({c.basis})"
            else:
                continue
            prov = kb.provenance_of(topic)
            out.append(
                ResearchNote(topic=topic, text=text, as_of=prov.as_of, source=str(prov.source[0]))
            )
        return out


class WebResearchAgent:
    name = "web_research"

    def __init__(self, research: WebResearch | None = None) -> None:
        self._research = research

    async def run(self, ctx: AgentContext) -> AgentOutput:
        a = analysis_of(ctx)
        research = self._research or KnowledgeWebResearch(ctx.knowledge)
        topics: list[str] = []
        for p in a.plans:
            topics.append(f"commitment:{p.provider}")
            topics += [f"instance:{c.fit.instance_id}" for c in p.option.serving]
            topics += [f"gpu:{c.fit.gpu_id}" for c in p.option.serving]
            topics += [f"hosted_model:{x.choice.id}" for x in p.api if x.choice]
        notes = await research.notes(list(dict.fromkeys(topics)))
        today = ctx.assessment.created_at.date()
        facts = {
            "notes": [
                n.model_dump(mode="json") | {"age_days": (today - n.as_of).days} for n in notes
            ],
            "source_kind": "shipped knowledge base"
            if self._research is None
            else "configured web research adapter",
        }
        sources = [
            SourceRef(kind="catalog", ref=n.topic, as_of=n.as_of, source=n.source) for n in notes
        ]
        return await output(ctx, self.name, INSTRUCTIONS, facts, sources)
