"""Deterministic demo data generators."""
