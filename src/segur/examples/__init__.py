"""Tool: fictitious example and synthetic repositories. Never imported by the core."""
