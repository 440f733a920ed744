"""Weights: deterministic seeded init and safetensors I/O, including real checkpoints
(HF names, bf16/f16 upcast to f32, tied embeddings)."""
from __future__ import annotations

import fnmatch
import hashlib
from pathlib import Path

import numpy as np
import safetensors
from safetensors.numpy import save_file

from .graph import Graph
from .types import IRError, Param

_NUMPY = {"F64": np.float64, "F32": np.float32, "F16": np.float16, "I64": np.int64,
          "I32": np.int32, "I16": np.int16, "I8": np.int8, "U8": np.uint8, "BOOL": np.bool_}


def seed_of(name: str) -> int:
    """A seed derived from the parameter name: same on every machine and every run."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "little")


def init_param(param: Param) -> np.ndarray:
    shape, rule = param.type.shape, param.init
    rng = np.random.Generator(np.random.PCG64(seed_of(param.name)))
    kind = rule["kind"]
    if kind == "normal":
        return rng.standard_normal(shape, dtype=np.float32) * np.float32(rule["std"])
    if kind == "ones":
        return np.ones(shape, np.float32)
    if kind == "zeros":
        return np.zeros(shape, np.float32)
    if kind == "kaiming_normal":         # torch's kaiming_normal_(mode="fan_out", relu gain)
        fan = shape[0] * int(np.prod(shape[2:])) if rule.get("mode", "fan_out") == "fan_out" \
            else int(np.prod(shape[1:]))
        return rng.standard_normal(shape, dtype=np.float32) * np.float32(np.sqrt(2.0 / fan))
    if kind == "uniform":
        return rng.uniform(-rule["bound"], rule["bound"], shape).astype(np.float32)
    if kind == "sinusoids":              # Whisper's fixed position table [length, channels]: sin | cos
        (length, channels), half = shape, shape[1] // 2
        inv_timescales = np.exp(-np.log(rule.get("max_timescale", 10000.0)) / (half - 1) * np.arange(half))
        angles = np.arange(length)[:, None] * inv_timescales[None, :]
        return np.concatenate([np.sin(angles), np.cos(angles)], axis=1).astype(np.float32)
    raise IRError(f"parameter {param.name}: unknown init rule {rule}")


def init_params(graph: Graph) -> dict[str, np.ndarray]:
    return {name: init_param(p) for name, p in graph.params.items()}


def save_tensors(path: Path, tensors: dict[str, np.ndarray], metadata: dict | None = None) -> None:
    save_file({k: v if v.flags.c_contiguous else v.copy() for k, v in tensors.items()}, str(path), metadata)


def load_tensors(path: Path) -> dict[str, np.ndarray]:
    """Every tensor of a safetensors file; bf16 and f16 become f32."""
    try:
        items = safetensors.deserialize(Path(path).read_bytes())
    except (OSError, safetensors.SafetensorError) as err:
        raise IRError(f"{path}: cannot read safetensors file ({err})") from None
    out = {}
    for name, info in items:
        dtype, shape, data = info["dtype"], info["shape"], info["data"]
        if dtype == "BF16":      # bf16 is the top half of an f32
            arr = (np.frombuffer(data, np.uint16).astype(np.uint32) << 16).view(np.float32)
        elif dtype in _NUMPY:
            arr = np.frombuffer(data, _NUMPY[dtype])
            arr = arr.astype(np.float32) if dtype == "F16" else arr
        else:
            raise IRError(f"{path}: tensor {name} has unsupported dtype {dtype}")
        out[name] = arr.reshape(shape)
    return out


def load_checkpoint(graph: Graph, path: Path, ignore: tuple[str, ...] = (),
                    tied: dict[str, str] | None = None) -> dict[str, np.ndarray]:
    """A real checkpoint (file, or folder of *.safetensors shards) as f32 parameters.

    `ignore`: glob patterns of checkpoint tensors that are not parameters (e.g.
    `*.num_batches_tracked`); `tied`: checkpoint names that duplicate a parameter
    (e.g. `lm_head.weight` -> `model.embed_tokens.weight`), checked and dropped."""
    path = Path(path)
    files = sorted(path.glob("*.safetensors")) if path.is_dir() else [path]
    if not files:
        raise IRError(f"{path}: no .safetensors files found")
    found: dict[str, np.ndarray] = {}
    for file in files:
        found.update(load_tensors(file))
    tied = tied or {}
    out = {}
    for name, arr in found.items():
        if any(fnmatch.fnmatchcase(name, pat) for pat in ignore):
            continue
        if name in tied and name not in graph.params:
            twin = found.get(tied[name])
            if twin is not None and not np.array_equal(twin, arr):
                raise IRError(f"{path}: {name} should be tied to {tied[name]} but differs from it")
            continue
        if name not in graph.params:
            raise IRError(f"{path}: tensor {name} {list(arr.shape)} is not a parameter of {graph.name}")
        want = graph.params[name].type
        if arr.shape != want.shape:
            raise IRError(f"{path}: tensor {name} has shape {list(arr.shape)}, {graph.name} wants {list(want.shape)}")
        out[name] = np.asarray(arr, np.float32)
    missing = [n for n in graph.params if n not in out]
    if missing:
        raise IRError(f"{path}: missing {len(missing)} parameter(s) of {graph.name}: {', '.join(missing[:5])}"
                      + (" ..." if len(missing) > 5 else ""))
    return out
