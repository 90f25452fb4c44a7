"""Cost sections: the recommendations, monthly cost by line item and provider, projections."""

from __future__ import annotations

from infra_mind.domain.facts import CloudEngineerFacts, CTOFacts, SimulationFacts
from infra_mind.domain.outcome import AssessmentOutcome
from infra_mind.domain.report import (
    Block,
    BulletList,
    Chart,
    Column,
    Paragraph,
    Section,
    Series,
    Table,
)
from infra_mind.services.reports import cells
from infra_mind.services.reports.facts import view
from infra_mind.services.reports.words import humanize, no_data, provider_name


def recommendations(outcome: AssessmentOutcome) -> Section:
    if not outcome.recommendations:
        return Section(
            title="Recommendations",
            sheet="Recommendations",
            blocks=[no_data("recommendations", "synthesis stored none for this assessment")],
        )
    rows = []
    details = []
    for b in outcome.recommendations:
        r = b.recommendation
        rows.append(
            [
                cells.integer(r.rank),
                cells.text(r.title),
                cells.text(provider_name(r.provider.value if r.provider else None)),
                cells.money(b.cost.monthly_total_usd),
                cells.number(r.scores.total, 3),
                cells.text(r.urgency.value),
                cells.text(b.compliance.verdict.value.replace("_", " ")),
                cells.number(b.plan.total_weeks, 1),
            ]
        )
        details.append(f"{r.rank}. {r.title}: {r.summary} Why: {r.rationale}.")
    total_row = [cells.text(""), cells.text("Total"), cells.text("")]
    total_row += [cells.money(outcome.total_monthly_cost_usd)] + [cells.text("")] * 4
    table = Table(
        title="Ranked recommendations",
        columns=[
            Column(header="Rank", kind="integer"),
            Column(header="Recommendation"),
            Column(header="Provider"),
            Column(header="Monthly cost", kind="money"),
            Column(header="Score", kind="number"),
            Column(header="Urgency"),
            Column(header="Compliance"),
            Column(header="Weeks", kind="number"),
        ],
        rows=[*rows, total_row],
    )
    return Section(
        title="Recommendations",
        sheet="Recommendations",
        blocks=[table, BulletList(items=details)],
    )


def _line_items(outcome: AssessmentOutcome) -> Table:
    rows = []
    for b in outcome.recommendations:
        for item in b.cost.line_items:
            rows.append(
                [
                    cells.integer(b.recommendation.rank),
                    cells.text(item.description),
                    cells.text(humanize(item.category)),
                    cells.number(item.quantity, 3),
                    cells.text(item.unit),
                    cells.unit_price(item.quantity, item.unit_price_usd),
                    cells.money(item.monthly_usd),
                    cells.text(item.catalog_ref),
                    cells.text(b.cost.as_of.isoformat() if b.cost.as_of else "—"),
                ]
            )
    return Table(
        title="Monthly cost by line item (quantity × unit price)",
        columns=[
            Column(header="Rec.", kind="integer"),
            Column(header="Item"),
            Column(header="Category"),
            Column(header="Quantity", kind="number"),
            Column(header="Unit"),
            Column(header="Unit price", kind="unit_price"),
            Column(header="Monthly", kind="money"),
            Column(header="Catalog record"),
            Column(header="Prices as of"),
        ],
        rows=rows,
    )


def _by_category(outcome: AssessmentOutcome) -> list[Block]:
    categories: dict[str, float] = {}
    for b in outcome.recommendations:
        for item in b.cost.line_items:
            categories[item.category] = categories.get(item.category, 0.0) + item.monthly_usd
    ordered = sorted(categories.items(), key=lambda kv: -kv[1])
    table = Table(
        title="Monthly cost by category",
        columns=[
            Column(header="Category"),
            Column(header="Monthly", kind="money"),
            Column(header="Share", kind="percent"),
        ],
        rows=[
            [
                cells.text(humanize(c)),
                cells.money(v),
                cells.percent(
                    100 * v / outcome.total_monthly_cost_usd
                    if outcome.total_monthly_cost_usd
                    else 0.0
                ),
            ]
            for c, v in ordered
        ],
    )
    ranks = [f"R{b.recommendation.rank}" for b in outcome.recommendations]
    series = [
        Series(
            name=humanize(c),
            values=[
                round(sum(i.monthly_usd for i in b.cost.line_items if i.category == c), 2)
                for b in outcome.recommendations
            ],
        )
        for c, _ in ordered
    ]
    chart = Chart(
        style="stacked",
        title="Monthly cost breakdown by recommendation and category",
        labels=ranks,
        series=series,
        y_label="USD per month",
        caption="Each bar is one recommendation (R = rank), stacked by cost category.",
    )
    return [table, chart]


