"""Sub-commands of the CLI. Each module exposes `register(subparsers)`; handlers print and
return an exit code, the core they call never prints."""
