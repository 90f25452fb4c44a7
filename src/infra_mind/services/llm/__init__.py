"""LLM use cases: routing, caching, accounting, structured output and the prompt builder."""
