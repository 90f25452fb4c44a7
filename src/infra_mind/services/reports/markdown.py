"""A Markdown report of an outcome: summary, ranked recommendations, costs, plan, agents."""

from __future__ import annotations

from infra_mind.domain.outcome import AssessmentOutcome
from infra_mind.domain.recommendation import RecommendationBundle


def _money(value: float) -> str:
    return f"${value:,.2f}"


def _bundle(b: RecommendationBundle) -> list[str]:
    r, cost, comp, plan = b.recommendation, b.cost, b.compliance, b.plan
    provider = f" ({r.provider.value})" if r.provider else ""
    lines = [
        f"### {r.rank}. {r.title}{provider}",
        "",
        r.summary,
        "",
        f"*Why:* {r.rationale}",
        "",
        f"Score {r.scores.total:.3f} (impact {r.scores.impact:.2f}, cost {r.scores.cost:.2f}, "
        f"risk {r.scores.risk:.2f}, urgency {r.scores.urgency:.2f}); "
        f"agents: {', '.join(r.source_agents) or 'synthesis'}.",
        "",
        f"**Monthly cost: {_money(cost.monthly_total_usd)}** ({cost.pricing_model}"
        + (f", prices as of {cost.as_of.isoformat()}" if cost.as_of else "")
        + ")",
        "",
    ]
    if cost.line_items:
        lines += ["| item | quantity | unit price | monthly | source |", "|---|---|---|---|---|"]
        for item in cost.line_items:
            lines.append(
                f"| {item.description} | {item.quantity:,.2f} {item.unit} | "
                f"{_money(item.unit_price_usd)} | {_money(item.monthly_usd)} | "
                f"`{item.catalog_ref}` |"
            )
        lines.append("")
    lines.append(f"**Compliance:** {comp.verdict.value}")
    for fw in comp.frameworks:
        lines.append(f"- {fw.framework.value}: {fw.reason}")
    for gap in comp.gaps:
        lines.append(
            f"- gap [{gap.severity.value}] {gap.framework.value} {gap.control_id}: "
            f"{gap.description} → {gap.remediation}"
        )
    lines += ["", f"**Plan:** {plan.total_weeks:g} weeks"]
    for phase in plan.phases:
        after = f" after {', '.join(phase.depends_on)}" if phase.depends_on else ""
        lines.append(
            f"- {phase.name}: {phase.duration_weeks:g} weeks{after} — {', '.join(phase.roles)}"
        )
    return [*lines, ""]


def _catalog_lines(outcome: AssessmentOutcome) -> list[str]:
    c = outcome.catalog
    if c is None:
        return []
    lines = [f"- Catalog: prices as of {c.as_of.isoformat()}, {c.age_days} days old"]
    return lines + ([f"- **Warning:** {c.warning}"] if c.warning else [])


def render_markdown(outcome: AssessmentOutcome) -> str:
    a = outcome.assessment
    lines = [
        f"# {a.title}",
        "",
        f"Assessment `{a.id}` — status **{a.status.value}**, "
        f"{len(outcome.agent_results)} agent results.",
        "",
        "## Summary",
        "",
        f"- Total monthly cost of the recommendations: "
        f"**{_money(outcome.total_monthly_cost_usd)}** "
        f"(budget {_money(a.input.business.budget.monthly_limit_usd)})",
        f"- Compliance verdict: **{outcome.compliance_verdict or 'not assessed'}**",
        *_catalog_lines(outcome),
        "",
        "## Recommendations",
        "",
    ]
    for bundle in outcome.recommendations:
        lines += _bundle(bundle)
    lines += ["## Agent findings", ""]
    for result in outcome.results:
        status = "" if result.ok else f" — **failed**: {result.error}"
        lines += [f"### {result.node}{status}", ""]
        if result.narrative:
            writer = f"{result.narrative_provider}/{result.narrative_model}"
            lines += [result.narrative, "", f"*Narrative by {writer}.*", ""]
    return "\n".join(lines)
