"""`python3 -m benchmarks`: regenerate benchmarks/REPORT.md (see benchmarks/run.py)."""

import sys

from benchmarks.run import main

sys.exit(main())
