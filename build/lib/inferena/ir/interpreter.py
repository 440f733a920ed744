"""The NumPy reference interpreter: runs any graph (forward or backward) in float64 by
default, float32 on request. It is the oracle every framework is verified against."""
from __future__ import annotations

import numpy as np

from .builder import describe
from .graph import Graph
from .registry import OPS
from .types import DTYPES, IRError


def run(graph: Graph, feeds: dict[str, np.ndarray], dtype=np.float64,
        outputs: list[str] | None = None) -> dict[str, np.ndarray]:
    """Evaluate `graph` on `feeds` (inputs and parameters by name); float values are
    computed in `dtype`. Returns the requested outputs (all by default)."""
    wanted = {k: graph.outputs[k] for k in (outputs or graph.outputs)}
    env: dict[str, np.ndarray] = {}
    for name, t in {**graph.inputs, **{n: p.type for n, p in graph.params.items()}}.items():
        if name not in feeds:
            raise IRError(f"{graph.name}: no value given for {name} {t}")
        arr = np.asarray(feeds[name])
        if arr.shape != t.shape:
            raise IRError(f"{graph.name}: {name} has shape {list(arr.shape)}, graph wants {t}")
        env[name] = arr.astype(dtype if t.is_float else DTYPES[t.dtype], copy=False)
    last_use = {v: i for i, node in enumerate(graph.nodes) for v in node.inputs}
    keep = set(wanted.values())
    for i, node in enumerate(graph.nodes):
        try:
            result = OPS[node.op].ref(*(env[v] for v in node.inputs), **node.attrs)
        except (ValueError, IndexError, FloatingPointError) as err:
            raise IRError(f"{graph.name}: {describe(graph, node)} failed: {err}") from None
        for name, arr in zip(node.outputs, result if isinstance(result, tuple) else (result,)):
            arr = np.asarray(arr)
            env[name] = arr.astype(dtype, copy=False) if arr.dtype.kind == "f" else arr
        for v in node.inputs:
            if last_use[v] == i and v not in keep:
                env.pop(v, None)
    return {k: env[v] for k, v in wanted.items()}
