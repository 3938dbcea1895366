"""How long ``import nexusforge_agents`` takes in a fresh interpreter (goal: under 1 s), and what it loads.

    python benchmarks/import_time.py [--repeat 5]

Each run is a new ``python -c`` process; the figure is the import alone (interpreter start-up excluded), as the
median and the worst of the runs, printed with the machine's load average (other work on the machine slows it).
tests/test_public_api.py checks the part that does not depend on the machine: the import loads no graph, model
client or web framework.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys

CODE = (
    "import sys, time; t = time.perf_counter(); import nexusforge_agents; d = time.perf_counter() - t; "
    "import json; print(json.dumps({'seconds': d, 'modules': len(sys.modules)}))"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5, help="fresh interpreters to time (default 5)")
    args = parser.parse_args()
    runs = [
        json.loads(subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, check=True).stdout)
        for _ in range(max(1, args.repeat))
    ]
    seconds = [r["seconds"] for r in runs]
    print(
        json.dumps(
            {
                "import_median_s": round(statistics.median(seconds), 3),
                "import_worst_s": round(max(seconds), 3),
                "modules_loaded": runs[-1]["modules"],
                "runs": len(runs),
                "goal_s": 1.0,
                "load_average": round(os.getloadavg()[0], 1),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
