"""Rules: pure functions from models to findings. No I/O, no printing."""
