"""The agents' findings as sentences and tables: architecture and capacity, models,
MLOps, use cases and market notes. Each part says plainly when its agent stored nothing."""

from __future__ import annotations

from infra_mind.domain.fact_rows import Tooling
from infra_mind.domain.facts import (
    AIConsultantFacts,
    InfrastructureFacts,
    MLOpsFacts,
    ResearchFacts,
    WebResearchFacts,
)
from infra_mind.domain.outcome import AssessmentOutcome
from infra_mind.domain.report import Block, BulletList, Column, Paragraph, Section, Table
from infra_mind.services.reports import cells
from infra_mind.services.reports.facts import view
from infra_mind.services.reports.words import humanize, no_data


def _infrastructure(outcome: AssessmentOutcome) -> list[Block]:
    infra = view(outcome, "infrastructure", InfrastructureFacts)
    if infra is None:
        return [no_data("architecture", "the infrastructure agent stored no findings")]
    sentences = []
    if infra.architecture:
        sentences.append("Architecture: " + ", ".join(infra.architecture) + ".")
    if infra.availability_target_pct is not None:
        downtime = (
            f" (at most {infra.allowed_downtime_min_per_month:.1f} minutes of downtime a month)"
            if infra.allowed_downtime_min_per_month is not None
            else ""
        )
        sentences.append(f"Availability target {infra.availability_target_pct:g} %{downtime}.")
    if infra.zones:
        sentences.append(f"Spread over {infra.zones} availability zones.")
    if infra.dr:
        sentences.append(f"Disaster recovery: {infra.dr.reason}.")
    if infra.scaling:
        sentences.append(f"Scaling: {infra.scaling}.")
    blocks: list[Block] = [BulletList(items=sentences)] if sentences else []
    if infra.capacity:
        blocks.append(
            Table(
                title="Serving capacity per workload and region",
                columns=[
                    Column(header="Workload"),
                    Column(header="Region"),
                    Column(header="Model"),
                    Column(header="Precision"),
                    Column(header="Instance"),
                    Column(header="Instances", kind="integer"),
                    Column(header="Replicas", kind="integer"),
                    Column(header="p95 ms", kind="number"),
                    Column(header="Target ms", kind="number"),
                ],
                rows=[
                    [
                        cells.text(c.workload),
                        cells.text(c.region),
                        cells.text(c.model),
                        cells.text(c.precision),
                        cells.text(c.instance),
                        cells.integer(c.instances),
                        cells.integer(c.replicas),
                        cells.number(c.p95_latency_ms, 0),
                        cells.number(c.p95_target_ms, 0),
                    ]
                    for c in infra.capacity
                ],
            )
        )
    else:
        blocks.append(
            Paragraph(
                text="No self-hosted serving capacity: no workload runs on its own GPUs.",
                tone="note",
            )
        )
    return blocks


def _models(outcome: AssessmentOutcome) -> list[Block]:
    research = view(outcome, "research", ResearchFacts)
    if research is None:
        return [no_data("models", "the research agent stored no findings")]
    items = [
        f"{m.workload}: self-hosted {m.model} in {m.precision}"
        + (f" ({m.precision_note})" if m.precision_note else "")
        for m in research.self_hosted_models
    ] + [
        f"{m.workload}: {m.choice}" + (f" — {m.note}" if m.note else "")
        for m in research.hosted_models
    ]
    if not items:
        return [no_data("models", "no workload names a model")]
    return [Paragraph(text="Models chosen per workload:"), BulletList(items=items)]


def tooling_text(t: Tooling) -> str:
    return f"pipeline: {t.pipeline}; registry: {t.registry}; monitoring: {t.monitoring}"


def _mlops(outcome: AssessmentOutcome) -> list[Block]:
    mlops = view(outcome, "mlops", MLOpsFacts)
    if mlops is None:
        return [no_data("MLOps", "the MLOps agent stored no findings")]
    tooling = tooling_text(mlops.tooling)
    managed = mlops.tooling.managed_alternative
    if managed is not None:
        tooling += f"; managed alternative on the chosen cloud — {tooling_text(managed)}"
    return [
        Paragraph(
            text=(
                f"MLOps maturity level {mlops.maturity_level} on the scale "
                f"{mlops.maturity_scale}." + f" Suggested tooling — {tooling}."
            )
        )
    ]


def _use_cases(outcome: AssessmentOutcome) -> list[Block]:
    consultant = view(outcome, "ai_consultant", AIConsultantFacts)
    if consultant is None or not consultant.use_cases:
        return [no_data("use cases", "the AI consultant stored none")]
    return [
        Table(
            title="AI use cases",
            columns=[
                Column(header="Workload"),
                Column(header="Use case"),
                Column(header="Feasible"),
                Column(header="Priority", kind="number"),
                Column(header="Mode"),
            ],
            rows=[
                [
                    cells.text(u.workload),
                    cells.text(humanize(u.use_case)),
                    cells.text("yes" if u.feasible else "no"),
                    cells.number(u.priority_score, 2),
                    cells.text(humanize(u.mode)),
                ]
                for u in consultant.use_cases
            ],
        )
    ]


def _market(outcome: AssessmentOutcome) -> list[Block]:
    web = view(outcome, "web_research", WebResearchFacts)
    if web is None or not web.notes:
        return [no_data("market notes", "web research stored none")]
    return [
        Table(
            title="Market notes (price references)",
            columns=[Column(header="Note"), Column(header="As of"), Column(header="Source")],
            rows=[
                [cells.text(n.text), cells.text(n.as_of or "—"), cells.text(n.source or "—")]
                for n in web.notes
            ],
        )
    ]


def findings(outcome: AssessmentOutcome) -> Section:
    blocks = [
        *_infrastructure(outcome),
        *_models(outcome),
        *_mlops(outcome),
        *_use_cases(outcome),
        *_market(outcome),
    ]
    failed = [r.node for r in outcome.results if not r.ok]
    if failed:
        blocks.append(
            Paragraph(
                text="Agents that failed (their findings are missing): " + ", ".join(failed) + ".",
                tone="warning",
            )
        )
    return Section(title="Architecture and findings", sheet="Findings", blocks=blocks)
