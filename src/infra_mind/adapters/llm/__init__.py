"""LLM providers (offline, OpenAI-compatible, Anthropic), their settings and the router factory."""
