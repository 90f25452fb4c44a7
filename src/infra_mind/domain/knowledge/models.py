"""Typed records of the shipped knowledge base (one model per catalog record kind)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, PositiveFloat, PositiveInt

Provider = Literal["aws", "azure", "gcp"]
PROVIDERS: tuple[Provider, ...] = ("aws", "azure", "gcp")

ServiceCategory = Literal[
    "kubernetes",
    "serverless_containers",
    "ml_platform",
    "model_endpoint",
    "object_storage",
    "vector_search",
    "relational_db",
    "cache",
    "queue",
    "monitoring",
    "secrets",
    "waf_ddos",
]
EligibilityFlag = Literal["hipaa_baa", "pci_dss", "soc2", "iso27001"]
DeclaredControl = Literal[
    "encryption_at_rest",
    "encryption_in_transit",
    "mfa",
    "sso",
    "rbac",
    "audit_logging",
    "network_isolation",
    "dlp",
    "backups",
]
Severity = Literal["critical", "high", "medium", "low"]
FrameworkId = Literal[
    "gdpr",
    "hipaa",
    "soc2",
    "iso27001",
    "pci_dss",
    "ccpa",
    "eu_ai_act",
    "eu_mdr",
    "pipeda",
    "pdpa_sg",
    "glba",
    "lgpd",
    "dora",
]


class Record(BaseModel):
    """Base of every catalog record: immutable, unknown keys refused."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Provenance(Record):
    """Where the figures of a data file come from and when they were true."""

    as_of: date
    source: tuple[HttpUrl, ...] = Field(min_length=1)
    notes: str | None = None


class Citation(Record):
    """The page a figure was taken from and the date it was true."""

    as_of: date
    source: HttpUrl


class GpuSpec(Record):
    """One accelerator: memory and dense (not 2:4 sparse) tensor throughput."""

    id: str
    name: str
    vendor: str
    memory_gb: PositiveFloat
    memory_bandwidth_gbps: PositiveFloat
    bf16_fp16_dense_tflops: PositiveFloat
    fp8_dense_tflops: PositiveFloat | None
    int8_dense_tops: PositiveFloat | None
    supports_bf16: bool
    interconnect: str
    source: HttpUrl


class InstanceType(Record):
    """A purchasable VM size; GPU fields are zero/None for CPU types.

    ``region_prices`` holds the on-demand prices the provider publishes per region; a region
    missing from it is priced with the provider's regional ratio (and says so)."""

    id: str
    provider: Provider
    family: str
    kind: Literal["gpu", "cpu"]
    gpu_model: str | None
    gpu_count: int = Field(ge=0)
    gpu_memory_gb: float = Field(ge=0, description="memory per GPU")
    vcpus: PositiveInt
    ram_gib: PositiveFloat
    on_demand_usd_per_hour: PositiveFloat = Field(description="in the reference region")
    reference_region: str
    regions: tuple[str, ...] = Field(min_length=1)
    region_prices: dict[str, PositiveFloat] = Field(default_factory=dict)
    as_of: date
    source: HttpUrl
    notes: str | None = None

    def published_price(self, region: str) -> float | None:
        """The provider's own on-demand price in ``region``, if one is catalogued."""
        if region == self.reference_region:
            return self.on_demand_usd_per_hour
        return self.region_prices.get(region)


class CommitmentFactors(Record):
    """Fraction of the on-demand price paid under each pricing model (1.0 = on demand)."""

    provider: Provider
    commit_1y_factor: float = Field(gt=0, le=1)
    commit_3y_factor: float = Field(gt=0, le=1)
    spot_factor: float = Field(gt=0, le=1)
    basis: str
    source: tuple[HttpUrl, ...] = Field(min_length=1)


class RegionalMultiplier(Record):
    """Approximate price of a region relative to its provider's reference region."""

    region_id: str
    provider: Provider
    multiplier: PositiveFloat
    basis: str
    source: HttpUrl


class Region(Record):
    id: str
    provider: Provider
    jurisdiction: str = Field(description="EU, UK, US, CA, CH, JP, SG, AU, IN, BR")
    country: str = Field(min_length=2, max_length=2)
    subdivision: str | None = Field(
        default=None, description="ISO 3166-2 code where sub-national rules differ, e.g. US-CA"
    )
    display_name: str
    source: HttpUrl

    def in_jurisdiction(self, code: str) -> bool:
        """True for the region's regime (EU), country (DE) or sub-national area (US-CA)."""
        return code in (self.jurisdiction, self.country, self.subdivision)


