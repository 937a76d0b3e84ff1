"""Findings and the rule registry: what every stage reports."""
