"""How long a row of `inferena run` will take: its build, compile and each measurement under the
run's sampling, from the rows measured before (benchmarks/*.json, every sample kept) where there
is one of that model, config and framework, else from typical costs; and the run's ETA, those
estimates scaled by how the rows done so far compared with theirs."""
from __future__ import annotations

import functools
import json
import os
import sys
import time
from pathlib import Path

from rich.progress import ProgressColumn, Task
from rich.text import Text

from inferena.emitters import EMITTERS
from inferena.ir import IRError

from .execute import MEASUREMENTS, Record, read_manifest
from .frameworks import missing
from .sampling import Sampling

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
# typical costs where no row was measured (a tiny config, a new framework)
STEP_S = 0.1                 # one step of a measurement
COMPILE_S = 5.0
OVERHEAD_S = 5.0             # process start, imports, writing and verifying the outputs
CRATE_BUILD_S = 10.0         # a model's crate with its dependencies built (measured 1-25 s)
# a cold `cargo build --release` of a framework's dependencies, measured on the 2-core
# development machine (README.md, benchmarks/NOTES.md); others: COLD_DEPS_S
COLD_DEPS_MEASURED_S = {"candle": 300, "burn": 240, "meganeura": 205, "luminal": 138}
COLD_DEPS_S = 240
OLD_WARMUP = 2               # the warm-up count of runs made before the harness sampled adaptively


@functools.cache
def measured_rows() -> dict[tuple[str, str, str, bool], Record]:
    """(model, config, framework, on a GPU) -> the first row of benchmarks/*.json that ran."""
    rows: dict[tuple[str, str, str, bool], Record] = {}
    for path in sorted(BENCHMARKS.glob("*.json")):
        try:
            records = json.loads(path.read_text())["records"]
        except (OSError, ValueError, KeyError):
            continue
        for fields in records:
            rec = Record(**fields)
            if rec.status in ("PASS", "CLOSE"):
                rows.setdefault((rec.model, rec.config, rec.framework, _on_gpu(rec.platform)), rec)
    return rows


def _on_gpu(platform: str) -> bool:
    return platform.startswith("NVIDIA")


def steps_s(rec: Record) -> list[float]:
    """The step of each measurement the row made, in seconds."""
    return [v / 1e3 for m in MEASUREMENTS if (v := getattr(rec, f"{m}_ms")) is not None]


def overhead_s(rec: Record) -> float:
    """What the row's process spent besides compiling and measuring (starting, verifying)."""
    if rec.wall_s is None:
        return OVERHEAD_S
    measuring = 0.0
    for m in MEASUREMENTS:
        spread, step = rec.spread.get(m), getattr(rec, f"{m}_ms")
        if spread and step is not None:
            warmups = spread.get("warmup", OLD_WARMUP * spread.get("processes", 1))
            measuring += (spread["repeat"] + warmups) * step / 1e3
    processes = max(rec.spread.get("compile", {}).get("processes", 1), 1)
    return max(0.0, (rec.wall_s - measuring) / processes - (rec.compile_s or 0.0))


def row_s(model: str, config: str, framework: str, sampling: Sampling, gpu: bool = False) -> float:
    """Seconds a row takes to build (dependencies built), compile and measure."""
    rec = measured_rows().get((model, config, framework, gpu))
    if rec is None:
        build = CRATE_BUILD_S if EMITTERS[framework].toolchain == "cargo" else 0.0
        return build + COMPILE_S + OVERHEAD_S + len(MEASUREMENTS) * sampling.measurement_s(STEP_S)
    return ((rec.build_s or 0.0) + (rec.compile_s or COMPILE_S) + overhead_s(rec)
            + sum(sampling.measurement_s(s) for s in steps_s(rec)))


def target_dir(generated: Path) -> Path:
    """Where cargo builds the generated workspace (runner/cargo.py)."""
    return Path(os.environ.get("CARGO_TARGET_DIR") or generated / "target")


def deps_built(framework: str, target: Path) -> bool:
    """Whether a Rust framework's crates.io dependencies (its emitter module's DEPENDENCIES) are
    built in `target`; True for other toolchains."""
    if EMITTERS[framework].toolchain != "cargo":
        return True
    deps = getattr(sys.modules[EMITTERS[framework].render.__module__], "DEPENDENCIES", {})
    fingerprints = target / "release" / ".fingerprint"
    return all(any(fingerprints.glob(f"{name}-*")) for name in deps)


def cold_deps_s(framework: str) -> float:
    return COLD_DEPS_MEASURED_S.get(framework, COLD_DEPS_S)


def program_s(model_dir: Path, framework: str, sampling: Sampling, device: str = "cpu") -> float:
    """The estimate for one generated program of `inferena run`: 0 for one that cannot run here
    (SKIPPED at once), a cold dependency build for a Rust one whose dependencies are not built."""
    try:
        manifest = read_manifest(model_dir)
    except IRError:
        return 0.0                  # an ERROR row at once, naming the file
    emitted = manifest["frameworks"].get(framework, {})
    if ("error" in emitted or framework not in EMITTERS      # not one this inferena knows: no estimate
            or missing(emitted.get("requires", []), emitted.get("program", "python"))):
        return 0.0
    cold = 0.0 if deps_built(framework, target_dir(model_dir.parent)) else cold_deps_s(framework)
    return cold + row_s(manifest["model"], manifest["config"], framework, sampling, device != "cpu")


class Eta:
    """Time left of a run: the estimates of the rows not done yet, scaled by the rows done so
    far (their time over their estimates)."""

    def __init__(self, estimates_s: list[float]):
        self.estimates_s = estimates_s
        self.done = 0
        self.spent_s = 0.0
        self.last = time.perf_counter()

    def row_done(self) -> dict[str, float]:
        """After a row: the progress task's fields (`left_s`, `at`) for EtaColumn."""
        now = time.perf_counter()
        self.spent_s += now - self.last
        self.done, self.last = self.done + 1, now
        return self.fields()

    def left_s(self) -> float:
        expected = sum(self.estimates_s[:self.done])
        scale = self.spent_s / expected if self.done and expected > 0 else 1.0
        return scale * sum(self.estimates_s[self.done:])

    def fields(self) -> dict[str, float]:
        return {"left_s": self.left_s(), "at": self.last}


class EtaColumn(ProgressColumn):
    """`ETA 3:20`: the Eta of the last row done, counting down until the next."""

    def render(self, task: Task) -> Text:
        if "left_s" not in task.fields:
            return Text("")
        left = max(0.0, task.fields["left_s"] - (time.perf_counter() - task.fields["at"]))
        return Text(f"ETA {clock(left)}", style="progress.remaining")


def clock(seconds: float) -> str:
    """`1:05:09`, `4:20`: hours, minutes and seconds."""
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
