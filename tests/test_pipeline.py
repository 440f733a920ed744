"""End to end on the tiny SmolLM2: gen writes everything, run verifies every row; bad input
gives one clear message and leaves nothing behind; one program's failure spares the rest."""
from __future__ import annotations

import json
import statistics

import numpy as np
import pytest

import inferena.ir as ir
from inferena.runner.cli import main
from inferena.runner.execute import find_programs, run_program
from inferena.runner.generate import generate
from test_weights import MODEL, write_bf16_checkpoint

pytest.importorskip("torch")
FILES = {"graph.json", "weights.safetensors", "inputs.safetensors", "reference.safetensors", "manifest.json"}


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return generate("SmolLM2-135M", "tiny", out_root=tmp_path_factory.mktemp("gen"), log=lambda m: None)


def run(model_dir, framework, **kw):
    return run_program(model_dir, framework, warmup=1, repeat=2, timeout=300, **kw)


def test_gen_writes_the_promised_layout(tiny):
    assert FILES <= {p.name for p in tiny.iterdir()}
    manifest = json.loads((tiny / "manifest.json").read_text())
    assert manifest["parameters"] == MODEL.graphs("tiny")["full"].param_count()
    ref = ir.load_tensors(tiny / "reference.safetensors")
    assert {"logits", "loss", "latency.logits"} <= set(ref)
    assert {k for k in ref if k.startswith("grad.")} == {f"grad.{p}" for p in MODEL.graphs("tiny")["full"].params}
    assert ref["logits"].dtype == np.float64
    assert (tiny / "pytorch" / "model.py").exists() and (tiny / "pytorch" / "harness.py").exists()


@pytest.mark.parametrize("framework", ["pytorch", "canonical"])
def test_tiny_model_passes(tiny, framework):
    if framework == "canonical":
        pytest.importorskip("transformers")
    rec = run(tiny, framework)
    assert rec.status == "PASS", rec.reason
    assert None not in (rec.compile_s, rec.inference_ms, rec.latency_ms, rec.training_ms)
    assert rec.autodiff == "native" and rec.output_rel_l2 < 1e-4 and rec.grad_rel_l2 < 1e-3
    assert rec.loss == pytest.approx(rec.loss_ref, rel=1e-4)
    assert rec.spread["training"]["min"] <= rec.training_ms <= rec.spread["training"]["max"]


def test_processes_keep_every_sample(tiny):
    """--processes N: each program runs in N fresh processes; medians pool every sample."""
    rec = run(tiny, "pytorch", processes=2)
    assert rec.status == "PASS", rec.reason
    for m in ("inference", "latency", "training"):
        spread = rec.spread[m]
        assert spread["processes"] == 2 and [len(s) for s in spread["samples"]] == [2, 2]
        assert getattr(rec, f"{m}_ms") == statistics.median(spread["samples"][0] + spread["samples"][1])
    assert len(rec.spread["compile"]["samples"]) == 2


def test_checkpoint_run_passes(tmp_path):
    graph = MODEL.graphs("tiny")["full"]
    stored = write_bf16_checkpoint(tmp_path / "ckpt.safetensors", ir.init_params(graph))
    out = generate("SmolLM2-135M", "tiny", ["pytorch"], tmp_path / "gen", tmp_path / "ckpt.safetensors",
                   log=lambda m: None)
    weights = ir.load_tensors(out / "weights.safetensors")
    assert all(np.array_equal(weights[k], stored[k]) for k in graph.params)
    assert run(out, "pytorch").status == "PASS"


def test_failed_gen_leaves_nothing(tmp_path):
    (tmp_path / "bad.safetensors").write_bytes(b"garbage")
    with pytest.raises(ir.IRError, match="bad.safetensors"):
        generate("SmolLM2-135M", "tiny", out_root=tmp_path / "gen", checkpoint=tmp_path / "bad.safetensors",
                 log=lambda m: None)
    assert not (tmp_path / "gen").exists()       # the checkpoint fails before any file is written


