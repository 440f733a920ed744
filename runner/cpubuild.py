"""How the runner builds compiled programs for the CPU it runs on (`inferena run --cpu-build`).

`native` (the default) is what each framework's best users do on CPU: Rust crates compiled for
this processor (`-C target-cpu=native`) with the `gemm` crate's AVX-512 (x86-v4) kernels where
the CPU has AVX-512 (Candle and Burn's Flex multiply through gemm), and GGML programs linked
against a ggml built here from its PyPI source with -march=native, llamafile's sgemm and
OpenMP (`make ggml-native`; `make ggml-native GGML_CUDA=ON` adds the CUDA backend
for `--device cuda`). `portable` is the configuration before: x86-64 baseline Rust,
gemm's AVX2 kernels, and the prebuilt AVX2 libggml-python wheel. Each row names the
configuration it was built with (Record.build_config), so the two can be compared."""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

CONFIGS = ("native", "portable")
AVX512 = {"avx512f", "avx512bw", "avx512cd", "avx512dq", "avx512vl"}      # gemm's x86-v4 needs these
GEMM_FEATURE = "avx512"          # the feature generated Cargo.toml files declare (templates/rust)


def cpu_flags() -> set[str]:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("flags"):
                return set(line.split(":", 1)[1].split())
    except OSError:
        pass
    return set()


def ggml_native_prefix() -> Path:
    """Where `make ggml-native` installs ggml (include/, lib64/): beside this interpreter's venv,
    or $INFERENA_GGML_NATIVE."""
    return Path(os.environ.get("INFERENA_GGML_NATIVE") or Path(sys.prefix) / "ggml-native")


@dataclass(frozen=True)
class CargoBuild:
    args: list[str] = field(default_factory=list)        # extra `cargo build` arguments
    env: dict[str, str] = field(default_factory=dict)    # extra environment
    description: str = ""
    target_dir: Path = Path("target")                    # where its binaries go
    features: tuple[str, ...] = ()


def cargo_build(config: str, crate: Path, target_dir: Path, device: str = "cpu") -> CargoBuild:
    """The cargo arguments and environment of `config` for one crate of the workspace whose
    target dir is `target_dir`; portable builds use a target dir of their own, so switching
    configurations never rebuilds the other's dependencies. A crate that declares a feature
    named as the device (Burn: vulkan, cuda) is built with it."""
    manifest = (crate / "Cargo.toml").read_text()
    features = [device] if device != "cpu" and f"\n{device} = " in manifest else []
    declares = f"\n{GEMM_FEATURE} = " in manifest and not features      # gemm multiplies on the CPU only
    if config == "portable":
        portable = target_dir.with_name(target_dir.name + "-portable")
        return CargoBuild(["--target-dir", str(portable), *feature_args(features)], {},
                          "portable: x86-64 baseline" + (", gemm AVX2" if declares else ""), portable,
                          tuple(features))
    flags = " ".join(filter(None, [os.environ.get("RUSTFLAGS", ""), "-C target-cpu=native"]))
    avx512 = declares and AVX512 <= cpu_flags()
    gemm = ("gemm AVX-512" if avx512 else "gemm AVX2: no AVX-512 on this CPU") if declares else ""
    features += [GEMM_FEATURE] * avx512
    return CargoBuild(feature_args(features), {"RUSTFLAGS": flags},
                      ", ".join(filter(None, ["target-cpu=native", gemm])), target_dir, tuple(features))


def feature_args(features: list[str]) -> list[str]:
    return ["--features", ",".join(features)] if features else []


def make_variables(config: str) -> tuple[list[str], str]:
    """`make` variables of `config` for the C (GGML) programs and what they build against."""
    prefix = ggml_native_prefix()
    if config == "portable":
        return [], "portable: prebuilt libggml-python wheel (AVX2)"
    if not (prefix / "include" / "ggml.h").exists():
        return [], f"prebuilt libggml-python wheel (AVX2): no native ggml in {prefix} (make ggml-native)"
    described = prefix / "BUILD"            # what `make ggml-native` built (with CUDA, say)
    return [f"GGML={prefix}"], (described.read_text().strip() if described.exists() else
                                "ggml built here: -march=native, llamafile sgemm, OpenMP")
