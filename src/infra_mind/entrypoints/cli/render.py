"""Terminal rendering: live per-node progress and the outcome summary."""

from __future__ import annotations

from rich.console import Console
from rich.live import Live
from rich.table import Table

from infra_mind.domain.events import EventType, ProgressEvent
from infra_mind.domain.feasibility import Feasibility, FeasibilityStatus
from infra_mind.domain.money import usd
from infra_mind.domain.outcome import AssessmentOutcome

_MARK = {"pending": "·", "running": "…", "completed": "✓", "failed": "✗"}


class ProgressView:
    """A live table of nodes on a terminal; one line per event otherwise."""

    def __init__(self, console: Console, nodes: tuple[str, ...]) -> None:
        self._console = console
        self._state = {n: ("pending", "") for n in nodes}
        self._live: Live | None = None

    def __enter__(self) -> ProgressView:
        if self._console.is_terminal:
            self._live = Live(self._table(), console=self._console, refresh_per_second=8)
            self._live.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._live is not None:
            self._live.update(self._table())
            self._live.__exit__(None, None, None)

    async def on_event(self, event: ProgressEvent) -> None:
        if event.node is None:
            return
        detail = ""
        if event.type is EventType.NODE_FINISHED and event.duration_ms is not None:
            detail = f"{event.duration_ms:.0f} ms"
        elif event.type is EventType.NODE_FAILED:
            detail = event.error or ""
        elif event.attempt and event.attempt > 1:
            detail = f"attempt {event.attempt}"
        self._state[event.node] = (event.status, detail)
        if self._live is not None:
            self._live.update(self._table())
        elif event.type is not EventType.NODE_STARTED:
            self._console.print(f"{_MARK.get(event.status, '?')} {event.node} {detail}".rstrip())

    def _table(self) -> Table:
        table = Table(title="agents", show_header=False, box=None)
        for node, (status, detail) in self._state.items():
            table.add_row(_MARK.get(status, "?"), node, status, detail)
        return table


_STATUS_STYLE = {
    FeasibilityStatus.FEASIBLE: "green",
    FeasibilityStatus.OVER_BUDGET: "yellow",
    FeasibilityStatus.INFEASIBLE: "bold red",
}


def feasibility_block(console: Console, f: Feasibility) -> None:
    """The verdict in plain words, why, the closest option and what would make it feasible."""
    console.print(f"[{_STATUS_STYLE[f.status]}]{f.headline}[/]")
    for reason in f.reasons:
        console.print(f"  why: {reason}", markup=False)
    if f.closest is not None:
        c = f.closest
        console.print(
            f"  closest option: {c.description}, {usd(c.monthly_usd)}/month", markup=False
        )
        for miss in c.misses:
            console.print(f"    misses the request: {miss}", markup=False)
    for remedy in f.remedies:
        console.print(f"  would fit with: {remedy.change}", markup=False)


def summary(console: Console, outcome: AssessmentOutcome) -> None:
    """Feasibility first; then the plan, its warnings and its one total."""
    a = outcome.assessment
    feasibility = outcome.feasibility
    feasibility_block(console, feasibility)
    console.print(f"[bold]{a.title}[/bold]  ({a.id}, {a.status.value})")
    failed = [r.node for r in outcome.results if not r.ok]
    if failed:
        console.print(f"[yellow]failed nodes:[/yellow] {', '.join(failed)}")
    if not outcome.recommendations:
        console.print("no recommendation: there is no plan to cost or check")
        _notes(console, outcome)
        return
    table = Table(title="recommendations (ranked; together they make the plan)")
    for column in ("#", "recommendation", "provider", "monthly USD", "compliance", "plan"):
        table.add_column(column)
    for b in outcome.recommendations:
        r = b.recommendation
        table.add_row(
            str(r.rank),
            r.title,
            r.provider.value if r.provider else "-",
            f"{b.cost.monthly_total_usd:,.2f}",
            b.compliance.verdict.value,
            f"{b.plan.total_weeks:g} wk",
        )
    console.print(table)
    _warnings(console, outcome)
    _details(console, outcome)
    _notes(console, outcome)
    _plan(console, outcome)
    budget = a.input.business.budget.monthly_limit_usd
    total = outcome.total_monthly_cost_usd
    verdict = "within" if feasibility.status is FeasibilityStatus.FEASIBLE else "over"
    console.print(
        f"total monthly cost: [bold]{usd(total)}[/bold] — {verdict} the {usd(budget)} budget"
    )
    console.print(f"compliance verdict: [bold]{outcome.compliance_verdict or 'n/a'}[/bold]")
    console.print(
        f"narrative by {', '.join(outcome.narrative_writers) or 'nobody'}: "
        f"{outcome.llm_tokens:,} tokens, ${outcome.llm_cost_usd:,.4f}",
        markup=False,
    )
    noted = [r for r in outcome.results if r.llm_notes]
    if noted:
        first = f"{noted[0].node}: {noted[0].llm_notes[0]}"
        console.print(f"LLM notes on {len(noted)} nodes (first: {first})", markup=False)


def _catalog_age(console: Console, outcome: AssessmentOutcome) -> None:
    c = outcome.catalog
    if c is None:
        return
    console.print(
        f"catalog age: prices as of {c.as_of.isoformat()}, {c.age_days} days old"
        f" (limit {c.max_age_days})",
        markup=False,
    )
    if c.warning:
        console.print(f"warning: {c.warning}", style="yellow", markup=False)


def _warnings(console: Console, outcome: AssessmentOutcome) -> None:
    """Substitutions and defaulted inputs, each beside the figure it moved."""
    for b in outcome.recommendations:
        r = b.recommendation
        for w in b.warnings:
            said = f"stated {w.stated}" if w.stated is not None else "not stated"
            console.print(
                f"[bold yellow]WARNING[/] #{r.rank} {r.title} "
                f"({usd(b.cost.monthly_total_usd)}/month): {w.kind.value} for {w.subject}: "
                f"used {w.used}, {said} — {w.why}",
                highlight=False,
            )


def _notes(console: Console, outcome: AssessmentOutcome) -> None:
    synthesis = outcome.result("synthesis")
    for note in synthesis.facts.get("notes", []) if synthesis is not None else []:
        console.print(f"note: {note}", markup=False)


def _plan(console: Console, outcome: AssessmentOutcome) -> None:
    console.print("implementation plan:")
    for b in outcome.recommendations:
        steps = " → ".join(f"{p.name} {p.duration_weeks:g} wk" for p in b.plan.phases)
        console.print(
            f"  #{b.recommendation.rank} ({b.plan.total_weeks:g} wk): {steps}", markup=False
        )


def _details(console: Console, outcome: AssessmentOutcome) -> None:
    """Where the prices come from, and which frameworks apply and why."""
    bundles = outcome.recommendations
    dates = sorted({b.cost.as_of.isoformat() for b in bundles if b.cost.as_of})
    models = sorted({b.cost.pricing_model for b in bundles})
    if dates:
        console.print(
            f"prices: knowledge-base catalog as of {', '.join(dates)} ({', '.join(models)})",
            markup=False,
        )
    _catalog_age(console, outcome)
    frameworks = {f.framework.value: f.reason for b in bundles for f in b.compliance.frameworks}
    if frameworks:
        console.print("applicable frameworks:")
        for name, reason in frameworks.items():
            console.print(f"  {name}: {reason}", markup=False)
    gaps = {(g.framework.value, g.control_id): g for b in bundles for g in b.compliance.gaps}
    if gaps:
        console.print(f"control gaps: {len(gaps)} (see --json or --report-dir for remediation)")
