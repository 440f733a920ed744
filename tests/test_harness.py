"""The measurement harnesses' sampling: adaptive by default (at least N samples and a time
budget), exact counts where --warmup/--repeat are given; the same in Python, C and Rust."""
from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from inferena.runner import sampling

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


@pytest.fixture
def harness(monkeypatch):
    """templates/python/harness.py on a fake clock that only a step advances."""
    spec = importlib.util.spec_from_file_location("harness_under_test", TEMPLATES / "python" / "harness.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    now = [0.0]
    monkeypatch.setattr(module.time, "perf_counter", lambda: now[0])
    module.clock = now
    return module


def step(harness, seconds: float):
    def fn():
        harness.clock[0] += seconds
        return "result"
    return fn


def test_fast_steps_sample_until_the_budget_is_spent(harness):
    stats, result = harness.measure(step(harness, 0.1), harness.Sampling(-1, 1, 0.5), harness.Sampling(-1, 3, 1.0))
    assert result == "result"
    assert stats["warmup"] == 5 and stats["repeat"] == 10 == len(stats["samples"])
    assert stats["median"] == pytest.approx(100)


def test_a_slow_step_takes_min_samples_after_one_warmup(harness):
    stats, _ = harness.measure(step(harness, 30.0), harness.Sampling(-1, 1, 0.5), harness.Sampling(-1, 3, 1.0))
    assert (stats["warmup"], stats["repeat"]) == (1, 3)


def test_exact_counts_ignore_the_budget(harness):
    stats, _ = harness.measure(step(harness, 0.1), harness.Sampling(0, 1, 0.5), harness.Sampling(2, 3, 1.0))
    assert (stats["warmup"], stats["repeat"]) == (0, 2)


def test_adaptive_runs_stop_at_the_cap(harness):
    stats, _ = harness.measure(step(harness, 1e-6), harness.Sampling(-1, 1, 60), harness.Sampling(-1, 3, 60))
    assert stats["warmup"] == stats["repeat"] == harness.MAX_RUNS


@pytest.mark.parametrize("argv, warmup, repeat", [
    ([], (-1, 1, 0.5), (-1, 3, 1.0)),
    (["--warmup", "0", "--repeat", "0"], (0, 1, 0.5), (1, 3, 1.0)),
    (["--repeat", "7", "--budget", "2", "--min-samples", "5", "--warmup-budget", "0.1"], (-1, 1, 0.1), (7, 5, 2.0)),
])
def test_command_line(harness, monkeypatch, argv, warmup, repeat):
    monkeypatch.setattr(sys, "argv", ["main.py", *argv])
    args = harness.parse_args()
    assert args.warmup == harness.Sampling(*warmup) and args.repeat == harness.Sampling(*repeat)


C_MAIN = r"""
#include <stdio.h>
#include <time.h>
#include "harness.h"

static void step(void *arg) {
    struct timespec t = {0, 2000000};     /* 2 ms */
    nanosleep(&t, NULL);
    ++*(int *)arg;
}

int main(int argc, char **argv) {
    struct args a = parse_args(argc, argv);
    static char json[1 << 14];
    int steps = 0;
    measure(a.warmup, a.repeat, step, &steps, json, sizeof json);
    printf("%s\n", json);
    return 0;
}
"""


@pytest.mark.skipif(shutil.which("cc") is None, reason="no C compiler")
@pytest.mark.parametrize("argv, warmup, repeat", [
    # steps of 2 ms or more: a budget of 30 ms is spent within 15 of them
    (["--budget", "0.03", "--warmup-budget", "0.01", "--min-samples", "2"], range(1, 6), range(2, 16)),
    (["--warmup-budget", "0", "--budget", "0"], [1], [3]),
    (["--warmup", "0", "--repeat", "4", "--budget", "9"], [0], [4]),
])
def test_c_harness_samples_alike(tmp_path, argv, warmup, repeat):
    (tmp_path / "main.c").write_text(C_MAIN)
    exe = tmp_path / "main"
    subprocess.run(["cc", "-O1", "-I", str(TEMPLATES / "c"), "-o", str(exe), str(tmp_path / "main.c"),
                    str(TEMPLATES / "c" / "harness.c"), "-lm"], check=True)
    stats = json.loads(subprocess.run([str(exe), *argv], capture_output=True, text=True, check=True).stdout)
    assert stats["warmup"] in warmup and stats["repeat"] in repeat
    assert len(stats["samples"]) == stats["repeat"] and stats["min"] >= 2.0
    if stats["repeat"] > 3:                 # more than the least: the budget was not spent before the last
        assert sum(stats["samples"][:-1]) < 30


def test_the_runner_estimates_with_the_harness_defaults(harness, monkeypatch):
    monkeypatch.setattr(sys, "argv", ["main.py"])
    args = harness.parse_args()
    assert args.warmup == harness.Sampling(-1, 1, sampling.WARMUP_BUDGET_S)
    assert args.repeat == harness.Sampling(-1, sampling.MIN_SAMPLES, sampling.BUDGET_S)
    assert harness.MAX_RUNS == sampling.MAX_RUNS
    warmup, repeat = f"{{-1, 1, {sampling.WARMUP_BUDGET_S}}}", f"{{-1, {sampling.MIN_SAMPLES}, {sampling.BUDGET_S}}}"
    assert f"{warmup}, {repeat}" in (TEMPLATES / "c" / "harness.c").read_text()
    assert f"#define INFERENA_MAX_RUNS {sampling.MAX_RUNS} " in (TEMPLATES / "c" / "harness.h").read_text()
    rust = (TEMPLATES / "rust" / "harness.rs").read_text()
    assert f"least: 1, budget_s: {sampling.WARMUP_BUDGET_S} " in rust
    assert f"least: {sampling.MIN_SAMPLES}, budget_s: {sampling.BUDGET_S} " in rust
    assert f"MAX_RUNS: usize = {sampling.MAX_RUNS};" in rust


def test_runner_flags_pass_only_what_was_given():
    assert sampling.Sampling().args() == []
    assert sampling.Sampling(0, 1, budget=2.5).args() == ["--warmup", "0", "--repeat", "1", "--budget", "2.5"]


@pytest.mark.parametrize("step_s, expected_s", [
    (0.1, 0.5 + 1.0),             # 5 warm-ups, 10 samples: the budgets
    (30.0, 4 * 30.0),             # one warm-up, three samples
    (1e-7, 2000 * 1e-7),          # the cap on both
])
def test_a_measurement_takes_its_budgets_or_its_least_runs(step_s, expected_s):
    assert sampling.Sampling().measurement_s(step_s) == pytest.approx(expected_s)
    assert sampling.Sampling(2, 5).measurement_s(step_s) == pytest.approx(7 * step_s)
