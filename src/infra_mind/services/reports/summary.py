"""Executive summary: one page — feasibility, the recommended option against the budget,
the two runners-up, top risks, the assumptions that moved the numbers, the catalog's age."""

from __future__ import annotations

from collections.abc import Sequence

from infra_mind.domain.facts import CloudEngineerFacts, CTOFacts, SynthesisFacts
from infra_mind.domain.outcome import AssessmentOutcome
from infra_mind.domain.report import (
    Block,
    BulletList,
    Column,
    KeyFigure,
    KeyFigures,
    Paragraph,
    Section,
    Table,
)
from infra_mind.services.reports import cells
from infra_mind.services.reports.facts import view
from infra_mind.services.reports.timeline import schedule
from infra_mind.services.reports.words import (
    catalog_age,
    dedupe,
    no_data,
    provider_name,
    weeks,
)

TOP_RISKS = 5


def feasibility_sentence(outcome: AssessmentOutcome) -> str:
    """The outcome's feasibility in plain words: the verdict and why."""
    f = outcome.feasibility
    words = [f.headline[0].upper() + f.headline[1:] + "."]
    words += [f"{reason[0].upper()}{reason[1:]}." for reason in f.reasons]
    return " ".join(words)


def feasibility_options(outcome: AssessmentOutcome) -> list[str]:
    """When the request does not fit: the closest option and each change that would make it."""
    f = outcome.feasibility
    items = []
    if f.closest is not None:
        items.append(
            f"Closest option: {f.closest.description}, "
            f"{cells.money_text(f.closest.monthly_usd)} per month."
        )
    items += [f"It would fit with {r.change}." for r in f.remedies]
    return items


def _options(outcome: AssessmentOutcome) -> list[Block]:
    cloud = view(outcome, "cloud_engineer", CloudEngineerFacts)
    if cloud is None or not cloud.comparison:
        return [no_data("provider comparison", "the cloud engineer stored no comparison")]
    chosen = next((o for o in cloud.comparison if o.provider == cloud.chosen_provider), None)
    others = sorted(
        (o for o in cloud.comparison if o is not chosen),
        key=lambda o: (o.monthly_usd is None, o.monthly_usd or 0.0),
    )
    rows = []
    for role, option in [("recommended", chosen), *(("runner-up", o) for o in others[:2])]:
        if option is None:
            continue
        if option.monthly_usd is None:
            cost, delta = cells.text("—"), cells.text("—")
            status = option.infeasible_reason or "not priced"
        else:
            cost = cells.money(option.monthly_usd)
            base = chosen.monthly_usd if chosen and chosen.monthly_usd is not None else None
            delta = cells.money(option.monthly_usd - base) if base is not None else cells.text("")
            status = "preferred cloud" if option.considered else "outside the preferred clouds"
        rows.append(
            [
                cells.text(role),
                cells.text(provider_name(option.provider)),
                cells.text(option.region or "—"),
                cost,
                delta,
                cells.text(status),
            ]
        )
    blocks: list[Block] = [
        Table(
            title="Recommended option and the two runners-up (same deployment, each provider)",
            columns=[
                Column(header="Option"),
                Column(header="Provider"),
                Column(header="Region"),
                Column(header="Monthly cost", kind="money"),
                Column(header="vs recommended", kind="money"),
                Column(header="Status"),
            ],
            rows=rows,
        )
    ]
    if cloud.chosen_reason:
        blocks.append(
            Paragraph(text=f"Why {provider_name(cloud.chosen_provider)}: {cloud.chosen_reason}.")
        )
    return blocks


def assumptions(outcome: AssessmentOutcome, shown: Sequence[str] = ()) -> list[str]:
    """The assumptions and warnings that moved the numbers, each once: a note that a
    recommendation's warning (beside its figure) or an item already ``shown`` states in full is
    not repeated."""
    synthesis = view(outcome, "synthesis", SynthesisFacts)
    notes = list(synthesis.notes) if synthesis else []
    if synthesis and synthesis.missing_agents:
        notes.append(
            "agents without results (their findings are missing): "
            + ", ".join(synthesis.missing_agents)
        )
    warnings: list[str] = []
    for bundle in outcome.recommendations:
        r = bundle.recommendation
        for w in bundle.warnings:
            said = f"stated {w.stated}" if w.stated is not None else "not stated"
            warnings.append(
                f"#{r.rank} {r.title} ({cells.money_text(bundle.cost.monthly_total_usd)}/month): "
                f"{w.kind.value} for {w.subject}: used {w.used}, {said} — {w.why}"
            )
    for bundle in outcome.recommendations:
        notes += bundle.cost.notes
    said_elsewhere = [*warnings, *shown]
    notes = [n for n in notes if not any(n in s for s in said_elsewhere)]
    return dedupe([*warnings, *notes])


def key_figures(outcome: AssessmentOutcome) -> KeyFigures:
    a = outcome.assessment
    budget = a.input.business.budget.monthly_limit_usd
    top = outcome.recommendations[0].recommendation if outcome.recommendations else None
    plan = schedule(outcome.recommendations)
    return KeyFigures(
        items=[
            KeyFigure(
                label="Total monthly cost", value=cells.money_text(outcome.total_monthly_cost_usd)
            ),
            KeyFigure(label="Monthly budget", value=cells.money_text(budget)),
            KeyFigure(label="Top recommendation", value=top.title if top else "none"),
            KeyFigure(
                label="Compliance verdict",
                value=(outcome.compliance_verdict or "not assessed").replace("_", " "),
            ),
            KeyFigure(
                label="Frameworks",
                value=", ".join(f.value for f in a.input.business.compliance) or "none declared",
            ),
            KeyFigure(label="Implementation", value=weeks(plan.total_weeks)),
        ]
    )


def executive_summary(outcome: AssessmentOutcome) -> Section:
    blocks: list[Block] = [Paragraph(text=feasibility_sentence(outcome))]
    options = feasibility_options(outcome)
    if options:
        blocks.append(BulletList(items=options, tone="warning"))
    blocks.append(key_figures(outcome))
    blocks += _options(outcome)
    cto = view(outcome, "cto", CTOFacts)
    if cto is None or not cto.risks:
        blocks.append(no_data("top risks", "the CTO agent stored no risks"))
    else:
        blocks.append(Paragraph(text="Top risks:"))
        blocks.append(BulletList(items=cto.risks[:TOP_RISKS]))
    notes = assumptions(outcome, shown=cto.risks[:TOP_RISKS] if cto else ())
    if notes:
        blocks.append(Paragraph(text="Assumptions and warnings behind these numbers:"))
        blocks.append(BulletList(items=notes, tone="warning"))
    age = catalog_age(outcome)
    blocks.append(
        Paragraph(text=f"Prices: {age}.", tone="warning")
        if age
        else no_data("catalog age", "no cost estimate carries a price date")
    )
    return Section(title="Executive summary", sheet="Summary", blocks=blocks)
