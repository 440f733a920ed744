"""How compiled programs are built for this CPU (runner/cpubuild.py): native by default, the
earlier portable configuration on request, each naming itself in the row."""
from __future__ import annotations

from pathlib import Path

import pytest

from inferena.runner import cpubuild

GEMM_CRATE = '[dependencies]\ngemm = { version = "=0.19.0", optional = true }\n\n[features]\navx512 = ["dep:gemm"]\n'


def crate(tmp_path: Path, toml: str) -> Path:
    (tmp_path / "Cargo.toml").write_text(toml)
    return tmp_path


@pytest.mark.parametrize("flags, wanted", [(cpubuild.AVX512 | {"avx2"}, True), ({"avx2", "avx512f"}, False)])
def test_native_cargo_enables_avx512_gemm_only_where_the_cpu_has_it(tmp_path, monkeypatch, flags, wanted):
    monkeypatch.setattr(cpubuild, "cpu_flags", lambda: flags)
    monkeypatch.setenv("RUSTFLAGS", "-C debuginfo=0")
    build = cpubuild.cargo_build("native", crate(tmp_path, GEMM_CRATE), tmp_path / "target")
    assert (build.args == ["--features", "avx512"]) == wanted
    assert build.env["RUSTFLAGS"] == "-C debuginfo=0 -C target-cpu=native"      # the user's flags kept
    assert build.description == "target-cpu=native, " + ("gemm AVX-512" if wanted else
                                                         "gemm AVX2: no AVX-512 on this CPU")


def test_crates_without_gemm_build_native_without_the_feature(tmp_path, monkeypatch):
    monkeypatch.setattr(cpubuild, "cpu_flags", lambda: cpubuild.AVX512)
    build = cpubuild.cargo_build("native", crate(tmp_path, "[dependencies]\n"), tmp_path / "target")
    assert build.args == [] and build.description == "target-cpu=native"


def test_a_crate_is_built_with_the_feature_named_as_its_device(tmp_path, monkeypatch):
    """Burn declares `vulkan` (its wgpu backend) and `cuda`: `--device vulkan` builds with the first
    (and without gemm's AVX-512 kernels, which only the CPU backend multiplies with)."""
    monkeypatch.setattr(cpubuild, "cpu_flags", lambda: cpubuild.AVX512)
    burn = crate(tmp_path, GEMM_CRATE + 'vulkan = ["burn/wgpu"]\n')
    vulkan = cpubuild.cargo_build("native", burn, tmp_path / "target", "vulkan")
    assert vulkan.args == ["--features", "vulkan"] and vulkan.description == "target-cpu=native"
    assert cpubuild.cargo_build("native", burn, tmp_path / "target", "cuda").args == ["--features", "avx512"]
    assert cpubuild.cargo_build("portable", burn, tmp_path / "target", "vulkan").args[-2:] == ["--features", "vulkan"]


def test_portable_cargo_builds_in_a_target_dir_of_its_own(tmp_path):
    build = cpubuild.cargo_build("portable", crate(tmp_path, GEMM_CRATE), tmp_path / "target")
    assert build.args == ["--target-dir", str(tmp_path / "target-portable")] and build.env == {}
    assert build.description == "portable: x86-64 baseline, gemm AVX2"


def test_ggml_native_where_make_ggml_native_installed_it(tmp_path, monkeypatch):
    monkeypatch.setenv("INFERENA_GGML_NATIVE", str(tmp_path))
    variables, description = cpubuild.make_variables("native")
    assert variables == [] and "make ggml-native" in description      # not built: the wheel, saying why
    (tmp_path / "include").mkdir()
    (tmp_path / "include" / "ggml.h").write_text("")
    assert cpubuild.make_variables("native")[0] == [f"GGML={tmp_path}"]
    assert cpubuild.make_variables("portable")[0] == []



def test_compiled_programs_run_once_per_configuration_python_ones_once(tmp_path):
    import json
    from inferena.runner.execute import builds
    frameworks = {"ggml": {"display": "GGML", "requires": [], "program": "c"},
                  "jax": {"display": "JAX", "requires": [], "program": "python"}}
    (tmp_path / "manifest.json").write_text(json.dumps({"model": "M", "config": "tiny", "frameworks": frameworks}))
    assert builds(tmp_path, "ggml", ["native", "portable"]) == ["native", "portable"]
    assert builds(tmp_path, "jax", ["native", "portable"]) == ["native"]
    assert builds(tmp_path / "absent", "ggml", ["portable", "native"]) == ["portable"]   # its ERROR row, once
