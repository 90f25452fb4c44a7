"""KnowledgeBase: every catalog in one immutable object, with lookups by id and by facet."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ConfigDict, PrivateAttr

from infra_mind.domain.errors import NotFound
from infra_mind.domain.knowledge.models import (
    AiUseCaseRisk,
    Citation,
    CommitmentFactors,
    ComplianceFramework,
    ComplianceVocabulary,
    EgressPrice,
    EligibilityFlag,
    GpuSpec,
    HostedModel,
    InstanceType,
    ManagedService,
    OpenModel,
    Provenance,
    Provider,
    Record,
    Region,
    RegionalMultiplier,
    ServiceCategory,
)

REF_KINDS = (
    "gpu",
    "instance",
    "region",
    "service",
    "egress",
    "commitment",
    "multiplier",
    "open_model",
    "hosted_model",
    "framework",
)


def ref(kind: str, key: str) -> str:
    """Build a catalog reference such as ``instance:p5.48xlarge`` (resolvable by ``resolve``)."""
    if kind not in REF_KINDS:
        raise ValueError(f"unknown catalog kind {kind!r}")
    return f"{kind}:{key}"


def _index[T: Record](records: Iterable[T], key: str) -> dict[str, T]:
    return {str(getattr(r, key)): r for r in records}


class KnowledgeBase(BaseModel):
    """All shipped catalogs. Build it with ``load_knowledge_base()``; hold one per container.

    ``provenance`` maps each data file name (e.g. ``compute_aws.json``) to its as-of date
    and source URLs. Lookups by id raise ``NotFound``; facet queries return tuples sorted
    as in the data files.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    provenance: dict[str, Provenance]
    gpus: tuple[GpuSpec, ...]
    instances: tuple[InstanceType, ...]
    commitments: tuple[CommitmentFactors, ...]
    multipliers: tuple[RegionalMultiplier, ...]
    regions: tuple[Region, ...]
    services: tuple[ManagedService, ...]
    egress_prices: tuple[EgressPrice, ...]
    vocabulary: ComplianceVocabulary
    ai_use_case_risk: AiUseCaseRisk
    frameworks: tuple[ComplianceFramework, ...]
    open_models: tuple[OpenModel, ...]
    hosted_models: tuple[HostedModel, ...]

    _by_kind: dict[str, dict[str, Record]] = PrivateAttr(default_factory=dict)

    def model_post_init(self, context: Any, /) -> None:
        self._by_kind.update(
            gpu=_index(self.gpus, "id"),
            instance=_index(self.instances, "id"),
            region=_index(self.regions, "id"),
            service=_index(self.services, "id"),
            egress=_index(self.egress_prices, "provider"),
            commitment=_index(self.commitments, "provider"),
            multiplier=_index(self.multipliers, "region_id"),
            open_model=_index(self.open_models, "id"),
            hosted_model=_index(self.hosted_models, "id"),
            framework=_index(self.frameworks, "id"),
        )

    # -- generic -----------------------------------------------------------------
    def resolve(self, catalog_ref: str) -> Record:
        """Return the record named by ``kind:id`` (see ``ref``); raise ``NotFound``."""
        kind, _, key = catalog_ref.partition(":")
        record = self._by_kind.get(kind, {}).get(key)
        if record is None:
            raise NotFound("catalog record", catalog_ref)
        return record

    def _get[T: Record](self, kind: str, key: str, cls: type[T]) -> T:
        record = self._by_kind[kind].get(key)
        if not isinstance(record, cls):
            raise NotFound(kind, key)
        return record

    # -- by id -------------------------------------------------------------------
    def gpu(self, gpu_id: str) -> GpuSpec:
        return self._get("gpu", gpu_id, GpuSpec)

    def instance(self, instance_id: str) -> InstanceType:
        return self._get("instance", instance_id, InstanceType)

    def region(self, region_id: str) -> Region:
        return self._get("region", region_id, Region)

    def service(self, service_id: str) -> ManagedService:
        return self._get("service", service_id, ManagedService)

    def egress(self, provider: Provider) -> EgressPrice:
        return self._get("egress", provider, EgressPrice)

    def commitment(self, provider: Provider) -> CommitmentFactors:
        return self._get("commitment", provider, CommitmentFactors)

    def multiplier(self, region_id: str) -> RegionalMultiplier:
        return self._get("multiplier", region_id, RegionalMultiplier)

    def open_model(self, model_id: str) -> OpenModel:
        return self._get("open_model", model_id, OpenModel)

    def hosted_model(self, model_id: str) -> HostedModel:
        return self._get("hosted_model", model_id, HostedModel)

    def framework(self, framework_id: str) -> ComplianceFramework:
        return self._get("framework", framework_id, ComplianceFramework)

    # -- by facet ----------------------------------------------------------------
    def instances_for(
        self,
        *,
        provider: Provider | None = None,
        gpu_model: str | None = None,
        region: str | None = None,
        kind: str | None = None,
    ) -> tuple[InstanceType, ...]:
        """Instance types matching every given facet."""
        return tuple(
            i
            for i in self.instances
            if (provider is None or i.provider == provider)
            and (gpu_model is None or i.gpu_model == gpu_model)
            and (region is None or region in i.regions)
            and (kind is None or i.kind == kind)
        )

    def regions_for(
        self, *, provider: Provider | None = None, jurisdiction: str | None = None
    ) -> tuple[Region, ...]:
        return tuple(
            r
            for r in self.regions
            if (provider is None or r.provider == provider)
            and (jurisdiction is None or r.in_jurisdiction(jurisdiction))
        )

    def services_for(
        self,
        *,
        provider: Provider | None = None,
        category: ServiceCategory | None = None,
        required: Iterable[EligibilityFlag] = (),
    ) -> tuple[ManagedService, ...]:
        """Managed services of a provider/category carrying every ``required`` eligibility."""
        flags = tuple(required)
        return tuple(
            s
            for s in self.services
            if (provider is None or s.provider == provider)
            and (category is None or s.category == category)
            and all(s.eligibility.has(f) for f in flags)
        )

    def hosted_models_for(
        self, *, cloud_provider: Provider | None = None, vendor: str | None = None
    ) -> tuple[HostedModel, ...]:
        return tuple(
            m
            for m in self.hosted_models
            if (cloud_provider is None or m.cloud_provider == cloud_provider)
            and (vendor is None or m.vendor == vendor)
        )

    def open_models_in_family(self, family: str) -> tuple[OpenModel, ...]:
        """Open models of one family, smallest first."""
        return tuple(sorted((m for m in self.open_models if m.family == family), key=_size))

    def jurisdictions(self) -> frozenset[str]:
        """Every code a region answers to: regimes, countries and sub-national areas."""
        codes = {r.jurisdiction for r in self.regions} | {r.country for r in self.regions}
        return frozenset(codes | {r.subdivision for r in self.regions if r.subdivision})

    def provenance_of(self, catalog_ref: str) -> Provenance:
        """As-of date and sources of the data file holding ``catalog_ref``."""
        record = self.resolve(catalog_ref)
        kind = catalog_ref.partition(":")[0]
        if isinstance(record, InstanceType | CommitmentFactors | RegionalMultiplier):
            return self.provenance[f"compute_{record.provider}.json"]
        return self.provenance[_FILE_OF_KIND[kind]]

    def citation(self, catalog_ref: str) -> Citation:
        """The record's own source page and as-of date (the data file's date when the record
        carries none)."""
        record = self.resolve(catalog_ref)
        source = record.source  # type: ignore[attr-defined]  # every record kind carries one
        if isinstance(source, tuple):
            source = source[0]
        as_of = getattr(record, "as_of", None) or self.provenance_of(catalog_ref).as_of
        return Citation(as_of=as_of, source=source)


_FILE_OF_KIND = {
    "gpu": "gpus.json",
    "region": "regions.json",
    "service": "managed_services.json",
    "egress": "managed_services.json",
    "open_model": "open_models.json",
    "hosted_model": "hosted_models.json",
    "framework": "compliance.json",
}


def _size(model: OpenModel) -> float:
    return model.params_b
