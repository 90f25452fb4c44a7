"""Catalog settings (``INFRA_MIND_CATALOG__*``): where a refreshed catalog lives, how old its
prices may be before every outcome warns, and the price sources' endpoints."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field, SecretStr

AWS_OFFERS_URL = "https://pricing.us-east-1.amazonaws.com"
AZURE_PRICES_URL = "https://prices.azure.com/api/retail/prices"
GCP_BILLING_URL = "https://cloudbilling.googleapis.com/v1"


class CatalogSettings(BaseModel):
    dir: Path | None = None
    max_age_days: int = Field(default=90, ge=1)
    gcp_api_key: SecretStr | None = None
    timeout_s: float = Field(default=60.0, gt=0)
    aws_url: str = AWS_OFFERS_URL
    azure_url: str = AZURE_PRICES_URL
    gcp_url: str = GCP_BILLING_URL
