"""How many times a generated program runs each measurement, as `inferena run` asks for it and
as its estimates (`inferena check`, the run's ETA) count it.

The harnesses (templates/python/harness.py, rust/harness.rs, c/harness.c) hold the defaults:
a measurement warms up for WARMUP_BUDGET_S (at least one run), then samples until it has
MIN_SAMPLES and BUDGET_S are spent, at most MAX_RUNS runs each. The constants here mirror them
(tests/test_harness.py holds them equal)."""
from __future__ import annotations

import math
from dataclasses import dataclass

MIN_SAMPLES = 3
BUDGET_S = 1.0
WARMUP_BUDGET_S = 0.5
MAX_RUNS = 1000


@dataclass(frozen=True)
class Sampling:
    """The run's sampling flags; None leaves the harness's default (warmup/repeat: adaptive)."""
    warmup: int | None = None
    repeat: int | None = None
    budget: float | None = None
    min_samples: int | None = None

    def args(self) -> list[str]:
        """The harness's flags for what was given."""
        given = {"--warmup": self.warmup, "--repeat": self.repeat, "--budget": self.budget,
                 "--min-samples": self.min_samples}
        return [s for flag, value in given.items() if value is not None for s in (flag, str(value))]

    def measurement_s(self, step_s: float) -> float:
        """Seconds one measurement of a step of `step_s` seconds takes, warm-up included."""
        warmup = _runs(self.warmup, 1, WARMUP_BUDGET_S, step_s)
        repeat = _runs(self.repeat, max(self.min_samples or MIN_SAMPLES, 1),
                       BUDGET_S if self.budget is None else self.budget, step_s)
        return (warmup + max(repeat, 1)) * step_s


def _runs(count: int | None, least: int, budget_s: float, step_s: float) -> int:
    if count is not None and count >= 0:
        return count
    return min(MAX_RUNS, max(least, math.ceil(budget_s / step_s) if step_s > 0 else MAX_RUNS))
