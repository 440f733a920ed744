"""`inferena check`: what can run here (each framework's packages, toolchain and device), the
command that fixes each missing part, and how long `make bench` will take.

The estimates come from numbers measured on the 2-core development machine: the rows of
benchmarks/*.json (runner/estimate.py), the cold builds and installs README.md and
benchmarks/NOTES.md report; where nothing was measured they are typical costs, said so."""
from __future__ import annotations

import glob
import importlib.util
import os
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.table import Table

from inferena.emitters import EMITTERS
from inferena.models import get_model

from .estimate import cold_deps_s, deps_built, row_s, target_dir
from .frameworks import EXTRAS, applicable
from .machine import platform_name
from .sampling import BUDGET_S, MIN_SAMPLES, Sampling

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements-lock.txt"
# seconds a fix takes; measured where a source says so, else a typical cost
INSTALL_S = {"llamacpp": 681}          # llama-cpp-python compiles llama.cpp: 11 min 21 s (README.md)
PIP_INSTALL_S = 60                     # a prebuilt wheel set
RUSTUP = ("curl --proto '=https' -sSf https://sh.rustup.rs | sh -s -- -y", 120)
C_TOOLS = ("apt-get install -y build-essential", 60)
VULKAN = ("make vulkan", 60)                        # apt-installs Mesa's lavapipe (Makefile)
VULKAN_FRAMEWORKS = {"meganeura"}                   # programs that run on a Vulkan device
GEN_MEASURED_S = {("SmolLM2-135M", "full"): 49}     # `inferena gen`, its f64 reference included
GEN_S = 60
VULKAN_ICDS = ("/usr/share/vulkan/icd.d/*.json", "/etc/vulkan/icd.d/*.json")


@dataclass
class Finding:
    """One framework on this machine: what is missing, the commands that fix it, what they and
    its row will take."""
    framework: str
    missing: list[str] = field(default_factory=list)
    fixes: dict[str, float] = field(default_factory=dict)     # command -> its seconds
    cold_s: float = 0.0           # a cold build of its crates.io dependencies
    notes: list[str] = field(default_factory=list)
    row_s: float = 0.0

    @property
    def ready(self) -> bool:
        return not self.missing

    @property
    def setup_s(self) -> float:
        return sum(self.fixes.values()) + self.cold_s

    def need(self, what: str, fix: str, seconds: float) -> None:
        self.missing.append(what)
        self.fixes[fix] = seconds


def duration(seconds: float) -> str:
    """`40 s`, `12 min`, `1 h 05 min`: as precise as an estimate is."""
    if seconds < 90:
        return f"{seconds:.0f} s"
    minutes = round(seconds / 60)
    return f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{minutes} min"


def pip_command(extras: list[str]) -> str:
    pip = Path(sys.executable).with_name("pip")
    constraint = f" -c {_shown(LOCK)}" if LOCK.exists() else ""        # the versions the tests ran with
    return f"{_shown(pip)} install{constraint} 'inferena[{','.join(extras)}]'"


def _shown(path: Path) -> str:
    """A path as short as it reads from here."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def has_vulkan() -> bool:
    return any(glob.glob(pattern) for pattern in VULKAN_ICDS)


def gpu_name() -> str | None:
    name = platform_name("cuda") if shutil.which("nvidia-smi") else None
    return name if name and name != platform_name() else None


def find(framework: str, model, config: str, target: Path) -> Finding:
    """What `framework` needs here for `model`, and its costs."""
    emitter = EMITTERS[framework]
    found = Finding(framework, row_s=row_s(model.name, config, framework, Sampling()))
    # a Python program's requirements are modules; a C or Rust one's are tools and `python:<module>`s
    # (packages whose files the build uses)
    requires = applicable(emitter.requirements(model), emitter.toolchain)
    modules = {r: r.removeprefix("python:") for r in requires if emitter.toolchain == "python" or r.startswith("python:")}
    absent = [m for m in modules.values() if not _importable(m)]
    if absent:
        extras = list(dict.fromkeys(EXTRAS.get(m, m) for m in absent))
        found.need(f"{', '.join(absent)} (Python)", pip_command(extras),
                   sum(INSTALL_S.get(e, PIP_INSTALL_S) for e in extras))
    for tool in (r for r in requires if r not in modules and shutil.which(r) is None):
        found.need(tool, *(RUSTUP if tool == "cargo" else C_TOOLS))
    if framework in VULKAN_FRAMEWORKS and not has_vulkan():
        found.need("Vulkan device", *VULKAN)
    if not deps_built(framework, target):
        found.cold_s = cold_deps_s(framework)
        found.notes.append(f"crates.io dependencies not built yet: ~{duration(found.cold_s)} once")
    return found


def _importable(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def findings(model_name: str, config: str, generated: Path) -> list[Finding]:
    model = get_model(model_name)
    target = target_dir(generated)
    return [find(name, model, config, target) for name, e in EMITTERS.items() if e.available(model)]


def bench_s(found: list[Finding], gen_s: float, fixed: bool) -> float:
    """`make bench`'s time: gen, then each row that runs (with `fixed`, every row, after each fix
    once)."""
    rows = [f for f in found if fixed or f.ready]
    fixes = {fix: seconds for f in rows for fix, seconds in f.fixes.items()}
    return gen_s + sum(f.row_s + f.cold_s for f in rows) + sum(fixes.values())


def print_check(console: Console, model_name: str, config: str, generated: Path) -> None:
    found = findings(model_name, config, generated)
    table = Table(title=f"What runs here ({platform_name()}; {model_name}, {config} config)", title_justify="left")
    for col in ("Framework", "Status", "Missing", "Fix", "Setup (est.)", "Row (est.)"):
        table.add_column(col, overflow="fold")
    for f in found:
        status = "[green]ready[/green]" if f.ready else "[red]SKIPPED[/red]"
        table.add_row(f.framework, status, "; ".join(f.missing + f.notes) or "—", "\n".join(f.fixes) or "—",
                      duration(f.setup_s) if f.setup_s else "—", duration(f.row_s))
    console.print(table)
    gpu = gpu_name()
    console.print(f"GPU: {gpu} (`inferena run --device cuda` times the Python rows on it)" if gpu else
                  "GPU: none found (nvidia-smi); every row runs on the CPU")
    gen_s = GEN_MEASURED_S.get((model_name, config), GEN_S)
    ready = sum(f.ready for f in found)
    console.print(f"`make bench` now: ~{duration(bench_s(found, gen_s, False))} ({ready} rows run, "
                  f"{len(found) - ready} SKIPPED); with every fix: ~{duration(bench_s(found, gen_s, True))}.")
    console.print(f"Estimates from numbers measured on a 2-core machine (benchmarks/*.json, README.md, "
                  f"benchmarks/NOTES.md): `gen` ~{duration(gen_s)}, each measurement at least {MIN_SAMPLES} "
                  f"samples and {BUDGET_S:g} s; a row never measured counts typical costs.", highlight=False)
