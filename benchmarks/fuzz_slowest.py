"""The slowest call fuzzing finds for each LLM_* function, with its arguments and seconds.

Draws arguments with the fuzz suite's strategies (tests/helpers/fuzzing.py) and times
each call; a call over 0.5 s (Excel would freeze) is flagged on its own line.
Run: PYTHONPATH=$PWD python benchmarks/fuzz_slowest.py [examples per function]
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "helpers"))
from fuzzing import FUNCTIONS, arguments  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402

import xlfuncs  # noqa: E402

LIMIT_S = 0.5


def slowest(func, examples):
    worst = [0.0, None]

    @settings(max_examples=examples, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(arguments(func)[1])
    def run(values):
        start = time.perf_counter()
        try:
            func(*values)
        except xlfuncs.InputError:
            pass
        took = time.perf_counter() - start
        if took > worst[0]:
            worst[:] = [took, values]

    run()
    return worst


def main(examples=100):
    over = []
    for name in sorted(FUNCTIONS):
        took, args = slowest(FUNCTIONS[name], examples)
        print(f"{name:<24} {took:8.4f} s  {args!r}"[:300])
        if took > LIMIT_S:
            over.append(name)
    for name in over:
        print(f"OVER {LIMIT_S} s: {name}")
    print("every function answered within 0.5 s" if not over else f"{len(over)} function(s) over {LIMIT_S} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
