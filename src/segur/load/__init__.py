"""Reading untrusted input: YAML with positions, validation, proof files, git history."""
