"""The Rust emitters' crates as a whole: every model's tiny config as a crate of each Rust
framework in one cargo workspace, SmolLM2 through the runner (build, run, PASS on outputs, loss
and every gradient) and `cargo clippy -D warnings` over all of them (test_models runs the whole
zoo end to end)."""
from __future__ import annotations

import importlib
import re
import shutil
import subprocess

import pytest

from inferena.emitters import EMITTERS
from inferena.models import MODELS
from inferena.runner import cargo
from inferena.runner.execute import run_program
from inferena.runner.generate import generate

pytestmark = pytest.mark.skipif(shutil.which("cargo") is None, reason="cargo is not installed")
BUILD_TIMEOUT = 1800
RUST = [name for name, e in EMITTERS.items() if e.toolchain == "cargo"]


@pytest.fixture(scope="module", params=RUST)
def zoo(request, tmp_path_factory):
    root = tmp_path_factory.mktemp(f"{request.param}-zoo")
    return request.param, {name: generate(name, "tiny", [request.param], root, log=lambda m: None)
                           for name, model in MODELS.items() if EMITTERS[request.param].available(model)}


def test_tiny_smollm2_builds_runs_and_passes(zoo):
    framework, dirs = zoo
    rec = run_program(dirs["SmolLM2-135M"], framework, warmup=0, repeat=1, timeout=BUILD_TIMEOUT)
    assert rec.status == "PASS", f"{rec.status} {rec.reason}"
    assert None not in (rec.compile_s, rec.inference_ms, rec.latency_ms)
    assert rec.framework_version == importlib.import_module(f"inferena.emitters.{framework.replace('-', '_')}").VERSION
    assert rec.build_s is not None
    if framework == "candle-canonical":     # candle-transformers' model: no backward, the row says why
        assert rec.training_ms is None and "no training: smol::smollm3" in rec.reason
        return
    assert rec.autodiff == ("ir" if framework == "luminal" else "native")   # Luminal 0.2.0 has no autodiff
    assert rec.training_ms is not None and rec.grad_rel_l2 is not None and rec.loss is not None


def test_generated_crates_are_clippy_clean(zoo):
    """`cargo clippy -D warnings` over every generated crate of the zoo (one workspace)."""
    root = zoo[1]["SmolLM2-135M"].parent
    proc = subprocess.run(["cargo", "clippy", "--release", "--workspace", "--manifest-path", str(root / "Cargo.toml"),
                           "--", "-D", "warnings"], capture_output=True, text=True, timeout=BUILD_TIMEOUT)
    assert proc.returncode == 0, proc.stderr[-3000:]


def test_a_failed_build_is_an_error_row_with_its_cause(zoo, tmp_path):
    """A crate that does not compile gives an ERROR row naming cargo's first error."""
    framework, dirs = zoo
    model = tmp_path / "SmolLM2-135M-tiny"
    shutil.copytree(dirs["SmolLM2-135M"], model, ignore=shutil.ignore_patterns("target"))
    main = model / framework / "src" / "main.rs"
    main.write_text(re.sub(r"(fn main\(\)[^{]*\{)", r'\1\n    let x: u8 = "no";', main.read_text(), count=1))
    rec = run_program(model, framework, warmup=0, repeat=1, timeout=BUILD_TIMEOUT)
    assert rec.status == "ERROR" and "cargo build failed: error" in rec.reason, f"{rec.status} {rec.reason}"


def test_without_cargo_a_binary_built_for_these_sources_runs(zoo, monkeypatch, tmp_path):
    """The lent GPU machine has neither cargo nor rustfmt: the crate it generates is laid out
    otherwise, yet the binary built here (by the first test) for the same emitted code, carried
    into its target dir, runs and verifies; the row says it was prebuilt."""
    monkeypatch.setenv("CARGO_TARGET_DIR", str(cargo.target_dir(zoo[1]["SmolLM2-135M"] / zoo[0])))
    formatted_here = shutil.which("rustfmt") is not None                 # the zoo's crate went through it
    monkeypatch.setattr(cargo.shutil, "which", lambda tool: None)      # no cargo, cc, rustfmt
    model = generate("SmolLM2-135M", "tiny", [zoo[0]], tmp_path, log=lambda m: None)
    sources = [{p.relative_to(d): p.read_text() for p in (d / zoo[0] / "src").rglob("*.rs")}
               for d in (model, zoo[1]["SmolLM2-135M"])]
    assert not formatted_here or sources[0] != sources[1]
    rec = run_program(model, zoo[0], warmup=0, repeat=1, timeout=600, skip=("latency", "training"))
    assert rec.status == "PASS", f"{rec.status} {rec.reason}"
    assert rec.build_s is None and "prebuilt" in rec.build_config


def test_without_cargo_a_changed_crate_is_skipped(zoo, monkeypatch, tmp_path):
    """A binary built from other sources (the crate changed since) is never run in its place."""
    model = tmp_path / "SmolLM2-135M-tiny"
    shutil.copytree(zoo[1]["SmolLM2-135M"], model, ignore=shutil.ignore_patterns("target"))
    main = model / zoo[0] / "src" / "main.rs"
    main.write_text(main.read_text() + "// changed\n")
    monkeypatch.setenv("CARGO_TARGET_DIR", str(cargo.target_dir(zoo[1]["SmolLM2-135M"] / zoo[0])))
    monkeypatch.setattr(cargo.shutil, "which", lambda tool: None)
    rec = run_program(model, zoo[0], warmup=0, repeat=1, timeout=60)
    assert rec.status == "SKIPPED" and rec.reason.startswith("cargo, cc not found")
