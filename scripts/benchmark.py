"""Benchmark of segur at scale: see benchmarks/README.md.

python scripts/benchmark.py --tailles 100 1000 5000 --sortie docs/performance.md
"""

from __future__ import annotations

import sys
from pathlib import Path

# The benchmarks are tooling beside the package, not part of it: run from the checkout.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.harness import main

if __name__ == "__main__":
    sys.exit(main())
