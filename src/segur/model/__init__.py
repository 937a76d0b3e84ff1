"""Pydantic models of the repository's data. No I/O here."""