def _providers(outcome: AssessmentOutcome) -> list[Block]:
    cloud = view(outcome, "cloud_engineer", CloudEngineerFacts)
    if cloud is None or not cloud.comparison:
        return [no_data("provider comparison", "the cloud engineer stored no comparison")]
    rows = [
        [
            cells.text(provider_name(o.provider)),
            cells.text(o.region or "—"),
            cells.money(o.monthly_usd) if o.monthly_usd is not None else cells.text("—"),
            cells.text(
                "recommended"
                if o.provider == cloud.chosen_provider
                else o.infeasible_reason or ("compared" if o.considered else "not preferred")
            ),
            cells.text("; ".join(o.instances + o.hosted_models) or "—"),
        ]
        for o in cloud.comparison
    ]
    priced = [o for o in cloud.comparison if o.monthly_usd is not None]
    blocks: list[Block] = [
        Table(
            title="Monthly cost by provider (the same deployment priced on each cloud)",
            columns=[
                Column(header="Provider"),
                Column(header="Region"),
                Column(header="Monthly", kind="money"),
                Column(header="Status"),
                Column(header="Compute and models"),
            ],
            rows=rows,
        )
    ]
    if priced:
        blocks.append(
            Chart(
                style="bar",
                title="Provider comparison: monthly cost of the same deployment",
                labels=[provider_name(o.provider) for o in priced],
                series=[
                    Series(
                        name="USD per month",
                        values=[round(o.monthly_usd or 0.0, 2) for o in priced],
                    )
                ],
                y_label="USD per month",
                highlight=[o.provider == cloud.chosen_provider for o in priced],
                caption="The highlighted bar is the recommended provider.",
            )
        )
    return blocks


def monthly_costs(outcome: AssessmentOutcome) -> Section:
    if not outcome.recommendations:
        blocks: list[Block] = [no_data("monthly cost", "there are no recommendations to price")]
    else:
        budget = outcome.assessment.input.business.budget.monthly_limit_usd
        blocks = [
            Paragraph(
                text=(
                    f"The recommendations cost {cells.money_text(outcome.total_monthly_cost_usd)}"
                    f" per month in total against a monthly budget of "
                    f"{cells.money_text(budget)}; every row below is quantity × unit price."
                )
            ),
            _line_items(outcome),
            *_by_category(outcome),
        ]
    blocks += _providers(outcome)
    return Section(title="Monthly cost", sheet="Costs", blocks=blocks)


def projections(outcome: AssessmentOutcome) -> Section:
    sim = view(outcome, "simulation", SimulationFacts)
    blocks: list[Block]
    if sim is None or not sim.projections:
        blocks = [no_data("cost projections", "the simulation agent stored no projections")]
    else:
        points = sorted(sim.projections, key=lambda p: p.month)
        rows = [[cells.integer(0)] + [cells.money(sim.base_monthly_usd)] * 3]
        rows += [
            [
                cells.integer(p.month),
                cells.money(p.p10_usd),
                cells.money(p.p50_usd),
                cells.money(p.p90_usd),
            ]
            for p in points
        ]
        last = points[-1]
        blocks = [
            Paragraph(
                text=(
                    f"Monthly cost today is {cells.money_text(sim.base_monthly_usd)}; in month "
                    f"{last.month} the simulation's median is {cells.money_text(last.p50_usd)}, "
                    f"with 80 % of runs between {cells.money_text(last.p10_usd)} and "
                    f"{cells.money_text(last.p90_usd)}."
                )
            ),
            Table(
                title="Projected monthly cost (percentiles of the simulation runs)",
                columns=[
                    Column(header="Month", kind="integer"),
                    Column(header="p10", kind="money"),
                    Column(header="p50", kind="money"),
                    Column(header="p90", kind="money"),
                ],
                rows=rows,
            ),
            Chart(
                style="fan",
                title=f"Projected monthly cost over {last.month} months (p10 / p50 / p90)",
                x=[0.0] + [float(p.month) for p in points],
                series=[
                    Series(
                        name=name,
                        values=[round(sim.base_monthly_usd, 2)]
                        + [round(getattr(p, f"{name}_usd"), 2) for p in points],
                    )
                    for name in ("p10", "p50", "p90")
                ],
                x_label="month",
                y_label="USD per month",
                caption="Shaded: 80 % of simulated runs; line: the median.",
            ),
        ]
        if sim.scenarios:
            blocks.append(
                Table(
                    title="What-if scenarios (compute, storage and egress)",
                    columns=[
                        Column(header="Scenario"),
                        Column(header="Monthly", kind="money"),
                        Column(header="vs base", kind="money"),
                    ],
                    rows=[
                        [
                            cells.text(s.description),
                            cells.money(s.monthly_usd)
                            if s.monthly_usd is not None
                            else cells.text(f"not feasible: {s.infeasible_reason}"),
                            cells.money(s.delta_vs_base_usd)
                            if s.delta_vs_base_usd is not None
                            else cells.text("—"),
                        ]
                        for s in sim.scenarios
                    ],
                )
            )
        blocks.append(
            BulletList(
                items=[f"Model: {sim.formula}", *sim.assumptions]
                if sim.formula
                else sim.assumptions
            )
        )
    cto = view(outcome, "cto", CTOFacts)
    if cto and cto.tco_over_timeline_usd is not None and cto.timeline_months:
        within = (
            ""
            if cto.tco_within_total_budget is None
            else " — within the total budget"
            if cto.tco_within_total_budget
            else " — above the total budget"
        )
        blocks.append(
            Paragraph(
                text=(
                    f"Run cost over the {cto.timeline_months}-month timeline: "
                    f"{cells.money_text(cto.tco_over_timeline_usd)} (staff excluded){within}."
                )
            )
        )
    return Section(title="Cost projections", sheet="Projections", blocks=blocks)
