"""From a part's work measure and the team to phased implementation weeks (the plan formula)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from infra_mind.domain.input import Team
from infra_mind.services.agents.work import WorkItem, person_days

DAYS_PER_WEEK = 5
COORDINATION = 0.1
"""Each extra person on one part costs 10 % of everyone's time in coordination (Brooks)."""

PHASE_SHARES = (("design", 0.2), ("build", 0.5), ("validate", 0.2), ("rollout", 0.1))

ROLES: dict[str, tuple[str, ...]] = {
    "model_serving": ("ml_engineers", "devops"),
    "mlops": ("ml_engineers", "data_engineers"),
    "data": ("data_engineers", "devops"),
    "security_compliance": ("devops", "developers"),
    "platform": ("devops", "developers"),
    "resilience": ("devops", "developers"),
}
DEFAULT_ROLES = ("devops", "developers")

CLUSTER_WORK = frozenset({"instance_pool", "model_server", "region"})

PLAN_FORMULA = (
    "people = headcount in the part's roles (at least 1); parallel = min(people, work items); "
    "effective = parallel / (1 + 0.1 × (parallel − 1)); "
    "days = max(person-days / effective, longest item) × (1 + 0.15 × (3 − skill)), skill = "
    "Kubernetes skill when the part provisions compute, else cloud skill; "
    "phase weeks = days × share / 5 rounded up to whole days; "
    "shares design 20 %, build 50 %, validate 20 %, rollout 10 %"
)


@dataclass(frozen=True)
class PhasePlan:
    name: str
    weeks: float
    tasks: tuple[str, ...]


@dataclass(frozen=True)
class Schedule:
    roles: tuple[str, ...]
    people: int
    effective_people: float
    skill_name: str
    skill: int
    person_days: float
    longest_item_days: float
    days: float
    phases: tuple[PhasePlan, ...]

    @property
    def weeks(self) -> float:
        return round(sum(p.weeks for p in self.phases), 2)

    def as_fact(self) -> dict[str, Any]:
        return {
            "roles": list(self.roles),
            "people": self.people,
            "effective_people": self.effective_people,
            self.skill_name: self.skill,
            "person_days": self.person_days,
            "longest_item_days": self.longest_item_days,
            "working_days": self.days,
            "weeks": self.weeks,
        }


def effective_people(people: int, items: int) -> float:
    parallel = max(1, min(people, items))
    return parallel / (1 + COORDINATION * (parallel - 1))


def skill_factor(skill: int) -> float:
    """Skill 3 of 5 is the reference; each point above or below changes time by 15 %."""
    return 1 + 0.15 * (3 - skill)


def _round_up_days(weeks: float) -> float:
    return max(1, math.ceil(round(weeks * DAYS_PER_WEEK, 9))) / DAYS_PER_WEEK


def schedule(work: Sequence[WorkItem], team: Team, category: str, title: str) -> Schedule:
    """Phased weeks for one part: the work spread over the people in its roles, bounded below
    by its longest indivisible item, scaled by the relevant skill (formula in PLAN_FORMULA)."""
    roles = ROLES.get(category, DEFAULT_ROLES)
    people = max(1, sum(getattr(team, r) for r in roles))
    effective = effective_people(people, len(work))
    total = person_days(work)
    longest = max((i.person_days for i in work), default=0.0)
    cluster = any(i.kind in CLUSTER_WORK for i in work)
    skill_name = "kubernetes_skill" if cluster else "cloud_skill"
    skill = int(getattr(team, skill_name))
    days = max(total / effective, longest) * skill_factor(skill)
    tasks = {
        "design": (f"design: {title}",),
        "build": tuple(f"{i.task} ({i.person_days:g} person-days)" for i in work)
        or (f"build: {title}",),
        "validate": (f"validate: {title}",),
        "rollout": (f"rollout: {title}",),
    }
    phases = tuple(
        PhasePlan(name, _round_up_days(days * share / DAYS_PER_WEEK), tasks[name])
        for name, share in PHASE_SHARES
    )
    return Schedule(roles, people, effective, skill_name, skill, total, longest, days, phases)
