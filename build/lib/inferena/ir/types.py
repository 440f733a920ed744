"""Tensor types, values, nodes, parameters and the error every IR check raises."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

DTYPES = {"f32": np.float32, "f64": np.float64, "i64": np.int64, "bool": np.bool_}
FLOAT_DTYPES = ("f32", "f64")


class IRError(Exception):
    """A problem in a model definition, a graph file or a checkpoint, said in one message."""


@dataclass(frozen=True)
class TensorType:
    shape: tuple[int, ...]
    dtype: str = "f32"

    def __post_init__(self):
        if self.dtype not in DTYPES:
            raise IRError(f"unknown dtype {self.dtype!r} (known: {', '.join(DTYPES)})")
        if any(not isinstance(d, int) or d < 0 for d in self.shape):
            raise IRError(f"bad shape {list(self.shape)}: dimensions must be non-negative ints")

    @property
    def rank(self) -> int:
        return len(self.shape)

    @property
    def size(self) -> int:
        return int(np.prod(self.shape, dtype=np.int64))

    @property
    def is_float(self) -> bool:
        return self.dtype in FLOAT_DTYPES

    def __str__(self) -> str:
        return f"{self.dtype}{list(self.shape)}"


@dataclass(frozen=True)
class Value:
    """A named SSA value as model code holds it."""
    name: str
    type: TensorType

    @property
    def shape(self) -> tuple[int, ...]:
        return self.type.shape

    @property
    def dtype(self) -> str:
        return self.type.dtype


@dataclass
class Node:
    op: str
    inputs: list[str]
    outputs: list[str]
    attrs: dict[str, Any] = field(default_factory=dict)
    block: str = ""          # innermost block scope path, "" for the graph's root
    source: str = ""         # model source line that created the node


@dataclass
class Param:
    """A weight of the model. Non-trainable ones (BatchNorm running statistics) are loaded
    like the others but get no gradient: frameworks hold them as buffers."""
    name: str
    type: TensorType
    init: dict[str, Any] = field(default_factory=lambda: {"kind": "normal", "std": 0.02})
    trainable: bool = True
