"""Approve or reject a recommendation, by role, with a comment; the history is kept."""

from __future__ import annotations

from infra_mind.domain.access import Permission, Principal, Role
from infra_mind.domain.approval import Approval, Decision, current_state
from infra_mind.domain.errors import FieldError, InvalidInput
from infra_mind.domain.recommendation import ApprovalState, RecommendationBundle
from infra_mind.domain.tenancy import AuditAction
from infra_mind.ports.approvals import ApprovalRepository
from infra_mind.ports.clock import Clock, IdGenerator
from infra_mind.ports.repositories import RecommendationRepository
from infra_mind.services.audit import AuditTrail


class ApprovalService:
    def __init__(
        self,
        approvals: ApprovalRepository,
        recommendations: RecommendationRepository,
        clock: Clock,
        ids: IdGenerator,
        audit: AuditTrail,
    ) -> None:
        self._audit = audit
        self._approvals = approvals
        self._recommendations = recommendations
        self._clock = clock
        self._ids = ids

    async def decide(
        self,
        by: Principal,
        recommendation_id: str,
        decision: Decision,
        *,
        role: Role | None = None,
        comment: str = "",
    ) -> Approval:
        """Record a decision under ``by`` (its role and subject); raises NotFound for
        an unknown recommendation, InvalidInput when a stated ``role`` is not ``by``'s.

        A later decision supersedes an earlier one (a rejection can be revisited),
        and both stay in the history."""
        by.require(Permission.APPROVE)
        if role is not None and role is not by.role:
            reason = f"must be the authenticated role {by.role.value!r} (or omitted)"
            raise InvalidInput([FieldError("role", reason)])
        tenant_id = by.tenant_id
        bundle = await self._recommendations.get_bundle(tenant_id, recommendation_id)
        approval = Approval(
            id=self._ids.new_id(),
            tenant_id=tenant_id,
            assessment_id=bundle.recommendation.assessment_id,
            recommendation_id=recommendation_id,
            decision=decision,
            role=by.role.value,
            decided_by=by.subject,
            comment=comment,
            decided_at=self._clock.now(),
        )
        await self._approvals.add(approval)
        await self._audit.record(
            tenant_id,
            AuditAction.APPROVAL_RECORDED,
            by,
            recommendation_id,
            decision=decision.value,
        )
        return approval

    async def history(self, tenant_id: str, recommendation_id: str) -> list[Approval]:
        await self._recommendations.get_bundle(tenant_id, recommendation_id)
        return await self._approvals.list_for_recommendation(tenant_id, recommendation_id)

    async def for_assessment(self, tenant_id: str, assessment_id: str) -> list[Approval]:
        return await self._approvals.list_for_assessment(tenant_id, assessment_id)

    async def bundle(self, tenant_id: str, recommendation_id: str) -> RecommendationBundle:
        """One recommendation with its documents and its current approval state."""
        found = await self._recommendations.get_bundle(tenant_id, recommendation_id)
        history = await self._approvals.list_for_recommendation(tenant_id, recommendation_id)
        if not history:
            return found
        update = {"approval": current_state(history)}
        return found.model_copy(
            update={"recommendation": found.recommendation.model_copy(update=update)}
        )

    async def forget(self, tenant_id: str, assessment_id: str) -> None:
        """Drop an assessment's decisions (when the assessment is deleted)."""
        await self._approvals.delete_for(tenant_id, assessment_id)

    async def states_for(self, tenant_id: str, assessment_id: str) -> dict[str, ApprovalState]:
        """Current approval state of each decided recommendation of an assessment (one query)."""
        by_rec: dict[str, list[Approval]] = {}
        for approval in await self._approvals.list_for_assessment(tenant_id, assessment_id):
            by_rec.setdefault(approval.recommendation_id, []).append(approval)
        return {rec: current_state(history) for rec, history in by_rec.items()}

    async def with_states(
        self, tenant_id: str, assessment_id: str, bundles: list[RecommendationBundle]
    ) -> list[RecommendationBundle]:
        """``bundles`` with each recommendation's ``approval`` set from the history."""
        states = await self.states_for(tenant_id, assessment_id)
        return [
            b.model_copy(
                update={
                    "recommendation": b.recommendation.model_copy(
                        update={"approval": states[b.recommendation.id]}
                    )
                }
            )
            if b.recommendation.id in states
            else b
            for b in bundles
        ]
