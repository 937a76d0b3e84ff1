"""Orchestration of a check run: dossiers, lifecycle, access control, incremental selection."""
