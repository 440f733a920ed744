"""Weights: deterministic seeded init and safetensors I/O, including real checkpoints
(HF names, bf16/f16 upcast and f64 rounded to f32, tied embeddings; any other dtype, a
NaN/Inf, a wrong shape, a missing or an unexpected tensor is an IRError naming it)."""
from __future__ import annotations

import fnmatch
import hashlib
from pathlib import Path

import numpy as np
import safetensors
from safetensors.numpy import save_file

from .graph import Graph
from .types import DTYPES, IRError, Param, TensorType

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


def check_tensors(path: Path) -> None:
    """Raise IRError unless `path` is a complete safetensors file (reads only its header)."""
    try:
        with safetensors.safe_open(str(path), framework="numpy") as handle:
            handle.keys()
    except (OSError, safetensors.SafetensorError) as err:
        raise IRError(f"{path}: cannot read safetensors file ({err})") from None


def load_checkpoint(graph: Graph, path: Path, ignore: tuple[str, ...] = (),
                    tied: dict[str, str] | None = None) -> dict[str, np.ndarray]:
    """A real checkpoint (file, or folder of *.safetensors shards) as f32 parameters.

    `ignore`: glob patterns of checkpoint tensors that are not parameters (e.g.
    `*.num_batches_tracked`); `tied`: checkpoint names that duplicate a parameter
    (e.g. `lm_head.weight` -> `model.embed_tokens.weight`), checked and dropped."""
    path = Path(path)
    if not path.exists():
        raise IRError(f"{path}: no such checkpoint file or folder")
    files = sorted(path.glob("*.safetensors")) if path.is_dir() else [path]
    if not files:
        raise IRError(f"{path}: no .safetensors files found")
    found: dict[str, np.ndarray] = {}
    for file in files:
        shard = load_tensors(file)
        twice = sorted(set(shard) & set(found))
        if twice:
            raise IRError(f"{file}: {_some(twice)} also in an earlier shard of {path}")
        found.update(shard)
    tied = tied or {}
    out, unexpected = {}, []
    for name, arr in found.items():
        if any(fnmatch.fnmatchcase(name, pat) for pat in ignore):
            continue
        if name in tied and name not in graph.params:
            twin = found.get(tied[name])
            if twin is not None and not np.array_equal(twin, arr):
                raise IRError(f"{path}: {name} should be tied to {tied[name]} but differs from it")
            continue
        if name not in graph.params:
            unexpected.append(f"{name} {list(arr.shape)}")
            continue
        out[name] = _as_param(path, name, arr, graph.params[name].type, graph.name)
    if unexpected:
        verb = "is not a parameter" if len(unexpected) == 1 else "are not parameters"
        raise IRError(f"{path}: {_some(sorted(unexpected))} {verb} of {graph.name} (nor matched by the model's "
                      "checkpoint_ignore)")
    missing = [n for n in graph.params if n not in out]
    if missing:
        raise IRError(f"{path}: missing {len(missing)} parameter(s) of {graph.name}: {_some(missing)}")
    return out


def _as_param(path: Path, name: str, arr: np.ndarray, want: TensorType, graph: str) -> np.ndarray:
    """A checkpoint tensor as the parameter's dtype: any float (bf16, f16, f32, f64) is rounded to
    an f32 parameter; integers and bools are refused, as are NaN and Inf (before or after rounding)."""
    if arr.shape != want.shape:
        raise IRError(f"{path}: tensor {name} has shape {list(arr.shape)}, {graph} wants {list(want.shape)}")
    target = DTYPES[want.dtype]
    if (arr.dtype.kind == "f") != (np.dtype(target).kind == "f"):
        raise IRError(f"{path}: tensor {name} has dtype {arr.dtype}, {graph} wants {want.dtype} "
                      "(floating checkpoints of any width are converted, other dtypes are not)")
    with np.errstate(over="ignore"):
        value = np.asarray(arr, target)
    if value.dtype.kind == "f" and not np.all(np.isfinite(value)):
        bad = int(np.size(value) - np.count_nonzero(np.isfinite(value)))
        raise IRError(f"{path}: tensor {name} has {bad} NaN/Inf value(s)"
                      + (f" as {want.dtype}" if np.all(np.isfinite(arr)) else ""))
    return value


def _some(names: list[str], most: int = 5) -> str:
    return ", ".join(names[:most]) + (f" and {len(names) - most} more" if len(names) > most else "")
