"""Hosted-model token prices from maintained sources."""
