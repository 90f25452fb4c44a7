"""Whose page a source URL is: each catalog record must cite a page of its own provider."""

from __future__ import annotations

from urllib.parse import urlsplit

OWN_HOSTS: dict[str, tuple[str, ...]] = {
    "aws": (
        "aws.amazon.com",
        "docs.aws.amazon.com",
        "awsdocs-neuron.readthedocs-hosted.com",
        "pricing.us-east-1.amazonaws.com",  # the price-list offer files (not all amazonaws.com)
    ),
    "azure": ("azure.microsoft.com", "learn.microsoft.com", "prices.azure.com"),
    "gcp": ("cloud.google.com", "cloudbilling.googleapis.com", "ai.google.dev"),
    "nvidia": ("nvidia.com",),
    "google": ("cloud.google.com", "ai.google.dev"),
    "openai": ("openai.com",),
    "anthropic": ("anthropic.com",),
}
"""Hosts (and their sub-domains) that belong to each provider or hardware vendor."""

PLATFORM_OWNER = {
    "openai": "openai",
    "anthropic": "anthropic",
    "google_ai": "google",
    "aws_bedrock": "aws",
    "azure_openai": "azure",
    "gcp_vertex": "gcp",
}
"""Hosted-model platform → the owner whose pages may price it."""


def is_own_page(owner: str, url: str) -> bool:
    """True when ``url`` is served from one of ``owner``'s hosts."""
    host = (urlsplit(url).hostname or "").lower()
    return any(host == h or host.endswith("." + h) for h in OWN_HOSTS.get(owner, ()))
