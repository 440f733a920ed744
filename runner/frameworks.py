"""How the runner checks for, builds and starts each framework's generated program.

TOOLCHAINS is the table: a generated program's manifest names its toolchain (the emitter's
language says which: emitters/base.py), and the runner asks that entry, never the framework."""
from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from inferena.emitters import EMITTERS

from . import cargo
from .cargo import BuildError, Built
from .cpubuild import make_variables
from .process import exclusive, run_group

# pip extra that installs each package a generated program may import (each emitter names its own)
EXTRAS = {module: extra for e in EMITTERS.values() for module, extra in e.extras.items()}


def missing_modules(requires: list[str]) -> str | None:
    absent = [m for m in requires if importlib.util.find_spec(m) is None]
    if not absent:
        return None
    extras = ",".join(dict.fromkeys(EXTRAS.get(m, m) for m in absent))
    return f"{', '.join(absent)} not installed (pip install 'inferena[{extras}]')"


def missing_tools(advice: str) -> Callable[[list[str]], str | None]:
    def check(tools: list[str]) -> str | None:
        absent = [t for t in tools if shutil.which(t) is None]
        return f"{', '.join(absent)} not found ({advice})" if absent else None
    return check


def c_missing(requires: list[str]) -> str | None:
    """Tools on PATH, and `python:<module>` entries: a package whose files the build uses
    (the prebuilt libggml of libggml-python), installed by a pip extra."""
    modules = [r.split(":", 1)[1] for r in requires if r.startswith("python:")]
    tools = [r for r in requires if not r.startswith("python:")]
    return (missing_tools("install a C compiler (and make, where the program has a Makefile)")(tools)
            or missing_modules(modules))


def c_build(program: Path, timeout: float, cpu_build: str = "native", device: str = "cpu") -> Built:
    """`make` where the program has a Makefile (PYTHON: this interpreter, for Makefiles that ask
    a package where its files are; GGML: the ggml of `cpu_build`, runner/cpubuild.py), else
    `cc -O3` over its .c files; the executable is `<program>/main`, rebuilt when the
    configuration changes. The device is the program's to open (ggml's backends are in its library)."""
    exe = program / "main"
    variables, config = make_variables(cpu_build)
    stamp = program / ".cpu-build"
    if stamp.exists() and stamp.read_text() != config:
        exe.unlink(missing_ok=True)
    cmd = (["make", "-C", str(program), f"PYTHON={sys.executable}", *variables] if (program / "Makefile").exists() else
           ["cc", "-O3", "-o", str(exe), *map(str, sorted(program.glob("*.c"))), "-lm"])
    start = time.perf_counter()
    try:
        with exclusive(program / ".build.lock"):        # two runs never write one executable at once
            proc = run_group(cmd, timeout)
    except subprocess.TimeoutExpired:
        raise BuildError(f"{cmd[0]} timed out after {timeout:.0f} s") from None
    if proc.returncode != 0:
        lines = [line for line in proc.stderr.splitlines() if "error" in line] or proc.stderr.splitlines()[-1:]
        raise BuildError(f"{cmd[0]} failed: {(lines or ['?'])[0][:300]}")
    if not exe.exists():
        raise BuildError(f"{cmd[0]} made no {exe.name} executable")
    stamp.write_text(config)
    return Built(time.perf_counter() - start, exe, config)


@dataclass(frozen=True)
class Toolchain:
    """missing(requires) -> why it cannot run here or None; build(program, timeout, cpu_build,
    device) -> Built or None (nothing to build), raising BuildError; generated(out_root): after `inferena gen`
    wrote programs of this toolchain under out_root (cargo: the workspace manifest); prebuilt(program,
    cpu_build, device): where the toolchain is missing, a binary built for this program elsewhere, or None."""
    missing: Callable[[list[str]], str | None]
    build: Callable[[Path, float, str, str], Built | None]
    generated: Callable[[Path], object] = lambda out_root: None
    prebuilt: Callable[[Path, str, str], Built | None] = lambda program, cpu_build, device: None


TOOLCHAINS = {
    "python": Toolchain(missing_modules, lambda program, timeout, cpu_build, device: None),
    "cargo": Toolchain(cargo.missing, cargo.build, cargo.write_workspace, cargo.prebuilt),
    "c": Toolchain(c_missing, c_build),
}


def missing(requires: list[str], program: str = "python", cpu_build: str = "native") -> str | None:
    """Why the program cannot run here, or None. `program` is the manifest's toolchain:
    "python" (requires: modules it imports), "cargo" or "c" (requires: tools that build it
    in the CPU configuration `cpu_build`)."""
    if program not in TOOLCHAINS:
        return f"unknown toolchain {program!r} (this inferena knows {', '.join(TOOLCHAINS)})"
    return TOOLCHAINS[program].missing(applicable(requires, program, cpu_build))


def applicable(requires: list[str], program: str, cpu_build: str = "native") -> list[str]:
    """What a program needs in `cpu_build`: a C program's `python:` entries (the prebuilt ggml of
    libggml-python) not where it builds against this machine's own ggml (make ggml-native)."""
    if program == "c" and make_variables(cpu_build)[0]:
        return [r for r in requires if not r.startswith("python:")]
    return requires


def build(program: Path, kind: str, timeout: float, cpu_build: str = "native", device: str = "cpu") -> Built | None:
    """The toolchain's build step (cargo: `cargo build --release`) in the CPU configuration
    `cpu_build` (runner/cpubuild.py) for `device`; None for Python. Raises BuildError."""
    return TOOLCHAINS[kind].build(program, timeout, cpu_build, device)


def prebuilt(program: Path, kind: str, cpu_build: str = "native", device: str = "cpu") -> Built | None:
    """A binary built elsewhere for this program, configuration and device (runner/cargo.py), or None."""
    return TOOLCHAINS[kind].prebuilt(program, cpu_build, device) if kind in TOOLCHAINS else None


def command(program: Path, out: Path, args: list[str], built: Built | None = None) -> list[str]:
    """Generated programs all share one command line (templates/python/harness.py,
    templates/rust/harness.rs); a built program runs its executable."""
    start = [str(built.executable)] if built else [sys.executable, str(program / "main.py")]
    return [*start, "--data", str(program.parent), "--out", str(out), *args]
