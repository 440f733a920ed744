"""Generated Rust crates: one cargo workspace under the output root, built before running.

`generated/Cargo.toml` lists every generated crate (`<model>/<framework>`) as a member, so
all of them share one Cargo.lock and one target dir (`generated/target`, or $CARGO_TARGET_DIR):
dependencies compile once per machine and a model change rebuilds only its crate. A new
workspace starts from templates/rust/Cargo.lock, so every crate the dependencies pull in
resolves to the version the developers tested, not to that day's newest.

A machine without cargo (the lent GPU machine) runs binaries built elsewhere: each build leaves
beside its binary the digest of what it was built from (`<binary>.sources`: the crate's manifest
and sources, features, CPU configuration), and `prebuilt` takes a binary carried into the target
dir only where that digest matches the crate as generated here."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

from inferena import templates
from inferena.emitters import rustcode

from .cpubuild import CargoBuild, cargo_build
from .process import run_group

LOCK = Path(templates.__file__).parent / "rust" / "Cargo.lock"

WORKSPACE = """\
# Written by `inferena gen`: every generated Rust crate is a member, so they share one
# Cargo.lock and one target dir and their dependencies compile once.
[workspace]
resolver = "2"
members = [
{members}]

[profile.release]
debug = false
"""


def write_workspace(root: Path) -> Path | None:
    """(Re)write root/Cargo.toml for the crates under root; None when there are none."""
    crates = sorted(p.parent.relative_to(root).as_posix() for p in root.glob("*/*/Cargo.toml")
                    if not p.parent.parent.name.startswith("."))       # skip partial outputs
    path = root / "Cargo.toml"
    if not crates:
        return None
    text = WORKSPACE.format(members="".join(f'    "{c}",\n' for c in crates))
    if not path.exists() or path.read_text() != text:
        tmp = path.with_name(f".Cargo.toml.{os.getpid()}")
        tmp.write_text(text)
        tmp.replace(path)
    if not (root / "Cargo.lock").exists():
        shutil.copy(LOCK, root / "Cargo.lock")      # cargo adds the members, keeps these versions
    return path


def missing(tools: list[str]) -> str | None:
    """Why a crate cannot be built here, or None."""
    absent = [t for t in tools if shutil.which(t) is None]
    if not absent:
        return None
    return (f"{', '.join(absent)} not found (install the Rust toolchain with rustup and a C "
            "compiler for linking)")


class BuildError(Exception):
    pass


@dataclass
class Built:
    seconds: float | None         # None: built on another machine
    executable: Path
    config: str = ""              # how it was built for this CPU (runner/cpubuild.py)


def build(crate: Path, timeout: float, cpu_build: str = "native", device: str = "cpu", release: bool = True) -> Built:
    """`cargo build --release` of one workspace member in the CPU configuration `cpu_build`
    (runner/cpubuild.py) for `device`; its time and the binary it made."""
    write_workspace(crate.parent.parent)          # members as they are on disk now
    config = cargo_build(cpu_build, crate, target_dir(crate), device)
    cmd = ["cargo", "build", "--manifest-path", str(crate / "Cargo.toml"), *config.args,
           "--message-format=json-render-diagnostics", *(["--release"] if release else [])]
    start = time.perf_counter()
    try:
        proc = run_group(cmd, timeout, env={**os.environ, **config.env})   # cargo locks its target dir
    except subprocess.TimeoutExpired:
        raise BuildError(f"cargo build timed out after {timeout:.0f} s") from None
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        errors = [line for line in proc.stderr.splitlines() if line.startswith("error")]
        raise BuildError(f"cargo build failed: {(errors or proc.stderr.strip().splitlines()[-1:] or ['?'])[0][:300]}")
    executables = []
    for line in proc.stdout.splitlines():
        if line.startswith("{"):
            msg = json.loads(line)
            if msg.get("reason") == "compiler-artifact" and msg.get("executable"):
                executables.append(Path(msg["executable"]))
    if not executables:
        raise BuildError("cargo build made no executable")
    stamp(executables[-1]).write_text(sources_digest(crate, config))
    return Built(seconds, executables[-1], config.description)


def target_dir(crate: Path) -> Path:
    return Path(os.environ.get("CARGO_TARGET_DIR") or crate.parent.parent / "target")


def stamp(executable: Path) -> Path:
    return executable.with_name(executable.name + ".sources")


def sources_digest(crate: Path, config: CargoBuild) -> str:
    """What a binary is built from: features, CPU configuration and the crate's sources; a crate
    unchanged since `inferena gen` wrote it by what its emitter wrote before rustfmt (EMITTED:
    alike where rustfmt is not installed), an edited one by its files."""
    sources = {path.relative_to(crate).as_posix(): rustcode.digest(path.read_bytes())
               for path in [crate / "Cargo.toml", *(crate / "src").rglob("*.rs")]}
    try:
        emitted = json.loads((crate / rustcode.EMITTED).read_text())
    except (OSError, ValueError):
        emitted = {"files": {"": ""}}
    if all(sources.get(name) == written for name, written in emitted["files"].items()):
        sources = [emitted["before_rustfmt"], {n: d for n, d in sources.items() if n not in emitted["files"]}]
    return rustcode.digest(json.dumps([config.description, config.features, sources], sort_keys=True).encode())


def prebuilt(crate: Path, cpu_build: str = "native", device: str = "cpu") -> Built | None:
    """The binary a build on another machine left for exactly this crate, configuration and
    device in the target dir (carried here), or None."""
    config = cargo_build(cpu_build, crate, target_dir(crate), device)
    try:
        name = tomllib.loads((crate / "Cargo.toml").read_text())["package"]["name"]
        built_from = stamp(config.target_dir / "release" / name).read_text()
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return None
    if built_from != sources_digest(crate, config):
        return None
    return Built(None, config.target_dir / "release" / name,
                 f"{config.description}; prebuilt (no cargo here: the binary built for these sources)")