def test_one_broken_program_does_not_stop_the_others(tiny, tmp_path):
    broken = tmp_path / "copy"
    import shutil
    shutil.copytree(tiny, broken)
    (broken / "pytorch" / "model.py").write_text("raise RuntimeError('boom')\n")
    records = {f: run(d, f) for d, f in find_programs(broken, None)}
    assert records["pytorch"].status == "ERROR" and "boom" in records["pytorch"].reason
    if "canonical" in records and records["canonical"].status != "SKIPPED":
        assert records["canonical"].status == "PASS"


def test_killed_program_names_the_signal(tiny, tmp_path):
    """A program the kernel kills (the OOM killer sends SIGKILL) gets a reason, not `exit code -9`."""
    import shutil
    killed = tmp_path / "killed"
    shutil.copytree(tiny, killed)
    (killed / "pytorch" / "model.py").write_text("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n")
    rec = run(killed, "pytorch")
    assert rec.status == "ERROR" and rec.reason.startswith("killed by SIGKILL (out of memory?)")


@pytest.mark.parametrize("framework", ["pytorch", "jax", "onnxruntime"])
def test_a_missing_device_is_skipped_with_its_cause(tiny, framework):
    """--device cuda on a machine the framework sees no GPU on: SKIPPED, and the row says why."""
    pytest.importorskip({"pytorch": "torch", "jax": "jax", "onnxruntime": "onnxruntime"}[framework])
    rec = run(tiny, framework, device="cuda")
    if rec.status != "SKIPPED":
        pytest.skip(f"{framework} runs on a GPU here ({rec.status})")
    assert "--device cuda" in rec.reason, rec.reason


@pytest.mark.parametrize("framework, device", [("pytorch", "vulkan"), ("candle", "cuda"), ("luminal", "vulkan")])
def test_a_device_the_framework_has_no_backend_for_is_skipped_before_building(tiny, framework, device):
    rec = run(tiny, framework, device=device)
    assert rec.status == "SKIPPED" and rec.build_s is None
    assert rec.reason.startswith(f"{rec.display} has no --device {device} backend in inferena (it runs on cpu"), rec.reason


def test_timeout_is_reported(tiny):
    rec = run_program(tiny, "pytorch", warmup=1, repeat=1, timeout=0.01)
    assert rec.status == "ERROR" and "timed out" in rec.reason


@pytest.mark.parametrize("argv, message", [
    (["gen", "--model", "NoSuchModel"], "unknown model 'NoSuchModel'"),
    (["gen", "--config", "huge"], "has no config 'huge'"),
    (["run", "/nonexistent/generated"], "no such folder"),
    (["report", "/nonexistent/results.json"], "not an inferena results file"),
])
def test_cli_errors_are_one_clear_line(argv, message, capsys):
    assert main(argv) == 2
    out = capsys.readouterr().out
    assert message in out and "Traceback" not in out


def test_cli_models_lists_parameter_counts(capsys):
    assert main(["models"]) == 0
    assert "134,515,008" in capsys.readouterr().out


def test_cli_run_writes_reports(tiny, tmp_path, capsys):
    assert main(["run", str(tiny / "pytorch"), "--warmup", "0", "--repeat", "1",
                 "--json", str(tmp_path / "r.json")]) == 0
    doc = json.loads((tmp_path / "r.json").read_text())
    (rec,) = doc["records"]
    assert rec["framework"] == "pytorch" and rec["status"] == "PASS"
    for key in ("model", "config", "framework_version", "backend", "status", "reason", "compile_s",
                "inference_ms", "latency_ms", "training_ms", "loss", "loss_ref", "output_rel_l2",
                "output_max_abs", "grad_rel_l2", "autodiff"):
        assert key in rec
    assert (tmp_path / "r.png").stat().st_size > 0
    md = (tmp_path / "r.md").read_text()
    assert "| Platform | Framework | Compile (s) | Inference (ms) | Latency (ms) | Training (ms) | Loss |" in md
    assert main(["report", str(tmp_path / "r.json"), "--out", str(tmp_path / "RESULTS.md")]) == 0
    page = (tmp_path / "RESULTS.md").read_text()
    assert page.startswith("# Results") and "### SmolLM2-135M (tiny config)" in page
    assert f"| {doc['platform']} | PyTorch" in page
