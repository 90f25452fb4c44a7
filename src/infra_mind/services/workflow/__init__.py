"""Workflow engine."""
