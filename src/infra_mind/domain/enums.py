"""Vocabularies shared by the input, the knowledge base and the results."""

from __future__ import annotations

from enum import StrEnum


class CompanySize(StrEnum):
    STARTUP = "startup"
    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"
    ENTERPRISE = "enterprise"


class Industry(StrEnum):
    HEALTHCARE = "healthcare"
    FINANCE = "finance"
    INSURANCE = "insurance"
    RETAIL = "retail"
    ECOMMERCE = "ecommerce"
    TECHNOLOGY = "technology"
    MANUFACTURING = "manufacturing"
    EDUCATION = "education"
    GOVERNMENT = "government"
    MEDIA = "media"
    TELECOM = "telecom"
    ENERGY = "energy"
    LOGISTICS = "logistics"
    OTHER = "other"


class Priority(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def weight(self) -> int:
        """Ordinal 1–4, used when ranking."""
        return list(Priority).index(self) + 1


class Framework(StrEnum):
    GDPR = "gdpr"
    HIPAA = "hipaa"
    SOC2 = "soc2"
    ISO27001 = "iso27001"
    PCI_DSS = "pci_dss"
    CCPA = "ccpa"
    EU_AI_ACT = "eu_ai_act"
    EU_MDR = "eu_mdr"
    PIPEDA = "pipeda"
    PDPA_SG = "pdpa_sg"
    GLBA = "glba"
    LGPD = "lgpd"
    DORA = "dora"


class Jurisdiction(StrEnum):
    EU = "EU"
    UK = "UK"
    US = "US"
    CA = "CA"
    CH = "CH"
    JP = "JP"
    SG = "SG"
    AU = "AU"
    IN = "IN"
    BR = "BR"
    KR = "KR"
    AE = "AE"
    # sub-national and country codes where rules differ from the regime they belong to
    US_CA = "US-CA"
    DE = "DE"
    FR = "FR"
    NL = "NL"
    IE = "IE"
    SE = "SE"
    BE = "BE"
    FI = "FI"


class CloudProvider(StrEnum):
    AWS = "aws"
    AZURE = "azure"
    GCP = "gcp"


class WorkloadType(StrEnum):
    WEB_APP = "web_app"
    API = "api"
    BATCH = "batch"
    DATA_PIPELINE = "data_pipeline"
    ANALYTICS = "analytics"
    STREAMING = "streaming"
    ML_TRAINING = "ml_training"
    ML_INFERENCE = "ml_inference"
    LLM_INFERENCE = "llm_inference"


class DeploymentModel(StrEnum):
    PUBLIC_CLOUD = "public_cloud"
    HYBRID = "hybrid"
    ON_PREMISES = "on_premises"
    EDGE = "edge"


class Precision(StrEnum):
    FP32 = "fp32"
    BF16 = "bf16"
    FP16 = "fp16"
    FP8 = "fp8"
    INT8 = "int8"
    INT4 = "int4"

    @property
    def bytes_per_param(self) -> float:
        return _PRECISION_BYTES[self]


_PRECISION_BYTES = {
    Precision.FP32: 4.0,
    Precision.BF16: 2.0,
    Precision.FP16: 2.0,
    Precision.FP8: 1.0,
    Precision.INT8: 1.0,
    Precision.INT4: 0.5,
}


class SecurityControl(StrEnum):
    ENCRYPTION_AT_REST = "encryption_at_rest"
    ENCRYPTION_IN_TRANSIT = "encryption_in_transit"
    MFA = "mfa"
    SSO = "sso"
    RBAC = "rbac"
    AUDIT_LOGGING = "audit_logging"
    NETWORK_ISOLATION = "network_isolation"
    DLP = "dlp"
    BACKUPS = "backups"


class AIUseCase(StrEnum):
    CHATBOT = "chatbot"
    RAG = "rag"
    SUMMARIZATION = "summarization"
    CODE_GENERATION = "code_generation"
    CONTENT_GENERATION = "content_generation"
    RECOMMENDATION = "recommendation"
    FRAUD_DETECTION = "fraud_detection"
    CLASSIFICATION = "classification"
    FORECASTING = "forecasting"
    COMPUTER_VISION = "computer_vision"
    SEARCH = "search"
    CREDIT_SCORING = "credit_scoring"
    MEDICAL_TRIAGE = "medical_triage"
    HIRING = "hiring"
    OTHER = "other"


class TrainingKind(StrEnum):
    PRETRAINING = "pretraining"
    FULL_FINE_TUNING = "full_fine_tuning"
    LORA = "lora"


class DataSensitivity(StrEnum):
    PUBLIC = "public"
    INTERNAL = "internal"
    PERSONAL = "personal"
    HEALTH = "health"
    PAYMENT_CARD = "payment_card"
    FINANCIAL = "financial"
    BIOMETRIC = "biometric"
