"""Catalog adapters: price fetchers for each provider and the on-disk catalog store."""
