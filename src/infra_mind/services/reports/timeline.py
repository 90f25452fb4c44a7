"""The implementation timeline: every recommendation's phases scheduled as early as their
dependencies allow (critical-path method), with slack and the critical path."""

from __future__ import annotations

from dataclasses import dataclass

from infra_mind.domain.recommendation import RecommendationBundle

_EPS = 1e-9


@dataclass(frozen=True)
class Activity:
    key: str
    recommendation: str
    rank: int
    phase: str
    duration_weeks: float
    depends_on: tuple[str, ...]
    start_week: float
    finish_week: float
    slack_weeks: float

    @property
    def critical(self) -> bool:
        return self.slack_weeks <= _EPS


@dataclass(frozen=True)
class Timeline:
    activities: list[Activity]
    total_weeks: float
    critical_path: list[str]


def _key(rank: int, phase: str) -> str:
    return f"R{rank} {phase}"


def schedule(bundles: list[RecommendationBundle]) -> Timeline:
    """Earliest start of a phase = latest finish of its dependencies (names within the
    same plan); slack = latest start − earliest start with the total fixed."""
    raw: list[tuple[str, str, int, str, float, tuple[str, ...]]] = []
    for b in bundles:
        rank = b.recommendation.rank
        for p in b.plan.phases:
            deps = tuple(_key(rank, d) for d in p.depends_on)
            raw.append(
                (_key(rank, p.name), b.recommendation.title, rank, p.name, p.duration_weeks, deps)
            )
    finish: dict[str, float] = {}
    start: dict[str, float] = {}
    pending = list(raw)
    while pending:
        ready = [r for r in pending if all(d in finish for d in r[5])]
        if not ready:  # a cycle or a dependency on an unknown phase: start those at 0
            ready = pending[:1]
        for key, _, _, _, weeks, deps in ready:
            start[key] = max((finish.get(d, 0.0) for d in deps), default=0.0)
            finish[key] = start[key] + weeks
            pending.remove(next(r for r in pending if r[0] == key))
    total = max(finish.values(), default=0.0)
    successors: dict[str, list[str]] = {r[0]: [] for r in raw}
    for r in raw:
        for d in r[5]:
            successors.setdefault(d, []).append(r[0])
    latest_finish: dict[str, float] = {}
    for key, *_ in sorted(raw, key=lambda r: finish[r[0]], reverse=True):
        succ = [s for s in successors.get(key, []) if s in start]
        latest_finish[key] = min(
            (latest_finish[s] - (finish[s] - start[s]) for s in succ if s in latest_finish),
            default=total,
        )
    activities = [
        Activity(
            key=key,
            recommendation=title,
            rank=rank,
            phase=phase,
            duration_weeks=weeks,
            depends_on=deps,
            start_week=start[key],
            finish_week=finish[key],
            slack_weeks=max(0.0, latest_finish[key] - finish[key]),
        )
        for key, title, rank, phase, weeks, deps in raw
    ]
    return Timeline(activities, round(total, 3), _critical_path(activities, total))


def _critical_path(activities: list[Activity], total: float) -> list[str]:
    """Walk back from the activity that finishes last through dependencies that end
    exactly when it starts."""
    by_key = {a.key: a for a in activities}
    last = [a for a in activities if abs(a.finish_week - total) <= _EPS]
    if not last:
        return []
    path = [last[0]]
    while True:
        current = path[-1]
        before = [
            by_key[d]
            for d in current.depends_on
            if d in by_key and abs(by_key[d].finish_week - current.start_week) <= _EPS
        ]
        if not before:
            break
        path.append(before[0])
    return [a.key for a in reversed(path)]
