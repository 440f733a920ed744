"""`inferena check` (what runs here, the fix for each missing part, make bench's time) and the
estimates behind it and behind `inferena run`'s ETA."""
from __future__ import annotations

import pytest

from inferena.emitters import EMITTERS
from inferena.models import DEFAULT_MODEL, get_model
from inferena.runner import check, estimate
from inferena.runner.cli import main
from inferena.runner.sampling import Sampling


def test_check_names_every_framework_and_the_time_of_make_bench(capsys):
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    model = get_model(DEFAULT_MODEL)
    assert all(name in out for name, e in EMITTERS.items() if e.available(model))
    assert "`make bench` now: ~" in out and "measured on a 2-core machine" in out


def test_each_missing_part_has_the_command_that_fixes_it(monkeypatch, tmp_path):
    monkeypatch.setattr(check.shutil, "which", lambda tool: None)
    monkeypatch.setattr(check, "_importable", lambda module: False)
    monkeypatch.setattr(check, "has_vulkan", lambda: False)
    monkeypatch.delenv("CARGO_TARGET_DIR", raising=False)
    monkeypatch.setenv("INFERENA_GGML_NATIVE", str(tmp_path / "no-native-ggml"))     # else the wheel is not needed
    found = {f.framework: f for f in check.findings(DEFAULT_MODEL, "full", tmp_path)}
    assert not any(f.ready for f in found.values())
    (pip,) = found["pytorch"].fixes
    assert "pip install" in pip and "'inferena[pytorch]'" in pip
    assert list(found["candle"].fixes) == [check.RUSTUP[0], check.C_TOOLS[0]]
    assert "make vulkan" in found["meganeura"].fixes
    assert found["ggml"].missing == ["libggml (Python)", "cc", "make"]
    assert found["llamacpp"].setup_s >= check.INSTALL_S["llamacpp"]
    assert "not built yet" in found["burn"].notes[0]       # no target dir under tmp_path
    assert check.bench_s(list(found.values()), 49, fixed=False) == 49
    rust = [found["candle"], found["burn"]]                # rustup once for both
    assert check.bench_s(rust, 0, fixed=True) == pytest.approx(
        sum(f.row_s + f.cold_s for f in rust) + check.RUSTUP[1] + check.C_TOOLS[1])


def test_a_measured_row_is_estimated_from_its_steps():
    measured = estimate.measured_rows().get(("SmolLM2-135M", "full", "pytorch", False))
    if measured is None:
        pytest.skip("no benchmarks/ JSON with that row")
    steps = estimate.steps_s(measured)
    quick, slow = Sampling(budget=0.1), Sampling(budget=10)
    assert estimate.row_s("SmolLM2-135M", "full", "pytorch", slow) > estimate.row_s("SmolLM2-135M", "full", "pytorch", quick)
    assert estimate.row_s("SmolLM2-135M", "full", "pytorch", quick) >= sum(4 * s for s in steps)


def test_eta_scales_the_rows_left_by_the_rows_done(monkeypatch):
    now = [100.0]
    monkeypatch.setattr(estimate.time, "perf_counter", lambda: now[0])
    eta = estimate.Eta([10.0, 10.0, 20.0])
    assert eta.left_s() == 40.0                     # nothing done: the estimates
    now[0] += 20.0                                  # the first row took twice its estimate
    assert eta.row_done() == {"left_s": 60.0, "at": 120.0}
    now[0] += 5.0
    assert eta.row_done()["left_s"] == pytest.approx(20.0 * 25.0 / 20.0)


def test_eta_column_counts_down(monkeypatch):
    now = [50.0]
    monkeypatch.setattr(estimate.time, "perf_counter", lambda: now[0])
    task = type("Task", (), {"fields": {"left_s": 125.0, "at": 45.0}})()
    assert str(estimate.EtaColumn().render(task)) == "ETA 2:00"
    assert estimate.clock(3725) == "1:02:05" and check.duration(3725) == "1 h 02 min"
