"""Tool: what editors start from (scaffold, JSON Schemas). Never imported by the core."""
