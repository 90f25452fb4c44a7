"""Infra Mind."""