class Eligibility(Record):
    hipaa_baa: bool
    pci_dss: bool
    soc2: bool
    iso27001: bool

    def has(self, flag: EligibilityFlag) -> bool:
        return bool(getattr(self, flag))


class ManagedService(Record):
    """A managed service with a base list price for one unit in the reference region.

    ``eligibility_sources`` cites, per flag, the provider's published in-scope list the flag
    was read from, with its as-of date."""

    id: str
    provider: Provider
    category: ServiceCategory
    name: str
    price_usd: PositiveFloat
    price_unit: str
    pricing_notes: str | None = None
    eligibility: Eligibility
    eligibility_sources: dict[EligibilityFlag, Citation]
    source: HttpUrl


class EgressPrice(Record):
    provider: Provider
    usd_per_gb: PositiveFloat
    free_gb_per_month: float = Field(ge=0)
    basis: str
    source: HttpUrl


class ApplicabilityRule(Record):
    """Matches when every non-null dimension intersects the assessed profile."""

    reason: str
    industries: tuple[str, ...] | None
    jurisdictions: tuple[str, ...] | None
    data_types: tuple[str, ...] | None
    ai_risk_levels: tuple[str, ...] | None
    ai_use_cases: tuple[str, ...] | None = None


class Exemption(Record):
    """Part of a framework's scope carved out when another framework already governs it."""

    reason: str
    when_applicable: tuple[str, ...] = Field(min_length=1, description="framework ids")
    data_types: tuple[str, ...] | None = None


class Requirement(Record):
    id: str
    title: str
    description: str


class TechnicalControl(Record):
    """Met when all ``satisfied_by`` declared controls are present."""

    id: str
    description: str
    severity: Severity
    satisfied_by: tuple[DeclaredControl, ...] = Field(min_length=1)
    requirement_id: str
    ai_risk_levels: tuple[str, ...] | None = Field(
        default=None, description="checked only for these AI risk levels; None = always"
    )


class ComplianceFramework(Record):
    """An obligation (a law, or a contractual duty such as PCI DSS: applies when a rule
    matches) or an attestation (a certificate or report the organisation's customers ask for:
    applies only when the organisation declares it)."""

    id: FrameworkId
    name: str
    kind: Literal["obligation", "attestation"] = "obligation"
    service_eligibility_flag: EligibilityFlag | None
    source: HttpUrl
    rules: tuple[ApplicabilityRule, ...]
    exemptions: tuple[Exemption, ...] = ()
    requirements: tuple[Requirement, ...]
    controls: tuple[TechnicalControl, ...]


class ComplianceVocabulary(Record):
    industries: tuple[str, ...]
    data_types: tuple[str, ...]
    ai_risk_levels: tuple[str, ...]
    declared_controls: tuple[DeclaredControl, ...]
    severities: tuple[Severity, ...]


class AiUseCaseRisk(Record):
    """EU AI Act risk tier (minimal, limited, high, prohibited) per AI use case."""

    basis: str
    source: HttpUrl
    levels: dict[str, str]


class OpenModel(Record):
    """Open-weights model with the architecture figures KV-cache sizing needs."""

    id: str
    name: str
    family: str
    params_b: PositiveFloat
    active_params_b: PositiveFloat | None = Field(description="MoE: parameters used per token")
    context_length: PositiveInt
    layers: PositiveInt
    hidden_size: PositiveInt
    attention_heads: PositiveInt
    kv_heads: PositiveInt
    head_dim: PositiveInt
    license: str
    source: HttpUrl

    @property
    def params_per_token_b(self) -> float:
        """Parameters read and multiplied per generated token (active for MoE)."""
        return self.active_params_b if self.active_params_b is not None else self.params_b


class HostedModel(Record):
    """One model on one API platform, priced per million tokens."""

    id: str
    name: str
    vendor: str
    platform: Literal[
        "openai", "anthropic", "google_ai", "aws_bedrock", "azure_openai", "gcp_vertex"
    ]
    cloud_provider: Provider | None
    input_usd_per_1m: PositiveFloat
    output_usd_per_1m: PositiveFloat
    context_window: PositiveInt
    hipaa_baa: bool
    processing_jurisdictions: tuple[str, ...] = Field(min_length=1)
    source: HttpUrl
    maintained_ref: str | None = Field(
        default=None, description="provider/model in the maintained price source (genai-prices)"
    )
    as_of: date | None = Field(default=None, description="set when a maintained price applies")
    price_basis: str | None = None
